// The quantized-ONNX pass: ONNX quantized ops (QOperator models, and QDQ groups fused by qdq-fuse) onto aotc's int8
// kernels: quantization propagated through int8 max pooling, uint8 tensors converted to int8, nodes mapped, re-inferred.

import type { Graph } from '../ir/graph.js';
import { QONNX_OPS } from '../ops/register-qonnx.js';
import { inferAndFold } from './infer-and-fold.js';
import { convertUint8 } from './qdq-uint8.js';
import { lowerQuantizedNodes } from './qdq-lower.js';

const QONNX = new Set(QONNX_OPS.map((d) => d.op));

export function lowerQuantizedOnnx(g: Graph): void {
  if (!g.nodes.some((n) => QONNX.has(n.op))) return;
  // Max pooling of quantized data keeps the input's quantization (ONNX MaxPool's inference knows nothing of it).
  for (const n of g.nodes) {
    const x = n.inputs[0] !== null ? g.values.get(n.inputs[0]) : undefined;
    const y = g.values.get(n.outputs[0]);
    if (n.op === 'MaxPool' && x?.quant && y && !y.quant && (x.dtype === 'int8' || x.dtype === 'uint8')) y.quant = x.quant;
  }
  convertUint8(g);
  inferAndFold(g);
  const mapped = lowerQuantizedNodes(g);
  inferAndFold(g);
  if (mapped) g.notes.push(`quantized ONNX: ${mapped} node(s) mapped onto the int8 (TFLite Micro) kernels`);
}
