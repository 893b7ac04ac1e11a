// QSoftmax: TFLite int8 SOFTMAX over the last axis (gemmlowp fixed-point exp), int8 or int16 output.

import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { calculateInputRadius, preprocessSoftmaxScaling } from '../quant/fixedpoint-params.js';
import type { OpCtx, OpDef } from './op-def.js';
import { declaredOutDType, inQ, outQ, qKind, quantOut } from './q-common.js';

const SCALED_DIFF_INTEGER_BITS = 5;

/** TFLM CalculateSoftmaxParams for int8 input: beta multiplier, its left shift and the smallest diff that counts. */
function softmaxParams(c: OpCtx): { mult: number; shift: number; diffMin: number } {
  const x = inQ(c, 0), y = outQ(c);
  const t = declaredOutDType(c, ['int8', 'int16']);
  // TFLM's Prepare fixes the output quantization: its kernel writes probabilities on that grid regardless.
  if (t === 'int8' && (y.zeroPoint !== -128 || y.scale !== Math.fround(1 / 256))) {
    c.fail('AOTC0011', `int8 softmax output must have scale 1/256 and zero point -128 (has ${y.scale}, ${y.zeroPoint})`);
  }
  if (t === 'int16' && (y.zeroPoint !== -32768 || Math.abs(y.scale - 1 / 65536) > 0.001 / 65536)) {
    c.fail('AOTC0011', `int16 softmax output of an int8 input must have scale 1/65536 and zero point -32768 (has ${y.scale}, ${y.zeroPoint})`);
  }
  const beta = Math.fround(c.float('beta', 1));
  const m = preprocessSoftmaxScaling(beta, x.scale, SCALED_DIFF_INTEGER_BITS);
  if (!m) return c.fail('AOTC0011', `beta ${beta} × input scale ${x.scale} is too small for TFLite's fixed-point softmax`);
  return { mult: m.multiplier, shift: m.shift, diffMin: -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, m.shift, 31) };
}

export const qSoftmax: OpDef = {
  op: 'QSoftmax',
  inplace: [[0, 0]],
  infer(c) {
    c.requireDType(0, ['int8']);
    if (c.shape(0).length < 1) c.fail('AOTC0021', 'softmax needs an input of rank >= 1');
    softmaxParams(c);
    return [quantOut(c, declaredOutDType(c, ['int8', 'int16']), [...c.shape(0)])];
  },
  lower(c): KernelCall[] {
    const shape = c.shape(0);
    const depth = shape[shape.length - 1];
    const { mult, shift, diffMin } = softmaxParams(c);
    return [{
      kernel: 'qsoftmax',
      args: [A.in(0), A.out(0), A.int(qKind(c.output(0).dtype)), A.int(depth === 0 ? 0 : numel(shape) / depth), A.int(depth),
        A.int(mult), A.int(shift), A.int(diffMin)],
    }];
  },
};
