// TFLite (.tflite flatbuffer, schema v3) reader: Model → plain typed objects, every offset and index checked (AOTC0002).

import { fail } from '../../diagnostics/error.js';
import { FbReader, type FbTable } from './flatbuffer.js';
import {
  BUILTIN_OPTIONS, BUILTIN_OPTIONS_2, QUANTIZATION_DETAILS, TENSOR_TYPE_BYTES, builtinOperatorName, tensorTypeName,
  type TfliteType,
} from './opcodes.js';
import { decodeOptions, isDecodedOptions, type TfliteOptions } from './options.js';

export const TFLITE_IDENTIFIER = 'TFL3';
export const TFLITE_SCHEMA_VERSION = 3;
const CUSTOM = 32;

/** Quantization parameters: real = scale × (q − zero_point), per tensor (length 1) or per channel along quantizedDimension. */
export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  min: number[];
  max: number[];
  quantizedDimension: number;
  /** 'NONE', or the QuantizationDetails member in use (then scale/zeroPoint are not the whole story). */
  details: string;
}

export interface TfliteTensor {
  index: number;
  name: string;
  /** Lower-case TensorType name ('int8', 'float32', ...); 'unknown' with `typeCode` for a newer type. */
  type: TfliteType;
  typeCode: number;
  shape: number[];
  /** Shape with -1 for dynamic dimensions, when the converter recorded one. */
  shapeSignature: number[] | null;
  buffer: number;
  /** Constant data: a view into the file bytes (little-endian, C order); null when the buffer is empty. */
  data: Uint8Array | null;
  /** null when the tensor has no quantization table or it holds no parameters. */
  quantization: TfliteQuantization | null;
  isVariable: boolean;
  hasRank: boolean;
  /** The tensor carries SparsityParameters (its data is not dense; the reader does not densify). */
  sparse: boolean;
  /** Non-zero: the data lives in an ExternalBuffer (not supported by aotc; reported, not read). */
  externalBuffer: number;
}

export interface TfliteOperatorCode {
  /** Effective code: max(deprecated_builtin_code, builtin_code). */
  builtinCode: number;
  /** BuiltinOperator name of builtinCode ('CONV_2D'), or UNKNOWN_OP_<n>. */
  name: string;
  deprecatedBuiltinCode: number;
  extendedBuiltinCode: number;
  customCode: string | null;
  version: number;
}

export interface TfliteOperator {
  index: number;
  opcodeIndex: number;
  builtinCode: number;
  opName: string;
  customCode: string | null;
  /** Operator version from the OperatorCode. */
  version: number;
  /** Tensor indices; -1 marks an omitted optional operand. */
  inputs: number[];
  outputs: number[];
  intermediates: number[];
  /** BuiltinOptions member name ('Conv2DOptions'), 'NONE', or UNKNOWN_OPTIONS_<n>. */
  optionsType: string;
  /** Decoded options (schema defaults filled in); null for NONE and for tables aotc does not decode. */
  options: TfliteOptions | null;
  /** BuiltinOptions2 member name (StableHLO ops) or 'NONE'. */
  options2Type: string;
  customOptions: Uint8Array | null;
  mutatingVariableInputs: boolean[];
}

export interface TfliteSubgraph {
  index: number;
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteBuffer {
  data: Uint8Array;
  /** Data stored after the flatbuffer via Buffer.offset/size (models written with buffer offsets, e.g. > 2 GB). */
  external: boolean;
}

export interface TfliteModel {
  file?: string;
  /** Schema version from the file (3 for every current model). */
  version: number;
  description: string;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
  /** subgraphs[0], the model's entry point. */
  main: TfliteSubgraph;
  buffers: TfliteBuffer[];
  metadata: { name: string; buffer: number }[];
  /** Things read but not acted upon (other schema version, extra subgraphs, ...). */
  warnings: string[];
}

const HINT = 'the file may be truncated, corrupted or not a TFLite flatbuffer; check that it loads in the TFLite interpreter';

/** Parse a .tflite file. Malformed input fails with AOTC0002 naming the defect; nothing else is thrown. */
export function readTflite(bytes: Uint8Array, file?: string): TfliteModel {
  const where = file === undefined ? undefined : { file };
  const r = new FbReader(bytes, (msg) => fail('AOTC0002', `malformed TFLite file: ${msg}`, where, HINT));
  if (bytes.length < 8) r.fail(`file is only ${bytes.length} bytes`);
  const ident = r.identifier();
  if (ident !== TFLITE_IDENTIFIER) {
    r.fail(`file identifier is ${JSON.stringify(ident)}, expected "${TFLITE_IDENTIFIER}" (not a TFLite flatbuffer?)`);
  }
  const m = r.root('Model');
  const warnings: string[] = [];
  const version = r.uint32(m, 0);
  if (version !== TFLITE_SCHEMA_VERSION) warnings.push(`schema version ${version} (aotc reads version ${TFLITE_SCHEMA_VERSION})`);

  const operatorCodes = r.tables(m, 1, 'operator_codes').map((t) => readOperatorCode(r, t));
  const buffers = r.tables(m, 4, 'buffers').map((t) => readBuffer(r, t));
  const subgraphTables = r.tables(m, 2, 'subgraphs');
  if (subgraphTables.length === 0) r.fail('the model has no subgraph');
  if (subgraphTables.length > 1) warnings.push(`${subgraphTables.length} subgraphs; aotc compiles subgraph 0`);
  const subgraphs = subgraphTables.map((t, i) => readSubgraph(r, t, i, operatorCodes, buffers));
  const metadata = r.tables(m, 6, 'metadata').map((t, i) => {
    const buffer = r.uint32(t, 1);
    if (buffer >= buffers.length) r.fail(`metadata[${i}] refers to buffer ${buffer} of ${buffers.length}`);
    return { name: r.string(t, 0, `metadata[${i}].name`) ?? '', buffer };
  });
  return {
    file, version, description: r.string(m, 3, 'description') ?? '', operatorCodes, subgraphs, main: subgraphs[0]!,
    buffers, metadata, warnings,
  };
}

function readOperatorCode(r: FbReader, t: FbTable): TfliteOperatorCode {
  const deprecatedBuiltinCode = r.int8(t, 0);
  const extendedBuiltinCode = r.int32(t, 3);
  const builtinCode = Math.max(deprecatedBuiltinCode, extendedBuiltinCode);
  if (builtinCode < 0) r.fail(`${t.what}: invalid builtin code ${builtinCode}`);
  return {
    builtinCode, name: builtinOperatorName(builtinCode), deprecatedBuiltinCode, extendedBuiltinCode,
    customCode: r.string(t, 1, `${t.what}.custom_code`), version: r.int32(t, 2, 1),
  };
}

/** A region [offset, offset+size) after the flatbuffer, addressed by 64-bit fields (valid when offset > 1). */
function externalRegion(r: FbReader, offset: bigint, size: bigint, what: string): Uint8Array {
  if (offset > BigInt(r.size) || size > BigInt(r.size)) {
    r.fail(`${what}: data at offset ${offset} (${size} bytes) lies outside the file (${r.size} bytes)`);
  }
  const o = Number(offset);
  const n = Number(size);
  r.need(o, n, what);
  return r.bytes.subarray(o, o + n);
}

function readBuffer(r: FbReader, t: FbTable): TfliteBuffer {
  const offset = r.uint64(t, 1);
  if (offset > 1n) return { data: externalRegion(r, offset, r.uint64(t, 2), t.what), external: true };
  return { data: r.bytesView(t, 0, `${t.what}.data`) ?? new Uint8Array(0), external: false };
}

function checkIndices(r: FbReader, list: number[], n: number, what: string, allowAbsent: boolean): number[] {
  for (const x of list) {
    if (x >= n || x < (allowAbsent ? -1 : 0)) r.fail(`${what} refers to tensor ${x}, but the subgraph has ${n} tensors`);
  }
  return list;
}

function readSubgraph(r: FbReader, t: FbTable, index: number, codes: TfliteOperatorCode[], buffers: TfliteBuffer[]): TfliteSubgraph {
  const what = `subgraphs[${index}]`;
  const tensors = r.tables(t, 0, `${what}.tensors`).map((tt, i) => readTensor(r, tt, i, buffers));
  const n = tensors.length;
  const inputs = checkIndices(r, r.int32s(t, 1, `${what}.inputs`) ?? [], n, `${what}.inputs`, false);
  const outputs = checkIndices(r, r.int32s(t, 2, `${what}.outputs`) ?? [], n, `${what}.outputs`, false);
  const operators = r.tables(t, 3, `${what}.operators`).map((ot, i) => {
    const op = readOperator(r, ot, i, codes);
    checkIndices(r, op.inputs, n, `${ot.what}.inputs`, true);
    checkIndices(r, op.outputs, n, `${ot.what}.outputs`, true);
    checkIndices(r, op.intermediates, n, `${ot.what}.intermediates`, true);
    return op;
  });
  return { index, name: r.string(t, 4, `${what}.name`) ?? '', tensors, inputs, outputs, operators };
}

function readQuantization(r: FbReader, t: FbTable): TfliteQuantization | null {
  const min = r.float32s(t, 0, `${t.what}.min`) ?? [];
  const max = r.float32s(t, 1, `${t.what}.max`) ?? [];
  const scale = r.float32s(t, 2, `${t.what}.scale`) ?? [];
  const zeroPoint = r.int64s(t, 3, `${t.what}.zero_point`) ?? [];
  const detailsType = r.uint8(t, 4);
  const details = QUANTIZATION_DETAILS[detailsType] ?? `UNKNOWN_DETAILS_${detailsType}`;
  if (!min.length && !max.length && !scale.length && !zeroPoint.length && details === 'NONE') return null;
  return { scale, zeroPoint, min, max, quantizedDimension: r.int32(t, 6), details };
}

function readTensor(r: FbReader, t: FbTable, index: number, buffers: TfliteBuffer[]): TfliteTensor {
  const shape = r.int32s(t, 0, `${t.what}.shape`) ?? [];
  const typeCode = r.int8(t, 1);
  const type = tensorTypeName(typeCode);
  const buffer = r.uint32(t, 2);
  if (buffer >= buffers.length && !(buffer === 0 && buffers.length === 0)) {
    r.fail(`${t.what} refers to buffer ${buffer}, but the model has ${buffers.length} buffers`);
  }
  const bytes = buffers[buffer]?.data;
  const data = bytes && bytes.length > 0 ? bytes : null;
  const q = r.subTable(t, 4, `${t.what}.quantization`);
  const sparse = r.field(t, 6, 4) !== 0;
  const tensor: TfliteTensor = {
    index, name: r.string(t, 3, `${t.what}.name`) ?? '', type, typeCode, shape,
    shapeSignature: r.int32s(t, 7, `${t.what}.shape_signature`), buffer, data,
    quantization: q ? readQuantization(r, q) : null, isVariable: r.bool(t, 5), hasRank: r.bool(t, 8), sparse,
    externalBuffer: r.uint32(t, 10),
  };
  const elem = TENSOR_TYPE_BYTES[type];
  if (data && !sparse && elem !== undefined) {
    let count = 1;
    for (const d of shape) {
      if (d < 0) r.fail(`${t.what} ('${tensor.name}') holds constant data but has a dynamic shape [${shape.join(', ')}]`);
      count *= d;
    }
    if (count * elem !== data.length) {
      r.fail(`${t.what} ('${tensor.name}'): ${type}[${shape.join(', ')}] needs ${count * elem} bytes, its buffer ${buffer} has ${data.length}`);
    }
  }
  return tensor;
}

function readOperator(r: FbReader, t: FbTable, index: number, codes: TfliteOperatorCode[]): TfliteOperator {
  const opcodeIndex = r.uint32(t, 0);
  const code = codes[opcodeIndex];
  if (!code) r.fail(`${t.what} uses operator code ${opcodeIndex}, but the model has ${codes.length}`);
  const u = r.union(t, 3, `${t.what}.builtin_options`);
  const optionsType = BUILTIN_OPTIONS[u.type] ?? `UNKNOWN_OPTIONS_${u.type}`;
  const options = u.table && isDecodedOptions(optionsType) ? decodeOptions(r, optionsType, u.table) : null;
  const u2 = r.uint8(t, 11);
  let customOptions = r.bytesView(t, 5, `${t.what}.custom_options`);
  const largeOffset = r.uint64(t, 9);
  if (largeOffset > 1n) customOptions = externalRegion(r, largeOffset, r.uint64(t, 10), `${t.what}.large_custom_options`);
  return {
    index, opcodeIndex, builtinCode: code.builtinCode, opName: code.name,
    customCode: code.builtinCode === CUSTOM ? code.customCode : null, version: code.version,
    inputs: r.int32s(t, 1, `${t.what}.inputs`) ?? [],
    outputs: r.int32s(t, 2, `${t.what}.outputs`) ?? [],
    intermediates: r.int32s(t, 8, `${t.what}.intermediates`) ?? [],
    optionsType, options, options2Type: BUILTIN_OPTIONS_2[u2] ?? `UNKNOWN_OPTIONS2_${u2}`,
    customOptions, mutatingVariableInputs: r.bools(t, 7, `${t.what}.mutating_variable_inputs`) ?? [],
  };
}

/** Display name of an operator: 'CONV_2D', or 'CUSTOM(<custom_code>)'. */
export function operatorDisplayName(op: TfliteOperator): string {
  return op.customCode !== null ? `CUSTOM(${op.customCode})` : op.opName;
}
