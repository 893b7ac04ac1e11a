// Transpose: permutes the axes (perm defaults to reversing them); a strided copy.

import type { OpCtx, OpDef } from './op-def.js';
import { checkPerm, foldView, lowerView, permuteView, type StridedView } from './strided-view.js';

function view(c: OpCtx): StridedView {
  const shape = c.shape(0);
  const perm = c.ints('perm', shape.map((_d, i) => shape.length - 1 - i));
  checkPerm(c, perm, shape.length);
  return permuteView(shape, perm);
}

export const transpose: OpDef = {
  op: 'Transpose',
  infer: (c) => [{ dtype: c.dtype(0), shape: view(c).shape, quant: c.input(0).quant }],
  fold: (c) => [foldView(c.constant(0)!, c.dtype(0), view(c))],
  lower: (c) => lowerView(c, view(c), c.dtype(0)),
};
