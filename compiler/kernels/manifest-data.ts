// Kernel manifest entries of the data op family.

import { ref, type KernelSpec } from './kernel-spec.js';

const withCombine = (name: string): KernelSpec => ({
  files: ['data/scatter_combine__ref.h', `data/${name}__ref.c`],
  symbol: `aotc_${name}__ref`,
});

export const DATA_KERNELS: Record<string, KernelSpec> = {
  strided_copy: ref('data', 'strided_copy'),
  copy_blocks: ref('data', 'copy_blocks'),
  gather: ref('data', 'gather'),
  gather_elements: ref('data', 'gather_elements'),
  gather_nd: ref('data', 'gather_nd'),
  where: ref('data', 'where'),
  trilu: ref('data', 'trilu'),
  scatter_elements: withCombine('scatter_elements'),
  scatter_nd: withCombine('scatter_nd'),
  reverse_sequence: ref('data', 'reverse_sequence'),
};
