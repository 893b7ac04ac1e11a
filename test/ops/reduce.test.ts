// Tests for the reduce family: Reduce*, ArgMax/ArgMin, TopK, NLL and SCE losses (infer rules, folding,
// C kernels against host folding, ONNX backend cases).

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { arrayFrom, fromBytes, getElem, isFloat, toBytes, type DType, type NumArray } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph, type Attrs, type Graph, type Value } from '../../compiler/ir/graph.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { runCase } from '../../compiler/harness/onnx-testcase.js';
import { OpCtx, type OutType } from '../../compiler/ops/op-def.js';
import { getOp } from '../../compiler/ops/registry.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { reduceRuns } from '../../compiler/ops/reduce-geometry.js';

type In = { dtype: DType; shape: number[]; data?: number[] } | null;

/** One node over fresh values; returns the node's context. */
function nodeCtx(op: string, inputs: In[], attrs: Attrs = {}, nout = 1): OpCtx {
  const g = newGraph('t');
  const ids = inputs.map((v, i) => (v === null ? null
    : addValue(g, { name: `in${i}`, dtype: v.dtype, shape: v.shape, data: v.data ? arrayFrom(v.dtype, v.data) : undefined }).id));
  const outs = Array.from({ length: nout }, (_x, i) => addValue(g, { name: `out${i}`, dtype: 'float32', shape: [] }).id);
  return new OpCtx(g, addNode(g, { name: 'n', op, inputs: ids, outputs: outs, attrs }));
}

const infer = (op: string, inputs: In[], attrs: Attrs = {}, nout = 1): OutType[] => getOp(op)!.infer(nodeCtx(op, inputs, attrs, nout));
const f32 = (shape: number[], data?: number[]): In => ({ dtype: 'float32', shape, data });
const i64 = (data: number[]): In => ({ dtype: 'int64', shape: [data.length], data });

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { return e instanceof AotcError ? e.code : `not an AotcError: ${String(e)}`; }
  return 'no error';
}

describe('Reduce* infer', () => {
  const x = f32([2, 3, 4]);
  it.each([
    [[1], 1, 0, [2, 1, 4]],
    [[1], 0, 0, [2, 4]],
    [[-1, 0], 1, 0, [1, 3, 1]],
    [[0, 2], 0, 0, [3]],
    [null, 1, 0, [1, 1, 1]],
    [null, 0, 0, []],
    [[], 0, 0, []],
    [[], 1, 1, [2, 3, 4]],
    [null, 0, 1, [2, 3, 4]],
  ] as [number[] | null, number, number, number[]][])('axes %j keepdims %i noop %i → %j', (axes, keepdims, noop, shape) => {
    const outs = infer('ReduceSum', [x, axes ? i64(axes) : null], { keepdims, noop_with_empty_axes: noop });
    expect(outs).toEqual([{ dtype: 'float32', shape }]);
  });

  it('rejects bad axes, non-constant axes and unsupported dtypes', () => {
    expect(code(() => infer('ReduceMean', [x, i64([1, -2])]))).toBe('AOTC0013');
    expect(code(() => infer('ReduceMean', [x, i64([3])]))).toBe('AOTC0013');
    expect(code(() => infer('ReduceMax', [x, { dtype: 'int64', shape: [1] }]))).toBe('AOTC0022');
    expect(code(() => infer('ReduceLogSum', [{ dtype: 'int32', shape: [2] }, null]))).toBe('AOTC0012');
    expect(code(() => infer('ReduceSum', [{ dtype: 'bool', shape: [2] }, null]))).toBe('AOTC0012');
  });

  it('collapses shapes into kept and reduced runs', () => {
    expect(reduceRuns([2, 3, 4], [1])).toEqual({ kept: [{ size: 2, stride: 12 }, { size: 4, stride: 1 }], reduced: [{ size: 3, stride: 4 }], ori: { outer: 2, r: 3, inner: 4 } });
    expect(reduceRuns([2, 1, 3, 4], [0, 2]).ori).toEqual({ outer: 1, r: 6, inner: 4 });
    const multi = reduceRuns([2, 3, 4, 5], [0, 2]);
    expect(multi.ori).toBeUndefined();
    expect(multi.reduced).toEqual([{ size: 2, stride: 60 }, { size: 4, stride: 5 }]);
    expect(reduceRuns([2, 3], []).reduced).toEqual([]);
  });
});

describe('Reduce* fold', () => {
  const data = [1, -2, 3, -4, 5, -6];
  const fold = (op: string, axes: number[] | null, attrs: Attrs = {}, t: DType = 'float32') => {
    const c = nodeCtx(op, [{ dtype: t, shape: [2, 3], data }, axes ? i64(axes) : null], attrs);
    const def = getOp(op)!;
    return Array.from(def.fold!(c, def.infer(c))[0] as ArrayLike<number | bigint>, Number);
  };
  it.each([
    ['ReduceSum', [1], [2, -5]],
    ['ReduceMean', [0], [-1.5, 1.5, -1.5]],
    ['ReduceMax', null, [5]],
    ['ReduceMin', [1], [-2, -6]],
    ['ReduceProd', [1], [-6, 120]],
    ['ReduceL1', [1], [6, 15]],
    ['ReduceSumSquare', [1], [14, 77]],
  ] as [string, number[] | null, number[]][])('%s axes %j', (op, axes, want) => {
    expect(fold(op, axes)).toEqual(want);
  });
  it('L2, LogSum, LogSumExp', () => {
    expect(fold('ReduceL2', [1])[0]).toBeCloseTo(Math.sqrt(14), 5);
    expect(fold('ReduceLogSumExp', [1], {}, 'float64')[0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(-2) + Math.exp(3)), 10);
    expect(fold('ReduceLogSum', [1], { keepdims: 0 }, 'float64')[0]).toBeCloseTo(Math.log(2), 10);
  });
  it('integer mean truncates, empty max gives the type minimum', () => {
    expect(fold('ReduceMean', [1], {}, 'int32')).toEqual([0, -1]);
    const c = nodeCtx('ReduceMax', [{ dtype: 'int8', shape: [2, 0], data: [] }, i64([1])]);
    expect(Array.from(getOp('ReduceMax')!.fold!(c, getOp('ReduceMax')!.infer(c))[0] as Int8Array)).toEqual([-128, -128]);
  });
});

describe('ArgMax/ArgMin, TopK, losses: infer', () => {
  it('ArgMax shapes and fold with ties', () => {
    expect(infer('ArgMax', [f32([2, 3, 4])], { axis: -2, keepdims: 0 })).toEqual([{ dtype: 'int64', shape: [2, 4] }]);
    const data = [1, 3, 3, 0, 0, 2];
    for (const [op, last, want] of [['ArgMax', 0, [1, 2]], ['ArgMax', 1, [2, 2]], ['ArgMin', 0, [0, 0]], ['ArgMin', 1, [0, 1]]] as const) {
      const c = nodeCtx(op, [f32([2, 3], data)], { axis: 1, select_last_index: last });
      expect(Array.from(getOp(op)!.fold!(c, getOp(op)!.infer(c))[0] as BigInt64Array, Number)).toEqual(want);
    }
    expect(code(() => infer('ArgMin', [f32([2, 0])], { axis: 1 }))).toBe('AOTC0021');
  });
  it('TopK shapes and k checks', () => {
    expect(infer('TopK', [f32([3, 5]), i64([2])], { axis: 1 }, 2)).toEqual([
      { dtype: 'float32', shape: [3, 2] }, { dtype: 'int64', shape: [3, 2] }]);
    expect(code(() => infer('TopK', [f32([3, 5]), i64([6])], {}, 2))).toBe('AOTC0021');
    expect(code(() => infer('TopK', [f32([3, 5]), { dtype: 'int64', shape: [1] }], {}, 2))).toBe('AOTC0022');
  });
  it('loss shapes, reductions and checks', () => {
    const x = f32([2, 3, 4, 5]), t: In = { dtype: 'int64', shape: [2, 4, 5] };
    expect(infer('NegativeLogLikelihoodLoss', [x, t], { reduction: 'none' })).toEqual([{ dtype: 'float32', shape: [2, 4, 5] }]);
    expect(infer('NegativeLogLikelihoodLoss', [x, t, f32([3])])).toEqual([{ dtype: 'float32', shape: [] }]);
    expect(infer('SoftmaxCrossEntropyLoss', [x, t], { reduction: 'sum' }, 2)[1]).toEqual({ dtype: 'float32', shape: [2, 3, 4, 5] });
    expect(code(() => infer('NegativeLogLikelihoodLoss', [x, t], { reduction: 'max' }))).toBe('AOTC0011');
    expect(code(() => infer('NegativeLogLikelihoodLoss', [x, { dtype: 'int64', shape: [2, 5, 4] }]))).toBe('AOTC0021');
    expect(code(() => infer('NegativeLogLikelihoodLoss', [x, t, f32([4])]))).toBe('AOTC0021');
    expect(code(() => infer('SoftmaxCrossEntropyLoss', [x, { dtype: 'float32', shape: [2, 4, 5] }]))).toBe('AOTC0012');
  });
});

// ---- C kernels against the host folding rules (one bundle per dtype) ----

let seed = 7;
const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };

function randomData(t: DType, n: number): number[] {
  return Array.from({ length: n }, () => (isFloat(t) ? rnd() * 4 - 2 : Math.floor(rnd() * 7) - (t.startsWith('u') ? 0 : 3)));
}

interface Probe { op: string; axes?: number[] | null; attrs: Attrs; k?: number }

/**
 * Probe nodes per dtype: every path (contiguous [outer, r, inner], general strided, all axes, none) for float32,
 * fewer for the others (each node costs compile time: the kernels are specialised per call site).
 */
function probes(t: DType): Probe[] {
  const all: [number[] | null, Attrs][] = [[[1], {}], [[0, 2], { keepdims: 0 }], [[2], {}], [[0, 1], {}], [null, {}],
    [[], { noop_with_empty_axes: 1 }]];
  const axesSets = t === 'float32' ? all : t === 'int8' ? all.slice(0, 3) : all.slice(0, 2);
  const ops = t === 'float64' ? ['ReduceLogSumExp', 'ReduceMean'] : ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd',
    'ReduceL1', 'ReduceL2', 'ReduceSumSquare', ...(isFloat(t) ? ['ReduceLogSumExp', 'ReduceLogSum'] : [])];
  const list: Probe[] = [];
  for (const op of ops) for (const [axes, attrs] of axesSets) list.push({ op, axes, attrs });
  for (const op of ['ArgMax', 'ArgMin']) for (const axis of t === 'float32' ? [0, 1, 2] : [1]) for (const last of [0, 1]) list.push({ op, attrs: { axis, select_last_index: last } });
  for (const [axis, largest] of t === 'float32' ? [[1, 0], [1, 1], [-1, 0], [-1, 1]] : [[1, 1], [-1, 0]]) list.push({ op: 'TopK', attrs: { axis, largest }, k: 3 });
  return list;
}

/** One graph over an input per dtype (constants when `data` is given, so everything folds on the host). */
function probeGraph(types: DType[], shape: number[], data: number[][] | null): { g: Graph; outs: Value[][][] } {
  const g = newGraph('reduce_probe');
  const outs = types.map((t, ti) => {
    const x = addValue(g, { name: `x_${t}`, dtype: t, shape, data: data ? arrayFrom(t, data[ti]) : undefined });
    if (!data) g.inputs.push(x.id);
    return probes(t).map((p, i) => {
      const tag = `${t}_${i}`;
      const extra = p.k !== undefined ? [addValue(g, { name: `k${tag}`, dtype: 'int64', shape: [1], data: arrayFrom('int64', [p.k]) }).id]
        : p.axes ? [addValue(g, { name: `axes${tag}`, dtype: 'int64', shape: [p.axes.length], data: arrayFrom('int64', p.axes) }).id] : [];
      const ys = Array.from({ length: p.op === 'TopK' ? 2 : 1 }, (_x, j) => addValue(g, { name: `y${tag}_${j}`, dtype: t, shape: [] }));
      addNode(g, { name: `n${tag}`, op: p.op, inputs: [x.id, ...extra], outputs: ys.map((y) => y.id), attrs: p.attrs });
      g.outputs.push(...ys.map((y) => y.id));
      return ys;
    });
  });
  return { g, outs };
}

/** Host TopK: stable sort of each line (ties: lower index first). */
function topKRef(data: number[], shape: number[], axis: number, k: number, largest: boolean): { v: number[]; i: number[] } {
  const a = axis < 0 ? axis + shape.length : axis;
  const outer = shape.slice(0, a).reduce((p, q) => p * q, 1), n = shape[a], inner = shape.slice(a + 1).reduce((p, q) => p * q, 1);
  const v: number[] = new Array(outer * k * inner), ix: number[] = new Array(outer * k * inner);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    const line = Array.from({ length: n }, (_x, j) => ({ x: data[(o * n + j) * inner + i], j }));
    line.sort((p, q) => (largest ? q.x - p.x : p.x - q.x) || p.j - q.j);
    for (let r = 0; r < k; r++) { v[(o * k + r) * inner + i] = line[r].x; ix[(o * k + r) * inner + i] = line[r].j; }
  }
  return { v, i: ix };
}

describe('C kernels match host folding', () => {
  const shape = [3, 4, 5];
  const types: DType[] = ['float32', 'float64', 'int8', 'int64', 'uint8'];
  it('Reduce*, ArgMax/ArgMin and TopK over several axes, all dtypes in one bundle', () => {
    const data = types.map((t) => randomData(t, 60));
    const ref = probeGraph(types, shape, data);
    runPipeline(ref.g, { verify: true });
    const dyn = probeGraph(types, shape, null);
    runPipeline(dyn.g, { verify: true });
    const runner = buildRunner(compileGraph(dyn.g, { name: 'reduce_probe' }), join(tmpdir(), 'aotc-test-reduce', 'probe'));
    const [got] = runSets(runner, [types.map((t, ti) => toBytes(arrayFrom(t, data[ti]), t))]);
    let o = 0;
    types.forEach((t, ti) => probes(t).forEach((p, pi) => {
      const what = `${t} ${p.op} ${JSON.stringify(p.axes ?? null)} ${JSON.stringify(p.attrs)}`;
      let want: NumArray[];
      if (p.op === 'TopK') {
        const r = topKRef(data[ti], shape, p.attrs.axis as number, p.k!, p.attrs.largest === 1);
        want = [arrayFrom(t, r.v), arrayFrom('int64', r.i)];
      } else want = ref.outs[ti][pi].map((v) => v.data!);
      want.forEach((w, j) => {
        const outT = dyn.outs[ti][pi][j].dtype;
        const g = fromBytes(got[o++], outT);
        expect(g.length, what).toBe(w.length);
        for (let e = 0; e < w.length; e++) {
          const a = getElem(g, e), b = getElem(w, e);
          if (Number.isNaN(a) && Number.isNaN(b)) continue;
          if (isFloat(outT)) expect(Math.abs(a - b), `${what} [${e}]: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(b));
          else expect(a, `${what} [${e}]`).toBe(b);
        }
      });
    }));
    expect(o).toBe(got.length);
  }, 60_000);
});

describe('ONNX backend cases', () => {
  const root = '/usr/share/libonnx-testdata/data/node';
  const cases = [
    'test_reduce_sum_empty_axes_input_noop_random', 'test_reduce_log_sum_exp_negative_axes_keepdims_random',
    'test_reduce_mean_do_not_keepdims_random', 'test_argmin_negative_axis_keepdims_random_select_last_index',
    'test_top_k_smallest', 'test_nllloss_NCd1d2d3_sum_weight_high_ii', 'test_sce_NCd1_mean_weight_negative_ii_log_prob',
  ];
  it.each(cases.filter((c) => existsSync(join(root, c))))('%s', (name) => {
    const r = runCase(join(root, name), join(tmpdir(), 'aotc-test-reduce-onnx', name));
    expect(r.status, r.reason).toBe('pass');
  }, 30_000);
});
