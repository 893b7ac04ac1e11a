// Shared rules of the quantized (TFLite int8/int16) ops: per-tensor quantization parameters, dtype kinds and ranges.

import type { DType } from '../ir/dtype.js';
import type { Value } from '../ir/graph.js';
import { quantizeMultiplier, quantizeMultiplierSmallerThanOne, type QuantizedMultiplier } from '../quant/multiplier.js';
import type { OpCtx, OutType } from './op-def.js';

export interface QParams { scale: number; zeroPoint: number }

/** Kind codes of runtime-c/kernels/qarith/qio__ref.h for kernels serving several integer dtypes. */
export const QKIND: Partial<Record<DType, number>> = { int8: 0, int16: 1, uint8: 2 };

export function qKind(t: DType): number {
  const k = QKIND[t];
  if (k === undefined) throw new Error(`no quantized kind for ${t}`);
  return k;
}

/** The integer range of a quantized dtype. */
export function qRange(t: DType): [number, number] {
  switch (t) {
    case 'int8': return [-128, 127];
    case 'uint8': return [0, 255];
    case 'int16': return [-32768, 32767];
    default: throw new Error(`${t} is not a quantized dtype`);
  }
}

/** Per-tensor quantization of `v` (an operand of c's node): fails clearly when it is missing or per-channel. */
export function qparams(c: OpCtx, v: Value, what: string): QParams {
  const q = v.quant;
  if (!q || q.scale.length === 0) return c.fail('AOTC0013', `${what} '${v.name}' has no quantization parameters`);
  if (q.scale.length !== 1 || q.zeroPoint.length > 1) {
    c.fail('AOTC0011', `${what} '${v.name}' is quantized per channel (${q.scale.length} scales); ${c.op} supports per-tensor quantization only`);
  }
  const scale = Math.fround(q.scale[0]);
  if (!(scale > 0) || !Number.isFinite(scale)) c.fail('AOTC0013', `${what} '${v.name}' has an invalid scale ${q.scale[0]}`);
  const zeroPoint = q.zeroPoint[0] ?? 0;
  if (!Number.isInteger(zeroPoint)) c.fail('AOTC0013', `${what} '${v.name}' has a non-integer zero point ${zeroPoint}`);
  return { scale, zeroPoint };
}

export const inQ = (c: OpCtx, i: number): QParams => qparams(c, c.input(i), `input ${i}`);
export const outQ = (c: OpCtx): QParams => qparams(c, c.output(0), 'output');

/** The output type of a quantized op: `dtype`, `shape` and the output's own (validated) quantization. */
export function quantOut(c: OpCtx, dtype: DType, shape: number[]): OutType {
  outQ(c);
  return { dtype, shape, quant: c.output(0).quant };
}

/** The output dtype the model gives a node whose output dtype is not implied by its inputs (Quantize, QSoftmax). */
export function declaredOutDType(c: OpCtx, allowed: readonly DType[]): DType {
  const t = c.output(0).dtype;
  if (!allowed.includes(t)) c.fail('AOTC0012', `output '${c.output(0).name}' has dtype ${t}; supported: ${allowed.join(', ')}`);
  return t;
}

/** The fused-activation clamp range (attrs act_min/act_max, in the output's integer domain; default: the dtype's range). */
export function actRange(c: OpCtx, t: DType): [number, number] {
  const [lo, hi] = qRange(t);
  const min = c.int('act_min', lo), max = c.int('act_max', hi);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max || min < lo || max > hi) {
    c.fail('AOTC0011', `activation range [${min}, ${max}] is not a valid ${t} range`);
  }
  return [min, max];
}

/** QuantizeMultiplier for a real multiplier that must be in (0, 1) (TFLite QuantizeMultiplierSmallerThanOneExp). */
export function smallMultiplier(c: OpCtx, real: number, what: string): QuantizedMultiplier {
  if (!(real > 0 && real < 1)) c.fail('AOTC0011', `${what} multiplier ${real} is outside (0, 1): TFLite cannot run these quantization parameters`);
  const m = quantizeMultiplierSmallerThanOne(real);
  if (m.shift > 0) c.fail('AOTC0011', `${what} multiplier ${real} rounds up to 1: TFLite cannot run these quantization parameters`);
  return m;
}

/** QuantizeMultiplier for any positive real multiplier (int32 MultiplyByQuantizedMultiplier range: shift <= 30). */
export function anyMultiplier(c: OpCtx, real: number, what: string): QuantizedMultiplier {
  if (!Number.isFinite(real) || real < 0) c.fail('AOTC0011', `${what} multiplier ${real} is not a finite non-negative number`);
  const m = quantizeMultiplier(real);
  if (m.shift > 30) c.fail('AOTC0011', `${what} multiplier ${real} is too large for 32-bit requantization`);
  return m;
}
