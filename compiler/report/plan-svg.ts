// The memory plan as an SVG: activation arena (x = op step, y = offset, one rectangle per buffer), io and weights panels.

import { binaryUnits, int } from './format.js';
import type { Manifest } from './manifest.js';
import { shortName } from './read.js';

const W = 1120, LEFT = 84, RIGHT = 150, PLOT_W = W - LEFT - RIGHT;
const ARENA_H = 380, IO_H = 64, WEIGHTS_H = 84, PANEL_GAP = 46, TITLE_H = 26;
const CHAR_W = 6.3, FONT = 11;

/** Coordinates with at most two decimals; the same input always rounds the same way, so shared edges stay shared. */
const r2 = (v: number): number => Math.round(v * 100) / 100;
const f = (v: number): string => String(r2(v));

export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Tick step: 1, 2 or 5 × a power of ten of the largest binary unit below `max` (round labels), about `n` ticks. */
function tickStep(max: number, n = 5): number {
  const unit = max >= 1024 * 1024 ? 1024 * 1024 : max >= 1024 ? 1024 : 1;
  const raw = max / unit / n;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const m = [1, 2, 5, 10].find((k) => k * p >= raw)!;
  return Math.max(1, m * p * unit);
}

/** Fill colour of the i-th buffer: golden-angle hues, mid lightness (readable black labels). */
const hue = (i: number) => `hsl(${Math.round((i * 137.508) % 360)}, 58%, 70%)`;

/** The longest tail of a name (dropping leading '/' components) that fits `fit` characters, else its last component cut in the middle. */
export function fitName(name: string, fit: number): string {
  const first = name.split(';')[0]!;
  const parts = first.split('/');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (tail.length <= fit) return tail;
  }
  const last = parts[parts.length - 1]!, keep = Math.max(1, fit - 1);
  return `${last.slice(0, Math.ceil(keep / 2))}…${last.slice(last.length - Math.floor(keep / 2))}`;
}

/**
 * Labels for a set of names: '/'-components shared by all at the start are dropped, and a last component that
 * half or more of the names end with (TFLite's ".../conv_3/Relu") is dropped too, leaving "conv_3".
 */
export function distinctiveNames(names: string[]): string[] {
  const parts = names.map((n) => n.split('/'));
  let pre = 0;
  while (parts.length > 1 && parts.every((p) => p.length > pre + 1 && p[pre] === parts[0]![pre])) pre++;
  const lastCount = new Map<string, number>();
  for (const p of parts) lastCount.set(p[p.length - 1]!, (lastCount.get(p[p.length - 1]!) ?? 0) + 1);
  return parts.map((p) => {
    const rest = p.slice(pre);
    const common = rest.length > 1 && parts.length > 1 && 2 * lastCount.get(rest[rest.length - 1]!)! >= parts.length;
    return (common ? rest.slice(0, -1) : rest).join('/');
  });
}

/** Centred text lines inside a box, as many as fit; the first line is a name shortened with fitName. */
function label(x: number, y: number, w: number, h: number, lines: string[]): string {
  const fit = Math.floor((w - 6) / CHAR_W);
  if (fit < 3 || h < FONT + 3) return '';
  const shown = lines.slice(0, Math.max(1, Math.min(lines.length, Math.floor((h - 2) / (FONT + 2)))))
    .map((l, i) => (i === 0 ? fitName(l, fit) : l.length <= fit ? l : ''));
  const y0 = y + h / 2 - ((shown.length - 1) * (FONT + 2)) / 2 + FONT / 2 - 1.5;
  return shown.map((l, i) => (l ? `<text class="lbl" x="${f(x + w / 2)}" y="${f(y0 + i * (FONT + 2))}">${xmlEscape(l)}</text>` : '')).join('');
}

interface Panel { top: number; height: number; max: number }
const yOf = (p: Panel, v: number) => r2(p.top + p.height * (1 - v / p.max));

function yAxis(p: Panel, title: string): string {
  const step = tickStep(p.max);
  const out = [`<text class="ptitle" x="${LEFT}" y="${f(p.top - 9)}">${xmlEscape(title)}</text>`];
  for (let v = 0; v <= p.max + 1e-9; v += step) {
    const y = yOf(p, v);
    out.push(`<line class="grid" x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${f(y)}" y2="${f(y)}"/>`,
      `<text class="tick" x="${LEFT - 6}" y="${f(y + 3.5)}" text-anchor="end">${binaryUnits(v)}</text>`);
  }
  out.push(`<rect class="frame" x="${LEFT}" y="${f(p.top)}" width="${PLOT_W}" height="${p.height}"/>`);
  return out.join('\n');
}

/** A horizontal marker line across the arena panel with a two-line label (what, bytes) in the right margin. */
function hline(p: Panel, v: number, cls: string, text: string, dy: number): string {
  const y = yOf(p, v);
  return `<line class="${cls}" x1="${LEFT}" x2="${LEFT + PLOT_W + 8}" y1="${f(y)}" y2="${f(y)}"/>` +
    `<text class="mark ${cls}-t" x="${LEFT + PLOT_W + 12}" y="${f(y - 2 + dy)}">${xmlEscape(text)}</text>` +
    `<text class="mark ${cls}-t" x="${LEFT + PLOT_W + 12}" y="${f(y + 12 + dy)}">${int(v)} B</text>`;
}

/**
 * The whole figure. Arena rectangles have class "buf" and data-* attributes (name, offset, bytes, first, last):
 * x spans the live steps [first, last + 1), y the bytes [offset, offset + bytes) with offset 0 at the bottom.
 */
export function planSvg(m: Manifest): string {
  const bufs = m.memory.buffers;
  const steps = Math.max(1, m.layers.length, ...bufs.map((b) => b.last + 1));
  const sw = PLOT_W / steps;
  const xOf = (s: number) => r2(LEFT + s * sw);
  const arenaSize = m.memory.activations, lower = m.memory.activationsLowerBound;
  const arena: Panel = { top: TITLE_H + 8, height: ARENA_H, max: Math.max(arenaSize, lower, 1) * 1.08 };
  const io: Panel = { top: arena.top + ARENA_H + PANEL_GAP, height: IO_H, max: Math.max(m.memory.mutable, 1) };
  const weights: Panel = { top: io.top + IO_H + PANEL_GAP, height: WEIGHTS_H, max: Math.max(1, ...m.layers.map((l) => l.parameterBytes)) * 1.1 };
  const axisTop = weights.top + WEIGHTS_H;
  const showOps = sw >= 11 && m.layers.length > 0;
  const H = axisTop + (showOps ? 118 : 36);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="plan" viewBox="0 0 ${W} ${f(H)}" width="${W}" height="${f(H)}" role="img" aria-label="memory plan">`);
  out.push(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#e5e7eb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" stroke-width="2.5"/></pattern></defs>`);

  // step grid (all panels)
  if (sw >= 6) {
    for (let s = 0; s <= steps; s++) out.push(`<line class="sgrid" x1="${f(xOf(s))}" x2="${f(xOf(s))}" y1="${arena.top}" y2="${f(axisTop)}"/>`);
  }

  // activation arena
  out.push(yAxis(arena, `activation arena (RAM): ${int(arenaSize)} B, ${bufs.length} buffer${bufs.length === 1 ? '' : 's'}`));
  const names = distinctiveNames(bufs.map((b) => b.name.replace(/^scratch:/, '').split(';')[0]!));
  bufs.forEach((b, i) => {
    const x0 = xOf(b.first), x1 = xOf(b.last + 1), y0 = yOf(arena, b.offset + b.bytes), y1 = yOf(arena, b.offset);
    const scratch = b.name.startsWith('scratch:');
    const tip = `${b.name}\n${int(b.bytes)} B at offset ${int(b.offset)}..${int(b.offset + b.bytes)}\nlive at steps ${b.first}..${b.last}`;
    out.push(`<g><title>${xmlEscape(tip)}</title>` +
      `<rect class="buf${scratch ? ' scratch' : ''}" x="${f(x0)}" y="${f(y0)}" width="${f(r2(x1 - x0))}" height="${f(r2(y1 - y0))}" fill="${scratch ? 'url(#hatch)' : hue(i)}"` +
      ` data-name="${xmlEscape(b.name)}" data-offset="${b.offset}" data-bytes="${b.bytes}" data-first="${b.first}" data-last="${b.last}"/>` +
      // scratch boxes are hatched: their label says so only where it fits whole
      (scratch ? ((x1 - x0 - 6) / CHAR_W >= 7 ? label(x0, y0, x1 - x0, y1 - y0, ['scratch', `${int(b.bytes)} B`]) : '')
        : label(x0, y0, x1 - x0, y1 - y0, [names[i]!, `${int(b.bytes)} B`])) + '</g>');
  });
  // the steps where the live bytes reach the lower bound: the lower-bound line is drawn thick there
  const live = Array.from({ length: steps }, (_, s) => bufs.filter((b) => b.first <= s && s <= b.last)
    .reduce((a, b) => a + Math.ceil(b.bytes / m.memory.alignment) * m.memory.alignment, 0));
  live.forEach((v, s) => {
    if (v === lower && lower > 0) out.push(`<line class="bind" x1="${f(xOf(s))}" x2="${f(xOf(s + 1))}" y1="${f(yOf(arena, lower))}" y2="${f(yOf(arena, lower))}"><title>step ${s}: ${int(v)} B live = the lower bound</title></line>`);
  });
  const gap = yOf(arena, lower) - yOf(arena, arenaSize);
  if (arenaSize === lower) out.push(hline(arena, arenaSize, 'peak', 'peak = lower bound', 0));
  else out.push(hline(arena, arenaSize, 'peak', 'peak (arena size)', gap < 30 ? -(30 - gap) / 2 : 0), hline(arena, lower, 'lb', 'lower bound', gap < 30 ? (30 - gap) / 2 : 0));

  // io region: live for the whole run
  out.push(yAxis(io, `io (RAM): ${int(m.memory.mutable)} B, inputs and outputs, live for the whole run`));
  const ios = [...m.inputs.map((t) => ({ ...t, kind: 'input' })), ...m.outputs.map((t) => ({ ...t, kind: 'output' }))];
  for (const t of ios) {
    const y0 = yOf(io, t.offset + t.bytes), y1 = yOf(io, t.offset);
    const tip = `${t.kind} ${t.name}: ${t.dtype}[${t.shape.join('x')}]\n${int(t.bytes)} B at io offset ${int(t.offset)}`;
    out.push(`<g><title>${xmlEscape(tip)}</title><rect class="io ${t.kind}" x="${LEFT}" y="${f(y0)}" width="${PLOT_W}" height="${f(r2(y1 - y0))}"/>` +
      label(LEFT, y0, PLOT_W, y1 - y0, [`${t.kind} ${t.name}`, `${t.dtype}[${t.shape.join('x')}], ${int(t.bytes)} B`]) + '</g>');
  }

  // weights read by each op (flash)
  out.push(yAxis(weights, `weights (flash): ${int(m.weights.bytes)} B; bars = parameter bytes each op reads`));
  for (const l of m.layers) {
    if (!l.parameterBytes) continue;
    const y0 = yOf(weights, l.parameterBytes), x0 = xOf(l.index) + Math.min(2, sw * 0.15), x1 = xOf(l.index + 1) - Math.min(2, sw * 0.15);
    out.push(`<g><title>${xmlEscape(`${l.index} ${shortName(l.name, 80)} (${l.op})\n${int(l.parameterBytes)} parameter bytes`)}</title>` +
      `<rect class="weights" x="${f(x0)}" y="${f(y0)}" width="${f(r2(x1 - x0))}" height="${f(r2(weights.top + WEIGHTS_H - y0))}"/></g>`);
  }

  // op axis: step numbers, op names when there is room
  const every = Math.max(1, Math.ceil(26 / sw));
  for (let s = 0; s < steps; s += every) {
    out.push(`<text class="tick" x="${f(xOf(s) + sw / 2)}" y="${f(axisTop + 14)}" text-anchor="middle">${s}</text>`);
  }
  if (showOps) {
    for (const l of m.layers) {
      const x = xOf(l.index) + sw / 2 + 3, y = axisTop + 22;
      out.push(`<text class="op" transform="translate(${f(x)},${f(y)}) rotate(-55)" text-anchor="end">${xmlEscape(l.op.length > 16 ? `${l.op.slice(0, 15)}…` : l.op)}</text>`);
    }
  }
  out.push(`<text class="axis" x="${LEFT + PLOT_W}" y="${f(H - 6)}" text-anchor="end">op step →</text>`);
  out.push('</svg>');
  return out.join('\n');
}
