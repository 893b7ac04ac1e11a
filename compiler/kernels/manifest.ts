// The kernel manifest: kernel id → C source file(s) in runtime-c/kernels and symbol, per ISA variant.

import type { Isa } from '../targets/target.js';
import { ref, type KernelSpec } from './kernel-spec.js';

export type { KernelSpec };
import { WINDOW_KERNELS } from './manifest-window.js';
import { DENSE_KERNELS } from './manifest-dense.js';
import { DATA_KERNELS } from './manifest-data.js';
import { MISC_KERNELS } from './manifest-misc.js';
import { REDUCE_KERNELS } from './manifest-reduce.js';
import { NHWC_KERNELS } from './manifest-nhwc.js';
import { QARITH_KERNELS } from './manifest-qarith.js';
import { QONNX_KERNELS } from './manifest-qonnx.js';
import { MCU_POOL_KERNELS } from './manifest-mcu-pool.js';

export const KERNELS: Record<string, KernelSpec> = {
  unary: { files: ['elementwise/elementwise__ref.h'] },
  binary: { files: ['elementwise/elementwise__ref.h'] },
  copy: ref('data', 'copy'),
  conv2d_nchw_f32: ref('conv', 'conv2d_nchw_f32'),
  ...WINDOW_KERNELS, ...DENSE_KERNELS, ...DATA_KERNELS, ...MISC_KERNELS, ...REDUCE_KERNELS, ...NHWC_KERNELS, ...QARITH_KERNELS,
  ...QONNX_KERNELS, ...MCU_POOL_KERNELS,
};

/** Resolve a kernel id for a target's ISA list: files to include and the symbol to call. */
export function resolveKernel(id: string, isa: readonly Isa[]): { files: string[]; symbol?: string; isa: Isa } {
  const spec = KERNELS[id];
  if (!spec) throw new Error(`kernel '${id}' is not in the manifest`);
  for (const i of isa) {
    const v = spec.variants?.[i];
    if (v) return { files: [...spec.files, ...v.files], symbol: v.symbol, isa: i };
  }
  return { files: spec.files, symbol: spec.symbol, isa: 'ref' };
}
