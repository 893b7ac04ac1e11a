// Comparing reports: pairs matched by model × target, metric deltas, per-layer changes, thresholds and budgets.

import { fail } from '../diagnostics/error.js';
import type { LayerInfo } from './layers.js';
import type { Manifest } from './manifest.js';
import { METRIC_LABEL, METRICS, metricValues, modelLabel, PRIMARY_METRICS, type LoadedReport, type Metric } from './read.js';
import { binaryUnits, int } from './format.js';
import { limitText, parseByteSize, parseEntries, parseLimit, UNITS_HELP, type Limit } from './units.js';

export interface Delta { base: number | null; head: number | null; delta: number | null; pct: number | null }

export const SECTIONS = ['text', 'rodata', 'data', 'bss'] as const;
export type Section = (typeof SECTIONS)[number];

/** One layer present on either side whose recorded facts differ (`fields` names what changed). */
export interface LayerChange { base: LayerInfo | null; head: LayerInfo | null; fields: string[] }

export interface PairDiff {
  key: string;
  model: string;
  target: string;
  base: LoadedReport | null;
  head: LoadedReport | null;
  metrics: Record<Metric, Delta>;
  sections: Record<Section, Delta>;
  layers: LayerChange[];
  /** Anything differs: a metric, a section or a layer. */
  changed: boolean;
  /** Sort key: the largest |percent| change of the four primary metrics (Infinity when added or removed). */
  score: number;
}

export type MatchMode = 'model+target' | 'model';

export function delta(base: number | null | undefined, head: number | null | undefined): Delta {
  const b = base ?? null, h = head ?? null;
  if (b === null || h === null) return { base: b, head: h, delta: null, pct: null };
  const d = h - b;
  return { base: b, head: h, delta: d, pct: b === 0 ? (d === 0 ? 0 : d > 0 ? Infinity : -Infinity) : (100 * d) / b };
}

const kernelsText = (l: LayerInfo) => l.kernels.map((k) => `${k.symbol} (${k.isa})`).join(', ');
const placeText = (l: LayerInfo) => l.buffers.map((b) => `${b.region}@${b.offset} ${b.first}..${b.last}`).join(', ');

/** The facts of a layer that a diff compares, by field name. */
export function layerFacts(l: LayerInfo): Record<string, string> {
  return {
    op: l.op + (l.fusedActivation ? `+${l.fusedActivation}` : ''),
    output: l.outputs.map((o) => `${o.dtype}[${o.shape.join('x')}]`).join(', '),
    macs: l.macs === null ? '-' : String(l.macs),
    params: String(l.parameterBytes),
    activations: String(l.activationBytes),
    kernel: kernelsText(l),
    placement: placeText(l) + (l.scratch ? ` scratch@${l.scratch.offset}+${l.scratch.bytes}` : ''),
  };
}

function diffLayers(base: LayerInfo[], head: LayerInfo[]): LayerChange[] {
  const unique = (ls: LayerInfo[]) => new Set(ls.map((l) => l.name)).size === ls.length;
  const byName = unique(base) && unique(head);
  const key = (l: LayerInfo) => (byName ? l.name : String(l.index));
  const baseBy = new Map(base.map((l) => [key(l), l]));
  const out: LayerChange[] = [];
  const seen = new Set<string>();
  for (const h of head) {
    const b = baseBy.get(key(h)) ?? null;
    seen.add(key(h));
    if (!b) { out.push({ base: null, head: h, fields: ['added'] }); continue; }
    const fb = layerFacts(b), fh = layerFacts(h);
    const fields = Object.keys(fh).filter((k) => fb[k] !== fh[k]);
    if (fields.length) out.push({ base: b, head: h, fields });
  }
  for (const b of base) if (!seen.has(key(b))) out.push({ base: b, head: null, fields: ['removed'] });
  return out;
}

function pairKey(m: Manifest, match: MatchMode): string {
  return match === 'model' ? `${m.model.file}#${m.name}` : `${m.model.file}#${m.name}@${m.target}`;
}

function makePair(key: string, base: LoadedReport | null, head: LoadedReport | null): PairDiff {
  const mb = base?.m, mh = head?.m;
  const vb = mb ? metricValues(mb) : null, vh = mh ? metricValues(mh) : null;
  const metrics = Object.fromEntries(METRICS.map((k) => [k, delta(vb?.[k], vh?.[k])])) as Record<Metric, Delta>;
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, delta(mb?.object?.[s], mh?.object?.[s])])) as Record<Section, Delta>;
  const layers = mb && mh ? diffLayers(mb.layers, mh.layers) : [];
  const any = (ds: Delta[]) => ds.some((d) => d.base !== d.head);
  const changed = !mb || !mh || any(Object.values(metrics)) || any(Object.values(sections)) || layers.length > 0;
  const score = !mb || !mh ? Infinity : Math.max(0, ...PRIMARY_METRICS.map((k) => Math.abs(metrics[k].pct ?? 0)));
  const m = (mh ?? mb)!;
  const targets = [...new Set([mb?.target, mh?.target].filter((t): t is string => t !== undefined))];
  return { key, model: modelLabel(m), target: targets.join(' → '), base, head, metrics, sections, layers, changed, score };
}

const maxAbsDelta = (p: PairDiff) => Math.max(0, ...PRIMARY_METRICS.map((k) => Math.abs(p.metrics[k].delta ?? 0)));

/**
 * Pair the reports of two sides by model × target (or by model alone, to compare targets), sorted most changed
 * first: added/removed, then by the largest percent change, then the largest byte change, then name.
 * Two single reports are always compared with each other.
 */
export function diffReports(base: LoadedReport[], head: LoadedReport[], match: MatchMode = 'model+target'): PairDiff[] {
  if (base.length === 1 && head.length === 1) return [makePair(pairKey(head[0]!.m, match), base[0]!, head[0]!)];
  const index = (side: LoadedReport[], what: string) => {
    const m = new Map<string, LoadedReport>();
    for (const r of side) {
      const k = pairKey(r.m, match);
      const dup = m.get(k);
      if (dup) {
        fail('AOTC0061', `${what} has two reports of ${r.m.model.file} (${r.m.name}) for ${match === 'model' ? 'the same model' : r.m.target}: '${dup.path}' and '${r.path}'`,
          undefined, match === 'model' ? 'with --match model each side may hold one report per model' : 'keep one report per model and target in each folder');
      }
      m.set(k, r);
    }
    return m;
  };
  const b = index(base, 'the base'), h = index(head, 'the head');
  const keys = [...new Set([...b.keys(), ...h.keys()])];
  const pairs = keys.map((k) => makePair(k, b.get(k) ?? null, h.get(k) ?? null));
  return pairs.sort((x, y) => Number(y.changed) - Number(x.changed) || y.score - x.score || maxAbsDelta(y) - maxAbsDelta(x)
    || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0) || (x.target < y.target ? -1 : x.target > y.target ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------- limits

export interface IncreaseRule { metric: Metric; limit: Limit }
export interface Budget { metric: Metric; bytes: number; target?: string }
export interface Limits { increase: IncreaseRule[]; budgets: Budget[] }
export interface Breach { pair: string; metric: Metric; kind: 'increase' | 'budget'; message: string }

const METRIC_KEYS = `${METRICS.join(', ')}`;
const checkMetric = (k: string) => (METRICS.includes(k as Metric) ? undefined : `unknown size '${k}' (use ${METRIC_KEYS})`);

/**
 * `--max-increase 2%` (each of code, weights, activations, io) or `code=1%,ram=512B,...`: the allowed growth
 * from base to head, in percent of the base value or in bytes. AOTC0061 when malformed.
 */
export function parseMaxIncrease(values: readonly string[]): IncreaseRule[] {
  const example = '--max-increase 2% or --max-increase code=1%,ram=1KiB';
  return parseEntries('--max-increase', values, { bare: true, checkKey: checkMetric, example }).flatMap(({ key, value }) => {
    const limit = parseLimit(value);
    if (!limit) fail('AOTC0061', `--max-increase value '${value}' is neither a percentage nor a size`, undefined, `${UNITS_HELP}; percentages like 2% or 0.5%`);
    return (key === undefined ? PRIMARY_METRICS : [key as Metric]).map((metric) => ({ metric, limit }));
  });
}

/** `--budget flash=64KiB,ram=32KiB`, optionally per target: `cortex-m0:ram=16KiB`. AOTC0061 when malformed. */
export function parseBudgets(values: readonly string[]): Budget[] {
  const example = '--budget flash=64KiB,ram=32KiB (per target: --budget cortex-m0:ram=16KiB)';
  const checkKey = (k: string) => {
    const c = k.lastIndexOf(':');
    if (c === 0) return 'an empty target before \':\'';
    return checkMetric(c > 0 ? k.slice(c + 1) : k);
  };
  return parseEntries('--budget', values, { bare: false, checkKey, example }).map(({ key, value }) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) fail('AOTC0061', `--budget value '${value}' is not a size`, undefined, UNITS_HELP);
    const c = key!.lastIndexOf(':');
    return { metric: key!.slice(c + 1) as Metric, bytes, ...(c > 0 ? { target: key!.slice(0, c) } : {}) };
  });
}

const kib = (n: number) => (n >= 1024 ? ` (${binaryUnits(n)})` : '');
export const pctText = (p: number | null): string =>
  p === null ? '' : !Number.isFinite(p) ? (p > 0 ? '+∞%' : '-∞%') : `${p > 0 ? '+' : p < 0 ? '-' : '±'}${Math.abs(p).toFixed(Math.abs(p) < 10 ? 2 : 1)}%`;
export const signed = (n: number): string => (n > 0 ? `+${int(n)}` : n < 0 ? `-${int(-n)}` : '0');

/** Every threshold and budget the head side exceeds, in pair order, with a sentence naming it. */
export function checkLimits(pairs: PairDiff[], limits: Limits): Breach[] {
  const out: Breach[] = [];
  for (const p of pairs) {
    const who = `${p.model} × ${p.target}`;
    for (const r of limits.increase) {
      const d = p.metrics[r.metric];
      if (d.delta === null || d.base === null || d.delta <= 0) continue;
      const allowed = r.limit.kind === 'percent' ? (d.base * r.limit.value) / 100 : r.limit.value;
      if (d.delta > allowed) {
        out.push({ pair: p.key, metric: r.metric, kind: 'increase',
          message: `${who}: ${METRIC_LABEL[r.metric]} grew ${int(d.base)} → ${int(d.head!)} B (${signed(d.delta)} B, ${pctText(d.pct)}), more than --max-increase ${r.metric}=${limitText(r.limit)}` });
      }
    }
    if (!p.head) continue;
    const target = p.head.m.target;
    for (const b of limits.budgets) {
      if (b.target !== undefined && b.target !== target && b.target !== target.split('+')[0]) continue;
      const v = p.metrics[b.metric].head;
      const budget = `--budget ${b.target ? `${b.target}:` : ''}${b.metric}=${int(b.bytes)} B${kib(b.bytes)}`;
      if (v === null) {
        out.push({ pair: p.key, metric: b.metric, kind: 'budget', message: `${who}: ${METRIC_LABEL[b.metric]} was not measured (no object file was built), so ${budget} cannot be checked` });
      } else if (v > b.bytes) {
        out.push({ pair: p.key, metric: b.metric, kind: 'budget', message: `${who}: ${METRIC_LABEL[b.metric]} ${int(v)} B${kib(v)} exceeds ${budget} by ${int(v - b.bytes)} B` });
      }
    }
  }
  return out;
}
