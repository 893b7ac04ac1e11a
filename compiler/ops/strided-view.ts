// Strided views shared by the data-movement ops: host folding, lowering to strided_copy, index helpers.

import { allocArray, dtypeBytes, getElem, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx } from './op-def.js';

/** Kernels index with int32_t counters and at most this many dimensions (AOTC_MAX_RANK in aotc_kernel.h). */
export const MAX_KERNEL_RANK = 8;

/**
 * Output element at multi-index i (row-major over `shape`) is input element
 * `offset + sum(i[d] * strides[d])` (element units, strides may be 0 or negative).
 */
export interface StridedView { shape: number[]; strides: number[]; offset: number }

/** y[i] = x[j] for host arrays of the same element type (bigint arrays included). */
export function copyElem(y: NumArray, i: number, x: NumArray, j: number): void {
  (y as Float64Array)[i] = (x as Float64Array)[j];
}

/** Evaluate a strided view of constant `x` on the host. */
export function foldView(x: NumArray, dtype: DType, v: StridedView): NumArray {
  const n = numel(v.shape);
  const y = allocArray(dtype, n);
  const rank = v.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let off = v.offset;
  for (let i = 0; i < n; i++) {
    copyElem(y, i, x, off);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      off += v.strides[d];
      if (idx[d] < v.shape[d]) break;
      off -= v.strides[d] * v.shape[d];
      idx[d] = 0;
    }
  }
  return y;
}

/** Drop size-1 dimensions and merge adjacent ones that are contiguous in the input. */
export function collapseView(v: StridedView): { shape: number[]; strides: number[] } {
  const shape: number[] = [], strides: number[] = [];
  for (let d = 0; d < v.shape.length; d++) {
    if (v.shape[d] === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && strides[last] === v.strides[d] * v.shape[d]) {
      shape[last] *= v.shape[d];
      strides[last] = v.strides[d];
    } else {
      shape.push(v.shape[d]);
      strides.push(v.strides[d]);
    }
  }
  return { shape, strides };
}

/** One strided_copy call writing output `output` from input `input` (no call for empty outputs). */
export function lowerView(c: OpCtx, v: StridedView, dtype: DType, input = 0, output = 0): KernelCall[] {
  if (numel(v.shape) === 0) return [];
  const elem = dtypeBytes(dtype);
  const { shape, strides } = collapseView(v);
  let run = elem;
  if (shape.length > 0 && strides[strides.length - 1] === 1) {
    run = shape[shape.length - 1] * elem;
    shape.pop();
    strides.pop();
  }
  if (shape.length > MAX_KERNEL_RANK) {
    c.fail('AOTC0011', `data movement over ${shape.length} non-contiguous dimensions (at most ${MAX_KERNEL_RANK} are supported)`);
  }
  return [{
    kernel: 'strided_copy',
    args: [A.in(input), A.out(output), A.int(shape.length), A.ints(shape), A.ints(strides.map((s) => s * elem)),
      A.int(v.offset * elem), A.int(run)],
  }];
}

/** The view of a contiguous tensor of `shape` read in the dimension order `perm` (a transpose). */
export function permuteView(shape: readonly number[], perm: readonly number[]): StridedView {
  const st = contiguousStrides(shape);
  return { shape: perm.map((p) => shape[p]), strides: perm.map((p) => st[p]), offset: 0 };
}

/** Validate `perm` as a permutation of 0..rank-1. */
export function checkPerm(c: OpCtx, perm: readonly number[], rank: number): void {
  const seen = new Set(perm);
  if (perm.length !== rank || seen.size !== rank || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank)) {
    c.fail('AOTC0013', `perm [${perm}] is not a permutation of the ${rank} axes`);
  }
}

/** Index dtypes the gather/scatter kernels read at run time. */
export const INDEX_DTYPES = ['int32', 'int64'] as const;

/** Read index i of a constant index array, wrapping a negative index once; -1 when out of [0, dim). */
export function wrapIndex(a: NumArray, i: number, dim: number): number {
  let k = getElem(a, i);
  if (k < 0) k += dim;
  return k >= 0 && k < dim ? k : -1;
}

/** Number → int32 range (kernel ints are int32_t literals). */
export const clampI32 = (v: number): number => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v));
