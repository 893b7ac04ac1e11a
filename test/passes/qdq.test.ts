// Tests the quantized-ONNX support: ONNX Q/DQ rounding, QDQ fusion, uint8 → int8, the int8 mapping with its
// fallbacks, NHWC layout clean-up, agreement with ONNX Runtime per layer, and the ONNX backend tests of the ops.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, optimizeModel } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { importOnnx } from '../../compiler/frontends/onnx/import.js';
import { runCase } from '../../compiler/harness/onnx-testcase.js';
import { arrayFrom } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph, type Graph } from '../../compiler/ir/graph.js';
import { OpCtx } from '../../compiler/ops/op-def.js';
import { quantizeLinear } from '../../compiler/ops/quantize-linear.js';
import { fuseQdq } from '../../compiler/passes/qdq-fuse.js';
import { optimizeLayout } from '../../compiler/passes/layout-nhwc.js';
import { inferAndFold } from '../../compiler/passes/infer-and-fold.js';
import { agreement, ints, qmodel, type QNode, type QTensor } from '../helpers/qonnx-agreement.js';
import { runModel } from '../helpers/run-model.js';

const f32 = (name: string, dims: number[], data: number[]): QTensor => ({ name, dtype: 'float32', dims, data });
const s8 = (name: string, dims: number[], data: number[]): QTensor => ({ name, dtype: 'int8', dims, data });
const u8 = (name: string, dims: number[], data: number[]): QTensor => ({ name, dtype: 'uint8', dims, data });
const i32 = (name: string, dims: number[], data: number[]): QTensor => ({ name, dtype: 'int32', dims, data });
const opsOf = (g: Graph) => g.nodes.map((n) => n.op);

function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { if (e instanceof AotcError) return e.code; throw e; }
  return undefined;
}

describe('QuantizeLinear / DequantizeLinear (ONNX rounding)', () => {
  it('folds with round-half-to-even and saturation', () => {
    const g = newGraph('q');
    const x = addValue(g, { name: 'x', dtype: 'float32', shape: [8], data: arrayFrom('float32', [0.5, 1.5, 2.5, -0.5, -2.5, 300, -300, 3.4]) });
    const s = addValue(g, { name: 's', dtype: 'float32', shape: [], data: arrayFrom('float32', [1]) });
    const z = addValue(g, { name: 'z', dtype: 'int8', shape: [], data: arrayFrom('int8', [1]) });
    const y = addValue(g, { name: 'y', dtype: 'float32', shape: [] });
    const n = addNode(g, { name: 'q', op: 'QuantizeLinear', inputs: [x.id, s.id, z.id], outputs: [y.id], attrs: {} });
    const c = new OpCtx(g, n);
    const outs = quantizeLinear.infer(c);
    expect(outs[0]).toMatchObject({ dtype: 'int8', shape: [8], quant: { scale: [1], zeroPoint: [1] } });
    expect(Array.from(quantizeLinear.fold!(c, outs)[0] as Int8Array)).toEqual([1, 3, 3, 1, -1, 127, -128, 4]);
  });

  it('the kernels match ONNX Runtime exactly, per tensor and per axis', async () => {
    const perTensor = qmodel([
      { op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['q'] },
      { op: 'DequantizeLinear', inputs: ['q', 's', 'z'], outputs: ['y'] },
    ], [{ name: 'x', dtype: 'float32', dims: [2, 3, 8] }], [{ name: 'y', dtype: 'float32', dims: [2, 3, 8] }],
    [f32('s', [], [0.0078125]), s8('z', [], [-3])]);
    expect((await agreement(perTensor, 'q.onnx', 20)).identical).toBe(1);
    const perAxis = qmodel([
      { op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['q'], attrs: { axis: 1 } },
      { op: 'DequantizeLinear', inputs: ['q', 's', 'z'], outputs: ['y'], attrs: { axis: 1 } },
    ], [{ name: 'x', dtype: 'float32', dims: [2, 3, 8] }], [{ name: 'y', dtype: 'float32', dims: [2, 3, 8] }],
    [f32('s', [3], [0.01, 0.004, 0.02]), u8('z', [3], [128, 0, 200])]);
    expect((await agreement(perAxis, 'q.onnx', 20)).identical).toBe(1);
  }, 60_000);

  it('the kernel rounds ties to even', () => {
    const m = qmodel([
      { op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['q'] },
      { op: 'DequantizeLinear', inputs: ['q', 's', 'z'], outputs: ['y'] },
    ], [{ name: 'x', dtype: 'float32', dims: [8] }], [{ name: 'y', dtype: 'float32', dims: [8] }], [f32('s', [], [0.5]), s8('z', [], [0])]);
    const x = Float32Array.from([0.25, 0.75, 1.25, -0.25, -0.75, -1.25, 63.25, 100]);
    expect(Array.from(runModel(m, [x]).outputs[0])).toEqual([0, 1, 1, 0, -1, -1, 63, 63.5]);
  });

  it('rejects unsupported forms with precise codes', () => {
    const m = (zpType: 'int8' | 'int32', scaleInput: boolean) => qmodel(
      [{ op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'] }],
      [{ name: 'x', dtype: 'float32', dims: [4] }, ...(scaleInput ? [{ name: 's', dtype: 'float32' as const, dims: [] }] : [])],
      [{ name: 'y', dtype: zpType, dims: [4] }],
      [...(scaleInput ? [] : [f32('s', [], [0.5])]), { name: 'z', dtype: zpType, dims: [], data: [0] }]);
    expect(codeOf(() => optimizeModel(m('int32', false), 'm.onnx'))).toBe('AOTC0012');
    expect(codeOf(() => optimizeModel(m('int8', true), 'm.onnx'))).toBe('AOTC0022');
  });
});

/** DQ(x) → Conv(DQ(w), DQ(b)) → act → Q → DQ: the QDQ form quantize_static writes. */
function qdqConv(act: QNode[], actOut: string): Uint8Array {
  return qmodel([
    { op: 'QuantizeLinear', inputs: ['x', 'xs', 'xz'], outputs: ['xq'] },
    { op: 'DequantizeLinear', inputs: ['xq', 'xs', 'xz'], outputs: ['xd'] },
    { op: 'DequantizeLinear', inputs: ['wq', 'ws', 'wz'], outputs: ['wd'], attrs: { axis: 0 } },
    { op: 'DequantizeLinear', inputs: ['bq', 'bs', 'bz'], outputs: ['bd'], attrs: { axis: 0 } },
    { op: 'Conv', inputs: ['xd', 'wd', 'bd'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
    ...act,
    { op: 'QuantizeLinear', inputs: [actOut, 'ys', 'yz'], outputs: ['yq'] },
    { op: 'DequantizeLinear', inputs: ['yq', 'ys', 'yz'], outputs: ['y'] },
  ], [{ name: 'x', dtype: 'float32', dims: [1, 3, 6, 6] }], [{ name: 'y', dtype: 'float32', dims: [1, 4, 6, 6] }], [
    f32('xs', [], [0.008]), u8('xz', [], [128]),
    s8('wq', [4, 3, 3, 3], ints(108, -127, 127)), f32('ws', [4], [0.002, 0.003, 0.0025, 0.004]), s8('wz', [4], [0, 0, 0, 0]),
    i32('bq', [4], [100, -200, 300, 0]), f32('bs', [4], [0.008 * 0.002, 0.008 * 0.003, 0.008 * 0.0025, 0.008 * 0.004]), i32('bz', [4], [0, 0, 0, 0]),
    f32('ys', [], [0.03]), u8('yz', [], [100]), f32('lo', [], [0]), f32('hi', [], [1.5]),
  ]);
}

describe('QDQ fusion', () => {
  it('DQ → Conv → Relu → Q becomes QLinearConv with the int32 bias and the Relu as act_min', () => {
    const g = importOnnx(qdqConv([{ op: 'Relu', inputs: ['c'], outputs: ['r'] }], 'r'));
    fuseQdq(g);
    expect(opsOf(g)).toEqual(['QuantizeLinear', 'QLinearConv', 'DequantizeLinear']);
    const conv = g.nodes[1];
    expect(conv.attrs).toMatchObject({ act_min: 100, act_max: 255, pads: [1, 1, 1, 1] });
    expect(Array.from(g.values.get(conv.inputs[8]!)!.data as Int32Array)).toEqual([100, -200, 300, 0]);
    expect(g.values.get(conv.inputs[3]!)!.name).toBe('wq'); // the weight DequantizeLinear is gone, int8 weights feed the op
  });

  it('absorbs Clip bounds quantized with the output parameters', () => {
    const g = importOnnx(qdqConv([{ op: 'Clip', inputs: ['c', 'lo', 'hi'], outputs: ['r'] }], 'r'));
    fuseQdq(g);
    expect(g.nodes[1].attrs).toMatchObject({ act_min: 100, act_max: 150 }); // 1.5 / 0.03 = 50 → 100 + 50
  });

  it('moves quantized bytes through MaxPool only when input and output quantization agree', () => {
    const pool = (ys: number) => importOnnx(qmodel([
      { op: 'QuantizeLinear', inputs: ['x', 'xs', 'xz'], outputs: ['xq'] },
      { op: 'DequantizeLinear', inputs: ['xq', 'xs', 'xz'], outputs: ['xd'] },
      { op: 'MaxPool', inputs: ['xd'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
      { op: 'QuantizeLinear', inputs: ['p', 'ys', 'xz'], outputs: ['pq'] },
      { op: 'DequantizeLinear', inputs: ['pq', 'ys', 'xz'], outputs: ['y'] },
    ], [{ name: 'x', dtype: 'float32', dims: [1, 2, 4, 4] }], [{ name: 'y', dtype: 'float32', dims: [1, 2, 2, 2] }],
    [f32('xs', [], [0.01]), f32('ys', [], [ys]), s8('xz', [], [3])]));
    const same = pool(0.01), other = pool(0.02);
    fuseQdq(same);
    fuseQdq(other);
    expect(opsOf(same)).toEqual(['QuantizeLinear', 'MaxPool', 'DequantizeLinear']);
    expect(opsOf(other)).toEqual(['QuantizeLinear', 'DequantizeLinear', 'MaxPool', 'QuantizeLinear', 'DequantizeLinear']);
  });

  it('the fused convolution runs on Conv2DNhwc and agrees with ONNX Runtime (which computes the QDQ graph in float)', async () => {
    const a = await agreement(qdqConv([{ op: 'Relu', inputs: ['c'], outputs: ['r'] }], 'r'), 'qdq.onnx', 50);
    expect(opsOf(a.compiled.graph)).toEqual(['QuantizeLinear', 'Transpose', 'Conv2DNhwc', 'Transpose', 'DequantizeLinear']);
    expect({ identical: a.identical, maxLsb: a.maxLsb }).toEqual({ identical: 0.9995833333333334, maxLsb: 1 });
  }, 60_000);
});

/** QOperator graph: uint8 activations, two QLinearConvs, a residual QLinearAdd, QLinearGlobalAveragePool, QLinearMatMul. */
function qopNet(wType: 'int8' | 'uint8', wz: number): Uint8Array {
  const w = (name: string, oc: number, ic: number, k: number, seed: number): QTensor[] => [
    { name, dtype: wType, dims: [oc, ic, k, k], data: ints(oc * ic * k * k, wType === 'int8' ? -127 : 0, wType === 'int8' ? 127 : 255, seed) },
    f32(`${name}_s`, [oc], ints(oc, 10, 40, seed + 1).map((v) => v / 10000)),
    { name: `${name}_z`, dtype: wType, dims: [oc], data: new Array<number>(oc).fill(wz) },
  ];
  return qmodel([
    { op: 'QuantizeLinear', inputs: ['x', 'xs', 'xz'], outputs: ['xq'] },
    { op: 'QLinearConv', inputs: ['xq', 'xs', 'xz', 'w1', 'w1_s', 'w1_z', 'as', 'az', 'b1'], outputs: ['a'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'QLinearConv', inputs: ['a', 'as', 'az', 'w2', 'w2_s', 'w2_z', 'bs', 'bz'], outputs: ['b'], attrs: { pads: [1, 1, 1, 1], group: 8 } },
    { op: 'QLinearAdd', domain: 'com.microsoft', inputs: ['a', 'as', 'az', 'b', 'bs', 'bz', 'cs', 'cz'], outputs: ['c'] },
    { op: 'QLinearGlobalAveragePool', domain: 'com.microsoft', inputs: ['c', 'cs', 'cz', 'gs', 'gz'], outputs: ['g'], attrs: { channels_last: 0 } },
    { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
    { op: 'QLinearMatMul', inputs: ['f', 'gs', 'gz', 'm', 'm_s', 'm_z', 'ys', 'yz'], outputs: ['yq'] },
    { op: 'DequantizeLinear', inputs: ['yq', 'ys', 'yz'], outputs: ['y'] },
  ], [{ name: 'x', dtype: 'float32', dims: [1, 3, 8, 8] }], [{ name: 'y', dtype: 'float32', dims: [1, 5] }], [
    f32('xs', [], [0.008]), u8('xz', [], [128]), ...w('w1', 8, 3, 3, 11), i32('b1', [8], ints(8, -500, 500, 3)),
    f32('as', [], [0.01]), u8('az', [], [120]), ...w('w2', 8, 1, 3, 21), f32('bs', [], [0.012]), u8('bz', [], [131]),
    f32('cs', [], [0.02]), u8('cz', [], [125]), f32('gs', [], [0.006]), u8('gz', [], [128]),
    { name: 'm', dtype: wType, dims: [8, 5], data: ints(40, wType === 'int8' ? -127 : 0, wType === 'int8' ? 127 : 255, 5) },
    f32('m_s', [], [0.004]), { name: 'm_z', dtype: wType, dims: [], data: [wz] }, f32('ys', [], [0.05]), u8('yz', [], [128]),
  ]);
}

describe('QOperator models', () => {
  it('uint8 activations run as int8 on the TFLM kernels with one transpose', async () => {
    const a = await agreement(qopNet('int8', 0), 'qop.onnx', 100);
    const g = a.compiled.graph;
    expect(opsOf(g)).toEqual(['QuantizeLinear', 'Transpose', 'Conv2DNhwc', 'Conv2DNhwc', 'QAdd', 'QMean', 'Reshape', 'Flatten',
      'FullyConnected', 'DequantizeLinear']);
    expect([...g.values.values()].filter((v) => v.dtype === 'uint8')).toHaveLength(0);
    expect({ identical: a.identical, maxLsb: a.maxLsb, top1: a.top1 }).toEqual({ identical: 0.992, maxLsb: 1, top1: 1 });
  }, 60_000);

  it('asymmetric uint8 weights stay on the ONNX Runtime-exact integer kernels', async () => {
    const a = await agreement(qopNet('uint8', 100), 'qop.onnx', 30);
    expect(opsOf(a.compiled.graph)).toEqual(expect.arrayContaining(['QLinearConv', 'QLinearMatMul', 'QAdd', 'QMean']));
    expect(opsOf(a.compiled.graph)).not.toContain('Conv2DNhwc');
  }, 60_000);

  it('uint8 graph inputs and outputs keep their type through QSignFlip', async () => {
    const m = qmodel([
      { op: 'QLinearConv', inputs: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz'], outputs: ['y'], attrs: { strides: [2, 2] } },
    ], [{ name: 'x', dtype: 'uint8', dims: [1, 4, 6, 6] }], [{ name: 'y', dtype: 'uint8', dims: [1, 2, 3, 3] }], [
      f32('xs', [], [0.02]), u8('xz', [], [90]), s8('w', [2, 4, 1, 1], ints(8, -100, 100, 9)), f32('ws', [], [0.01]), s8('wz', [], [0]),
      f32('ys', [], [0.015]), u8('yz', [], [140]),
    ]);
    const a = await agreement(m, 'u8.onnx', 50);
    expect(opsOf(a.compiled.graph)).toEqual(['QSignFlip', 'Transpose', 'Conv2DNhwc', 'QSignFlip', 'Transpose']);
    expect(a.compiled.graph.values.get(a.compiled.graph.outputs[0])!.dtype).toBe('uint8');
    expect({ identical: a.identical, maxLsb: a.maxLsb }).toEqual({ identical: 0.9977777777777778, maxLsb: 1 });
  }, 60_000);

  it('uint8 values of other ops (Cast) stay uint8; the quantized reader gets a converted copy', async () => {
    const m = qmodel([
      { op: 'Cast', inputs: ['x'], outputs: ['c'], attrs: { to: 2 } },
      { op: 'DequantizeLinear', inputs: ['c', 's', 'z'], outputs: ['y'] },
    ], [{ name: 'x', dtype: 'float32', dims: [16] }], [{ name: 'y', dtype: 'float32', dims: [16] }], [f32('s', [], [0.25]), u8('z', [], [3])]);
    const a = await agreement(m, 'cast.onnx', 5);
    expect(opsOf(a.compiled.graph)).toEqual(['Cast', 'QSignFlip', 'DequantizeLinear']);
    expect(a.identical).toBe(1);
  }, 60_000);

  it('imports com.microsoft ops under their registered names and reports unregistered ones', () => {
    const m = (op: string) => qmodel([{ op, domain: 'com.microsoft', inputs: ['x', 's', 'z', 's', 'z'], outputs: ['y'] }],
      [{ name: 'x', dtype: 'uint8', dims: [1, 2, 3, 3] }], [{ name: 'y', dtype: 'uint8', dims: [1, 2, 1, 1] }], [f32('s', [], [0.1]), u8('z', [], [1])]);
    expect(opsOf(importOnnx(m('QLinearGlobalAveragePool')))).toEqual(['com.microsoft.QLinearGlobalAveragePool']);
    expect(() => importOnnx(m('QLinearSigmoid'))).toThrow(/com\.microsoft::QLinearSigmoid/);
  });
});

describe('ONNX backend tests', () => {
  const root = '/usr/share/libonnx-testdata/data/node';
  it.each(['test_qlinearconv', 'test_qlinearmatmul_2D', 'test_qlinearmatmul_3D', 'test_convinteger_with_padding',
    'test_convinteger_without_padding', 'test_basic_convinteger', 'test_matmulinteger', 'test_quantizelinear',
    'test_quantizelinear_axis', 'test_dequantizelinear', 'test_dequantizelinear_axis'])('%s passes', (t) => {
    const r = runCase(join(root, t), join(tmpdir(), 'aotc-qonnx-backend', t));
    expect(r.status, r.reason).toBe('pass');
  }, 60_000);
});

describe('int8 kernel selection', () => {
  it('compiles per-channel QLinearMatMul weights into a FullyConnected with transposed OHWI-style weights', () => {
    const m = qmodel([
      { op: 'QLinearMatMul', inputs: ['a', 'as', 'az', 'b', 'bs', 'bz', 'ys', 'yz'], outputs: ['y'] },
    ], [{ name: 'a', dtype: 'int8', dims: [2, 3, 4] }], [{ name: 'y', dtype: 'int8', dims: [2, 3, 2] }], [
      f32('as', [], [0.1]), s8('az', [], [2]), s8('b', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), f32('bs', [2], [0.01, 0.02]), s8('bz', [2], [0, 0]),
      f32('ys', [], [0.05]), s8('yz', [], [-1]),
    ]);
    const g = compileModel(m, 'mm.onnx').graph;
    expect(opsOf(g)).toEqual(['Reshape', 'FullyConnected', 'Reshape']);
    const w = g.values.get(g.nodes[1].inputs[1]!)!;
    expect(Array.from(w.data as Int8Array)).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    expect(w.quant).toEqual({ scale: [0.009999999776482582, 0.019999999552965164], zeroPoint: [0, 0], axis: 0 });
  });
});

describe('fallbacks keep ONNX Runtime semantics', () => {
  it('QGemm with asymmetric uint8 weights, transB and a bias runs on the integer kernel, bit-exact', async () => {
    const m = qmodel([
      { op: 'QGemm', domain: 'com.microsoft', inputs: ['a', 'as', 'az', 'b', 'bs', 'bz', 'c', 'ys', 'yz'], outputs: ['y'], attrs: { transB: 1 } },
    ], [{ name: 'a', dtype: 'uint8', dims: [3, 6] }], [{ name: 'y', dtype: 'uint8', dims: [3, 4] }], [
      f32('as', [], [0.02]), u8('az', [], [128]), u8('b', [4, 6], ints(24, 0, 255, 4)), f32('bs', [], [0.01]), u8('bz', [], [77]),
      i32('c', [4], [300, -40, 0, 1234]), f32('ys', [], [0.3]), u8('yz', [], [120]),
    ]);
    const a = await agreement(m, 'qgemm.onnx', 40);
    expect(opsOf(a.compiled.graph)).toEqual(['QSignFlip', 'com.microsoft.QGemm', 'QSignFlip']);
    expect({ identical: a.identical, maxLsb: a.maxLsb }).toEqual({ identical: 1, maxLsb: 0 });
  }, 60_000);

  it('QLinearAveragePool counting the padding (TFLite cannot) decomposes into DequantizeLinear → AveragePool → QuantizeLinear', async () => {
    const m = qmodel([
      { op: 'QLinearAveragePool', domain: 'com.microsoft', inputs: ['x', 'xs', 'xz', 'ys', 'yz'], outputs: ['y'],
        attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 } },
    ], [{ name: 'x', dtype: 'uint8', dims: [1, 3, 5, 5] }], [{ name: 'y', dtype: 'uint8', dims: [1, 3, 5, 5] }],
    [f32('xs', [], [0.05]), u8('xz', [], [100]), f32('ys', [], [0.03]), u8('yz', [], [110])]);
    const a = await agreement(m, 'qavg.onnx', 40);
    expect(opsOf(a.compiled.graph)).toEqual(['QSignFlip', 'DequantizeLinear', 'AveragePool', 'QuantizeLinear', 'QSignFlip']);
    expect({ identical: a.identical, maxLsb: a.maxLsb }).toEqual({ identical: 1, maxLsb: 0 });
  }, 60_000);
});

describe('NHWC layout clean-up', () => {
  const q = { scale: [0.1], zeroPoint: [-3], axis: 0 };
  function graph(build: (g: Graph, v: (shape: number[]) => number) => number): Graph {
    const g = newGraph('l');
    const v = (shape: number[]) => addValue(g, { name: `v${g.nextId}`, dtype: 'int8', shape, quant: q }).id;
    g.outputs.push(build(g, v));
    inferAndFold(g);
    optimizeLayout(g);
    return g;
  }

  it('cancels an inverse pair around an elementwise op', () => {
    const g = graph((gr, v) => {
      const x = v([1, 4, 4, 3]); gr.inputs.push(x);
      const [t, r, y] = [v([]), v([]), v([])];
      addNode(gr, { name: 't1', op: 'Transpose', inputs: [x], outputs: [t], attrs: { perm: [0, 3, 1, 2] } });
      addNode(gr, { name: 'r', op: 'QRelu', inputs: [t], outputs: [r], attrs: {} });
      addNode(gr, { name: 't2', op: 'Transpose', inputs: [r], outputs: [y], attrs: { perm: [0, 2, 3, 1] } });
      return y;
    });
    expect(opsOf(g)).toEqual(['QRelu', 'Identity']);
    expect(g.values.get(g.outputs[0])!.shape).toEqual([1, 4, 4, 3]);
  });

  it('sinks transposes through Concat with the axis remapped, and turns size-1 moves into reshapes', () => {
    const g = graph((gr, v) => {
      const [a, b] = [v([1, 2, 2, 3]), v([1, 2, 2, 5])];
      gr.inputs.push(a, b);
      const [ta, tb, c, m, y] = [v([]), v([]), v([]), v([]), v([])];
      addNode(gr, { name: 'ta', op: 'Transpose', inputs: [a], outputs: [ta], attrs: { perm: [0, 3, 1, 2] } });
      addNode(gr, { name: 'tb', op: 'Transpose', inputs: [b], outputs: [tb], attrs: { perm: [0, 3, 1, 2] } });
      addNode(gr, { name: 'c', op: 'Concat', inputs: [ta, tb], outputs: [c], attrs: { axis: 1 } });
      addNode(gr, { name: 'm', op: 'QMean', inputs: [c], outputs: [m], attrs: { axes: [2, 3], keepdims: 1 } });
      addNode(gr, { name: 'f', op: 'Flatten', inputs: [m], outputs: [y], attrs: {} });
      return y;
    });
    expect(opsOf(g)).toEqual(['Concat', 'QMean', 'Reshape', 'Flatten']);
    expect(g.nodes[0].attrs.axis).toBe(3);
    expect(g.nodes[1].attrs.axes).toEqual([1, 2]);
    expect(g.values.get(g.outputs[0])!.shape).toEqual([1, 8]);
  });
});
