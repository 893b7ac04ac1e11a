// The shape of a kernel manifest entry and the helper for portable-reference entries.

import type { Isa } from '../targets/target.js';

export interface KernelSpec {
  /** Source files (relative to runtime-c/kernels) this kernel needs, dependencies first. */
  files: string[];
  /** C symbol of the portable reference; templated kernels (instance set) have none. */
  symbol?: string;
  /** ISA variants: files and symbol per ISA (tried in the target's preference order). */
  variants?: Partial<Record<Isa, { files: string[]; symbol: string }>>;
}

/** A portable-reference kernel `runtime-c/kernels/<family>/<name>__ref.c` with symbol `aotc_<name>__ref`. */
export const ref = (family: string, name: string): KernelSpec => ({
  files: [`${family}/${name}__ref.c`],
  symbol: `aotc_${name}__ref`,
});
