// Quantized-kernel parameters of the NHWC ops, computed at compile time exactly as TFLite Micro's Prepare does.

import { getElem, type DType, type NumArray } from '../ir/dtype.js';
import { numel, type Quant, type Value } from '../ir/graph.js';
import { A, type CArg } from '../kernels/call.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/multiplier.js';
import type { OpCtx } from './op-def.js';

/** Constant int32 words derived from the weights (packed weights, folded biases): placed in the weights blob. */
export const weightWords = (words: readonly number[]) => A.weights('int32', Int32Array.from(words));

/** Kernel flavour: float32, int8 (8-bit activations and weights) or int16x8 (16-bit activations, 8-bit weights). */
export type NhwcKind = 'f32' | 's8' | 's16';

const KIND_OF: Partial<Record<DType, NhwcKind>> = { float32: 'f32', int8: 's8', int16: 's16' };
const RANGE: Record<'s8' | 's16', [number, number]> = { s8: [-128, 127], s16: [-32768, 32767] };

/** Dtype rules of Conv2DNhwc / FullyConnected: x (0), weights (1), optional bias (2) with `oc` elements. */
export function weightedKind(c: OpCtx, oc: number): NhwcKind {
  const kind = KIND_OF[c.requireDType(0, ['float32', 'int8', 'int16'])]!;
  c.requireDType(1, kind === 'f32' ? ['float32'] : ['int8']);
  if (c.hasInput(2)) {
    c.requireDType(2, kind === 'f32' ? ['float32'] : kind === 's8' ? ['int32'] : ['int64', 'int32']);
    if (numel(c.shape(2)) !== oc) c.fail('AOTC0013', `bias has ${numel(c.shape(2))} elements, expected ${oc}`);
  }
  return kind;
}

/** Dtype rule of the pools: float32, int8 or int16 in and out. */
export function poolKind(c: OpCtx): NhwcKind {
  return KIND_OF[c.requireDType(0, ['float32', 'int8', 'int16'])]!;
}

export function quantOf(c: OpCtx, v: Value, what: string): Quant {
  if (!v.quant || v.quant.scale.length === 0 || v.quant.zeroPoint.length === 0) {
    c.fail('AOTC0013', `${what} '${v.name}' (${v.dtype}) has no quantization parameters`);
  }
  return v.quant;
}

function perTensor(c: OpCtx, v: Value, what: string): { scale: number; zp: number } {
  const q = quantOf(c, v, what);
  if (q.scale.length !== 1) c.fail('AOTC0011', `${what} '${v.name}' is quantized per channel; only per-tensor activations are supported`);
  return { scale: q.scale[0], zp: q.zeroPoint[0] ?? 0 };
}

/** The clamp range in the output's integer domain: attrs act_min/act_max (default: the whole type range). */
export function actRange(c: OpCtx, kind: 's8' | 's16'): [number, number] {
  const [lo, hi] = RANGE[kind];
  const min = c.int('act_min', lo), max = c.int('act_max', hi);
  if (!(lo <= min && min <= max && max <= hi)) c.fail('AOTC0011', `act_min ${min} / act_max ${max} are not an ordered range inside [${lo}, ${hi}]`);
  return [min, max];
}

export interface Requant {
  /** Per output channel: Q31 multiplier and shift (> 0: left), as TFLite QuantizeMultiplier gives them. */
  mult: number[]; shift: number[];
  inZp: number; outZp: number;
  actMin: number; actMax: number;
}

/**
 * Requantization of Conv2DNhwc / FullyConnected as TFLM's Prepare computes it, per output channel (per-tensor weights
 * broadcast): QuantizeMultiplier(double(input_scale) * double(filter_scale) / double(output_scale)). The FullyConnected
 * per-tensor path (GetQuantizedConvolutionMultipler) reads as a float32 product in the TFLM source, but the TFLM
 * runtime used as the oracle computes the exact (double) product: checked bit-exactly by test/ops/nhwc.test.ts.
 */
export function requantParams(c: OpCtx, kind: 's8' | 's16', oc: number): Requant {
  const x = perTensor(c, c.input(0), 'input'), y = perTensor(c, c.output(0), 'output');
  const wq = quantOf(c, c.input(1), 'weights');
  const perChannel = wq.scale.length > 1;
  if (perChannel && (wq.scale.length !== oc || wq.axis !== 0)) {
    c.fail('AOTC0013', `weights have ${wq.scale.length} scales on axis ${wq.axis}; expected 1, or ${oc} on axis 0 (output channels)`);
  }
  if (wq.zeroPoint.some((z) => z !== 0)) c.fail('AOTC0011', 'weights with a non-zero zero point are not supported (TFLite int8 weights are symmetric)');
  const mult: number[] = [], shift: number[] = [];
  for (let i = 0; i < oc; i++) {
    const s = perChannel ? wq.scale[i] : wq.scale[0];
    const q = quantizeMultiplier((x.scale * s) / y.scale);
    mult.push(q.multiplier);
    shift.push(q.shift);
  }
  const [actMin, actMax] = actRange(c, kind);
  return { mult, shift, inZp: x.zp, outZp: y.zp, actMin, actMax };
}

/**
 * Bias with the input offset folded in: bias[o] + inOffset · Σ weights of channel o (int32, wrapping like the kernel's
 * accumulator). Exact because the integer accumulation is exact; padded taps then read the input zero point.
 */
export function foldedBias(bias: NumArray | undefined, w: NumArray, oc: number, inOffset: number): number[] {
  const k = w.length / oc;
  const out: number[] = [];
  for (let o = 0; o < oc; o++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += getElem(w, o * k + i);
    out.push(((bias ? getElem(bias, o) : 0) + inOffset * sum) | 0);
  }
  return out;
}

/**
 * int8 bias/offset arguments: [bias, input offset, padding value]. With constant weights (and bias) the input offset
 * is folded into a constant bias array and padded taps read the input zero point; otherwise the kernel adds the offset.
 */
export function s8BiasArgs(c: OpCtx, oc: number, rq: Requant): [CArg, CArg, CArg] {
  const w = c.constant(1);
  const bias = c.hasInput(2) ? c.constant(2) : undefined;
  if (w && (bias || !c.hasInput(2))) {
    const folded = foldedBias(bias, w, oc, -rq.inZp);
    return [folded.every((b) => b === 0) ? A.null() : weightWords(folded), A.int(0), A.int(rq.inZp)];
  }
  return [c.hasInput(2) ? A.in(2) : A.null(), A.int(-rq.inZp), A.int(0)];
}

/**
 * int16x8 bias arguments: [int32 bias, int64 bias, acc32]. TFLM accumulates in int32 (and requantizes with the int32
 * MultiplyByQuantizedMultiplier) when the bias is int32, or when there is none and attr quantized_bias_type is 'int32';
 * otherwise in int64 with the reduced-multiplier int64 variant.
 */
export function s16BiasArgs(c: OpCtx): [CArg, CArg, CArg] {
  if (c.hasInput(2)) return c.dtype(2) === 'int32' ? [A.in(2), A.null(), A.int(1)] : [A.null(), A.in(2), A.int(0)];
  return [A.null(), A.null(), A.int(c.str('quantized_bias_type', 'int64') === 'int32' ? 1 : 0)];
}

/** Constant int8 weights and the bias with the input offset folded in, or null when either is not a compile-time constant. */
export function constFolded(c: OpCtx, oc: number, rq: Requant): { w: NumArray; bias: number[] } | null {
  const w = c.constant(1);
  const bias = c.hasInput(2) ? c.constant(2) : undefined;
  if (!w || (c.hasInput(2) && !bias)) return null;
  return { w, bias: foldedBias(bias, w, oc, -rq.inZp) };
}

/** Largest |accumulator| per output channel: |bias| + 128 · Σ|w| (inputs and padded taps are int8). */
export function accBounds(w: NumArray, oc: number, bias: number[]): number[] {
  const k = w.length / oc;
  return bias.map((b, o) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(Number(getElem(w, o * k + i)));
    return Math.abs(b) + 128 * s;
  });
}

/**
 * The output of a channel when it is the same for every accumulator it can reach (|bias| plus the products' bound
 * `bound - |bias|` on either side, without int32 wrap-around), else null: requantization is monotonic, so the two ends
 * decide. Typical for the dead channels of pruned models (zero multiplier, or a shift of 31 with a huge bias).
 */
function constantOutput(rq: Requant, o: number, bias: number, bound: number): number | null {
  const p = bound - Math.abs(bias);
  if (Math.abs(bias) + p >= 2 ** 31) return null;
  const out = (acc: number) => Math.min(rq.actMax, Math.max(rq.actMin, multiplyByQuantizedMultiplier(acc, rq.mult[o]!, rq.shift[o]!) + rq.outZp));
  const lo = out(bias - p);
  return lo === out(bias + p) ? lo : null;
}

/** Per channel: its constant output (see constantOutput) or null. */
export function constantChannels(rq: Requant, bias: number[], bounds: number[]): (number | null)[] {
  return bias.map((b, o) => constantOutput(rq, o, b, bounds[o]!));
}

/**
 * Per-channel records of the DSP kernels' requantization (see conv_s8_core__dsp.h): {bias, m, B, e} with
 * B = 2^(e-1) + zp · 2^e for the SMMLAR form, when the channel shifts right by e = 1..22 and its accumulator stays
 * below 2^30 in magnitude (`bounds`; then the doubled accumulator and B + the product fit int32 and the result is
 * exact); a channel whose output is constant c gets the SMMLAR record {0, 0, 2c + 1, 1} (the product is 0 and
 * (2c + 1 - [acc < 0]) >> 1 = c whatever the accumulator); otherwise the generic record {bias, m, shift, 0} (TFLite's
 * MultiplyByQuantizedMultiplier). `scale`: 2 when the kernel's fast channels accumulate doubled (doubled weights and
 * bias), applied to the fast records' bias only.
 */
export function smmlarRecords(rq: Requant, bias: number[], bounds: number[], scale = 1): { prm: number[]; fast: boolean[] } {
  const prm: number[] = [], fast: boolean[] = [];
  for (let o = 0; o < bias.length; o++) {
    const e = -rq.shift[o]!;
    const ok = e >= 1 && e <= 22 && bounds[o]! < 2 ** 30;
    const c = ok ? null : constantOutput(rq, o, bias[o]!, bounds[o]!);
    fast.push(ok || c !== null);
    if (ok) prm.push(scale * bias[o]!, rq.mult[o]!, 2 ** (e - 1) + rq.outZp * 2 ** e, e);
    else if (c !== null) prm.push(0, 0, 2 * c + 1, 1);
    else prm.push(bias[o]!, rq.mult[o]!, rq.shift[o]!, 0);
  }
  return { prm, fast };
}

/** Per-channel {bias, m, l, ne} of the MVE requantization (exact for every multiplier and shift: see conv_s8_core__mve.h). */
export function mveRecords(rq: Requant, bias: number[]): [number, number, number, number][] {
  return bias.map((b, o) => [b, rq.mult[o]!, Math.max(rq.shift[o]!, 0), Math.min(rq.shift[o]!, 0)]);
}
