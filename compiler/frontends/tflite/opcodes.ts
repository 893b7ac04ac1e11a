// TFLite schema enums by number (schema.fbs, schema version 3): operator codes, tensor types, option unions, small enums.

/** BuiltinOperator names, indexed by code (0..209 as of schema 3d). */
export const BUILTIN_OPERATORS: readonly string[] = [
  /*   0 */ 'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE',
  /*   6 */ 'DEQUANTIZE', 'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION',
  /*  12 */ 'L2_POOL_2D', 'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D',
  /*  18 */ 'MUL', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'RESHAPE', 'RESIZE_BILINEAR',
  /*  24 */ 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS',
  /*  30 */ 'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN',
  /*  36 */ 'GATHER', 'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB',
  /*  42 */ 'DIV', 'SQUEEZE', 'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP',
  /*  48 */ 'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST',
  /*  54 */ 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS', 'NEG',
  /*  60 */ 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE',
  /*  66 */ 'SIN', 'TRANSPOSE_CONV', 'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL',
  /*  72 */ 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE',
  /*  78 */ 'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK',
  /*  84 */ 'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN',
  /*  90 */ 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD',
  /*  96 */ 'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS',
  /* 102 */ 'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND',
  /* 108 */ 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG',
  /* 114 */ 'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE',
  /* 120 */ 'NON_MAX_SUPPRESSION_V4', 'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM',
  /* 126 */ 'BATCH_MATMUL', 'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D',
  /* 132 */ 'CONV_3D', 'IMAG', 'REAL', 'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND',
  /* 138 */ 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE', 'REDUCE_ALL', 'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE',
  /* 144 */ 'ASSIGN_VARIABLE', 'BROADCAST_ARGS', 'RANDOM_STANDARD_NORMAL', 'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL',
  /* 150 */ 'GELU', 'DYNAMIC_UPDATE_SLICE', 'RELU_0_TO_1',
  /* 153 */ 'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX', 'UNSORTED_SEGMENT_SUM',
  /* 156 */ 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN', 'BITCAST', 'BITWISE_XOR', 'RIGHT_SHIFT',
  /* 162 */ 'STABLEHLO_LOGISTIC', 'STABLEHLO_ADD', 'STABLEHLO_DIVIDE',
  /* 165 */ 'STABLEHLO_MULTIPLY', 'STABLEHLO_MAXIMUM', 'STABLEHLO_RESHAPE',
  /* 168 */ 'STABLEHLO_CLAMP', 'STABLEHLO_CONCATENATE', 'STABLEHLO_BROADCAST_IN_DIM',
  /* 171 */ 'STABLEHLO_CONVOLUTION', 'STABLEHLO_SLICE', 'STABLEHLO_CUSTOM_CALL',
  /* 174 */ 'STABLEHLO_REDUCE', 'STABLEHLO_ABS', 'STABLEHLO_AND', 'STABLEHLO_COSINE', 'STABLEHLO_EXPONENTIAL', 'STABLEHLO_FLOOR',
  /* 180 */ 'STABLEHLO_LOG', 'STABLEHLO_MINIMUM', 'STABLEHLO_NEGATE', 'STABLEHLO_OR', 'STABLEHLO_POWER', 'STABLEHLO_REMAINDER',
  /* 186 */ 'STABLEHLO_RSQRT', 'STABLEHLO_SELECT', 'STABLEHLO_SUBTRACT',
  /* 189 */ 'STABLEHLO_TANH', 'STABLEHLO_SCATTER', 'STABLEHLO_COMPARE',
  /* 192 */ 'STABLEHLO_CONVERT', 'STABLEHLO_DYNAMIC_SLICE', 'STABLEHLO_DYNAMIC_UPDATE_SLICE',
  /* 195 */ 'STABLEHLO_PAD', 'STABLEHLO_IOTA', 'STABLEHLO_DOT_GENERAL',
  /* 198 */ 'STABLEHLO_REDUCE_WINDOW', 'STABLEHLO_SORT', 'STABLEHLO_WHILE', 'STABLEHLO_GATHER', 'STABLEHLO_TRANSPOSE', 'DILATE',
  /* 204 */ 'STABLEHLO_RNG_BIT_GENERATOR', 'REDUCE_WINDOW', 'STABLEHLO_COMPOSITE',
  /* 207 */ 'STABLEHLO_SHIFT_LEFT', 'STABLEHLO_CBRT', 'STABLEHLO_CASE',
];

/** Name of builtin operator `code`, or `UNKNOWN_OP_<code>` for a code this table does not know. */
export function builtinOperatorName(code: number): string {
  return BUILTIN_OPERATORS[code] ?? `UNKNOWN_OP_${code}`;
}

/** Builtin operator code for `name` (e.g. 'CONV_2D' → 3), or undefined. */
export function builtinOperatorCode(name: string): number | undefined {
  const i = BUILTIN_OPERATORS.indexOf(name);
  return i < 0 ? undefined : i;
}

/** Union BuiltinOptions: member names indexed by the union type byte (0 = NONE). */
export const BUILTIN_OPTIONS: readonly string[] = [
  /*   0 */ 'NONE', 'Conv2DOptions', 'DepthwiseConv2DOptions', 'ConcatEmbeddingsOptions',
  /*   4 */ 'LSHProjectionOptions', 'Pool2DOptions', 'SVDFOptions', 'RNNOptions',
  /*   8 */ 'FullyConnectedOptions', 'SoftmaxOptions', 'ConcatenationOptions', 'AddOptions',
  /*  12 */ 'L2NormOptions', 'LocalResponseNormalizationOptions', 'LSTMOptions', 'ResizeBilinearOptions',
  /*  16 */ 'CallOptions', 'ReshapeOptions', 'SkipGramOptions', 'SpaceToDepthOptions',
  /*  20 */ 'EmbeddingLookupSparseOptions', 'MulOptions', 'PadOptions', 'GatherOptions',
  /*  24 */ 'BatchToSpaceNDOptions', 'SpaceToBatchNDOptions', 'TransposeOptions', 'ReducerOptions',
  /*  28 */ 'SubOptions', 'DivOptions', 'SqueezeOptions', 'SequenceRNNOptions',
  /*  32 */ 'StridedSliceOptions', 'ExpOptions', 'TopKV2Options', 'SplitOptions',
  /*  36 */ 'LogSoftmaxOptions', 'CastOptions', 'DequantizeOptions', 'MaximumMinimumOptions',
  /*  40 */ 'ArgMaxOptions', 'LessOptions', 'NegOptions', 'PadV2Options',
  /*  44 */ 'GreaterOptions', 'GreaterEqualOptions', 'LessEqualOptions', 'SelectOptions',
  /*  48 */ 'SliceOptions', 'TransposeConvOptions', 'SparseToDenseOptions', 'TileOptions',
  /*  52 */ 'ExpandDimsOptions', 'EqualOptions', 'NotEqualOptions', 'ShapeOptions',
  /*  56 */ 'PowOptions', 'ArgMinOptions', 'FakeQuantOptions', 'PackOptions',
  /*  60 */ 'LogicalOrOptions', 'OneHotOptions', 'LogicalAndOptions', 'LogicalNotOptions',
  /*  64 */ 'UnpackOptions', 'FloorDivOptions', 'SquareOptions', 'ZerosLikeOptions',
  /*  68 */ 'FillOptions', 'BidirectionalSequenceLSTMOptions',
  /*  70 */ 'BidirectionalSequenceRNNOptions', 'UnidirectionalSequenceLSTMOptions',
  /*  72 */ 'FloorModOptions', 'RangeOptions', 'ResizeNearestNeighborOptions', 'LeakyReluOptions',
  /*  76 */ 'SquaredDifferenceOptions', 'MirrorPadOptions', 'AbsOptions', 'SplitVOptions',
  /*  80 */ 'UniqueOptions', 'ReverseV2Options', 'AddNOptions', 'GatherNdOptions',
  /*  84 */ 'CosOptions', 'WhereOptions', 'RankOptions', 'ReverseSequenceOptions',
  /*  88 */ 'MatrixDiagOptions', 'QuantizeOptions', 'MatrixSetDiagOptions', 'HardSwishOptions',
  /*  92 */ 'IfOptions', 'WhileOptions', 'DepthToSpaceOptions', 'NonMaxSuppressionV4Options',
  /*  96 */ 'NonMaxSuppressionV5Options', 'ScatterNdOptions', 'SelectV2Options', 'DensifyOptions',
  /* 100 */ 'SegmentSumOptions', 'BatchMatMulOptions', 'CumsumOptions', 'CallOnceOptions',
  /* 104 */ 'BroadcastToOptions', 'Rfft2dOptions', 'Conv3DOptions', 'HashtableOptions',
  /* 108 */ 'HashtableFindOptions', 'HashtableImportOptions', 'HashtableSizeOptions', 'VarHandleOptions',
  /* 112 */ 'ReadVariableOptions', 'AssignVariableOptions', 'RandomOptions', 'BucketizeOptions',
  /* 116 */ 'GeluOptions', 'DynamicUpdateSliceOptions', 'UnsortedSegmentProdOptions', 'UnsortedSegmentMaxOptions',
  /* 120 */ 'UnsortedSegmentMinOptions', 'UnsortedSegmentSumOptions', 'ATan2Options', 'SignOptions',
  /* 124 */ 'BitcastOptions', 'BitwiseXorOptions', 'RightShiftOptions',
];

/** Union BuiltinOptions2 (StableHLO options): member names indexed by the union type byte (0 = NONE). */
export const BUILTIN_OPTIONS_2: readonly string[] = [
  /*   0 */ 'NONE', 'StablehloConcatenateOptions', 'StablehloBroadcastInDimOptions',
  /*   3 */ 'StablehloSliceOptions', 'StablehloConvolutionOptions', 'StablehloCustomCallOptions',
  /*   6 */ 'StablehloReduceOptions', 'StablehloScatterOptions', 'StablehloCompareOptions',
  /*   9 */ 'StablehloDynamicSliceOptions', 'StablehloPadOptions', 'StablehloIotaOptions',
  /*  12 */ 'StablehloDotGeneralOptions', 'StablehloReduceWindowOptions', 'StablehloSortOptions',
  /*  15 */ 'StablehloWhileOptions', 'StablehloGatherOptions', 'StablehloTransposeOptions',
  /*  18 */ 'DilateOptions', 'StablehloRngBitGeneratorOptions', 'ReduceWindowOptions',
  /*  21 */ 'StableHLOCompositeOptions', 'StablehloShiftLeftOptions', 'StablehloCaseOptions',
];

/** TensorType, lower-cased (names match aotc's DType where one exists), indexed by the schema's byte value. */
export const TENSOR_TYPES = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8',
  'float64', 'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4', 'bfloat16', 'int2',
  'uint4', 'float8_e4m3fn', 'float8_e5m2',
] as const;

/** A TensorType name, or 'unknown' for a byte value newer than this table (the numeric code is kept beside it). */
export type TfliteType = (typeof TENSOR_TYPES)[number] | 'unknown';

/** Bytes per element of a fixed-size type; undefined for string/resource/variant and sub-byte packed types. */
export const TENSOR_TYPE_BYTES: Readonly<Partial<Record<TfliteType, number>>> = {
  float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, bool: 1, int16: 2, complex64: 8, int8: 1,
  float64: 8, complex128: 16, uint64: 8, uint32: 4, uint16: 2, bfloat16: 2, float8_e4m3fn: 1, float8_e5m2: 1,
};

export function tensorTypeName(code: number): TfliteType {
  return TENSOR_TYPES[code] ?? 'unknown';
}

/** ActivationFunctionType, indexed by value. */
export const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Padding, indexed by value. */
export const PADDINGS = ['SAME', 'VALID'] as const;
export type Padding = (typeof PADDINGS)[number];

/** FullyConnectedOptionsWeightsFormat, indexed by value. */
export const FC_WEIGHTS_FORMATS = ['DEFAULT', 'SHUFFLED4x16INT8'] as const;
export type FcWeightsFormat = (typeof FC_WEIGHTS_FORMATS)[number];

/** MirrorPadMode, indexed by value. */
export const MIRROR_PAD_MODES = ['REFLECT', 'SYMMETRIC'] as const;
export type MirrorPadMode = (typeof MIRROR_PAD_MODES)[number];

/** Union QuantizationDetails: member names indexed by the union type byte (0 = NONE). */
export const QUANTIZATION_DETAILS = ['NONE', 'CustomQuantization', 'BlockwiseQuantization', 'MultiAxisQuantization'] as const;
