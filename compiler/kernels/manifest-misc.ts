// Kernel manifest entries of the misc op family.

import type { KernelSpec } from './manifest.js';

export const MISC_KERNELS: Record<string, KernelSpec> = {};
