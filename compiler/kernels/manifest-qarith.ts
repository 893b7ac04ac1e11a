// Kernel manifest entries of the qarith op family.

import type { KernelSpec } from './kernel-spec.js';

const FIXED = 'quant/fixedpoint__ref.h';
const GEMMLOWP = 'quant/gemmlowp__ref.h';
const QIO = 'qarith/qio__ref.h';

/** A qarith kernel file with the headers it needs first. */
const q = (name: string, headers: string[]): KernelSpec => ({
  files: [...headers, `qarith/${name}__ref.c`],
  symbol: `aotc_${name}__ref`,
});

/** The same, with Cortex-M variants `qarith/<name>__<isa>.c` (each falls back to the ref outside its fast cases). */
const qv = (name: string, headers: string[], isas: ('dsp' | 'mve')[]): KernelSpec => ({
  ...q(name, headers),
  variants: Object.fromEntries(isas.map((i) => [i, { files: [`qarith/${name}__${i}.c`], symbol: `aotc_${name}__${i}` }])),
});

export const QARITH_KERNELS: Record<string, KernelSpec> = {
  qadd_sub: qv('qaddsub', [FIXED, QIO], ['dsp', 'mve']),
  qmul: qv('qmul', [FIXED, QIO], ['dsp', 'mve']),
  qsoftmax: q('qsoftmax', [FIXED, GEMMLOWP, QIO]),
  qlogistic: q('qlogistic', [FIXED, GEMMLOWP, QIO]),
  qtanh: q('qtanh', [FIXED, GEMMLOWP, QIO]),
  qrelu: q('qrelu', [FIXED, QIO]),
  qleaky_relu: q('qleaky_relu', [FIXED, QIO]),
  qhard_swish: q('qhard_swish', [QIO]),
  qmean: q('qmean', [FIXED, QIO]),
  quantize_f32: q('quantize_f32', [QIO]),
  qrequantize: q('qrequantize', [FIXED, QIO]),
  qdequantize: q('qdequantize', [QIO]),
};
