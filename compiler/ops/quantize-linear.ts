// QuantizeLinear and DequantizeLinear: ONNX semantics (x / scale rounded half to even, saturated), per tensor or per axis.

import { allocArray, getElem, setElem, type DType } from '../ir/dtype.js';
import { numel, type Quant } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { ONNX_DT } from './structural.js';
import { axisSplit, ortQuantize, q8Range, qonnxKind, quantOperands } from './qlinear-common.js';

const f32 = Math.fround;

/** Parameters of either op: the quantized dtype, quantization (attr `axis`, default 1) and the outer × channels × inner split. */
function params(c: OpCtx, dtype: DType): { q: Quant; split: [number, number, number] } {
  if (c.int('block_size', 0) !== 0) c.fail('AOTC0011', `blocked quantization (block_size ${c.int('block_size')}) is not supported`);
  const shape = c.shape(0);
  const perAxis = c.hasInput(1) && numel(c.shape(1)) > 1;
  const axis = perAxis ? c.axis(c.int('axis', 1), shape.length) : 0;
  const q = quantOperands(c, 1, 2, c.op === 'QuantizeLinear' ? 'y' : 'x', { axis, channels: perAxis ? shape[axis] : 1, dtype });
  const split: [number, number, number] = perAxis ? axisSplit(shape, axis) : [1, 1, numel(shape)];
  return { q, split };
}

/** Output dtype of QuantizeLinear: attr output_dtype, else the zero point's dtype, else uint8. */
function quantizedType(c: OpCtx): DType {
  const code = c.int('output_dtype', 0);
  const t = code ? ONNX_DT[code] : c.hasInput(2) ? c.dtype(2) : 'uint8';
  if (t !== 'int8' && t !== 'uint8') c.fail('AOTC0012', `QuantizeLinear to ${t ?? `ONNX type ${code}`} is not supported (int8, uint8)`);
  return t;
}

export const quantizeLinear: OpDef = {
  op: 'QuantizeLinear',
  inplace: [],
  infer(c) {
    c.requireDType(0, ['float32']);
    const t = quantizedType(c);
    return [{ dtype: t, shape: [...c.shape(0)], quant: params(c, t).q }];
  },
  fold(c, outs) {
    const t = outs[0].dtype, { q, split: [outer, ch, inner] } = params(c, t);
    const x = c.constant(0)!, y = allocArray(t, x.length), range = q8Range(t);
    let i = 0;
    for (let o = 0; o < outer; o++) for (let k = 0; k < ch; k++) {
      const s = f32(q.scale[k]), zp = q.zeroPoint[k];
      for (let j = 0; j < inner; j++, i++) setElem(y, t, i, ortQuantize(f32(getElem(x, i) / s), zp, range));
    }
    return [y];
  },
  lower(c): KernelCall[] {
    const t = c.output(0).dtype, { q, split: [outer, ch, inner] } = params(c, t);
    return [{
      kernel: 'quantize_linear',
      args: [A.in(0), A.out(0), A.int(qonnxKind(c, t)), A.int(outer), A.int(ch), A.int(inner), A.floats(q.scale), A.ints(q.zeroPoint)],
    }];
  },
};

export const dequantizeLinear: OpDef = {
  op: 'DequantizeLinear',
  infer(c) {
    const t = c.requireDType(0, ['int8', 'uint8', 'int32']);
    const { q } = params(c, t);
    if (t === 'int32' && q.zeroPoint.some((z) => z !== 0)) c.fail('AOTC0013', 'int32 data must have zero point 0');
    return [{ dtype: 'float32', shape: [...c.shape(0)] }];
  },
  fold(c, outs) {
    const { q, split: [outer, ch, inner] } = params(c, c.dtype(0));
    const x = c.constant(0)!, y = allocArray(outs[0].dtype, x.length) as Float32Array;
    let i = 0;
    for (let o = 0; o < outer; o++) for (let k = 0; k < ch; k++) {
      const s = f32(q.scale[k]), zp = q.zeroPoint[k];
      for (let j = 0; j < inner; j++, i++) y[i] = f32(getElem(x, i) - zp) * s;
    }
    return [y];
  },
  lower(c): KernelCall[] {
    const { q, split: [outer, ch, inner] } = params(c, c.dtype(0));
    return [{
      kernel: 'dequantize_linear',
      args: [A.in(0), A.out(0), A.int(qonnxKind(c, c.dtype(0))), A.int(outer), A.int(ch), A.int(inner), A.floats(q.scale), A.ints(q.zeroPoint)],
    }];
  },
};
