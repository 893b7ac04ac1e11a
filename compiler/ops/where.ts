// Where: elementwise select between X and Y by a bool condition, numpy broadcasting over all three.

import { allocArray, dtypeBytes, getElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import { broadcastShapes, broadcastStrides, collapseDims, forEachBroadcast } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { copyElem, MAX_KERNEL_RANK } from './strided-view.js';

function geometry(c: OpCtx) {
  c.requireDType(0, ['bool']);
  if (c.dtype(1) !== c.dtype(2)) c.fail('AOTC0013', `X and Y have different dtypes (${c.dtype(1)} and ${c.dtype(2)})`);
  const shapes = [c.shape(0), c.shape(1), c.shape(2)];
  const out = broadcastShapes(shapes);
  if (!out) c.fail('AOTC0021', `shapes [${shapes[0]}], [${shapes[1]}] and [${shapes[2]}] do not broadcast`);
  return { out, strides: shapes.map((s) => broadcastStrides(s, out)) };
}

export const where: OpDef = {
  op: 'Where',
  infer(c) {
    const { out } = geometry(c);
    const q1 = c.input(1).quant, q2 = c.input(2).quant;
    const quant = JSON.stringify(q1 ?? null) === JSON.stringify(q2 ?? null) ? q1 : undefined;
    if (!quant && (q1 || q2)) c.fail('AOTC0011', 'Where between tensors with different quantization is not supported');
    return [{ dtype: c.dtype(1), shape: out, quant }];
  },
  fold(c, outs) {
    const g = geometry(c);
    const cond = c.constant(0)!, a = c.constant(1)!, b = c.constant(2)!;
    const y = allocArray(outs[0].dtype, numel(g.out));
    forEachBroadcast(g.out, g.strides, (i, [ic, ia, ib]) => {
      if (getElem(cond, ic)) copyElem(y, i, a, ia);
      else copyElem(y, i, b, ib);
    });
    return [y];
  },
  lower(c) {
    const g = geometry(c);
    if (numel(g.out) === 0) return [];
    const { shape, strides } = collapseDims(g.out, g.strides);
    if (shape.length > MAX_KERNEL_RANK) c.fail('AOTC0011', `Where over ${shape.length} broadcast dimensions (at most ${MAX_KERNEL_RANK})`);
    return [{
      kernel: 'where',
      args: [A.in(0), A.in(1), A.in(2), A.out(0), A.int(dtypeBytes(c.dtype(1))), A.int(shape.length), A.ints(shape),
        A.ints(strides[0]), A.ints(strides[1]), A.ints(strides[2])],
    }];
  },
};
