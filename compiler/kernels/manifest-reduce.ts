// Kernel manifest entries of the reduce op family (templated kernels: the ops instantiate them per kind and dtype).

import type { KernelSpec } from './kernel-spec.js';

export const REDUCE_KERNELS: Record<string, KernelSpec> = {
  reduce: { files: ['reduce/reduce__ref.h'] },
  reduce_ori: { files: ['reduce/reduce__ref.h'] },
  arg_reduce: { files: ['reduce/arg_reduce__ref.h'] },
  top_k: { files: ['reduce/top_k__ref.h'] },
  loss_log_softmax: { files: ['loss/loss__ref.h'] },
  loss_nll: { files: ['loss/loss__ref.h'] },
};
