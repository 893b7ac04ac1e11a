// Test helper: instructions per layer of a model on a Cortex-M target. Each node of the optimised graph is compiled
// alone (same weights, quantization and attributes) and run under QEMU with random inputs; the entry point's
// instruction count is that layer's cost (plus a few instructions of call overhead).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGraph, optimizeModel } from '../../compiler/compile.js';
import { inputSpecs, randomSets } from '../../compiler/harness/inputs.js';
import { runOnMcu } from '../../compiler/harness/mcu-runner.js';
import { addNode, addValue, newGraph, type Graph, type Node } from '../../compiler/ir/graph.js';
import { OpCtx } from '../../compiler/ops/op-def.js';
import { getOp } from '../../compiler/ops/registry.js';

export interface LayerCost {
  index: number; op: string; kind: string; shape: string; macs: number; instructions: number; symbol: string;
}

/** A graph holding only `node` of `g`: non-constant inputs become graph inputs, outputs graph outputs. */
export function singleNodeGraph(g: Graph, node: Node): Graph {
  const s = newGraph(`layer_${node.id}`);
  const map = new Map<number, number>();
  const copy = (id: number) => {
    const v = g.values.get(id)!;
    const nv = addValue(s, { ...v, name: v.name.slice(-40) || `v${id}` });
    map.set(id, nv.id);
    return nv;
  };
  for (const id of node.inputs) if (id !== null && !map.has(id)) { const nv = copy(id); if (!nv.data) s.inputs.push(nv.id); }
  for (const id of node.outputs) s.outputs.push(copy(id).id);
  addNode(s, { ...node, name: `n${node.id}`, inputs: node.inputs.map((id) => (id === null ? null : map.get(id)!)), outputs: node.outputs.map((id) => map.get(id)!) });
  return s;
}

const kindOf = (g: Graph, n: Node): string => {
  if (n.op === 'FullyConnected') return 'fc';
  if (n.op !== 'Conv2DNhwc') return n.op;
  const w = g.values.get(n.inputs[1]!)!.shape;
  const group = typeof n.attrs.group === 'number' ? n.attrs.group : 1;
  if (group > 1) return `dw${w[1]}x${w[2]}s${(n.attrs.strides as number[] | undefined)?.[0] ?? 1}`;
  return w[1] === 1 && w[2] === 1 ? 'pw' : `conv${w[1]}x${w[2]}`;
};

/** Instructions of every layer whose op is in `ops` (default: the convolutions and fully connected layers). */
export function layerCosts(modelPath: string, target: string, dir: string, ops = ['Conv2DNhwc', 'FullyConnected']): LayerCost[] {
  const g = optimizeModel(readFileSync(modelPath), modelPath);
  const out: LayerCost[] = [];
  g.nodes.forEach((n, index) => {
    if (!ops.includes(n.op)) return;
    const s = singleNodeGraph(g, n);
    const c = compileGraph(s, { target, name: 'layer' });
    const [set] = randomSets(inputSpecs(s), 1, 7);
    const { run } = runOnMcu(c, join(dir, `l${index}`), { inputs: set!.map((t) => t.data) });
    const macs = getOp(n.op)!.macs?.(new OpCtx(s, s.nodes[0]!)) ?? 0;
    const x = g.values.get(n.inputs[0]!)!.shape.join('x');
    const y = g.values.get(n.outputs[0]!)!.shape.join('x');
    out.push({ index, op: n.op, kind: kindOf(g, n), shape: `${x}->${y}`, macs, instructions: run.instructions, symbol: c.lowered[0]!.calls.map((k) => k.symbol).join('+') });
  });
  return out;
}

/** A text table of layer costs with instructions per MAC, and totals per kind. */
export function costTable(costs: LayerCost[]): string {
  const rows = costs.map((c) => `${String(c.index).padStart(3)} ${c.kind.padEnd(9)} ${c.shape.padEnd(26)} ${String(c.macs).padStart(9)} ${String(c.instructions).padStart(10)} ${(c.instructions / Math.max(1, c.macs)).toFixed(3).padStart(7)}  ${c.symbol}`);
  const kinds = new Map<string, { macs: number; ins: number }>();
  for (const c of costs) {
    const k = kinds.get(c.kind) ?? { macs: 0, ins: 0 };
    k.macs += c.macs; k.ins += c.instructions;
    kinds.set(c.kind, k);
  }
  const total = [...kinds].map(([k, v]) => `  ${k.padEnd(9)} ${String(v.macs).padStart(9)} MACs ${String(v.ins).padStart(10)} instructions ${(v.ins / Math.max(1, v.macs)).toFixed(3)}/MAC`);
  return [...rows, ...total].join('\n');
}

