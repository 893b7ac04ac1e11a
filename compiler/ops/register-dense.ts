// Registration list of the dense op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { matmul } from './matmul.js';
import { gemm } from './gemm.js';
import { einsum } from './einsum.js';
import { batchNormalization } from './batch-norm.js';
import { instanceNormalization } from './instance-norm.js';
import { layerNormalization } from './layer-norm.js';
import { meanVarianceNormalization } from './mean-variance-norm.js';
import { lrn } from './lrn.js';
import { SOFTMAX_OPS } from './softmax.js';

export const DENSE_OPS: OpDef[] = [
  matmul, gemm, einsum,
  batchNormalization, instanceNormalization, layerNormalization, meanVarianceNormalization, lrn,
  ...SOFTMAX_OPS,
];
