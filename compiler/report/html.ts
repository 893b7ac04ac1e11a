// `aotc report`: one self-contained HTML page (inline CSS and SVG, no scripts, no network) from a report.

import { binaryUnits as short, bytes, count, int, shape } from './format.js';
import type { Manifest } from './manifest.js';
import { planSvg, xmlEscape as esc } from './plan-svg.js';
import { modelLabel } from './read.js';
import { LAYER_HEADS, layerRow } from './size-format.js';

const CSS = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#ffffff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); font-size: 12.5px; } code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 190px; background: var(--soft); }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 20px; font-weight: 600; } .card .s { color: var(--muted); font-size: 12.5px; }
.bars { margin-top: 14px; max-width: 1120px; } .bar-row { display: grid; grid-template-columns: 70px 1fr 240px; align-items: center; gap: 10px; margin: 6px 0; }
.bar { display: flex; height: 22px; border: 1px solid var(--line); border-radius: 4px; overflow: hidden; background: #fff; }
.bar span { display: block; height: 100%; min-width: 2px; }
.c-code { background: #8b5cf6; } .c-weights { background: #60a5fa; } .c-act { background: #f59e0b; } .c-io { background: #34d399; } .c-stack { background: #f87171; }
.legend { font-size: 12.5px; color: var(--muted); } .legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; border-radius: 2px; vertical-align: -1px; }
table { border-collapse: collapse; font-size: 12.5px; } th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; white-space: nowrap; }
th { background: var(--soft); position: sticky; top: 0; } td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
.wide { overflow-x: auto; max-width: 100%; }
svg.plan { display: block; margin-top: 6px; font-family: system-ui, "DejaVu Sans", sans-serif; }
svg .buf { stroke: #374151; stroke-width: .6; } svg .buf:hover { stroke: #000; stroke-width: 1.6; }
svg .lbl { font-size: 11px; text-anchor: middle; fill: #111827; pointer-events: none; }
svg .tick { font-size: 10.5px; fill: #59636e; } svg .op { font-size: 10px; fill: #374151; } svg .axis { font-size: 11px; fill: #59636e; }
svg .ptitle { font-size: 12.5px; font-weight: 600; fill: #1f2328; }
svg .grid { stroke: #eef1f4; } svg .sgrid { stroke: #f3f4f6; } svg .frame { fill: none; stroke: #9ca3af; }
svg .peak { stroke: #dc2626; stroke-width: 1.6; } svg .peak-t { fill: #dc2626; }
svg .lb { stroke: #2563eb; stroke-width: 1.6; stroke-dasharray: 6 4; } svg .lb-t { fill: #2563eb; }
svg .mark { font-size: 11.5px; font-weight: 600; }
svg .bind { stroke: #2563eb; stroke-width: 4; stroke-opacity: .8; }
svg .io.input { fill: #a7f3d0; stroke: #059669; stroke-width: .6; } svg .io.output { fill: #fde68a; stroke: #d97706; stroke-width: .6; }
svg .weights { fill: #93c5fd; stroke: #2563eb; stroke-width: .6; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

const pct = (v: number, of: number) => (of > 0 ? `${((100 * v) / of).toFixed(1)}%` : '–');

function card(k: string, v: string, s: string): string {
  return `<div class="card"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div><div class="s">${esc(s)}</div></div>`;
}

/** A proportional bar of parts (CSS widths); `of` is the scale (a machine's capacity, or the largest total). */
function bar(name: string, parts: { cls: string; label: string; bytes: number }[], of: number, note: string): string {
  const spans = parts.filter((p) => p.bytes > 0)
    .map((p) => `<span class="${p.cls}" style="width:${((100 * p.bytes) / of).toFixed(3)}%" title="${esc(`${p.label}: ${int(p.bytes)} B`)}"></span>`).join('');
  return `<div class="bar-row"><b>${esc(name)}</b><div class="bar">${spans}</div><span class="legend">${esc(note)}</span></div>`;
}

function overview(m: Manifest): string {
  const s = m.sizes, fp = m.footprint, t = m.totals;
  const stack = fp?.stack?.bytes ?? 0;
  const cards = [
    card('flash', s.flash.total === null ? `${int(s.flash.weights)} B + code` : bytes(s.flash.total),
      `code ${s.flash.code === null ? 'not measured' : `${int(s.flash.code)} B`} + weights ${int(s.flash.weights)} B`),
    card('RAM', bytes(s.ram.total), `activations ${int(s.ram.activations)} B + io ${int(s.ram.io)} B${stack ? ` (+ stack ${int(stack)} B)` : ''}`),
    card('arena vs lower bound', `${pct(m.memory.activationsLowerBound, m.memory.activations)}`,
      `lower bound ${int(m.memory.activationsLowerBound)} B of arena ${int(m.memory.activations)} B`),
    card('compute', `${count(t.macs)} MACs`, `${t.nodes} ops, ${int(t.parameterBytes)} parameter bytes`),
  ];
  const o = m.object;
  if (o) cards.push(card('object sections', `.text ${int(o.text ?? 0)} B`, `${o.file}: .rodata ${int(o.rodata ?? 0)} · .data ${int(o.data ?? 0)} · .bss ${int(o.bss ?? 0)}`));

  const cap = fp?.capacity;
  const flashOf = cap ? cap.flash.size : Math.max(s.flash.total ?? s.flash.weights, s.ram.total + stack, 1);
  const ramOf = cap ? cap.ram.size : flashOf;
  const flashParts = [{ cls: 'c-code', label: 'code', bytes: s.flash.code ?? 0 }, { cls: 'c-weights', label: 'weights', bytes: s.flash.weights }];
  const ramParts = [{ cls: 'c-act', label: 'activations', bytes: s.ram.activations }, { cls: 'c-io', label: 'io', bytes: s.ram.io }, { cls: 'c-stack', label: 'stack', bytes: stack }];
  const flashTotal = (s.flash.code ?? 0) + s.flash.weights, ramTotal = s.ram.total + stack;
  const scale = cap ? `of ${cap.machine}` : 'of the larger total';
  const bars = `<div class="bars">
${bar('flash', flashParts, flashOf, `${int(flashTotal)} B${cap ? ` = ${pct(flashTotal, flashOf)} of ${short(cap.flash.size)}` : ''}`)}
${bar('RAM', ramParts, ramOf, `${int(ramTotal)} B${cap ? ` = ${pct(ramTotal, ramOf)} of ${short(cap.ram.size)}` : ''}`)}
<div class="legend">bars to scale ${esc(scale)}:<i class="c-code"></i>code<i class="c-weights"></i>weights<i class="c-act"></i>activations<i class="c-io"></i>io<i class="c-stack"></i>stack</div>
</div>`;
  return `<div class="cards">${cards.join('')}</div>${bars}`;
}

function layerTable(m: Manifest): string {
  const right = new Set([0, 4, 5, 6, 9]);
  const head = LAYER_HEADS.map((h, i) => `<th${right.has(i) ? ' class="r"' : ''}>${esc(h)}</th>`).join('');
  const rows = m.layers.map((l) => {
    const cells = layerRow(l).map((c, i) => `<td${right.has(i) ? ' class="r"' : ''}${i === 1 ? ` title="${esc(l.name)}"` : ''}>${i === 7 ? `<code>${esc(c)}</code>` : esc(c)}</td>`);
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function ioTable(m: Manifest): string {
  const rows = [...m.inputs.map((t) => ['input', t] as const), ...m.outputs.map((t) => ['output', t] as const)].map(([k, t]) =>
    `<tr><td>${k}</td><td><code>${esc(t.name)}</code></td><td>${esc(`${t.dtype}[${shape(t.shape)}]`)}</td><td class="r">${int(t.bytes)}</td><td class="r">${int(t.offset)}</td></tr>`);
  return `<table><thead><tr><th>io</th><th>name</th><th>type</th><th class="r">bytes</th><th class="r">io offset</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The page. Deterministic: the same report gives the same bytes (no dates, no paths beyond the report's own). */
export function reportHtml(m: Manifest): string {
  const title = `${modelLabel(m)} × ${m.target}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aotc report: ${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(m.model.file)} <span class="meta">for</span> ${esc(m.target)}</h1>
<div class="meta">aotc ${esc(m.aotcVersion)} · report schema ${m.schemaVersion} · model sha256 <code>${esc(m.model.sha256)}</code> · <code>${esc(m.commandLine)}</code></div>
${overview(m)}
<h2>Memory plan</h2>
<div class="legend">x: op step (the per-layer table's #); y: byte offset in the region. One rectangle per arena buffer, spanning the steps it is live; hover for name, size and lifetime. Hatched: per-op scratch. The lower bound is the most bytes live at any one step; it is drawn thick over the steps that reach it.</div>
<div class="wide">
${planSvg(m)}
</div>
<h2>Layers</h2>
${layerTable(m)}
<h2>Inputs and outputs</h2>
${ioTable(m)}
${m.notes.length ? `<h2>Notes</h2><ul>${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<footer>Generated by aotc ${esc(m.aotcVersion)} from the bundle report ${esc(m.name)}.json (schema ${m.schemaVersion}).</footer>
</body>
</html>
`;
}
