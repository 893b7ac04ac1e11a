// DepthToSpace (DCR and CRD modes) and SpaceToDepth on NCHW tensors: reshape + transpose as one strided copy.

import type { OpCtx, OpDef, OutType } from './op-def.js';
import { foldView, lowerView, permuteView, type StridedView } from './strided-view.js';

function nchw(c: OpCtx): [number, number, number, number, number] {
  const s = c.shape(0);
  if (s.length !== 4) c.fail('AOTC0013', `${c.op} needs a rank-4 NCHW input, got [${s}]`);
  const b = c.int('blocksize');
  if (b < 1) c.fail('AOTC0013', `blocksize ${b} must be positive`);
  return [s[0], s[1], s[2], s[3], b];
}

function depthToSpace(c: OpCtx): { view: StridedView; shape: number[] } {
  const [n, ch, h, w, b] = nchw(c);
  if (ch % (b * b) !== 0) c.fail('AOTC0021', `channels ${ch} are not divisible by blocksize² ${b * b}`);
  const co = ch / (b * b);
  const mode = c.str('mode', 'DCR');
  let view: StridedView;
  if (mode === 'DCR') view = permuteView([n, b, b, co, h, w], [0, 3, 4, 1, 5, 2]);
  else if (mode === 'CRD') view = permuteView([n, co, b, b, h, w], [0, 1, 4, 2, 5, 3]);
  else return c.fail('AOTC0011', `DepthToSpace mode '${mode}' is not supported (DCR, CRD are)`);
  return { view, shape: [n, co, h * b, w * b] };
}

function spaceToDepth(c: OpCtx): { view: StridedView; shape: number[] } {
  const [n, ch, h, w, b] = nchw(c);
  if (h % b !== 0 || w % b !== 0) c.fail('AOTC0021', `spatial size ${h}x${w} is not divisible by blocksize ${b}`);
  const view = permuteView([n, ch, h / b, b, w / b, b], [0, 3, 5, 1, 2, 4]);
  return { view, shape: [n, ch * b * b, h / b, w / b] };
}

function def(op: string, geo: (c: OpCtx) => { view: StridedView; shape: number[] }): OpDef {
  return {
    op,
    infer: (c): OutType[] => [{ dtype: c.dtype(0), shape: geo(c).shape, quant: c.input(0).quant }],
    fold: (c) => [foldView(c.constant(0)!, c.dtype(0), geo(c).view)],
    lower: (c) => lowerView(c, geo(c).view, c.dtype(0)),
  };
}

export const depthToSpaceOp = def('DepthToSpace', depthToSpace);
export const spaceToDepthOp = def('SpaceToDepth', spaceToDepth);
