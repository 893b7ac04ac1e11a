// Gather (rows along an axis) and GatherElements (element-wise along an axis), runtime or constant indices.
// At run time an index outside [-dim, dim) yields zeros in the output (ONNX leaves it undefined);
// constant out-of-range indices are rejected at compile time.

import { allocArray, dtypeBytes, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { copyElem, INDEX_DTYPES, MAX_KERNEL_RANK, wrapIndex } from './strided-view.js';

/** Fail when constant indices (input `i`) fall outside [-dim, dim); `dimOf(j)` gives the bound of index j. */
export function checkConstIndices(c: OpCtx, i: number, dimOf: (j: number) => number): void {
  const idx = c.constant(i);
  if (!idx) return;
  for (let j = 0; j < idx.length; j++) {
    if (wrapIndex(idx, j, dimOf(j)) < 0) c.fail('AOTC0013', `index ${String(idx[j])} is out of range for a dimension of size ${dimOf(j)}`);
  }
}

function gatherGeometry(c: OpCtx) {
  const s = c.shape(0);
  if (s.length === 0) c.fail('AOTC0013', 'Gather needs data of rank >= 1');
  c.requireDType(1, INDEX_DTYPES);
  const axis = c.axis(c.int('axis', 0), s.length);
  const ind = c.shape(1);
  const dim = s[axis];
  checkConstIndices(c, 1, () => dim);
  return {
    outer: numel(s.slice(0, axis)), dim, inner: numel(s.slice(axis + 1)), nIdx: numel(ind),
    shape: [...s.slice(0, axis), ...ind, ...s.slice(axis + 1)],
  };
}

export const gather: OpDef = {
  op: 'Gather',
  infer: (c) => [{ dtype: c.dtype(0), shape: gatherGeometry(c).shape, quant: c.input(0).quant }],
  fold(c, outs) {
    const g = gatherGeometry(c);
    const x = c.constant(0)!, idx = c.constant(1)!;
    const y = allocArray(outs[0].dtype, numel(g.shape));
    for (let o = 0; o < g.outer; o++) {
      for (let j = 0; j < g.nIdx; j++) {
        const k = wrapIndex(idx, j, g.dim);
        for (let e = 0; e < g.inner; e++) copyElem(y, (o * g.nIdx + j) * g.inner + e, x, (o * g.dim + k) * g.inner + e);
      }
    }
    return [y];
  },
  lower(c) {
    const g = gatherGeometry(c);
    if (numel(g.shape) === 0) return [];
    return [{
      kernel: 'gather',
      args: [A.in(0), A.in(1), A.out(0), A.int(g.outer), A.int(g.dim), A.int(g.nIdx),
        A.int(g.inner * dtypeBytes(c.dtype(0))), A.int(c.dtype(1) === 'int64' ? 1 : 0)],
    }];
  },
};

function elementsGeometry(c: OpCtx) {
  const s = c.shape(0), is = c.shape(1);
  c.requireDType(1, INDEX_DTYPES);
  if (s.length === 0 || is.length !== s.length) c.fail('AOTC0013', `indices rank ${is.length} must equal data rank ${s.length} (>= 1)`);
  const axis = c.axis(c.int('axis', 0), s.length);
  if (is.some((d, i) => i !== axis && d > s[i])) c.fail('AOTC0021', `indices shape [${is}] exceeds data shape [${s}] outside axis ${axis}`);
  if (is.length > MAX_KERNEL_RANK) c.fail('AOTC0011', `rank ${is.length} is above the supported ${MAX_KERNEL_RANK}`);
  checkConstIndices(c, 1, () => s[axis]);
  const st = contiguousStrides(s);
  const walk = st.map((v, i) => (i === axis ? 0 : v));
  return { shape: is, axis, dim: s[axis], astride: st[axis], walk };
}

/** Visit every multi-index of `shape`, giving the flat index and the offset sum(i[d] * walk[d]). */
export function forEachOffset(shape: readonly number[], walk: readonly number[], fn: (flat: number, off: number) => void): void {
  const n = numel(shape), idx = new Array<number>(shape.length).fill(0);
  let off = 0;
  for (let f = 0; f < n; f++) {
    fn(f, off);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      off += walk[d];
      if (idx[d] < shape[d]) break;
      off -= walk[d] * shape[d];
      idx[d] = 0;
    }
  }
}

export const gatherElements: OpDef = {
  op: 'GatherElements',
  infer: (c) => [{ dtype: c.dtype(0), shape: [...elementsGeometry(c).shape], quant: c.input(0).quant }],
  fold(c, outs): NumArray[] {
    const g = elementsGeometry(c);
    const x = c.constant(0)!, idx = c.constant(1)!;
    const y = allocArray(outs[0].dtype, numel(g.shape));
    forEachOffset(g.shape, g.walk, (f, off) => copyElem(y, f, x, off + wrapIndex(idx, f, g.dim) * g.astride));
    return [y];
  },
  lower(c) {
    const g = elementsGeometry(c);
    if (numel(g.shape) === 0) return [];
    return [{
      kernel: 'gather_elements',
      args: [A.in(0), A.in(1), A.out(0), A.int(dtypeBytes(c.dtype(0))), A.int(g.shape.length), A.ints(g.shape),
        A.ints(g.walk), A.int(g.astride), A.int(g.dim), A.int(c.dtype(1) === 'int64' ? 1 : 0)],
    }];
  },
};
