// View ops (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout) and compile-time ops
// (Shape, Size, Constant, ConstantOfShape, Cast).

import { allocArray, arrayFrom, dtypeC, dtypeShort, f16BitsToF32, f32ToF16Bits, getElem, isFloat, setElem, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';

const copyFold = (c: OpCtx): NumArray[] => [c.constant(0)!.slice() as NumArray];

function view(op: string, shapeOf: (c: OpCtx) => number[]): OpDef {
  return {
    op,
    alias: true,
    infer: (c) => [{ dtype: c.dtype(0), shape: shapeOf(c), quant: c.input(0).quant }],
    fold: copyFold,
  };
}

function reshapeTarget(c: OpCtx): number[] {
  const inShape = c.shape(0);
  const spec = c.constInts(1, 'the target shape');
  const allowZero = c.int('allowzero', 0) === 1;
  const out = spec.map((d, i) => (d === 0 && !allowZero ? inShape[i] : d));
  const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const minus = out.filter((d) => d === -1).length;
  if (minus > 1) c.fail('AOTC0021', 'more than one -1 in the target shape');
  if (minus === 1) {
    if (known === 0 || numel(inShape) % known !== 0) c.fail('AOTC0021', `cannot reshape [${inShape}] to [${spec}]`);
    out[out.indexOf(-1)] = numel(inShape) / known;
  }
  if (numel(out) !== numel(inShape)) c.fail('AOTC0021', `cannot reshape [${inShape}] (${numel(inShape)} elements) to [${out}]`);
  return out;
}

function squeezeShape(c: OpCtx): number[] {
  const s = c.shape(0);
  if (!c.hasInput(1)) return s.filter((d) => d !== 1);
  const axes = c.constInts(1, 'axes').map((a) => c.axis(a, s.length));
  for (const a of axes) if (s[a] !== 1) c.fail('AOTC0021', `cannot squeeze axis ${a} of size ${s[a]}`);
  return s.filter((_d, i) => !axes.includes(i));
}

function unsqueezeShape(c: OpCtx): number[] {
  const s = c.shape(0);
  const axesRaw = c.constInts(1, 'axes');
  const rank = s.length + axesRaw.length;
  const axes = axesRaw.map((a) => c.axis(a, rank));
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : s[k++]);
  return out;
}

function flattenShape(c: OpCtx): number[] {
  const s = c.shape(0);
  const axis = c.int('axis', 1);
  const a = axis < 0 ? axis + s.length : axis;
  if (a < 0 || a > s.length) c.fail('AOTC0013', `axis ${axis} out of range for rank ${s.length}`);
  return [numel(s.slice(0, a)), numel(s.slice(a))];
}

const shapeOp: OpDef = {
  op: 'Shape',
  foldInputs: [],
  infer(c) {
    const r = c.shape(0).length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    const start = clamp(c.int('start', 0));
    const end = c.has('end') ? clamp(c.int('end')) : r;
    return [{ dtype: 'int64', shape: [Math.max(0, end - start)] }];
  },
  fold(c) {
    const r = c.shape(0).length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    return [arrayFrom('int64', c.shape(0).slice(clamp(c.int('start', 0)), c.has('end') ? clamp(c.int('end')) : r))];
  },
};

const sizeOp: OpDef = {
  op: 'Size',
  foldInputs: [],
  infer: () => [{ dtype: 'int64', shape: [] }],
  fold: (c) => [arrayFrom('int64', [numel(c.shape(0))])],
};

/** Constant: the importer turns it into a constant value; this rule covers the value_* attribute forms. */
const constantOp: OpDef = {
  op: 'Constant',
  infer(c): OutType[] {
    const t = c.tensor('value');
    if (t) return [{ dtype: t.dtype, shape: [...t.shape] }];
    for (const [k, dtype] of [['value_float', 'float32'], ['value_int', 'int64']] as const) if (c.has(k)) return [{ dtype, shape: [] }];
    for (const [k, dtype] of [['value_floats', 'float32'], ['value_ints', 'int64']] as const) if (c.has(k)) return [{ dtype, shape: [c.ints(k).length] }];
    return c.fail('AOTC0011', 'Constant without a supported value attribute (value, value_float(s), value_int(s))');
  },
  fold(c, outs) {
    const t = c.tensor('value');
    if (t) return [t.data];
    const key = ['value_float', 'value_int', 'value_floats', 'value_ints'].find((k) => c.has(k))!;
    return [arrayFrom(outs[0].dtype, c.ints(key))];
  },
};

const constantOfShapeOp: OpDef = {
  op: 'ConstantOfShape',
  infer(c) {
    const shape = c.constInts(0, 'the shape');
    return [{ dtype: c.tensor('value')?.dtype ?? 'float32', shape }];
  },
  fold(c, outs) {
    const t = c.tensor('value');
    const v = t ? getElem(t.data, 0) : 0;
    const y = allocArray(outs[0].dtype, numel(outs[0].shape));
    if (t && (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array)) (y as BigInt64Array).fill(t.data[0] as bigint);
    else for (let i = 0; i < y.length; i++) setElem(y, outs[0].dtype, i, v);
    return [y];
  },
};

/** ONNX TensorProto data type code → IR dtype (Cast `to`, EyeLike `dtype` ...). */
export const ONNX_DT: Record<number, OutType['dtype']> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16',
  11: 'float64', 12: 'uint32', 13: 'uint64',
};

/** Cast `to` given as a string: opset 1-5 ONNX names (FLOAT, INT64 ...) or IR dtype names. */
function castTargetByName(to: string): OutType['dtype'] | undefined {
  const onnx: Record<string, OutType['dtype']> = {
    FLOAT: 'float32', DOUBLE: 'float64', FLOAT16: 'float16', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64',
    UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', BOOL: 'bool',
  };
  return onnx[to] ?? (Object.values(ONNX_DT).includes(to as OutType['dtype']) ? (to as OutType['dtype']) : undefined);
}

/** Convert constant data to dtype t like a C cast (float16 rounded to nearest even; bool: != 0). */
export function castValues(x: NumArray, t: OutType['dtype']): NumArray {
  const y = allocArray(t, x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (t === 'bool') setElem(y, t, i, Number(v) !== 0 ? 1 : 0);
    else if (typeof v === 'bigint' && (t === 'int64' || t === 'uint64')) setElem(y, t, i, v);
    else if (t === 'float16') setElem(y, t, i, f16BitsToF32(f32ToF16Bits(Number(v))));
    else setElem(y, t, i, Number(v));
  }
  return y;
}

/** C expression converting `x` (of dtype from) to dtype to; float16 goes through the header's helpers. */
function castExpr(from: OutType['dtype'], to: OutType['dtype']): string {
  const x = from === 'float16' ? 'aotc_f16_to_f32(x)' : 'x';
  const fromFloat = isFloat(from);
  if (to === 'bool') return `${x} != 0`;
  if (to === 'float16') return `aotc_f32_to_f16((float)(${x}))`;
  // float → narrow integers through int64 so out-of-range values wrap like the folder instead of being UB.
  if (fromFloat && ['int8', 'int16', 'uint8', 'uint16', 'uint32'].includes(to)) return `(${dtypeC(to)})(int64_t)(${x})`;
  return `(${dtypeC(to)})(${x})`;
}

/** The kernel call of an elementwise conversion of input 0 to output 0 (Cast, CastLike). */
export function castCall(c: OpCtx): KernelCall {
  const from = c.dtype(0), to = c.output(0).dtype;
  return {
    kernel: 'unary',
    instance: { macro: 'AOTC_UNARY', name: `aotc_cast_${dtypeShort(from)}_${dtypeShort(to)}__ref`, params: [dtypeC(from), dtypeC(to), 'float', castExpr(from, to)] },
    args: [A.in(0), A.out(0), A.int(numel(c.shape(0))), A.float(0), A.float(0)],
  };
}

const castOp: OpDef = {
  op: 'Cast',
  inplace: [],
  infer(c) {
    const to = c.attr('to');
    const dtype = typeof to === 'string' ? castTargetByName(to) : ONNX_DT[c.int('to')];
    if (!dtype) return c.fail('AOTC0012', `Cast to ONNX type ${String(to)} is not supported`);
    return [{ dtype, shape: [...c.shape(0)] }];
  },
  fold: (c, outs) => [castValues(c.constant(0)!, outs[0].dtype)],
  lower: (c) => [castCall(c)],
};

/**
 * Dropout in inference: output 0 is a view of the input (the importer moves the mask output to a
 * constant, see upgrade.ts). training_mode = true is supported only with a zero ratio (no randomness).
 */
const dropoutOp: OpDef = {
  op: 'Dropout',
  alias: true,
  infer(c) {
    const training = c.hasInput(2) ? c.constInts(2, 'training_mode')[0] !== 0 : false;
    if (training) {
      const ratio = c.hasInput(1) ? c.constInts(1, 'ratio')[0] : 0.5;
      if (ratio !== 0) {
        c.fail('AOTC0011', `Dropout with training_mode=true and ratio ${ratio} is random; aotc compiles inference graphs`,
          'export the model in eval mode (training_mode false or absent)');
      }
    }
    return [{ dtype: c.dtype(0), shape: [...c.shape(0)], quant: c.input(0).quant }];
  },
  fold: copyFold,
};

export const STRUCTURAL_OPS: OpDef[] = [
  view('Reshape', reshapeTarget),
  view('Flatten', flattenShape),
  view('Squeeze', squeezeShape),
  view('Unsqueeze', unsqueezeShape),
  view('Identity', (c) => [...c.shape(0)]),
  dropoutOp,
  shapeOp, sizeOp, constantOp, constantOfShapeOp, castOp,
];
