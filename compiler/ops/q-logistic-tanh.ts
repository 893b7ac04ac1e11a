// QLogistic, QTanh: TFLite int8 LOGISTIC / TANH (gemmlowp fixed-point on a Q4.27 input, saturating beyond the input radius).

import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { calculateInputRadius, frexpMultiplier } from '../quant/fixedpoint-params.js';
import type { OpCtx, OpDef } from './op-def.js';
import { inQ, outQ, quantOut } from './q-common.js';

const INPUT_INTEGER_BITS = 4;

/** TFLM CalculateArithmeticOpData(Logistic|Tanh) for int8: input multiplier, shift and range radius. */
function inputParams(c: OpCtx): { zp: number; mult: number; shift: number; radius: number } {
  const x = inQ(c, 0);
  const m = frexpMultiplier(x.scale * 2 ** (31 - INPUT_INTEGER_BITS));
  // shift >= 31 leaves radius 0: every input saturates and the multiplier is never used (as in TFLM).
  if (m.shift < 0) c.fail('AOTC0011', `input scale ${x.scale} is outside the range TFLite's int8 ${c.op === 'QTanh' ? 'TANH' : 'LOGISTIC'} handles`);
  return { zp: x.zeroPoint, mult: m.multiplier, shift: m.shift, radius: calculateInputRadius(INPUT_INTEGER_BITS, m.shift, 31) };
}

function qSigmoidLike(op: string, kernel: string): OpDef {
  return {
    op,
    inplace: [[0, 0]],
    infer(c) {
      c.requireDType(0, ['int8']);
      inputParams(c);
      // The kernels write on a fixed output grid: 1/256 with zero point -128 (logistic), 1/128 with 0 (tanh).
      // TFLM checks only the logistic zero point; the scales are assumed.
      if (op === 'QLogistic' && outQ(c).zeroPoint !== -128) c.fail('AOTC0011', `int8 logistic output must have zero point -128 (has ${outQ(c).zeroPoint})`);
      return [quantOut(c, 'int8', [...c.shape(0)])];
    },
    lower(c): KernelCall[] {
      const { zp, mult, shift, radius } = inputParams(c);
      return [{ kernel, args: [A.in(0), A.out(0), A.int(numel(c.shape(0))), A.int(zp), A.int(radius), A.int(mult), A.int(shift)] }];
    },
  };
}

export const qLogistic = qSigmoidLike('QLogistic', 'qlogistic');
export const qTanh = qSigmoidLike('QTanh', 'qtanh');
