// Decodes ONNX protobuf bytes (the project's only use of onnx-proto/protobufjs) into plain objects.

import onnxProto from 'onnx-proto';
import { fail } from '../../diagnostics/error.js';

const { onnx } = onnxProto;

export type ModelProto = ReturnType<typeof onnx.ModelProto.decode>;
export type GraphProto = NonNullable<ModelProto['graph']>;
export type NodeProto = NonNullable<GraphProto['node']>[number];
export type TensorProto = NonNullable<GraphProto['initializer']>[number];
export type ValueInfoProto = NonNullable<GraphProto['input']>[number];
export type AttributeProto = NonNullable<NodeProto['attribute']>[number];

/** protobufjs gives int64 fields as Long objects (or numbers); normalise to number/bigint. */
export function int64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'toString' in v) return Number((v as { toString(): string }).toString());
  return 0;
}

export function int64Big(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'bigint') return v;
  if (v && typeof v === 'object') {
    const l = v as { low: number; high: number; unsigned?: boolean };
    if (typeof l.low === 'number' && typeof l.high === 'number') {
      const big = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
      return l.unsigned ? big : BigInt.asIntN(64, big);
    }
  }
  return 0n;
}

export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  let m: ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (e) {
    fail('AOTC0002', `not a valid ONNX model: ${(e as Error).message}`, { file },
      'the file may be truncated or not an ONNX protobuf; check it with `python -c "import onnx; onnx.checker.check_model(\'<file>\')"`');
  }
  if (!m.graph || ((m.graph.node ?? []).length === 0 && (m.graph.output ?? []).length === 0)) {
    fail('AOTC0002', 'the ONNX model has no graph (empty or not an ONNX ModelProto)', { file },
      'check that the file is an ONNX model and not truncated');
  }
  return m;
}

export function decodeTensor(bytes: Uint8Array): TensorProto {
  return onnx.TensorProto.decode(bytes);
}

export const AttrType = onnx.AttributeProto.AttributeType;

/** Encode a ModelProto from a plain object (tests and model builders; the same protobuf schema). */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}
