// ONNX TensorProto ↔ IR constant data (dtype, shape, typed array), incl. raw_data and typed fields.

import { allocArray, f16BitsToF32, fromBytes, setElem, type DType, type NumArray } from '../../ir/dtype.js';
import type { TensorAttr } from '../../ir/graph.js';
import { fail, type Where } from '../../diagnostics/error.js';
import { int64, int64Big, type TensorProto } from './decode.js';

/** ONNX TensorProto.DataType → IR dtype (undefined: not supported). */
export const ONNX_DTYPES: Record<number, DType | undefined> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
};
export const ONNX_DTYPE_NAMES: Record<number, string> = {
  0: 'undefined', 1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128',
  16: 'bfloat16', 17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz',
};

export function onnxDType(code: number, where: Where): DType {
  const t = ONNX_DTYPES[code];
  if (!t) fail('AOTC0012', `ONNX data type ${ONNX_DTYPE_NAMES[code] ?? code} is not supported`, where);
  return t;
}

export function tensorFromProto(t: TensorProto, where: Where): TensorAttr {
  const dtype = onnxDType(t.dataType ?? 0, where);
  const shape = (t.dims ?? []).map(int64);
  const n = shape.reduce((a: number, b: number) => a * b, 1);
  if (t.dataLocation === 1 || (t.externalData && t.externalData.length > 0)) {
    fail('AOTC0002', 'tensor data stored in an external file is not supported', where,
      'save the model with all tensors inside the .onnx file (onnx.save(model, path, save_as_external_data=False))');
  }
  let data: NumArray;
  if (t.rawData && t.rawData.length > 0) {
    data = fromBytes(t.rawData, dtype);
  } else {
    data = allocArray(dtype, n);
    const put = (vals: ArrayLike<unknown>, conv: (v: unknown) => number | bigint) => {
      for (let i = 0; i < Math.min(n, vals.length); i++) setElem(data, dtype, i, conv(vals[i]));
    };
    switch (dtype) {
      case 'float32': put(t.floatData ?? [], Number); break;
      case 'float64': put(t.doubleData ?? [], Number); break;
      case 'float16': put(t.int32Data ?? [], (v) => f16BitsToF32(Number(v))); break;
      case 'int64': put(t.int64Data ?? [], int64Big); break;
      case 'uint32': put(t.uint64Data ?? [], int64); break;
      case 'uint64': put(t.uint64Data ?? [], (v) => BigInt.asUintN(64, int64Big(v))); break;
      default: put(t.int32Data ?? [], Number);
    }
  }
  if (data.length !== n) {
    fail('AOTC0002', `tensor has ${data.length} elements but its dims [${shape}] need ${n}`, where, 'the model file may be truncated');
  }
  return { dtype, shape, data };
}
