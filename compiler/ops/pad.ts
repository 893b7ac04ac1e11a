// Pad: constant / reflect / edge / wrap modes, negative pads (crop), constant_value and axes inputs, every dtype.

import { allocArray, toBytes, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import type { OpCtx, OpDef } from './op-def.js';
import { dimGatherCall, dimGatherFold, type Fill } from './dim-gather.js';
import { castValues } from './structural.js';

const MODES = ['constant', 'reflect', 'edge', 'wrap'];

/** Source index on one axis for output position o: crop first (negative pads), then pad by mode; -1 = constant. */
export function padMap(n: number, begin: number, end: number, mode: string): number[] {
  const cb = Math.max(0, -begin), ce = Math.max(0, -end), pb = Math.max(0, begin);
  const len = n - cb - ce;
  const out = n + begin + end;
  const map: number[] = [];
  for (let o = 0; o < out; o++) {
    const p = o - pb;
    let r: number;
    if (p >= 0 && p < len) r = p;
    else if (mode === 'constant') { map.push(-1); continue; }
    else if (mode === 'edge') r = p < 0 ? 0 : len - 1;
    else if (mode === 'wrap') r = ((p % len) + len) % len;
    else if (len === 1) r = 0;
    else { const period = 2 * (len - 1), m = ((p % period) + period) % period; r = m < len ? m : period - m; }
    map.push(cb + r);
  }
  return map;
}

function plan(c: OpCtx): { maps: number[][]; shape: number[] } {
  const s = c.shape(0), rank = s.length;
  const mode = c.str('mode', 'constant');
  if (!MODES.includes(mode)) c.fail('AOTC0011', `Pad mode '${mode}' is not supported (constant, reflect, edge, wrap)`);
  const pads = c.constInts(1, 'pads');
  const axes = c.hasInput(3) ? c.constInts(3, 'axes').map((a) => c.axis(a, rank)) : s.map((_d, i) => i);
  if (pads.length !== 2 * axes.length) c.fail('AOTC0013', `pads has ${pads.length} values; expected ${2 * axes.length} (2 per padded axis)`);
  const begin = new Array<number>(rank).fill(0), end = new Array<number>(rank).fill(0);
  axes.forEach((a, k) => { begin[a] = pads[k]; end[a] = pads[k + axes.length]; });
  const maps = s.map((n, d) => {
    const out = n + begin[d] + end[d];
    if (out < 0) c.fail('AOTC0021', `pads [${begin[d]}, ${end[d]}] crop more than the ${n} elements of axis ${d}`);
    const kept = n - Math.max(0, -begin[d]) - Math.max(0, -end[d]);
    if (mode !== 'constant' && kept <= 0 && out > 0) c.fail('AOTC0021', `${mode} padding of axis ${d} has no elements to copy from`);
    return padMap(n, begin[d], end[d], mode);
  });
  return { maps, shape: maps.map((m) => m.length) };
}

/** The constant fill value converted to the data dtype, when it is known at compile time. */
function fillValue(c: OpCtx): NumArray | undefined {
  if (!c.hasInput(2) || c.str('mode', 'constant') !== 'constant') return undefined;
  const v = c.constant(2);
  if (v === undefined) return undefined;
  if (v.length !== 1) c.fail('AOTC0013', `constant_value must hold one value, got ${v.length}`);
  return castValues(v, c.dtype(0));
}

export const pad: OpDef = {
  op: 'Pad',
  infer(c) {
    const { shape } = plan(c);
    if (c.hasInput(2) && c.constant(2) === undefined && c.dtype(2) !== c.dtype(0)) {
      c.fail('AOTC0013', `constant_value has dtype ${c.dtype(2)}, the data ${c.dtype(0)}`);
    }
    return [{ dtype: c.dtype(0), shape, quant: c.input(0).quant }];
  },
  fold(c, outs) {
    const { maps } = plan(c);
    const y = allocArray(outs[0].dtype, numel(outs[0].shape));
    const v = fillValue(c);
    const zero = y instanceof BigInt64Array || y instanceof BigUint64Array ? 0n : 0;
    dimGatherFold(c.constant(0)!, c.shape(0), maps, y, v ? (v[0] as number | bigint) : zero);
    return [y];
  },
  lower(c) {
    const { maps } = plan(c);
    let fill: Fill = null;
    const v = fillValue(c);
    if (v) fill = { bytes: Array.from(toBytes(v, c.dtype(0))) };
    else if (c.hasInput(2) && c.str('mode', 'constant') === 'constant') fill = { input: 2 };
    return [dimGatherCall(c, c.dtype(0), c.shape(0), maps, fill)];
  },
};
