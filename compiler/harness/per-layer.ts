// Element-wise difference statistics, and the per-layer comparison of a bundle (compiled without buffer reuse) with a
// TFLite reference's per-layer dump: every IR value read at its planned location, matched to a tensor by name.

import type { Compiled } from '../compile.js';
import { fromBytes, getElem, isFloat, toBytes, type DType } from '../ir/dtype.js';
import type { TfliteModel, TfliteTensor } from '../frontends/tflite/reader.js';
import { operatorDisplayName } from '../frontends/tflite/reader.js';
import type { MemoryDump } from './host-runner.js';
import type { TfliteOracleResult } from './tflite-oracle.js';
import { unstackSets } from './tflite-oracle.js';

/** How one tensor (over all input sets) differs from the reference. */
export interface DiffStats {
  dtype: DType;
  count: number;
  identical: number;
  /** Max |got − ref| (integers: in LSB); Infinity when a NaN/infinity differs. */
  maxDiff: number;
  refMin: number;
  refMax: number;
  /** Elements where exactly one side is NaN, or infinities differ. */
  nonFinite: number;
  /** Elements outside an explicit tolerance (counted only when one is given). */
  violations: number;
  worst: { set: number; index: number; got: number; ref: number } | null;
  /** Set when the two sides cannot be compared element by element (dtype or size mismatch). */
  problem?: string;
}

/** Explicit tolerance (numpy.allclose per element); none → the default rule (see passesDiff). */
export interface DiffTolerance { atol?: number; rtol?: number }

/** Factor of the default float rule: max |got − ref| <= FLOAT_RANGE_FACTOR × reference range. */
export const FLOAT_RANGE_FACTOR = 1e-5;

export function newDiff(dtype: DType): DiffStats {
  return { dtype, count: 0, identical: 0, maxDiff: 0, refMin: Infinity, refMax: -Infinity, nonFinite: 0, violations: 0, worst: null };
}

/** Fold one input set's bytes (`got` from the bundle, `ref` from the reference, both of s.dtype) into `s`. */
export function addDiff(s: DiffStats, set: number, got: Uint8Array, ref: Uint8Array, tol: DiffTolerance = {}): void {
  if (got.length !== ref.length) {
    s.problem ??= `${got.length} bytes vs the reference's ${ref.length}`;
    return;
  }
  const a = fromBytes(got, s.dtype), b = fromBytes(ref, s.dtype);
  const explicit = tol.atol !== undefined || tol.rtol !== undefined;
  for (let i = 0; i < a.length; i++) {
    const x = getElem(a, i), y = getElem(b, i);
    s.count++;
    if (Number.isFinite(y)) { if (y < s.refMin) s.refMin = y; if (y > s.refMax) s.refMax = y; }
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) { s.identical++; continue; }
    const err = Math.abs(x - y);
    if (!Number.isFinite(err)) {
      if (s.nonFinite++ === 0) s.worst = { set, index: i, got: x, ref: y };
      s.maxDiff = Infinity;
      s.violations += explicit ? 1 : 0;
      continue;
    }
    if (explicit && err > (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(y)) s.violations++;
    if (err > s.maxDiff) { s.maxDiff = err; s.worst = { set, index: i, got: x, ref: y }; }
  }
}

export const diffRange = (s: DiffStats): number => (s.refMax >= s.refMin ? s.refMax - s.refMin : 0);

/** The default absolute limit for a float tensor: 1e-5 × reference range (× 1 when the reference is constant). */
export const floatLimit = (s: DiffStats): number => FLOAT_RANGE_FACTOR * (diffRange(s) > 0 ? diffRange(s) : 1);

/**
 * Pass rule: with an explicit tolerance every element must satisfy |got − ref| <= atol + rtol·|ref|; otherwise
 * integer (and bool) tensors must be identical and float tensors within 1e-5 × the reference range.
 */
export function passesDiff(s: DiffStats, tol: DiffTolerance = {}): boolean {
  if (s.problem || s.nonFinite > 0) return false;
  if (tol.atol !== undefined || tol.rtol !== undefined) return s.violations === 0;
  if (!isFloat(s.dtype)) return s.identical === s.count;
  return s.maxDiff <= floatLimit(s);
}

/** "100 %", "99.83 %" (never rounded up to 100 when something differs). */
export function identicalShare(s: DiffStats): string {
  if (s.count === 0) return '-';
  if (s.identical === s.count) return '100 %';
  const p = (100 * s.identical) / s.count;
  return `${Math.min(p, 99.99).toFixed(2)} %`;
}

// ------------------------------------------------------------------------------------------ per-layer comparison

/** One operator output of the TFLite model: compared, or skipped with the reason. */
export interface LayerRow {
  /** Operator index in the model (its execution order). */
  opIndex: number;
  /** TFLite operator ('CONV_2D'). */
  op: string;
  /** The aotc IR op that produces the value ('Conv2DNhwc'); '' when not compared. */
  irOp: string;
  tensor: string;
  tensorIndex: number;
  stats?: DiffStats;
  skipped?: string;
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Why the IR value cannot stand for the tensor's reference bytes (null when it can). */
function mismatch(t: TfliteTensor, v: { dtype: DType; shape: number[]; quant?: { scale: number[]; zeroPoint: number[] } }, refShape: number[]): string | null {
  if (v.dtype !== t.type) return `aotc holds it as ${v.dtype}, the model as ${t.type}`;
  if (!sameNumbers(v.shape, refShape)) return `layout changed by aotc ([${v.shape.join('x')}] vs [${refShape.join('x')}])`;
  const q = t.quantization;
  if (q && q.scale.length) {
    const zp = q.zeroPoint.length ? q.zeroPoint.map(Number) : q.scale.map(() => 0);
    if (!v.quant || !sameNumbers(v.quant.scale, q.scale) || !sameNumbers(v.quant.zeroPoint, zp)) return 'quantization changed by aotc';
  }
  return null;
}

/**
 * Compare every operator output of the model's subgraph 0 (in execution order) that the bundle also holds:
 * `compiled` must have been compiled with `reuse: false` and `memory[k]` be its memory after input set k;
 * `ref` a per-layer oracle run on the same sets. Tensors are matched by name (only names unique in the model);
 * values the importer created, tensors aotc fused away, and tensors whose dtype, shape or quantization aotc changed
 * are listed as skipped.
 */
export function compareLayers(model: TfliteModel, compiled: Compiled, memory: MemoryDump[], ref: TfliteOracleResult,
  tol: DiffTolerance = {}): LayerRow[] {
  const g = compiled.graph;
  const sg = model.main;
  const nameCount = new Map<string, number>();
  for (const t of sg.tensors) nameCount.set(t.name, (nameCount.get(t.name) ?? 0) + 1);
  const byName = new Map([...g.values.values()].map((v) => [v.name, v]));
  const producer = new Map<number, string>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n.op);
  const rows: LayerRow[] = [];
  for (const op of sg.operators) {
    for (const ti of op.outputs) {
      if (ti < 0) continue;
      const t = sg.tensors[ti]!;
      const row: LayerRow = { opIndex: op.index, op: operatorDisplayName(op), irOp: '', tensor: t.name, tensorIndex: ti };
      rows.push(row);
      const dump = ref.layers.get(ti);
      const v = byName.get(t.name);
      if (!dump) { row.skipped = 'not in the reference dump'; continue; }
      if ((nameCount.get(t.name) ?? 0) > 1) { row.skipped = 'tensor name not unique in the model'; continue; }
      if (!v) { row.skipped = 'fused or folded away by aotc'; continue; }
      const why = mismatch(t, v, dump.shape.slice(1));
      if (why) { row.skipped = why; continue; }
      const loc = compiled.memory.loc.get(v.id);
      const constant = v.data ? toBytes(v.data, v.dtype) : undefined;
      if (!constant && (!loc || loc.region === 'weights')) { row.skipped = 'no storage in the bundle'; continue; }
      row.irOp = v.data ? 'constant' : producer.get(v.id) ?? 'input';
      const stats = newDiff(v.dtype);
      unstackSets(dump).forEach((r, k) => {
        const m = memory[k]!;
        const got = constant ?? (loc!.region === 'act' ? m.act : m.mut).subarray(loc!.offset, loc!.offset + loc!.bytes);
        addDiff(stats, k, got, r.data, tol);
      });
      row.stats = stats;
    }
  }
  return rows;
}

/** The first compared row that fails the pass rule (see passesDiff), or undefined. */
export const firstDifference = (rows: LayerRow[], tol: DiffTolerance = {}): LayerRow | undefined =>
  rows.find((r) => r.stats && !passesDiff(r.stats, tol));
