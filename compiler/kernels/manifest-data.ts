// Kernel manifest entries of the data op family.

import type { KernelSpec } from './manifest.js';

export const DATA_KERNELS: Record<string, KernelSpec> = {};
