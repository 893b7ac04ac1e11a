// Elementwise ops as table rows: unary (with up to two float parameters) and broadcasting binary ops.

import { allocArray, dtypeC, dtypeShort, getElem, isFloat, setElem, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { broadcastShapes, broadcastStrides, collapseDims, forEachBroadcast } from './broadcast.js';

const FLOATS: DType[] = ['float32', 'float64'];
const SINTS: DType[] = ['int8', 'int16', 'int32', 'int64'];
const UINTS: DType[] = ['uint8', 'uint16', 'uint32', 'uint64'];
const NUMERIC: DType[] = [...FLOATS, ...SINTS, ...UINTS];
const SIGNED: DType[] = [...FLOATS, ...SINTS];

/** C expression text for a dtype: `F(exp)` becomes `expf`/`exp`, `T` is the compute type. */
type Expr = string | ((t: DType, c: OpCtx) => string);

interface UnaryRow {
  op: string;
  dtypes: DType[];
  c: Expr;
  js: (x: number, p0: number, p1: number) => number;
  /** Parameters p0, p1 from attributes (name, default) or constant inputs. */
  params?: (c: OpCtx, t: DType) => [number, number];
  out?: 'bool';
}

interface BinaryRow {
  op: string;
  dtypes: DType[];
  c: Expr;
  js: (a: number, b: number, c: OpCtx) => number;
  out?: 'bool';
  /** The second operand may have another dtype (Pow). */
  mixed?: boolean;
}

const attrs2 = (n0: string, d0: number, n1?: string, d1 = 0) =>
  (c: OpCtx): [number, number] => [c.float(n0, d0), n1 ? c.float(n1, d1) : 0];

function clipParams(c: OpCtx, t: DType): [number, number] {
  const lo = c.hasInput(1) ? c.constInts(1, 'Clip min')[0] : -Infinity;
  const hi = c.hasInput(2) ? c.constInts(2, 'Clip max')[0] : Infinity;
  if (isFloat(t)) return [lo, hi];
  const lim = intLimits(t);
  return [Math.max(lo, lim[0]), Math.min(hi, lim[1])];
}

function intLimits(t: DType): [number, number] {
  const bits = { int8: 8, int16: 16, int32: 32, int64: 64, uint8: 8, uint16: 16, uint32: 32, uint64: 64 }[t as string] ?? 32;
  return t.startsWith('u') ? [0, 2 ** bits - 1] : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}

const erf = (x: number): number => {
  // Abramowitz-Stegun 7.1.26 is too coarse for folding; use a series/continued-fraction split.
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = t, term = t, n = 0;
    while (Math.abs(term) > 1e-17 * Math.abs(sum)) { n++; term *= -t * t / n; sum += term / (2 * n + 1); }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (t + f);
  return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f));
};

export const UNARY_ROWS: UnaryRow[] = [
  { op: 'Relu', dtypes: SIGNED, c: 'x > 0 ? x : (T)0', js: (x) => Math.max(x, 0) },
  { op: 'Neg', dtypes: SIGNED, c: '-x', js: (x) => -x },
  { op: 'Abs', dtypes: NUMERIC, c: (t) => (isFloat(t) ? 'F(fabs)(x)' : t.startsWith('u') ? 'x' : 'x < 0 ? -x : x'), js: Math.abs },
  { op: 'Sign', dtypes: NUMERIC, c: '(T)((x > 0) - (x < 0))', js: Math.sign },
  { op: 'Exp', dtypes: FLOATS, c: 'F(exp)(x)', js: Math.exp },
  { op: 'Log', dtypes: FLOATS, c: 'F(log)(x)', js: Math.log },
  { op: 'Sqrt', dtypes: FLOATS, c: 'F(sqrt)(x)', js: Math.sqrt },
  { op: 'Reciprocal', dtypes: FLOATS, c: '(T)1 / x', js: (x) => 1 / x },
  { op: 'Sigmoid', dtypes: FLOATS, c: '(T)1 / ((T)1 + F(exp)(-x))', js: (x) => 1 / (1 + Math.exp(-x)) },
  { op: 'Tanh', dtypes: FLOATS, c: 'F(tanh)(x)', js: Math.tanh },
  { op: 'Erf', dtypes: FLOATS, c: 'F(erf)(x)', js: erf },
  { op: 'Sin', dtypes: FLOATS, c: 'F(sin)(x)', js: Math.sin },
  { op: 'Cos', dtypes: FLOATS, c: 'F(cos)(x)', js: Math.cos },
  { op: 'Tan', dtypes: FLOATS, c: 'F(tan)(x)', js: Math.tan },
  { op: 'Asin', dtypes: FLOATS, c: 'F(asin)(x)', js: Math.asin },
  { op: 'Acos', dtypes: FLOATS, c: 'F(acos)(x)', js: Math.acos },
  { op: 'Atan', dtypes: FLOATS, c: 'F(atan)(x)', js: Math.atan },
  { op: 'Sinh', dtypes: FLOATS, c: 'F(sinh)(x)', js: Math.sinh },
  { op: 'Cosh', dtypes: FLOATS, c: 'F(cosh)(x)', js: Math.cosh },
  { op: 'Asinh', dtypes: FLOATS, c: 'F(asinh)(x)', js: Math.asinh },
  { op: 'Acosh', dtypes: FLOATS, c: 'F(acosh)(x)', js: Math.acosh },
  { op: 'Atanh', dtypes: FLOATS, c: 'F(atanh)(x)', js: Math.atanh },
  { op: 'Ceil', dtypes: FLOATS, c: 'F(ceil)(x)', js: Math.ceil },
  { op: 'Floor', dtypes: FLOATS, c: 'F(floor)(x)', js: Math.floor },
  { op: 'Round', dtypes: FLOATS, c: 'F(nearbyint)(x)', js: (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)) },
  { op: 'Softplus', dtypes: FLOATS, c: 'x > (T)20 ? x : F(log1p)(F(exp)(x))', js: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))) },
  { op: 'Softsign', dtypes: FLOATS, c: 'x / ((T)1 + F(fabs)(x))', js: (x) => x / (1 + Math.abs(x)) },
  { op: 'HardSwish', dtypes: FLOATS, c: 'x * F(fmax)((T)0, F(fmin)((T)1, x * (T)(1.0 / 6.0) + (T)0.5))', js: (x) => x * Math.max(0, Math.min(1, x / 6 + 0.5)) },
  {
    op: 'HardSigmoid', dtypes: FLOATS, params: attrs2('alpha', 0.2, 'beta', 0.5),
    c: 'F(fmax)((T)0, F(fmin)((T)1, p0 * x + p1))', js: (x, a, b) => Math.max(0, Math.min(1, a * x + b)),
  },
  { op: 'LeakyRelu', dtypes: FLOATS, params: attrs2('alpha', 0.01), c: 'x < 0 ? p0 * x : x', js: (x, a) => (x < 0 ? a * x : x) },
  { op: 'Elu', dtypes: FLOATS, params: attrs2('alpha', 1), c: 'x < 0 ? p0 * (F(exp)(x) - (T)1) : x', js: (x, a) => (x < 0 ? a * (Math.exp(x) - 1) : x) },
  {
    op: 'Selu', dtypes: FLOATS, params: attrs2('alpha', 1.6732632423543772, 'gamma', 1.0507009873554805),
    c: 'x <= 0 ? p1 * (p0 * F(exp)(x) - p0) : p1 * x', js: (x, a, g) => (x <= 0 ? g * (a * Math.exp(x) - a) : g * x),
  },
  {
    op: 'Celu', dtypes: FLOATS, params: attrs2('alpha', 1),
    c: 'F(fmax)((T)0, x) + F(fmin)((T)0, p0 * (F(exp)(x / p0) - (T)1))', js: (x, a) => Math.max(0, x) + Math.min(0, a * (Math.exp(x / a) - 1)),
  },
  { op: 'ThresholdedRelu', dtypes: FLOATS, params: attrs2('alpha', 1), c: 'x > p0 ? x : (T)0', js: (x, a) => (x > a ? x : 0) },
  {
    op: 'Shrink', dtypes: NUMERIC, params: attrs2('bias', 0, 'lambd', 0.5),
    c: '(T)(x < -p1 ? x + p0 : (x > p1 ? x - p0 : 0))', js: (x, b, l) => (x < -l ? x + b : x > l ? x - b : 0),
  },
  { op: 'Clip', dtypes: NUMERIC, params: clipParams, c: '(T)(x < p0 ? p0 : (x > p1 ? p1 : x))', js: (x, lo, hi) => Math.min(Math.max(x, lo), hi) },
  { op: 'Not', dtypes: ['bool'], c: '!x', js: (x) => (x ? 0 : 1) },
  { op: 'IsNaN', dtypes: FLOATS, out: 'bool', c: 'x != x', js: (x) => (Number.isNaN(x) ? 1 : 0) },
  {
    op: 'IsInf', dtypes: FLOATS, out: 'bool', params: attrs2('detect_negative', 1, 'detect_positive', 1),
    c: '(x == (T)INFINITY && p1 != 0) || (x == -(T)INFINITY && p0 != 0)',
    js: (x, n, p) => ((x === Infinity && p) || (x === -Infinity && n) ? 1 : 0),
  },
];

const pyMod = (a: number, b: number) => (b === 0 ? 0 : ((a % b) + b) % b === 0 ? 0 : a - Math.floor(a / b) * b);

export const BINARY_ROWS: BinaryRow[] = [
  { op: 'Add', dtypes: NUMERIC, c: 'a + b', js: (a, b) => a + b },
  { op: 'Sub', dtypes: NUMERIC, c: 'a - b', js: (a, b) => a - b },
  { op: 'Mul', dtypes: NUMERIC, c: 'a * b', js: (a, b) => a * b },
  { op: 'Div', dtypes: NUMERIC, c: (t) => (isFloat(t) ? 'a / b' : 'b != 0 ? a / b : (T)0'), js: (a, b, c) => (isFloat(c.dtype(0)) ? a / b : b ? Math.trunc(a / b) : 0) },
  { op: 'Pow', dtypes: NUMERIC, mixed: true, c: (t) => (t === 'float32' ? 'powf(a, (float)b)' : '(T)pow((double)a, (double)b)'), js: (a, b) => a ** b },
  { op: 'Max', dtypes: NUMERIC, c: 'a > b ? a : b', js: (a, b) => Math.max(a, b) },
  { op: 'Min', dtypes: NUMERIC, c: 'a < b ? a : b', js: (a, b) => Math.min(a, b) },
  {
    op: 'Mod', dtypes: NUMERIC,
    c: (t, c) => (isFloat(t) ? 'F(fmod)(a, b)' : c.int('fmod', 0) ? 'b != 0 ? a % b : (T)0'
      : 'b != 0 ? ((a % b != 0 && ((a % b < 0) != (b < 0))) ? a % b + b : a % b) : (T)0'),
    js: (a, b, c) => (c.int('fmod', 0) || isFloat(c.dtype(0)) ? (b ? a % b : 0) : pyMod(a, b)),
  },
  { op: 'PRelu', dtypes: SIGNED, c: 'a < 0 ? a * b : a', js: (a, b) => (a < 0 ? a * b : a) },
  { op: 'Equal', dtypes: [...NUMERIC, 'bool'], out: 'bool', c: 'a == b', js: (a, b) => +(a === b) },
  { op: 'Less', dtypes: NUMERIC, out: 'bool', c: 'a < b', js: (a, b) => +(a < b) },
  { op: 'LessOrEqual', dtypes: NUMERIC, out: 'bool', c: 'a <= b', js: (a, b) => +(a <= b) },
  { op: 'Greater', dtypes: NUMERIC, out: 'bool', c: 'a > b', js: (a, b) => +(a > b) },
  { op: 'GreaterOrEqual', dtypes: NUMERIC, out: 'bool', c: 'a >= b', js: (a, b) => +(a >= b) },
  { op: 'And', dtypes: ['bool'], c: 'a && b', js: (a, b) => +(a && b) },
  { op: 'Or', dtypes: ['bool'], c: 'a || b', js: (a, b) => +(a || b) },
  { op: 'Xor', dtypes: ['bool'], c: '(a != 0) != (b != 0)', js: (a, b) => +(!!a !== !!b) },
  {
    op: 'BitShift', dtypes: UINTS, c: (_t, c) => (c.str('direction') === 'LEFT' ? 'a << b' : 'a >> b'),
    js: (a, b, c) => (c.str('direction') === 'LEFT' ? a * 2 ** b : Math.floor(a / 2 ** b)),
  },
];

/** Render a row's C expression for dtype t. */
function cExpr(e: Expr, t: DType, c: OpCtx): string {
  const s = typeof e === 'function' ? e(t, c) : e;
  return s.replace(/F\((\w+)\)/g, (_m, f: string) => (t === 'float32' ? `${f}f` : f));
}

const paramType = (t: DType) => (t === 'float32' ? 'float' : 'double');

function unaryDef(row: UnaryRow): OpDef {
  return {
    op: row.op,
    inplace: row.out ? [] : [[0, 0]],
    infer(c) {
      const t = c.requireDType(0, row.dtypes);
      return [{ dtype: row.out ?? t, shape: [...c.shape(0)] }];
    },
    fold(c, outs) {
      const x = c.constant(0)!;
      const [p0, p1] = row.params ? row.params(c, c.dtype(0)) : [0, 0];
      const y = allocArray(outs[0].dtype, x.length);
      for (let i = 0; i < x.length; i++) setElem(y, outs[0].dtype, i, row.js(getElem(x, i), p0, p1));
      return [y];
    },
    lower(c): KernelCall[] {
      const t = c.dtype(0), to = row.out ?? t;
      const [p0, p1] = row.params ? row.params(c, t) : [0, 0];
      const name = `aotc_${row.op.toLowerCase()}_${dtypeShort(t)}__ref`;
      const pt = paramType(t);
      const arg = (v: number) => (pt === 'float' ? A.float(v) : A.double(v));
      return [{
        kernel: 'unary',
        instance: { macro: 'AOTC_UNARY', name, params: [dtypeC(t), dtypeC(to), pt, cExpr(row.c, t, c)] },
        args: [A.in(0), A.out(0), A.int(numel(c.shape(0))), arg(p0), arg(p1)],
      }];
    },
  };
}

/**
 * The shape operand 1 broadcasts with: its own, except legacy PRelu (opset < 7), whose 1-D slope of C elements applies
 * per channel (axis 1) of a higher-rank input.
 */
function operandShape(row: BinaryRow, c: OpCtx): number[] {
  const a = c.shape(0), b = c.shape(1);
  if (row.op === 'PRelu' && b.length === 1 && a.length > 2 && b[0] === a[1] && b[0] !== a[a.length - 1]) {
    return [b[0], ...new Array(a.length - 2).fill(1)];
  }
  return b;
}

function binaryDef(row: BinaryRow): OpDef {
  return {
    op: row.op,
    inplace: row.out ? [] : [[0, 0], [1, 0]],
    infer(c) {
      const t = c.requireDType(0, row.dtypes);
      if (!row.mixed && c.dtype(1) !== t) c.fail('AOTC0012', `operands have different dtypes (${t} and ${c.dtype(1)})`);
      const shape = broadcastShapes([c.shape(0), operandShape(row, c)]);
      if (!shape) c.fail('AOTC0021', `shapes [${c.shape(0)}] and [${c.shape(1)}] do not broadcast`);
      return [{ dtype: row.out ?? t, shape: shape as number[] }];
    },
    fold(c, outs) {
      const a = c.constant(0)!, b = c.constant(1)!;
      const out = outs[0];
      const y = allocArray(out.dtype, numel(out.shape));
      const st = [broadcastStrides(c.shape(0), out.shape), broadcastStrides(operandShape(row, c), out.shape)];
      forEachBroadcast(out.shape, st, (i, [ia, ib]) => setElem(y, out.dtype, i, row.js(getElem(a, ia), getElem(b, ib), c)));
      return [y];
    },
    lower(c): KernelCall[] {
      const ta = c.dtype(0), tb = c.dtype(1), out = c.output(0);
      const st = [broadcastStrides(c.shape(0), out.shape), broadcastStrides(operandShape(row, c), out.shape)];
      const { shape, strides } = collapseDims(out.shape, st);
      const name = `aotc_${row.op.toLowerCase()}_${dtypeShort(ta)}${ta === tb ? '' : dtypeShort(tb)}__ref`;
      return [{
        kernel: 'binary',
        instance: { macro: 'AOTC_BINARY', name, params: [dtypeC(ta), dtypeC(tb), dtypeC(out.dtype), cExpr(row.c, ta, c)] },
        args: [A.in(0), A.in(1), A.out(0), A.int(shape.length), A.ints(shape), A.ints(strides[0]), A.ints(strides[1])],
      }];
    },
  };
}

export const ELEMENTWISE_OPS: OpDef[] = [...UNARY_ROWS.map(unaryDef), ...BINARY_ROWS.map(binaryDef)];

/** Ops whose kernels the fusion pass may fold into a producer as an activation (see passes). */
export type { OutType, NumArray };
