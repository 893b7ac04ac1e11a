// TFLite STRIDED_SLICE → IR Slice (explicit starts/ends/steps per axis) + Reshape for shrink_axis_mask.

import type { TfliteOpCtx } from './op-context.js';

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

export interface AxisSlice { start: number; stop: number; step: number; count: number }

/**
 * One axis of a TFLite strided slice, resolved like TFLite's reference kernel: the start index after negative
 * wrap-around, clamping and begin_mask; the stop likewise (shrink: start + 1; `offset`: relative to start).
 */
export function resolveAxis(size: number, begin: number, end: number, step: number,
  masks: { begin: boolean; end: boolean; shrink: boolean; offset: boolean }): AxisSlice {
  let start = begin < 0 ? begin + size : begin;
  start = step > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
  if (masks.begin) start = step > 0 ? 0 : size - 1;
  let stop: number;
  if (masks.shrink) stop = start >= size ? start : start + 1;
  else {
    stop = masks.offset ? end + start : end;
    if (stop < 0) stop += size;
    stop = step > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1);
    if (masks.end) stop = step > 0 ? size : -1;
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, stop, step, count };
}

export function mapStridedSlice(c: TfliteOpCtx): void {
  const o = c.options('StridedSliceOptions');
  if (o.ellipsisMask) c.fail('AOTC0011', `ellipsis_mask ${o.ellipsisMask} is not supported`);
  if (o.newAxisMask) c.fail('AOTC0011', `new_axis_mask ${o.newAxisMask} is not supported`);
  const x = c.in(0);
  const shape = c.shape(x);
  const begin = c.constInts(1, 'begin');
  const end = c.constInts(2, 'end');
  const strides = c.has(3) ? c.constInts(3, 'strides') : begin.map(() => 1);
  if (begin.length !== end.length || begin.length !== strides.length || begin.length > shape.length) {
    c.fail('AOTC0013', `begin (${begin.length}), end (${end.length}) and strides (${strides.length}) must have one entry per axis of the rank-${shape.length} input`);
  }
  const bit = (mask: number, i: number): boolean => (mask & (1 << i)) !== 0;
  const starts: number[] = [], ends: number[] = [], steps: number[] = [], outShape: number[] = [];
  let shrunk = false;
  shape.forEach((size, i) => {
    if (i >= begin.length) { starts.push(0); ends.push(size); steps.push(1); outShape.push(size); return; }
    const step = strides[i]!;
    if (step === 0) c.fail('AOTC0013', `stride of axis ${i} is 0`);
    const s = resolveAxis(size, begin[i]!, end[i]!, step, {
      begin: bit(o.beginMask, i), end: bit(o.endMask, i), shrink: bit(o.shrinkAxisMask, i), offset: o.offset,
    });
    if (s.count === 0) { starts.push(0); ends.push(0); steps.push(1); }
    else {
      starts.push(s.start);
      // A negative-step stop of -1 means "through index 0": ONNX Slice needs an end that stays -1 after wrap-around.
      ends.push(s.stop < 0 ? -(size + 1) : s.stop);
      steps.push(step);
    }
    if (bit(o.shrinkAxisMask, i)) shrunk = true;
    else outShape.push(s.count);
  });
  const axes = shape.map((_d, i) => i);
  const y = c.out();
  const sliced = shrunk ? c.temp('slice', c.value(y)) : y;
  c.emit('Slice', [x, c.ints('starts', starts), c.ints('ends', ends), c.ints('axes', axes), c.ints('steps', steps)], [sliced]);
  if (shrunk) c.emit('Reshape', [sliced, c.ints('shrink_shape', outShape)], [y], { allowzero: 1 }, 'shrink');
}
