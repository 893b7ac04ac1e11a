// `aotc size` output: the sizes of one report (with its per-layer table) or a table of many, as text, markdown or JSON.

import { bytes, compactJson, count, int, mdEscape as esc, mdTable, shape, table } from './format.js';
import type { LayerInfo } from './layers.js';
import type { Manifest } from './manifest.js';
import { METRIC_LABEL, metricValues, modelLabel, PRIMARY_METRICS, shortName, type LoadedReport, type Metric } from './read.js';

export type SizeFormat = 'text' | 'json' | 'md';

const n = (v: number | null) => (v === null ? 'n/a' : int(v));
const b = (v: number | null) => (v === null ? 'not measured (no object)' : bytes(v));
const pctOf = (v: number, of: number) => `${((100 * v) / of).toFixed(1)}%`;

/** Per-layer rows: #, layer, op, output, MACs, parameter bytes, activation bytes, kernel, ISA, arena offset, steps. */
export function layerRow(l: LayerInfo): string[] {
  const act = l.buffers.filter((x) => x.region === 'act');
  const place = l.buffers.map((x) => (x.region === 'act' ? int(x.offset) : `${x.region}@${int(x.offset)}`)).join(', ') || (l.view ? 'view' : '-');
  const life = act[0] ?? l.buffers[0];
  const steps = life ? `${life.first}..${life.last}` : '-';
  return [
    String(l.index), shortName(l.name), l.op + (l.fusedActivation ? `+${l.fusedActivation}` : '') + (l.view ? ' (view)' : ''),
    l.outputs.map((o) => `${o.dtype}[${shape(o.shape)}]`).join(', '),
    l.macs === null ? '-' : int(l.macs), int(l.parameterBytes), int(l.activationBytes),
    l.kernels.map((k) => k.symbol).join(', ') || '-', [...new Set(l.kernels.map((k) => k.isa))].join(', ') || '-',
    place, steps,
  ];
}
export const LAYER_HEADS = ['#', 'layer', 'op', 'output', 'MACs', 'param B', 'act B', 'kernel', 'ISA', 'arena offset', 'steps'];
const LAYER_ALIGN = ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'l', 'l', 'r', 'l'] as const;

function headline(m: Manifest): string {
  return `${m.model.file} for ${m.target}: aotc ${m.aotcVersion}, report schema ${m.schemaVersion}, model sha256 ${m.model.sha256.slice(0, 16)}…`;
}

function sizeLines(m: Manifest): string[] {
  const s = m.sizes, o = m.object, fp = m.footprint;
  const lines = [
    `flash        ${b(s.flash.total)} = code ${n(s.flash.code)} B + weights ${int(s.flash.weights)} B`,
    `RAM          ${bytes(s.ram.total)} = activations ${int(s.ram.activations)} B + io ${int(s.ram.io)} B` +
      ` (arena lower bound ${int(m.memory.activationsLowerBound)} B${fp?.stack ? `; stack ${int(fp.stack.bytes)} B` : ''})`,
    o ? `object       ${o.file}: .text ${n(o.text)} B, .rodata ${n(o.rodata)} B, .data ${n(o.data)} B, .bss ${n(o.bss)} B`
      : 'object       none built (compiled with --no-object)',
  ];
  if (fp?.capacity && fp.fits) {
    lines.push(`machine      qemu ${fp.capacity.machine}: flash ${pctOf(fp.flash.total, fp.capacity.flash.size)} of ${bytes(fp.capacity.flash.size)}` +
      `, RAM ${pctOf(fp.ram.total, fp.capacity.ram.size)} of ${bytes(fp.capacity.ram.size)}${fp.fits.flash && fp.fits.ram ? '' : ' — DOES NOT FIT'}`);
  }
  return lines;
}

const METRIC_COLS: Metric[] = [...PRIMARY_METRICS, 'flash', 'ram'];

function summaryRows(rs: LoadedReport[]): string[][] {
  return rs.map((r) => { const v = metricValues(r.m); return [modelLabel(r.m), r.m.target, ...METRIC_COLS.map((k) => n(v[k]))]; });
}

export function sizeText(rs: LoadedReport[]): string {
  if (rs.length !== 1) {
    return table(['model', 'target', ...METRIC_COLS], summaryRows(rs), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']) +
      `${rs.length} reports; bytes. ${METRIC_COLS.map((k) => `${k} = ${METRIC_LABEL[k]}`).join(', ')}\n`;
  }
  const m = rs[0]!.m;
  const t = m.totals;
  return [headline(m), ...sizeLines(m).map((l) => `  ${l}`), '',
    `layers (${t.nodes} nodes, ${count(t.macs)} MACs, ${int(t.parameterBytes)} parameter bytes):`,
    table(LAYER_HEADS, m.layers.map(layerRow), [...LAYER_ALIGN])].join('\n');
}

export function sizeMarkdown(rs: LoadedReport[]): string {
  if (rs.length !== 1) {
    return `### aotc bundle sizes (bytes)\n\n${mdTable(['model', 'target', ...METRIC_COLS.map((k) => METRIC_LABEL[k])], summaryRows(rs).map((r) => r.map(esc)), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'])}`;
  }
  const m = rs[0]!.m;
  const s = m.sizes;
  const rows = [
    ['code flash', n(s.flash.code)], ['weights flash', int(s.flash.weights)], ['**flash total**', n(s.flash.total)],
    ['activations RAM', int(s.ram.activations)], ['io RAM', int(s.ram.io)], ['**RAM total**', int(s.ram.total)],
    ['arena lower bound', int(m.memory.activationsLowerBound)],
    ...(m.object ? (['text', 'rodata', 'data', 'bss'] as const).map((k) => [`.${k}`, n(m.object![k])]) : []),
  ];
  return [`### ${esc(modelLabel(m))} × ${esc(m.target)}`, '', headline(m), '', mdTable(['', 'bytes'], rows, ['l', 'r']),
    `<details><summary>${m.layers.length} layers</summary>`, '', mdTable(LAYER_HEADS, m.layers.map((l) => layerRow(l).map(esc)), LAYER_ALIGN), '</details>', ''].join('\n');
}

export function sizeJson(rs: LoadedReport[]): string {
  return compactJson({
    schema: 'aotc-size', schemaVersion: 1,
    reports: rs.map(({ rel, m }) => ({
      file: rel, name: m.name, model: m.model, target: m.target, aotcVersion: m.aotcVersion, sizes: m.sizes,
      sections: m.object ? { text: m.object.text, rodata: m.object.rodata, data: m.object.data, bss: m.object.bss } : null,
      activationsLowerBound: m.memory.activationsLowerBound,
      layers: m.layers.map((l) => ({
        index: l.index, name: l.name, op: l.op, outputs: l.outputs, macs: l.macs, parameterBytes: l.parameterBytes,
        activationBytes: l.activationBytes, kernels: l.kernels, buffers: l.buffers,
      })),
    })),
  });
}
