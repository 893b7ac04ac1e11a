// Tests for the misc op family: infer rules and errors, folding, native kernels vs folding, float16 casts, ONNX cases.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGraph, compileModel } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { runCase } from '../../compiler/harness/onnx-testcase.js';
import { arrayFrom, f16BitsToF32, f32ToF16Bits, fromBytes, getElem, toBytes, type DType, type NumArray } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph, type Attrs, type Graph } from '../../compiler/ir/graph.js';
import { OpCtx, type OutType } from '../../compiler/ops/op-def.js';
import { padMap } from '../../compiler/ops/pad.js';
import { getOp } from '../../compiler/ops/registry.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { buildOnnx } from '../helpers/onnx-builder.js';

interface In { dtype: DType; shape: number[]; data?: number[] | bigint[] }
const f32 = (shape: number[], data?: number[]): In => ({ dtype: 'float32', shape, data });
const i64 = (shape: number[], data?: number[]): In => ({ dtype: 'int64', shape, data });
const iota = (n: number, from = 0): number[] => Array.from({ length: n }, (_x, i) => i + from);

/** One node over fresh values (inputs with data are constants; null = omitted optional input). */
function single(op: string, inputs: (In | null)[], attrs: Attrs = {}, nOut = 1) {
  const g = newGraph('t');
  const ids = inputs.map((x, i) => {
    if (!x) return null;
    const v = addValue(g, { name: `in${i}`, dtype: x.dtype, shape: x.shape, data: x.data ? arrayFrom(x.dtype, x.data) : undefined });
    if (!x.data) g.inputs.push(v.id);
    return v.id;
  });
  const outs = iota(nOut).map((k) => addValue(g, { name: `out${k}`, dtype: 'float32', shape: [] }).id);
  const node = addNode(g, { name: 'n', op, inputs: ids, outputs: outs, attrs });
  return { c: new OpCtx(g, node), def: getOp(op)! };
}
const infer = (op: string, inputs: (In | null)[], attrs: Attrs = {}, nOut = 1): OutType[] => {
  const { c, def } = single(op, inputs, attrs, nOut);
  return def.infer(c);
};
const fold = (op: string, inputs: (In | null)[], attrs: Attrs = {}, nOut = 1): number[][] => {
  const { c, def } = single(op, inputs, attrs, nOut);
  return def.fold!(c, def.infer(c)).map((a) => Array.from(a, (_x, i) => getElem(a, i)));
};
function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof AotcError ? `${e.code}` : `not an AotcError: ${String(e)}`; }
  return undefined;
}

describe('infer', () => {
  it.each([
    ['Pad all axes (begins, then ends)', 'Pad', [f32([2, 3]), i64([4], [1, 0, 2, -1])], {}, [5, 2]],
    ['Pad axes input (negative axis)', 'Pad', [f32([2, 3, 4]), i64([2], [1, 3]), null, i64([1], [-1])], { mode: 'reflect' }, [2, 3, 8]],
    ['Resize scales floor', 'Resize', [f32([1, 1, 3, 5]), null, f32([4], [1, 1, 1.5, 0.5])], {}, [1, 1, 4, 2]],
    ['Resize sizes, empty scales', 'Resize', [f32([1, 1, 3, 5]), f32([0], []), f32([0], []), i64([4], [1, 1, 7, 2])], { mode: 'linear' }, [1, 1, 7, 2]],
    ['Resize not_larger', 'Resize', [f32([1, 3, 4, 6]), null, null, i64([2], [8, 8])], { axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' }, [1, 3, 5, 8]],
    ['Resize not_smaller', 'Resize', [f32([1, 3, 4, 6]), null, null, i64([2], [8, 8])], { axes: [2, 3], keep_aspect_ratio_policy: 'not_smaller' }, [1, 3, 8, 12]],
    ['OneHot axis 1', 'OneHot', [i64([2, 3]), i64([], [5]), f32([2], [0, 1])], { axis: 1 }, [2, 5, 3]],
    ['OneHot default axis', 'OneHot', [i64([4]), f32([1], [3]), f32([2], [0, 1])], {}, [4, 3]],
    ['CumSum', 'CumSum', [f32([2, 3]), i64([], [-1])], {}, [2, 3]],
    ['Range int', 'Range', [i64([], [10]), i64([], [1]), i64([], [-3])], {}, [3]],
    ['Range float', 'Range', [f32([], [0]), f32([], [1]), f32([], [0.3])], {}, [4]],
    ['EyeLike', 'EyeLike', [f32([3, 5])], { k: 2 }, [3, 5]],
  ] as [string, string, (In | null)[], Attrs, number[]][])('%s', (_n, op, ins, attrs, want) => {
    expect(infer(op, ins, attrs)[0].shape).toEqual(want);
  });

  it('dtypes: CastLike takes input 1, EyeLike dtype attr, OneHot values, Unique int64 extras', () => {
    expect(infer('CastLike', [f32([2]), { dtype: 'int8', shape: [0] }])[0].dtype).toBe('int8');
    expect(infer('EyeLike', [f32([2, 2])], { dtype: 7 })[0].dtype).toBe('int64');
    expect(infer('OneHot', [f32([2]), i64([], [3]), { dtype: 'int32', shape: [2] }])[0].dtype).toBe('int32');
    expect(infer('Unique', [f32([4], [3, 1, 3, 2])], {}, 4).map((o) => `${o.dtype}[${o.shape}]`))
      .toEqual(['float32[3]', 'int64[3]', 'int64[4]', 'int64[3]']);
    expect(infer('Cast', [f32([2])], { to: 10 })[0].dtype).toBe('float16');
  });

  it.each([
    ['Pad unknown mode', () => infer('Pad', [f32([2]), i64([2], [1, 1])], { mode: 'mirror' }), 'AOTC0011'],
    ['Pad wrong pads length', () => infer('Pad', [f32([2, 2]), i64([2], [1, 1])]), 'AOTC0013'],
    ['Pad runtime pads', () => infer('Pad', [f32([2]), i64([2])]), 'AOTC0022'],
    ['Pad crops too much', () => infer('Pad', [f32([2]), i64([2], [-2, -1])]), 'AOTC0021'],
    ['Pad reflect of an empty axis', () => infer('Pad', [f32([2]), i64([2], [-2, 1])], { mode: 'reflect' }), 'AOTC0021'],
    ['Resize antialias', () => infer('Resize', [f32([1, 4]), null, f32([2], [1, 2])], { antialias: 1 }), 'AOTC0011'],
    ['Resize unknown mode', () => infer('Resize', [f32([1, 4]), null, f32([2], [1, 2])], { mode: 'area' }), 'AOTC0011'],
    ['Resize linear int8', () => infer('Resize', [{ dtype: 'int8', shape: [1, 4] }, null, f32([2], [1, 2])], { mode: 'linear' }), 'AOTC0012'],
    ['Resize runtime scales', () => infer('Resize', [f32([1, 4]), null, f32([2])]), 'AOTC0022'],
    ['Resize no scales nor sizes', () => infer('Resize', [f32([1, 4]), null, f32([0], [])]), 'AOTC0013'],
    ['Resize crop without roi', () => infer('Resize', [f32([1, 4]), null, f32([2], [1, 2])], { coordinate_transformation_mode: 'tf_crop_and_resize' }), 'AOTC0013'],
    ['Range runtime limit', () => infer('Range', [i64([], [0]), i64([]), i64([], [1])]), 'AOTC0022'],
    ['NonZero runtime input', () => infer('NonZero', [f32([3])]), 'AOTC0022'],
    ['Unique runtime input', () => infer('Unique', [f32([3])], {}, 4), 'AOTC0022'],
    ['OneHot runtime depth', () => infer('OneHot', [i64([2]), i64([]), f32([2], [0, 1])]), 'AOTC0022'],
    ['CumSum int8', () => infer('CumSum', [{ dtype: 'int8', shape: [3] }, i64([], [0])]), 'AOTC0012'],
    ['Dropout training with ratio', () => infer('Dropout', [f32([3]), f32([], [0.5]), { dtype: 'bool', shape: [], data: [1] }]), 'AOTC0011'],
    ['Dropout runtime training_mode', () => infer('Dropout', [f32([3]), f32([], [0.5]), { dtype: 'bool', shape: [] }]), 'AOTC0022'],
    ['Cast to bfloat16', () => infer('Cast', [f32([3])], { to: 16 }), 'AOTC0012'],
  ] as [string, () => unknown, string][])('%s', (_n, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });

  it('Dropout in training mode with ratio 0 is the identity', () => {
    expect(infer('Dropout', [f32([3]), f32([], [0]), { dtype: 'bool', shape: [], data: [1] }])[0].shape).toEqual([3]);
  });
});

describe('fold', () => {
  it('padMap matches numpy.pad (reflect/wrap/edge beyond the axis length) and crops first', () => {
    const vals = (m: number[]) => m.map((s) => (s < 0 ? 0 : s + 1));
    expect(vals(padMap(3, 5, 4, 'reflect'))).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
    expect(vals(padMap(3, 5, 4, 'wrap'))).toEqual([2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
    expect(vals(padMap(3, 5, 4, 'edge'))).toEqual([1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3]);
    expect(padMap(5, -2, 1, 'constant')).toEqual([2, 3, 4, -1]);
    expect(padMap(5, 2, -3, 'reflect')).toEqual([0, 1, 0, 1]); // crop to [0, 2), then reflect-pad 2
  });

  it.each([
    ['Pad constant value, axes', 'Pad', [f32([2, 2], [1, 2, 3, 4]), i64([2], [1, 0]), f32([], [9]), i64([1], [1])], {}, [9, 1, 2, 9, 3, 4]],
    ['Pad int64 edge', 'Pad', [i64([3], [5, 6, 7]), i64([2], [2, 1])], { mode: 'edge' }, [5, 5, 5, 6, 7, 7]],
    ['OneHot negative index, int values', 'OneHot', [i64([3], [0, -1, 5]), i64([], [3]), { dtype: 'int32', shape: [2], data: [2, 7] }], {}, [7, 2, 2, 2, 2, 7, 2, 2, 2]],
    ['CumSum exclusive reverse', 'CumSum', [f32([2, 3], [1, 2, 3, 4, 5, 6]), i64([], [1])], { exclusive: 1, reverse: 1 }, [5, 3, 0, 11, 6, 0]],
    ['CumSum axis 0', 'CumSum', [i64([2, 2], [1, 2, 3, 4]), i64([], [0])], {}, [1, 2, 4, 6]],
    ['EyeLike k = -1', 'EyeLike', [f32([3, 2])], { k: -1 }, [0, 0, 1, 0, 0, 1]],
    ['Range float', 'Range', [f32([], [1]), f32([], [2]), f32([], [0.25])], {}, [1, 1.25, 1.5, 1.75]],
    ['NonZero', 'NonZero', [f32([2, 3], [0, 1, 0, 2, 0, 3])], {}, [0, 1, 1, 1, 0, 2]],
    ['CastLike to int8', 'CastLike', [f32([3], [1.9, -2.5, 3]), { dtype: 'int8', shape: [0] }], {}, [1, -2, 3]],
    ['Cast to float16 rounds', 'Cast', [f32([2], [0.1, 65520])], { to: 10 }, [f16BitsToF32(f32ToF16Bits(0.1)), Infinity]],
  ] as [string, string, (In | null)[], Attrs, number[]][])('%s', (_n, op, ins, attrs, want) => {
    expect(fold(op, ins, attrs)[0]).toEqual(want);
  });

  it('Unique: sorted, unsorted (first occurrence), along an axis', () => {
    const x = f32([6], [2, 1, 1, 3, 4, 3]);
    expect(fold('Unique', [x], {}, 4)).toEqual([[1, 2, 3, 4], [1, 0, 3, 4], [1, 0, 0, 2, 3, 2], [2, 1, 2, 1]]);
    expect(fold('Unique', [x], { sorted: 0 }, 4)).toEqual([[2, 1, 3, 4], [0, 1, 3, 4], [0, 1, 1, 2, 3, 2], [1, 2, 2, 1]]);
    const m = f32([3, 2], [1, 0, 0, 1, 1, 0]);
    expect(fold('Unique', [m], { axis: 0 }, 4)).toEqual([[0, 1, 1, 0], [1, 0], [1, 0, 1], [1, 2]]);
  });
});

// ---------- native kernels against host folding ----------

interface Case { op: string; ins: (In | null)[]; attrs?: Attrs }
const X = f32([2, 3, 4], iota(24).map((i) => i * 1.25 - 9));
const L: In = { dtype: 'int64', shape: [3, 4], data: iota(12).map((i) => BigInt(i - 5) * 1000000000007n) };
const B: In = { dtype: 'bool', shape: [2, 3], data: [1, 0, 0, 1, 1, 0] };
const U8: In = { dtype: 'uint8', shape: [4, 3], data: iota(12, 240) };
const CASES: Case[] = [
  { op: 'Pad', ins: [X, i64([6], [1, -1, 2, 0, 2, 3])], attrs: { mode: 'reflect' } },
  { op: 'Pad', ins: [X, i64([4], [3, 5, 4, 6]), null, i64([2], [-1, 1])], attrs: { mode: 'wrap' } },
  { op: 'Pad', ins: [X, i64([6], [0, 1, 1, 1, 0, 2]), f32([], [-7.5])] },
  { op: 'Pad', ins: [L, i64([4], [1, 2, 2, -1]), { dtype: 'int64', shape: [], data: [-3n] }] },
  { op: 'Pad', ins: [B, i64([4], [1, 1, 1, 1])], attrs: { mode: 'edge' } },
  { op: 'Pad', ins: [U8, i64([4], [0, 2, 0, 2])], attrs: { mode: 'constant' } },
  { op: 'OneHot', ins: [i64([2, 2], [1, -1, 4, 0]), i64([], [4]), f32([2], [-1, 3])], attrs: { axis: 1 } },
  { op: 'OneHot', ins: [f32([3], [2, -3, 1.7]), i64([], [3]), { dtype: 'int64', shape: [2], data: [5n, 9n] }] },
  { op: 'CumSum', ins: [X, i64([], [1])], attrs: { exclusive: 1 } },
  { op: 'CumSum', ins: [L, i64([], [-1])], attrs: { reverse: 1 } },
  { op: 'CumSum', ins: [{ dtype: 'float64', shape: [5], data: [0.1, 0.2, 0.3, 0.4, 0.5] }, i64([], [0])], attrs: { reverse: 1, exclusive: 1 } },
  { op: 'Cast', ins: [X], attrs: { to: 3 } },
  { op: 'Cast', ins: [L], attrs: { to: 1 } },
  { op: 'Cast', ins: [X], attrs: { to: 9 } },
  { op: 'CastLike', ins: [U8, { dtype: 'int16', shape: [1] }] },
];

/** All cases in one graph: first-input tensors are runtime inputs (or constants: everything folds). */
function caseGraph(constant: boolean): Graph {
  const g = newGraph('misc_ops');
  CASES.forEach((k, i) => {
    const ids = k.ins.map((t, j) => {
      if (!t) return null;
      const runtime = !constant && j === 0;
      const v = addValue(g, { name: `c${i}_${j}`, dtype: t.dtype, shape: t.shape, data: runtime || !t.data ? undefined : arrayFrom(t.dtype, t.data) });
      if (runtime) g.inputs.push(v.id);
      else if (!t.data) v.data = arrayFrom(t.dtype, new Array(t.shape.reduce((a, b) => a * b, 1)).fill(0));
      return v.id;
    });
    const out = addValue(g, { name: `y${i}`, dtype: 'float32', shape: [] });
    addNode(g, { name: `${k.op}_${i}`, op: k.op, inputs: ids, outputs: [out.id], attrs: k.attrs ?? {} });
    g.outputs.push(out.id);
  });
  return g;
}

describe('native kernels match host folding', () => {
  it('Pad (every mode, several dtypes), OneHot, CumSum, Cast', () => {
    const folded = caseGraph(true);
    runPipeline(folded, { verify: true });
    expect(folded.nodes).toEqual([]);
    const g = caseGraph(false);
    runPipeline(g, { verify: true });
    expect(g.nodes.length).toBe(CASES.length);
    const runner = buildRunner(compileGraph(g), mkdtempSync(join(tmpdir(), 'aotc-misc-')));
    const inputs = CASES.map((k) => toBytes(arrayFrom(k.ins[0]!.dtype, k.ins[0]!.data!), k.ins[0]!.dtype));
    const [got] = runSets(runner, [inputs]);
    folded.outputs.forEach((id, k) => {
      const v = folded.values.get(id)!;
      const want = Array.from(v.data!, (x) => String(x));
      const have = Array.from(fromBytes(got[k], v.dtype) as NumArray, (x) => String(x));
      expect({ out: `${CASES[k].op} #${k}`, values: have }).toEqual({ out: `${CASES[k].op} #${k}`, values: want });
    });
  }, 60_000);

  it('float16 casts: every half value widens exactly, narrowing rounds to nearest even', () => {
    const g = newGraph('f16');
    const h = addValue(g, { name: 'h', dtype: 'float16', shape: [65536] });
    const f = addValue(g, { name: 'f', dtype: 'float32', shape: [4096] });
    g.inputs.push(h.id, f.id);
    const wide = addValue(g, { name: 'wide', dtype: 'float32', shape: [] });
    const narrow = addValue(g, { name: 'narrow', dtype: 'float16', shape: [] });
    addNode(g, { name: 'widen', op: 'Cast', inputs: [h.id], outputs: [wide.id], attrs: { to: 1 } });
    addNode(g, { name: 'narrow', op: 'Cast', inputs: [f.id], outputs: [narrow.id], attrs: { to: 10 } });
    g.outputs.push(wide.id, narrow.id);
    runPipeline(g, { verify: true });
    const runner = buildRunner(compileGraph(g), mkdtempSync(join(tmpdir(), 'aotc-misc-f16-')));
    const bits = Uint16Array.from(iota(65536));
    // ties (odd mantissa + exactly half an ulp), subnormals, overflow, NaN, random values
    const probes = Float32Array.from(iota(4096), (i) => (i < 8 ? [65520, 65519, -1e-8, 2 ** -25, 3 * 2 ** -25, NaN, -Infinity, 1 + 3 * 2 ** -11][i]
      : (i % 2 ? -1 : 1) * Math.exp((i % 97) / 3 - 12) * (1 + i / 7919)));
    const [[w, n]] = runSets(runner, [[new Uint8Array(bits.buffer), new Uint8Array(probes.buffer.slice(0))]]);
    const wv = new Float32Array(w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength));
    const nv = new Uint16Array(n.buffer.slice(n.byteOffset, n.byteOffset + n.byteLength));
    let bad = 0;
    for (let i = 0; i < 65536; i++) if (!Object.is(wv[i], Math.fround(f16BitsToF32(i))) && !(Number.isNaN(wv[i]) && Number.isNaN(f16BitsToF32(i)))) bad++;
    expect(bad).toBe(0);
    expect(Array.from(nv)).toEqual(Array.from(probes, (v) => f32ToF16Bits(v)));
  }, 60_000);
});

describe('importer rewrites', () => {
  it('Dropout mask output: bool all-true (opset 12) / ones like the input (opset 9)', () => {
    for (const opset of [9, 12]) {
      const bytes = buildOnnx({
        opset, nodes: [{ op: 'Dropout', inputs: ['x'], outputs: ['y', 'mask'] }],
        inputs: [{ name: 'x', dims: [2, 2] }], outputs: [{ name: 'y', dims: [2, 2] }, { name: 'mask', elemType: opset >= 10 ? 9 : 1, dims: [2, 2] }],
      });
      const compiled = compileModel(bytes, 'dropout.onnx', { verify: true });
      const mask = compiled.graph.values.get(compiled.graph.outputs[1])!;
      expect(mask.dtype).toBe(opset >= 10 ? 'bool' : 'float32');
      expect(Array.from(mask.data!, Number)).toEqual([1, 1, 1, 1]);
      expect(compiled.graph.nodes.filter((n) => n.op !== 'Dropout')).toEqual([]);
    }
  });

  it('Cast with a type name (opset 5) becomes the TensorProto code; float16 targets widen like opset 6+', () => {
    const bytes = buildOnnx({
      opset: 5, nodes: [{ op: 'Cast', inputs: ['x'], outputs: ['h'], attrs: { to: 'FLOAT16' } }, { op: 'Cast', inputs: ['h'], outputs: ['y'], attrs: { to: 'INT32' } }],
      inputs: [{ name: 'x', dims: [3] }], outputs: [{ name: 'y', elemType: 6, dims: [3] }],
    });
    const g = compileModel(bytes, 'cast5.onnx', { verify: true }).graph;
    expect(g.nodes.map((n) => `${n.op}:${n.attrs.to}`)).toEqual(['Cast:1', 'Cast:6']);
    expect(g.values.get(g.outputs[0])!.dtype).toBe('int32');
  });
});

describe('ONNX backend tests', () => {
  const root = '/usr/share/libonnx-testdata/data';
  it.each([
    'node/test_reflect_pad', 'node/test_resize_tf_crop_and_resize', 'node/test_resize_downsample_scales_cubic_A_n0p5_exclude_outside',
    'node/test_resize_downsample_sizes_linear_pytorch_half_pixel', 'node/test_upsample_nearest', 'node/test_castlike_DOUBLE_to_FLOAT16',
    'node/test_dropout_default_mask', 'node/test_onehot_negative_indices',
  ])('%s passes', (t) => {
    const r = runCase(join(root, t), mkdtempSync(join(tmpdir(), `aotc-misc-${t.split('/')[1]}-`)));
    expect({ status: r.status, reason: r.status === 'pass' ? undefined : r.reason }).toEqual({ status: 'pass', reason: undefined });
  }, 60_000);

  it('training-mode Dropout with a nonzero ratio is a clean unsupported', () => {
    const r = runCase(join(root, 'node/test_training_dropout'), mkdtempSync(join(tmpdir(), 'aotc-misc-td-')));
    expect([r.status, r.code]).toEqual(['unsupported', 'AOTC0011']);
  }, 60_000);
});
