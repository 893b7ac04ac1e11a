// Slice (opset 13): starts/ends/axes/steps inputs, negative indices and steps, clamping; a strided copy.

import { contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { foldView, lowerView, type StridedView } from './strided-view.js';

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** The slice as a strided view of the input (INT64_MAX/MIN sentinels clamp like any other value). */
export function sliceView(c: OpCtx): StridedView {
  const s = c.shape(0);
  const rank = s.length;
  const starts = c.constInts(1, 'starts');
  const ends = c.constInts(2, 'ends');
  const axes = c.hasInput(3) ? c.constInts(3, 'axes') : starts.map((_x, i) => i);
  const steps = c.hasInput(4) ? c.constInts(4, 'steps') : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    c.fail('AOTC0013', `starts (${starts.length}), ends (${ends.length}), axes (${axes.length}) and steps (${steps.length}) differ in length`);
  }
  const st = contiguousStrides(s);
  const shape = [...s], strides = [...st];
  let offset = 0;
  const seen = new Set<number>();
  axes.forEach((raw, i) => {
    const a = c.axis(raw, rank, 'Slice axis');
    if (seen.has(a)) c.fail('AOTC0013', `axis ${a} appears twice in axes [${axes}]`);
    seen.add(a);
    const step = steps[i];
    if (step === 0) c.fail('AOTC0013', `step of axis ${a} is 0`);
    const dim = s[a];
    let b = starts[i], e = ends[i];
    if (b < 0) b += dim;
    if (e < 0) e += dim;
    let n: number;
    if (step > 0) {
      b = clamp(b, 0, dim);
      e = clamp(e, 0, dim);
      n = Math.max(0, Math.ceil((e - b) / step));
    } else {
      b = clamp(b, 0, dim - 1);
      e = clamp(e, -1, dim - 1);
      n = Math.max(0, Math.ceil((b - e) / -step));
    }
    shape[a] = n;
    strides[a] = st[a] * step;
    if (n > 0) offset += b * st[a];
  });
  return { shape, strides, offset };
}

export const slice: OpDef = {
  op: 'Slice',
  infer: (c) => [{ dtype: c.dtype(0), shape: sliceView(c).shape, quant: c.input(0).quant }],
  fold: (c) => [foldView(c.constant(0)!, c.dtype(0), sliceView(c))],
  lower: (c) => lowerView(c, sliceView(c), c.dtype(0)),
};
