// QLinearConv and ConvInteger (1-D/2-D NCHW, int8/uint8): exact integer sums; QLinearConv requantizes like ONNX Runtime.
// The quantized-onnx pass maps QLinearConv with symmetric-representable constant weights onto the TFLM int8 Conv2DNhwc;
// the kernels here serve everything else (asymmetric weights, runtime weights, 1-D).

import { numel, type Quant } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { as2d, forwardWindow, type Window } from './conv-geometry.js';
import { constNumbers, ortScales, outRange, perChannel, Q8, qonnxKind, quantOperands, tensorQuant } from './qlinear-common.js';

interface Operands { x: number; w: number; xzp: number; wzp: number; bias?: number }
const QLINEAR: Operands = { x: 0, w: 3, xzp: 2, wzp: 5, bias: 8 };
const INTEGER: Operands = { x: 0, w: 1, xzp: 2, wzp: 3 };

export interface QConvGeometry { n: number; ch: number; m: number; group: number; win: Window }

/** NCHW convolution geometry of input `x` with weights `w` (attrs kernel_shape, strides, pads, auto_pad, dilations, group). */
export function qconvGeometry(c: OpCtx, xi: number, wi: number): QConvGeometry {
  const x = c.shape(xi), w = c.shape(wi);
  if (x.length !== 3 && x.length !== 4) c.fail('AOTC0011', `${c.op} on a rank-${x.length} input is not supported (1-D and 2-D convolutions are)`);
  if (w.length !== x.length) c.fail('AOTC0013', `weight rank ${w.length} does not match input rank ${x.length}`);
  const group = c.int('group', 1);
  const [n, ch] = x, m = w[0];
  if (group < 1 || ch % group !== 0 || m % group !== 0 || w[1] !== ch / group) {
    c.fail('AOTC0013', `channels do not match: input ${ch}, weight [${w}], group ${group}`);
  }
  const kernel = c.has('kernel_shape') ? c.ints('kernel_shape') : w.slice(2);
  if (kernel.length !== w.length - 2 || kernel.some((k, i) => k !== w[i + 2])) {
    c.fail('AOTC0013', `kernel_shape [${kernel}] does not match the weight shape [${w}]`);
  }
  return { n, ch, m, group, win: forwardWindow(c, x.slice(2), kernel) };
}

function checkTypes(c: OpCtx, o: Operands): void {
  c.requireDType(o.x, Q8);
  c.requireDType(o.w, Q8);
  if (c.hasInput(o.xzp) && c.dtype(o.xzp) !== c.dtype(o.x)) c.fail('AOTC0013', `x zero point has dtype ${c.dtype(o.xzp)}, x ${c.dtype(o.x)}`);
  if (c.hasInput(o.wzp) && c.dtype(o.wzp) !== c.dtype(o.w)) c.fail('AOTC0013', `w zero point has dtype ${c.dtype(o.wzp)}, w ${c.dtype(o.w)}`);
}

/** The QLinearConv quantization: x and y per tensor, w per tensor or per output channel. */
export function qlinearConvQuant(c: OpCtx, m: number): { x: Quant; w: Quant; y: Quant } {
  const x = tensorQuant(c, 1, 2, 'x', c.dtype(0));
  const w = quantOperands(c, 4, 5, 'w', { axis: 0, channels: m, dtype: c.dtype(3) });
  const y = tensorQuant(c, 6, 7, 'y');
  return { x, w, y };
}

function convCall(c: OpCtx, o: Operands, g: QConvGeometry, zp: { x: number; w: number[] }, rq?: { scale: number[]; zp: number; lo: number; hi: number }): KernelCall {
  const w2 = as2d(g.win);
  const yKind = rq ? qonnxKind(c, c.output(0).dtype) : 2;
  return {
    kernel: 'conv_integer_nchw',
    args: [A.in(o.x), A.int(qonnxKind(c, c.dtype(o.x))), A.in(o.w), A.int(qonnxKind(c, c.dtype(o.w))),
      o.bias !== undefined && c.hasInput(o.bias) ? A.in(o.bias) : A.null(), A.out(0), A.int(yKind),
      A.int(g.n), A.int(g.ch), A.int(w2.ih), A.int(w2.iw), A.int(g.m), A.int(w2.oh), A.int(w2.ow), A.int(w2.kh), A.int(w2.kw),
      A.int(g.group), A.int(w2.sh), A.int(w2.sw), A.int(w2.dh), A.int(w2.dw), A.int(w2.pt), A.int(w2.pl),
      A.int(zp.x), A.ints(zp.w), rq ? A.floats(rq.scale) : A.null(), A.int(rq?.zp ?? 0), A.int(rq?.lo ?? 0), A.int(rq?.hi ?? 0)],
  };
}

const macs = (c: OpCtx, wi: number): number => numel(c.output(0).shape) * numel(c.shape(wi).slice(1));

export const qlinearConv: OpDef = {
  op: 'QLinearConv',
  infer(c) {
    checkTypes(c, QLINEAR);
    const g = qconvGeometry(c, 0, 3);
    const { y } = qlinearConvQuant(c, g.m);
    const t = c.hasInput(7) ? c.requireDType(7, Q8) : c.dtype(0);
    if (c.hasInput(8)) {
      c.requireDType(8, ['int32']);
      if (numel(c.shape(8)) !== g.m) c.fail('AOTC0013', `bias has ${numel(c.shape(8))} elements, expected ${g.m}`);
    }
    outRange(c, t);
    return [{ dtype: t, shape: [g.n, g.m, ...g.win.outSize], quant: y }];
  },
  macs: (c) => macs(c, 3),
  lower(c) {
    const g = qconvGeometry(c, 0, 3);
    const q = qlinearConvQuant(c, g.m);
    const [lo, hi] = outRange(c, c.output(0).dtype);
    return [convCall(c, QLINEAR, g, { x: q.x.zeroPoint[0], w: perChannel(q.w, g.m, 'zeroPoint') },
      { scale: ortScales(q.x, q.w, q.y, g.m), zp: q.y.zeroPoint[0], lo, hi })];
  },
};

/** ConvInteger zero points: x per tensor, w per tensor or per output channel (default 0). */
function integerZps(c: OpCtx, m: number): { x: number; w: number[] } {
  const x = c.hasInput(2) ? constNumbers(c, 2, 'x zero point') : [0];
  if (x.length !== 1) c.fail('AOTC0011', 'x zero point must be a single value');
  const w = c.hasInput(3) ? constNumbers(c, 3, 'w zero point') : [0];
  if (w.length !== 1 && w.length !== m) c.fail('AOTC0013', `w zero point has ${w.length} entries, expected 1 or ${m}`);
  return { x: x[0], w: w.length === 1 ? new Array<number>(m).fill(w[0]) : w };
}

export const convInteger: OpDef = {
  op: 'ConvInteger',
  infer(c) {
    checkTypes(c, INTEGER);
    const g = qconvGeometry(c, 0, 1);
    integerZps(c, g.m);
    return [{ dtype: 'int32', shape: [g.n, g.m, ...g.win.outSize] }];
  },
  macs: (c) => macs(c, 1),
  lower(c) {
    const g = qconvGeometry(c, 0, 1);
    return [convCall(c, INTEGER, g, integerZps(c, g.m))];
  },
};
