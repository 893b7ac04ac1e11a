// The typed IR: values (dtype, shape, quantization, constant data) and nodes (op, attrs), plain data.

import { dtypeBytes, type DType, type NumArray } from './dtype.js';

/** Affine quantization: real = scale * (q - zeroPoint); per-tensor when scale has one entry. */
export interface Quant { scale: number[]; zeroPoint: number[]; axis: number }

export interface Value {
  id: number;
  name: string;
  dtype: DType;
  shape: number[];
  /** Present for compile-time constants (weights, folded values). */
  data?: NumArray;
  quant?: Quant;
}

/** A constant tensor held in an attribute (e.g. ONNX ConstantOfShape `value`). */
export interface TensorAttr { dtype: DType; shape: number[]; data: NumArray }

export type AttrValue = number | string | boolean | number[] | string[] | TensorAttr;
export type Attrs = Record<string, AttrValue>;

export interface Node {
  id: number;
  /** Name from the model (may be empty in the model: the importer makes one up); never reaches C unescaped. */
  name: string;
  op: string;
  /** Value ids; null for an omitted optional input. */
  inputs: (number | null)[];
  outputs: number[];
  attrs: Attrs;
}

export interface Graph {
  name: string;
  values: Map<number, Value>;
  /** Topologically ordered. */
  nodes: Node[];
  inputs: number[];
  outputs: number[];
  nextId: number;
  /** Notes for the user collected while importing and optimizing (e.g. "batch dimension set to 1"). */
  notes: string[];
}

export function newGraph(name: string): Graph {
  return { name, values: new Map(), nodes: [], inputs: [], outputs: [], nextId: 1, notes: [] };
}

export function addValue(g: Graph, v: Omit<Value, 'id'>): Value {
  const value: Value = { id: g.nextId++, ...v };
  g.values.set(value.id, value);
  return value;
}

export function addNode(g: Graph, n: Omit<Node, 'id'>): Node {
  const node: Node = { id: g.nextId++, ...n };
  g.nodes.push(node);
  return node;
}

export function val(g: Graph, id: number): Value {
  const v = g.values.get(id);
  if (!v) throw new Error(`IR: no value with id ${id}`);
  return v;
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes a value occupies in memory. */
export const byteSize = (v: Pick<Value, 'shape' | 'dtype'>): number => numel(v.shape) * dtypeBytes(v.dtype);

export const isConst = (v: Value): boolean => v.data !== undefined;

/** Map value id → nodes consuming it (in node order). */
export function consumers(g: Graph): Map<number, Node[]> {
  const m = new Map<number, Node[]>();
  for (const n of g.nodes) for (const i of n.inputs) {
    if (i === null) continue;
    const list = m.get(i);
    if (list) { if (!list.includes(n)) list.push(n); } else m.set(i, [n]);
  }
  return m;
}

/** Map value id → producing node. */
export function producers(g: Graph): Map<number, Node> {
  const m = new Map<number, Node>();
  for (const n of g.nodes) for (const o of n.outputs) m.set(o, n);
  return m;
}

/** Replace every use of value `from` by `to` (node inputs and graph outputs). */
export function replaceUses(g: Graph, from: number, to: number): void {
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
  g.outputs = g.outputs.map((o) => (o === from ? to : o));
}

/** Drop values no node, input or output refers to. */
export function pruneValues(g: Graph): void {
  const used = new Set<number>([...g.inputs, ...g.outputs]);
  for (const n of g.nodes) {
    for (const i of n.inputs) if (i !== null) used.add(i);
    for (const o of n.outputs) used.add(o);
  }
  for (const id of [...g.values.keys()]) if (!used.has(id)) g.values.delete(id);
}
