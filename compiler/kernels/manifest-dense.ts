// Kernel manifest entries of the dense op family (matmul/gemm/einsum templates, normalisations, softmax).

import { ref, type KernelSpec } from './kernel-spec.js';

export const DENSE_KERNELS: Record<string, KernelSpec> = {
  // Macro templates, instantiated per dtype (KernelCall.instance).
  matmul: { files: ['dense/matmul__ref.h'] },
  gemm: { files: ['dense/gemm__ref.h'] },
  einsum: { files: ['dense/einsum__ref.h'] },
  batchnorm_f32: ref('norm', 'batchnorm_f32'),
  instancenorm_f32: ref('norm', 'instancenorm_f32'),
  layernorm_f32: ref('norm', 'layernorm_f32'),
  mvn_f32: ref('norm', 'mvn_f32'),
  lrn_f32: ref('norm', 'lrn_f32'),
  softmax_f32: ref('softmax', 'softmax_f32'),
  log_softmax_f32: ref('softmax', 'log_softmax_f32'),
  hardmax_f32: ref('softmax', 'hardmax_f32'),
};
