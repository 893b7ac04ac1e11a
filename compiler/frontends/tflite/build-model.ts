// Writes small .tflite flatbuffers from a plain spec (tests, synthetic models); the inverse of reader.ts for its fields.

import { Builder } from './flatbuffer.js';
import { BUILTIN_OPTIONS, TENSOR_TYPES, builtinOperatorCode, type TfliteType } from './opcodes.js';
import { OPTION_TABLES, enumIndex, fieldDefault, type FieldDesc, type OptionsKind, type OptionsOf } from './options.js';
import { TFLITE_IDENTIFIER, TFLITE_SCHEMA_VERSION } from './reader.js';

export interface TensorSpec {
  name?: string;
  type: Exclude<TfliteType, 'unknown'>;
  shape: number[];
  /** Constant data (raw little-endian bytes); each data-carrying tensor gets its own buffer. */
  data?: Uint8Array;
  quantization?: { scale: number[]; zeroPoint: number[]; quantizedDimension?: number; min?: number[]; max?: number[] };
  shapeSignature?: number[];
  isVariable?: boolean;
  hasRank?: boolean;
}

/** Options given partially: missing fields take the schema default (and are not written, like real converters do). */
export type OptionsSpec = { [K in OptionsKind]: { kind: K } & Partial<Omit<OptionsOf<K>, 'kind'>> }[OptionsKind];

export interface OperatorSpec {
  /** Builtin name ('CONV_2D') or code. */
  op: string | number;
  customCode?: string;
  version?: number;
  inputs: number[];
  outputs: number[];
  options?: OptionsSpec;
  customOptions?: Uint8Array;
}

export interface ModelSpec {
  tensors: TensorSpec[];
  operators: OperatorSpec[];
  inputs: number[];
  outputs: number[];
  description?: string;
  subgraphName?: string;
  version?: number;
  /** Write only OperatorCode.deprecated_builtin_code (codes < 127), as pre-2021 converters did. */
  deprecatedCodesOnly?: boolean;
  /** Store buffer data after the flatbuffer, addressed by Buffer.offset/size (the converter's >2 GB layout). */
  bufferOffsets?: boolean;
  /** Write every scalar field even when it equals the default. */
  forceDefaults?: boolean;
}

function int32Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i]!);
  return b.endVector();
}

function float32Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]!);
  return b.endVector();
}

function int64Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(8, xs.length, 8);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt64(BigInt(xs[i]!));
  return b.endVector();
}

function dataVector(b: Builder, data: Uint8Array): number {
  b.startVector(1, data.length, 16);
  for (let i = data.length - 1; i >= 0; i--) b.addInt8(data[i]!);
  return b.endVector();
}

function tableOf(b: Builder, fields: number, add: () => void): number {
  b.startObject(fields);
  add();
  return b.endObject();
}

function encodeOptions(b: Builder, o: OptionsSpec): { type: number; table: number } {
  const type = BUILTIN_OPTIONS.indexOf(o.kind);
  const fields: readonly FieldDesc[] = OPTION_TABLES[o.kind];
  const values = o as Record<string, unknown>;
  const vectors = fields.map((f) => (f && f[1] === 'ints' && values[f[0]] !== undefined ? int32Vector(b, values[f[0]] as number[]) : 0));
  const table = tableOf(b, fields.length, () => {
    fields.forEach((f, id) => {
      if (f === null) return;
      const [name, kind, def] = f;
      const v = values[name];
      const dv = fieldDefault(kind, def);
      if (v === undefined) return;
      switch (kind) {
        case 'i32': b.addFieldInt32(id, v as number, dv as number); break;
        case 'f32': b.addFieldFloat32(id, v as number, dv as number); break;
        case 'bool': b.addFieldInt8(id, v ? 1 : 0, dv ? 1 : 0); break;
        case 'ints': b.addFieldOffset(id, vectors[id]!, 0); break;
        default: b.addFieldInt8(id, enumIndex(kind, v as string), enumIndex(kind, dv as string));
      }
    });
  });
  return { type, table };
}

function buildOnce(spec: ModelSpec, external: { offset: number; size: number }[] | null): Uint8Array {
  const b = new Builder(1024);
  b.forceDefaults(spec.forceDefaults ?? false);

  // Operator codes, deduplicated by (code, custom code, version).
  const codeKeys: string[] = [];
  const codeList: { code: number; custom?: string; version: number }[] = [];
  const opCodeIndex = spec.operators.map((op) => {
    const code = typeof op.op === 'number' ? op.op : builtinOperatorCode(op.op);
    if (code === undefined) throw new Error(`buildTflite: unknown operator '${String(op.op)}'`);
    const key = `${code}/${op.customCode ?? ''}/${op.version ?? 1}`;
    let i = codeKeys.indexOf(key);
    if (i < 0) { i = codeKeys.push(key) - 1; codeList.push({ code, custom: op.customCode, version: op.version ?? 1 }); }
    return i;
  });
  const codeTables = codeList.map((c) => {
    const custom = c.custom !== undefined ? b.createString(c.custom) : 0;
    return tableOf(b, 4, () => {
      b.addFieldInt8(0, Math.min(c.code, 127), 0);
      if (custom) b.addFieldOffset(1, custom, 0);
      b.addFieldInt32(2, c.version, 1);
      if (!spec.deprecatedCodesOnly) b.addFieldInt32(3, c.code, 0);
    });
  });

  // Buffers: 0 is the empty sentinel; then one per data-carrying tensor, in tensor order.
  const withData = spec.tensors.map((t, i) => (t.data ? i : -1)).filter((i) => i >= 0);
  const bufferOf = new Map(withData.map((t, k) => [t, k + 1]));
  const bufferTables = [tableOf(b, 3, () => undefined)];
  withData.forEach((ti, k) => {
    const data = spec.tensors[ti]!.data!;
    if (external) {
      bufferTables.push(tableOf(b, 3, () => {
        b.addFieldInt64(1, BigInt(external[k]!.offset), null);
        b.addFieldInt64(2, BigInt(external[k]!.size), null);
      }));
    } else {
      const v = dataVector(b, data);
      bufferTables.push(tableOf(b, 3, () => b.addFieldOffset(0, v, 0)));
    }
  });

  const tensorTables = spec.tensors.map((t, i) => {
    const shape = int32Vector(b, t.shape);
    const name = b.createString(t.name ?? `t${i}`);
    const sig = t.shapeSignature ? int32Vector(b, t.shapeSignature) : 0;
    let quant = 0;
    if (t.quantization) {
      const q = t.quantization;
      const min = q.min ? float32Vector(b, q.min) : 0;
      const max = q.max ? float32Vector(b, q.max) : 0;
      const scale = float32Vector(b, q.scale);
      const zp = int64Vector(b, q.zeroPoint);
      quant = tableOf(b, 7, () => {
        if (min) b.addFieldOffset(0, min, 0);
        if (max) b.addFieldOffset(1, max, 0);
        b.addFieldOffset(2, scale, 0);
        b.addFieldOffset(3, zp, 0);
        b.addFieldInt32(6, q.quantizedDimension ?? 0, 0);
      });
    }
    return tableOf(b, 11, () => {
      b.addFieldOffset(0, shape, 0);
      b.addFieldInt8(1, TENSOR_TYPES.indexOf(t.type), 0);
      b.addFieldInt32(2, bufferOf.get(i) ?? 0, 0);
      b.addFieldOffset(3, name, 0);
      if (quant) b.addFieldOffset(4, quant, 0);
      b.addFieldInt8(5, t.isVariable ? 1 : 0, 0);
      if (sig) b.addFieldOffset(7, sig, 0);
      b.addFieldInt8(8, t.hasRank ? 1 : 0, 0);
    });
  });

  const opTables = spec.operators.map((op, i) => {
    const ins = int32Vector(b, op.inputs);
    const outs = int32Vector(b, op.outputs);
    const opts = op.options ? encodeOptions(b, op.options) : null;
    const custom = op.customOptions ? b.createByteVector(op.customOptions) : 0;
    return tableOf(b, 14, () => {
      b.addFieldInt32(0, opCodeIndex[i]!, 0);
      b.addFieldOffset(1, ins, 0);
      b.addFieldOffset(2, outs, 0);
      if (opts) { b.addFieldInt8(3, opts.type, 0); b.addFieldOffset(4, opts.table, 0); }
      if (custom) b.addFieldOffset(5, custom, 0);
    });
  });

  const vecOfTables = (ts: number[]): number => {
    b.startVector(4, ts.length, 4);
    for (let i = ts.length - 1; i >= 0; i--) b.addOffset(ts[i]!);
    return b.endVector();
  };
  const sgTensors = vecOfTables(tensorTables);
  const sgInputs = int32Vector(b, spec.inputs);
  const sgOutputs = int32Vector(b, spec.outputs);
  const sgOps = vecOfTables(opTables);
  const sgName = b.createString(spec.subgraphName ?? 'main');
  const subgraph = tableOf(b, 6, () => {
    b.addFieldOffset(0, sgTensors, 0);
    b.addFieldOffset(1, sgInputs, 0);
    b.addFieldOffset(2, sgOutputs, 0);
    b.addFieldOffset(3, sgOps, 0);
    b.addFieldOffset(4, sgName, 0);
  });
  const codes = vecOfTables(codeTables);
  const subgraphs = vecOfTables([subgraph]);
  const desc = b.createString(spec.description ?? 'aotc test model');
  const buffers = vecOfTables(bufferTables);
  const model = tableOf(b, 8, () => {
    b.addFieldInt32(0, spec.version ?? TFLITE_SCHEMA_VERSION, 0);
    b.addFieldOffset(1, codes, 0);
    b.addFieldOffset(2, subgraphs, 0);
    b.addFieldOffset(3, desc, 0);
    b.addFieldOffset(4, buffers, 0);
  });
  b.finish(model, TFLITE_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** Serialise `spec` as a .tflite file (one subgraph). */
export function buildTflite(spec: ModelSpec): Uint8Array {
  if (!spec.bufferOffsets) return buildOnce(spec, null);
  // Two passes: offsets are 64-bit fields of fixed size, so the flatbuffer's length does not depend on their values.
  const datas = spec.tensors.filter((t) => t.data).map((t) => t.data!);
  const placeholder = datas.map((d) => ({ offset: 0xffffffff, size: d.length }));
  const len = buildOnce(spec, placeholder).length;
  let pos = (len + 15) & ~15;
  const ext = datas.map((d) => { const e = { offset: pos, size: d.length }; pos = (pos + d.length + 15) & ~15; return e; });
  const fb = buildOnce(spec, ext);
  if (fb.length !== len) throw new Error('buildTflite: flatbuffer size changed between passes');
  const last = ext[ext.length - 1];
  const out = new Uint8Array(last ? last.offset + last.size : fb.length);
  out.set(fb);
  datas.forEach((d, k) => out.set(d, ext[k]!.offset));
  return out;
}
