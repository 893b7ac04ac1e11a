// Expand (bidirectional broadcast to a shape) and Tile (repeat along each axis); both strided copies.

import { broadcastShapes, broadcastStrides, contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { foldView, lowerView, type StridedView } from './strided-view.js';

function expandView(c: OpCtx): StridedView {
  const s = c.shape(0);
  const target = c.constInts(1, 'the Expand shape');
  if (target.some((d) => d < 0)) c.fail('AOTC0021', `Expand shape [${target}] has negative dimensions`);
  const out = broadcastShapes([s, target]);
  if (!out) c.fail('AOTC0021', `shape [${s}] cannot be expanded to [${target}]`);
  return { shape: out, strides: broadcastStrides(s, out), offset: 0 };
}

/** Tile as a view of rank 2r: dims [rep0, d0, rep1, d1, ...] with stride 0 on the repeat dims. */
function tileView(c: OpCtx): StridedView {
  const s = c.shape(0);
  const reps = c.constInts(1, 'repeats');
  if (reps.length !== s.length) c.fail('AOTC0013', `repeats has ${reps.length} entries for a rank-${s.length} input`);
  if (reps.some((r) => r < 0)) c.fail('AOTC0013', `repeats [${reps}] has negative entries`);
  const st = contiguousStrides(s);
  return {
    shape: s.flatMap((d, i) => [reps[i], d]),
    strides: s.flatMap((_d, i) => [0, st[i]]),
    offset: 0,
  };
}

const tileShape = (c: OpCtx): number[] => {
  const v = tileView(c);
  return c.shape(0).map((_d, i) => v.shape[2 * i] * v.shape[2 * i + 1]);
};

const out = (c: OpCtx, shape: number[]): OutType[] => [{ dtype: c.dtype(0), shape, quant: c.input(0).quant }];

export const expand: OpDef = {
  op: 'Expand',
  infer: (c) => out(c, expandView(c).shape),
  fold: (c) => [foldView(c.constant(0)!, c.dtype(0), expandView(c))],
  lower: (c) => lowerView(c, expandView(c), c.dtype(0)),
};

export const tile: OpDef = {
  op: 'Tile',
  infer: (c) => out(c, tileShape(c)),
  fold: (c) => [foldView(c.constant(0)!, c.dtype(0), tileView(c))],
  lower: (c) => lowerView(c, tileView(c), c.dtype(0)),
};
