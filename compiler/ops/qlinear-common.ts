// Shared rules of the ONNX quantized ops: quantization from (scale, zero point) operands, kernel kinds, ORT's scale math.

import type { DType } from '../ir/dtype.js';
import { numel, type Quant } from '../ir/graph.js';
import { fail } from '../diagnostics/error.js';
import type { OpCtx } from './op-def.js';

/** The 8-bit quantized dtypes of the ONNX ops. */
export const Q8: readonly DType[] = ['int8', 'uint8'];

/** Kind codes of runtime-c/kernels/qonnx/qonnx__ref.h. */
const KIND: Partial<Record<DType, number>> = { int8: 0, uint8: 1, int32: 2 };

export function qonnxKind(c: OpCtx, t: DType): number {
  const k = KIND[t];
  if (k === undefined) c.fail('AOTC0012', `dtype ${t} is not supported by the ONNX quantized kernels (int8, uint8, int32)`);
  return k;
}

/** The integer range of an 8-bit quantized dtype. */
export const q8Range = (t: DType): [number, number] => (t === 'uint8' ? [0, 255] : [-128, 127]);

/** Constant operand `i` as numbers; AOTC0022 when it is not known at compile time. */
export function constNumbers(c: OpCtx, i: number, what: string): number[] {
  const d = c.constant(i);
  if (!d) {
    fail('AOTC0022', `${what} (input ${i}, '${c.input(i).name}') must be known at compile time`,
      { node: c.node.name, op: c.node.op, tensor: c.input(i).name },
      'aotc bakes quantization parameters into the kernels: make it a constant initializer');
  }
  return Array.from(d as ArrayLike<number | bigint>, Number);
}

/**
 * Quantization parameters from a float32 scale operand and an optional zero-point operand (constants). One scale:
 * per tensor; a 1-D scale of `channels` entries: per axis `axis` (normalised by the caller). The zero point's dtype,
 * when present, must be `dtype`.
 */
export function quantOperands(c: OpCtx, scaleIdx: number, zpIdx: number, what: string,
  opts: { axis?: number; channels?: number; dtype?: DType; anyShape?: boolean } = {}): Quant {
  c.requireDType(scaleIdx, ['float32']);
  const scale = constNumbers(c, scaleIdx, `${what} scale`);
  if (scale.length === 0) c.fail('AOTC0013', `${what} scale is empty`);
  if (scale.some((s) => !(s > 0) || !Number.isFinite(s))) c.fail('AOTC0011', `${what} scale [${scale.slice(0, 4)}] must be positive and finite`);
  let zeroPoint = scale.map(() => 0);
  if (c.hasInput(zpIdx)) {
    if (opts.dtype && c.dtype(zpIdx) !== opts.dtype) c.fail('AOTC0013', `${what} zero point has dtype ${c.dtype(zpIdx)}, the data ${opts.dtype}`);
    zeroPoint = constNumbers(c, zpIdx, `${what} zero point`);
    if (zeroPoint.length !== scale.length) c.fail('AOTC0013', `${what} zero point has ${zeroPoint.length} entries, the scale ${scale.length}`);
  }
  if (scale.length > 1) {
    if (!opts.anyShape && c.shape(scaleIdx).length !== 1) c.fail('AOTC0011', `${what} scale of shape [${c.shape(scaleIdx)}]: only per-tensor and 1-D per-axis scales are supported`);
    if (opts.channels !== undefined && scale.length !== opts.channels) {
      c.fail('AOTC0013', `${what} has ${scale.length} scales, expected 1 or ${opts.channels}`);
    }
  }
  return { scale, zeroPoint, axis: scale.length > 1 ? opts.axis ?? 0 : 0 };
}

/** Per-tensor quantization operands (fails clearly on per-axis ones). */
export function tensorQuant(c: OpCtx, scaleIdx: number, zpIdx: number, what: string, dtype?: DType): Quant {
  const q = quantOperands(c, scaleIdx, zpIdx, what, { dtype });
  if (q.scale.length !== 1) c.fail('AOTC0011', `${what} must be quantized per tensor (got ${q.scale.length} scales)`);
  return q;
}

/** Per-channel values of `q` broadcast to `n` entries. */
export const perChannel = (q: Quant, n: number, key: 'scale' | 'zeroPoint'): number[] =>
  q[key].length === 1 ? new Array<number>(n).fill(q[key][0]) : q[key].slice();

/** ORT's requantization scale per output channel: x_scale * w_scale[o] / y_scale in float32, left to right. */
export function ortScales(x: Quant, w: Quant, y: Quant, n: number): number[] {
  const f = Math.fround;
  return perChannel(w, n, 'scale').map((ws) => f(f(f(x.scale[0]) * f(ws)) / f(y.scale[0])));
}

/** outer × channels × inner split of `shape` around `axis` (per-axis kernels). */
export function axisSplit(shape: readonly number[], axis: number): [number, number, number] {
  return [numel(shape.slice(0, axis)), shape[axis] ?? 1, numel(shape.slice(axis + 1))];
}

/** The clamp range in the output's integer domain: aotc attrs act_min/act_max (set by the QDQ pass for fused Relu/Clip). */
export function outRange(c: OpCtx, t: DType): [number, number] {
  const [lo, hi] = q8Range(t);
  const min = c.int('act_min', lo), max = c.int('act_max', hi);
  if (!(lo <= min && min <= max && max <= hi)) c.fail('AOTC0011', `act_min ${min} / act_max ${max} are not an ordered ${t} range`);
  return [min, max];
}

/** Round half to even (ONNX / ONNX Runtime). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v), d = v - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
}

/** ONNX Runtime's quantization of v = value / scale (already divided, float32): clamp, round half to even, + zp. */
export function ortQuantize(v: number, zp: number, [lo, hi]: readonly [number, number]): number {
  if (Number.isNaN(v)) return zp;
  return roundHalfEven(Math.min(hi - zp, Math.max(lo - zp, v))) + zp;
}
