// Quantized ONNX models (QOperator, QDQ, dynamic ConvInteger/MatMulInteger) on aotc's int8 kernels against ONNX Runtime:
// share of identical outputs, worst difference in output LSB (float outputs: units of the last dequantization scale),
// top-1 agreement on 100 seeded random inputs. The figures are the measured ones, asserted exactly.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { oraclePython } from '../../compiler/harness/tflite-oracle.js';
import { PACKAGE_ROOT } from '../../compiler/paths.js';
import { runProgram } from '../../compiler/toolchain/process.js';
import { agreement } from '../helpers/qonnx-agreement.js';
import { itWithModels, sharedModel } from '../helpers/shared-models.js';

const QDQ_DIR = join(PACKAGE_ROOT, 'build', 'qdq');

/** Measured agreement per model (100 input sets, seed 7). */
const QDQ_EXPECTED: Record<string, { identical: number; maxLsb: number; top1: number }> = {
  cnn_qdq_u8: { identical: 0.466, maxLsb: 3, top1: 0.99 },
  cnn_qdq_s8: { identical: 0.466, maxLsb: 3, top1: 0.99 },
  cnn_qop_u8: { identical: 0.44, maxLsb: 3, top1: 0.97 },
  mlp_qdq_u8: { identical: 0.9941666666666666, maxLsb: 1, top1: 1 },
  mlp_qdq_s8_tensor: { identical: 0.9925, maxLsb: 1, top1: 1 },
};

const ops = (a: { compiled: { graph: { nodes: { op: string }[] } } }) => a.compiled.graph.nodes.map((n) => n.op);
const figures = (a: { identical: number; maxLsb: number; top1: number }) => ({ identical: a.identical, maxLsb: a.maxLsb, top1: a.top1 });

describe('quantized ONNX models vs ONNX Runtime', () => {
  beforeAll(() => {
    if (Object.keys(QDQ_EXPECTED).every((m) => existsSync(join(QDQ_DIR, `${m}.onnx`)))) return;
    const r = runProgram(oraclePython(), [join(PACKAGE_ROOT, 'scripts', 'make-qdq-models.py'), QDQ_DIR], { timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`make-qdq-models.py failed: ${r.stderr.slice(-2000)}`);
  }, 300_000);

  it.each(Object.keys(QDQ_EXPECTED))('%s (quantize_static output) runs on the int8 kernels', async (m) => {
    const file = join(QDQ_DIR, `${m}.onnx`);
    const a = await agreement(readFileSync(file), file, 100);
    expect(figures(a)).toEqual(QDQ_EXPECTED[m]);
    // Every conv / matmul became a TFLM int8 kernel; no float compute remains between the first and last (de)quantization.
    expect(ops(a)).not.toContain('QLinearConv');
    expect(ops(a)).not.toContain('Conv');
    expect(ops(a).filter((o) => o === 'DequantizeLinear')).toHaveLength(1);
  }, 300_000);

  itWithModels('mnist-8-int8-dynamic (ConvInteger/MatMulInteger + float scaling) is bit-exact', ['onnx/mnist-8-int8-dynamic.onnx'], async () => {
    const file = sharedModel('onnx/mnist-8-int8-dynamic.onnx');
    // No DequantizeLinear: the output LSB is the last integer product's scale (input scale 0.05 × weight scale 0.05).
    const a = await agreement(readFileSync(file), file, 100, 0.05 * 0.05);
    expect(figures(a)).toEqual({ identical: 1, maxLsb: 0, top1: 1 });
    expect(ops(a).filter((o) => o === 'ConvInteger' || o === 'MatMulInteger')).toHaveLength(3);
  }, 300_000);

  itWithModels('mobilenetv2-12-int8 (QOperator, uint8 activations) on the int8 kernels, one transpose', ['onnx/mobilenetv2-12-int8.onnx'], async () => {
    const file = sharedModel('onnx/mobilenetv2-12-int8.onnx');
    const a = await agreement(readFileSync(file), file, 100);
    expect(figures(a)).toEqual({ identical: 0.1661, maxLsb: 13, top1: 0.78 });
    const o = ops(a);
    expect(o.filter((x) => x === 'Conv2DNhwc')).toHaveLength(52);
    expect(o.filter((x) => x === 'Transpose')).toHaveLength(1);
    expect(o).toEqual(expect.arrayContaining(['QAdd', 'QMean', 'FullyConnected']));
    expect(a.compiled.graph.notes.join('\n')).toMatch(/dynamic batch dimension 'batch_size' set to 1/);
  }, 1_200_000);
});
