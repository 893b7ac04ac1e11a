// Builds aotc's demo model: a small keyword-spotting CNN (49×10 MFCC input, 12 classes) with seeded weights.
//   node dist/scripts/make-demo-model.js <out.onnx>

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildOnnx, type TestTensor } from '../compiler/frontends/onnx/build-model.js';

/** mulberry32: a small seeded PRNG so the model is the same bytes on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildDemoModel(seed = 2026): Uint8Array {
  const rnd = prng(seed);
  const tensor = (name: string, dims: number[], scale: number, offset = 0): TestTensor => ({
    name, dims, data: Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => Math.fround(offset + (rnd() * 2 - 1) * scale)),
  });
  const fanIn = (n: number) => Math.sqrt(6 / n);
  return buildOnnx({
    name: 'kws_demo',
    opset: 13,
    inputs: [{ name: 'mfcc', dims: ['batch', 1, 49, 10] }],
    outputs: [{ name: 'probabilities', dims: ['batch', 12] }],
    initializers: [
      tensor('conv1.w', [16, 1, 3, 3], fanIn(9)), tensor('conv1.b', [16], 0.1),
      tensor('bn1.scale', [16], 0.2, 1), tensor('bn1.bias', [16], 0.1), tensor('bn1.mean', [16], 0.1),
      tensor('bn1.var', [16], 0.2, 1),
      tensor('dw.w', [16, 1, 3, 3], fanIn(9)), tensor('dw.b', [16], 0.1),
      tensor('pw.w', [32, 16, 1, 1], fanIn(16)), tensor('pw.b', [32], 0.1),
      tensor('fc.w', [12, 32], fanIn(32)), tensor('fc.b', [12], 0.1),
      { name: 'relu6.min', dims: [], data: [0] }, { name: 'relu6.max', dims: [], data: [6] },
    ],
    nodes: [
      { name: 'conv1', op: 'Conv', inputs: ['mfcc', 'conv1.w', 'conv1.b'], outputs: ['c1'], attrs: { pads: [1, 1, 1, 1] } },
      { name: 'bn1', op: 'BatchNormalization', inputs: ['c1', 'bn1.scale', 'bn1.bias', 'bn1.mean', 'bn1.var'], outputs: ['n1'] },
      { name: 'relu1', op: 'Relu', inputs: ['n1'], outputs: ['r1'] },
      { name: 'pool1', op: 'MaxPool', inputs: ['r1'], outputs: ['p1'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
      { name: 'dwconv', op: 'Conv', inputs: ['p1', 'dw.w', 'dw.b'], outputs: ['d1'], attrs: { group: 16, pads: [1, 1, 1, 1] } },
      { name: 'relu2', op: 'Relu', inputs: ['d1'], outputs: ['r2'] },
      { name: 'pwconv', op: 'Conv', inputs: ['r2', 'pw.w', 'pw.b'], outputs: ['c3'] },
      { name: 'relu6', op: 'Clip', inputs: ['c3', 'relu6.min', 'relu6.max'], outputs: ['r3'] },
      { name: 'gap', op: 'GlobalAveragePool', inputs: ['r3'], outputs: ['g'] },
      { name: 'flatten', op: 'Flatten', inputs: ['g'], outputs: ['f'] },
      { name: 'fc', op: 'Gemm', inputs: ['f', 'fc.w', 'fc.b'], outputs: ['logits'], attrs: { transB: 1 } },
      { name: 'softmax', op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], attrs: { axis: 1 } },
    ],
  });
}

const out = process.argv[2];
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildDemoModel());
  console.log(`wrote ${out}`);
}
