// Rewrites a float16 ONNX model to float32 (initializers, io types, Cast targets, tensor attributes): the model
// as aotc computes it, so a reference runtime can be run with the same arithmetic.

import { toBytes } from '../../ir/dtype.js';
import { decodeModel, encodeModel, type TensorProto } from './decode.js';
import { tensorFromProto } from './tensor.js';

const F16 = 10, F32 = 1;

function widenTensor(t: TensorProto): void {
  if (t.dataType !== F16) return;
  const { data } = tensorFromProto(t, { tensor: t.name ?? '' }); // float16 is decoded to float32 values
  t.dataType = F32;
  t.rawData = toBytes(data, 'float32');
  t.int32Data = [];
}

export function widenFloat16Model(bytes: Uint8Array): Uint8Array {
  const m = decodeModel(bytes, 'model');
  const g = m.graph!;
  for (const t of g.initializer ?? []) widenTensor(t);
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) {
    const tt = v.type?.tensorType;
    if (tt && tt.elemType === F16) tt.elemType = F32;
  }
  for (const n of g.node ?? []) {
    for (const a of n.attribute ?? []) {
      if (n.opType === 'Cast' && a.name === 'to' && Number(a.i) === F16) a.i = F32;
      if (a.t) widenTensor(a.t);
    }
  }
  return encodeModel(m as unknown as Record<string, unknown>);
}
