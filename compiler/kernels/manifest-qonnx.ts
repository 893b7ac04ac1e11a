// Kernel manifest entries of the qonnx op family (ONNX quantized ops with ONNX Runtime's rounding).

import type { KernelSpec } from './kernel-spec.js';

/** A qonnx kernel file, after the family's shared header. */
const q = (name: string): KernelSpec => ({ files: ['qonnx/qonnx__ref.h', `qonnx/${name}__ref.c`], symbol: `aotc_${name}__ref` });

export const QONNX_KERNELS: Record<string, KernelSpec> = {
  quantize_linear: q('quantize_linear'),
  dequantize_linear: q('dequantize_linear'),
  conv_integer_nchw: q('conv_integer_nchw'),
  matmul_integer: q('matmul_integer'),
  qsign_flip: q('qsign_flip'),
};
