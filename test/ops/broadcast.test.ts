// Tests numpy broadcasting helpers: result shapes, strides and dimension collapsing.
import { describe, expect, it } from 'vitest';
import { broadcastShapes, broadcastStrides, collapseDims, forEachBroadcast } from '../../compiler/ops/broadcast.js';

describe('broadcast', () => {
  it.each([
    [[[3, 4, 5], [5]], [3, 4, 5]],
    [[[3, 1, 5], [4, 1]], [3, 4, 5]],
    [[[], [2, 3]], [2, 3]],
    [[[2, 3], [3, 3]], null],
  ])('broadcastShapes(%j) = %j', (shapes, out) => expect(broadcastShapes(shapes as number[][])).toEqual(out));

  it('gives zero strides on broadcast dims', () => {
    expect(broadcastStrides([4, 1], [3, 4, 5])).toEqual([0, 1, 0]);
    expect(broadcastStrides([3, 4, 5], [3, 4, 5])).toEqual([20, 5, 1]);
  });

  it('collapses contiguous and scalar dims', () => {
    expect(collapseDims([3, 4, 5], [[20, 5, 1], [20, 5, 1]])).toEqual({ shape: [60], strides: [[1], [1]] });
    expect(collapseDims([3, 4, 5], [[20, 5, 1], [0, 0, 1]])).toEqual({ shape: [12, 5], strides: [[5, 1], [0, 1]] });
    expect(collapseDims([1, 1], [[1, 1]])).toEqual({ shape: [1], strides: [[1]] });
  });

  it('collapsed iteration visits the same offsets as the full one', () => {
    const out = [2, 3, 4, 5];
    const sa = broadcastStrides([2, 1, 4, 1], out), sb = broadcastStrides([3, 1, 5], out);
    const full: number[][] = [];
    forEachBroadcast(out, [sa, sb], (_i, o) => full.push([...o]));
    const c = collapseDims(out, [sa, sb]);
    const col: number[][] = [];
    forEachBroadcast(c.shape, c.strides, (_i, o) => col.push([...o]));
    expect(col).toEqual(full);
  });
});
