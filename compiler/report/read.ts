// Reading <name>.json reports back: one file, a bundle folder or a tree of them; the size metrics users compare.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fail } from '../diagnostics/error.js';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from './manifest.js';

/** A report read from disk; `rel` is its path relative to the folder that was given (the file name for a file). */
export interface LoadedReport { path: string; rel: string; m: Manifest }

/** The compared size metrics: the four numbers, then the flash and RAM totals. */
export const METRICS = ['code', 'weights', 'activations', 'io', 'flash', 'ram'] as const;
export type Metric = (typeof METRICS)[number];
export const PRIMARY_METRICS: readonly Metric[] = ['code', 'weights', 'activations', 'io'];
export const METRIC_LABEL: Record<Metric, string> = {
  code: 'code flash', weights: 'weights flash', activations: 'activations RAM', io: 'io RAM', flash: 'flash total', ram: 'RAM total',
};

export type MetricValues = Record<Metric, number | null>;

/** The metrics of a report (reports of older aotc versions without `sizes` get them derived from their fields). */
export function metricValues(m: Manifest): MetricValues {
  const s = m.sizes;
  return {
    code: s.flash.code, weights: s.flash.weights, activations: s.ram.activations, io: s.ram.io,
    flash: s.flash.total, ram: s.ram.total,
  };
}

const badReport = (file: string, why: string): never =>
  fail('AOTC0061', `'${file}' is not an aotc report: ${why}`, { file }, 'pass a <name>.json written by `aotc compile`, a bundle folder, or a folder of them');

/** Fill in what reports written before `sizes` / `memory.buffers` existed lack, so readers see one shape. */
function normalise(m: Manifest): Manifest {
  if (!m.sizes) {
    const o = m.object;
    const code = o && o.text !== null ? o.text + (o.rodata ?? 0) + (o.data ?? 0) : null;
    const weights = m.weights.bytes, activations = m.memory.activations, io = m.memory.mutable;
    m.sizes = { flash: { code, weights, total: code === null ? null : code + weights }, ram: { activations, io, total: activations + io } };
  }
  m.memory.buffers ??= [];
  m.layers ??= [];
  return m;
}

/** Parse one report file; AOTC0061 when it is not one (or a newer schema version than this aotc reads). */
export function readReport(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail('AOTC0061', `cannot read '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`, { file });
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return badReport(file, `not JSON (${(e as Error).message})`);
  }
  const r = m as Partial<Manifest>;
  if (r === null || typeof r !== 'object' || r.schema !== 'aotc-bundle-manifest') return badReport(file, 'no "schema": "aotc-bundle-manifest"');
  if (typeof r.schemaVersion !== 'number' || r.schemaVersion > MANIFEST_SCHEMA_VERSION) {
    return fail('AOTC0061', `'${file}' has report schema version ${String(r.schemaVersion)}; this aotc reads versions up to ${MANIFEST_SCHEMA_VERSION}`,
      { file }, 'use the aotc version that wrote it (or a newer one)');
  }
  if (!r.memory || !r.weights || typeof r.target !== 'string') return badReport(file, 'fields "target", "weights" or "memory" are missing');
  return normalise(r as Manifest);
}

/** True when a JSON file looks like a report (checked cheaply before a full parse when scanning folders). */
function isReportFile(file: string): boolean {
  try {
    const head = readFileSync(file, 'utf8').slice(0, 200);
    return head.includes('"aotc-bundle-manifest"');
  } catch {
    return false;
  }
}

/**
 * Reports at `path`: a report file, or every report under a folder (searched recursively, skipping dot folders and
 * node_modules), sorted by relative path. AOTC0061 when there is none, unless `allowEmpty` (a folder only).
 */
export function loadReports(path: string, opts: { allowEmpty?: boolean } = {}): LoadedReport[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    return fail('AOTC0061', `'${path}' does not exist`, { file: path }, 'pass a report (<name>.json), a bundle folder, or a folder of reports');
  }
  if (!st.isDirectory()) return [{ path, rel: path.split(sep).pop()!, m: readReport(path) }];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.json') && isReportFile(p)) found.push(p);
    }
  };
  walk(path);
  if (found.length === 0 && !opts.allowEmpty) fail('AOTC0061', `no aotc reports (<name>.json) in '${path}'`, { file: path }, 'compile a model there with `aotc compile`, or pass the report file');
  const rel = (p: string) => relative(path, p).split(sep).join('/');
  return found.map((p) => ({ path: p, rel: rel(p), m: readReport(p) })).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Short display name of a layer: TFLite names join several tensor names with ';' — keep the first, then shorten. */
export function shortName(name: string, max = 40): string {
  const first = name.split(';')[0]!;
  return first.length <= max ? first : `…${first.slice(first.length - max + 1)}`;
}

/** Model name of a report for tables: the model file without its extension. */
export const modelLabel = (m: Manifest): string => m.model.file.replace(/\.(onnx|tflite)$/i, '');
