// Rendering a report comparison as text, markdown (PR comments, job summaries) or JSON.

import { compactJson, int, mdEscape as esc, mdTable, table } from './format.js';
import { layerFacts, pctText, SECTIONS, signed, type Breach, type Delta, type LayerChange, type PairDiff } from './diff.js';
import { METRIC_LABEL, METRICS, PRIMARY_METRICS, shortName } from './read.js';

export interface DiffView { baseLabel: string; headLabel: string; pairs: PairDiff[]; breaches: Breach[]; limitsText: string[] }

/** GitHub comments hold 65,536 characters; per-layer detail stops being added past this many. */
const MD_DETAIL_BUDGET = 50_000;

const value = (n: number | null) => (n === null ? 'n/a' : int(n));
function deltaText(d: Delta): string {
  if (d.delta === null) return d.base === d.head ? '' : d.base === null ? 'new' : d.head === null ? 'removed' : 'n/a';
  return d.delta === 0 ? '0' : `${signed(d.delta)} (${pctText(d.pct)})`;
}
const status = (p: PairDiff) => (!p.base ? 'added' : !p.head ? 'removed' : '');

/** "code +1,234 B (+9.8%), io -64 B (-1.2%)" for the metrics that changed. */
function changeSummary(p: PairDiff): string {
  if (!p.base || !p.head) return status(p);
  const parts = PRIMARY_METRICS.filter((k) => p.metrics[k].delta).map((k) => `${k} ${signed(p.metrics[k].delta!)} B (${pctText(p.metrics[k].pct)})`);
  if (p.layers.length) parts.push(`${p.layers.length} layer${p.layers.length === 1 ? '' : 's'} changed`);
  return parts.join(', ') || 'section sizes changed';
}

function counts(pairs: PairDiff[]) {
  const added = pairs.filter((p) => !p.base).length, removed = pairs.filter((p) => !p.head).length;
  const changed = pairs.filter((p) => p.changed && p.base && p.head).length;
  return { added, removed, changed, unchanged: pairs.length - added - removed - changed };
}

function countsText(pairs: PairDiff[]): string {
  const c = counts(pairs);
  const parts = [`${c.changed} changed`, `${c.unchanged} unchanged`];
  if (c.added) parts.push(`${c.added} added`);
  if (c.removed) parts.push(`${c.removed} removed`);
  return `${pairs.length} report${pairs.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Per (layer, field) rows: what changed, base value, head value. */
function layerRows(changes: LayerChange[]): string[][] {
  const rows: string[][] = [];
  for (const c of changes) {
    const l = (c.head ?? c.base)!;
    const fb = c.base ? layerFacts(c.base) : null, fh = c.head ? layerFacts(c.head) : null;
    const idx = c.base && c.head && c.base.index !== c.head.index ? `${c.base.index}→${c.head.index}` : String(l.index);
    if (!fb || !fh) {
      rows.push([idx, shortName(l.name), fb ? 'removed' : 'added', fb ? `${fb.op} ${fb.output}` : '', fh ? `${fh.op} ${fh.output}` : '']);
      continue;
    }
    for (const f of c.fields) rows.push([idx, shortName(l.name), f, fb[f]!, fh[f]!]);
  }
  return rows;
}

function kernelsUsed(p: PairDiff): string {
  const ks = new Set((p.head ?? p.base)!.m.layers.flatMap((l) => l.kernels.map((k) => `${k.symbol} (${k.isa})`)));
  return [...ks].sort().join(', ') || 'none';
}

// ------------------------------------------------------------------------------------------------ text

export function diffText(v: DiffView): string {
  const out = [`aotc size diff: ${v.baseLabel} → ${v.headLabel} (${countsText(v.pairs)})`, ''];
  const withStatus = v.pairs.some((p) => status(p));
  const rows = v.pairs.map((p) => [p.model, p.target, ...PRIMARY_METRICS.flatMap((k) => [value(p.metrics[k].head ?? p.metrics[k].base), deltaText(p.metrics[k])]),
    ...(withStatus ? [status(p)] : [])]);
  const heads = ['model', 'target', ...PRIMARY_METRICS.flatMap((k) => [k, `Δ ${k}`]), ...(withStatus ? [''] : [])];
  out.push(table(heads, rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  for (const p of v.pairs.filter((q) => q.changed && q.base && q.head)) {
    out.push(`${p.model} × ${p.target}: ${changeSummary(p)}`);
    const sec = SECTIONS.filter((s) => p.sections[s].base !== p.sections[s].head)
      .map((s) => `.${s} ${value(p.sections[s].base)} → ${value(p.sections[s].head)}`);
    if (sec.length) out.push(`  sections: ${sec.join(', ')}`);
    const lr = layerRows(p.layers);
    if (lr.length) out.push(table(['#', 'layer', 'changed', 'base', 'head'], lr).trimEnd().split('\n').map((l) => `  ${l}`).join('\n'));
    else out.push(`  no per-layer change (same ops, kernels and placement); the difference is in the compiled code of ${kernelsUsed(p)}`);
    out.push('');
  }
  if (v.limitsText.length) out.push(v.breaches.length ? `${v.breaches.length} limit(s) exceeded:` : `within limits: ${v.limitsText.join(', ')}`);
  for (const b of v.breaches) out.push(`  - ${b.message}`);
  return out.join('\n').trimEnd() + '\n';
}

// -------------------------------------------------------------------------------------------- markdown

const code = (s: string) => (s === '' ? '' : `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|')}\``);

function summaryRows(pairs: PairDiff[], withDelta: boolean): string[][] {
  return pairs.map((p) => {
    const cells = PRIMARY_METRICS.flatMap((k) => {
      const d = p.metrics[k], shown = value(d.head ?? d.base);
      const v = d.delta ? `**${shown}**` : shown;
      return withDelta ? [v, esc(deltaText(d))] : [v];
    });
    const who = status(p) ? `${esc(p.model)} (${status(p)})` : esc(p.model);
    return [who, esc(p.target), ...cells];
  });
}

function pairDetails(p: PairDiff): string {
  const lines = [`<details><summary><b>${esc(p.model)} × ${esc(p.target)}</b>: ${esc(changeSummary(p))}</summary>`, ''];
  const rows = [
    ...METRICS.filter((k) => !PRIMARY_METRICS.includes(k)).map((k) => [METRIC_LABEL[k], value(p.metrics[k].base), value(p.metrics[k].head), esc(deltaText(p.metrics[k]))]),
    ...SECTIONS.filter((s) => p.sections[s].base !== null || p.sections[s].head !== null)
      .map((s) => [`.${s}`, value(p.sections[s].base), value(p.sections[s].head), esc(deltaText(p.sections[s]))]),
  ];
  lines.push(mdTable(['bytes', 'base', 'head', 'Δ'], rows, ['l', 'r', 'r', 'r']));
  const lr = layerRows(p.layers);
  if (lr.length) {
    lines.push(mdTable(['#', 'layer', 'changed', 'base', 'head'], lr.map(([i, n, f, b, h]) => [i!, code(n!), f!, code(b!), code(h!)]),
      ['r', 'l', 'l', 'l', 'l']));
  } else {
    lines.push(`No per-layer change (same ops, kernels and placement); the difference is in the compiled code of ${esc(kernelsUsed(p))}.`, '');
  }
  lines.push('</details>', '');
  return lines.join('\n');
}

export function diffMarkdown(v: DiffView): string {
  const out = ['### aotc bundle sizes', '', `${code(v.baseLabel)} → ${code(v.headLabel)}: ${countsText(v.pairs)}. Sizes in bytes; Δ is head − base.`, ''];
  if (v.breaches.length) {
    out.push(`:x: **${v.breaches.length} limit${v.breaches.length === 1 ? '' : 's'} exceeded**`, '');
    for (const b of v.breaches) out.push(`- ${esc(b.message)}`);
    out.push('');
  } else if (v.limitsText.length) {
    out.push(`:white_check_mark: Within limits: ${v.limitsText.map(code).join(', ')}.`, '');
  }
  const changed = v.pairs.filter((p) => p.changed), same = v.pairs.filter((p) => !p.changed);
  const heads = ['model', 'target', ...PRIMARY_METRICS.flatMap((k) => [METRIC_LABEL[k], 'Δ'])];
  const align: ('l' | 'r')[] = ['l', 'l', ...PRIMARY_METRICS.flatMap(() => ['r', 'r'] as const)];
  if (changed.length) out.push(mdTable(heads, summaryRows(changed, true), align));
  else out.push('No size changes.', '');
  let used = out.join('\n').length, left = 0;
  for (const p of changed.filter((q) => q.base && q.head)) {
    const d = pairDetails(p);
    if (used + d.length > MD_DETAIL_BUDGET) { left++; continue; }
    out.push(d);
    used += d.length;
  }
  if (left) out.push(`_Per-layer detail of ${left} more report${left === 1 ? '' : 's'} left out to fit a comment; run \`aotc diff\` locally for all of it._`, '');
  if (same.length) {
    out.push(`<details><summary>${same.length} unchanged report${same.length === 1 ? '' : 's'}</summary>`, '');
    out.push(mdTable(['model', 'target', ...PRIMARY_METRICS.map((k) => METRIC_LABEL[k])], summaryRows(same, false), ['l', 'l', 'r', 'r', 'r', 'r']));
    out.push('</details>', '');
  }
  return out.join('\n').trimEnd() + '\n';
}

// ------------------------------------------------------------------------------------------------ json

export function diffJson(v: DiffView): string {
  return compactJson({
    schema: 'aotc-size-diff', schemaVersion: 1, base: v.baseLabel, head: v.headLabel,
    pairs: v.pairs.map((p) => ({
      model: p.model, target: p.target, base: p.base?.rel ?? null, head: p.head?.rel ?? null, changed: p.changed,
      metrics: p.metrics, sections: p.sections,
      layers: p.layers.map((c) => ({
        index: (c.head ?? c.base)!.index, name: (c.head ?? c.base)!.name, changed: c.fields,
        base: c.base ? layerFacts(c.base) : null, head: c.head ? layerFacts(c.head) : null,
      })),
    })),
    limits: v.limitsText,
    breaches: v.breaches.map((b) => b.message),
  });
}
