// ScatterElements and ScatterND (reduction none/add/mul/max/min); runtime out-of-range indices are skipped.

import { dtypeBytes, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { checkConstIndices, forEachOffset } from './gather.js';
import { ndGeometry, tupleOffset } from './gather-nd.js';
import { INDEX_DTYPES, MAX_KERNEL_RANK, wrapIndex } from './strided-view.js';

const REDUCTIONS = ['none', 'add', 'mul', 'max', 'min'] as const;
/** Kernel dtype codes (scatter_combine__ref.h); float16 is widened before lowering, bool has no arithmetic. */
const DTYPE_CODE: Partial<Record<DType, number>> = {
  float32: 0, float64: 1, int8: 2, int16: 3, int32: 4, int64: 5, uint8: 6, uint16: 7, uint32: 8, uint64: 9,
};

function reduction(c: OpCtx): number {
  const r = c.str('reduction', 'none');
  const k = REDUCTIONS.indexOf(r as (typeof REDUCTIONS)[number]);
  if (k < 0) c.fail('AOTC0011', `reduction '${r}' is not supported (none, add, mul, max, min are)`);
  if (k > 0 && DTYPE_CODE[c.dtype(0)] === undefined) c.fail('AOTC0012', `reduction '${r}' on dtype ${c.dtype(0)} is not supported`);
  return k;
}

function checkCommon(c: OpCtx): void {
  c.requireDType(1, INDEX_DTYPES);
  if (c.dtype(2) !== c.dtype(0)) c.fail('AOTC0013', `updates dtype ${c.dtype(2)} differs from data dtype ${c.dtype(0)}`);
}

/** dst[i] (op)= src[j] on host arrays of the same element type. */
function combine(dst: NumArray, i: number, src: NumArray, j: number, red: number, t: DType): void {
  const d = dst as unknown as (number | bigint)[], s = src as unknown as (number | bigint)[];
  const a = d[i], b = s[j];
  if (red === 0) { d[i] = b; return; }
  let v: number | bigint;
  if (typeof a === 'bigint') {
    const bb = b as bigint;
    v = red === 1 ? a + bb : red === 2 ? a * bb : red === 3 ? (a > bb ? a : bb) : (a < bb ? a : bb);
  } else {
    const bb = b as number;
    v = red === 1 ? a + bb : red === 2 ? a * bb : red === 3 ? Math.max(a, bb) : Math.min(a, bb);
    if (t === 'float32') v = Math.fround(v);
  }
  d[i] = v; // typed arrays wrap integers like the C kernel
}

function elementsGeometry(c: OpCtx) {
  checkCommon(c);
  const s = c.shape(0), is = c.shape(1), us = c.shape(2);
  if (s.length === 0 || is.length !== s.length) c.fail('AOTC0013', `indices rank ${is.length} must equal data rank ${s.length} (>= 1)`);
  if (us.length !== is.length || us.some((d, i) => d !== is[i])) c.fail('AOTC0021', `updates shape [${us}] differs from indices shape [${is}]`);
  const axis = c.axis(c.int('axis', 0), s.length);
  if (is.some((d, i) => i !== axis && d > s[i])) c.fail('AOTC0021', `indices shape [${is}] exceeds data shape [${s}] outside axis ${axis}`);
  if (is.length > MAX_KERNEL_RANK) c.fail('AOTC0011', `rank ${is.length} is above the supported ${MAX_KERNEL_RANK}`);
  checkConstIndices(c, 1, () => s[axis]);
  const st = contiguousStrides(s);
  return { red: reduction(c), shape: is, dim: s[axis], astride: st[axis], walk: st.map((v, i) => (i === axis ? 0 : v)) };
}

export const scatterElements: OpDef = {
  op: 'ScatterElements',
  inplace: [[0, 0]],
  infer: (c) => { elementsGeometry(c); return [{ dtype: c.dtype(0), shape: [...c.shape(0)], quant: c.input(0).quant }]; },
  fold(c) {
    const g = elementsGeometry(c);
    const y = c.constant(0)!.slice() as NumArray, idx = c.constant(1)!, upd = c.constant(2)!;
    forEachOffset(g.shape, g.walk, (f, off) => combine(y, off + wrapIndex(idx, f, g.dim) * g.astride, upd, f, g.red, c.dtype(0)));
    return [y];
  },
  lower(c) {
    const g = elementsGeometry(c);
    const elem = dtypeBytes(c.dtype(0));
    return [{
      kernel: 'scatter_elements',
      args: [A.in(0), A.in(1), A.in(2), A.out(0), A.int(numel(c.shape(0)) * elem), A.int(elem), A.int(g.shape.length),
        A.ints(g.shape), A.ints(g.walk), A.int(g.astride), A.int(g.dim), A.int(c.dtype(1) === 'int64' ? 1 : 0),
        A.int(DTYPE_CODE[c.dtype(0)] ?? 0), A.int(g.red)],
    }];
  },
};

function ndScatterGeometry(c: OpCtx) {
  checkCommon(c);
  const g = ndGeometry(c, 0);
  const us = c.shape(2);
  if (us.length !== g.outShape.length || us.some((d, i) => d !== g.outShape[i])) {
    c.fail('AOTC0021', `updates shape [${us}] must be [${g.outShape}] (indices.shape[:-1] + data.shape[k:])`);
  }
  const idx = c.constant(1);
  if (idx) {
    for (let t = 0; t < g.nIdx; t++) {
      if (tupleOffset(idx, t, g.k, g.dims, g.strides) < 0) c.fail('AOTC0013', `index tuple ${t} is out of range for data dims [${g.dims}]`);
    }
  }
  return { ...g, red: reduction(c) };
}

export const scatterND: OpDef = {
  op: 'ScatterND',
  inplace: [[0, 0]],
  infer: (c) => { ndScatterGeometry(c); return [{ dtype: c.dtype(0), shape: [...c.shape(0)], quant: c.input(0).quant }]; },
  fold(c) {
    const g = ndScatterGeometry(c);
    const y = c.constant(0)!.slice() as NumArray, idx = c.constant(1)!, upd = c.constant(2)!;
    for (let t = 0; t < g.nIdx; t++) {
      const off = tupleOffset(idx, t, g.k, g.dims, g.strides);
      for (let e = 0; e < g.slice; e++) combine(y, off + e, upd, t * g.slice + e, g.red, c.dtype(0));
    }
    return [y];
  },
  lower(c) {
    const g = ndScatterGeometry(c);
    const elem = dtypeBytes(c.dtype(0));
    return [{
      kernel: 'scatter_nd',
      args: [A.in(0), A.in(1), A.in(2), A.out(0), A.int(numel(c.shape(0)) * elem), A.int(g.nIdx), A.int(g.k),
        A.ints(g.dims), A.ints(g.strides), A.int(g.slice), A.int(elem), A.int(c.dtype(1) === 'int64' ? 1 : 0),
        A.int(DTYPE_CODE[c.dtype(0)] ?? 0), A.int(g.red)],
    }];
  },
};
