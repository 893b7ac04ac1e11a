// Tests the pass pipeline: BatchNorm folding, activation fusion, verifier after every pass, dumps.
import { describe, expect, it } from 'vitest';
import { optimizeModel } from '../../compiler/compile.js';
import { buildOnnx } from '../helpers/onnx-builder.js';
import { runModel, seq } from '../helpers/run-model.js';
import { verifyGraph } from '../../compiler/passes/verify.js';
import { newGraph, addValue, addNode } from '../../compiler/ir/graph.js';

const w = seq(2 * 1 * 3 * 3, (i) => ((i * 7) % 5) / 5 - 0.4);
const convBnRelu = buildOnnx({
  nodes: [
    { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'BatchNormalization', inputs: ['c', 'scale', 'bias', 'mean', 'var'], outputs: ['n'], attrs: { epsilon: 1e-3 } },
    { op: 'Relu', inputs: ['n'], outputs: ['y'] },
  ],
  inputs: [{ name: 'x', dims: [1, 1, 4, 4] }], outputs: [{ name: 'y', dims: [1, 2, 4, 4] }],
  initializers: [
    { name: 'w', dims: [2, 1, 3, 3], data: Array.from(w) }, { name: 'b', dims: [2], data: [0.1, -0.2] },
    { name: 'scale', dims: [2], data: [1.5, 0.5] }, { name: 'bias', dims: [2], data: [0.25, -0.5] },
    { name: 'mean', dims: [2], data: [0.1, 0.2] }, { name: 'var', dims: [2], data: [0.9, 1.1] },
  ],
});

function reference(x: Float32Array): number[] {
  const out: number[] = [];
  const bn = [[1.5, 0.25, 0.1, 0.9], [0.5, -0.5, 0.2, 1.1]];
  for (let m = 0; m < 2; m++) for (let oy = 0; oy < 4; oy++) for (let ox = 0; ox < 4; ox++) {
    let acc = [0.1, -0.2][m];
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
      const iy = oy + ky - 1, ix = ox + kx - 1;
      if (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) acc += x[iy * 4 + ix] * w[m * 9 + ky * 3 + kx];
    }
    const [s, b, mu, v] = bn[m];
    out.push(Math.max(0, (acc - mu) / Math.sqrt(v + 1e-3) * s + b));
  }
  return out;
}

describe('pipeline', () => {
  it('folds BatchNormalization and fuses Relu into Conv', () => {
    const g = optimizeModel(convBnRelu, 'm.onnx', { verify: true });
    expect(g.nodes.map((n) => n.op)).toEqual(['Conv']);
    expect(g.nodes[0].attrs.act_op).toBe('Relu');
    expect(g.values.get(g.outputs[0])!.name).toBe('y');
  });

  it('computes the unfused result', () => {
    const x = seq(16, (i) => Math.sin(i));
    const { outputs } = runModel(convBnRelu, [x]);
    reference(x).forEach((v, i) => expect(outputs[0][i]).toBeCloseTo(v, 5));
  });

  it('dumps the IR after a named pass, and rejects unknown pass names', () => {
    const dumps: string[] = [];
    optimizeModel(convBnRelu, 'm.onnx', { dumpAfter: ['fold-batchnorm'], dump: (p, t) => dumps.push(`${p}\n${t}`) });
    expect(dumps).toHaveLength(1);
    expect(dumps[0]).toMatch(/Conv\(%x, %w\/bn_folded/);
    expect(() => optimizeModel(convBnRelu, 'm.onnx', { dumpAfter: ['nope'] })).toThrow(/unknown pass/);
  });

  it('the verifier catches use-before-definition and bad constants', () => {
    const g = newGraph('g');
    const x = addValue(g, { name: 'x', dtype: 'float32', shape: [2] });
    const y = addValue(g, { name: 'y', dtype: 'float32', shape: [2] });
    const z = addValue(g, { name: 'z', dtype: 'float32', shape: [2] });
    addNode(g, { name: 'n1', op: 'Relu', inputs: [y.id], outputs: [z.id], attrs: {} });
    addNode(g, { name: 'n0', op: 'Relu', inputs: [x.id], outputs: [y.id], attrs: {} });
    addValue(g, { name: 'c', dtype: 'float32', shape: [3], data: new Float32Array(2) });
    g.inputs = [x.id]; g.outputs = [z.id];
    const errs = verifyGraph(g).join('\n');
    expect(errs).toMatch(/used before it is defined/);
    expect(errs).toMatch(/holds 2 elements/);
  });
});
