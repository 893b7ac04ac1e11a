// Compile-time geometry of reductions: axes normalisation, output shapes, collapsing into kept/reduced runs.

import { numel } from '../ir/graph.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx } from './op-def.js';

/**
 * The axes a Reduce* node reduces (sorted, normalised) from its optional constant `axes` input (input 1):
 * absent or empty means all axes, or none when noop_with_empty_axes is 1.
 */
export function reduceAxes(c: OpCtx): number[] {
  const rank = c.shape(0).length;
  const raw = c.hasInput(1) ? c.constInts(1, 'axes') : [];
  if (raw.length === 0) return c.int('noop_with_empty_axes', 0) ? [] : [...Array(rank).keys()];
  const axes = raw.map((a) => c.axis(a, rank, 'reduction axis'));
  if (new Set(axes).size !== axes.length) c.fail('AOTC0013', `axes [${raw}] name an axis twice`);
  return axes.sort((a, b) => a - b);
}

/** Output shape of a reduction: reduced dims become 1 (keepdims) or are dropped. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

export interface Run { size: number; stride: number }

/** A contiguous input seen as kept runs (enumerating outputs) and reduced runs (enumerating each output's inputs). */
export interface ReduceRuns {
  kept: Run[];
  reduced: Run[];
  /** Set when there is at most one reduced run: the input is a contiguous [outer, r, inner] view. */
  ori?: { outer: number; r: number; inner: number };
}

/**
 * Collapse `shape` (row-major, contiguous) reducing `axes`: size-1 dims are dropped and adjacent dims of the
 * same kind merged, so runs alternate kept/reduced. Element strides are those of the input.
 */
export function reduceRuns(shape: readonly number[], axes: readonly number[]): ReduceRuns {
  const strides = contiguousStrides(shape);
  const runs: { red: boolean; size: number; stride: number }[] = [];
  shape.forEach((size, d) => {
    if (size === 1) return;
    const red = axes.includes(d);
    const last = runs[runs.length - 1];
    if (last && last.red === red) { last.size *= size; last.stride = strides[d]; } else runs.push({ red, size, stride: strides[d] });
  });
  const kept = runs.filter((r) => !r.red).map(({ size, stride }) => ({ size, stride }));
  const reduced = runs.filter((r) => r.red).map(({ size, stride }) => ({ size, stride }));
  const result: ReduceRuns = { kept, reduced };
  if (reduced.length <= 1) {
    const at = runs.findIndex((r) => r.red);
    const before = at < 0 ? runs : runs.slice(0, at);
    const after = at < 0 ? [] : runs.slice(at + 1);
    result.ori = { outer: numel(before.map((r) => r.size)), r: at < 0 ? 1 : runs[at].size, inner: numel(after.map((r) => r.size)) };
  }
  return result;
}

/** Split a contiguous shape around one axis: [outer, n, inner]. */
export function axisSplit(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: numel(shape.slice(0, axis)), n: shape[axis], inner: numel(shape.slice(axis + 1)) };
}
