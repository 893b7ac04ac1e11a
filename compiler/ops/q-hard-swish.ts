// QHardSwish: TFLite int8 HARD_SWISH in 16-bit fixed point (hi-res input, reluish and output Q15 multipliers).

import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { downScaleInt32ToInt16Multiplier } from '../quant/fixedpoint-params.js';
import { quantizeMultiplier } from '../quant/multiplier.js';
import type { OpCtx, OpDef } from './op-def.js';
import { inQ, outQ, quantOut } from './q-common.js';

const f32 = Math.fround;

/**
 * TFLM HardSwishPrepare: [in_zp, out_zp, out_mult16, out_exp, relu_mult16, relu_exp]. The scales are float32; the
 * ratios are divided in double as the pip tflite-micro build does (measured on the output multiplier).
 */
function hardSwishParams(c: OpCtx): number[] {
  const x = inQ(c, 0), y = outQ(c);
  const hiresInputScale = f32(f32(1 / 128) * x.scale);
  const reluishScale = f32(3 / 32768);
  const out = quantizeMultiplier(hiresInputScale / y.scale);
  const relu = quantizeMultiplier(hiresInputScale / reluishScale);
  if (out.shift > 0) c.fail('AOTC0011', `input/output scale ratio ${x.scale / y.scale} is too large for TFLite's int8 HARD_SWISH`);
  if (relu.shift > 31) c.fail('AOTC0011', `input scale ${x.scale} is too large for TFLite's int8 HARD_SWISH`);
  return [x.zeroPoint, y.zeroPoint, downScaleInt32ToInt16Multiplier(out.multiplier), out.shift,
    downScaleInt32ToInt16Multiplier(relu.multiplier), relu.shift];
}

export const qHardSwish: OpDef = {
  op: 'QHardSwish',
  inplace: [[0, 0]],
  infer(c) {
    c.requireDType(0, ['int8']);
    hardSwishParams(c);
    return [quantOut(c, 'int8', [...c.shape(0)])];
  },
  lower(c): KernelCall[] {
    const [inZp, outZp, outMult, outExp, reluMult, reluExp] = hardSwishParams(c);
    return [{
      kernel: 'qhard_swish',
      args: [A.in(0), A.out(0), A.int(numel(c.shape(0))), A.int(inZp), A.int(outZp), A.int(outMult), A.int(outExp),
        A.int(reluMult), A.int(reluExp)],
    }];
  },
};
