// Per-axis index-map gather (shared by Pad and nearest Resize): maps[d][o] = source index on axis d, or -1 = fill.

import { dtypeBytes, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type CArg, type KernelCall } from '../kernels/call.js';
import type { OpCtx } from './op-def.js';

const isIdentity = (m: readonly number[], n: number) => m.length === n && m.every((s, o) => s === o);

/** What out-of-range (-1) positions get: a constant input's bytes, a run-time input, or zeros. */
export type Fill = { bytes: number[] } | { input: number } | null;

/** Evaluate the gather on the host (folding): raw element copies, so every dtype (incl. int64) is exact. */
export function dimGatherFold(x: NumArray, inShape: readonly number[], maps: readonly number[][], y: NumArray, fill: number | bigint): void {
  const rank = inShape.length;
  const strides = inShape.map((_d, i) => numel(inShape.slice(i + 1)));
  const out = maps.map((m) => m.length);
  const total = numel(out);
  const idx = new Array<number>(rank).fill(0);
  const dst = y as unknown as (number | bigint)[], src = x as unknown as (number | bigint)[];
  for (let f = 0; f < total; f++) {
    let off = 0, valid = true;
    for (let d = 0; d < rank; d++) {
      const s = maps[d][idx[d]];
      if (s < 0) { valid = false; break; }
      off += s * strides[d];
    }
    dst[f] = valid ? src[off] : fill;
    for (let d = rank - 1; d >= 0; d--) { if (++idx[d] < out[d]) break; idx[d] = 0; }
  }
}

/** The kernel call: untouched trailing axes become the copy block, runs of untouched axes merge. */
export function dimGatherCall(c: OpCtx, dtype: DType, inShape: readonly number[], maps: readonly number[][], fill: Fill): KernelCall {
  const elem = dtypeBytes(dtype);
  let block = elem;
  let last = inShape.length;
  while (last > 0 && isIdentity(maps[last - 1], inShape[last - 1])) { last--; block *= inShape[last]; }
  // Remaining axes (outer → inner), merging neighbours that are both untouched.
  const dims: { size: number; map: number[] | null }[] = [];
  for (let d = 0; d < last; d++) {
    const id = isIdentity(maps[d], inShape[d]);
    const prev = dims[dims.length - 1];
    if (id && prev && prev.map === null) prev.size *= inShape[d];
    else dims.push({ size: inShape[d], map: id ? null : [...maps[d]] });
  }
  if (dims.length === 0) dims.push({ size: 1, map: null });
  if (dims.length > 8) c.fail('AOTC0011', `${c.op} needs ${dims.length} index axes after merging; at most 8 are supported`);
  const oshape = dims.map((d) => (d.map ? d.map.length : d.size));
  const istride = dims.map((_d, i) => numel(dims.slice(i + 1).map((e) => e.size)));
  const table = dims.flatMap((d) => d.map ?? Array.from({ length: d.size }, (_x, o) => o));
  const cval: CArg = fill && 'input' in fill ? A.in(fill.input) : A.null();
  const cbytes: CArg = fill && 'bytes' in fill ? A.ints(fill.bytes) : A.null();
  return {
    kernel: 'pad_gather',
    args: [A.in(0), cval, cbytes, A.out(0), A.int(elem), A.int(block), A.int(dims.length), A.ints(oshape), A.ints(istride), A.ints(table)],
  };
}
