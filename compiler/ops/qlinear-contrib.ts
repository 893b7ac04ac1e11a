// com.microsoft quantized ops of ONNX Runtime (QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QLinearAveragePool,
// QLinearConcat): shape and quantization rules. The quantized-onnx pass always rewrites them (to the int8 QAdd, QMul,
// QMean, AvgPool2DNhwc, Concat, or to DequantizeLinear → float op → QuantizeLinear), so they have no kernels here.

import type { Quant } from '../ir/graph.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { broadcastShapes } from './broadcast.js';
import { forwardWindow } from './conv-geometry.js';
import { Q8, tensorQuant } from './qlinear-common.js';

/** Lowering of an op the quantized-onnx pass must have rewritten: a clear error instead of a missing kernel. */
function notRewritten(c: OpCtx): never {
  return c.fail('AOTC0011', `${c.op} is only supported through the quantized-onnx pass, which did not rewrite this node`);
}

/** Data input i must be 8-bit quantized with a zero point of its dtype. */
function q8Input(c: OpCtx, i: number, zp: number): void {
  const t = c.requireDType(i, Q8);
  if (c.hasInput(zp) && c.dtype(zp) !== t) c.fail('AOTC0013', `zero point of input ${i} has dtype ${c.dtype(zp)}, the data ${t}`);
}

function qBinary(op: string): OpDef {
  return {
    op,
    infer(c): OutType[] {
      q8Input(c, 0, 2);
      q8Input(c, 3, 5);
      if (c.dtype(0) !== c.dtype(3)) c.fail('AOTC0012', `operands have different dtypes (${c.dtype(0)} and ${c.dtype(3)})`);
      tensorQuant(c, 1, 2, 'A');
      tensorQuant(c, 4, 5, 'B');
      const shape = broadcastShapes([c.shape(0), c.shape(3)]);
      if (!shape) return c.fail('AOTC0021', `shapes [${c.shape(0)}] and [${c.shape(3)}] do not broadcast`);
      return [{ dtype: c.hasInput(7) ? c.requireDType(7, Q8) : c.dtype(0), shape, quant: tensorQuant(c, 6, 7, 'C') }];
    },
    lower: notRewritten,
  };
}

export const qlinearAdd = qBinary('com.microsoft.QLinearAdd');
export const qlinearMul = qBinary('com.microsoft.QLinearMul');

/** Quantization of the single-input pools: x (1, 2) and y (3, 4), both per tensor. */
export function qpoolQuant(c: OpCtx): { x: Quant; y: Quant } {
  return { x: tensorQuant(c, 1, 2, 'x', c.dtype(0)), y: tensorQuant(c, 3, 4, 'y') };
}

function outType(c: OpCtx): OutType['dtype'] {
  return c.hasInput(4) ? c.requireDType(4, Q8) : c.dtype(0);
}

export const qlinearGlobalAveragePool: OpDef = {
  op: 'com.microsoft.QLinearGlobalAveragePool',
  infer(c) {
    q8Input(c, 0, 2);
    const x = c.shape(0);
    if (x.length < 3) c.fail('AOTC0021', `needs an input of rank >= 3, got [${x}]`);
    const last = c.int('channels_last', 0) !== 0;
    const shape = x.map((d, i) => (i === 0 || (last ? i === x.length - 1 : i === 1) ? d : 1));
    return [{ dtype: outType(c), shape, quant: qpoolQuant(c).y }];
  },
  lower: notRewritten,
};

export const qlinearAveragePool: OpDef = {
  op: 'com.microsoft.QLinearAveragePool',
  infer(c) {
    q8Input(c, 0, 2);
    const x = c.shape(0);
    if (x.length < 3) c.fail('AOTC0021', `needs an input of rank >= 3, got [${x}]`);
    if (c.int('channels_last', 0) !== 0) c.fail('AOTC0011', 'QLinearAveragePool with channels_last = 1 is not supported');
    const win = forwardWindow(c, x.slice(2), c.ints('kernel_shape'), c.int('ceil_mode', 0) !== 0);
    return [{ dtype: outType(c), shape: [x[0], x[1], ...win.outSize], quant: qpoolQuant(c).y }];
  },
  lower: notRewritten,
};

/** QLinearConcat data inputs: (X, scale, zero point) triples after Y_scale (0) and Y_zero_point (1). */
export function concatInputs(c: OpCtx): number[] {
  const k = c.inputCount - 2;
  if (k < 3 || k % 3 !== 0) c.fail('AOTC0013', `QLinearConcat needs (X, X_scale, X_zero_point) triples after Y_scale, Y_zero_point; got ${c.inputCount} inputs`);
  return Array.from({ length: k / 3 }, (_x, i) => 2 + 3 * i);
}

export const qlinearConcat: OpDef = {
  op: 'com.microsoft.QLinearConcat',
  infer(c) {
    const ins = concatInputs(c);
    const y = tensorQuant(c, 0, 1, 'Y');
    const t = c.hasInput(1) ? c.requireDType(1, Q8) : c.dtype(ins[0]);
    const rank = c.shape(ins[0]).length;
    const axis = c.axis(c.int('axis'), rank);
    const shape = [...c.shape(ins[0])];
    ins.forEach((i, k) => {
      q8Input(c, i, i + 2);
      if (c.dtype(i) !== t) c.fail('AOTC0012', `input ${i} has dtype ${c.dtype(i)}, the output ${t}`);
      tensorQuant(c, i + 1, i + 2, `X${k}`);
      const s = c.shape(i);
      if (s.length !== rank || s.some((d, j) => j !== axis && d !== shape[j])) c.fail('AOTC0021', `input shapes [${c.shape(ins[0])}] and [${s}] do not concatenate on axis ${axis}`);
      if (k > 0) shape[axis] += s[axis];
    });
    return [{ dtype: t, shape, quant: y }];
  },
  lower: notRewritten,
};
