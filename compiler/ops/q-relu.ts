// QRelu (RELU, RELU6, RELU_N1_TO_1 ... as real bounds lo/hi) and QLeakyRelu: TFLite quantized rectifiers (int8, int16).

import { allocArray, getElem, setElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { multiplyByQuantizedMultiplier as mbqm, quantizeMultiplier, roundHalfAway } from '../quant/multiplier.js';
import type { OpCtx, OpDef } from './op-def.js';
import { anyMultiplier, inQ, outQ, qKind, qRange, quantOut } from './q-common.js';

const f32 = Math.fround;

interface ReluParams { inZp: number; mult: number; shift: number; outZp: number; lo: number; hi: number }

/**
 * TFLM semantics: RELU6 clamps in the INPUT's integer domain to [zero point, quantized 6] and copies (no
 * requantization, whatever the output's quantization: Relu6Prepare/Relu6Quantized). Every other range requantizes
 * input → output and clamps in the output domain (ReluPrepare/ReluQuantized; RELU_N1_TO_1 as LiteRT's QuantizedReluX).
 */
function reluParams(c: OpCtx): ReluParams {
  const t = c.dtype(0);
  const [qmin, qmax] = qRange(t);
  const lo = c.float('lo', 0), hi = c.float('hi', Infinity);
  if (!(lo < hi) || Number.isNaN(lo)) c.fail('AOTC0011', `relu bounds [${lo}, ${hi}] are not an interval`);
  const x = inQ(c, 0), y = outQ(c);
  if (lo === 0 && hi === 6) {
    const six = Math.min(qmax, Math.max(qmin, roundHalfAway(f32(6 / x.scale)) + x.zeroPoint));
    return { inZp: 0, mult: 2 ** 30, shift: 1, outZp: 0, lo: x.zeroPoint, hi: six }; // multiplier 1.0: a clamp
  }
  // RELU: the ratio in double as the pip TFLM build computes it (its source says float32); other ranges exist in
  // LiteRT only (RELU_N1_TO_1, RELU_0_TO_1), whose QuantizedReluX divides in float32.
  const tflmRelu = lo === 0 && hi === Infinity;
  const m = anyMultiplier(c, tflmRelu ? x.scale / y.scale : f32(x.scale / y.scale), 'output');
  const bound = (v: number) => y.zeroPoint + roundHalfAway(f32(f32(v) / y.scale));
  return {
    inZp: x.zeroPoint, mult: m.multiplier, shift: m.shift, outZp: y.zeroPoint,
    lo: Number.isFinite(lo) ? Math.max(qmin, bound(lo)) : qmin,
    hi: Number.isFinite(hi) ? Math.min(qmax, bound(hi)) : qmax,
  };
}

export const qRelu: OpDef = {
  op: 'QRelu',
  inplace: [[0, 0]],
  infer(c) {
    const t = c.requireDType(0, ['int8', 'int16']);
    reluParams(c);
    return [quantOut(c, t, [...c.shape(0)])];
  },
  fold(c, outs) {
    const p = reluParams(c), x = c.constant(0)!, t = outs[0].dtype;
    const y = allocArray(t, x.length);
    for (let i = 0; i < x.length; i++) {
      setElem(y, t, i, Math.min(p.hi, Math.max(p.lo, p.outZp + mbqm(getElem(x, i) - p.inZp, p.mult, p.shift))));
    }
    return [y];
  },
  lower(c): KernelCall[] {
    const p = reluParams(c);
    return [{
      kernel: 'qrelu',
      args: [A.in(0), A.out(0), A.int(qKind(c.dtype(0))), A.int(numel(c.shape(0))), A.int(p.inZp), A.int(p.mult), A.int(p.shift),
        A.int(p.outZp), A.int(p.lo), A.int(p.hi)],
    }];
  },
};

/**
 * TFLM CalculateOpDataLeakyRelu: identity and alpha multipliers; [inZp, outZp, mId, sId, |mAlpha|, sAlpha, neg].
 * The TFLM source forms the ratios in float32; the pip tflite-micro build computes them in double (measured).
 * A negative alpha is applied as -(x · |alpha|) (TFLM's safe-alpha form; the rounding of ties differs from x · alpha).
 */
function leakyParams(c: OpCtx): number[] {
  const x = inQ(c, 0), y = outQ(c);
  const alpha = f32(c.float('alpha'));
  if (!Number.isFinite(alpha)) c.fail('AOTC0011', `alpha ${alpha} is not finite`);
  const id = anyMultiplier(c, x.scale / y.scale, 'identity');
  const al = quantizeMultiplier(x.scale * alpha / y.scale);
  if (al.shift > 30 || al.multiplier === -(2 ** 31)) c.fail('AOTC0011', `alpha ${alpha} is too large for 32-bit requantization`);
  return [x.zeroPoint, y.zeroPoint, id.multiplier, id.shift, Math.abs(al.multiplier), al.shift, al.multiplier < 0 ? 1 : 0];
}

export const qLeakyRelu: OpDef = {
  op: 'QLeakyRelu',
  inplace: [[0, 0]],
  infer(c) {
    const t = c.requireDType(0, ['int8', 'int16']);
    leakyParams(c);
    return [quantOut(c, t, [...c.shape(0)])];
  },
  fold(c, outs) {
    const [inZp, outZp, mId, sId, mAl, sAl, neg] = leakyParams(c);
    const x = c.constant(0)!, t = outs[0].dtype, [qmin, qmax] = qRange(t);
    const y = allocArray(t, x.length);
    for (let i = 0; i < x.length; i++) {
      const v = getElem(x, i) - inZp;
      const s = v >= 0 ? mbqm(v, mId, sId) : (neg ? -1 : 1) * mbqm(v, mAl, sAl);
      setElem(y, t, i, Math.min(qmax, Math.max(qmin, outZp + s)));
    }
    return [y];
  },
  lower(c): KernelCall[] {
    return [{
      kernel: 'qleaky_relu',
      args: [A.in(0), A.out(0), A.int(qKind(c.dtype(0))), A.int(numel(c.shape(0))), A.ints(leakyParams(c))],
    }];
  },
};
