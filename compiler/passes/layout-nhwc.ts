// Layout clean-up around the NHWC int8 ops: Transposes sink through layout-agnostic ops (quantized elementwise ops,
// QuantizeLinear, Concat with the axis remapped, QMean with its axes remapped), inverse Transpose pairs cancel and
// Transposes that only move size-1 dimensions become Reshapes — so a chain of convolutions runs in NHWC with
// transposes only at the graph boundaries.

import { arrayFrom, dtypeBytes } from '../ir/dtype.js';
import { addValue, consumers, numel, producers, type Graph, type Node, type Value } from '../ir/graph.js';
import { foldView, permuteView } from '../ops/strided-view.js';
import { removeDeadCode } from './dead-code.js';
import { inferAndFold } from './infer-and-fold.js';

/** Single-data-input ops that act elementwise (per-tensor quantization), and how their attributes follow a permutation. */
const UNARY = new Set(['QRelu', 'QLeakyRelu', 'QLogistic', 'QTanh', 'QHardSwish', 'Quantize', 'Dequantize', 'QSignFlip',
  'QuantizeLinear', 'DequantizeLinear', 'Relu', 'Clip']);
/** Broadcasting binary ops: every data input either comes through the same Transpose or is a constant. */
const BINARY = new Set(['QAdd', 'QSub', 'QMul']);

const inverse = (p: readonly number[]): number[] => { const r: number[] = []; p.forEach((v, i) => { r[v] = i; }); return r; };
const isIdentity = (p: readonly number[]): boolean => p.every((v, i) => v === i);

class Layout {
  prod = new Map<number, Node>();
  cons = new Map<number, Node[]>();
  constructor(readonly g: Graph) { this.refresh(); }
  refresh(): void { this.prod = producers(this.g); this.cons = consumers(this.g); }
  v(id: number): Value { return this.g.values.get(id)!; }
  perm(n: Node): number[] {
    const p = n.attrs.perm as number[] | undefined;
    return p ?? this.v(n.inputs[0]!).shape.map((_d, i, s) => s.length - 1 - i);
  }
  /** The Transpose producing value id, if any. */
  transposeOf(id: number | null): Node | undefined {
    const n = id === null ? undefined : this.prod.get(id);
    return n?.op === 'Transpose' ? n : undefined;
  }
  /** A constant permuted by `perm` after right-aligning it to `rank` (broadcast operands), as a new value. */
  permutedConstant(id: number, rank: number, perm: number[]): number {
    const c = this.v(id);
    const shape = [...new Array<number>(rank - c.shape.length).fill(1), ...c.shape];
    const data = foldView(c.data!, c.dtype, permuteView(shape, perm));
    return addValue(this.g, { name: `${c.name}/perm${perm.join('')}`, dtype: c.dtype, shape: perm.map((p) => shape[p]), data, ...(c.quant ? { quant: c.quant } : {}) }).id;
  }
}

/** T2(T1(x)) → T(x) with the composed permutation, or x itself for inverse pairs (graph outputs keep a node). */
function cancelPairs(l: Layout): boolean {
  let changed = false;
  for (const n of l.g.nodes) {
    if (n.op !== 'Transpose') continue;
    const t1 = l.transposeOf(n.inputs[0]);
    if (!t1) continue;
    const p1 = l.perm(t1), p2 = l.perm(n);
    const q = p2.map((i) => p1[i]);
    n.inputs = [t1.inputs[0]];
    if (isIdentity(q)) { n.op = 'Identity'; n.attrs = {}; } else n.attrs = { perm: q };
    changed = true;
  }
  // Identity nodes made above: bypass them unless they define a graph output.
  for (const n of l.g.nodes) {
    if (n.op !== 'Identity' || l.g.outputs.includes(n.outputs[0]) || n.inputs[0] === null) continue;
    const [from, to] = [n.outputs[0], n.inputs[0]];
    for (const m of l.g.nodes) m.inputs = m.inputs.map((i) => (i === from ? to : i));
  }
  return changed;
}

/** Sink Transposes below agnostic node n: n reads pre-transpose data and one Transpose follows. */
function sink(l: Layout, n: Node): Node[] | undefined {
  const dataIdx = BINARY.has(n.op) ? [0, 1] : n.op === 'Concat' ? n.inputs.map((_x, i) => i) : [0];
  const ts = dataIdx.map((i) => l.transposeOf(n.inputs[i]));
  const first = ts.find((t) => t);
  if (!first || n.outputs.length !== 1) return undefined;
  const p = l.perm(first), out = l.v(n.outputs[0]), rank = out.shape.length;
  if (p.length !== rank) return undefined;
  const key = JSON.stringify(p);
  const inputs = [...n.inputs];
  for (let k = 0; k < dataIdx.length; k++) {
    const i = dataIdx[k], id = n.inputs[i];
    if (id === null) return undefined;
    const t = ts[k];
    if (t) {
      // Only a Transpose nothing else reads moves (otherwise both orders would be computed).
      if (JSON.stringify(l.perm(t)) !== key || (l.cons.get(t.outputs[0]) ?? []).length !== 1 || l.g.outputs.includes(t.outputs[0])) return undefined;
      inputs[i] = t.inputs[0];
    } else if (numel(l.v(id).shape) === 1) {
      continue;
    } else if (l.v(id).data && l.v(id).shape.length <= rank) {
      inputs[i] = l.permutedConstant(id, rank, inverse(p));
    } else {
      return undefined;
    }
  }
  const attrs = { ...n.attrs };
  const x0 = l.v(inputs[dataIdx[0]]!);
  if (n.op === 'Concat') attrs.axis = p[(n.attrs.axis as number) < 0 ? (n.attrs.axis as number) + rank : (n.attrs.axis as number)];
  if (n.op === 'QMean') {
    if (!n.attrs.keepdims || !Array.isArray(n.attrs.axes)) return undefined;
    attrs.axes = (n.attrs.axes as number[]).map((a) => p[a < 0 ? a + rank : a]).sort((a, b) => a - b);
  }
  if (n.op === 'QuantizeLinear' || n.op === 'DequantizeLinear') {
    const s = l.v(n.inputs[1]!);
    if (numel(s.shape) > 1) { const a = (n.attrs.axis as number | undefined) ?? 1; attrs.axis = p[a < 0 ? a + rank : a]; }
  }
  // Keep transposing the smaller elements, unless the moved Transpose meets another one right away.
  const next = l.cons.get(out.id) ?? [];
  if (dtypeBytes(out.dtype) > dtypeBytes(x0.dtype) && (!next.length || next.some((m) => m.op !== 'Transpose') || l.g.outputs.includes(out.id))) return undefined;
  const inv = inverse(p);
  const mid = addValue(l.g, { name: `${out.name}/nhwc`, dtype: out.dtype, shape: inv.map((i) => out.shape[i]), ...(out.quant ? { quant: out.quant } : {}) });
  return [
    { ...n, inputs, outputs: [mid.id], attrs },
    { id: l.g.nextId++, name: `${n.name}/transpose`, op: 'Transpose', inputs: [mid.id], outputs: [out.id], attrs: { perm: p } },
  ];
}

function sinkAll(l: Layout): boolean {
  let changed = false;
  const out: Node[] = [];
  for (const n of l.g.nodes) {
    const agnostic = UNARY.has(n.op) || BINARY.has(n.op) || n.op === 'Concat' || n.op === 'QMean';
    const r = agnostic ? sink(l, n) : undefined;
    if (r) { out.push(...r); changed = true; } else out.push(n);
  }
  l.g.nodes = out;
  return changed;
}

/** Transposes that keep the order of all non-unit dimensions only relabel the shape: Reshape views. */
function trivialToReshape(l: Layout): void {
  for (const n of l.g.nodes) {
    if (n.op !== 'Transpose' || n.inputs[0] === null) continue;
    const shape = l.v(n.inputs[0]).shape, moved = l.perm(n).filter((a) => shape[a] !== 1);
    if (!moved.every((a, i) => i === 0 || a > moved[i - 1])) continue;
    const out = l.v(n.outputs[0]);
    const target = addValue(l.g, { name: `${out.name}/shape`, dtype: 'int64', shape: [out.shape.length], data: arrayFrom('int64', out.shape) });
    n.op = 'Reshape';
    n.inputs = [n.inputs[0], target.id];
    n.attrs = {};
  }
}

export function optimizeLayout(g: Graph): void {
  if (!g.nodes.some((n) => n.op === 'Transpose')) return;
  const l = new Layout(g);
  for (let iter = 0; iter < 64; iter++) {
    const a = cancelPairs(l);
    l.refresh();
    const b = sinkAll(l);
    removeDeadCode(g);
    l.refresh();
    if (!a && !b) break;
  }
  trivialToReshape(l);
  inferAndFold(g);
  removeDeadCode(g);
}
