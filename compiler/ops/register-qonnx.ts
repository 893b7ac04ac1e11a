// Registration list of the qonnx op family: ONNX quantized ops (and com.microsoft contrib ones) plus QSignFlip.

import type { OpDef } from './op-def.js';
import { dequantizeLinear, quantizeLinear } from './quantize-linear.js';
import { convInteger, qlinearConv } from './qlinear-conv.js';
import { matMulInteger, qGemm, qlinearMatMul } from './qlinear-matmul.js';
import { qlinearAdd, qlinearAveragePool, qlinearConcat, qlinearGlobalAveragePool, qlinearMul } from './qlinear-contrib.js';
import { qSignFlip } from './qsign-flip.js';

export const QONNX_OPS: OpDef[] = [
  quantizeLinear, dequantizeLinear, qlinearConv, convInteger, qlinearMatMul, matMulInteger, qGemm,
  qlinearAdd, qlinearMul, qlinearGlobalAveragePool, qlinearAveragePool, qlinearConcat, qSignFlip,
];
