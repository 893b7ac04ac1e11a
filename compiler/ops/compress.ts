// Compress with a compile-time constant condition: a Gather of the selected positions (axis or flattened input).

import { allocArray, dtypeBytes, getElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { copyElem } from './strided-view.js';

function geometry(c: OpCtx) {
  const s = c.shape(0);
  const cond = c.constant(1);
  if (!cond) c.constInts(1, 'the Compress condition (it decides the output shape)');
  const hasAxis = c.has('axis');
  if (hasAxis && s.length === 0) c.fail('AOTC0013', 'Compress with an axis needs an input of rank >= 1');
  const axis = hasAxis ? c.axis(c.int('axis'), s.length) : 0;
  const dim = hasAxis ? s[axis] : numel(s);
  const picked: number[] = [];
  for (let i = 0; i < cond!.length; i++) {
    if (!getElem(cond!, i)) continue;
    if (i >= dim) c.fail('AOTC0013', `condition selects position ${i} beyond the ${dim} available`);
    picked.push(i);
  }
  const outer = hasAxis ? numel(s.slice(0, axis)) : 1, inner = hasAxis ? numel(s.slice(axis + 1)) : 1;
  const shape = hasAxis ? s.map((d, i) => (i === axis ? picked.length : d)) : [picked.length];
  return { picked, dim, outer, inner, shape };
}

export const compress: OpDef = {
  op: 'Compress',
  infer: (c) => [{ dtype: c.dtype(0), shape: geometry(c).shape, quant: c.input(0).quant }],
  fold(c, outs) {
    const g = geometry(c);
    const x = c.constant(0)!;
    const y = allocArray(outs[0].dtype, numel(g.shape));
    const n = g.picked.length;
    for (let o = 0; o < g.outer; o++) {
      g.picked.forEach((k, j) => {
        for (let e = 0; e < g.inner; e++) copyElem(y, (o * n + j) * g.inner + e, x, (o * g.dim + k) * g.inner + e);
      });
    }
    return [y];
  },
  lower(c) {
    const g = geometry(c);
    if (numel(g.shape) === 0) return [];
    return [{
      kernel: 'gather',
      args: [A.in(0), A.ints(g.picked), A.out(0), A.int(g.outer), A.int(g.dim), A.int(g.picked.length),
        A.int(g.inner * dtypeBytes(c.dtype(0))), A.int(0)],
    }];
  },
};
