// Computes float16 models in float32: constants and internal values widen; io keeps float16 via Casts.

import { addNode, addValue, type Graph, type Node } from '../ir/graph.js';

export function widenFloat16(g: Graph): void {
  if (![...g.values.values()].some((v) => v.dtype === 'float16') && !g.nodes.some(isCastTo16)) return;
  for (const v of g.values.values()) if (v.dtype === 'float16' && v.data) v.dtype = 'float32'; // host data is f32 already
  for (const n of g.nodes) {
    if (isCastTo16(n)) n.attrs.to = 1;
    for (const [k, a] of Object.entries(n.attrs)) {
      if (a && typeof a === 'object' && !Array.isArray(a) && a.dtype === 'float16') n.attrs[k] = { ...a, dtype: 'float32' };
    }
  }
  const head: Omit<Node, 'id'>[] = [];
  g.inputs = g.inputs.map((id) => {
    const v = g.values.get(id)!;
    if (v.dtype !== 'float16') return id;
    const io = addValue(g, { name: v.name, dtype: 'float16', shape: [...v.shape] });
    v.name = `${v.name}/f32`;
    v.dtype = 'float32';
    head.push({ name: `${io.name}/widen`, op: 'Cast', inputs: [io.id], outputs: [id], attrs: { to: 1 } });
    return io.id;
  });
  const nodes = g.nodes;
  g.nodes = [];
  for (const h of head) addNode(g, h);
  g.nodes.push(...nodes);
  g.outputs = g.outputs.map((id) => {
    const v = g.values.get(id)!;
    if (v.dtype !== 'float16') return id; // before inference, outputs carry their declared dtype
    const io = addValue(g, { name: v.name, dtype: 'float16', shape: [...v.shape] });
    v.name = `${v.name}/f32`;
    addNode(g, { name: `${io.name}/narrow`, op: 'Cast', inputs: [id], outputs: [io.id], attrs: { to: 10 } });
    return io.id;
  });
}

const isCastTo16 = (n: { op: string; attrs: Record<string, unknown> }) => n.op === 'Cast' && n.attrs.to === 10;

