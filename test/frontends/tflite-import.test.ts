// Tests the TFLite frontend's op mapping (IR level): the shared real models (op sequence, shapes, quantization, depthwise
// re-layout, notes), synthetic models for every mapping rule, and the error contract (AOTC0010/0011/0012/0020/0023).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importModel } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildTflite, type OperatorSpec, type OptionsSpec, type TensorSpec } from '../../compiler/frontends/tflite/build-model.js';
import { importTflite, type TfliteImportOptions } from '../../compiler/frontends/tflite/import.js';
import { tflitePadding } from '../../compiler/frontends/tflite/map-nn.js';
import { resolveAxis } from '../../compiler/frontends/tflite/map-slice.js';
import { readTflite, type TfliteModel, type TfliteTensor } from '../../compiler/frontends/tflite/reader.js';
import { getElem } from '../../compiler/ir/dtype.js';
import type { Graph, Node, Value } from '../../compiler/ir/graph.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MODELS = join(REPO, '..', 'shared', 'models');

function catchErr(f: () => unknown): AotcError {
  try { f(); } catch (e) { if (e instanceof AotcError) return e; throw e; }
  throw new Error('expected an AotcError');
}

/** IR ops as runs: 'Conv2DNhwc x9, AvgPool2DNhwc, ...'. */
function opRuns(g: Graph): string {
  const runs: [string, number][] = [];
  for (const n of g.nodes) {
    const last = runs[runs.length - 1];
    if (last && last[0] === n.op) last[1]++; else runs.push([n.op, 1]);
  }
  return runs.map(([op, k]) => (k > 1 ? `${op} x${k}` : op)).join(', ');
}

const valueByName = (g: Graph, name: string): Value | undefined => [...g.values.values()].find((v) => v.name === name);
const input = (g: Graph, n: Node, k: number): Value => g.values.get(n.inputs[k]!)!;

// ------------------------------------------------------------------------------------------ real models

interface RealModel {
  rel: string;
  /** IR op sequence right after import. */
  ops: string;
  batchNote: boolean;
  /** Explicit pads [t,l,b,r] of the first Conv2DNhwc. */
  firstPads?: number[];
}

const REAL: RealModel[] = [
  { rel: 'mlperf-tiny/kws_ref_model.tflite', batchNote: true, firstPads: [4, 1, 5, 1],
    ops: 'Conv2DNhwc x9, AvgPool2DNhwc, Reshape, FullyConnected, QSoftmax' },
  { rel: 'mlperf-tiny/vww_96_int8.tflite', batchNote: true, firstPads: [0, 0, 1, 1],
    ops: 'Conv2DNhwc x27, AvgPool2DNhwc, Reshape, FullyConnected, QSoftmax' },
  { rel: 'mlperf-tiny/pretrainedResnet_quant.tflite', batchNote: true, firstPads: [1, 1, 1, 1],
    ops: 'Conv2DNhwc x3, QAdd, Conv2DNhwc x3, QAdd, Conv2DNhwc x3, QAdd, AvgPool2DNhwc, Reshape, FullyConnected, QSoftmax' },
  { rel: 'mlperf-tiny/pretrainedResnet.tflite', batchNote: true, firstPads: [1, 1, 1, 1],
    ops: 'Conv2DNhwc x3, Add, Relu, Conv2DNhwc x3, Add, Relu, Conv2DNhwc x3, Add, Relu, AvgPool2DNhwc, Reshape, FullyConnected, Softmax' },
  { rel: 'mlperf-tiny/ad01_int8.tflite', batchNote: true, ops: 'FullyConnected x10' },
  { rel: 'tflite/hello_world_int8.tflite', batchNote: true, ops: 'FullyConnected x3' },
  { rel: 'tflite/hello_world_float.tflite', batchNote: true, ops: 'FullyConnected x3' },
  { rel: 'tflite/micro_speech_quantized.tflite', batchNote: false, firstPads: [4, 3, 5, 3],
    ops: 'Reshape, Conv2DNhwc, Reshape, FullyConnected, QSoftmax' },
];

/** A shared model: the test fails when it is missing in CI and is skipped elsewhere. */
function modelIt(rel: string, name: string, body: (bytes: Uint8Array, m: TfliteModel, path: string) => void): void {
  const path = join(MODELS, rel);
  it.skipIf(!existsSync(path) && !process.env.CI)(`${rel}: ${name}`, () => {
    expect(existsSync(path), `shared model ${path} is missing`).toBe(true);
    const bytes = new Uint8Array(readFileSync(path));
    body(bytes, readTflite(bytes, path), path);
  });
}

const sameQuant = (v: Value, t: TfliteTensor): void => {
  const q = t.quantization;
  if (!q || q.scale.length === 0) { expect(v.quant, v.name).toBeUndefined(); return; }
  expect(v.quant, v.name).toEqual({ scale: q.scale, zeroPoint: q.zeroPoint.map(Number), axis: q.quantizedDimension });
};

describe('tflite import: shared real models', () => {
  for (const r of REAL) {
    modelIt(r.rel, 'IR: op sequence, shapes, quantization, notes', (bytes, m, path) => {
      const g = importTflite(bytes, { file: path, checkOps: false });
      expect(opRuns(g)).toBe(r.ops);
      expect(g.notes.some((n) => /dynamic batch dimension set to 1/.test(n))).toBe(r.batchNote);
      const sg = m.main;
      // Inputs and outputs are the subgraph's, named after the tensors, with their dtype, shape and quantization.
      expect(g.inputs.map((id) => g.values.get(id)!.name)).toEqual(sg.inputs.map((ti) => sg.tensors[ti]!.name));
      expect(g.outputs.map((id) => g.values.get(id)!.name)).toEqual(sg.outputs.map((ti) => sg.tensors[ti]!.name));
      // Every activation tensor of the model is an IR value of the same dtype, shape and quantization.
      for (const op of sg.operators) for (const ti of [...op.inputs, ...op.outputs]) {
        const t = sg.tensors[ti]!;
        if (ti < 0 || t.data) continue;
        const v = valueByName(g, t.name)!;
        expect(v, t.name).toBeDefined();
        expect(v.dtype).toBe(t.type);
        expect(v.shape, t.name).toEqual(t.shape);
        sameQuant(v, t);
      }
      // Constants used by nodes carry the model's data and quantization (depthwise weights are re-laid out below).
      for (const n of g.nodes) for (const id of n.inputs) {
        const v = id === null ? undefined : g.values.get(id)!;
        if (!v?.data || v.name.endsWith('/weights_ohwi') || v.dtype === 'int64') continue;
        const t = sg.tensors.find((x) => x.name === v.name)!;
        expect(t, v.name).toBeDefined();
        expect(v.shape).toEqual(t.shape);
        expect(v.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
        sameQuant(v, t);
      }
      const convs = g.nodes.filter((n) => n.op === 'Conv2DNhwc');
      if (r.firstPads) expect(convs[0]!.attrs.pads).toEqual(r.firstPads);
      const quantized = sg.tensors[sg.inputs[0]!]!.type === 'int8';
      for (const n of [...convs, ...g.nodes.filter((x) => x.op === 'FullyConnected' || x.op.endsWith('Pool2DNhwc'))]) {
        if (quantized) {
          expect(n.attrs.act_min, n.name).toBeTypeOf('number');
          expect(n.attrs.act_max, n.name).toBeTypeOf('number');
          expect(n.attrs.act_kind).toBeUndefined();
        } else {
          expect(n.attrs.act_min).toBeUndefined();
        }
      }
    });
  }

  modelIt('mlperf-tiny/kws_ref_model.tflite', 'depthwise weights re-laid out [1,KH,KW,C] → [C,KH,KW,1], quant axis 3 → 0', (bytes, m, path) => {
    const g = importTflite(bytes, { file: path, checkOps: false });
    const dwOps = m.main.operators.filter((o) => o.opName === 'DEPTHWISE_CONV_2D');
    const dwNodes = g.nodes.filter((n) => n.op === 'Conv2DNhwc' && n.attrs.group !== 1);
    expect(dwNodes).toHaveLength(dwOps.length);
    expect(dwNodes).toHaveLength(4);
    dwOps.forEach((op, k) => {
      const src = m.main.tensors[op.inputs[1]!]!;
      const w = input(g, dwNodes[k]!, 1);
      const [, kh, kw, c] = src.shape as [number, number, number, number];
      expect(w.shape).toEqual([c, kh, kw, 1]);
      expect(dwNodes[k]!.attrs.group).toBe(c);
      expect(w.quant).toEqual({ scale: src.quantization!.scale, zeroPoint: src.quantization!.zeroPoint.map(Number), axis: 0 });
      const s = new Int8Array(src.data!.slice().buffer);
      for (let o = 0; o < c; o++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
        expect(getElem(w.data!, (o * kh + y) * kw + x)).toBe(s[(y * kw + x) * c + o]);
      }
      expect(input(g, dwNodes[k]!, 2).name).toBe(m.main.tensors[op.inputs[2]!]!.name); // bias unchanged
    });
    // Quantized RELU on every conv: zero point -128 makes the clamp the full int8 range.
    expect(new Set(g.nodes.filter((n) => n.op === 'Conv2DNhwc').map((n) => `${n.attrs.act_min},${n.attrs.act_max}`))).toEqual(new Set(['-128,127']));
  });

  modelIt('tflite/micro_speech_quantized.tflite', 'depth multiplier 8 on one channel, FC flattening, reshape', (bytes, _m, path) => {
    const g = importTflite(bytes, { file: path, checkOps: false });
    const [reshape, conv, flat, fc, sm] = g.nodes;
    expect(Array.from(input(g, reshape!, 1).data!, Number)).toEqual([-1, 49, 40, 1]);
    expect(conv!.attrs).toMatchObject({ group: 1, strides: [2, 2], dilations: [1, 1], pads: [4, 3, 5, 3] });
    expect(input(g, conv!, 1).shape).toEqual([8, 10, 8, 1]);
    expect(input(g, conv!, 1).quant!.axis).toBe(0);
    expect(g.values.get(flat!.outputs[0]!)!.shape).toEqual([1, 4000]);
    expect(g.values.get(flat!.outputs[0]!)!.quant).toEqual(g.values.get(conv!.outputs[0]!)!.quant);
    expect(fc!.inputs[0]).toBe(flat!.outputs[0]);
    expect(sm!.attrs).toEqual({ beta: 1 });
  });

  modelIt('mlperf-tiny/pretrainedResnet.tflite', 'float fused activations: attrs on convs, Relu after ADD', (bytes, _m, path) => {
    const g = importTflite(bytes, { file: path, checkOps: false });
    const convs = g.nodes.filter((n) => n.op === 'Conv2DNhwc');
    expect(convs[0]!.attrs).toMatchObject({ act_kind: 1, act_p0: 0, act_p1: Infinity });
    expect(convs[2]!.attrs.act_kind).toBeUndefined();
    const add = g.nodes.find((n) => n.op === 'Add')!;
    const relu = g.nodes[g.nodes.indexOf(add) + 1]!;
    expect(relu.op).toBe('Relu');
    expect(relu.inputs[0]).toBe(add.outputs[0]);
    expect(g.values.get(relu.outputs[0]!)!.name).toBe('model/activation_2/Relu;model/add/add');
  });

  modelIt('mlperf-tiny/kws_ref_model_float32.tflite', 'hybrid conv (float input, int8 weights) is a clean AOTC0012', (bytes, _m, path) => {
    const e = catchErr(() => importTflite(bytes, { file: path }));
    expect(e.code).toBe('AOTC0012');
    expect(e.message).toMatch(/hybrid CONV_2D \(float32 input, int8 weights/);
    expect(e.where?.op).toBe('CONV_2D');
  });

  modelIt('mlperf-tiny/ad01_int8.tflite', 'compile.ts importModel routes .tflite files to the TFLite frontend', (bytes, _m, path) => {
    const g = importModel(bytes, path);
    expect(g.nodes.map((n) => n.op)).toEqual(Array(10).fill('FullyConnected'));
  });
});

// ------------------------------------------------------------------------------------------ synthetic models

const q = (scale: number | number[], zp: number | number[], axis = 0) => ({
  scale: Array.isArray(scale) ? scale : [scale], zeroPoint: Array.isArray(zp) ? zp : [zp], quantizedDimension: axis,
});
const i8 = (xs: number[]): Uint8Array => new Uint8Array(Int8Array.from(xs).buffer);
const i32 = (xs: number[]): Uint8Array => new Uint8Array(Int32Array.from(xs).buffer);
const f32 = (xs: number[]): Uint8Array => new Uint8Array(Float32Array.from(xs).buffer);
const f16 = (bits: number[]): Uint8Array => new Uint8Array(Uint16Array.from(bits).buffer);

/** A one-operator model: tensor 0 is the input, the last tensor the output. */
function oneOp(op: string, tensors: TensorSpec[], options?: OptionsSpec, extra: Partial<OperatorSpec> = {}): Uint8Array {
  const out = tensors.length - 1;
  return buildTflite({
    tensors, inputs: [0], outputs: [out],
    operators: [{ op, inputs: tensors.slice(0, out).map((_t, i) => i), outputs: [out], options, ...extra }],
  });
}
const imp = (bytes: Uint8Array, opts: TfliteImportOptions = {}): Graph => importTflite(bytes, { checkOps: false, ...opts });

describe('tflite import: mapping rules', () => {
  it('computes SAME/VALID output sizes and pads like TFLite', () => {
    // [padding, in, filter, stride, dilation] → [out, before, after]
    const cases: [('SAME' | 'VALID'), number, number, number, number, number[]][] = [
      ['SAME', 49, 10, 2, 1, [25, 4, 5]], ['SAME', 10, 4, 2, 1, [5, 1, 1]], ['SAME', 96, 3, 2, 1, [48, 0, 1]],
      ['SAME', 5, 1, 3, 1, [2, 0, 0]], ['SAME', 7, 3, 1, 2, [7, 2, 2]], ['SAME', 8, 3, 3, 1, [3, 0, 1]],
      ['VALID', 25, 25, 25, 1, [1, 0, 0]], ['VALID', 10, 3, 2, 1, [4, 0, 0]], ['VALID', 9, 3, 1, 3, [3, 0, 0]],
    ];
    for (const [p, n, k, s, d, want] of cases) {
      const r = tflitePadding(p, n, k, s, d);
      expect([r.out, r.before, r.after], `${p} in=${n} k=${k} s=${s} d=${d}`).toEqual(want);
    }
  });

  it('resolves strided-slice axes like TFLite (masks, negative indices and strides, shrink, offset)', () => {
    const m = { begin: false, end: false, shrink: false, offset: false };
    const r = (size: number, b: number, e: number, s: number, o = {}) => {
      const x = resolveAxis(size, b, e, s, { ...m, ...o });
      return [x.start, x.stop, x.count];
    };
    expect(r(10, 2, 8, 2)).toEqual([2, 8, 3]);
    expect(r(10, -3, -1, 1)).toEqual([7, 9, 2]);
    expect(r(10, 0, 0, 1, { end: true })).toEqual([0, 10, 10]);
    expect(r(10, 5, 0, -1, { begin: true, end: true })).toEqual([9, -1, 10]);
    expect(r(10, 8, 2, -3)).toEqual([8, 2, 2]);
    expect(r(10, -1, 0, 1, { shrink: true })).toEqual([9, 10, 1]);
    expect(r(10, 3, 4, 1, { offset: true })).toEqual([3, 7, 4]);
    expect(r(10, 20, 30, 1)).toEqual([10, 10, 0]);
    expect(r(10, -20, 3, 1)).toEqual([0, 3, 3]);
  });

  it('FULLY_CONNECTED: flattens other ranks with a Reshape, keep_num_dims reshapes back', () => {
    const tensors = (keep: boolean): TensorSpec[] => [
      { name: 'x', type: 'float32', shape: [2, 3, 4] },
      { name: 'w', type: 'float32', shape: [5, 4], data: f32(Array(20).fill(0.5)) },
      { name: 'b', type: 'float32', shape: [5], data: f32([1, 2, 3, 4, 5]) },
      { name: 'y', type: 'float32', shape: keep ? [2, 3, 5] : [6, 5] },
    ];
    const g = imp(oneOp('FULLY_CONNECTED', tensors(false), { kind: 'FullyConnectedOptions', fusedActivationFunction: 'RELU6' }));
    expect(opRuns(g)).toBe('Reshape, FullyConnected');
    expect(Array.from(input(g, g.nodes[0]!, 1).data!, Number)).toEqual([-1, 4]);
    expect(g.nodes[1]!.attrs).toEqual({ act_kind: 1, act_p0: 0, act_p1: 6 });
    const k = imp(oneOp('FULLY_CONNECTED', tensors(true), { kind: 'FullyConnectedOptions', keepNumDims: true }));
    expect(opRuns(k)).toBe('Reshape, FullyConnected, Reshape');
    expect(Array.from(input(k, k.nodes[2]!, 1).data!, Number)).toEqual([2, 3, 5]);
    expect(k.values.get(k.outputs[0]!)!.name).toBe('y');
  });

  it('quantized fused activations become act_min/act_max in the output domain', () => {
    const g = imp(oneOp('FULLY_CONNECTED', [
      { name: 'x', type: 'int8', shape: [1, 4], quantization: q(0.5, 3) },
      { name: 'w', type: 'int8', shape: [2, 4], data: i8([1, 2, 3, 4, 5, 6, 7, 8]), quantization: q(0.01, 0) },
      { name: 'y', type: 'int8', shape: [1, 2], quantization: q(0.05, -10) },
    ], { kind: 'FullyConnectedOptions', fusedActivationFunction: 'RELU6' }, { inputs: [0, 1, -1] }));
    expect(g.nodes[0]!.inputs[2]).toBeNull();
    expect(g.nodes[0]!.attrs).toEqual({ act_min: -10, act_max: 110 }); // zp -10; 6 / 0.05 = 120 steps above it
  });

  it('binary ops: float fused activation as a separate node, quantized as QAdd attrs', () => {
    const t = (type: 'float32' | 'int8'): TensorSpec[] => [
      { name: 'a', type, shape: [1, 2, 2, 3], quantization: type === 'int8' ? q(0.1, 1) : undefined },
      { name: 'b', type, shape: [3], data: type === 'int8' ? i8([1, 2, 3]) : f32([1, 2, 3]), quantization: type === 'int8' ? q(0.2, 0) : undefined },
      { name: 'y', type, shape: [1, 2, 2, 3], quantization: type === 'int8' ? q(0.3, -5) : undefined },
    ];
    const g = imp(oneOp('ADD', t('float32'), { kind: 'AddOptions', fusedActivationFunction: 'RELU6' }));
    expect(opRuns(g)).toBe('Add, Clip');
    expect([1, 2].map((k) => getElem(input(g, g.nodes[1]!, k).data!, 0))).toEqual([0, 6]);
    expect(g.values.get(g.nodes[1]!.outputs[0]!)!.name).toBe('y');
    const s = imp(oneOp('SUB', t('float32'), { kind: 'SubOptions', fusedActivationFunction: 'RELU' }));
    expect(opRuns(s)).toBe('Sub, Relu');
    expect(opRuns(imp(oneOp('MUL', t('float32'), { kind: 'MulOptions' })))).toBe('Mul');
    const qg = imp(oneOp('ADD', t('int8'), { kind: 'AddOptions', fusedActivationFunction: 'RELU' }));
    expect(opRuns(qg)).toBe('QAdd');
    expect(qg.nodes[0]!.attrs).toEqual({ act_min: -5, act_max: 127 });
    expect(opRuns(imp(oneOp('MUL', t('int8'), { kind: 'MulOptions' })))).toBe('QMul');
    expect(opRuns(imp(oneOp('SUB', t('int8'), { kind: 'SubOptions' })))).toBe('QSub');
    // Operators stored without their options table take the schema defaults (no fused activation).
    expect(opRuns(imp(oneOp('ADD', t('float32'))))).toBe('Add');
    expect(imp(oneOp('ADD', t('int8'))).nodes[0]!.attrs).toEqual({ act_min: -128, act_max: 127 });
  });

  it('unary activations: quantized forms with their attrs, float forms on the ONNX-semantics ops', () => {
    const fl: TensorSpec[] = [{ name: 'x', type: 'float32', shape: [1, 8] }, { name: 'y', type: 'float32', shape: [1, 8] }];
    const qt: TensorSpec[] = [{ name: 'x', type: 'int8', shape: [1, 8], quantization: q(0.1, 2) }, { name: 'y', type: 'int8', shape: [1, 8], quantization: q(0.05, -3) }];
    const cases: [string, OptionsSpec | undefined, string, string, Record<string, unknown>][] = [
      ['LOGISTIC', undefined, 'Sigmoid', 'QLogistic', {}],
      ['TANH', undefined, 'Tanh', 'QTanh', {}],
      ['RELU', undefined, 'Relu', 'QRelu', { lo: 0, hi: Infinity }],
      ['RELU6', undefined, 'Clip', 'QRelu', { lo: 0, hi: 6 }],
      ['RELU_N1_TO_1', undefined, 'Clip', 'QRelu', { lo: -1, hi: 1 }],
      ['LEAKY_RELU', { kind: 'LeakyReluOptions', alpha: 0.25 }, 'LeakyRelu', 'QLeakyRelu', { alpha: 0.25 }],
      ['HARD_SWISH', undefined, 'HardSwish', 'QHardSwish', {}],
    ];
    for (const [op, opts, fop, qop, attrs] of cases) {
      const gf = imp(oneOp(op, fl, opts));
      expect(gf.nodes.map((n) => n.op), op).toEqual([fop]);
      const gq = imp(oneOp(op, qt, opts));
      expect(gq.nodes.map((n) => n.op), op).toEqual([qop]);
      expect(gq.nodes[0]!.attrs, op).toEqual(attrs);
    }
    const r6 = imp(oneOp('RELU6', fl));
    expect([1, 2].map((k) => getElem(input(r6, r6.nodes[0]!, k).data!, 0))).toEqual([0, 6]);
  });

  it('SOFTMAX: beta scales the float input first; quantized keeps beta as an attr', () => {
    const g = imp(oneOp('SOFTMAX', [{ name: 'x', type: 'float32', shape: [1, 5] }, { name: 'y', type: 'float32', shape: [1, 5] }],
      { kind: 'SoftmaxOptions', beta: 0.5 }));
    expect(opRuns(g)).toBe('Mul, Softmax');
    expect(getElem(input(g, g.nodes[0]!, 1).data!, 0)).toBe(0.5);
    expect(g.nodes[1]!.attrs).toEqual({ axis: -1 });
    const one = imp(oneOp('SOFTMAX', [{ name: 'x', type: 'float32', shape: [1, 5] }, { name: 'y', type: 'float32', shape: [1, 5] }],
      { kind: 'SoftmaxOptions', beta: 1 }));
    expect(opRuns(one)).toBe('Softmax');
  });

  it('MEAN: float → ReduceMean with an axes input; quantized → QMean with normalised axes', () => {
    const t = (type: 'float32' | 'int8'): TensorSpec[] => [
      { name: 'x', type, shape: [1, 4, 4, 3], quantization: type === 'int8' ? q(0.1, 0) : undefined },
      { name: 'axes', type: 'int32', shape: [2], data: i32([2, -3]) },
      { name: 'y', type, shape: [1, 1, 1, 3], quantization: type === 'int8' ? q(0.1, 0) : undefined },
    ];
    const g = imp(oneOp('MEAN', t('float32'), { kind: 'ReducerOptions', keepDims: true }));
    expect(g.nodes[0]!.op).toBe('ReduceMean');
    expect(Array.from(input(g, g.nodes[0]!, 1).data!, Number)).toEqual([1, 2]);
    expect(g.nodes[0]!.attrs).toMatchObject({ keepdims: 1 });
    const gq = imp(oneOp('MEAN', t('int8'), { kind: 'ReducerOptions', keepDims: false }));
    expect(gq.nodes[0]!.op).toBe('QMean');
    expect(gq.nodes[0]!.attrs).toEqual({ axes: [1, 2], keepdims: 0 });
  });

  it('PAD: int8 pads with the output zero point; paddings become ONNX begin/end pads', () => {
    const g = imp(oneOp('PAD', [
      { name: 'x', type: 'int8', shape: [1, 2, 3, 1], quantization: q(0.1, -7) },
      { name: 'p', type: 'int32', shape: [4, 2], data: i32([0, 0, 1, 2, 3, 4, 0, 0]) },
      { name: 'y', type: 'int8', shape: [1, 5, 10, 1], quantization: q(0.1, -7) },
    ]));
    const pad = g.nodes[0]!;
    expect(pad.op).toBe('Pad');
    expect(Array.from(input(g, pad, 1).data!, Number)).toEqual([0, 1, 3, 0, 0, 2, 4, 0]);
    expect(input(g, pad, 2).dtype).toBe('int8');
    expect(getElem(input(g, pad, 2).data!, 0)).toBe(-7);
    const fl = imp(oneOp('PAD', [
      { name: 'x', type: 'float32', shape: [2, 3] },
      { name: 'p', type: 'int32', shape: [2, 2], data: i32([1, 0, 0, 1]) },
      { name: 'y', type: 'float32', shape: [3, 4] },
    ]));
    expect(fl.nodes[0]!.inputs).toHaveLength(2);
  });

  it('CONCATENATION: negative axis normalised, fused activation as a clamp (int8: in the output domain)', () => {
    const g = buildTflite({
      tensors: [
        { name: 'a', type: 'int8', shape: [1, 2, 3], quantization: q(0.5, -20) },
        { name: 'b', type: 'int8', shape: [1, 2, 4], quantization: q(0.5, -20) },
        { name: 'y', type: 'int8', shape: [1, 2, 7], quantization: q(0.5, -20) },
      ],
      operators: [{ op: 'CONCATENATION', inputs: [0, 1], outputs: [2], options: { kind: 'ConcatenationOptions', axis: -1, fusedActivationFunction: 'RELU6' } }],
      inputs: [0, 1], outputs: [2],
    });
    const ir = imp(g);
    expect(opRuns(ir)).toBe('Concat, Clip');
    expect(ir.nodes[0]!.attrs).toEqual({ axis: 2 });
    const clip = ir.nodes[1]!;
    expect([1, 2].map((k) => [input(ir, clip, k).dtype, getElem(input(ir, clip, k).data!, 0)])).toEqual([['int8', -20], ['int8', -8]]);
  });

  it('RESHAPE: the shape input, else new_shape, else the output tensor shape', () => {
    const x: TensorSpec = { name: 'x', type: 'float32', shape: [1, 6] };
    const y: TensorSpec = { name: 'y', type: 'float32', shape: [2, 3], shapeSignature: [-1, 3] };
    const fromInput = imp(oneOp('RESHAPE', [x, { name: 's', type: 'int32', shape: [2], data: i32([3, -1]) }, { ...y, shape: [3, 2] }]));
    expect(Array.from(input(fromInput, fromInput.nodes[0]!, 1).data!, Number)).toEqual([3, -1]);
    const fromOptions = imp(oneOp('RESHAPE', [x, y], { kind: 'ReshapeOptions', newShape: [-1, 2, 3] }));
    expect(Array.from(input(fromOptions, fromOptions.nodes[0]!, 1).data!, Number)).toEqual([-1, 2, 3]);
    const fromOutput = imp(oneOp('RESHAPE', [x, y]));
    expect(Array.from(input(fromOutput, fromOutput.nodes[0]!, 1).data!, Number)).toEqual([-1, 3]);
  });

  it('SQUEEZE, TRANSPOSE and STRIDED_SLICE map onto Squeeze, Transpose and Slice (+ Reshape for shrink)', () => {
    const sq = imp(oneOp('SQUEEZE', [{ name: 'x', type: 'int8', shape: [1, 3, 1], quantization: q(1, 0) }, { name: 'y', type: 'int8', shape: [3, 1], quantization: q(1, 0) }],
      { kind: 'SqueezeOptions', squeezeDims: [0] }));
    expect(sq.nodes[0]!.op).toBe('Squeeze');
    expect(Array.from(input(sq, sq.nodes[0]!, 1).data!, Number)).toEqual([0]);
    const tr = imp(oneOp('TRANSPOSE', [{ name: 'x', type: 'float32', shape: [2, 3, 4] },
      { name: 'p', type: 'int32', shape: [3], data: i32([2, 0, 1]) }, { name: 'y', type: 'float32', shape: [4, 2, 3] }]));
    expect(tr.nodes[0]!.attrs).toEqual({ perm: [2, 0, 1] });
    const ss = imp(oneOp('STRIDED_SLICE', [
      { name: 'x', type: 'float32', shape: [4, 10, 3] },
      { name: 'b', type: 'int32', shape: [3], data: i32([1, 9, 0]) },
      { name: 'e', type: 'int32', shape: [3], data: i32([2, 0, 3]) },
      { name: 's', type: 'int32', shape: [3], data: i32([1, -2, 1]) },
      { name: 'y', type: 'float32', shape: [5, 3] },
    ], { kind: 'StridedSliceOptions', shrinkAxisMask: 1, endMask: 2 }));
    expect(opRuns(ss)).toBe('Slice, Reshape');
    const ints = (k: number) => Array.from(input(ss, ss.nodes[0]!, k).data!, Number);
    expect([ints(1), ints(2), ints(3), ints(4)]).toEqual([[1, 9, 0], [2, -11, 3], [0, 1, 2], [1, -2, 1]]);
    expect(Array.from(input(ss, ss.nodes[1]!, 1).data!, Number)).toEqual([5, 3]);
  });

  it('QUANTIZE / DEQUANTIZE; a float16 constant behind DEQUANTIZE is used as float32 directly', () => {
    const g = imp(buildTflite({
      tensors: [
        { name: 'x', type: 'float32', shape: [1, 2] },
        { name: 'xq', type: 'int8', shape: [1, 2], quantization: q(0.01, 1) },
        { name: 'xd', type: 'float32', shape: [1, 2] },
        { name: 'c16', type: 'float16', shape: [1, 2], data: f16([0x3c00, 0xc000]) }, // 1, -2
        { name: 'c32', type: 'float32', shape: [1, 2] },
        { name: 'y', type: 'float32', shape: [1, 2] },
      ],
      operators: [
        { op: 'QUANTIZE', inputs: [0], outputs: [1] },
        { op: 'DEQUANTIZE', inputs: [1], outputs: [2] },
        { op: 'DEQUANTIZE', inputs: [3], outputs: [4] },
        { op: 'ADD', inputs: [2, 4], outputs: [5], options: { kind: 'AddOptions' } },
      ],
      inputs: [0], outputs: [5],
    }));
    expect(opRuns(g)).toBe('Quantize, Dequantize, Add');
    const c = input(g, g.nodes[2]!, 1);
    expect(c.dtype).toBe('float32');
    expect(Array.from(c.data!, Number)).toEqual([1, -2]);
    expect(g.values.get(g.nodes[0]!.outputs[0]!)!.quant).toEqual({ scale: [0.009999999776482582], zeroPoint: [1], axis: 0 });
  });

  it('quantization and shapes on every value; dynamic batch → 1 with a note; --input-shape fixes other dims', () => {
    const spec = (sig: number[]) => oneOp('RELU', [
      { name: 'x', type: 'int8', shape: sig.map((d) => (d < 0 ? 1 : d)), shapeSignature: sig, quantization: q(0.25, 4) },
      { name: 'y', type: 'int8', shape: sig.map((d) => (d < 0 ? 1 : d)), shapeSignature: sig, quantization: q(0.25, 4) },
    ]);
    const g = imp(spec([-1, 5]));
    expect(g.values.get(g.inputs[0]!)!).toMatchObject({ shape: [1, 5], dtype: 'int8', quant: { scale: [0.25], zeroPoint: [4], axis: 0 } });
    expect(g.notes).toEqual(["input 'x': dynamic batch dimension set to 1"]);
    const e = catchErr(() => imp(spec([1, -1, 3])));
    expect(e.code).toBe('AOTC0020');
    expect(e.message).toMatch(/'x' has a dynamic dimension at position 1/);
    expect(e.hint).toContain('--input-shape x=1xNx3');
    const fixed = imp(spec([1, -1, 3]), { inputShapes: new Map([['x', [1, 7, 3]]]) });
    expect(fixed.values.get(fixed.inputs[0]!)!.shape).toEqual([1, 7, 3]);
    expect(fixed.values.get(fixed.outputs[0]!)!.shape).toEqual([1, 7, 3]); // refined by the op's shape rule at import
    expect(catchErr(() => imp(spec([1, -1, 3]), { inputShapes: new Map([['x', [7, 3]]]) })).code).toBe('AOTC0023');
    expect(catchErr(() => imp(spec([1, 5]), { inputShapes: new Map([['nope', [1, 5]]]) })).message).toMatch(/'nope'.*not a model input/);
  });

  it('SAME pads follow the input shape given by --input-shape', () => {
    const g = imp(oneOp('MAX_POOL_2D', [
      { name: 'x', type: 'float32', shape: [1, 1, 1, 2], shapeSignature: [1, -1, -1, 2] },
      { name: 'y', type: 'float32', shape: [1, 1, 1, 2] },
    ], { kind: 'Pool2DOptions', padding: 'SAME', strideH: 2, strideW: 2, filterHeight: 3, filterWidth: 2 }),
    { inputShapes: new Map([['x', [1, 9, 8, 2]]]) });
    expect(g.nodes[0]!.attrs).toEqual({ kernel: [3, 2], strides: [2, 2], pads: [1, 0, 1, 0] });
  });
});

describe('tflite import: errors', () => {
  const x: TensorSpec = { name: 'x', type: 'float32', shape: [1, 4] };
  const y: TensorSpec = { name: 'y', type: 'float32', shape: [1, 4] };

  it('lists every unsupported operator in one AOTC0010 (name, op, builtin code, version)', () => {
    const bytes = buildTflite({
      tensors: [x, { ...y, name: 'a' }, { ...y, name: '' }, { ...y, name: 'c' }, y],
      operators: [
        { op: 'GELU', inputs: [0], outputs: [1], version: 2 },
        { op: 'RELU', inputs: [1], outputs: [2] },
        { op: 'CUSTOM', customCode: 'MyOp', inputs: [2], outputs: [3] },
        { op: 'FLOOR', inputs: [3], outputs: [4] },
      ],
      inputs: [0], outputs: [4],
    });
    const e = catchErr(() => importTflite(bytes, { file: 'm.tflite' }));
    expect(e.code).toBe('AOTC0010');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('3 node(s) use operators aotc does not support: GELU, CUSTOM(MyOp), FLOOR');
    expect(e.details).toEqual([
      "node 'a': GELU (tflite builtin code 150, version 2)",
      "node 'c': CUSTOM(MyOp) (tflite builtin code 32, version 1)",
      "node 'y': FLOOR (tflite builtin code 8, version 1)",
    ]);
    expect(e.where?.file).toBe('m.tflite');
    // An unnamed output tensor: the node is called <OPNAME>_<index>.
    const anon = buildTflite({ tensors: [x, { ...y, name: '' }], operators: [{ op: 'FLOOR', inputs: [0], outputs: [1] }], inputs: [0], outputs: [1] });
    expect(catchErr(() => importTflite(anon)).details).toEqual(["node 'FLOOR_0': FLOOR (tflite builtin code 8, version 1)"]);
  });

  it('AOTC0011 names the operator for unsupported options', () => {
    const conv = oneOp('CONV_2D', [
      { name: 'x', type: 'float32', shape: [1, 4, 4, 1] },
      { name: 'w', type: 'float32', shape: [2, 3, 3, 1], data: f32(Array(18).fill(0.1)) },
      { name: 'y', type: 'float32', shape: [1, 4, 4, 2] },
    ], { kind: 'Conv2DOptions', strideH: 1, strideW: 1, fusedActivationFunction: 'TANH' });
    const e = catchErr(() => importTflite(conv));
    expect(e.code).toBe('AOTC0011');
    expect(e.message).toMatch(/fused activation TANH on CONV_2D is not supported/);
    expect(e.where).toMatchObject({ node: 'y', op: 'CONV_2D' });
    const fc = oneOp('FULLY_CONNECTED', [x, { name: 'w', type: 'float32', shape: [4, 4], data: f32(Array(16).fill(1)) }, y],
      { kind: 'FullyConnectedOptions', weightsFormat: 'SHUFFLED4x16INT8' });
    expect(catchErr(() => importTflite(fc)).message).toMatch(/weights_format SHUFFLED4x16INT8/);
    const ss = oneOp('STRIDED_SLICE', [x, { name: 'b', type: 'int32', shape: [2], data: i32([0, 0]) },
      { name: 'e', type: 'int32', shape: [2], data: i32([1, 4]) }, { name: 's', type: 'int32', shape: [2], data: i32([1, 1]) }, y],
    { kind: 'StridedSliceOptions', ellipsisMask: 1 });
    expect(catchErr(() => importTflite(ss))).toMatchObject({ code: 'AOTC0011', message: expect.stringMatching(/ellipsis_mask/) });
    const requant = oneOp('RESHAPE', [{ name: 'x', type: 'int8', shape: [1, 4], quantization: q(0.5, 0) },
      { name: 'y', type: 'int8', shape: [4], quantization: q(0.25, 0) }], { kind: 'ReshapeOptions', newShape: [4] });
    expect(catchErr(() => importTflite(requant)).message).toMatch(/different quantization parameters/);
  });

  it('AOTC0012 for hybrid (float input, int8 weights) FULLY_CONNECTED and for tensor types without an IR dtype', () => {
    const fc = oneOp('FULLY_CONNECTED', [x, { name: 'w', type: 'int8', shape: [4, 4], data: i8(Array(16).fill(1)), quantization: q(0.1, 0) }, y],
      { kind: 'FullyConnectedOptions' });
    expect(catchErr(() => importTflite(fc))).toMatchObject({ code: 'AOTC0012', message: expect.stringMatching(/hybrid FULLY_CONNECTED/) });
    const str = oneOp('RELU', [{ name: 's', type: 'string', shape: [1] }, y]);
    expect(catchErr(() => importTflite(str))).toMatchObject({ code: 'AOTC0012', message: expect.stringMatching(/type string/) });
  });

  it('AOTC0022 for operands that must be constant', () => {
    const bytes = buildTflite({
      tensors: [{ name: 'x', type: 'float32', shape: [2, 3] }, { name: 'perm', type: 'int32', shape: [2] }, { name: 'y', type: 'float32', shape: [3, 2] }],
      operators: [{ op: 'TRANSPOSE', inputs: [0, 1], outputs: [2] }], inputs: [0, 1], outputs: [2],
    });
    expect(catchErr(() => importTflite(bytes)).code).toBe('AOTC0022');
  });

  it('AOTC0002 for malformed files through importModel', () => {
    const good = oneOp('RELU', [x, y]);
    expect(catchErr(() => importModel(good.subarray(0, 40), 'bad.tflite')).code).toBe('AOTC0002');
  });
});
