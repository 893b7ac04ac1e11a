// CumSum: inclusive/exclusive, forward/reverse prefix sums along a compile-time-constant axis.

import { allocArray, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';

/** Dtype codes of the kernel's switch. */
const KIND: Partial<Record<DType, number>> = { float32: 0, float64: 1, int32: 2, int64: 3, uint32: 4, uint64: 5 };

function geometry(c: OpCtx) {
  const s = c.shape(0);
  const a = c.constInts(1, 'CumSum axis');
  if (a.length !== 1) c.fail('AOTC0013', `axis must hold one value, got ${a.length}`);
  const axis = c.axis(a[0], s.length);
  return {
    outer: numel(s.slice(0, axis)), len: s[axis], inner: numel(s.slice(axis + 1)),
    exclusive: c.int('exclusive', 0) ? 1 : 0, reverse: c.int('reverse', 0) ? 1 : 0,
  };
}

export const cumSum: OpDef = {
  op: 'CumSum',
  infer(c) {
    if (KIND[c.dtype(0)] === undefined) c.fail('AOTC0012', `CumSum of dtype ${c.dtype(0)} is not supported (float32/64, int32/64, uint32/64)`);
    if (c.shape(0).length === 0) c.fail('AOTC0013', 'CumSum needs an input of rank >= 1');
    geometry(c);
    return [{ dtype: c.dtype(0), shape: [...c.shape(0)] }];
  },
  fold(c, outs) {
    const { outer, len, inner, exclusive, reverse } = geometry(c);
    const x = c.constant(0)!, t = outs[0].dtype;
    const y = allocArray(t, x.length) as NumArray & { [i: number]: number | bigint };
    // Same row recurrence as the kernel: y[j] = y[j-1] + x[j] (exclusive: x[j-1]); typed stores round/wrap like C.
    for (let o = 0; o < outer; o++) for (let k = 0; k < len; k++) {
      const j = reverse ? len - 1 - k : k, jp = reverse ? j + 1 : j - 1, src = exclusive ? jp : j;
      for (let i = 0; i < inner; i++) {
        const at = (o * len + j) * inner + i;
        if (k === 0) y[at] = exclusive ? (typeof x[0] === 'bigint' ? 0n : 0) : x[at];
        else y[at] = (y[(o * len + jp) * inner + i] as number) + (x[(o * len + src) * inner + i] as number);
      }
    }
    return [y];
  },
  lower(c) {
    const { outer, len, inner, exclusive, reverse } = geometry(c);
    return [{
      kernel: 'cumsum',
      args: [A.in(0), A.out(0), A.int(KIND[c.dtype(0)]!), A.int(outer), A.int(len), A.int(inner), A.int(exclusive), A.int(reverse)],
    }];
  },
};
