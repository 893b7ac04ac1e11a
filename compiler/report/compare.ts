// Output comparison for `aotc validate`: error statistics accumulated over input sets and the pass/fail rule.

import { fromBytes, getElem, type DType } from '../ir/dtype.js';
import type { HostTensor } from '../harness/inputs.js';

/** Relative factor of the default rule: max abs error <= DEFAULT_ABS_FACTOR * max(1, reference range). */
export const DEFAULT_ABS_FACTOR = 1e-4;

/** Explicit tolerances (numpy.allclose: |got - ref| <= atol + rtol*|ref| per element); none → the default rule. */
export interface Tolerance { rtol?: number; atol?: number }

export interface OutputStats {
  name: string;
  dtype: DType;
  shape: number[];
  count: number;
  maxAbs: number;
  /** Max of |got - ref| / |ref| over elements with ref != 0 (null when every reference element is 0). */
  maxRel: number | null;
  refMin: number;
  refMax: number;
  /** Elements outside the explicit tolerance (only counted when --atol/--rtol are given). */
  violations: number;
  /** Elements where exactly one side is NaN, or infinities differ. */
  nonFinite: number;
  worst: { set: number; index: number; got: number; ref: number } | null;
  /** Set when the bundle and the reference disagree on dtype or element count. */
  problem?: string;
}

export function newStats(name: string, dtype: DType, shape: number[]): OutputStats {
  return { name, dtype, shape, count: 0, maxAbs: 0, maxRel: null, refMin: Infinity, refMax: -Infinity, violations: 0, nonFinite: 0, worst: null };
}

/** Fold one set's output (bundle `got` vs reference `ref`) into `s`. */
export function accumulate(s: OutputStats, set: number, got: HostTensor, ref: HostTensor, tol: Tolerance): void {
  if (got.dtype !== ref.dtype) { s.problem ??= `dtype ${got.dtype} vs reference ${ref.dtype}`; return; }
  const a = fromBytes(got.data, got.dtype), b = fromBytes(ref.data, ref.dtype);
  if (a.length !== b.length) { s.problem ??= `${a.length} elements vs reference ${b.length} (shape [${ref.shape.join('x')}])`; return; }
  const explicit = tol.atol !== undefined || tol.rtol !== undefined;
  for (let i = 0; i < a.length; i++) {
    const x = getElem(a, i), y = getElem(b, i);
    s.count++;
    if (Number.isFinite(y)) { if (y < s.refMin) s.refMin = y; if (y > s.refMax) s.refMax = y; }
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const err = x === y ? 0 : Math.abs(x - y);
    if (!Number.isFinite(err)) {
      s.nonFinite++;
      if (!s.worst || Number.isFinite(s.maxAbs)) s.worst = { set, index: i, got: x, ref: y };
      s.maxAbs = Infinity;
      continue;
    }
    if (y !== 0) s.maxRel = Math.max(s.maxRel ?? 0, err / Math.abs(y));
    if (explicit && err > (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(y)) s.violations++;
    if (err > s.maxAbs) { s.maxAbs = err; s.worst = { set, index: i, got: x, ref: y }; }
  }
}

export const refRange = (s: OutputStats): number => (s.refMax >= s.refMin ? s.refMax - s.refMin : 0);

/** The absolute-error limit of the default rule for these stats. */
export const defaultLimit = (s: OutputStats): number => DEFAULT_ABS_FACTOR * Math.max(1, refRange(s));

export function passes(s: OutputStats, tol: Tolerance): boolean {
  if (s.problem || s.nonFinite > 0) return false;
  if (tol.atol !== undefined || tol.rtol !== undefined) return s.violations === 0;
  return s.maxAbs <= defaultLimit(s);
}

export function toleranceText(s: OutputStats, tol: Tolerance): string {
  if (tol.atol !== undefined || tol.rtol !== undefined) return `atol ${tol.atol ?? 0} + rtol ${tol.rtol ?? 0}·|ref|`;
  return `abs <= ${fmt(defaultLimit(s))}`;
}

/** Short numeric formatting for the validate table. */
export function fmt(x: number | null): string {
  if (x === null) return '-';
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? Number(x.toPrecision(4)).toString() : x.toExponential(2);
}
