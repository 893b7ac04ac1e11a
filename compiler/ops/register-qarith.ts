// Registration list of the qarith op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { qAdd, qMul, qSub } from './q-add-sub-mul.js';
import { qSoftmax } from './q-softmax.js';
import { qLogistic, qTanh } from './q-logistic-tanh.js';
import { qLeakyRelu, qRelu } from './q-relu.js';
import { qHardSwish } from './q-hard-swish.js';
import { qMean } from './q-mean.js';
import { quantize } from './quantize.js';
import { dequantize } from './dequantize.js';

export const QARITH_OPS: OpDef[] = [
  qAdd, qSub, qMul, qSoftmax, qLogistic, qTanh, qRelu, qLeakyRelu, qHardSwish, qMean, quantize, dequantize,
];
