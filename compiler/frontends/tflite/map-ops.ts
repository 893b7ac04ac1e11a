// TFLite builtin operator → IR node(s): the mapper table (arithmetic, activations, reductions, data movement).

import type { DType } from '../../ir/dtype.js';
import { activationRange } from '../../quant/multiplier.js';
import {
  fusedActivationAttrs, floatActRange, mapAveragePool2d, mapConv2d, mapDepthwiseConv2d, mapFullyConnected, mapMaxPool2d,
} from './map-nn.js';
import { mapStridedSlice } from './map-slice.js';
import type { Activation } from './opcodes.js';
import { isQuantized, qRange, quantOf, type TfliteOpCtx } from './op-context.js';

export type Mapper = (c: TfliteOpCtx) => void;

/**
 * Data-movement operators copy bytes: TFLite Micro reads them back with the output's parameters, aotc keeps the
 * input's, so they must agree.
 */
export function requireSameQuant(c: TfliteOpCtx, k = 0): void {
  const a = quantOf(c.tensor(k)), b = quantOf(c.outTensor());
  if (!a && !b) return;
  const key = (q: typeof a) => JSON.stringify(q ? [q.scale, q.zeroPoint] : null);
  if (key(a) !== key(b)) {
    c.fail('AOTC0011', `input ${k} and the output have different quantization parameters (${key(a)} vs ${key(b)}); `
      + 'a requantizing data-movement operator is not supported');
  }
}

/** Emit `build` into the output, followed by a separate clamp node when the fused activation is not NONE. */
function withActivation(c: TfliteOpCtx, act: Activation, build: (dst: number) => void): void {
  const y = c.out();
  if (act === 'NONE') { build(y); return; }
  const yT = c.outTensor();
  const yv = c.value(y);
  const pre = c.temp('pre_activation', yv);
  build(pre);
  if (isQuantized(yT)) {
    const q = quantOf(yT)!;
    if (!floatActRange(act)) c.fail('AOTC0011', `fused activation ${act} on ${c.op.opName} is not supported`);
    const [lo, hi] = activationRange(act, q.scale[0]!, q.zeroPoint[0]!, ...qRange(yv.dtype));
    c.emit('Clip', [pre, c.constant('act_min', yv.dtype, [], [lo]), c.constant('act_max', yv.dtype, [], [hi])], [y], {}, 'activation');
    return;
  }
  const range = floatActRange(act);
  if (!range) c.fail('AOTC0011', `fused activation ${act} on ${c.op.opName} is not supported (supported: NONE, RELU, RELU6, RELU_N1_TO_1)`);
  if (range[1] === Infinity) c.emit('Relu', [pre], [y], {}, 'activation');
  else c.emit('Clip', [pre, c.constant('act_min', yv.dtype, [], [range[0]]), c.constant('act_max', yv.dtype, [], [range[1]])], [y], {}, 'activation');
}

function binary(floatOp: string, qOp: string, kind: 'AddOptions' | 'SubOptions' | 'MulOptions'): Mapper {
  return (c) => {
    const act = c.options(kind).fusedActivationFunction;
    const yT = c.outTensor();
    if (isQuantized(yT)) {
      c.emit(qOp, [c.in(0), c.in(1)], [c.out()], fusedActivationAttrs(c, act, yT));
      return;
    }
    withActivation(c, act, (dst) => c.emit(floatOp, [c.in(0), c.in(1)], [dst]));
  };
}

/** Unary op: the quantized IR op (with attrs) for int8/int16 tensors, else the float form. */
function unary(qOp: string, floatOp: (c: TfliteOpCtx, x: number, y: number) => void, qAttrs: (c: TfliteOpCtx) => Record<string, number> = () => ({})): Mapper {
  return (c) => {
    if (isQuantized(c.tensor(0)) || isQuantized(c.outTensor())) c.emit(qOp, [c.in(0)], [c.out()], qAttrs(c));
    else floatOp(c, c.in(0), c.out());
  };
}

const simple = (op: string, attrs: (c: TfliteOpCtx) => Record<string, number> = () => ({})) =>
  (c: TfliteOpCtx, x: number, y: number): void => { c.emit(op, [x], [y], attrs(c)); };

function clip(lo: number, hi: number) {
  return (c: TfliteOpCtx, x: number, y: number): void => {
    const t: DType = c.value(x).dtype;
    c.emit('Clip', [x, c.constant('min', t, [], [lo]), c.constant('max', t, [], [hi])], [y]);
  };
}

const alpha = (c: TfliteOpCtx) => ({ alpha: c.options('LeakyReluOptions').alpha });

function mapSoftmax(c: TfliteOpCtx): void {
  const beta = c.options('SoftmaxOptions').beta;
  if (isQuantized(c.tensor(0))) { c.emit('QSoftmax', [c.in(0)], [c.out()], { beta }); return; }
  let x = c.in(0);
  if (beta !== 1) {
    const scaled = c.temp('scaled', c.value(x));
    c.emit('Mul', [x, c.constant('beta', c.value(x).dtype, [], [beta])], [scaled], {}, 'beta');
    x = scaled;
  }
  c.emit('Softmax', [x], [c.out()], { axis: -1 });
}

function mapMean(c: TfliteOpCtx): void {
  const keepdims = c.options('ReducerOptions').keepDims ? 1 : 0;
  const x = c.in(0);
  const rank = c.shape(x).length;
  const raw = c.constInts(1, 'the reduction axes');
  const axes = [...new Set(raw.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (axes.some((a) => a < 0 || a >= rank)) c.fail('AOTC0013', `reduction axes [${raw}] are out of range for rank ${rank}`);
  if (isQuantized(c.tensor(0))) { c.emit('QMean', [x], [c.out()], { axes, keepdims }); return; }
  c.emit('ReduceMean', [x, c.ints('axes', axes)], [c.out()], { keepdims, noop_with_empty_axes: 1 });
}

function mapDequantize(c: TfliteOpCtx): void {
  const t = c.tensor(0);
  if (t.type === 'float16') {
    // float16 constants are already float32 after import; a float16 activation is widened by a Cast.
    if (t.data) c.alias(0, c.in(0));
    else c.emit('Cast', [c.in(0)], [c.out()], { to: 1 });
    return;
  }
  c.emit('Dequantize', [c.in(0)], [c.out()]);
}

function mapReshape(c: TfliteOpCtx): void {
  requireSameQuant(c);
  let spec: number[];
  if (c.has(1) && c.tensor(1).data) spec = c.constInts(1, 'the target shape');
  else if (c.op.options?.kind === 'ReshapeOptions' && c.op.options.newShape.length) {
    spec = c.op.options.newShape;
    if (!c.has(1) && spec.length === 1 && spec[0] === 0) spec = []; // legacy scalar form
  } else {
    // TFLite Micro reshapes to the output tensor's stored shape (its dynamic dimension, if any, inferred).
    const t = c.outTensor();
    spec = t.shape.map((d, i) => ((t.shapeSignature?.[i] ?? d) < 0 ? -1 : d));
  }
  c.emit('Reshape', [c.in(0), c.ints('shape', spec)], [c.out()], { allowzero: 1 });
}

function mapSqueeze(c: TfliteOpCtx): void {
  requireSameQuant(c);
  const dims = c.options('SqueezeOptions').squeezeDims ?? [];
  c.emit('Squeeze', dims.length ? [c.in(0), c.ints('axes', dims)] : [c.in(0)], [c.out()]);
}

function mapPad(c: TfliteOpCtx): void {
  requireSameQuant(c);
  const x = c.in(0);
  const rank = c.shape(x).length;
  const p = c.constInts(1, 'the paddings');
  if (p.length !== 2 * rank) c.fail('AOTC0013', `paddings hold ${p.length} values; a rank-${rank} input needs ${2 * rank}`);
  const pads = [...p.filter((_v, i) => i % 2 === 0), ...p.filter((_v, i) => i % 2 === 1)];
  let fill: number | null = null;
  if (c.has(2)) fill = c.in(2);
  else if (isQuantized(c.outTensor())) fill = c.constant('pad_value', c.value(x).dtype, [], [quantOf(c.outTensor())!.zeroPoint[0]!]);
  c.emit('Pad', fill === null ? [x, c.ints('pads', pads)] : [x, c.ints('pads', pads), fill], [c.out()], { mode: 'constant' });
}

function mapConcatenation(c: TfliteOpCtx): void {
  const o = c.options('ConcatenationOptions');
  const n = c.op.inputs.length;
  for (let k = 0; k < n; k++) requireSameQuant(c, k);
  const inputs = Array.from({ length: n }, (_x, k) => c.in(k));
  const rank = c.shape(inputs[0]!).length;
  const axis = o.axis < 0 ? o.axis + rank : o.axis;
  withActivation(c, o.fusedActivationFunction, (dst) => c.emit('Concat', inputs, [dst], { axis }));
}

function mapTranspose(c: TfliteOpCtx): void {
  requireSameQuant(c);
  c.emit('Transpose', [c.in(0)], [c.out()], { perm: c.constInts(1, 'the permutation') });
}

export const MAPPERS: Record<string, Mapper> = {
  CONV_2D: mapConv2d,
  DEPTHWISE_CONV_2D: mapDepthwiseConv2d,
  FULLY_CONNECTED: mapFullyConnected,
  AVERAGE_POOL_2D: mapAveragePool2d,
  MAX_POOL_2D: mapMaxPool2d,
  ADD: binary('Add', 'QAdd', 'AddOptions'),
  SUB: binary('Sub', 'QSub', 'SubOptions'),
  MUL: binary('Mul', 'QMul', 'MulOptions'),
  SOFTMAX: mapSoftmax,
  LOGISTIC: unary('QLogistic', simple('Sigmoid')),
  TANH: unary('QTanh', simple('Tanh')),
  RELU: unary('QRelu', simple('Relu'), () => ({ lo: 0, hi: Infinity })),
  RELU6: unary('QRelu', clip(0, 6), () => ({ lo: 0, hi: 6 })),
  RELU_N1_TO_1: unary('QRelu', clip(-1, 1), () => ({ lo: -1, hi: 1 })),
  LEAKY_RELU: unary('QLeakyRelu', simple('LeakyRelu', alpha), alpha),
  HARD_SWISH: unary('QHardSwish', simple('HardSwish')),
  MEAN: mapMean,
  QUANTIZE: (c) => c.emit('Quantize', [c.in(0)], [c.out()]),
  DEQUANTIZE: mapDequantize,
  RESHAPE: mapReshape,
  SQUEEZE: mapSqueeze,
  PAD: mapPad,
  PADV2: mapPad,
  CONCATENATION: mapConcatenation,
  TRANSPOSE: mapTranspose,
  STRIDED_SLICE: (c) => { requireSameQuant(c); mapStridedSlice(c); },
};
