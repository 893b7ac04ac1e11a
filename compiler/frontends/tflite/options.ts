// TFLite builtin option tables: field layout (vtable slot order of schema.fbs), defaults, typed decoded objects.

import type { FbReader, FbTable } from './flatbuffer.js';
import {
  ACTIVATIONS, FC_WEIGHTS_FORMATS, MIRROR_PAD_MODES, PADDINGS, TENSOR_TYPES, tensorTypeName,
  type Activation, type FcWeightsFormat, type MirrorPadMode, type Padding, type TfliteType,
} from './opcodes.js';

/** Field kinds: scalar widths and enums as stored in the schema (enums are `byte`, TensorType included). */
export type FieldKind = 'i32' | 'bool' | 'f32' | 'act' | 'padding' | 'ttype' | 'ints' | 'fcfmt' | 'mirror';

interface KindValue {
  i32: number; bool: boolean; f32: number; act: Activation; padding: Padding; ttype: TfliteType;
  ints: number[]; fcfmt: FcWeightsFormat; mirror: MirrorPadMode;
}

/** One field: [name, kind, default]; the array index is the field id (vtable slot); null marks a deprecated slot. */
export type FieldDesc = readonly [name: string, kind: FieldKind, def?: number | boolean | string] | null;

const FUSED = ['fusedActivationFunction', 'act'] as const;

/** The option tables aotc decodes, fields in schema order. Defaults not listed are the schema's zero/false/first enum. */
export const OPTION_TABLES = {
  Conv2DOptions: [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], FUSED,
    ['dilationWFactor', 'i32', 1], ['dilationHFactor', 'i32', 1], ['quantizedBiasType', 'ttype']],
  DepthwiseConv2DOptions: [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['depthMultiplier', 'i32'], FUSED,
    ['dilationWFactor', 'i32', 1], ['dilationHFactor', 'i32', 1]],
  Pool2DOptions: [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['filterWidth', 'i32'],
    ['filterHeight', 'i32'], FUSED],
  FullyConnectedOptions: [FUSED, ['weightsFormat', 'fcfmt'], ['keepNumDims', 'bool'], ['asymmetricQuantizeInputs', 'bool'],
    ['quantizedBiasType', 'ttype']],
  SoftmaxOptions: [['beta', 'f32']],
  ConcatenationOptions: [['axis', 'i32'], FUSED],
  AddOptions: [FUSED, ['potScaleInt16', 'bool', true]],
  SubOptions: [FUSED, ['potScaleInt16', 'bool', true]],
  MulOptions: [FUSED],
  DivOptions: [FUSED],
  L2NormOptions: [FUSED],
  LocalResponseNormalizationOptions: [['radius', 'i32'], ['bias', 'f32'], ['alpha', 'f32'], ['beta', 'f32']],
  ReshapeOptions: [['newShape', 'ints']],
  SqueezeOptions: [['squeezeDims', 'ints']],
  ReducerOptions: [['keepDims', 'bool']],
  StridedSliceOptions: [['beginMask', 'i32'], ['endMask', 'i32'], ['ellipsisMask', 'i32'], ['newAxisMask', 'i32'],
    ['shrinkAxisMask', 'i32'], ['offset', 'bool']],
  LeakyReluOptions: [['alpha', 'f32']],
  GatherOptions: [['axis', 'i32'], ['batchDims', 'i32']],
  ResizeBilinearOptions: [null, null, ['alignCorners', 'bool'], ['halfPixelCenters', 'bool']],
  ResizeNearestNeighborOptions: [['alignCorners', 'bool'], ['halfPixelCenters', 'bool']],
  SpaceToDepthOptions: [['blockSize', 'i32']],
  DepthToSpaceOptions: [['blockSize', 'i32']],
  TransposeConvOptions: [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], FUSED, ['quantizedBiasType', 'ttype']],
  PackOptions: [['valuesCount', 'i32'], ['axis', 'i32']],
  UnpackOptions: [['num', 'i32'], ['axis', 'i32']],
  SplitOptions: [['numSplits', 'i32']],
  SplitVOptions: [['numSplits', 'i32']],
  CastOptions: [['inDataType', 'ttype'], ['outDataType', 'ttype']],
  ArgMaxOptions: [['outputType', 'ttype']],
  ArgMinOptions: [['outputType', 'ttype']],
  ShapeOptions: [['outType', 'ttype']],
  UniqueOptions: [['idxOutType', 'ttype', 'int32']],
  OneHotOptions: [['axis', 'i32']],
  CumsumOptions: [['exclusive', 'bool'], ['reverse', 'bool']],
  BatchMatMulOptions: [['adjX', 'bool'], ['adjY', 'bool'], ['asymmetricQuantizeInputs', 'bool']],
  GeluOptions: [['approximate', 'bool']],
  MirrorPadOptions: [['mode', 'mirror']],
  FakeQuantOptions: [['min', 'f32'], ['max', 'f32'], ['numBits', 'i32'], ['narrowRange', 'bool']],
  // Tables without fields: decoded so that a model naming them reads as "options present, nothing to configure".
  PadOptions: [], PadV2Options: [], TransposeOptions: [], QuantizeOptions: [], DequantizeOptions: [], HardSwishOptions: [],
  ExpOptions: [], LogSoftmaxOptions: [], MaximumMinimumOptions: [], SliceOptions: [], TileOptions: [], ExpandDimsOptions: [],
  AbsOptions: [], NegOptions: [], CosOptions: [], SquareOptions: [], SquaredDifferenceOptions: [], SelectOptions: [],
  SelectV2Options: [], EqualOptions: [], NotEqualOptions: [], LessOptions: [], LessEqualOptions: [], GreaterOptions: [],
  GreaterEqualOptions: [], PowOptions: [], FloorDivOptions: [], FloorModOptions: [], ZerosLikeOptions: [], FillOptions: [],
  RangeOptions: [], BroadcastToOptions: [], GatherNdOptions: [], LogicalAndOptions: [], LogicalOrOptions: [],
  LogicalNotOptions: [], SpaceToBatchNDOptions: [], BatchToSpaceNDOptions: [], AddNOptions: [], RankOptions: [],
  ReverseV2Options: [], WhereOptions: [], SignOptions: [],
} as const satisfies Record<string, readonly FieldDesc[]>;

export type OptionsKind = keyof typeof OPTION_TABLES;

type Fields<D extends readonly FieldDesc[]> = { [F in Exclude<D[number], null> as F[0]]: KindValue[F[1]] };

/** Decoded options of table K, e.g. OptionsOf<'Conv2DOptions'>: { kind, padding, strideW, ... }. */
export type OptionsOf<K extends OptionsKind> = { kind: K } & Fields<(typeof OPTION_TABLES)[K]>;

/** Any decoded option table, discriminated by `kind` (the schema's table name). */
export type TfliteOptions = { [K in OptionsKind]: OptionsOf<K> }[OptionsKind];

export type Conv2DOptions = OptionsOf<'Conv2DOptions'>;
export type DepthwiseConv2DOptions = OptionsOf<'DepthwiseConv2DOptions'>;
export type Pool2DOptions = OptionsOf<'Pool2DOptions'>;
export type FullyConnectedOptions = OptionsOf<'FullyConnectedOptions'>;
export type SoftmaxOptions = OptionsOf<'SoftmaxOptions'>;
export type ConcatenationOptions = OptionsOf<'ConcatenationOptions'>;
export type AddOptions = OptionsOf<'AddOptions'>;
export type SubOptions = OptionsOf<'SubOptions'>;
export type MulOptions = OptionsOf<'MulOptions'>;
export type ReshapeOptions = OptionsOf<'ReshapeOptions'>;
export type SqueezeOptions = OptionsOf<'SqueezeOptions'>;
export type ReducerOptions = OptionsOf<'ReducerOptions'>;
export type StridedSliceOptions = OptionsOf<'StridedSliceOptions'>;
export type LeakyReluOptions = OptionsOf<'LeakyReluOptions'>;

export function isDecodedOptions(name: string): name is OptionsKind {
  return Object.prototype.hasOwnProperty.call(OPTION_TABLES, name);
}

function enumValue<T extends string>(names: readonly T[], v: number, r: FbReader, what: string): T {
  const s = names[v];
  if (s === undefined) r.fail(`${what}: invalid enum value ${v}`);
  return s;
}

/** The default value of a field, as decoded. */
export function fieldDefault(kind: FieldKind, def: number | boolean | string | undefined): KindValue[FieldKind] {
  if (def !== undefined) return def as KindValue[FieldKind];
  switch (kind) {
    case 'i32': case 'f32': return 0;
    case 'bool': return false;
    case 'act': return 'NONE';
    case 'padding': return 'SAME';
    case 'ttype': return TENSOR_TYPES[0];
    case 'ints': return [];
    case 'fcfmt': return 'DEFAULT';
    case 'mirror': return 'REFLECT';
  }
}

/** Byte value of an enum-kind field's name (for writers); -1 when unknown. */
export function enumIndex(kind: FieldKind, name: string): number {
  const names: readonly string[] = kind === 'act' ? ACTIVATIONS : kind === 'padding' ? PADDINGS : kind === 'ttype' ? TENSOR_TYPES
    : kind === 'fcfmt' ? FC_WEIGHTS_FORMATS : kind === 'mirror' ? MIRROR_PAD_MODES : [];
  return names.indexOf(name);
}

/** Decode option table `kind` at `t`; absent fields take the schema default. */
export function decodeOptions(r: FbReader, kind: OptionsKind, t: FbTable): TfliteOptions {
  const out: Record<string, unknown> = { kind };
  const fields: readonly FieldDesc[] = OPTION_TABLES[kind];
  fields.forEach((f, id) => {
    if (f === null) return;
    const [name, k, def] = f;
    const what = `${t.what}.${name}`;
    let v: unknown;
    switch (k) {
      case 'i32': v = r.int32(t, id, (def as number | undefined) ?? 0); break;
      case 'f32': v = r.float32(t, id, (def as number | undefined) ?? 0); break;
      case 'bool': v = r.bool(t, id, (def as boolean | undefined) ?? false); break;
      case 'act': v = enumValue(ACTIVATIONS, r.int8(t, id, 0), r, what); break;
      case 'padding': v = enumValue(PADDINGS, r.int8(t, id, 0), r, what); break;
      case 'fcfmt': v = enumValue(FC_WEIGHTS_FORMATS, r.int8(t, id, 0), r, what); break;
      case 'mirror': v = enumValue(MIRROR_PAD_MODES, r.int8(t, id, 0), r, what); break;
      case 'ttype': v = tensorTypeName(r.int8(t, id, def === undefined ? 0 : enumIndex('ttype', def as string))); break;
      case 'ints': v = r.int32s(t, id, what) ?? []; break;
    }
    out[name] = v;
  });
  return out as TfliteOptions;
}
