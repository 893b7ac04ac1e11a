// Tests for the qarith family (TFLite int8/int16 arithmetic, activations, MEAN, QUANTIZE/DEQUANTIZE): infer rules and
// errors, folding, and bit-exact agreement of the C kernels (and the TS folds) with TFLite Micro on single-op models.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildTflite, type OptionsSpec, type TensorSpec } from '../../compiler/frontends/tflite/build-model.js';
import { prng } from '../../compiler/harness/inputs.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import type { NpyArray } from '../../compiler/harness/npy.js';
import { runTfliteOracle, tfliteOracleStatus, type TfliteOracleRuntime } from '../../compiler/harness/tflite-oracle.js';
import { arrayFrom, fromBytes, getElem, toBytes, type DType, type NumArray } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph, numel, type Attrs, type Graph } from '../../compiler/ir/graph.js';
import { OpCtx, type OutType } from '../../compiler/ops/op-def.js';
import { getOp } from '../../compiler/ops/registry.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { activationRange } from '../../compiler/quant/multiplier.js';
import { calculateInputRadius, downScaleInt32ToInt16Multiplier, frexpMultiplier, preprocessSoftmaxScaling } from '../../compiler/quant/fixedpoint-params.js';

const status = tfliteOracleStatus();
const needOracle = !status.ok && !process.env.CI;

// ------------------------------------------------------------------------------------------ case descriptions

type QType = 'int8' | 'int16' | 'uint8' | 'float32';
/** A tensor: dtype, shape, per-tensor quantization; `data` makes it a constant. */
interface QT { type: QType; shape: number[]; scale?: number; zp?: number; data?: number[] }

interface Case {
  name: string;
  tfl: string;
  options?: OptionsSpec;
  ir: string;
  attrs?: Attrs;
  inputs: QT[];
  /** Extra constant inputs only the TFLite operator has (MEAN's axis tensor). */
  tflConsts?: { type: 'int32'; shape: number[]; data: number[] }[];
  output: QT;
  /** float32 inputs are drawn from [-range, range]. */
  range?: number;
}

const q8 = (shape: number[], scale: number, zp: number): QT => ({ type: 'int8', shape, scale, zp });
const q16 = (shape: number[], scale: number, zp = 0): QT => ({ type: 'int16', shape, scale, zp });
const u8 = (shape: number[], scale: number, zp: number): QT => ({ type: 'uint8', shape, scale, zp });
const f32t = (shape: number[]): QT => ({ type: 'float32', shape });
const fused = (kind: 'AddOptions' | 'SubOptions' | 'MulOptions', act: string): OptionsSpec =>
  (kind === 'MulOptions' ? { kind, fusedActivationFunction: act } : { kind, fusedActivationFunction: act, potScaleInt16: false }) as OptionsSpec;

/** IR act_min/act_max of a fused activation, computed as the TFLite importer does. */
function actAttrs(act: string, out: QT): Attrs {
  const [lo, hi] = out.type === 'int16' ? [-32768, 32767] : [-128, 127];
  const [min, max] = activationRange(act, Math.fround(out.scale!), out.zp!, lo, hi);
  return { act_min: min, act_max: max };
}

function binary(name: string, op: 'ADD' | 'SUB' | 'MUL', act: string, a: QT, b: QT, out: QT): Case {
  const kind = op === 'ADD' ? 'AddOptions' : op === 'SUB' ? 'SubOptions' : 'MulOptions';
  const ir = op === 'ADD' ? 'QAdd' : op === 'SUB' ? 'QSub' : 'QMul';
  return { name, tfl: op, options: fused(kind, act), ir, attrs: actAttrs(act, out), inputs: [a, b], output: out };
}

function unary(name: string, tfl: string, ir: string, x: QT, out: QT, attrs: Attrs = {}, options?: OptionsSpec): Case {
  return { name, tfl, ir, attrs, options, inputs: [x], output: out };
}

function mean(name: string, x: QT, axes: number[], keep: boolean, out: QT): Case {
  return {
    name, tfl: 'MEAN', options: { kind: 'ReducerOptions', keepDims: keep }, ir: 'QMean', attrs: { axes, keepdims: keep ? 1 : 0 },
    inputs: [x], tflConsts: [{ type: 'int32', shape: [axes.length], data: axes }], output: out,
  };
}

const SM8 = (shape: number[]) => q8(shape, 1 / 256, -128);
const LOG8 = (shape: number[]) => q8(shape, 1 / 256, -128);
const TANH8 = (shape: number[]) => q8(shape, 1 / 128, 0);

const CASES: Case[] = [
  // ADD: double-precision multipliers, left shift 20 (int8) / 15 (int16), broadcasting up to 5-D, fused clamps.
  binary('add same shape', 'ADD', 'NONE', q8([2, 3, 4, 5], 0.05, 3), q8([2, 3, 4, 5], 0.02, -10), q8([2, 3, 4, 5], 0.07, -5)),
  binary('add channel bcast relu', 'ADD', 'RELU', q8([1, 4, 4, 8], 0.1, 0), q8([8], 0.003, 20), q8([1, 4, 4, 8], 0.1, -128)),
  binary('add 3-D bcast relu6', 'ADD', 'RELU6', q8([3, 1, 5], 0.04, -7), q8([1, 4, 1], 0.06, 12), q8([3, 4, 5], 0.05, -100)),
  binary('add scalar bcast', 'ADD', 'RELU_N1_TO_1', q8([1], 0.01, 1), q8([2, 7], 0.015, -3), q8([2, 7], 0.0123, 2)),
  binary('add 5-D bcast', 'ADD', 'NONE', q8([2, 1, 3, 1, 2], 0.5, -1), q8([1, 2, 1, 4, 1], 0.25, 0), q8([2, 2, 3, 4, 2], 0.4, 7)),
  binary('add equal scales', 'ADD', 'NONE', q8([4, 6], 0.0784, -128), q8([4, 6], 0.0784, -128), q8([4, 6], 0.1568, -128)),
  binary('add int16', 'ADD', 'NONE', q16([2, 8, 5], 1 / 4096), q16([2, 8, 5], 1 / 8192), q16([2, 8, 5], 1 / 2048)),
  binary('add int16 bcast relu', 'ADD', 'RELU', q16([4, 1, 6], 0.0003), q16([1, 3, 1], 0.0007), q16([4, 3, 6], 0.0005)),
  // SUB: float32 multipliers.
  binary('sub same shape', 'SUB', 'NONE', q8([3, 17], 0.0371, 5), q8([3, 17], 0.0213, -9), q8([3, 17], 0.0519, 1)),
  binary('sub bcast relu', 'SUB', 'RELU', q8([2, 3, 4], 0.1, -20), q8([3, 1], 0.2, 30), q8([2, 3, 4], 0.15, -128)),
  binary('sub bcast first', 'SUB', 'RELU6', q8([1, 6], 0.05, 0), q8([5, 6], 0.07, 3), q8([5, 6], 0.047, -10)),
  // Scale ratios with exact ties: float32 and double multipliers round differently here (TFLM's SUB source
  // divides in float32; the pip build the oracle runs divides in double).
  binary('sub ties 0.01/0.03/0.02', 'SUB', 'NONE', q8([16, 16], 0.01, 0), q8([16, 16], 0.03, 0), q8([16, 16], 0.02, 0)),
  binary('sub ties 0.1/0.3/0.2', 'SUB', 'NONE', q8([16, 16], 0.1, 3), q8([16, 16], 0.3, 0), q8([16, 16], 0.2, -1)),
  binary('add ties 0.1/0.3/0.2', 'ADD', 'NONE', q8([16, 16], 0.1, 3), q8([16, 16], 0.3, 0), q8([16, 16], 0.2, -1)),
  binary('sub int16', 'SUB', 'NONE', q16([3, 40], 0.001), q16([3, 40], 0.0013), q16([3, 40], 0.002)),
  // MUL: one multiplier (double product), also > 1 (left shift).
  binary('mul same shape', 'MUL', 'NONE', q8([2, 3, 4, 5], 0.05, 3), q8([2, 3, 4, 5], 0.02, -10), q8([2, 3, 4, 5], 0.03, -5)),
  binary('mul bcast relu6', 'MUL', 'RELU6', q8([2, 3, 4], 0.1, -3), q8([4], 0.08, 11), q8([2, 3, 4], 0.06, -128)),
  binary('mul gain > 1', 'MUL', 'NONE', q8([5, 9], 0.5, 0), q8([5, 9], 0.9, -1), q8([5, 9], 0.02, 4)),
  binary('mul 4-D bcast', 'MUL', 'RELU', q8([1, 4, 1, 3], 0.02, -128), q8([2, 1, 5, 1], 0.03, 127), q8([2, 4, 5, 3], 0.004, -120)),
  binary('mul int16', 'MUL', 'NONE', q16([4, 33], 0.0009), q16([4, 33], 0.0011), q16([4, 33], 0.0004)),
  // SOFTMAX: gemmlowp exp on Q5.26 diffs, several input scales and betas, int8 and int16 outputs.
  unary('softmax s=0.1', 'SOFTMAX', 'QSoftmax', q8([4, 10], 0.1, 10), SM8([4, 10]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax s=1/16 3-D', 'SOFTMAX', 'QSoftmax', q8([2, 3, 7], 1 / 16, -128), SM8([2, 3, 7]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax beta 0.5', 'SOFTMAX', 'QSoftmax', q8([3, 16], 0.25, 0), SM8([3, 16]), { beta: 0.5 }, { kind: 'SoftmaxOptions', beta: 0.5 }),
  unary('softmax beta 2 s=0.02', 'SOFTMAX', 'QSoftmax', q8([5, 12], 0.02, -3), SM8([5, 12]), { beta: 2 }, { kind: 'SoftmaxOptions', beta: 2 }),
  unary('softmax s=1 (diff_min)', 'SOFTMAX', 'QSoftmax', q8([4, 9], 1, 0), SM8([4, 9]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax s=0.003', 'SOFTMAX', 'QSoftmax', q8([2, 33], 0.003, 7), SM8([2, 33]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax 400 classes', 'SOFTMAX', 'QSoftmax', q8([1, 400], 0.0625, -20), SM8([1, 400]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax beta 40 s=1 (capped)', 'SOFTMAX', 'QSoftmax', q8([3, 8], 1, 0), SM8([3, 8]), { beta: 40 }, { kind: 'SoftmaxOptions', beta: 40 }),
  unary('softmax s=0.0002', 'SOFTMAX', 'QSoftmax', q8([3, 8], 0.0002, 0), SM8([3, 8]), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  unary('softmax int16 out', 'SOFTMAX', 'QSoftmax', q8([3, 11], 0.08, 5), q16([3, 11], 1 / 65536, -32768), { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }),
  // LOGISTIC / TANH: Q4.27 input, radius saturation.
  ...[[0.1, 0], [0.05, -20], [1 / 16, 0], [0.5, 10], [0.01, -128], [0.2, 100], [2, 3], [0.001, 0], [20, 1]].flatMap(([s, z]) => [
    unary(`logistic s=${s} zp=${z}`, 'LOGISTIC', 'QLogistic', q8([3, 21], s, z), LOG8([3, 21])),
    unary(`tanh s=${s} zp=${z}`, 'TANH', 'QTanh', q8([3, 21], s, z), TANH8([3, 21])),
  ]),
  // RELU requantizes; RELU6 clamps in the input domain.
  unary('relu requant', 'RELU', 'QRelu', q8([4, 16], 0.1, -20), q8([4, 16], 0.05, -128), { lo: 0 }),
  unary('relu same quant', 'RELU', 'QRelu', q8([4, 16], 0.03, 17), q8([4, 16], 0.03, 17), { lo: 0 }),
  // Scale pairs whose float32 and double ratios quantize to different multipliers (TFLM source: float32; pip build: double).
  unary('relu ratio 1.5', 'RELU', 'QRelu', q8([4, 64], 0.11594052612781525, 0), q8([4, 64], 0.07729368656873703, -128), { lo: 0 }),
  unary('relu ratio 0.75', 'RELU', 'QRelu', q8([4, 64], 0.07393783330917358, -40), q8([4, 64], 0.09858378022909164, -3), { lo: 0 }),
  unary('relu int16', 'RELU', 'QRelu', q16([4, 16], 0.001), q16([4, 16], 0.0007), { lo: 0 }),
  unary('relu6', 'RELU6', 'QRelu', q8([4, 16], 0.05, -30), q8([4, 16], 0.05, -30), { lo: 0, hi: 6 }),
  unary('relu6 other out quant', 'RELU6', 'QRelu', q8([4, 16], 0.03, 10), q8([4, 16], 6 / 255, -128), { lo: 0, hi: 6 }),
  unary('relu6 int16', 'RELU6', 'QRelu', q16([4, 16], 0.0003), q16([4, 16], 0.0003), { lo: 0, hi: 6 }),
  // LEAKY_RELU: identity and alpha multipliers (float32 products), negative alpha, int16.
  ...[0.2, 0.01, -0.5, 1.5].map((alpha) => unary(`leaky_relu alpha=${alpha}`, 'LEAKY_RELU', 'QLeakyRelu', q8([3, 20], 0.05, 7),
    q8([3, 20], 0.04, -30), { alpha }, { kind: 'LeakyReluOptions', alpha })),
  ...[[-0.5, 0.06401722133159637, 0.10242755711078644], [0.5, 0.11594052612781525, 0.07729368656873703],
    [-0.75, 0.0033464254811406136, 0.008923801593482494], [1.5, 0.07393783330917358, 0.09858378022909164],
    // exact srdhm ties for negative alpha: -(x · |m|) and x · m round them differently (TFLM uses the former)
    [-1, 0.011724499985575676, 0.015632666647434235], [-0.5, 0.004899865016341209, 0.007839784026145935]].map(([alpha, si, so]) =>
    unary(`leaky_relu ratio alpha=${alpha}`, 'LEAKY_RELU', 'QLeakyRelu', q8([4, 64], si, -25), q8([4, 64], so, 28), { alpha },
      { kind: 'LeakyReluOptions', alpha })),
  unary('leaky_relu int16', 'LEAKY_RELU', 'QLeakyRelu', q16([3, 20], 0.0005), q16([3, 20], 0.0004), { alpha: 0.1 }, { kind: 'LeakyReluOptions', alpha: 0.1 }),
  // HARD_SWISH: reluish exponent positive, zero and negative; output exponent down to -10.
  ...[[0.05, 10, 0.03, -100], [0.1, -128, 0.1, -128], [0.01, 0, 0.02, 5], [0.002, 3, 0.001, -2], [0.3, -5, 0.2, -90],
    [0.0235, -40, 0.0211, -115], [0.19120011, -3, 0.21111095, 9]].map(([si, zi, so, zo]) =>
    unary(`hard_swish ${si}/${zi} -> ${so}/${zo}`, 'HARD_SWISH', 'QHardSwish', q8([3, 25], si, zi), q8([3, 25], so, zo))),
  // MEAN: the 4-D spatial case, keepdims on/off, other axes, int16.
  mean('mean 4-D axes 1,2 keep', q8([1, 4, 4, 8], 0.05, -10), [1, 2], true, q8([1, 1, 1, 8], 0.03, -20)),
  mean('mean 4-D axes 1,2 drop', q8([2, 5, 3, 6], 0.1, 3), [1, 2], false, q8([2, 6], 0.1, 3)),
  mean('mean last axis', q8([3, 4, 9], 0.02, -128), [-1], false, q8([3, 4], 0.015, -100)),
  mean('mean axes 0,2', q8([2, 3, 5], 0.07, 20), [0, 2], true, q8([1, 3, 1], 0.01, 0)),
  mean('mean all axes', q8([4, 6, 2], 0.03, 0), [0, 1, 2], false, q8([], 0.002, 5)),
  mean('mean 49 elements', q8([1, 7, 7, 4], 0.2, -1), [2, 1], true, q8([1, 1, 1, 4], 0.05, 7)),
  mean('mean int16', q16([2, 6, 5], 0.001), [1], false, q16([2, 5], 0.0007)),
  // QUANTIZE / DEQUANTIZE.
  { name: 'quantize f32->int8', tfl: 'QUANTIZE', ir: 'Quantize', inputs: [f32t([4, 32])], output: q8([4, 32], 0.05, 3), range: 8 },
  { name: 'quantize f32->int8 zp -128', tfl: 'QUANTIZE', ir: 'Quantize', inputs: [f32t([4, 32])], output: q8([4, 32], 1 / 255, -128), range: 1.2 },
  { name: 'quantize f32->int16', tfl: 'QUANTIZE', ir: 'Quantize', inputs: [f32t([4, 32])], output: q16([4, 32], 0.0001), range: 4 },
  unary('requantize int8->int8', 'QUANTIZE', 'Quantize', q8([4, 32], 0.05, 3), q8([4, 32], 0.07, -10)),
  unary('requantize int8->int8 gain', 'QUANTIZE', 'Quantize', q8([4, 32], 0.05, 0), q8([4, 32], 0.01, -5)),
  unary('requantize int8->int16', 'QUANTIZE', 'Quantize', q8([4, 32], 0.05, -7), q16([4, 32], 0.0002)),
  unary('requantize int16->int8', 'QUANTIZE', 'Quantize', q16([4, 32], 0.0001), q8([4, 32], 0.02, 4)),
  unary('requantize int16->int16', 'QUANTIZE', 'Quantize', q16([4, 32], 0.0001), q16([4, 32], 0.00007)),
  unary('requantize int8->uint8', 'QUANTIZE', 'Quantize', q8([4, 32], 0.05, -3), u8([4, 32], 0.05, 125)),
  unary('requantize uint8->int8', 'QUANTIZE', 'Quantize', u8([4, 32], 0.02, 128), q8([4, 32], 0.03, 0)),
  unary('dequantize int8', 'DEQUANTIZE', 'Dequantize', q8([4, 32], 0.0371, -13), f32t([4, 32])),
  unary('dequantize int16', 'DEQUANTIZE', 'Dequantize', q16([4, 32], 0.000123), f32t([4, 32])),
  unary('dequantize uint8', 'DEQUANTIZE', 'Dequantize', u8([4, 32], 0.1, 128), f32t([4, 32])),
];

// ------------------------------------------------------------------------------------------ models and inputs

const fr = Math.fround;
const quantOf = (t: QT) => (t.scale === undefined ? undefined : { scale: [fr(t.scale)], zeroPoint: [t.zp ?? 0], axis: 0 });
const irType = (t: QT): DType => t.type;
const RANGES: Record<string, [number, number]> = { int8: [-128, 127], int16: [-32768, 32767], uint8: [0, 255] };

/** One .tflite model holding every case as an independent operator; graph inputs/outputs in case order. */
function buildModel(cases: Case[]): Uint8Array {
  const tensors: TensorSpec[] = [];
  const operators: { op: string; inputs: number[]; outputs: number[]; options?: OptionsSpec }[] = [];
  const inputs: number[] = [], outputs: number[] = [];
  const add = (name: string, t: QT | { type: 'int32'; shape: number[]; data: number[] }): number => {
    const spec: TensorSpec = { name, type: t.type, shape: t.shape };
    if ('scale' in t && t.scale !== undefined) spec.quantization = { scale: [t.scale], zeroPoint: [t.zp ?? 0] };
    if (t.data) spec.data = toBytes(arrayFrom(t.type === 'float32' ? 'float32' : t.type, t.data), t.type);
    return tensors.push(spec) - 1;
  };
  cases.forEach((cs, k) => {
    const ins = cs.inputs.map((t, i) => {
      const idx = add(`c${k}_x${i}`, t);
      if (!t.data) inputs.push(idx);
      return idx;
    });
    const consts = (cs.tflConsts ?? []).map((t, i) => add(`c${k}_k${i}`, t));
    const out = add(`c${k}_y`, cs.output);
    outputs.push(out);
    operators.push({ op: cs.tfl, inputs: [...ins, ...consts], outputs: [out], options: cs.options });
  });
  return buildTflite({ tensors, operators, inputs, outputs });
}

/** The same cases as one IR graph (what the TFLite importer produces for them). */
function buildGraph(cases: Case[]): Graph {
  const g = newGraph('qarith');
  cases.forEach((cs, k) => {
    const ins = cs.inputs.map((t, i) => {
      const v = addValue(g, { name: `c${k}_x${i}`, dtype: irType(t), shape: [...t.shape], quant: quantOf(t),
        data: t.data ? arrayFrom(irType(t), t.data) : undefined });
      if (!t.data) g.inputs.push(v.id);
      return v.id;
    });
    const out = addValue(g, { name: `c${k}_y`, dtype: irType(cs.output), shape: [...cs.output.shape], quant: quantOf(cs.output) });
    g.outputs.push(out.id);
    addNode(g, { name: `c${k}`, op: cs.ir, inputs: ins, outputs: [out.id], attrs: { ...cs.attrs } });
  });
  return g;
}

/** `sets` input sets for one tensor: the dtype's extremes, a ramp over its range, clusters (small diffs), uniform noise. */
function randomSets(t: QT, sets: number, rand: () => number, range = 4): NumArray[] {
  const n = numel(t.shape);
  return Array.from({ length: sets }, (_s, k) => {
    const vals = new Array<number>(n);
    if (t.type === 'float32') {
      const step = t.scale ?? 0.05;
      for (let i = 0; i < n; i++) {
        vals[i] = k % 3 === 0 ? (Math.round((rand() * 2 - 1) * range / step) + 0.5) * step : (rand() * 2 - 1) * range;
      }
      if (k === 0) { vals[0] = 1e5; vals[1] = -1e5; } // saturation (quotients within int32)
      return arrayFrom('float32', vals);
    }
    const [lo, hi] = RANGES[t.type]!;
    const span = hi - lo + 1;
    const center = lo + Math.floor(rand() * span);
    for (let i = 0; i < n; i++) {
      if (k === 0) vals[i] = lo;
      else if (k === 1) vals[i] = hi;
      else if (k === 2) vals[i] = lo + ((i * 97 + 13) % span);
      else if (k === 3) vals[i] = i % 2 ? lo : hi;
      else if (k % 4 === 0) vals[i] = Math.min(hi, Math.max(lo, center + Math.floor(rand() * 13) - 6));
      else vals[i] = lo + Math.floor(rand() * span);
    }
    return arrayFrom(t.type, vals);
  });
}

const SETS = 64;

interface Agreement {
  name: string; sets: number; identicalSets: number; elements: number; identicalElements: number; firstDiff?: string;
  /** Sets on which the op's TS fold (when it has one) reproduced TFLM exactly, of FOLD_SETS. */
  foldIdentical?: number;
}

const FOLD_SETS = 8;

/** Evaluate case `cs` with constant inputs through infer + fold (the compile-time path); undefined without a fold. */
function foldCase(cs: Case, inputs: NumArray[]): Uint8Array | undefined {
  if (!getOp(cs.ir)!.fold) return undefined;
  let k = 0;
  const g = buildGraph([{ ...cs, inputs: cs.inputs.map((t) => (t.data ? t : { ...t, data: Array.from(inputs[k++]! as ArrayLike<number>, Number) })) }]);
  runPipeline(g, { verify: true });
  const y = g.values.get(g.outputs[0]!)!;
  expect(y.data, `${cs.name}: the node folds away`).toBeDefined();
  return toBytes(y.data!, y.dtype);
}

/** Run `cases` in TFLM (one model) and through aotc (one bundle) on SETS seeded input sets; per-case agreement. */
function compareWithOracle(cases: Case[], runtime: TfliteOracleRuntime = 'tflm', seed = 20251121): Agreement[] {
  const rand = prng(seed);
  const model = buildModel(cases);
  const graphInputs = cases.flatMap((cs) => cs.inputs.filter((t) => !t.data).map((t) => ({ t, range: cs.range })));
  const data = graphInputs.map(({ t, range }) => randomSets(t, SETS, rand, range ?? 4));
  const npy: NpyArray[] = graphInputs.map(({ t }, i) => {
    const bytes = data[i]!.map((a) => toBytes(a, irType(t)));
    const all = new Uint8Array(bytes.reduce((s, b) => s + b.length, 0));
    let off = 0;
    for (const b of bytes) { all.set(b, off); off += b.length; }
    return { dtype: t.type, shape: [SETS, ...t.shape], data: all };
  });
  const oracle = runTfliteOracle(model, npy, { runtime });

  const g = buildGraph(cases);
  runPipeline(g, { verify: true });
  const dir = mkdtempSync(join(tmpdir(), 'aotc-test-qarith-'));
  let got: Uint8Array[][];
  try {
    const runner = buildRunner(compileGraph(g, { name: 'qarith_oracle' }), dir, { werror: true });
    got = runSets(runner, Array.from({ length: SETS }, (_x, s) => data.map((sets, i) => toBytes(sets[s]!, irType(graphInputs[i]!.t)))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  return cases.map((cs, k) => {
    const want = oracle.outputArrays[k]!;
    const per = want.data.length / SETS;
    const a: Agreement = { name: cs.name, sets: SETS, identicalSets: 0, elements: 0, identicalElements: 0 };
    const size = cs.output.type === 'float32' ? 4 : cs.output.type === 'int16' ? 2 : 1;
    for (let s = 0; s < SETS; s++) {
      const w = want.data.subarray(s * per, (s + 1) * per), o = got[s]![k]!;
      expect(o.length).toBe(w.length);
      let same = true;
      for (let e = 0; e < per / size; e++) {
        const eq = w.subarray(e * size, (e + 1) * size).every((b, j) => b === o[e * size + j]);
        a.elements++;
        if (eq) a.identicalElements++;
        else if (same) {
          same = false;
          if (!a.firstDiff) {
            const wv = getElem(fromBytes(w.subarray(e * size, (e + 1) * size), irType(cs.output)), 0);
            const ov = getElem(fromBytes(o.subarray(e * size, (e + 1) * size), irType(cs.output)), 0);
            const inputs = cs.inputs.filter((t) => !t.data).map((t, i) => {
              const idx = graphInputs.findIndex((gi) => gi.t === t);
              return `x${i}[${e % numel(t.shape)}]=${getElem(data[idx]![s]!, e % numel(t.shape))}`;
            });
            a.firstDiff = `set ${s} element ${e}: tflm ${wv}, aotc ${ov} (${inputs.join(' ')})`;
          }
        }
      }
      if (same) a.identicalSets++;
      if (s < FOLD_SETS) {
        const ins = cs.inputs.filter((t) => !t.data).map((t) => data[graphInputs.findIndex((gi) => gi.t === t)]![s]!);
        const folded = foldCase(cs, ins);
        if (folded) a.foldIdentical = (a.foldIdentical ?? 0) + (folded.every((b, j) => b === w[j]) && folded.length === w.length ? 1 : 0);
      }
    }
    return a;
  });
}

function report(rows: Agreement[]): string {
  return rows.map((r) => `${r.name.padEnd(34)} ${(100 * r.identicalElements / r.elements).toFixed(2).padStart(6)}% of ${r.elements} elements, `
    + `${r.identicalSets}/${r.sets} sets identical${r.foldIdentical !== undefined ? `, fold ${r.foldIdentical}/${FOLD_SETS}` : ''}`
    + `${r.firstDiff ? `  first diff: ${r.firstDiff}` : ''}`).join('\n');
}

// ------------------------------------------------------------------------------------------ bit-exactness vs TFLM

describe('qarith kernels are bit-exact with TFLite Micro', () => {
  // One model (and one bundle) per TFLite operator, its cases side by side.
  const groups = [...new Set(CASES.map((cs) => cs.tfl))];
  for (const op of groups) {
    const cases = CASES.filter((cs) => cs.tfl === op);
    it.skipIf(needOracle)(`${op}: ${cases.length} cases × ${SETS} input sets`, () => {
      expect(status, 'the Python oracle (.venv) is unavailable; run `bash scripts/setup.sh`').toMatchObject({ ok: true });
      const rows = compareWithOracle(cases);
      console.log(report(rows));
      for (const r of rows) {
        expect(r.identicalElements, `${r.name}: ${r.firstDiff}`).toBe(r.elements);
        if (r.foldIdentical !== undefined) expect(r.foldIdentical, `${r.name}: fold`).toBe(FOLD_SETS);
      }
    }, 120_000);
  }

  it.skipIf(needOracle)('RELU_N1_TO_1 (not in TFLM) matches LiteRT reference kernels', () => {
    const cases = [
      unary('relu_n1_to_1 requant', 'RELU_N1_TO_1', 'QRelu', q8([4, 16], 0.01, 3), q8([4, 16], 0.008, -1), { lo: -1, hi: 1 }),
      unary('relu_n1_to_1 same', 'RELU_N1_TO_1', 'QRelu', q8([4, 16], 1 / 128, 0), q8([4, 16], 1 / 128, 0), { lo: -1, hi: 1 }),
      unary('relu_n1_to_1 ratio 1.5', 'RELU_N1_TO_1', 'QRelu', q8([4, 64], 0.011594052612781525, 0), q8([4, 64], 0.007729368656873703, 0), { lo: -1, hi: 1 }),
      unary('relu_n1_to_1 ratio 0.75', 'RELU_N1_TO_1', 'QRelu', q8([4, 64], 0.007393783330917358, -40), q8([4, 64], 0.009858378022909164, -3), { lo: -1, hi: 1 }),
    ];
    const rows = compareWithOracle(cases, 'litert-ref');
    console.log(report(rows));
    for (const r of rows) expect(r.identicalElements, `${r.name}: ${r.firstDiff}`).toBe(r.elements);
  }, 120_000);
});

// ------------------------------------------------------------------------------------------ infer rules and errors

/** One node over fresh values (inputs and output carry dtype and quantization as the importer sets them). */
function nodeCtx(op: string, inputs: QT[], out: QT, attrs: Attrs = {}): OpCtx {
  const g = newGraph('t');
  const ids = inputs.map((t, i) => addValue(g, { name: `in${i}`, dtype: irType(t), shape: t.shape, quant: quantOf(t),
    data: t.data ? arrayFrom(irType(t), t.data) : undefined }).id);
  const y = addValue(g, { name: 'out', dtype: irType(out), shape: out.shape, quant: quantOf(out) });
  return new OpCtx(g, addNode(g, { name: 'n', op, inputs: ids, outputs: [y.id], attrs }));
}

const infer = (op: string, inputs: QT[], out: QT, attrs: Attrs = {}): OutType[] => getOp(op)!.infer(nodeCtx(op, inputs, out, attrs));

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { return e instanceof AotcError ? e.code : `not an AotcError: ${String(e)}`; }
  return 'no error';
}

describe('qarith infer', () => {
  it('broadcasts QAdd/QSub/QMul and keeps the output quantization', () => {
    const out = q8([], 0.1, 2);
    for (const op of ['QAdd', 'QSub', 'QMul']) {
      const [t] = infer(op, [q8([2, 1, 4], 0.1, 0), q8([3, 1], 0.2, 1)], out);
      expect(t).toEqual({ dtype: 'int8', shape: [2, 3, 4], quant: { scale: [fr(0.1)], zeroPoint: [2], axis: 0 } });
    }
    expect(infer('QAdd', [q16([5], 0.001), q16([1], 0.002)], q16([], 0.003))[0]!.shape).toEqual([5]);
  });

  it('shapes of QMean, QSoftmax, Quantize, Dequantize', () => {
    const x = q8([2, 3, 4, 5], 0.1, 0);
    expect(infer('QMean', [x], q8([], 0.1, 0), { axes: [1, 2], keepdims: 1 })[0]!.shape).toEqual([2, 1, 1, 5]);
    expect(infer('QMean', [x], q8([], 0.1, 0), { axes: [-1, 1, 1], keepdims: 0 })[0]!.shape).toEqual([2, 4]);
    expect(infer('QMean', [x], q8([], 0.1, 0), {})[0]!.shape).toEqual([]);
    expect(infer('QSoftmax', [x], q16([], 1 / 65536, -32768), { beta: 1 })[0]!.dtype).toBe('int16');
    expect(infer('Quantize', [f32t([3])], u8([], 0.1, 128))[0]).toMatchObject({ dtype: 'uint8', shape: [3] });
    expect(infer('Quantize', [q8([3], 0.1, 0)], q16([], 0.001))[0]!.dtype).toBe('int16');
    expect(infer('Dequantize', [q16([3, 2], 0.001)], f32t([]))[0]).toEqual({ dtype: 'float32', shape: [3, 2] });
  });

  it('rejects what TFLite cannot run, with precise codes', () => {
    const x = q8([4], 0.1, 0), y = q8([4], 0.1, 0);
    expect(code(() => infer('QAdd', [x, q16([4], 0.1)], y))).toBe('AOTC0012');
    expect(code(() => infer('QAdd', [x, q8([3], 0.1, 0)], y))).toBe('AOTC0021');
    expect(code(() => infer('QAdd', [f32t([4]), f32t([4])], y))).toBe('AOTC0012');
    expect(code(() => infer('QAdd', [{ type: 'int8', shape: [4] }, x], y))).toBe('AOTC0013'); // no quantization
    expect(code(() => infer('QAdd', [x, x], y, { act_min: 10, act_max: 5 }))).toBe('AOTC0011');
    expect(code(() => infer('QMul', [q16([4], 0.1, 3), q16([4], 0.1)], q16([4], 0.1)))).toBe('AOTC0011'); // int16 zp
    const g = nodeCtx('QRelu', [x], y, {});
    g.input(0).quant = { scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 };
    expect(code(() => getOp('QRelu')!.infer(g))).toBe('AOTC0011'); // per-channel
    expect(code(() => infer('QSoftmax', [x], q8([4], 1 / 255, -128)))).toBe('AOTC0011'); // output grid
    expect(code(() => infer('QSoftmax', [x], q16([4], 1 / 65536, 0)))).toBe('AOTC0011');
    expect(code(() => infer('QSoftmax', [q16([4], 0.001)], SM8([4])))).toBe('AOTC0012');
    expect(code(() => infer('QSoftmax', [q8([4], 1e-9, 0)], SM8([4])))).toBe('AOTC0011'); // beta·scale too small
    expect(code(() => infer('QLogistic', [x], q8([4], 1 / 256, 0)))).toBe('AOTC0011'); // output zero point
    expect(code(() => infer('QHardSwish', [q8([4], 0.04, 0)], q8([4], 0.00003, 0)))).toBe('AOTC0011'); // TFLM Prepare fails
    expect(code(() => infer('QLeakyRelu', [x], y))).toBe('AOTC0013'); // alpha is required
    expect(code(() => infer('QMean', [x], y, { axes: [1] }))).toBe('AOTC0013');
    expect(code(() => infer('Quantize', [f32t([4])], f32t([4])))).toBe('AOTC0012');
    expect(code(() => infer('Dequantize', [x], f32t([4]))) ).toBe('no error');
    expect(code(() => infer('QRelu', [x], y, { lo: 1, hi: 0 }))).toBe('AOTC0011');
  });
});

describe('qarith Prepare-time parameters', () => {
  it('input radius, Q15 multipliers, softmax and logistic scaling', () => {
    expect(calculateInputRadius(4, 20)).toBe(1920);
    expect(calculateInputRadius(5, 25)).toBe(62);
    expect(downScaleInt32ToInt16Multiplier(2 ** 30)).toBe(16384);
    expect(downScaleInt32ToInt16Multiplier(2 ** 31 - 1)).toBe(32767);
    expect(downScaleInt32ToInt16Multiplier(2 ** 30 + 2 ** 15)).toBe(16385);
    // beta 1, scale 1/16: 2^22 = 0.5 · 2^23 → multiplier 2^30, left shift 23.
    expect(preprocessSoftmaxScaling(1, 1 / 16, 5)).toEqual({ multiplier: 2 ** 30, shift: 23 });
    expect(preprocessSoftmaxScaling(1000, 1, 5)).toEqual({ multiplier: 2 ** 31 - 1, shift: 31 }); // capped at 2^31 - 1
    expect(preprocessSoftmaxScaling(1, 1e-9, 5)).toBeUndefined();
    expect(frexpMultiplier(1 / 256 * 2 ** 27)).toEqual({ multiplier: 2 ** 30, shift: 20 });
    expect(frexpMultiplier(0.9999999999 * 2)).toEqual({ multiplier: -(2 ** 31), shift: 1 }); // mantissa rounds up: wraps
  });
});

describe('qarith C kernels beyond what TFLM runs', () => {
  it('softmax over >= 512 equal maxima (TFLM aborts) gives the rounded probability, not garbage', () => {
    const cs = unary('softmax 600', 'SOFTMAX', 'QSoftmax', q8([2, 600], 0.1, 0), SM8([2, 600]), { beta: 1 });
    const g = buildGraph([cs]);
    runPipeline(g, { verify: true });
    const runner = buildRunner(compileGraph(g, { name: 'qarith_softmax600' }), mkdtempSync(join(tmpdir(), 'aotc-test-qarith-')), { werror: true });
    const x = arrayFrom('int8', Array.from({ length: 1200 }, (_x, i) => (i < 600 ? 5 : (i === 600 ? 100 : -128))));
    const [[y]] = runSets(runner, [[toBytes(x, 'int8')]]);
    const out = Array.from(fromBytes(y!, 'int8') as Int8Array);
    expect(out.slice(0, 600).every((v) => v === -128)).toBe(true); // 1/600 of 256 rounds to 0
    expect(out[600]).toBe(127); // a clear winner saturates
  });
});

describe('qarith ops chained in one model', () => {
  // Intermediate buffers, in-place reuse and mixed dtypes across ops, against TFLM.
  it.skipIf(needOracle)('QUANTIZE → ADD → MUL → LEAKY_RELU → MEAN → SUB → SOFTMAX/HARD_SWISH → DEQUANTIZE/TANH', () => {
    const T: Record<string, QT> = {
      x: f32t([2, 16]), b: q8([16], 0.04, 5),
      t1: q8([2, 16], 0.05, 3), t2: q8([2, 16], 0.08, -2), t3: q8([2, 16], 0.1, -128), t4: q8([2, 16], 0.1, -100),
      t5: q8([2, 1], 0.05, 0), t6: q8([2, 16], 0.1, 0), t7: SM8([2, 16]), t8: f32t([2, 16]), t9: q8([2, 16], 0.05, -10),
      t10: TANH8([2, 16]),
    };
    const ops: [tfl: string, ir: string, ins: string[], out: string, attrs: Attrs, options?: OptionsSpec][] = [
      ['QUANTIZE', 'Quantize', ['x'], 't1', {}],
      ['ADD', 'QAdd', ['t1', 'b'], 't2', actAttrs('RELU', T.t2!), fused('AddOptions', 'RELU')],
      ['MUL', 'QMul', ['t2', 't2'], 't3', actAttrs('NONE', T.t3!), fused('MulOptions', 'NONE')],
      ['LEAKY_RELU', 'QLeakyRelu', ['t3'], 't4', { alpha: 0.3 }, { kind: 'LeakyReluOptions', alpha: 0.3 }],
      ['MEAN', 'QMean', ['t4'], 't5', { axes: [1], keepdims: 1 }, { kind: 'ReducerOptions', keepDims: true }],
      ['SUB', 'QSub', ['t4', 't5'], 't6', actAttrs('NONE', T.t6!), fused('SubOptions', 'NONE')],
      ['SOFTMAX', 'QSoftmax', ['t6'], 't7', { beta: 1 }, { kind: 'SoftmaxOptions', beta: 1 }],
      ['DEQUANTIZE', 'Dequantize', ['t7'], 't8', {}],
      ['HARD_SWISH', 'QHardSwish', ['t6'], 't9', {}],
      ['TANH', 'QTanh', ['t9'], 't10', {}],
    ];
    const names = Object.keys(T);
    const tensors: TensorSpec[] = names.map((n) => ({ name: n, type: T[n]!.type, shape: T[n]!.shape,
      quantization: T[n]!.scale === undefined ? undefined : { scale: [T[n]!.scale!], zeroPoint: [T[n]!.zp!] } }));
    const axis = tensors.push({ name: 'axis', type: 'int32', shape: [1], data: toBytes(arrayFrom('int32', [1]), 'int32') }) - 1;
    const model = buildTflite({
      tensors, inputs: [names.indexOf('x'), names.indexOf('b')], outputs: [names.indexOf('t8'), names.indexOf('t10')],
      operators: ops.map(([tfl, , ins, out, , options]) => ({ op: tfl, options, outputs: [names.indexOf(out)],
        inputs: [...ins.map((i) => names.indexOf(i)), ...(tfl === 'MEAN' ? [axis] : [])] })),
    });
    const g = newGraph('chain');
    const ids = new Map(names.map((n) => [n, addValue(g, { name: n, dtype: irType(T[n]!), shape: [...T[n]!.shape], quant: quantOf(T[n]!) }).id]));
    g.inputs = [ids.get('x')!, ids.get('b')!];
    g.outputs = [ids.get('t8')!, ids.get('t10')!];
    for (const [, ir, ins, out, attrs] of ops) addNode(g, { name: out, op: ir, inputs: ins.map((i) => ids.get(i)!), outputs: [ids.get(out)!], attrs });
    runPipeline(g, { verify: true });
    const compiled = compileGraph(g, { name: 'qarith_chain' });
    const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-test-qarith-')), { werror: true });

    const rand = prng(7);
    const xs = randomSets(T.x!, SETS, rand, 3), bs = randomSets(T.b!, SETS, rand);
    const stack = (sets: NumArray[], t: QT): NpyArray => {
      const bytes = sets.map((a) => toBytes(a, irType(t)));
      const all = new Uint8Array(bytes.reduce((s, b) => s + b.length, 0));
      bytes.forEach((b, i) => all.set(b, i * b.length));
      return { dtype: t.type, shape: [SETS, ...t.shape], data: all };
    };
    const oracle = runTfliteOracle(model, [stack(xs, T.x!), stack(bs, T.b!)]);
    const got = runSets(runner, xs.map((x, s) => [toBytes(x, 'float32'), toBytes(bs[s]!, 'int8')]));
    [0, 1].forEach((k) => {
      const want = oracle.outputArrays[k]!.data, per = want.length / SETS;
      for (let s = 0; s < SETS; s++) expect(Array.from(got[s]![k]!), `output ${k} set ${s}`).toEqual(Array.from(want.subarray(s * per, (s + 1) * per)));
    });
  }, 120_000);
});
