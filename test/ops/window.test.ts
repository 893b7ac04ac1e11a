// Tests the window op family: Conv (1-D..3-D), ConvTranspose, MaxPool, AveragePool, LpPool, global pools, MaxUnpool:
// shape rules on IR, kernels against ONNX Runtime on configurations the backend tests miss, and the backend tests.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, addValue, newGraph, type Attrs } from '../../compiler/ir/graph.js';
import { fromBytes, getElem, isFloat, type DType } from '../../compiler/ir/dtype.js';
import { OpCtx } from '../../compiler/ops/op-def.js';
import { getOp } from '../../compiler/ops/registry.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { compileModel } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { openOrtSession, ortVersion } from '../../compiler/harness/ort.js';
import { runCase } from '../../compiler/harness/onnx-testcase.js';
import { buildOnnx, type TestNode, type TestTensor } from '../helpers/onnx-builder.js';

// ---------------------------------------------------------------- shape rules on IR

interface In { shape: number[]; dtype?: DType; data?: number[] }

/** Infer one node of `op` over inputs (null = omitted); returns output shapes/dtypes or the error code. */
function infer(op: string, ins: (In | null)[], attrs: Attrs = {}, outputs = 1) {
  const g = newGraph('t');
  const ids = ins.map((x, i) => (x === null ? null : addValue(g, {
    name: `in${i}`, dtype: x.dtype ?? 'float32', shape: x.shape,
    ...(x.data ? { data: BigInt64Array.from(x.data.map(BigInt)) } : {}),
  }).id));
  const outs = Array.from({ length: outputs }, (_x, k) => addValue(g, { name: `out${k}`, dtype: 'float32', shape: [] }).id);
  const node = addNode(g, { name: 'n', op, inputs: ids, outputs: outs, attrs });
  try {
    return getOp(op)!.infer(new OpCtx(g, node));
  } catch (e) {
    if (e instanceof AotcError) return e.code;
    throw e;
  }
}
const shape = (op: string, ins: (In | null)[], attrs: Attrs = {}) => {
  const r = infer(op, ins, attrs);
  return typeof r === 'string' ? r : r[0].shape;
};
const f = (...s: number[]): In => ({ shape: s });

describe('window ops: shape rules', () => {
  it.each([
    ['Conv 3-D', 'Conv', [f(1, 4, 5, 6, 7), f(8, 2, 3, 3, 3)], { group: 2, pads: [1, 1, 1, 0, 0, 0], strides: [2, 1, 1] }, [1, 8, 2, 5, 6]],
    ['Conv 3-D SAME_LOWER', 'Conv', [f(1, 2, 5, 6, 7), f(3, 2, 3, 2, 3)], { auto_pad: 'SAME_LOWER', strides: [2, 2, 2] }, [1, 3, 3, 3, 4]],
    ['Conv 1-D dilated', 'Conv', [f(2, 3, 10), f(4, 3, 3)], { dilations: [2] }, [2, 4, 6]],
    ['Conv rank 6', 'Conv', [f(1, 1, 2, 2, 2, 2), f(1, 1, 1, 1, 1, 1)], {}, 'AOTC0011'],
    ['Conv channel mismatch', 'Conv', [f(1, 4, 5, 5), f(8, 3, 3, 3)], { group: 1 }, 'AOTC0013'],
    ['Conv kernel_shape mismatch', 'Conv', [f(1, 1, 5, 5), f(1, 1, 3, 3)], { kernel_shape: [2, 2] }, 'AOTC0013'],
    ['ConvTranspose pads', 'ConvTranspose', [f(1, 1, 3, 3), f(1, 2, 3, 3)], { strides: [3, 2], pads: [1, 2, 1, 2] }, [1, 2, 7, 3]],
    ['ConvTranspose groups', 'ConvTranspose', [f(1, 4, 3, 3), f(4, 3, 2, 2)], { group: 2 }, [1, 6, 4, 4]],
    ['ConvTranspose output_padding', 'ConvTranspose', [f(1, 1, 3, 3), f(1, 2, 3, 3)], { strides: [3, 2], output_padding: [1, 1] }, [1, 2, 10, 8]],
    ['ConvTranspose output_shape', 'ConvTranspose', [f(1, 1, 3, 3), f(1, 2, 3, 3)], { strides: [3, 2], output_shape: [10, 8] }, [1, 2, 10, 8]],
    ['ConvTranspose SAME_UPPER', 'ConvTranspose', [f(1, 1, 3, 3), f(1, 2, 3, 3)], { strides: [2, 2], auto_pad: 'SAME_UPPER' }, [1, 2, 6, 6]],
    ['ConvTranspose 3-D dilated', 'ConvTranspose', [f(1, 2, 3, 4, 5), f(2, 1, 2, 2, 2)], { dilations: [2, 1, 1] }, [1, 1, 5, 5, 6]],
    ['ConvTranspose weight channels', 'ConvTranspose', [f(1, 2, 3, 3), f(3, 1, 2, 2)], {}, 'AOTC0013'],
    ['MaxPool ceil', 'MaxPool', [f(1, 1, 4, 4)], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }, [1, 1, 2, 2]],
    ['MaxPool ceil drops window in pad', 'MaxPool', [f(1, 1, 5)], { kernel_shape: [2], strides: [2], pads: [1, 1], ceil_mode: 1 }, [1, 1, 3]],
    ['MaxPool 3-D', 'MaxPool', [f(1, 1, 4, 4, 4)], { kernel_shape: [2, 2, 2], strides: [2, 2, 2] }, [1, 1, 2, 2, 2]],
    ['MaxPool no kernel_shape', 'MaxPool', [f(1, 1, 4, 4)], {}, 'AOTC0013'],
    ['MaxPool dtype', 'MaxPool', [{ shape: [1, 1, 4, 4], dtype: 'int32' }], { kernel_shape: [2, 2] }, 'AOTC0012'],
    ['MaxPool storage_order 2', 'MaxPool', [f(1, 1, 4, 4)], { kernel_shape: [2, 2], storage_order: 2 }, 'AOTC0011'],
    ['AveragePool SAME_UPPER', 'AveragePool', [f(1, 3, 5, 5)], { kernel_shape: [2, 2], auto_pad: 'SAME_UPPER', strides: [2, 2] }, [1, 3, 3, 3]],
    ['AveragePool window too big', 'AveragePool', [f(1, 3, 2, 2)], { kernel_shape: [3, 3] }, 'AOTC0021'],
    ['AveragePool bad auto_pad', 'AveragePool', [f(1, 3, 5, 5)], { kernel_shape: [2, 2], auto_pad: 'FULL' }, 'AOTC0011'],
    ['LpPool', 'LpPool', [f(1, 3, 5)], { kernel_shape: [2], p: 3 }, [1, 3, 4]],
    ['GlobalAveragePool 3-D', 'GlobalAveragePool', [f(2, 3, 4, 5, 6)], {}, [2, 3, 1, 1, 1]],
    ['GlobalMaxPool 1-D', 'GlobalMaxPool', [f(2, 3, 4)], {}, [2, 3, 1]],
    ['GlobalLpPool', 'GlobalLpPool', [f(1, 2, 3, 3)], { p: 2 }, [1, 2, 1, 1]],
    ['MaxUnpool default', 'MaxUnpool', [f(1, 1, 2, 2), { shape: [1, 1, 2, 2], dtype: 'int64' }], { kernel_shape: [2, 2], strides: [2, 2] }, [1, 1, 4, 4]],
    ['MaxUnpool output_shape', 'MaxUnpool', [f(1, 1, 2, 2), { shape: [1, 1, 2, 2], dtype: 'int64' }, { shape: [4], dtype: 'int64', data: [1, 1, 5, 5] }],
      { kernel_shape: [2, 2], strides: [2, 2] }, [1, 1, 5, 5]],
    ['MaxUnpool float indices', 'MaxUnpool', [f(1, 1, 2, 2), f(1, 1, 2, 2)], { kernel_shape: [2, 2] }, 'AOTC0012'],
  ] as [string, string, (In | null)[], Attrs, number[] | string][])('%s', (_name, op, ins, attrs, want) => {
    expect(shape(op, ins, attrs)).toEqual(want);
  });

  it('MaxPool keeps the input dtype and gives int64 Indices', () => {
    const r = infer('MaxPool', [{ shape: [1, 2, 4, 4], dtype: 'uint8' }], { kernel_shape: [2, 2] }, 2);
    expect(r).toEqual([{ dtype: 'uint8', shape: [1, 2, 3, 3] }, { dtype: 'int64', shape: [1, 2, 3, 3] }]);
  });

  it('MaxUnpool needs a constant output_shape', () => {
    expect(infer('MaxUnpool', [f(1, 1, 2, 2), { shape: [1, 1, 2, 2], dtype: 'int64' }, { shape: [4], dtype: 'int64' }],
      { kernel_shape: [2, 2] })).toBe('AOTC0022');
  });
});

// ---------------------------------------------------------------- kernels against ONNX Runtime

const HAVE_ORT = (await ortVersion()) !== undefined;

/** Deterministic pseudo-random values in [-2, 2) (distinct enough that max ties do not occur). */
function rand(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.round(((s >>> 8) / (1 << 24) * 4 - 2) * 4096) / 4096;
  });
}

const ONNX_CODE: Partial<Record<DType, number>> = { float32: 1, uint8: 2, int8: 3, int64: 7 };
const TYPED: Partial<Record<DType, (v: number[]) => ArrayBufferView>> = {
  float32: (v) => Float32Array.from(v), int8: (v) => Int8Array.from(v), uint8: (v) => Uint8Array.from(v),
};

interface OrtInput { name: string; dims: number[]; dtype?: DType }
interface OrtCase {
  name: string; nodes: TestNode[]; inputs: OrtInput[]; weights?: TestTensor[];
  outputs: { name: string; dims: number[]; dtype?: DType }[];
  /** Ops that must be gone from the compiled graph (fusion checks). */
  fused?: string[];
}

const W = (name: string, dims: number[], seed: number): TestTensor => ({ name, dims, data: rand(dims.reduce((a, b) => a * b, 1), seed) });
const n1 = (op: string, attrs: TestNode['attrs'], inputs: string[], outputs: string[]): TestNode => ({ op, inputs, outputs, attrs });
const out = (name: string, ...dims: number[]) => ({ name, dims });

// Few models with many nodes each: every model is one C build, the slow part of these tests.
const ORT_CASES: OrtCase[] = [{
  name: 'Conv 3-D and ConvTranspose 1-D/2-D/3-D, with fused activations',
  inputs: [{ name: 'xa', dims: [1, 4, 3, 4] }, { name: 'xb', dims: [2, 2, 5] }, { name: 'xc', dims: [1, 2, 2, 3, 3] },
    { name: 'xd', dims: [1, 4, 5, 6, 7] }, { name: 'xe', dims: [2, 2, 5, 4, 6] }],
  nodes: [
    // groups, strides, dilations, asymmetric pads, output_padding, bias
    n1('ConvTranspose', { group: 2, strides: [2, 3], dilations: [2, 1], pads: [1, 0, 2, 1], output_padding: [1, 0] }, ['xa', 'wa', 'ba'], ['ya']),
    n1('ConvTranspose', { strides: [2], auto_pad: 'SAME_LOWER' }, ['xb', 'wb'], ['yb']),
    n1('ConvTranspose', { strides: [2, 2, 1], output_shape: [5, 6, 4] }, ['xc', 'wc', 'bc'], ['tc']),
    n1('Relu', {}, ['tc'], ['yc']),
    n1('Conv', { group: 2, dilations: [1, 2, 1], strides: [1, 1, 2], pads: [1, 0, 2, 0, 2, 1] }, ['xd', 'wd', 'bd'], ['td']),
    n1('LeakyRelu', { alpha: 0.25 }, ['td'], ['yd']),
    n1('Conv', { auto_pad: 'SAME_UPPER', strides: [2, 2, 2] }, ['xe', 'we'], ['ye']),
  ],
  weights: [W('wa', [4, 3, 3, 2], 1), W('ba', [6], 2), W('wb', [2, 3, 4], 3), W('wc', [2, 2, 2, 2, 2], 4), W('bc', [2], 5),
    W('wd', [6, 2, 3, 2, 3], 6), W('bd', [6], 7), W('we', [3, 2, 2, 3, 3], 8)],
  outputs: [out('ya', 1, 6, 7, 10), out('yb', 2, 3, 10), out('yc', 1, 2, 5, 6, 4), out('yd', 1, 6, 4, 6, 4), out('ye', 2, 3, 3, 2, 3)],
  fused: ['Relu', 'LeakyRelu'],
}, {
  name: 'MaxPool (Indices, int8), AveragePool, LpPool, global pools, MaxUnpool',
  inputs: [{ name: 'xa', dims: [1, 2, 4, 5, 6] }, { name: 'xb', dims: [2, 2, 7, 8] }, { name: 'xc', dims: [1, 3, 9], dtype: 'int8' },
    { name: 'xd', dims: [1, 2, 6, 7] }, { name: 'xe', dims: [2, 2, 7] }, { name: 'xf', dims: [1, 2, 4, 6] }],
  nodes: [
    n1('MaxPool', { kernel_shape: [2, 3, 2], strides: [2, 1, 2], pads: [0, 1, 1, 1, 0, 0], storage_order: 1 }, ['xa'], ['ma', 'ia']),
    n1('MaxPool', { kernel_shape: [3, 2], strides: [2, 3], dilations: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 }, ['xb'], ['mb', 'ib']),
    n1('MaxPool', { kernel_shape: [3], strides: [2], pads: [1, 1] }, ['xc'], ['mc']),
    n1('AveragePool', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1, count_include_pad: 1 }, ['xd'], ['ad']),
    n1('AveragePool', { kernel_shape: [2, 2, 3], dilations: [2, 1, 2], pads: [1, 0, 1, 1, 0, 1] }, ['xa'], ['aa']),
    n1('LpPool', { kernel_shape: [2, 3], strides: [2, 1], pads: [1, 0, 0, 1], p: 3 }, ['xd'], ['ld']),
    n1('LpPool', { kernel_shape: [3], strides: [2] }, ['xe'], ['le']),
    n1('GlobalLpPool', { p: 2 }, ['xa'], ['ga']),
    n1('GlobalMaxPool', {}, ['xb'], ['gb']),
    n1('GlobalAveragePool', {}, ['xe'], ['ge']),
    n1('MaxPool', { kernel_shape: [2, 2], strides: [2, 2] }, ['xf'], ['pf', 'if']),
    n1('MaxUnpool', { kernel_shape: [2, 2], strides: [2, 2] }, ['pf', 'if'], ['uf']),
  ],
  outputs: [out('ma', 1, 2, 2, 4, 3), { name: 'ia', dims: [1, 2, 2, 4, 3], dtype: 'int64' }, out('mb', 2, 2, 3, 3),
    { name: 'ib', dims: [2, 2, 3, 3], dtype: 'int64' }, { name: 'mc', dims: [1, 3, 5], dtype: 'int8' }, out('ad', 1, 2, 4, 4),
    out('aa', 1, 2, 4, 4, 4), out('ld', 1, 2, 3, 6), out('le', 2, 2, 3), out('ga', 1, 2, 1, 1, 1), out('gb', 2, 2, 1, 1),
    out('ge', 2, 2, 1), out('uf', 1, 2, 4, 6)],
}];

/** Compile and run a model with aotc and ONNX Runtime on the same inputs; expect matching outputs. */
async function compareWithOrt(t: OrtCase): Promise<void> {
  const feeds = t.inputs.map((x, k) => {
    const dtype = x.dtype ?? 'float32';
    const values = rand(x.dims.reduce((a, b) => a * b, 1), 99 + k).map((v) => (dtype === 'float32' ? v : Math.round(v * 60)));
    const view = TYPED[dtype]!(values);
    return { name: x.name, dtype, shape: x.dims, data: new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice() };
  });
  const model = buildOnnx({
    nodes: t.nodes, initializers: t.weights, opset: 19,
    inputs: t.inputs.map((x) => ({ name: x.name, elemType: ONNX_CODE[x.dtype ?? 'float32'], dims: x.dims })),
    outputs: t.outputs.map((o) => ({ name: o.name, elemType: ONNX_CODE[o.dtype ?? 'float32'], dims: o.dims })),
  });

  const compiled = compileModel(model, 'window.onnx', { verify: true });
  for (const op of t.fused ?? []) expect(compiled.graph.nodes.map((n) => n.op)).not.toContain(op);
  const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-window-')), { werror: true });
  const [got] = runSets(runner, [feeds.map((x) => x.data)]);

  const session = await openOrtSession(model, 'window.onnx');
  const want = await session.run(feeds);
  await session.close();

  expect(got.length).toBe(want.length);
  want.forEach((w, k) => {
    expect(w.shape, `ONNX Runtime shape of ${w.name}`).toEqual(t.outputs[k].dims);
    expect(compiled.graph.values.get(compiled.graph.outputs[k])!.shape, `aotc shape of ${w.name}`).toEqual(t.outputs[k].dims);
    const a = fromBytes(got[k], w.dtype), b = fromBytes(w.data, w.dtype);
    expect(a.length, `output ${w.name} length`).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      const x = getElem(a, i), y = getElem(b, i);
      if (isFloat(w.dtype)) expect(Math.abs(x - y), `output ${w.name}[${i}]: ${x} vs ${y}`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(y));
      else expect(x, `output ${w.name}[${i}]`).toBe(y);
    }
  });
}

describe.skipIf(!HAVE_ORT)('window ops: kernels match ONNX Runtime', () => {
  it.each(ORT_CASES.map((t) => [t.name, t] as const))('%s', async (_name, t) => { await compareWithOrt(t); }, 30_000);
});

// ---------------------------------------------------------------- ONNX backend tests

const ROOT = '/usr/share/libonnx-testdata/data';
// A sample of the family's backend tests (each is a C build); `node dist/scripts/onnx-test.js` runs them all.
const BACKEND = [
  'node/test_averagepool_2d_ceil', 'node/test_averagepool_2d_pads_count_include_pad', 'node/test_convtranspose_autopad_same',
  'node/test_convtranspose_output_shape', 'node/test_convtranspose_3d', 'node/test_globalaveragepool', 'node/test_maxpool_2d_uint8',
  'node/test_maxpool_with_argmax_2d_precomputed_strides', 'node/test_maxunpool_export_with_output_shape',
  'pytorch-converted/test_Conv3d_groups',
];

describe.skipIf(!existsSync(ROOT))('window ops: ONNX backend tests', () => {
  const buildRoot = mkdtempSync(join(tmpdir(), 'aotc-window-backend-'));
  it.each(BACKEND)('%s', (t) => {
    const r = runCase(join(ROOT, t), join(buildRoot, t.replace('/', '_')));
    expect(r.status, r.reason).toBe('pass');
  }, 30_000);
});
