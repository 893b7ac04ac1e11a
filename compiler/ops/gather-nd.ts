// GatherND (batch_dims): slices of data addressed by index tuples; runtime out-of-range tuples yield zeros.

import { allocArray, dtypeBytes, getElem, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { copyElem, INDEX_DTYPES } from './strided-view.js';

/** Index-tuple geometry shared with ScatterND: data [batch..., dims(k)..., slice...], indices [batch..., n..., k]. */
export function ndGeometry(c: OpCtx, batchDims: number) {
  const ds = c.shape(0), is = c.shape(1);
  c.requireDType(1, INDEX_DTYPES);
  if (is.length < 1) c.fail('AOTC0013', 'indices must have rank >= 1');
  const b = batchDims;
  if (b < 0 || b >= Math.min(ds.length, is.length)) c.fail('AOTC0013', `batch_dims ${b} must be less than both ranks`);
  if (is.slice(0, b).some((d, i) => d !== ds[i])) c.fail('AOTC0021', `batch dimensions of indices [${is}] and data [${ds}] differ`);
  const k = is[is.length - 1];
  if (k < 1 || k > ds.length - b) c.fail('AOTC0013', `index tuples of length ${k} do not fit data of rank ${ds.length} with batch_dims ${b}`);
  const rest = ds.slice(b);
  const st = contiguousStrides(rest);
  return {
    k, nbatch: numel(ds.slice(0, b)), batchElems: numel(rest), nIdx: numel(is.slice(b, -1)),
    dims: rest.slice(0, k), strides: st.slice(0, k), slice: numel(ds.slice(b + k)),
    outShape: [...is.slice(0, -1), ...ds.slice(b + k)],
  };
}

/** Element offset (within one batch) of index tuple `t` in `idx`, or -1 when a component is out of range. */
export function tupleOffset(idx: NumArray, t: number, k: number, dims: number[], strides: number[]): number {
  let off = 0;
  for (let q = 0; q < k; q++) {
    let i = getElem(idx, t * k + q);
    if (i < 0) i += dims[q];
    if (i < 0 || i >= dims[q]) return -1;
    off += i * strides[q];
  }
  return off;
}

function geometry(c: OpCtx) {
  const g = ndGeometry(c, c.int('batch_dims', 0));
  const idx = c.constant(1);
  if (idx) {
    for (let t = 0; t < g.nbatch * g.nIdx; t++) {
      if (tupleOffset(idx, t, g.k, g.dims, g.strides) < 0) c.fail('AOTC0013', `index tuple ${t} is out of range for data dims [${g.dims}]`);
    }
  }
  return g;
}

export const gatherND: OpDef = {
  op: 'GatherND',
  infer: (c) => [{ dtype: c.dtype(0), shape: geometry(c).outShape, quant: c.input(0).quant }],
  fold(c, outs) {
    const g = geometry(c);
    const x = c.constant(0)!, idx = c.constant(1)!;
    const y = allocArray(outs[0].dtype, numel(g.outShape));
    for (let bt = 0; bt < g.nbatch; bt++) {
      for (let j = 0; j < g.nIdx; j++) {
        const t = bt * g.nIdx + j;
        const off = bt * g.batchElems + tupleOffset(idx, t, g.k, g.dims, g.strides);
        for (let e = 0; e < g.slice; e++) copyElem(y, t * g.slice + e, x, off + e);
      }
    }
    return [y];
  },
  lower(c) {
    const g = geometry(c);
    if (numel(g.outShape) === 0) return [];
    return [{
      kernel: 'gather_nd',
      args: [A.in(0), A.in(1), A.out(0), A.int(g.nbatch), A.int(g.batchElems), A.int(g.nIdx), A.int(g.k),
        A.ints(g.dims), A.ints(g.strides), A.int(g.slice), A.int(dtypeBytes(c.dtype(0))), A.int(c.dtype(1) === 'int64' ? 1 : 0)],
    }];
  },
};
