// Kernel manifest entries of the misc op family.

import { ref, type KernelSpec } from './kernel-spec.js';

export const MISC_KERNELS: Record<string, KernelSpec> = {
  onehot: ref('misc', 'onehot'),
  cumsum: ref('misc', 'cumsum'),
  pad_gather: ref('pad', 'pad_gather'),
  resize_f32: ref('resize', 'resize_f32'),
};
