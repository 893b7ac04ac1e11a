// FullyConnected: x [N,K] times weights [OUT,K] plus bias, float32 / int8 / int16x8 (TFLM); also 1×1 Conv2DNhwc's kernel.

import { getElem, type NumArray } from '../ir/dtype.js';
import { A, type CArg, type KernelCall } from '../kernels/call.js';
import type { TargetInfo } from '../targets/target.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';
import {
  accBounds, constantChannels, constFolded, mveRecords, requantParams, s16BiasArgs, s8BiasArgs, smmlarRecords, weightedKind, type NhwcKind, type Requant,
  weightWords,
} from './nhwc-quant.js';

const word = (b0: number, b1: number, b2: number, b3: number): number => ((b0 & 255) | ((b1 & 255) << 8) | ((b2 & 255) << 16) | (b3 << 24)) | 0;
const pair = (lo: number, hi: number): number => ((lo & 0xffff) | (hi << 16)) | 0;

/** int8 rows [rows][k] as little-endian int32 words, each row zero-padded to a multiple of 4 values. */
export function packInt8Rows(w: NumArray, rows: number, k: number): number[] {
  const kq = Math.ceil(k / 4);
  const at = (r: number, i: number) => (i < k ? Number(getElem(w, r * k + i)) : 0);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < kq; q++) out.push(word(at(r, 4 * q), at(r, 4 * q + 1), at(r, 4 * q + 2), at(r, 4 * q + 3)));
  }
  return out;
}

/** Channels whose requantization record (4 words each, see smmlarRecords) is not a constant output (m != 0). */
export const liveChannels = (prm: readonly number[]): number[] =>
  Array.from({ length: prm.length / 4 }, (_, o) => o).filter((o) => prm[4 * o + 1] !== 0);

/**
 * The weights operand of the DSP matrix products for the live channels: the model's own [oc][k] when every channel is
 * live and k % 4 == 0, else the live rows zero-padded to a multiple of 4 values, as words.
 */
export function liveWeights(w: NumArray, oc: number, k: number, live: number[]): CArg {
  if (live.length === oc && k % 4 === 0) return A.in(1);
  const rows = new Int8Array(live.length * k);
  live.forEach((o, j) => { for (let i = 0; i < k; i++) rows[j * k + i] = Number(getElem(w, o * k + i)); });
  return weightWords(packInt8Rows(rows, live.length, k));
}

/** Weights of aotc_fc_s8__dsp: channels in groups of 4 (zero rows pad the last), per 4 k values (w0,w2),(w1,w3) per channel. */
function packFcDsp(w: NumArray, oc: number, k: number): number[] {
  const kq = Math.ceil(k / 4);
  const at = (o: number, i: number) => (o < oc && i < k ? Number(getElem(w, o * k + i)) : 0);
  const out: number[] = [];
  for (let g = 0; g < oc; g += 4) {
    for (let q = 0; q < kq; q++) {
      for (let o = g; o < g + 4; o++) out.push(pair(at(o, 4 * q), at(o, 4 * q + 2)), pair(at(o, 4 * q + 1), at(o, 4 * q + 3)));
    }
  }
  return out;
}

/** Bytes (numbers in -128..255) as little-endian int32 words, zero-padded to a multiple of 4. */
export function bytesToWords(b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 4) out.push(word(b[i] ?? 0, b[i + 1] ?? 0, b[i + 2] ?? 0, b[i + 3] ?? 0));
  return out;
}

/**
 * MVE matrix-product operands for the given output channels: groups of 4 (zero channels pad the last), per group and
 * 16 k values the 16 weights of each channel (zero-padded), as words; per group 16 words: biases, then m, l, ne as lane
 * vectors; per channel of the list its index (padding lanes: 0).
 */
export function mveGroups(w: NumArray, bias: number[], rq: Requant, channels: number[], k: number): { w: number[]; prm: number[]; chan: number[] } {
  const g = 4;
  const kb = Math.ceil(k / 16);
  const rec = mveRecords(rq, bias);
  const bytes: number[] = [], prm: number[] = [], chan: number[] = [];
  for (let j0 = 0; j0 < channels.length; j0 += g) {
    const group = Array.from({ length: g }, (_, i) => channels[j0 + i]);
    for (let b = 0; b < kb; b++) {
      for (const o of group) {
        for (let i = 16 * b; i < 16 * b + 16; i++) bytes.push(o !== undefined && i < k ? Number(getElem(w, o * k + i)) : 0);
      }
    }
    const lane = (f: number) => group.map((o) => (o === undefined ? 0 : rec[o]![f]!));
    prm.push(...lane(0), ...lane(1), ...lane(2), ...lane(3));
    chan.push(...group.map((o) => o ?? 0));
  }
  return { w: bytesToWords(bytes), prm, chan };
}

/** The MVE kernels' fast requantization applies: every listed channel shifts right only, the clamp range is all of int8. */
export const mveFast = (rq: Requant, channels: number[]): boolean =>
  rq.actMin === -128 && rq.actMax === 127 && channels.every((o) => rq.shift[o]! <= -1);

/** The channels of an MVE matrix product: those whose output varies, and [channel, value] pairs of the constant ones. */
export function mveLive(f: { w: NumArray; bias: number[] }, rq: Requant, oc: number): { live: number[]; dead: number[] } {
  const consts = constantChannels(rq, f.bias, accBounds(f.w, oc, f.bias));
  const live: number[] = [], dead: number[] = [];
  consts.forEach((c, o) => { if (c === null) live.push(o); else dead.push(o, c); });
  return { live, dead };
}

/**
 * MVE matrix product: >= 2 rows in 2-row × 4-channel tiles (aotc_conv1x1_s8__mve; constant channels are filled, not
 * computed), one row in 1 × 4 (aotc_fc_s8__mve).
 */
function mveMatmul(c: OpCtx, rq: Requant, rows: number, k: number, oc: number): KernelCall | null {
  const f = constFolded(c, oc, rq);
  if (!f) return null;
  const tail = [A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)];
  if (rows < 2) {
    const p = mveGroups(f.w, f.bias, rq, Array.from({ length: oc }, (_, o) => o), k);
    return { kernel: 'fc_s8_mve', args: [A.in(0), weightWords(p.w), A.ints(p.prm), A.out(0), A.int(rows), A.int(k), A.int(oc), ...tail] };
  }
  const { live, dead } = mveLive(f, rq, oc);
  const p = mveGroups(f.w, f.bias, rq, live, k);
  return {
    kernel: 'conv1x1_s8_mve',
    args: [A.in(0), weightWords(p.w), A.ints(p.prm), A.ints(p.chan), A.ints(dead), A.out(0), A.scratch(8 * live.length + 32), A.int(rows), A.int(k), A.int(oc),
      A.int(live.length), A.int(dead.length / 2), A.int(mveFast(rq, live) ? 1 : 0), ...tail],
  };
}

/**
 * Armv7E-M DSP matrix product (constant weights, exact SMMLAR requantization), or null: >= 4 rows share each weight
 * word in aotc_conv1x1_s8__dsp (int8 weights: the model's own when k % 4 == 0); fewer rows use int16 weights.
 */
function dspMatmul(c: OpCtx, rq: Requant, rows: number, k: number, oc: number): KernelCall | null {
  const f = constFolded(c, oc, rq);
  if (!f) return null;
  const bounds = accBounds(f.w, oc, f.bias);
  const kq = Math.ceil(k / 4);
  const act = [A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)];
  if (rows >= 4) {
    const { prm } = smmlarRecords(rq, f.bias, bounds, 2);
    const live = liveChannels(prm);
    return {
      kernel: 'conv1x1_s8_dsp',
      args: [A.in(0), liveWeights(f.w, oc, k, live), A.ints(prm), A.out(0), A.scratch(32 * kq + 16 * oc), A.int(rows), A.int(k),
        A.int(oc), A.int(live.length), ...act],
    };
  }
  const { prm } = smmlarRecords(rq, f.bias, bounds);
  const padded = [...prm, ...new Array<number>(4 * (Math.ceil(oc / 4) * 4 - oc)).fill(0)];
  return { kernel: 'fc_s8_dsp', args: [A.in(0), weightWords(packFcDsp(f.w, oc, k)), A.ints(padded), A.out(0), A.scratch(8 * kq), A.int(rows), A.int(k), A.int(oc), ...act] };
}

/**
 * The matrix-product call y[b, o] = Σ_k x[b, k] · w[o, k] + bias[o] for `batches` rows. `conv`: the node is a 1×1
 * Conv2DNhwc (TFLM's 16x8 convolution ignores the zero points, its 16x8 fully connected applies them).
 */
export function fcCall(c: OpCtx, kind: NhwcKind, batches: number, k: number, oc: number, conv: boolean, target?: TargetInfo): KernelCall {
  const dims = [A.int(batches), A.int(k), A.int(oc)];
  if (kind === 'f32') {
    return { kernel: 'fully_connected_f32', args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), ...dims, ...activationArgs(c)] };
  }
  const rq = requantParams(c, kind, oc);
  const mid = [A.out(0), A.ints(rq.mult), A.ints(rq.shift), ...dims];
  const act = [A.int(rq.actMin), A.int(rq.actMax)];
  if (kind === 's8') {
    const variant = (target?.isa.includes('mve') ? mveMatmul(c, rq, batches, k, oc) : null)
      ?? (target?.isa.includes('dsp') ? dspMatmul(c, rq, batches, k, oc) : null);
    if (variant) return variant;
    const [bias, inOff] = s8BiasArgs(c, oc, rq);
    return { kernel: 'fully_connected_s8', args: [A.in(0), A.in(1), bias, ...mid, inOff, A.int(rq.outZp), ...act] };
  }
  const [b32, b64, acc32] = s16BiasArgs(c);
  const offsets = conv ? [A.int(0), A.int(0)] : [A.int(-rq.inZp), A.int(rq.outZp)];
  return { kernel: 'fully_connected_s16', args: [A.in(0), A.in(1), b32, b64, ...mid, ...offsets, acc32, ...act] };
}

function dims(c: OpCtx): { n: number; k: number; oc: number } {
  const x = c.shape(0), w = c.shape(1);
  if (x.length !== 2) c.fail('AOTC0021', `FullyConnected needs a rank-2 input [N,K], got [${x}]`);
  if (w.length !== 2 || w[1] !== x[1]) c.fail('AOTC0013', `weights [${w}] do not match the input [${x}] (expected [OUT,${x[1]}])`);
  return { n: x[0], k: x[1], oc: w[0] };
}

export const fullyConnected: OpDef = {
  op: 'FullyConnected',
  infer(c) {
    const { n, oc } = dims(c);
    const kind = weightedKind(c, oc);
    return [{ dtype: c.dtype(0), shape: [n, oc], ...(kind !== 'f32' ? { quant: c.output(0).quant } : {}) }];
  },
  macs(c) { const { n, k, oc } = dims(c); return n * k * oc; },
  lower(c, target) {
    const { n, k, oc } = dims(c);
    return [fcCall(c, weightedKind(c, oc), n, k, oc, false, target)];
  },
};
