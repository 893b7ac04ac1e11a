// NonZero and Unique: data-dependent output shapes, so supported only on compile-time-constant inputs (folded).

import { allocArray, arrayFrom, getElem, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import type { OpCtx, OpDef } from './op-def.js';

/** Input i's constant data; fails with AOTC0022 (data-dependent output shape) when it is computed at run time. */
function constData(c: OpCtx, i: number): NumArray {
  const d = c.constant(i);
  if (!d) c.constInts(i, `${c.op} input (its output shape depends on the data)`);
  return d!;
}

function nonZeroIndices(c: OpCtx): number[][] {
  const x = constData(c, 0), s = c.shape(0);
  const coords: number[][] = s.map(() => []);
  for (let f = 0; f < x.length; f++) {
    if (getElem(x, f) === 0) continue;
    let r = f;
    for (let d = s.length - 1; d >= 0; d--) { coords[d].push(r % s[d]); r = Math.floor(r / s[d]); }
  }
  if (s.length === 0 && x.length === 1 && getElem(x, 0) !== 0) return [[0]]; // a scalar: one hit, no axes
  return coords;
}

export const nonZero: OpDef = {
  op: 'NonZero',
  infer(c) {
    const rows = nonZeroIndices(c);
    return [{ dtype: 'int64', shape: [c.shape(0).length, rows.length ? rows[0].length : 0] }];
  },
  fold: (c) => [arrayFrom('int64', nonZeroIndices(c).slice(0, c.shape(0).length).flat())],
};

interface UniqueResult { reps: number[]; inverse: number[]; counts: number[]; outer: number; len: number; inner: number; shape: number[] }

/** numpy.unique(x, axis) with first-occurrence indices, inverse indices and counts; `sorted=0` keeps first-occurrence order. */
function unique(c: OpCtx): UniqueResult {
  const x = constData(c, 0), s = c.shape(0);
  const hasAxis = c.has('axis');
  const axis = hasAxis ? c.axis(c.int('axis'), s.length) : 0;
  const outer = hasAxis ? numel(s.slice(0, axis)) : 1, len = hasAxis ? s[axis] : x.length, inner = hasAxis ? numel(s.slice(axis + 1)) : 1;
  const slice = (j: number): number[] => {
    const v: number[] = [];
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) v.push(getElem(x, (o * len + j) * inner + i));
    return v;
  };
  const slices = Array.from({ length: len }, (_x, j) => slice(j));
  const firstOf = new Map<string, number>();
  const reps: number[] = [];
  const repOf: number[] = [];
  slices.forEach((v, j) => {
    const key = v.join(',');
    let u = firstOf.get(key);
    if (u === undefined) { u = reps.length; firstOf.set(key, u); reps.push(j); }
    repOf.push(u);
  });
  let order = reps.map((_r, u) => u);
  if (c.int('sorted', 1)) {
    const cmp = (a: number[], b: number[]) => { for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1; return 0; };
    order = order.sort((a, b) => cmp(slices[reps[a]], slices[reps[b]]));
  }
  const rank = new Array<number>(order.length);
  order.forEach((u, r) => { rank[u] = r; });
  const counts = new Array<number>(order.length).fill(0);
  const inverse = repOf.map((u) => rank[u]);
  for (const r of inverse) counts[r]++;
  const shape = hasAxis ? s.map((d, k) => (k === axis ? order.length : d)) : [order.length];
  return { reps: order.map((u) => reps[u]), inverse, counts, outer, len, inner, shape };
}

export const uniqueOp: OpDef = {
  op: 'Unique',
  infer(c) {
    const u = unique(c);
    return [
      { dtype: c.dtype(0), shape: u.shape },
      { dtype: 'int64', shape: [u.reps.length] },
      { dtype: 'int64', shape: [u.inverse.length] },
      { dtype: 'int64', shape: [u.reps.length] },
    ];
  },
  fold(c, outs) {
    const u = unique(c), x = c.constant(0)!;
    const y = allocArray(outs[0].dtype, numel(u.shape));
    const n = u.reps.length;
    for (let o = 0; o < u.outer; o++) for (let r = 0; r < n; r++) for (let i = 0; i < u.inner; i++) {
      (y as Float64Array)[(o * n + r) * u.inner + i] = (x as Float64Array)[(o * u.len + u.reps[r]) * u.inner + i];
    }
    return [y, arrayFrom('int64', u.reps), arrayFrom('int64', u.inverse), arrayFrom('int64', u.counts)];
  },
};
