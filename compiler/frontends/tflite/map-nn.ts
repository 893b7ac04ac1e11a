// TFLite CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and 2-D pools → NHWC IR ops, with TFLite's padding and
// fused-activation rules.

import type { Attrs } from '../../ir/graph.js';
import { numel } from '../../ir/graph.js';
import { ACT } from '../../ops/activation.js';
import { activationRange } from '../../quant/multiplier.js';
import type { Activation, Padding } from './opcodes.js';
import { isQuantized, qRange, quantOf, type TfliteOpCtx } from './op-context.js';
import type { TfliteTensor } from './reader.js';

/** Output size and explicit pads of one spatial axis, as TFLite computes them (ComputePaddingHeightWidth). */
export function tflitePadding(padding: Padding, inSize: number, filter: number, stride: number, dilation: number):
  { out: number; before: number; after: number } {
  const eff = (filter - 1) * dilation + 1;
  const out = padding === 'SAME' ? Math.trunc((inSize + stride - 1) / stride) : Math.trunc((inSize + stride - eff) / stride);
  const total = Math.max((out - 1) * stride + eff - inSize, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/**
 * Fused activation of a producer (CONV, FC, pools; QAdd-style ops): quantized → the integer clamp range act_min/act_max
 * in the output's domain; float → act_kind/act_p0/act_p1 (see ops/activation.ts). AOTC0011 for TANH / SIGN_BIT.
 */
export function fusedActivationAttrs(c: TfliteOpCtx, act: Activation, out: TfliteTensor): Attrs {
  const supported = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
  if (!supported.includes(act)) {
    c.fail('AOTC0011', `fused activation ${act} on ${c.op.opName} is not supported (supported: ${supported.join(', ')})`);
  }
  if (isQuantized(out)) {
    const q = quantOf(out)!;
    const dtype = out.type === 'int16' ? 'int16' : out.type === 'uint8' ? 'uint8' : 'int8';
    const [lo, hi] = qRange(dtype);
    const [actMin, actMax] = activationRange(act, q.scale[0]!, q.zeroPoint[0]!, lo, hi);
    return { act_min: actMin, act_max: actMax };
  }
  const range = floatActRange(act);
  return range ? { act_kind: ACT.clamp, act_p0: range[0], act_p1: range[1] } : {};
}

/** Real clamp bounds of a float fused activation; null for NONE. */
export function floatActRange(act: Activation): [number, number] | null {
  switch (act) {
    case 'RELU': return [0, Infinity];
    case 'RELU6': return [0, 6];
    case 'RELU_N1_TO_1': return [-1, 1];
    default: return null;
  }
}

function rejectHybrid(c: TfliteOpCtx, x: TfliteTensor, w: TfliteTensor): void {
  if ((x.type === 'float32' || x.type === 'float16') && w.type !== 'float32' && w.type !== 'float16') {
    c.fail('AOTC0012', `hybrid ${c.op.opName} (${x.type} input, ${w.type} weights: dynamic-range quantization) is not supported`,
      'convert the model with full integer quantization (int8 activations) or with float weights');
  }
}

function positive(c: TfliteOpCtx, what: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) c.fail('AOTC0011', `${what} ${v} is not supported (must be >= 1)`);
  return v;
}

/** Explicit pads [top, left, bottom, right] for an NHWC input of shape xs. */
function pads(c: TfliteOpCtx, padding: Padding, xs: number[], kh: number, kw: number, sh: number, sw: number, dh = 1, dw = 1): number[] {
  const h = tflitePadding(padding, xs[1]!, kh, sh, dh);
  const w = tflitePadding(padding, xs[2]!, kw, sw, dw);
  if (h.out < 1 || w.out < 1) {
    c.fail('AOTC0021', `a ${kh}x${kw} window (dilation ${dh}x${dw}) does not fit the ${xs[1]}x${xs[2]} input with ${padding} padding`);
  }
  return [h.before, w.before, h.after, w.after];
}

function nhwcInput(c: TfliteOpCtx): { x: number; xs: number[] } {
  const x = c.in(0);
  const xs = c.shape(x);
  if (xs.length !== 4) c.fail('AOTC0021', `input must be 4-D NHWC, got [${xs}]`);
  return { x, xs };
}

/** DEPTHWISE_CONV_2D weights [1,KH,KW,C*M] → [C*M,KH,KW,1] (OHWI with one input channel per group). */
function depthwiseWeights(c: TfliteOpCtx): number {
  const t = c.tensor(1);
  if (!t.data) c.fail('AOTC0022', `depthwise weights '${t.name}' must be a constant tensor`);
  const src = c.value(c.in(1));
  const [one, kh, kw, cm] = src.shape as [number, number, number, number];
  if (src.shape.length !== 4 || one !== 1) c.fail('AOTC0021', `depthwise weights must be [1,KH,KW,C*M], got [${src.shape}]`);
  const data = src.data!;
  const dst = new Array<number | bigint>(data.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let o = 0; o < cm; o++) {
    dst[(o * kh + y) * kw + x] = data[(y * kw + x) * cm + o]!;
  }
  const q = src.quant;
  const quant = q ? { scale: [...q.scale], zeroPoint: [...q.zeroPoint], axis: q.scale.length > 1 ? 0 : q.axis === 3 ? 0 : q.axis } : undefined;
  if (q && q.scale.length > 1 && q.axis !== 3) c.fail('AOTC0011', `depthwise weights are quantized per channel along axis ${q.axis}, expected 3`);
  return c.constant('weights_ohwi', src.dtype, [cm, kh, kw, 1], dst, quant);
}

function conv2d(c: TfliteOpCtx, depthwise: boolean): void {
  const o = depthwise ? c.options('DepthwiseConv2DOptions') : c.options('Conv2DOptions');
  const wT = c.tensor(1);
  rejectHybrid(c, c.tensor(0), wT);
  const { x, xs } = nhwcInput(c);
  if (wT.shape.length !== 4) c.fail('AOTC0021', `weights must be 4-D, got [${wT.shape}]`);
  const [, kh, kw, wc] = wT.shape as [number, number, number, number];
  const sh = positive(c, 'stride_h', o.strideH), sw = positive(c, 'stride_w', o.strideW);
  const dh = positive(c, 'dilation_h_factor', o.dilationHFactor), dw = positive(c, 'dilation_w_factor', o.dilationWFactor);
  const cin = xs[3]!;
  let w: number, group: number;
  if (depthwise) {
    if (wc % cin !== 0) c.fail('AOTC0021', `depthwise output channels ${wc} are not a multiple of the ${cin} input channels`);
    w = depthwiseWeights(c);
    group = cin;
  } else {
    if (wc < 1 || cin % wc !== 0) c.fail('AOTC0021', `input channels ${cin} are not a multiple of the filter's ${wc}`);
    w = c.in(1);
    group = cin / wc;
  }
  c.emit('Conv2DNhwc', [x, w, c.optIn(2)], [c.out()], {
    strides: [sh, sw], dilations: [dh, dw], pads: pads(c, o.padding, xs, kh, kw, sh, sw, dh, dw), group,
    ...fusedActivationAttrs(c, o.fusedActivationFunction, c.outTensor()),
  });
}

export const mapConv2d = (c: TfliteOpCtx): void => conv2d(c, false);
export const mapDepthwiseConv2d = (c: TfliteOpCtx): void => conv2d(c, true);

export function mapFullyConnected(c: TfliteOpCtx): void {
  const o = c.options('FullyConnectedOptions');
  if (o.weightsFormat !== 'DEFAULT') c.fail('AOTC0011', `weights_format ${o.weightsFormat} is not supported`);
  const wT = c.tensor(1);
  rejectHybrid(c, c.tensor(0), wT);
  if (wT.shape.length !== 2) c.fail('AOTC0021', `weights must be 2-D [units, depth], got [${wT.shape}]`);
  const [units, depth] = wT.shape as [number, number];
  let x = c.in(0);
  const xv = c.value(x);
  const xs = [...xv.shape];
  const n = numel(xs);
  if (depth < 1 || n % depth !== 0) c.fail('AOTC0021', `input [${xs}] cannot be flattened to rows of ${depth}`);
  if (xs.length !== 2 || xs[1] !== depth) {
    const flat = c.temp('flatten', xv, [n / depth, depth]);
    c.emit('Reshape', [x, c.ints('flatten_shape', [-1, depth])], [flat], {}, 'flatten');
    x = flat;
  }
  const attrs = fusedActivationAttrs(c, o.fusedActivationFunction, c.outTensor());
  const y = c.out();
  const keep = o.keepNumDims && xs.length !== 2;
  if (!keep) {
    c.emit('FullyConnected', [x, c.in(1), c.optIn(2)], [y], attrs);
    return;
  }
  const rows = c.temp('rows', c.value(y), [n / depth, units]);
  c.emit('FullyConnected', [x, c.in(1), c.optIn(2)], [rows], attrs);
  c.emit('Reshape', [rows, c.ints('keep_dims_shape', [...xs.slice(0, -1), units])], [y], {}, 'keep_num_dims');
}

function pool(c: TfliteOpCtx, op: 'AvgPool2DNhwc' | 'MaxPool2DNhwc'): void {
  const o = c.options('Pool2DOptions');
  const { x, xs } = nhwcInput(c);
  const kh = positive(c, 'filter_height', o.filterHeight), kw = positive(c, 'filter_width', o.filterWidth);
  const sh = positive(c, 'stride_h', o.strideH), sw = positive(c, 'stride_w', o.strideW);
  c.emit(op, [x], [c.out()], {
    kernel: [kh, kw], strides: [sh, sw], pads: pads(c, o.padding, xs, kh, kw, sh, sw),
    ...fusedActivationAttrs(c, o.fusedActivationFunction, c.outTensor()),
  });
}

export const mapAveragePool2d = (c: TfliteOpCtx): void => pool(c, 'AvgPool2DNhwc');
export const mapMaxPool2d = (c: TfliteOpCtx): void => pool(c, 'MaxPool2DNhwc');
