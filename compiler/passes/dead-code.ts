// Dead-code removal: drops nodes none of whose outputs reach a graph output, then unused values.

import { pruneValues, type Graph } from '../ir/graph.js';

export function removeDeadCode(g: Graph): void {
  const live = new Set<number>(g.outputs);
  const kept = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    if (!n.outputs.some((o) => live.has(o))) continue;
    for (const x of n.inputs) if (x !== null) live.add(x);
    kept.push(n);
  }
  g.nodes = kept.reverse();
  pruneValues(g);
}
