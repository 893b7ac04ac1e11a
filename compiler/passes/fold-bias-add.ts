// Folds `Add(Conv(x), per-channel constant)` into the Conv bias and `Add(MatMul(x, W), row constant)` into a Gemm,
// so the bias costs no extra pass over the activations and a following activation can fuse.

import { getElem } from '../ir/dtype.js';
import { addValue, consumers, numel, replaceUses, type Graph, type Node, type Value } from '../ir/graph.js';

/** The constant operand of a binary Add whose other operand is `x`, or undefined. */
function constOperand(g: Graph, add: Node, x: number): Value | undefined {
  if (add.op !== 'Add' || add.inputs.length !== 2) return undefined;
  const other = add.inputs[0] === x ? add.inputs[1] : add.inputs[1] === x ? add.inputs[0] : null;
  const v = other === null ? undefined : g.values.get(other);
  return v?.data && v.dtype === 'float32' ? v : undefined;
}

/** A constant of shape [C], [C,1..], [1,C,1..] broadcasting along axis 1 of a rank-`rank` NCHW tensor. */
function perChannel(c: Value, channels: number, rank: number): boolean {
  if (numel(c.shape) !== channels) return false;
  const s = [...c.shape];
  while (s.length < rank) s.unshift(1);
  return s.length === rank && s.every((d, i) => (i === 1 ? d === channels : d === 1));
}

export function foldBiasAdd(g: Graph): void {
  const uses = consumers(g);
  const removed = new Set<number>();
  for (const n of g.nodes) {
    if ((n.op !== 'Conv' && n.op !== 'MatMul') || n.attrs.act_kind !== undefined) continue;
    const y = n.outputs[0];
    const users = uses.get(y) ?? [];
    if (users.length !== 1 || g.outputs.includes(y)) continue;
    const add = users[0];
    const c = constOperand(g, add, y);
    const out = g.values.get(y)!;
    if (!c || out.dtype !== 'float32' || add.inputs[0] === add.inputs[1]) continue;
    if (g.values.get(add.outputs[0])!.shape.join() !== out.shape.join()) continue; // the Add must not broadcast y
    if (n.op === 'Conv') {
      const m = out.shape[1];
      if (!perChannel(c, m, out.shape.length)) continue;
      const old = n.inputs[2] ? g.values.get(n.inputs[2]!) : undefined;
      if (old && !old.data) continue;
      const bias = Float32Array.from({ length: m }, (_x, i) => (old ? getElem(old.data!, i) : 0) + getElem(c.data!, i));
      n.inputs[2] = addValue(g, { name: `${n.name}/bias`, dtype: 'float32', shape: [m], data: bias }).id;
    } else {
      const a = g.values.get(n.inputs[0]!)!, w = g.values.get(n.inputs[1]!)!;
      const cols = w.shape[1];
      if (a.shape.length !== 2 || w.shape.length !== 2 || numel(c.shape) !== cols || c.shape.length > 2 || (c.shape.length === 2 && c.shape[0] !== 1)) continue;
      n.op = 'Gemm';
      n.attrs = { ...n.attrs };
      n.inputs = [n.inputs[0], n.inputs[1], addValue(g, { name: `${add.name}/bias`, dtype: 'float32', shape: [cols], data: Float32Array.from(c.data!, Number) }).id];
    }
    replaceUses(g, add.outputs[0], y);
    out.name = g.values.get(add.outputs[0])!.name;
    removed.add(add.id);
  }
  g.nodes = g.nodes.filter((x) => !removed.has(x.id));
}

