// Fuses Relu / Clip / LeakyRelu into the producing Conv, ConvTranspose, Gemm or MatMul kernel.

import { consumers, replaceUses, type Graph } from '../ir/graph.js';
import { OpCtx } from '../ops/op-def.js';
import { fusableActivation } from '../ops/activation.js';

const PRODUCERS = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'BatchNormalization', 'Conv2DNhwc', 'FullyConnected']);

export function fuseActivations(g: Graph): void {
  const uses = consumers(g);
  const byOutput = new Map(g.nodes.map((n) => [n.outputs[0], n]));
  const removed = new Set<number>();
  for (const n of g.nodes) {
    const x = n.inputs[0];
    if (x === null || x === undefined) continue;
    const prod = byOutput.get(x);
    if (!prod || !PRODUCERS.has(prod.op) || prod.attrs.act_kind !== undefined) continue;
    if (prod.outputs.length !== 1 || (uses.get(x)?.length ?? 0) !== 1 || g.outputs.includes(x)) continue;
    if (g.values.get(x)!.dtype !== 'float32') continue;
    const act = fusableActivation(n.op, new OpCtx(g, n));
    if (!act) continue;
    prod.attrs.act_kind = act.kind;
    prod.attrs.act_p0 = act.p0;
    prod.attrs.act_p1 = act.p1;
    prod.attrs.act_op = n.op;
    // The producer now writes the activation's output directly.
    const y = n.outputs[0];
    replaceUses(g, y, x);
    g.values.get(x)!.name = g.values.get(y)!.name;
    removed.add(n.id);
    byOutput.delete(x);
  }
  g.nodes = g.nodes.filter((n) => !removed.has(n.id));
}
