// The TFLite importer's state and the per-operator view the op mappers use: operands as IR values, constants,
// node emission with incremental shape inference, quantization helpers.

import { fail } from '../../diagnostics/error.js';
import type { Code } from '../../diagnostics/codes.js';
import { arrayFrom, fromBytes, type DType } from '../../ir/dtype.js';
import { addNode, addValue, type Attrs, type Graph, type Node, type Quant, type Value } from '../../ir/graph.js';
import { OpCtx } from '../../ops/op-def.js';
import { getOp } from '../../ops/registry.js';
import { OPTION_TABLES, fieldDefault, type FieldDesc, type OptionsKind, type OptionsOf } from './options.js';
import type { TfliteOperator, TfliteSubgraph, TfliteTensor } from './reader.js';

/** TFLite tensor types aotc holds as IR dtypes (float16 constants are widened to float32 on import). */
const DTYPES: Partial<Record<string, DType>> = {
  float32: 'float32', float16: 'float16', float64: 'float64', int8: 'int8', int16: 'int16', int32: 'int32',
  int64: 'int64', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint64', bool: 'bool',
};

/** Integer range of a quantized dtype. */
export function qRange(t: DType): [number, number] {
  switch (t) {
    case 'int8': return [-128, 127];
    case 'uint8': return [0, 255];
    case 'int16': return [-32768, 32767];
    default: return [-(2 ** 31), 2 ** 31 - 1];
  }
}

/** IR quantization of a tensor; undefined when it has none (or only min/max). */
export function quantOf(t: TfliteTensor): Quant | undefined {
  const q = t.quantization;
  if (!q || q.scale.length === 0) return undefined;
  const zeroPoint = q.zeroPoint.length ? q.zeroPoint.map(Number) : q.scale.map(() => 0);
  return { scale: [...q.scale], zeroPoint, axis: q.quantizedDimension };
}

/** A quantized activation tensor (int8 / uint8 / int16 with scale and zero point): selects the integer op forms. */
export function isQuantized(t: TfliteTensor): boolean {
  return (t.type === 'int8' || t.type === 'uint8' || t.type === 'int16') && quantOf(t) !== undefined;
}

export interface ImportState {
  g: Graph;
  sg: TfliteSubgraph;
  file?: string;
  /** TFLite tensor index → IR value id. */
  ids: Map<number, number>;
  valueNames: Set<string>;
  nodeNames: Set<string>;
  /** IR node id → TFLite operator index (to report unsupported IR ops by the operator they came from). */
  origin: Map<number, number>;
}

export function uniqueName(base: string, used: Set<string>): string {
  let name = base, k = 1;
  while (used.has(name)) name = `${base}_${k++}`;
  used.add(name);
  return name;
}

/** IR dtype of a tensor; AOTC0012 for types aotc has no dtype for (string, complex, int4, bfloat16 ...). */
export function tensorDType(s: ImportState, t: TfliteTensor): DType {
  const d = DTYPES[t.type];
  if (!d) fail('AOTC0012', `tensor '${t.name}' has type ${t.type === 'unknown' ? `code ${t.typeCode}` : t.type}, which aotc does not support`, { tensor: t.name, file: s.file });
  return d;
}

/** The IR value of tensor `ti` (created on first use: a constant when it holds data, else an activation). */
export function tensorValue(s: ImportState, ti: number): number {
  const known = s.ids.get(ti);
  if (known !== undefined) return known;
  const t = s.sg.tensors[ti]!;
  const where = { tensor: t.name, file: s.file };
  if (t.sparse) fail('AOTC0011', `tensor '${t.name}' is stored sparse, which aotc does not support`, where, 'densify the model before conversion');
  if (t.externalBuffer) fail('AOTC0011', `tensor '${t.name}' keeps its data in an external buffer, which aotc does not read`, where);
  if (t.isVariable) fail('AOTC0011', `tensor '${t.name}' is a variable (stateful) tensor, which aotc does not support`, where);
  let dtype = tensorDType(s, t);
  const name = uniqueName(t.name || `t${ti}`, s.valueNames);
  const quant = quantOf(t);
  let v: Value;
  if (t.data) {
    const data = fromBytes(t.data, dtype); // float16 is decoded to float32 values
    if (dtype === 'float16') dtype = 'float32';
    v = addValue(s.g, { name, dtype, shape: [...t.shape], data, ...(quant ? { quant } : {}) });
  } else {
    v = addValue(s.g, { name, dtype, shape: t.shape.map((d) => (d < 0 ? 1 : d)), ...(quant ? { quant } : {}) });
  }
  s.ids.set(ti, v.id);
  return v.id;
}

/** One operator being mapped: its operands, options and helpers that add IR values and nodes. */
export class TfliteOpCtx {
  constructor(readonly s: ImportState, readonly op: TfliteOperator, readonly name: string) {}

  get g(): Graph { return this.s.g; }

  fail(code: Code, message: string, hint?: string): never {
    fail(code, message, { node: this.name, op: this.op.opName, file: this.s.file }, hint);
  }

  has(k: number): boolean { return k < this.op.inputs.length && this.op.inputs[k]! >= 0; }

  tensor(k: number): TfliteTensor {
    if (!this.has(k)) this.fail('AOTC0013', `input ${k} is required but missing`);
    return this.s.sg.tensors[this.op.inputs[k]!]!;
  }

  outTensor(k = 0): TfliteTensor {
    const ti = this.op.outputs[k];
    if (ti === undefined || ti < 0) this.fail('AOTC0013', `output ${k} is missing`);
    return this.s.sg.tensors[ti]!;
  }

  /** IR value id of input k. */
  in(k: number): number {
    if (!this.has(k)) this.fail('AOTC0013', `input ${k} is required but missing`);
    return tensorValue(this.s, this.op.inputs[k]!);
  }

  /** IR value id of input k, or null when the optional input is omitted. */
  optIn(k: number): number | null { return this.has(k) ? this.in(k) : null; }

  /** IR value id of output k. */
  out(k = 0): number {
    this.outTensor(k);
    return tensorValue(this.s, this.op.outputs[k]!);
  }

  /** Make output k of this operator the existing value `id` (pure renames such as DEQUANTIZE of a float16 constant). */
  alias(k: number, id: number): void { this.s.ids.set(this.op.outputs[k]!, id); }

  value(id: number): Value { return this.g.values.get(id)!; }
  shape(id: number): number[] { return this.value(id).shape; }

  /** Decoded builtin options (schema defaults when the model stores none). */
  options<K extends OptionsKind>(kind: K): OptionsOf<K> {
    const o = this.op.options;
    if (o && o.kind === kind) return o as OptionsOf<K>;
    if (this.op.optionsType !== 'NONE') this.fail('AOTC0013', `has options ${this.op.optionsType}, expected ${kind}`);
    const defaults: Record<string, unknown> = { kind };
    for (const f of OPTION_TABLES[kind] as readonly FieldDesc[]) if (f) defaults[f[0]] = fieldDefault(f[1], f[2]);
    return defaults as OptionsOf<K>;
  }

  /** Input k as integers; it must be a constant tensor. */
  constInts(k: number, what: string): number[] {
    const t = this.tensor(k);
    if (!t.data) this.fail('AOTC0022', `${what} (input ${k}, '${t.name}') must be a constant tensor`, 'aotc compiles static graphs');
    const id = this.in(k);
    return Array.from(this.value(id).data! as ArrayLike<number | bigint>, Number);
  }

  /** A new constant value. */
  constant(suffix: string, dtype: DType, shape: number[], values: ArrayLike<number | bigint>, quant?: Quant): number {
    const name = uniqueName(`${this.name}/${suffix}`, this.s.valueNames);
    return addValue(this.g, { name, dtype, shape, data: arrayFrom(dtype, values), ...(quant ? { quant } : {}) }).id;
  }

  /** An int64 1-D constant (shapes, axes, pads for the ONNX-semantics ops). */
  ints(suffix: string, values: number[]): number { return this.constant(suffix, 'int64', [values.length], values); }

  /** A new intermediate value (shape and dtype are refined by inference when its node is emitted). */
  temp(suffix: string, like: Value, shape: number[] = like.shape, quant: Quant | undefined = like.quant): number {
    const name = uniqueName(`${this.name}/${suffix}`, this.s.valueNames);
    return addValue(this.g, { name, dtype: like.dtype, shape: [...shape], ...(quant ? { quant } : {}) }).id;
  }

  /** Add an IR node; outputs get their dtype and shape from the op's rule right away when the op is registered. */
  emit(op: string, inputs: (number | null)[], outputs: number[], attrs: Attrs = {}, suffix = ''): Node {
    const name = suffix ? uniqueName(`${this.name}/${suffix}`, this.s.nodeNames) : this.name;
    const node = addNode(this.g, { name, op, inputs, outputs, attrs });
    this.s.origin.set(node.id, this.op.index);
    refineOutputs(this.g, node);
    return node;
  }
}

/**
 * Run the op's shape rule once at import so later operators (SAME padding, FULLY_CONNECTED flattening) see the
 * real shapes after --input-shape; failures are left for the pipeline's inference to report.
 */
function refineOutputs(g: Graph, node: Node): void {
  const def = getOp(node.op);
  if (!def) return;
  try {
    const outs = def.infer(new OpCtx(g, node));
    node.outputs.forEach((id, k) => {
      const o = outs[k];
      const v = g.values.get(id)!;
      if (!o || o.shape.some((d) => !Number.isInteger(d) || d < 0)) return;
      v.dtype = o.dtype;
      v.shape = o.shape;
      if (o.quant) v.quant = o.quant;
    });
  } catch {
    // the pipeline's infer-and-fold reports it with full context
  }
}
