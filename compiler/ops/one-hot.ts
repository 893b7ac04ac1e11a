// OneHot: indices (any numeric dtype), depth (compile-time constant), values [off, on] → one-hot along `axis`.

import { allocArray, dtypeBytes, getElem, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';

/** Index dtype codes understood by the kernel (aotc_onehot_index). */
const KIND: Partial<Record<DType, number>> = {
  float32: 0, float64: 1, int8: 2, int16: 3, int32: 4, int64: 5, uint8: 6, uint16: 7, uint32: 8, uint64: 9,
};

function geometry(c: OpCtx) {
  const s = c.shape(0);
  const depthIn = c.constInts(1, 'OneHot depth');
  if (depthIn.length !== 1) c.fail('AOTC0013', `depth must hold one value, got ${depthIn.length}`);
  const depth = Math.trunc(depthIn[0]);
  if (depth < 1) c.fail('AOTC0013', `depth must be positive, got ${depthIn[0]}`);
  if (numel(c.shape(2)) !== 2) c.fail('AOTC0013', `values must hold [off, on], got shape [${c.shape(2)}]`);
  const axis = c.axis(c.int('axis', -1), s.length + 1);
  return { depth, axis, outer: numel(s.slice(0, axis)), inner: numel(s.slice(axis)), shape: [...s.slice(0, axis), depth, ...s.slice(axis)] };
}

export const oneHot: OpDef = {
  op: 'OneHot',
  infer(c) {
    if (KIND[c.dtype(0)] === undefined) c.fail('AOTC0012', `OneHot indices of dtype ${c.dtype(0)} are not supported`);
    return [{ dtype: c.dtype(2), shape: geometry(c).shape }];
  },
  fold(c, outs) {
    const { depth, outer, inner } = geometry(c);
    const x = c.constant(0)!, v = c.constant(2)!;
    const y = allocArray(outs[0].dtype, numel(outs[0].shape));
    let k = 0;
    for (let o = 0; o < outer; o++) for (let d = 0; d < depth; d++) for (let i = 0; i < inner; i++) {
      let ix = Math.trunc(getElem(x, o * inner + i));
      if (ix < 0) ix += depth;
      y[k++] = v[ix === d ? 1 : 0];
    }
    return [y];
  },
  lower(c) {
    const { depth, outer, inner } = geometry(c);
    return [{
      kernel: 'onehot',
      args: [A.in(0), A.int(KIND[c.dtype(0)]!), A.in(2), A.out(0), A.int(dtypeBytes(c.dtype(2))), A.int(outer), A.int(depth), A.int(inner)],
    }];
  },
};
