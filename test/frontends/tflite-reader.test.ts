// Tests the TFLite flatbuffer reader: the shared real models (shapes, quantization, ops, MACs), synthetic models, fuzzing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildTflite, type ModelSpec, type OptionsSpec } from '../../compiler/frontends/tflite/build-model.js';
import { Builder } from '../../compiler/frontends/tflite/flatbuffer.js';
import { BUILTIN_OPERATORS, BUILTIN_OPTIONS, builtinOperatorName } from '../../compiler/frontends/tflite/opcodes.js';
import { OPTION_TABLES, type OptionsKind } from '../../compiler/frontends/tflite/options.js';
import { readTflite, type TfliteModel, type TfliteTensor } from '../../compiler/frontends/tflite/reader.js';
import { prng } from '../../compiler/harness/inputs.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MODELS = join(REPO, '..', 'shared', 'models');

/** A shared model file: tests using it fail when it is missing in CI, and are skipped elsewhere. */
function sharedModel(rel: string): { path: string; present: boolean } {
  const path = join(MODELS, rel);
  return { path, present: existsSync(path) };
}
function modelTest(rel: string, name: string, body: (m: TfliteModel, bytes: Uint8Array) => void): void {
  const { path, present } = sharedModel(rel);
  it.skipIf(!present && !process.env.CI)(`${rel}: ${name}`, () => {
    expect(existsSync(path), `shared model ${path} is missing`).toBe(true);
    const bytes = new Uint8Array(readFileSync(path));
    body(readTflite(bytes, path), bytes);
  });
}

function catchErr(f: () => unknown): AotcError {
  try { f(); } catch (e) { if (e instanceof AotcError) return e; throw e; }
  throw new Error('expected an AotcError');
}

const f32bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;
const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function opCounts(m: TfliteModel): Record<string, number> {
  const c: Record<string, number> = {};
  for (const op of m.main.operators) c[op.opName] = (c[op.opName] ?? 0) + 1;
  return c;
}

/** MACs as in mlperf-tiny/SOURCES.md: output elements × kernel volume (CONV kh·kw·cin, DEPTHWISE kh·kw, FC in features). */
function macs(m: TfliteModel): number {
  const t = (i: number): TfliteTensor => m.main.tensors[i]!;
  let sum = 0;
  for (const op of m.main.operators) {
    const out = numel(t(op.outputs[0]!).shape);
    const w = t(op.inputs[1] ?? 0).shape;
    if (op.opName === 'CONV_2D') sum += out * w[1]! * w[2]! * w[3]!;
    else if (op.opName === 'DEPTHWISE_CONV_2D') sum += out * w[1]! * w[2]!;
    else if (op.opName === 'FULLY_CONNECTED') sum += out * w[1]!;
  }
  return sum;
}

interface IoSpec { shape: number[]; type: string; scaleBits?: number; scale?: number; zp?: number; name?: string }
function expectIo(t: TfliteTensor, s: IoSpec): void {
  expect(t.shape).toEqual(s.shape);
  expect(t.type).toBe(s.type);
  if (s.name !== undefined) expect(t.name).toBe(s.name);
  if (s.zp === undefined) { expect(t.quantization).toBeNull(); return; }
  expect(t.quantization!.scale).toHaveLength(1);
  if (s.scaleBits !== undefined) expect(f32bits(t.quantization!.scale[0]!)).toBe(s.scaleBits);
  if (s.scale !== undefined) expect(t.quantization!.scale[0]).toBeCloseTo(s.scale, 5);
  expect(t.quantization!.zeroPoint).toEqual([s.zp]);
}

interface RealModel { rel: string; input: IoSpec; output: IoSpec; ops: Record<string, number>; macs?: number; deprecatedOnly?: boolean }

const REAL: RealModel[] = [
  { rel: 'mlperf-tiny/kws_ref_model.tflite', deprecatedOnly: true, macs: 2_656_768,
    input: { shape: [1, 49, 10, 1], type: 'int8', scaleBits: 0x3f15af17, zp: 83 },
    output: { shape: [1, 12], type: 'int8', scaleBits: 0x3b800000, zp: -128 },
    ops: { CONV_2D: 5, DEPTHWISE_CONV_2D: 4, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 } },
  { rel: 'mlperf-tiny/vww_96_int8.tflite', macs: 7_489_664,
    input: { shape: [1, 96, 96, 3], type: 'int8', scaleBits: 0x3b808081, zp: -128 },
    output: { shape: [1, 2], type: 'int8', scaleBits: 0x3b800000, zp: -128 },
    ops: { CONV_2D: 14, DEPTHWISE_CONV_2D: 13, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 } },
  { rel: 'mlperf-tiny/pretrainedResnet_quant.tflite', macs: 12_501_632,
    input: { shape: [1, 32, 32, 3], type: 'int8', scaleBits: 0x3f800000, zp: -128 },
    output: { shape: [1, 10], type: 'int8', scaleBits: 0x3b800000, zp: -128 },
    ops: { CONV_2D: 9, ADD: 3, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 } },
  { rel: 'mlperf-tiny/ad01_int8.tflite', deprecatedOnly: true, macs: 264_192,
    input: { shape: [1, 640], type: 'int8', scaleBits: 0x3ec83326, zp: 89 },
    output: { shape: [1, 640], type: 'int8', scaleBits: 0x3eba9f8b, zp: 96 },
    ops: { FULLY_CONNECTED: 10 } },
  { rel: 'mlperf-tiny/kws_ref_model_float32.tflite', deprecatedOnly: true, macs: 2_656_768,
    input: { shape: [1, 49, 10, 1], type: 'float32' }, output: { shape: [1, 12], type: 'float32' },
    ops: { CONV_2D: 5, DEPTHWISE_CONV_2D: 4, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 } },
  { rel: 'mlperf-tiny/pretrainedResnet.tflite', macs: 12_501_632,
    input: { shape: [1, 32, 32, 3], type: 'float32' }, output: { shape: [1, 10], type: 'float32' },
    ops: { CONV_2D: 9, ADD: 3, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 } },
  { rel: 'tflite/hello_world_int8.tflite',
    input: { shape: [1, 1], type: 'int8', scale: 0.02448, zp: -128, name: 'serving_default_dense_input:0' },
    output: { shape: [1, 1], type: 'int8', scale: 0.008291, zp: 5, name: 'StatefulPartitionedCall:0' },
    ops: { FULLY_CONNECTED: 3 } },
  { rel: 'tflite/hello_world_float.tflite',
    input: { shape: [1, 1], type: 'float32', name: 'serving_default_dense_input:0' },
    output: { shape: [1, 1], type: 'float32', name: 'StatefulPartitionedCall:0' },
    ops: { FULLY_CONNECTED: 3 } },
  { rel: 'tflite/micro_speech_quantized.tflite', deprecatedOnly: true,
    input: { shape: [1, 1960], type: 'int8', scale: 0.101716, zp: -128, name: 'Reshape_1' },
    output: { shape: [1, 4], type: 'int8', scale: 0.003906, zp: -128, name: 'labels_softmax' },
    ops: { DEPTHWISE_CONV_2D: 1, FULLY_CONNECTED: 1, RESHAPE: 1, SOFTMAX: 1 } },
];

describe('tflite reader: shared real models', () => {
  for (const r of REAL) {
    modelTest(r.rel, 'interface, operators, MACs, operator codes', (m) => {
      expect(m.version).toBe(3);
      expect(m.warnings).toEqual([]);
      expect(m.subgraphs).toHaveLength(1);
      expect(m.main.inputs).toHaveLength(1);
      expect(m.main.outputs).toHaveLength(1);
      expectIo(m.main.tensors[m.main.inputs[0]!]!, r.input);
      expectIo(m.main.tensors[m.main.outputs[0]!]!, r.output);
      expect(opCounts(m)).toEqual(r.ops);
      if (r.macs !== undefined) expect(macs(m)).toBe(r.macs);
      for (const c of m.operatorCodes) {
        expect(c.builtinCode).toBe(Math.max(c.deprecatedBuiltinCode, c.extendedBuiltinCode));
        if (r.deprecatedOnly) expect(c.extendedBuiltinCode).toBe(0);
      }
      if (r.deprecatedOnly) expect(m.operatorCodes.some((c) => c.builtinCode !== 0)).toBe(true);
      // Every operand of every operator is a valid tensor; weights and biases are constants of the right size.
      for (const op of m.main.operators) {
        for (const i of [...op.inputs, ...op.outputs]) expect(i).toBeGreaterThanOrEqual(0);
        if (['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(op.opName)) {
          const w = m.main.tensors[op.inputs[1]!]!;
          expect(w.data).not.toBeNull();
          expect(op.options?.kind).toMatch(/Conv2DOptions|FullyConnectedOptions/);
        }
      }
    });
  }

  modelTest('mlperf-tiny/kws_ref_model.tflite', 'per-channel conv weights, options', (m) => {
    const t = (i: number): TfliteTensor => m.main.tensors[i]!;
    const convs = m.main.operators.filter((o) => o.opName === 'CONV_2D');
    const dws = m.main.operators.filter((o) => o.opName === 'DEPTHWISE_CONV_2D');
    for (const op of convs) {
      const w = t(op.inputs[1]!);
      expect(w.type).toBe('int8');
      expect(w.quantization!.quantizedDimension).toBe(0);
      expect(w.quantization!.scale).toHaveLength(w.shape[0]!);
      expect(new Set(w.quantization!.zeroPoint)).toEqual(new Set([0]));
      const b = t(op.inputs[2]!);
      expect(b.type).toBe('int32');
      expect(b.data!.length).toBe(4 * w.shape[0]!);
    }
    for (const op of dws) {
      const w = t(op.inputs[1]!);
      expect(w.shape[0]).toBe(1);
      expect(w.quantization!.quantizedDimension).toBe(3);
      expect(w.quantization!.scale).toHaveLength(w.shape[3]!);
    }
    expect(convs[0]!.options).toEqual({ kind: 'Conv2DOptions', padding: 'SAME', strideW: 2, strideH: 2,
      fusedActivationFunction: 'RELU', dilationWFactor: 1, dilationHFactor: 1, quantizedBiasType: 'float32' });
    const pool = m.main.operators.find((o) => o.opName === 'AVERAGE_POOL_2D')!;
    expect(pool.options).toEqual({ kind: 'Pool2DOptions', padding: 'VALID', strideW: 5, strideH: 25, filterWidth: 5,
      filterHeight: 25, fusedActivationFunction: 'NONE' });
    const reshape = m.main.operators.find((o) => o.opName === 'RESHAPE')!;
    expect(reshape.optionsType).toBe('NONE');
    expect(reshape.inputs).toHaveLength(2);
    const shapeT = t(reshape.inputs[1]!);
    expect(Array.from(new Int32Array(shapeT.data!.slice().buffer))).toEqual([-1, 64]);
    const sm = m.main.operators.find((o) => o.opName === 'SOFTMAX')!;
    expect(sm.options).toEqual({ kind: 'SoftmaxOptions', beta: 1 });
    expect(m.main.tensors[0]!.shapeSignature).toEqual([-1, 49, 10, 1]);
  });

  modelTest('tflite/micro_speech_quantized.tflite', 'reshape new_shape, depth multiplier', (m) => {
    const byName = (n: string) => m.main.operators.find((o) => o.opName === n)!;
    expect(byName('RESHAPE').options).toEqual({ kind: 'ReshapeOptions', newShape: [-1, 49, 40, 1] });
    const dw = byName('DEPTHWISE_CONV_2D').options;
    expect(dw).toMatchObject({ kind: 'DepthwiseConv2DOptions', depthMultiplier: 8, strideW: 2, strideH: 2, padding: 'SAME' });
    expect(m.description).toBe('TOCO Converted.');
  });

  modelTest('mlperf-tiny/ad01_int8.tflite', 'fused activations and per-tensor FC weights', (m) => {
    const acts = m.main.operators.map((o) => (o.options as { fusedActivationFunction: string }).fusedActivationFunction);
    expect(acts).toEqual([...Array(9).fill('RELU'), 'NONE']);
    for (const op of m.main.operators) expect(m.main.tensors[op.inputs[1]!]!.quantization!.scale).toHaveLength(1);
  });
});

// ------------------------------------------------------------------------------------------ synthetic models

const f32 = (xs: number[]): Uint8Array => new Uint8Array(new Float32Array(xs).buffer);

function simple(extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    tensors: [
      { name: 'x', type: 'float32', shape: [1, 2] },
      { name: 'c', type: 'float32', shape: [1, 2], data: f32([1, 2]) },
      { name: 'y', type: 'float32', shape: [1, 2] },
    ],
    operators: [{ op: 'ADD', inputs: [0, 1], outputs: [2] }],
    inputs: [0], outputs: [2], ...extra,
  };
}

/** A non-default value for every field of an options table (enum fields take their last value). */
function nonDefaultOptions(kind: OptionsKind): OptionsSpec {
  const o: Record<string, unknown> = { kind };
  (OPTION_TABLES[kind] as readonly (readonly [string, string, unknown?] | null)[]).forEach((f, id) => {
    if (!f) return;
    const [name, k] = f;
    o[name] = k === 'i32' ? 7 + id : k === 'f32' ? 0.25 + id : k === 'bool' ? !(f[2] ?? false) : k === 'ints' ? [3, -1, id]
      : k === 'act' ? 'RELU6' : k === 'padding' ? 'VALID' : k === 'ttype' ? 'int16' : k === 'fcfmt' ? 'SHUFFLED4x16INT8' : 'SYMMETRIC';
  });
  return o as OptionsSpec;
}

describe('tflite reader: synthetic models', () => {
  it('round-trips every decoded options table, with explicit values and with defaults', () => {
    const kinds = Object.keys(OPTION_TABLES) as OptionsKind[];
    const operators = kinds.map((kind) => ({ op: 'ADD', inputs: [0, 1], outputs: [2], options: nonDefaultOptions(kind) }));
    const m = readTflite(buildTflite(simple({ operators })));
    m.main.operators.forEach((op, i) => {
      expect(op.optionsType).toBe(kinds[i]);
      expect(op.options).toEqual(nonDefaultOptions(kinds[i]!));
    });
    // Fields absent from the file read as the schema defaults (non-zero ones included).
    const bare = kinds.map((kind) => ({ op: 'ADD', inputs: [0, 1], outputs: [2], options: { kind } as OptionsSpec }));
    const d = readTflite(buildTflite(simple({ operators: bare })));
    const byKind = new Map(d.main.operators.map((op) => [op.optionsType, op.options]));
    expect(byKind.get('Conv2DOptions')).toEqual({ kind: 'Conv2DOptions', padding: 'SAME', strideW: 0, strideH: 0,
      fusedActivationFunction: 'NONE', dilationWFactor: 1, dilationHFactor: 1, quantizedBiasType: 'float32' });
    expect(byKind.get('DepthwiseConv2DOptions')).toMatchObject({ dilationWFactor: 1, dilationHFactor: 1, depthMultiplier: 0 });
    expect(byKind.get('AddOptions')).toEqual({ kind: 'AddOptions', fusedActivationFunction: 'NONE', potScaleInt16: true });
    expect(byKind.get('SubOptions')).toEqual({ kind: 'SubOptions', fusedActivationFunction: 'NONE', potScaleInt16: true });
    expect(byKind.get('MulOptions')).toEqual({ kind: 'MulOptions', fusedActivationFunction: 'NONE' });
    expect(byKind.get('FullyConnectedOptions')).toEqual({ kind: 'FullyConnectedOptions', fusedActivationFunction: 'NONE',
      weightsFormat: 'DEFAULT', keepNumDims: false, asymmetricQuantizeInputs: false, quantizedBiasType: 'float32' });
    expect(byKind.get('StridedSliceOptions')).toEqual({ kind: 'StridedSliceOptions', beginMask: 0, endMask: 0, ellipsisMask: 0,
      newAxisMask: 0, shrinkAxisMask: 0, offset: false });
    expect(byKind.get('ReshapeOptions')).toEqual({ kind: 'ReshapeOptions', newShape: [] });
    expect(byKind.get('UniqueOptions')).toEqual({ kind: 'UniqueOptions', idxOutType: 'int32' });
    expect(byKind.get('HardSwishOptions')).toEqual({ kind: 'HardSwishOptions' });
    // forceDefaults writes every field explicitly: same result.
    const forced = readTflite(buildTflite(simple({ forceDefaults: true, operators: bare })));
    expect(forced.main.operators.map((o) => o.options)).toEqual(d.main.operators.map((o) => o.options));
  });

  it('names options tables by their union index as in schema.fbs', () => {
    expect(BUILTIN_OPTIONS[1]).toBe('Conv2DOptions');
    expect(BUILTIN_OPTIONS[8]).toBe('FullyConnectedOptions');
    expect(BUILTIN_OPTIONS[75]).toBe('LeakyReluOptions');
    expect(BUILTIN_OPTIONS[89]).toBe('QuantizeOptions');
    expect(BUILTIN_OPTIONS[91]).toBe('HardSwishOptions');
    for (const k of Object.keys(OPTION_TABLES)) expect(BUILTIN_OPTIONS.indexOf(k)).toBeGreaterThan(0);
  });

  it('maps the builtin operator codes aotc relies on', () => {
    const want: Record<string, number> = { ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4,
      DEQUANTIZE: 6, FULLY_CONNECTED: 9, LOGISTIC: 14, MAX_POOL_2D: 17, MUL: 18, RELU: 19, RELU6: 21, RESHAPE: 22, SOFTMAX: 25,
      TANH: 28, PAD: 34, TRANSPOSE: 39, MEAN: 40, SUB: 41, SQUEEZE: 43, STRIDED_SLICE: 45, LEAKY_RELU: 98, QUANTIZE: 114,
      HARD_SWISH: 117, BATCH_MATMUL: 126, GELU: 150 };
    for (const [name, code] of Object.entries(want)) expect(BUILTIN_OPERATORS[code], name).toBe(name);
    expect(BUILTIN_OPERATORS).toHaveLength(210);
    expect(builtinOperatorName(4242)).toBe('UNKNOWN_OP_4242');
  });

  it('reads operator codes: deprecated-only, extended (> 127), unknown and custom', () => {
    const spec = simple({
      deprecatedCodesOnly: false,
      operators: [
        { op: 'ADD', inputs: [0, 1], outputs: [2] },
        { op: 'GELU', inputs: [0], outputs: [2] },
        { op: 300, inputs: [0], outputs: [2], version: 5 },
        { op: 'CUSTOM', customCode: 'MyOp', inputs: [0, -1], outputs: [2], customOptions: new Uint8Array([1, 2, 3]) },
      ],
    });
    const m = readTflite(buildTflite(spec));
    const ops = m.main.operators;
    expect(ops.map((o) => o.opName)).toEqual(['ADD', 'GELU', 'UNKNOWN_OP_300', 'CUSTOM']);
    expect(m.operatorCodes[1]).toMatchObject({ builtinCode: 150, deprecatedBuiltinCode: 127, extendedBuiltinCode: 150 });
    expect(ops[2]!.version).toBe(5);
    expect(ops[3]!.customCode).toBe('MyOp');
    expect(ops[3]!.inputs).toEqual([0, -1]);
    expect(Array.from(ops[3]!.customOptions!)).toEqual([1, 2, 3]);
    const old = readTflite(buildTflite(simple({ deprecatedCodesOnly: true, operators: [{ op: 'CONV_2D', inputs: [0, 1], outputs: [2] }] })));
    expect(old.operatorCodes[0]).toMatchObject({ builtinCode: 3, name: 'CONV_2D', deprecatedBuiltinCode: 3, extendedBuiltinCode: 0 });
  });

  it('reads tensors: quantization (per-channel, int64 zero points), signatures, flags, data views', () => {
    const w = new Uint8Array([1, 255, 3, 4, 5, 6]);
    const m = readTflite(buildTflite({
      tensors: [
        { name: 'in', type: 'int8', shape: [1, 3], shapeSignature: [-1, 3], quantization: { scale: [0.5], zeroPoint: [-3], min: [-1], max: [1] } },
        { name: 'w', type: 'int8', shape: [2, 3], data: w, quantization: { scale: [0.25, 0.125], zeroPoint: [0, 0], quantizedDimension: 0 } },
        { name: 'out', type: 'int16', shape: [1, 2], isVariable: true, hasRank: true },
      ],
      operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1, -1], outputs: [2], options: { kind: 'FullyConnectedOptions', keepNumDims: true } }],
      inputs: [0], outputs: [2], description: 'hello',
    }), 'synthetic.tflite');
    expect(m.description).toBe('hello');
    expect(m.file).toBe('synthetic.tflite');
    const [a, b, c] = m.main.tensors;
    expect(a).toMatchObject({ name: 'in', type: 'int8', typeCode: 9, shape: [1, 3], shapeSignature: [-1, 3], data: null,
      quantization: { scale: [0.5], zeroPoint: [-3], min: [-1], max: [1], quantizedDimension: 0, details: 'NONE' } });
    expect(b!.quantization).toMatchObject({ scale: [0.25, 0.125], zeroPoint: [0, 0] });
    expect(Array.from(b!.data!)).toEqual(Array.from(w));
    expect(b!.buffer).toBe(1);
    expect(c).toMatchObject({ type: 'int16', isVariable: true, hasRank: true, quantization: null, shapeSignature: null, sparse: false });
    expect(m.buffers[0]!.data.length).toBe(0);
  });

  it('reads buffers stored after the flatbuffer (Buffer.offset/size)', () => {
    const bytes = buildTflite(simple({ bufferOffsets: true }));
    const m = readTflite(bytes);
    expect(m.buffers[1]!.external).toBe(true);
    expect(Array.from(new Float32Array(m.main.tensors[1]!.data!.slice().buffer))).toEqual([1, 2]);
    // An offset past the end of the file is a defect, not a crash.
    const cut = bytes.slice(0, bytes.length - 16);
    expect(catchErr(() => readTflite(cut)).message).toMatch(/outside the file/);
  });

  it('rejects structurally invalid models with AOTC0002 naming the defect', () => {
    const cases: [ModelSpec, RegExp][] = [
      [simple({ operators: [{ op: 'ADD', inputs: [0, 7], outputs: [2] }] }), /operators\[0\]\.inputs refers to tensor 7/],
      [simple({ outputs: [3] }), /outputs refers to tensor 3/],
      [simple({ inputs: [-1] }), /inputs refers to tensor -1/],
      [{ ...simple(), tensors: [simple().tensors[0]!, { name: 'c', type: 'float32', shape: [1, 3], data: f32([1, 2]) }, simple().tensors[2]!] },
        /needs 12 bytes, its buffer 1 has 8/],
    ];
    for (const [spec, re] of cases) {
      const e = catchErr(() => readTflite(buildTflite(spec), 'bad.tflite'));
      expect(e.code).toBe('AOTC0002');
      expect(e.message).toMatch(re);
      expect(e.where?.file).toBe('bad.tflite');
      expect(e.hint).toBeTruthy();
    }
    const good = buildTflite(simple());
    const wrongId = good.slice(); wrongId.set([0x4f, 0x4e, 0x4e, 0x58], 4);
    expect(catchErr(() => readTflite(wrongId)).message).toMatch(/file identifier is "ONNX", expected "TFL3"/);
    expect(catchErr(() => readTflite(new Uint8Array(5))).code).toBe('AOTC0002');
    expect(catchErr(() => readTflite(new Uint8Array(0))).code).toBe('AOTC0002');
  });

  it('warns about another schema version', () => {
    expect(readTflite(buildTflite(simple({ version: 4 }))).warnings.join()).toMatch(/schema version 4/);
  });
});

// ------------------------------------------------------------------------------------------ fuzzing

/** readTflite must return a model or throw AOTC0002 — nothing else. */
function expectCleanOutcome(bytes: Uint8Array, label: string): 'ok' | 'error' {
  try {
    readTflite(bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof AotcError) || e.code !== 'AOTC0002') {
      throw new Error(`${label}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    return 'error';
  }
}

function fuzz(bytes: Uint8Array, name: string, flips: number, truncStep: number): void {
  const rand = prng(0x5eed ^ bytes.length);
  // A flatbuffer is packed back to front with nothing unreferenced: every truncation must be detected.
  for (let n = 0; n < bytes.length; n += truncStep) {
    expect(expectCleanOutcome(bytes.subarray(0, n), `${name} truncated to ${n}`), `${name} truncated to ${n}`).toBe('error');
  }
  for (let k = 0; k < flips; k++) {
    const b = bytes.slice();
    const count = 1 + Math.floor(rand() * 4);
    for (let j = 0; j < count; j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    expectCleanOutcome(b, `${name} flip #${k}`);
  }
  // Words overwritten with extreme values hit offsets, lengths and vtable entries harder than byte noise.
  for (let k = 0; k < flips / 2; k++) {
    const b = bytes.slice();
    const dv = new DataView(b.buffer);
    const at = Math.floor(rand() * (b.length - 4));
    dv.setUint32(at, [0xffffffff, 0x7fffffff, 0x80000000, 0, 1, 4, b.length, b.length - at][k % 8]! >>> 0, true);
    expectCleanOutcome(b, `${name} word #${k} at ${at}`);
  }
}

describe('tflite reader: fuzzing', () => {
  it('synthetic model: every truncation and random corruptions give AOTC0002 or a model', () => {
    const spec = simple({ operators: [{ op: 'CONV_2D', inputs: [0, 1, -1], outputs: [2], options: { kind: 'Conv2DOptions', strideW: 2 } },
      { op: 'RESHAPE', inputs: [2], outputs: [0], options: { kind: 'ReshapeOptions', newShape: [1, 2] } }] });
    fuzz(buildTflite(spec), 'synthetic', 3000, 1);
    fuzz(buildTflite({ ...spec, bufferOffsets: true }), 'synthetic-offsets', 1000, 1);
  });

  for (const rel of ['tflite/hello_world_int8.tflite', 'tflite/micro_speech_quantized.tflite', 'mlperf-tiny/kws_ref_model.tflite']) {
    const { path, present } = sharedModel(rel);
    it.skipIf(!present && !process.env.CI)(`${rel}: truncations and random corruptions give AOTC0002 or a model`, () => {
      expect(existsSync(path), `shared model ${path} is missing`).toBe(true);
      const bytes = new Uint8Array(readFileSync(path));
      fuzz(bytes, rel, 800, Math.max(1, Math.floor(bytes.length / 2000)));
    });
  }

  it('bounds the work a file with shared references can cause (no quadratic blow-up)', () => {
    // k tensors that all reference one tensor table with an n-dim shape: n*k numbers if decoded naively.
    const n = 30_000;
    const k = 30_000;
    const b = new Builder(1 << 20);
    b.startVector(4, n, 4);
    for (let i = 0; i < n; i++) b.addInt32(1);
    const shape = b.endVector();
    b.startObject(11); b.addFieldOffset(0, shape, 0); const tensor = b.endObject();
    b.startVector(4, k, 4);
    for (let i = 0; i < k; i++) b.addOffset(tensor);
    const tensors = b.endVector();
    b.startObject(6); b.addFieldOffset(0, tensors, 0); const sg = b.endObject();
    b.startVector(4, 1, 4); b.addOffset(sg); const sgs = b.endVector();
    b.startObject(8); b.addFieldInt32(0, 3, 0); b.addFieldOffset(2, sgs, 0); const model = b.endObject();
    b.finish(model, 'TFL3');
    const t0 = Date.now();
    const e = catchErr(() => readTflite(b.asUint8Array()));
    expect(e.code).toBe('AOTC0002');
    expect(e.message).toMatch(/far more data than it holds/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
