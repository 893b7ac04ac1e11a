// Kernel manifest entries of the qarith op family.

import type { KernelSpec } from './kernel-spec.js';

export const QARITH_KERNELS: Record<string, KernelSpec> = {};
