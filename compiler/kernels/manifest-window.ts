// Kernel manifest entries of the window op family.

import type { KernelSpec } from './manifest.js';

export const WINDOW_KERNELS: Record<string, KernelSpec> = {};
