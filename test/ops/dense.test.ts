// Tests the dense op family: infer rules, folds, BatchNorm→Gemm folding, fused activations, end-to-end kernels
// (float32/float64/int64) and a selection of ONNX backend tests.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, addValue, newGraph, type Attrs, type Graph, type Node } from '../../compiler/ir/graph.js';
import { arrayFrom, toBytes, fromBytes, getElem, type DType, type NumArray } from '../../compiler/ir/dtype.js';
import { OpCtx } from '../../compiler/ops/op-def.js';
import { getOp } from '../../compiler/ops/registry.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { softmaxView } from '../../compiler/ops/softmax.js';
import { einsumPlan } from '../../compiler/ops/einsum.js';
import { matmulPlan } from '../../compiler/ops/matmul.js';
import { compileModel, optimizeModel } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { runCase } from '../../compiler/harness/onnx-testcase.js';
import { buildOnnx, type ModelSpec } from '../helpers/onnx-builder.js';
import { runModel, seq } from '../helpers/run-model.js';

interface In { shape: number[]; dtype?: DType; data?: number[] }

/** One node over fresh values (constant when `data` is given); returns the graph and the node. */
function oneNode(op: string, ins: (In | null)[], attrs: Attrs = {}, nOut = 1): { g: Graph; n: Node } {
  const g = newGraph('t');
  const inputs = ins.map((i, k) => {
    if (!i) return null;
    const t = i.dtype ?? 'float32';
    return addValue(g, { name: `in${k}`, dtype: t, shape: i.shape, data: i.data ? arrayFrom(t, i.data) : undefined }).id;
  });
  const outputs = Array.from({ length: nOut }, (_x, k) => addValue(g, { name: `out${k}`, dtype: 'float32', shape: [] }).id);
  const n = addNode(g, { name: 'n', op, inputs, outputs, attrs });
  return { g, n };
}

const infer = (op: string, ins: (In | null)[], attrs: Attrs = {}, nOut = 1) => {
  const { g, n } = oneNode(op, ins, attrs, nOut);
  return getOp(op)!.infer(new OpCtx(g, n));
};
const shapes = (op: string, ins: (In | null)[], attrs: Attrs = {}, nOut = 1) => infer(op, ins, attrs, nOut).map((o) => o.shape);
const s = (...shape: number[]): In => ({ shape });

function code(f: () => unknown): string {
  try { f(); } catch (e) { if (e instanceof AotcError) return e.code; throw e; }
  return 'no error';
}

function fold(op: string, ins: In[], attrs: Attrs = {}): number[] {
  const { g, n } = oneNode(op, ins, attrs);
  const def = getOp(op)!;
  const c = new OpCtx(g, n);
  return Array.from(def.fold!(c, def.infer(c))[0] as ArrayLike<number | bigint>, Number);
}

describe('dense infer rules', () => {
  it.each([
    ['2-D', [2, 3], [3, 4], [2, 4]],
    ['vector @ matrix', [3], [3, 4], [4]],
    ['matrix @ vector', [2, 3], [3], [2]],
    ['vector @ vector', [3], [3], []],
    ['batch broadcast', [5, 1, 2, 3], [4, 3, 2], [5, 4, 2, 2]],
    ['batched @ 2-D', [6, 2, 3], [3, 4], [6, 2, 4]],
  ])('MatMul %s', (_n, a, b, out) => expect(shapes('MatMul', [s(...a), s(...b)])).toEqual([out]));

  it('MatMul batch offsets follow broadcasting', () => {
    const { g, n } = oneNode('MatMul', [s(2, 1, 2, 3), s(3, 3, 4)]);
    const p = matmulPlan(new OpCtx(g, n));
    expect(p.aOff).toEqual([0, 0, 0, 6, 6, 6]);
    expect(p.bOff).toEqual([0, 12, 24, 0, 12, 24]);
  });

  it('MatMul errors', () => {
    expect(code(() => infer('MatMul', [s(2, 3), s(4, 5)]))).toBe('AOTC0021');
    expect(code(() => infer('MatMul', [s(2, 2, 3), s(3, 3, 4)]))).toBe('AOTC0021');
    expect(code(() => infer('MatMul', [s(2, 3), { shape: [3, 4], dtype: 'float64' }]))).toBe('AOTC0012');
    expect(code(() => infer('MatMul', [{ shape: [2, 3], dtype: 'int8' }, { shape: [3, 4], dtype: 'int8' }]))).toBe('AOTC0012');
    expect(code(() => infer('MatMul', [s(), s(3)]))).toBe('AOTC0013');
  });

  it.each([
    [{}, [3, 5], [5, 4], [3, 4]],
    [{ transA: 1 }, [5, 3], [5, 4], [3, 4]],
    [{ transB: 1 }, [3, 5], [4, 5], [3, 4]],
    [{ transA: 1, transB: 1 }, [5, 3], [4, 5], [3, 4]],
  ])('Gemm %j', (attrs, a, b, out) => expect(shapes('Gemm', [s(...a), s(...b), s(4)], attrs)).toEqual([out]));

  it('Gemm C must broadcast to [M, N]; C is optional', () => {
    expect(shapes('Gemm', [s(3, 5), s(5, 4)])).toEqual([[3, 4]]);
    expect(shapes('Gemm', [s(3, 5), s(5, 4), s(3, 1)])).toEqual([[3, 4]]);
    expect(code(() => infer('Gemm', [s(3, 5), s(5, 4), s(3)]))).toBe('AOTC0021');
    expect(code(() => infer('Gemm', [s(3, 5), s(4, 5)]))).toBe('AOTC0021');
    expect(code(() => infer('Gemm', [s(3, 5, 1), s(5, 4)]))).toBe('AOTC0013');
  });

  it.each([
    [{}, [2, 3, 4], { outer: 6, n: 4, inner: 1 }],
    [{ axis: 1 }, [2, 3, 4], { outer: 2, n: 3, inner: 4 }],
    [{ axis: -3 }, [2, 3, 4], { outer: 1, n: 2, inner: 12 }],
    [{ axis: 1, legacy_2d: 1 }, [2, 3, 4], { outer: 2, n: 12, inner: 1 }],
    [{ legacy_2d: 1 }, [2, 3, 4], { outer: 2, n: 12, inner: 1 }],
    [{ axis: 0, legacy_2d: 1 }, [2, 3, 4], { outer: 1, n: 24, inner: 1 }],
  ])('Softmax view %j of %j', (attrs, shape, view) => {
    const { g, n } = oneNode('Softmax', [s(...shape)], attrs);
    expect(softmaxView(new OpCtx(g, n))).toEqual(view);
  });

  it('Softmax family: axis range and dtype', () => {
    expect(code(() => infer('LogSoftmax', [s(2, 3)], { axis: 2 }))).toBe('AOTC0013');
    expect(code(() => infer('Hardmax', [{ shape: [2, 3], dtype: 'int32' }]))).toBe('AOTC0012');
  });

  it('LayerNormalization outputs and scale broadcasting', () => {
    expect(shapes('LayerNormalization', [s(2, 3, 5), s(3, 5), s(3, 5)], { axis: 1 }, 3)).toEqual([[2, 3, 5], [2, 1, 1], [2, 1, 1]]);
    expect(shapes('LayerNormalization', [s(2, 3, 5), s(5)], {}, 1)).toEqual([[2, 3, 5]]);
    expect(code(() => infer('LayerNormalization', [s(2, 3, 5), s(3, 1)], { axis: 1 }))).toBe('AOTC0011');
    expect(code(() => infer('LayerNormalization', [s(2, 3), s(3)], { stash_type: 0 }))).toBe('AOTC0011');
  });

  it('BatchNormalization: inference only', () => {
    const p = [s(2, 3, 4), s(3), s(3), s(3), s(3)];
    expect(shapes('BatchNormalization', p)).toEqual([[2, 3, 4]]);
    expect(code(() => infer('BatchNormalization', p, { training_mode: 1 }, 3))).toBe('AOTC0011');
    expect(code(() => infer('BatchNormalization', p, { is_test: 0 }))).toBe('AOTC0011');
    expect(code(() => infer('BatchNormalization', p, { spatial: 0 }))).toBe('AOTC0011');
    expect(code(() => infer('BatchNormalization', [s(2, 3, 4), s(4), s(3), s(3), s(3)]))).toBe('AOTC0013');
  });

  it('InstanceNormalization, LRN, MeanVarianceNormalization keep the shape', () => {
    expect(shapes('InstanceNormalization', [s(2, 3, 4, 4), s(3), s(3)])).toEqual([[2, 3, 4, 4]]);
    expect(shapes('LRN', [s(1, 5, 2, 2)], { size: 3 })).toEqual([[1, 5, 2, 2]]);
    expect(shapes('MeanVarianceNormalization', [s(2, 3, 4, 4)], { axes: [0, 2, 3] })).toEqual([[2, 3, 4, 4]]);
    expect(code(() => infer('LRN', [s(1, 5, 2, 2)], { size: 0 }))).toBe('AOTC0011');
  });

  it.each([
    ['ij->ji', [[3, 4]], [4, 3], 0],
    ['ij->i', [[3, 4]], [3], 1],
    ['ij->', [[3, 4]], [], 2],
    ['i,i', [[5], [5]], [], 1],
    ['ij,jk', [[2, 3], [3, 4]], [2, 4], 1],
    ['bij, bjk -> bik', [[5, 2, 3], [5, 3, 4]], [5, 2, 4], 1],
    ['...ii ->...i', [[3, 5, 5]], [3, 5], 0],
    ['ii', [[4, 4]], [], 1],
    ['...ij,...jk->...ik', [[2, 1, 2, 3], [4, 3, 5]], [2, 4, 2, 5], 1],
    ['i,j->ij', [[2], [3]], [2, 3], 0],
  ])('Einsum %s', (eq, ins, out, nred) => {
    const { g, n } = oneNode('Einsum', ins.map((x) => s(...x)), { equation: eq });
    const p = einsumPlan(new OpCtx(g, n));
    expect(p.outShape).toEqual(out);
    expect(p.nred).toBe(nred);
  });

  it('Einsum diagonal strides add up; errors', () => {
    const { g, n } = oneNode('Einsum', [s(3, 5, 5)], { equation: '...ii->...i' });
    expect(einsumPlan(new OpCtx(g, n)).strides[0]).toEqual([25, 6]);
    expect(code(() => infer('Einsum', [s(2), s(2), s(2)], { equation: 'i,i,i' }))).toBe('AOTC0011');
    expect(code(() => infer('Einsum', [s(2), s(3)], { equation: 'i,i' }))).toBe('AOTC0021');
    expect(code(() => infer('Einsum', [s(2, 3)], { equation: 'ijk->i' }))).toBe('AOTC0021');
    expect(code(() => infer('Einsum', [s(2, 3)], { equation: 'ij->k' }))).toBe('AOTC0013');
    expect(code(() => infer('Einsum', [s(2, 3)], { equation: 'ij->ii' }))).toBe('AOTC0013');
  });
});

describe('dense folds', () => {
  it('MatMul on constants (batched, vector)', () => {
    expect(fold('MatMul', [{ shape: [2, 2], data: [1, 2, 3, 4] }, { shape: [2, 2], data: [5, 6, 7, 8] }])).toEqual([19, 22, 43, 50]);
    expect(fold('MatMul', [{ shape: [2], data: [1, 2] }, { shape: [2, 2, 1], data: [1, 1, 2, 3] }])).toEqual([3, 8]);
    expect(fold('MatMul', [{ shape: [2, 2], dtype: 'int64', data: [1, 2, 3, 4] }, { shape: [2], dtype: 'int64', data: [1, -1] }])).toEqual([-1, -1]);
  });

  it('Gemm on constants', () => {
    const a = { shape: [2, 2], data: [1, 2, 3, 4] }, b = { shape: [2, 2], data: [5, 6, 7, 8] };
    expect(fold('Gemm', [a, b, { shape: [2], data: [1, -1] }], { alpha: 2, beta: 0.5 })).toEqual([38.5, 43.5, 86.5, 99.5]);
    expect(fold('Gemm', [a, b], { transA: 1, transB: 1 })).toEqual([23, 31, 34, 46]);
  });

  it('Einsum on constants', () => {
    const x = { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] };
    expect(fold('Einsum', [x], { equation: 'ij->ji' })).toEqual([1, 4, 2, 5, 3, 6]);
    expect(fold('Einsum', [x], { equation: 'ij->j' })).toEqual([5, 7, 9]);
    expect(fold('Einsum', [x, x], { equation: 'ij,ij' })).toEqual([91]);
    expect(fold('Einsum', [{ shape: [2, 2], data: [1, 2, 3, 4] }], { equation: 'ii->i' })).toEqual([1, 4]);
  });
});

// ---- end to end: build ONNX, compile, run natively ----

const rnd = (n: number, k = 1) => seq(n, (i) => Math.sin(i * 1.7 + k) * 2);

function refMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, aT = false, bT = false): number[] {
  const y: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let kk = 0; kk < k; kk++) acc += a[aT ? kk * m + i : i * k + kk] * b[bT ? j * k + kk : kk * n + j];
    y.push(acc);
  }
  return y;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
}

/** Compile and run a model with typed inputs (any dtype), returning typed outputs. */
function runTyped(spec: ModelSpec, inputs: { dtype: DType; data: NumArray }[], outDtypes: DType[]): NumArray[] {
  const compiled = compileModel(buildOnnx(spec), 'model.onnx', { verify: true });
  const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-dense-')), { werror: true });
  const [outs] = runSets(runner, [inputs.map((x) => toBytes(x.data, x.dtype))]);
  return outs.map((b, i) => fromBytes(b, outDtypes[i]));
}

describe('dense kernels end to end', () => {
  it('Gemm (transB, vector C) with a fused Relu', () => {
    const w = rnd(4 * 11, 3), bias = [0.5, -1, 2, 0];
    const spec: ModelSpec = {
      nodes: [{ op: 'Gemm', inputs: ['x', 'w', 'c'], outputs: ['g'], attrs: { transB: 1, alpha: 0.5 } }, { op: 'Relu', inputs: ['g'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims: [3, 11] }], outputs: [{ name: 'y', dims: [3, 4] }],
      initializers: [{ name: 'w', dims: [4, 11], data: Array.from(w) }, { name: 'c', dims: [4], data: bias }],
    };
    const g = optimizeModel(buildOnnx(spec), 'm.onnx', { verify: true });
    expect(g.nodes.map((n) => `${n.op}+${n.attrs.act_op}`)).toEqual(['Gemm+Relu']);
    const x = rnd(33);
    const want = refMatmul(x, w, 3, 11, 4, false, true).map((v, i) => Math.max(0, 0.5 * v + bias[i % 4]));
    expectClose(runModel(buildOnnx(spec), [x]).outputs[0], want);
  });

  it('Gemm transA with a matrix C and beta', () => {
    const spec: ModelSpec = {
      nodes: [{ op: 'Gemm', inputs: ['a', 'b', 'c'], outputs: ['y'], attrs: { transA: 1, beta: 0.25 } }],
      inputs: [{ name: 'a', dims: [5, 3] }, { name: 'b', dims: [5, 4] }, { name: 'c', dims: [3, 1] }], outputs: [{ name: 'y', dims: [3, 4] }],
    };
    const a = rnd(15, 1), b = rnd(20, 2), cc = rnd(3, 3);
    const want = refMatmul(a, b, 3, 5, 4, true, false).map((v, i) => v + 0.25 * cc[Math.floor(i / 4)]);
    expectClose(runModel(buildOnnx(spec), [a, b, cc]).outputs[0], want);
  });

  it('MatMul with broadcast batches and a fused Clip', () => {
    const spec: ModelSpec = {
      nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['m'] }, { op: 'Clip', inputs: ['m', 'lo', 'hi'], outputs: ['y'] }],
      inputs: [{ name: 'a', dims: [2, 1, 3, 5] }, { name: 'b', dims: [4, 5, 2] }], outputs: [{ name: 'y', dims: [2, 4, 3, 2] }],
      initializers: [{ name: 'lo', dims: [], data: [-1] }, { name: 'hi', dims: [], data: [1.5] }],
    };
    const g = optimizeModel(buildOnnx(spec), 'm.onnx', { verify: true });
    expect(g.nodes.map((n) => `${n.op}+${n.attrs.act_op}`)).toEqual(['MatMul+Clip']);
    const a = rnd(30, 1), b = rnd(40, 2);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) {
      want.push(...refMatmul(a.subarray(i * 15), b.subarray(j * 10), 3, 5, 2).map((v) => Math.min(1.5, Math.max(-1, v))));
    }
    expectClose(runModel(buildOnnx(spec), [a, b]).outputs[0], want);
  });

  it('BatchNormalization folds into a Gemm', () => {
    const w = rnd(5 * 3, 4);
    const bn = { scale: [1.5, 0.5, 2], bias: [0.25, -0.5, 0], mean: [0.1, 0.2, -0.3], var: [0.9, 1.1, 0.5] };
    const spec: ModelSpec = {
      nodes: [
        { op: 'Gemm', inputs: ['x', 'w', 'c'], outputs: ['g'], attrs: { beta: 2 } },
        { op: 'BatchNormalization', inputs: ['g', 'scale', 'bias', 'mean', 'var'], outputs: ['y'], attrs: { epsilon: 1e-3 } },
      ],
      inputs: [{ name: 'x', dims: [2, 5] }], outputs: [{ name: 'y', dims: [2, 3] }],
      initializers: [{ name: 'w', dims: [5, 3], data: Array.from(w) }, { name: 'c', dims: [1, 3], data: [1, 2, 3] },
        ...Object.entries(bn).map(([name, data]) => ({ name, dims: [3], data }))],
    };
    expect(optimizeModel(buildOnnx(spec), 'm.onnx', { verify: true }).nodes.map((n) => n.op)).toEqual(['Gemm']);
    const x = rnd(10, 5);
    const want = refMatmul(x, w, 2, 5, 3).map((v, i) => {
      const j = i % 3;
      return (v + 2 * (j + 1) - bn.mean[j]) / Math.sqrt(bn.var[j] + 1e-3) * bn.scale[j] + bn.bias[j];
    });
    expectClose(runModel(buildOnnx(spec), [x]).outputs[0], want);
  });

  it('standalone BatchNormalization with a fused Relu, then Softmax (opset 11: 2-D coerced)', () => {
    const bn = { scale: [1.5, 0.5], bias: [0.25, -0.5], mean: [0.1, 0.2], var: [0.9, 1.1] };
    const spec: ModelSpec = {
      opset: 11,
      nodes: [
        { op: 'BatchNormalization', inputs: ['x', 'scale', 'bias', 'mean', 'var'], outputs: ['n'] },
        { op: 'Relu', inputs: ['n'], outputs: ['r'] },
        { op: 'Softmax', inputs: ['r'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', dims: [2, 2, 3] }], outputs: [{ name: 'y', dims: [2, 2, 3] }],
      initializers: Object.entries(bn).map(([name, data]) => ({ name, dims: [2], data })),
    };
    expect(optimizeModel(buildOnnx(spec), 'm.onnx', { verify: true }).nodes.map((n) => `${n.op}+${n.attrs.act_op}`))
      .toEqual(['BatchNormalization+Relu', 'Softmax+undefined']);
    const x = rnd(12, 6);
    const r = Array.from(x, (v, i) => {
      const c = Math.floor(i / 3) % 2;
      return Math.max(0, (v - bn.mean[c]) / Math.sqrt(bn.var[c] + 1e-5) * bn.scale[c] + bn.bias[c]);
    });
    const want: number[] = [];
    for (let b = 0; b < 2; b++) { // legacy axis=1: softmax over the 6 trailing elements of each sample
      const row = r.slice(b * 6, b * 6 + 6), mx = Math.max(...row);
      const e = row.map((v) => Math.exp(v - mx)), sum = e.reduce((p, q) => p + q, 0);
      want.push(...e.map((v) => v / sum));
    }
    expectClose(runModel(buildOnnx(spec), [x]).outputs[0], want);
  });

  it('LayerNormalization with a 1-D scale, no bias, Y only; Hardmax on the middle axis', () => {
    const spec: ModelSpec = {
      nodes: [
        { op: 'LayerNormalization', inputs: ['x', 'w'], outputs: ['n'], attrs: { axis: -1, epsilon: 1e-3 } },
        { op: 'Hardmax', inputs: ['n'], outputs: ['y'], attrs: { axis: 1 } },
      ],
      inputs: [{ name: 'x', dims: [2, 3, 4] }], outputs: [{ name: 'n', dims: [2, 3, 4] }, { name: 'y', dims: [2, 3, 4] }],
      initializers: [{ name: 'w', dims: [4], data: [1, -2, 0.5, 3] }],
    };
    const x = rnd(24, 7);
    const w = [1, -2, 0.5, 3];
    const ln: number[] = [];
    for (let r = 0; r < 6; r++) {
      const row = Array.from(x.subarray(r * 4, r * 4 + 4));
      const mean = row.reduce((a, b) => a + b, 0) / 4, v = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      ln.push(...row.map((q, j) => (q - mean) / Math.sqrt(v + 1e-3) * w[j]));
    }
    const hm = new Array(24).fill(0);
    for (let b = 0; b < 2; b++) for (let j = 0; j < 4; j++) {
      let best = 0;
      for (let c = 1; c < 3; c++) if (ln[b * 12 + c * 4 + j] > ln[b * 12 + best * 4 + j]) best = c;
      hm[b * 12 + best * 4 + j] = 1;
    }
    const { outputs } = runModel(buildOnnx(spec), [x]);
    expectClose(outputs[0], ln);
    expect(Array.from(outputs[1])).toEqual(hm);
  });

  it('Einsum in float64 (implicit output, broadcast ellipsis) and MatMul in int64', () => {
    const a = arrayFrom('float64', Array.from({ length: 2 * 3 }, (_x, i) => i * 0.5 - 1));
    const b = arrayFrom('float64', Array.from({ length: 4 * 3 * 2 }, (_x, i) => Math.cos(i)));
    const [y] = runTyped({
      nodes: [{ op: 'Einsum', inputs: ['a', 'b'], outputs: ['y'], attrs: { equation: '...ij,...jk' } }],
      inputs: [{ name: 'a', elemType: 11, dims: [2, 3] }, { name: 'b', elemType: 11, dims: [4, 3, 2] }],
      outputs: [{ name: 'y', elemType: 11, dims: [4, 2, 2] }],
    }, [{ dtype: 'float64', data: a }, { dtype: 'float64', data: b }], ['float64']);
    const want: number[] = [];
    for (let t = 0; t < 4; t++) want.push(...refMatmul(a as Float64Array, (b as Float64Array).subarray(t * 6), 2, 3, 2));
    expectClose(Array.from(y as Float64Array), want, 1e-12);

    const ia = arrayFrom('int64', [1, 2, 3, 4, 5, 6]), ib = arrayFrom('int64', [7, -8, 9]);
    const [iy] = runTyped({
      nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
      inputs: [{ name: 'a', elemType: 7, dims: [2, 3] }, { name: 'b', elemType: 7, dims: [3] }],
      outputs: [{ name: 'y', elemType: 7, dims: [2] }],
    }, [{ dtype: 'int64', data: ia }, { dtype: 'int64', data: ib }], ['int64']);
    expect(Array.from({ length: iy.length }, (_x, i) => getElem(iy, i))).toEqual([18, 42]);
  });
});

const DATA = '/usr/share/libonnx-testdata/data';
const CASES = [
  'node/test_gemm_all_attributes', 'node/test_matmul_4d', 'node/test_batchnorm_epsilon', 'node/test_instancenorm_example',
  'node/test_layer_normalization_3d_axis1_epsilon', 'node/test_lrn', 'node/test_mvn', 'node/test_logsoftmax_large_number',
  'node/test_hardmax_one_hot', 'node/test_einsum_batch_diagonal', 'pytorch-converted/test_log_softmax_dim3',
];

describe.skipIf(!existsSync(DATA))('dense ONNX backend tests', () => {
  const build = mkdtempSync(join(tmpdir(), 'aotc-dense-onnx-'));
  it.each(CASES)('%s passes', (t) => {
    const r = runCase(join(DATA, t), join(build, t.replace('/', '_')));
    expect(r.status, r.reason).toBe('pass');
  });

  it('training-mode BatchNormalization is a clean unsupported', () => {
    const r = runCase(join(DATA, 'node/test_batchnorm_example_training_mode'), join(build, 'bn_training'));
    expect(r.status).toBe('unsupported');
    expect(r.reason).toMatch(/training_mode/);
  });
});
