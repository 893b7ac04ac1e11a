// Kernel manifest entries of the reduce op family.

import type { KernelSpec } from './manifest.js';

export const REDUCE_KERNELS: Record<string, KernelSpec> = {};
