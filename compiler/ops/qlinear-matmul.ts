// QLinearMatMul, MatMulInteger and com.microsoft.QGemm (int8/uint8): exact integer sums, requantized like ONNX Runtime.
// The quantized-onnx pass maps the constant-weight, symmetric-representable cases onto the TFLM int8 FullyConnected.

import { numel, type Quant } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { broadcastShapes, broadcastStrides, forEachBroadcast } from './broadcast.js';
import { constNumbers, ortScales, outRange, perChannel, Q8, qonnxKind, quantOperands, tensorQuant } from './qlinear-common.js';

export interface QMatMulGeometry {
  m: number; k: number; n: number; shape: number[];
  /** Element offsets of each output batch's a and b matrices. */
  aOff: number[]; bOff: number[];
  /** Element strides of b along k and along n (transB swaps them). */
  bks: number; bns: number;
}

/** numpy.matmul geometry of inputs ai, bi (1-D operands promoted and dropped again); `transB` for 2-D Gemm weights. */
export function qmatmulGeometry(c: OpCtx, ai: number, bi: number, transB = false): QMatMulGeometry {
  let a = c.shape(ai), b = c.shape(bi);
  if (a.length === 0 || b.length === 0) c.fail('AOTC0021', 'matrix product of a scalar');
  if (transB && b.length !== 2) c.fail('AOTC0021', `transB needs a 2-D B, got [${b}]`);
  const aVec = a.length === 1, bVec = b.length === 1;
  if (aVec) a = [1, a[0]];
  if (bVec) b = [b[0], 1];
  const [m, k] = a.slice(-2);
  const [bk, n] = transB ? [b[1], b[0]] : b.slice(-2);
  if (k !== bk) c.fail('AOTC0021', `inner dimensions do not match: [${c.shape(ai)}] × [${c.shape(bi)}]`);
  const batch = broadcastShapes([a.slice(0, -2), b.slice(0, -2)]);
  if (!batch) return c.fail('AOTC0021', `batch dimensions of [${c.shape(ai)}] and [${c.shape(bi)}] do not broadcast`);
  const aOff: number[] = [], bOff: number[] = [];
  const st = [broadcastStrides(a.slice(0, -2), batch), broadcastStrides(b.slice(0, -2), batch)];
  forEachBroadcast(batch, st, (_i, [oa, ob]) => { aOff.push(oa * m * k); bOff.push(ob * k * n); });
  const shape = [...batch, ...(aVec ? [] : [m]), ...(bVec ? [] : [n])];
  return { m, k, n, shape, aOff, bOff, bks: transB ? 1 : n, bns: transB ? k : 1 };
}

/** Scales and zero points of b: per tensor, or per column (n entries, any shape ending in n). */
function bQuant(c: OpCtx, si: number, zi: number, n: number): Quant {
  return quantOperands(c, si, zi, 'b', { channels: n, dtype: c.dtype(3), anyShape: true, axis: 1 });
}

interface Layout { a: number; b: number; bias?: number; ys?: number; yzp?: number }

function matmulCall(c: OpCtx, o: Layout, g: QMatMulGeometry, zp: { a: number; b: number[] }, rq?: { scale: number[]; zp: number; lo: number; hi: number }): KernelCall {
  return {
    kernel: 'matmul_integer',
    args: [A.in(o.a), A.int(qonnxKind(c, c.dtype(o.a))), A.in(o.b), A.int(qonnxKind(c, c.dtype(o.b))),
      o.bias !== undefined && c.hasInput(o.bias) ? A.in(o.bias) : A.null(), A.out(0), A.int(rq ? qonnxKind(c, c.output(0).dtype) : 2),
      A.int(g.aOff.length), A.ints(g.aOff), A.ints(g.bOff), A.int(g.m), A.int(g.k), A.int(g.n), A.int(g.bks), A.int(g.bns),
      A.int(zp.a), A.ints(zp.b), rq ? A.floats(rq.scale) : A.null(), A.int(rq?.zp ?? 0), A.int(rq?.lo ?? 0), A.int(rq?.hi ?? 0)],
  };
}

function checkTypes(c: OpCtx, a: number, b: number, azp: number, bzp: number): void {
  c.requireDType(a, Q8);
  c.requireDType(b, Q8);
  if (c.hasInput(azp) && c.dtype(azp) !== c.dtype(a)) c.fail('AOTC0013', `a zero point has dtype ${c.dtype(azp)}, a ${c.dtype(a)}`);
  if (c.hasInput(bzp) && c.dtype(bzp) !== c.dtype(b)) c.fail('AOTC0013', `b zero point has dtype ${c.dtype(bzp)}, b ${c.dtype(b)}`);
}

/** Quantization of a QLinearMatMul (ys 6, yzp 7) or QGemm (ys 7, yzp 8): a and y per tensor, b per tensor or column. */
export function qmatmulQuant(c: OpCtx, n: number): { a: Quant; b: Quant; y: Quant } {
  const gemm = c.op !== 'QLinearMatMul';
  return { a: tensorQuant(c, 1, 2, 'a', c.dtype(0)), b: bQuant(c, 4, 5, n), y: tensorQuant(c, gemm ? 7 : 6, gemm ? 8 : 7, 'y') };
}

function requantized(c: OpCtx, o: Layout, g: QMatMulGeometry): KernelCall {
  const q = qmatmulQuant(c, g.n);
  const [lo, hi] = outRange(c, c.output(0).dtype);
  return matmulCall(c, o, g, { a: q.a.zeroPoint[0], b: perChannel(q.b, g.n, 'zeroPoint') },
    { scale: ortScales(q.a, q.b, q.y, g.n), zp: q.y.zeroPoint[0], lo, hi });
}

const macsOf = (g: QMatMulGeometry): number => g.aOff.length * g.m * g.k * g.n;

export const qlinearMatMul: OpDef = {
  op: 'QLinearMatMul',
  infer(c) {
    checkTypes(c, 0, 3, 2, 5);
    const g = qmatmulGeometry(c, 0, 3);
    const { y } = qmatmulQuant(c, g.n);
    const t = c.hasInput(7) ? c.requireDType(7, Q8) : c.dtype(0);
    outRange(c, t);
    return [{ dtype: t, shape: g.shape, quant: y }];
  },
  macs: (c) => macsOf(qmatmulGeometry(c, 0, 3)),
  lower: (c) => [requantized(c, { a: 0, b: 3 }, qmatmulGeometry(c, 0, 3))],
};

/** com.microsoft.QGemm with a quantized output: Y = requant(A·op(B) + C), alpha 1, transA 0, C int32 over the columns. */
function gemmGeometry(c: OpCtx): QMatMulGeometry {
  if (c.shape(0).length !== 2 || c.shape(3).length !== 2) c.fail('AOTC0021', `QGemm needs 2-D A and B, got [${c.shape(0)}] and [${c.shape(3)}]`);
  if (c.int('transA', 0) !== 0) c.fail('AOTC0011', 'QGemm with transA = 1 is not supported');
  if (c.float('alpha', 1) !== 1) c.fail('AOTC0011', `QGemm with alpha ${c.float('alpha')} is not supported (alpha 1)`);
  if (!c.hasInput(7)) c.fail('AOTC0011', 'QGemm with a float output (no y_scale) is not supported');
  return qmatmulGeometry(c, 0, 3, c.int('transB', 0) !== 0);
}

export const qGemm: OpDef = {
  op: 'com.microsoft.QGemm',
  infer(c) {
    checkTypes(c, 0, 3, 2, 5);
    const g = gemmGeometry(c);
    const { y } = qmatmulQuant(c, g.n);
    if (c.hasInput(6)) {
      c.requireDType(6, ['int32']);
      if (numel(c.shape(6)) !== g.n || c.shape(6).some((d, i, s) => i < s.length - 1 && d !== 1)) {
        c.fail('AOTC0011', `C of shape [${c.shape(6)}] is not supported (a bias over the ${g.n} columns)`);
      }
    }
    const t = c.hasInput(8) ? c.requireDType(8, Q8) : c.dtype(0);
    outRange(c, t);
    return [{ dtype: t, shape: g.shape, quant: y }];
  },
  macs: (c) => macsOf(gemmGeometry(c)),
  lower: (c) => [requantized(c, { a: 0, b: 3, bias: 6 }, gemmGeometry(c))],
};

/** MatMulInteger zero points: a per tensor, b per tensor or per column (default 0). */
function integerZps(c: OpCtx, n: number): { a: number; b: number[] } {
  const a = c.hasInput(2) ? constNumbers(c, 2, 'a zero point') : [0];
  if (a.length !== 1) c.fail('AOTC0011', 'per-row a zero points are not supported (a single value)');
  const b = c.hasInput(3) ? constNumbers(c, 3, 'b zero point') : [0];
  if (b.length !== 1 && b.length !== n) c.fail('AOTC0013', `b zero point has ${b.length} entries, expected 1 or ${n}`);
  return { a: a[0], b: b.length === 1 ? new Array<number>(n).fill(b[0]) : b };
}

export const matMulInteger: OpDef = {
  op: 'MatMulInteger',
  infer(c) {
    checkTypes(c, 0, 1, 2, 3);
    const g = qmatmulGeometry(c, 0, 1);
    integerZps(c, g.n);
    return [{ dtype: 'int32', shape: g.shape }];
  },
  macs: (c) => macsOf(qmatmulGeometry(c, 0, 1)),
  lower(c) {
    const g = qmatmulGeometry(c, 0, 1);
    return [matmulCall(c, { a: 0, b: 1 }, g, integerZps(c, g.n))];
  },
};
