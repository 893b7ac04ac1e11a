// `aotc inspect`: the optimised graph as a per-node table, then the activation memory plan (no toolchain needed).

import type { Compiled } from '../compile.js';
import { renderPlanAscii } from '../memory/plan-ascii.js';
import { buildLayers, bufferNames, layerTotals, opCounts, type LayerInfo } from '../report/layers.js';
import { ioEntries, MANIFEST_SCHEMA_VERSION } from '../report/manifest.js';
import { bytes, compactJson, count, int, shape, table } from '../report/format.js';
import { compileFromFile, modelBase, say, type ModelOptions } from './common.js';

export interface InspectCliOptions extends ModelOptions { json?: boolean }

export function inspectCommand(model: string, o: InspectCliOptions): void {
  const { compiled } = compileFromFile(model, o);
  say(o.json ? inspectJson(compiled, model) : inspectText(compiled, model));
}

function planBuffers(c: Compiled) {
  const names = bufferNames(c);
  return c.memory.act.plan.buffers.map((b) => ({ name: names(b.id), offset: b.offset, bytes: b.size, first: b.first, last: b.last }));
}

export function inspectJson(c: Compiled, model: string): string {
  const layers = buildLayers(c);
  const m = c.memory;
  return compactJson({
    schema: 'aotc-inspect', schemaVersion: MANIFEST_SCHEMA_VERSION, target: c.target.id,
    model: { file: modelBase(model), sha256: c.modelSha256 },
    inputs: ioEntries(c, m.io.inputs), outputs: ioEntries(c, m.io.outputs), notes: [...c.graph.notes],
    opCounts: opCounts(c.graph), totals: layerTotals(layers), layers,
    memory: {
      alignment: m.align, constant: c.weights.bytes.length, mutable: m.io.size,
      activations: m.act.size, activationsLowerBound: m.act.lowerBound, buffers: planBuffers(c),
    },
  });
}

const outs = (l: LayerInfo) => l.outputs.map((t) => `${t.dtype}[${shape(t.shape)}]`).join(', ');

export function inspectText(c: Compiled, model: string): string {
  const layers = buildLayers(c);
  const totals = layerTotals(layers);
  const m = c.memory;
  const g = c.graph;
  const io = (ids: number[]) => ids.map((id) => { const v = g.values.get(id)!; return `${v.name}: ${v.dtype}[${shape(v.shape)}]`; }).join(', ') || '(none)';
  const head = [
    `model ${modelBase(model)} (sha256 ${c.modelSha256.slice(0, 16)}…), optimised for ${c.target.id}`,
    `inputs:  ${io(m.io.inputs)}`,
    `outputs: ${io(m.io.outputs)}`,
    ...g.notes.map((n) => `note: ${n}`),
    '',
  ];
  const rows = layers.map((l) => [
    String(l.index), l.name, l.op + (l.fusedActivation ? `+${l.fusedActivation}` : '') + (l.view ? ' (view)' : ''),
    outs(l), l.macs === null ? '-' : int(l.macs), l.parameterBytes ? int(l.parameterBytes) : '-',
  ]);
  rows.push(['', 'total', `${totals.nodes} node${totals.nodes === 1 ? '' : 's'}`, '', int(totals.macs), int(totals.parameterBytes)]);
  const nodeTable = table(['#', 'name', 'op', 'output', 'MACs', 'param bytes'], rows, ['r', 'l', 'l', 'l', 'r', 'r']);

  const pct = m.act.size > 0 ? ` (${((100 * m.act.lowerBound) / m.act.size).toFixed(1)}% of the arena)` : '';
  const mem = [
    `memory plan (alignment ${m.align}):`,
    `  weights (constant)    ${bytes(c.weights.bytes.length)}`,
    `  io (mutable)          ${bytes(m.io.size)}`,
    `  activations (arena)   ${bytes(m.act.size)}`,
    `  arena lower bound     ${bytes(m.act.lowerBound)}${pct}`,
    `  MACs                  ${count(totals.macs)}`,
    ...(m.act.plan.buffers.length ? ['activation buffers: op steps run down, arena addresses across; legend below'] : []),
  ];
  const names = bufferNames(c);
  const ascii = renderPlanAscii(m.act.plan, names);
  return [...head, nodeTable, ...mem, ascii].join('\n');
}
