// Kernel manifest entries of the nhwc op family.

import type { KernelSpec } from './kernel-spec.js';

export const NHWC_KERNELS: Record<string, KernelSpec> = {};
