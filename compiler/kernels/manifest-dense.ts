// Kernel manifest entries of the dense op family.

import type { KernelSpec } from './manifest.js';

export const DENSE_KERNELS: Record<string, KernelSpec> = {};
