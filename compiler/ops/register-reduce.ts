// Registration list of the reduce op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { REDUCE_OPS_TABLE } from './reduce.js';
import { argMax, argMin } from './arg-reduce.js';
import { topK } from './top-k.js';
import { negativeLogLikelihoodLoss, softmaxCrossEntropyLoss } from './loss.js';

export const REDUCE_OPS: OpDef[] = [
  ...REDUCE_OPS_TABLE,
  argMax, argMin,
  topK,
  negativeLogLikelihoodLoss, softmaxCrossEntropyLoss,
];
