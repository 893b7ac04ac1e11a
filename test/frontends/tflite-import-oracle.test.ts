// Compiles TFLite models with aotc, runs them natively and compares with TFLite Micro (the int8 oracle) or LiteRT's
// reference kernels: the shared real models on 100 seeded input sets (int8: bit-identical), and synthetic models
// covering every operator mapping (each op family in one multi-output model).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGraph, compileModel, importModel, type Compiled } from '../../compiler/compile.js';
import { buildTflite, type OptionsSpec, type TensorSpec } from '../../compiler/frontends/tflite/build-model.js';
import { readTflite, type TfliteModel } from '../../compiler/frontends/tflite/reader.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { prng } from '../../compiler/harness/inputs.js';
import type { NpyArray, NpyDtype } from '../../compiler/harness/npy.js';
import { runTfliteOracle, tfliteOracleStatus, type TfliteOracleRuntime } from '../../compiler/harness/tflite-oracle.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MODELS = join(REPO, '..', 'shared', 'models');
const status = tfliteOracleStatus();
const noOracle = !status.ok && !process.env.CI;

/** Needs the Python oracle: skipped without it, failing without it in CI. */
function oracleIt(name: string, body: () => void, timeout = 180_000): void {
  it.skipIf(noOracle)(name, () => {
    expect(status, 'the Python oracle (.venv) is unavailable; run `bash scripts/setup.sh`').toMatchObject({ ok: true });
    body();
  }, timeout);
}

const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);
const ITEM: Record<string, number> = { int8: 1, uint8: 1, int16: 2, int32: 4, float32: 4 };

/** `sets` seeded input sets per model input: int8/uint8/int16 uniform over the whole range, floats in `floatRange`. */
function randomInputs(m: TfliteModel, sets: number, seed: number, floatRange: [number, number] = [-1, 1]): NpyArray[] {
  const rand = prng(seed);
  return m.main.inputs.map((ti) => {
    const t = m.main.tensors[ti]!;
    const n = numel(t.shape) * sets;
    const dv = new DataView(new ArrayBuffer(n * ITEM[t.type]!));
    for (let i = 0; i < n; i++) {
      if (t.type === 'int8') dv.setInt8(i, -128 + Math.floor(rand() * 256));
      else if (t.type === 'uint8') dv.setUint8(i, Math.floor(rand() * 256));
      else if (t.type === 'int16') dv.setInt16(2 * i, -32768 + Math.floor(rand() * 65536), true);
      else if (t.type === 'float32') dv.setFloat32(4 * i, floatRange[0] + rand() * (floatRange[1] - floatRange[0]), true);
      else throw new Error(`no generator for ${t.type}`);
    }
    return { dtype: t.type as NpyDtype, shape: [sets, ...t.shape], data: new Uint8Array(dv.buffer) };
  });
}

/** Run a compiled bundle on stacked inputs ([sets, ...shape] per input); outputs stacked the same way. */
function runCompiled(compiled: Compiled, inputs: NpyArray[]): NpyArray[] {
  const sets = inputs[0]!.shape[0]!;
  const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-tflite-import-')), { werror: true });
  const perSet = Array.from({ length: sets }, (_s, k) => inputs.map((a) => {
    const n = a.data.length / sets;
    return a.data.slice(k * n, (k + 1) * n);
  }));
  const outs = runSets(runner, perSet);
  return compiled.graph.outputs.map((id, j) => {
    const v = compiled.graph.values.get(id)!;
    const data = new Uint8Array(outs.reduce((n, o) => n + o[j]!.length, 0));
    let at = 0;
    for (const o of outs) { data.set(o[j]!, at); at += o[j]!.length; }
    return { dtype: v.dtype as NpyDtype, shape: [sets, ...v.shape], data };
  });
}

interface Agreement { sets: number; identicalSets: number; maxAbsDiff: number; refRange: number }

function agreement(ours: NpyArray, ref: NpyArray): Agreement {
  expect(ours.dtype).toBe(ref.dtype);
  expect(ours.shape).toEqual(ref.shape);
  const sets = ref.shape[0]!;
  const view = (a: NpyArray): ArrayLike<number> => {
    const b = a.data.slice().buffer;
    return a.dtype === 'float32' ? new Float32Array(b) : a.dtype === 'int16' ? new Int16Array(b) : a.dtype === 'uint8' ? new Uint8Array(b) : new Int8Array(b);
  };
  const x = view(ours), y = view(ref);
  const per = y.length / sets;
  let identicalSets = 0, maxAbsDiff = 0, lo = Infinity, hi = -Infinity;
  for (let s = 0; s < sets; s++) {
    let same = true;
    for (let i = s * per; i < (s + 1) * per; i++) {
      const d = Math.abs(x[i]! - y[i]!);
      if (!(d === 0) && !Object.is(x[i], y[i])) same = false;
      if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
      lo = Math.min(lo, y[i]!); hi = Math.max(hi, y[i]!);
    }
    if (same) identicalSets++;
  }
  return { sets, identicalSets, maxAbsDiff, refRange: hi - lo };
}

/**
 * Where aotc first departs from the reference: every operator output of the model becomes a graph output, both run on
 * the same inputs, and the first operator (in model order) whose output differs is described.
 */
function firstDifferingLayer(path: string, bytes: Uint8Array, inputs: NpyArray[], runtime: TfliteOracleRuntime): string {
  const m = readTflite(bytes, path);
  const g = importModel(bytes, path);
  const byName = new Map([...g.values.values()].map((v) => [v.name, v.id]));
  const layers: [number, number][] = [];
  for (const op of m.main.operators) for (const ti of op.outputs) {
    const id = byName.get(m.main.tensors[ti]!.name);
    if (id === undefined) continue;
    if (!g.outputs.includes(id)) g.outputs.push(id);
    layers.push([ti, g.outputs.indexOf(id)]);
  }
  runPipeline(g, { verify: true });
  const ours = runCompiled(compileGraph(g, { name: 'layers' }), inputs);
  const ref = runTfliteOracle(path, inputs, { runtime, perLayer: true });
  for (const [ti, k] of layers) {
    const r = ref.layers.get(ti);
    if (!r) continue;
    const a = agreement(ours[k]!, r);
    if (a.identicalSets !== a.sets) {
      const op = m.main.operators.find((o) => o.outputs.includes(ti))!;
      return `first difference at operator #${op.index} ${op.opName}, output '${m.main.tensors[ti]!.name}': `
        + `${a.sets - a.identicalSets} of ${a.sets} sets differ, max |diff| ${a.maxAbsDiff}`;
    }
  }
  return 'every operator output agrees';
}

// ------------------------------------------------------------------------------------------ real models

const SETS = 100;

interface RealRun { rel: string; kind: 'int8' | 'float'; floatRange?: [number, number] }
const REAL: RealRun[] = [
  { rel: 'mlperf-tiny/kws_ref_model.tflite', kind: 'int8' },
  { rel: 'mlperf-tiny/vww_96_int8.tflite', kind: 'int8' },
  { rel: 'mlperf-tiny/pretrainedResnet_quant.tflite', kind: 'int8' },
  { rel: 'mlperf-tiny/ad01_int8.tflite', kind: 'int8' },
  { rel: 'tflite/hello_world_int8.tflite', kind: 'int8' },
  { rel: 'tflite/micro_speech_quantized.tflite', kind: 'int8' },
  { rel: 'tflite/hello_world_float.tflite', kind: 'float', floatRange: [0, 2 * Math.PI] },
  { rel: 'mlperf-tiny/pretrainedResnet.tflite', kind: 'float' },
];

describe('tflite import: shared models against TFLite Micro', () => {
  for (const r of REAL) {
    const path = join(MODELS, r.rel);
    const goal = r.kind === 'int8' ? `bit-identical on ${SETS} random int8 input sets` : `within 1e-5 × output range on ${SETS} input sets`;
    it.skipIf(noOracle || (!existsSync(path) && !process.env.CI))(`${r.rel}: ${goal}`, () => {
      expect(status).toMatchObject({ ok: true });
      expect(existsSync(path), `shared model ${path} is missing`).toBe(true);
      const bytes = new Uint8Array(readFileSync(path));
      const m = readTflite(bytes, path);
      const inputs = randomInputs(m, SETS, 20240601, r.floatRange);
      const ours = runCompiled(compileModel(bytes, path, { verify: true }), inputs);
      const ref = runTfliteOracle(path, inputs, { runtime: 'tflm' });
      ref.outputArrays.forEach((want, k) => {
        const a = agreement(ours[k]!, want);
        if (r.kind === 'int8') {
          const where = a.identicalSets === a.sets ? '' : firstDifferingLayer(path, bytes, inputs, 'tflm');
          expect(a.identicalSets, `${a.identicalSets}/${a.sets} sets identical; ${where}`).toBe(a.sets);
        } else {
          expect(a.refRange).toBeGreaterThan(0);
          expect(a.maxAbsDiff, `max |diff| ${a.maxAbsDiff}, output range ${a.refRange}`).toBeLessThanOrEqual(1e-5 * a.refRange);
        }
      });
    }, 300_000);
  }

  const kws = join(MODELS, 'mlperf-tiny/kws_ref_model_float32.tflite');
  it.skipIf(noOracle || (!existsSync(kws) && !process.env.CI))(
    'mlperf-tiny/kws_ref_model_float32.tflite: hybrid model, rejected by TFLM and (cleanly, AOTC0012) by aotc', () => {
      expect(existsSync(kws)).toBe(true);
      const bytes = new Uint8Array(readFileSync(kws));
      const inputs = randomInputs(readTflite(bytes, kws), 2, 5);
      expect(() => runTfliteOracle(kws, inputs, { runtime: 'tflm' })).toThrow(/failed/);
      expect(runTfliteOracle(kws, inputs, { runtime: 'litert-ref' }).outputArrays[0]!.shape).toEqual([2, 1, 12]);
      expect(() => compileModel(bytes, kws)).toThrow(/hybrid CONV_2D/);
    }, 120_000);
});

// ------------------------------------------------------------------------------------------ synthetic models

const q = (scale: number | number[], zp: number | number[] = 0, axis = 0) => ({
  scale: Array.isArray(scale) ? scale : [scale], zeroPoint: Array.isArray(zp) ? zp : [zp], quantizedDimension: axis,
});

/** Builds a multi-output model: each `op` call adds one operator and makes its result a model output. */
class Spec {
  tensors: TensorSpec[] = [];
  ops: { op: string; inputs: number[]; outputs: number[]; options?: OptionsSpec }[] = [];
  inputs: number[] = [];
  outputs: number[] = [];
  rand: () => number;
  constructor(seed: number) { this.rand = prng(seed); }

  t(spec: TensorSpec): number { return this.tensors.push({ name: `t${this.tensors.length}`, ...spec }) - 1; }
  input(spec: TensorSpec): number { const i = this.t(spec); this.inputs.push(i); return i; }
  op(op: string, inputs: number[], out: TensorSpec, options?: OptionsSpec, isOutput = true): number {
    const o = this.t({ name: `${op.toLowerCase()}_${this.ops.length}`, ...out });
    this.ops.push({ op, inputs, outputs: [o], options });
    if (isOutput) this.outputs.push(o);
    return o;
  }
  ints(values: number[], shape = [values.length]): number {
    return this.t({ type: 'int32', shape, data: new Uint8Array(Int32Array.from(values).buffer) });
  }
  floats(shape: number[], lo = -1, hi = 1): number {
    const n = numel(shape);
    return this.t({ type: 'float32', shape, data: new Uint8Array(Float32Array.from({ length: n }, () => lo + this.rand() * (hi - lo)).buffer) });
  }
  int8s(shape: number[], quantization: TensorSpec['quantization']): number {
    const data = new Uint8Array(Int8Array.from({ length: numel(shape) }, () => -127 + Math.floor(this.rand() * 255)).buffer);
    return this.t({ type: 'int8', shape, data, quantization });
  }
  int32s(shape: number[], lo: number, hi: number, quantization?: TensorSpec['quantization']): number {
    const data = new Uint8Array(Int32Array.from({ length: numel(shape) }, () => lo + Math.floor(this.rand() * (hi - lo))).buffer);
    return this.t({ type: 'int32', shape, data, quantization });
  }
  bytes(): Uint8Array {
    return buildTflite({ tensors: this.tensors, operators: this.ops, inputs: this.inputs, outputs: this.outputs });
  }
}

/** Compile + run the model and compare every output with the reference runtime. */
function checkAgainst(name: string, bytes: Uint8Array, runtime: TfliteOracleRuntime, floatRange: [number, number] = [-1, 1], sets = 20): void {
  const m = readTflite(bytes);
  const inputs = randomInputs(m, sets, 77, floatRange);
  const ours = runCompiled(compileModel(bytes, `${name}.tflite`, { verify: true }), inputs);
  const ref = runTfliteOracle(bytes, inputs, { runtime });
  expect(ours).toHaveLength(ref.outputArrays.length);
  const failures: string[] = [];
  ref.outputArrays.forEach((want, k) => {
    const t = m.main.tensors[m.main.outputs[k]!]!;
    const a = agreement(ours[k]!, want);
    const label = `output ${k} '${t.name}' (${m.main.operators.find((o) => o.outputs.includes(m.main.outputs[k]!))!.opName})`;
    if (t.type === 'float32' ? a.maxAbsDiff > 1e-5 * Math.max(a.refRange, 1e-3) : a.identicalSets !== a.sets) {
      failures.push(`${label}: ${a.identicalSets}/${a.sets} sets identical, max |diff| ${a.maxAbsDiff}, reference range ${a.refRange}`);
    }
    if (a.refRange === 0) failures.push(`${label}: the reference output is constant (the test model is degenerate)`);
  });
  expect(failures).toEqual([]);
}

/** The NN layers (conv, depthwise, FC, pools with every padding/activation form) on one NHWC input. */
function nnModel(type: 'float32' | 'int8'): Uint8Array {
  const s = new Spec(type === 'int8' ? 11 : 12);
  const int8 = type === 'int8';
  const sIn = 0.05, zIn = int8 ? -3 : 0;
  const x = s.input({ type, shape: [1, 9, 10, 3], quantization: int8 ? q(sIn, zIn) : undefined });
  /** Weights, bias and an output scale that keeps the int8 outputs inside the range. */
  const weighted = (wShape: number[], oc: number, k: number, perChannel: boolean, axis: number) => {
    if (!int8) return { w: s.floats(wShape, -0.5, 0.5), b: s.floats([oc], -0.2, 0.2), out: undefined };
    const ws = perChannel ? Array.from({ length: oc }, (_c, i) => 0.004 + 0.002 * (i % 5)) : [0.005];
    const w = s.int8s(wShape, q(ws, ws.map(() => 0), axis));
    const b = s.int32s([oc], -3000, 3000, q(ws.map((v) => v * sIn), ws.map(() => 0)));
    const rms = Math.sqrt(k) * 74 * 73 * sIn * ws[0]!;
    return { w, b, out: q(rms / 40, 5) };
  };
  const conv = (oc: number, kh: number, kw: number, outShape: number[], o: Record<string, unknown>, perChannel = true) => {
    const { w, b, out } = weighted([oc, kh, kw, 3], oc, kh * kw * 3, perChannel, 0);
    s.op('CONV_2D', [x, w, b], { type, shape: outShape, quantization: out }, { kind: 'Conv2DOptions', strideH: 1, strideW: 1, ...o } as OptionsSpec);
  };
  conv(4, 3, 3, [1, 5, 5, 4], { padding: 'SAME', strideH: 2, strideW: 2, fusedActivationFunction: 'RELU6' });
  conv(2, 3, 2, [1, 5, 9, 2], { padding: 'VALID', dilationHFactor: 2, fusedActivationFunction: 'RELU' }, false);
  conv(3, 1, 1, [1, 9, 10, 3], { padding: 'SAME' });
  const dw = (mult: number, outShape: number[], o: Record<string, unknown>) => {
    const { w, b, out } = weighted([1, 3, 3, 3 * mult], 3 * mult, 9, true, 3);
    s.op('DEPTHWISE_CONV_2D', [x, w, b], { type, shape: outShape, quantization: out },
      { kind: 'DepthwiseConv2DOptions', strideH: 1, strideW: 1, depthMultiplier: mult, ...o } as OptionsSpec);
  };
  dw(2, [1, 9, 10, 6], { padding: 'SAME', fusedActivationFunction: 'RELU' });
  dw(1, [1, 5, 5, 3], { padding: 'SAME', strideH: 2, strideW: 2 });
  dw(1, [1, 5, 6, 3], { padding: 'VALID', dilationHFactor: 2, dilationWFactor: 2, fusedActivationFunction: 'RELU6' });
  const pool = (op: string, outShape: number[], o: Record<string, unknown>) =>
    s.op(op, [x], { type, shape: outShape, quantization: int8 ? q(sIn, zIn) : undefined }, { kind: 'Pool2DOptions', ...o } as OptionsSpec);
  pool('AVERAGE_POOL_2D', [1, 5, 5, 3], { padding: 'SAME', strideH: 2, strideW: 2, filterHeight: 3, filterWidth: 3 });
  pool('MAX_POOL_2D', [1, 5, 10, 3], { padding: 'SAME', strideH: 2, strideW: 1, filterHeight: 2, filterWidth: 3, fusedActivationFunction: 'RELU' });
  pool('AVERAGE_POOL_2D', [1, 3, 4, 3], { padding: 'VALID', strideH: 3, strideW: 2, filterHeight: 3, filterWidth: 3, fusedActivationFunction: 'RELU6' });
  const f = weighted([5, 270], 5, 270, false, 0);
  s.op('FULLY_CONNECTED', [x, f.w, f.b], { type, shape: [1, 5], quantization: f.out }, { kind: 'FullyConnectedOptions', fusedActivationFunction: 'RELU' });
  const k = weighted([4, 3], 4, 3, false, 0);
  s.op('FULLY_CONNECTED', [x, k.w, k.b], { type, shape: [1, 9, 10, 4], quantization: k.out }, { kind: 'FullyConnectedOptions', keepNumDims: true });
  return s.bytes();
}

/** Elementwise arithmetic, activations, softmax and mean on one input (plus a broadcast constant). */
function elementwiseModel(type: 'float32' | 'int8', withN1To1: boolean): Uint8Array {
  const s = new Spec(21);
  const int8 = type === 'int8';
  const qx = int8 ? q(0.03, -4) : undefined;
  const x = s.input({ type, shape: [1, 4, 6], quantization: qx });
  const y = s.input({ type, shape: [1, 4, 1], quantization: int8 ? q(0.02, 7) : undefined });
  const c = int8 ? s.int8s([6], q(0.025, 0)) : s.floats([6], -2, 2);
  const out = (scale: number, zp: number, shape = [1, 4, 6]): TensorSpec => ({ type, shape, quantization: int8 ? q(scale, zp) : undefined });
  s.op('ADD', [x, c], out(0.05, -20), { kind: 'AddOptions', fusedActivationFunction: 'RELU' });
  s.op('ADD', [x, y], out(0.04, 3), { kind: 'AddOptions' });
  s.op('SUB', [x, c], out(0.05, 10), { kind: 'SubOptions', fusedActivationFunction: 'RELU6' });
  s.op('MUL', [x, c], out(0.08, -2), { kind: 'MulOptions' });
  s.op('MUL', [x, y], out(0.01, 0), { kind: 'MulOptions', fusedActivationFunction: 'RELU' });
  s.op('SOFTMAX', [x], out(1 / 256, -128), { kind: 'SoftmaxOptions', beta: int8 ? 1 : 0.7 });
  s.op('LOGISTIC', [x], out(1 / 256, -128));
  s.op('TANH', [x], out(1 / 128, 0));
  s.op('RELU', [x], out(0.02, -128));
  s.op('RELU6', [x], out(0.025, -128));
  if (withN1To1) s.op('RELU_N1_TO_1', [x], out(1 / 128, 0));
  s.op('LEAKY_RELU', [x], out(0.03, 20), { kind: 'LeakyReluOptions', alpha: 0.3 });
  s.op('HARD_SWISH', [x], out(0.02, -60));
  s.op('MEAN', [x, s.ints([2])], out(0.01, 2, [1, 4, 1]), { kind: 'ReducerOptions', keepDims: true });
  s.op('MEAN', [x, s.ints([1, -1])], out(0.01, -1, [1]), { kind: 'ReducerOptions', keepDims: false });
  return s.bytes();
}

/** Data movement: RESHAPE, SQUEEZE, PAD, TRANSPOSE, STRIDED_SLICE, CONCATENATION (same parameters in and out). */
function dataModel(type: 'float32' | 'int8', concatActivation: boolean): Uint8Array {
  const s = new Spec(31);
  const qx = type === 'int8' ? q(0.1, -7) : undefined;
  const x = s.input({ type, shape: [1, 6, 5, 2], quantization: qx });
  const like = (shape: number[]): TensorSpec => ({ type, shape, quantization: qx });
  s.op('RESHAPE', [x, s.ints([-1, 10])], like([6, 10]));
  s.op('RESHAPE', [x], like([3, 20]), { kind: 'ReshapeOptions', newShape: [3, 20] });
  s.op('SQUEEZE', [x], like([6, 5, 2]), { kind: 'SqueezeOptions', squeezeDims: [0] });
  s.op('PAD', [x, s.ints([0, 0, 1, 2, 0, 1, 0, 0], [4, 2])], like([1, 9, 6, 2]));
  s.op('TRANSPOSE', [x, s.ints([0, 3, 1, 2])], like([1, 2, 6, 5]));
  const ss = (b: number[], e: number[], st: number[], shape: number[], o: Record<string, unknown>) =>
    s.op('STRIDED_SLICE', [x, s.ints(b), s.ints(e), s.ints(st)], like(shape), { kind: 'StridedSliceOptions', ...o } as OptionsSpec);
  ss([0, 5, 1, 0], [1, 0, 5, 2], [1, -2, 2, 1], [3, 2, 2], { shrinkAxisMask: 1, endMask: 2 });
  ss([0, -4, 0, 1], [1, -1, 5, 2], [1, 1, 3, 1], [1, 3, 2], { shrinkAxisMask: 8, beginMask: 4, endMask: 4 });
  ss([0, 0, 4, 0], [1, 6, 0, 2], [1, 3, -1, 1], [1, 2, 4, 2], {});
  const y = s.input({ type, shape: [1, 6, 5, 1], quantization: qx });
  s.op('CONCATENATION', [x, y, x], like([1, 6, 5, 5]), { kind: 'ConcatenationOptions', axis: -1,
    fusedActivationFunction: concatActivation ? 'RELU6' : 'NONE' });
  s.op('CONCATENATION', [x, x], like([2, 6, 5, 2]), { kind: 'ConcatenationOptions', axis: 0 });
  return s.bytes();
}

/** TFLite 16x8: int16 activations (zero point 0), int8 weights, int64 (conv, depthwise, FC) biases. */
function int16Model(): Uint8Array {
  const s = new Spec(51);
  const sIn = 0.0005;
  const x = s.input({ type: 'int16', shape: [1, 6, 7, 4], quantization: q(sIn, 0) });
  const bias64 = (n: number, scales: number[]) => s.t({ type: 'int64', shape: [n],
    data: new Uint8Array(BigInt64Array.from({ length: n }, () => BigInt(Math.floor((s.rand() - 0.5) * 2e6))).buffer),
    quantization: q(scales.map((v) => v * sIn), scales.map(() => 0)) });
  const ws = [0.01, 0.02, 0.015, 0.012, 0.02, 0.01];
  const w = s.int8s([6, 3, 3, 4], q(ws, ws.map(() => 0)));
  s.op('CONV_2D', [x, w, bias64(6, ws)], { type: 'int16', shape: [1, 3, 4, 6], quantization: q(0.004, 0) },
    { kind: 'Conv2DOptions', padding: 'SAME', strideH: 2, strideW: 2, fusedActivationFunction: 'RELU' });
  const dws = [0.02, 0.03, 0.01, 0.025];
  const dw = s.int8s([1, 3, 3, 4], q(dws, dws.map(() => 0), 3));
  s.op('DEPTHWISE_CONV_2D', [x, dw, bias64(4, dws)], { type: 'int16', shape: [1, 6, 7, 4], quantization: q(0.002, 0) },
    { kind: 'DepthwiseConv2DOptions', padding: 'SAME', strideH: 1, strideW: 1, depthMultiplier: 1 });
  const fw = s.int8s([5, 168], q(0.01, 0));
  s.op('FULLY_CONNECTED', [x, fw, bias64(5, [0.01])], { type: 'int16', shape: [1, 5], quantization: q(0.01, 0) },
    { kind: 'FullyConnectedOptions', fusedActivationFunction: 'RELU6' });
  s.op('MAX_POOL_2D', [x], { type: 'int16', shape: [1, 3, 4, 4], quantization: q(sIn, 0) },
    { kind: 'Pool2DOptions', padding: 'SAME', strideH: 2, strideW: 2, filterHeight: 2, filterWidth: 2 });
  s.op('AVERAGE_POOL_2D', [x], { type: 'int16', shape: [1, 2, 3, 4], quantization: q(sIn, 0) },
    { kind: 'Pool2DOptions', padding: 'VALID', strideH: 2, strideW: 2, filterHeight: 3, filterWidth: 3 });
  s.op('ADD', [x, x], { type: 'int16', shape: [1, 6, 7, 4], quantization: q(0.0012, 0) }, { kind: 'AddOptions', potScaleInt16: false });
  return s.bytes();
}

/** QUANTIZE (float → int8, int8 → int8 requantization) and DEQUANTIZE. */
function quantizeModel(): Uint8Array {
  const s = new Spec(41);
  const x = s.input({ type: 'float32', shape: [1, 3, 7] });
  const xq = s.op('QUANTIZE', [x], { type: 'int8', shape: [1, 3, 7], quantization: q(0.009, 5) });
  s.op('QUANTIZE', [xq], { type: 'int8', shape: [1, 3, 7], quantization: q(0.021, -3) });
  s.op('DEQUANTIZE', [xq], { type: 'float32', shape: [1, 3, 7] });
  return s.bytes();
}

describe('tflite import: every mapping against the reference runtime (synthetic models)', () => {
  oracleIt('float CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED / pools vs TFLM', () => checkAgainst('nn_f32', nnModel('float32'), 'tflm'));
  oracleIt('int8 CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED / pools vs TFLM (bit-identical)', () => checkAgainst('nn_i8', nnModel('int8'), 'tflm', [-1, 1], 100));
  oracleIt('float ADD/SUB/MUL, SOFTMAX, activations, MEAN vs LiteRT reference (TFLM lacks RELU_N1_TO_1)',
    () => checkAgainst('ew_f32', elementwiseModel('float32', true), 'litert-ref', [-4, 4]));
  oracleIt('float ADD/SUB/MUL, SOFTMAX, activations, MEAN vs TFLM', () => checkAgainst('ew_f32', elementwiseModel('float32', false), 'tflm', [-4, 4]));
  oracleIt('int8 ADD/SUB/MUL, SOFTMAX, activations, MEAN vs TFLM (bit-identical)', () => checkAgainst('ew_i8', elementwiseModel('int8', false), 'tflm', [-1, 1], 100));
  oracleIt('float data movement vs TFLM', () => checkAgainst('dm_f32', dataModel('float32', false), 'tflm'));
  oracleIt('int8 data movement vs TFLM (bit-identical)', () => checkAgainst('dm_i8', dataModel('int8', false), 'tflm'));
  oracleIt('CONCATENATION with a fused activation (both runtimes reject it): TFLM concat, then the clamp', () => {
    for (const type of ['float32', 'int8'] as const) {
      const withAct = dataModel(type, true);
      const m = readTflite(withAct);
      const inputs = randomInputs(m, 10, 3, [-8, 8]);
      const ours = runCompiled(compileModel(withAct, 'cat.tflite', { verify: true }), inputs);
      const ref = runTfliteOracle(dataModel(type, false), inputs, { runtime: 'tflm' }).outputArrays;
      const k = m.main.outputs.findIndex((ti) => m.main.operators.find((o) => o.outputs[0] === ti)!.opName === 'CONCATENATION');
      // RELU6: [0, 6] for float; in the int8 output domain (scale 0.1, zero point -7) [-7, 53].
      const [lo, hi] = type === 'float32' ? [0, 6] : [-7, 53];
      const clamped = type === 'float32'
        ? new Uint8Array(Float32Array.from(new Float32Array(ref[k]!.data.slice().buffer), (v) => Math.min(hi, Math.max(lo, v))).buffer)
        : new Uint8Array(Int8Array.from(new Int8Array(ref[k]!.data.slice().buffer), (v) => Math.min(hi, Math.max(lo, v))).buffer);
      expect(agreement(ours[k]!, { ...ref[k]!, data: clamped })).toMatchObject({ identicalSets: 10, maxAbsDiff: 0 });
      ref.forEach((r, j) => { if (j !== k) expect(agreement(ours[j]!, r).identicalSets, `output ${j}`).toBe(10); });
    }
  });
  oracleIt('int16x8 CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED / pools / ADD vs TFLM (bit-identical)',
    () => checkAgainst('nn_i16', int16Model(), 'tflm', [-1, 1], 50));
  oracleIt('QUANTIZE / DEQUANTIZE vs TFLM', () => checkAgainst('quant', quantizeModel(), 'tflm', [-1.2, 1.2], 100));
});
