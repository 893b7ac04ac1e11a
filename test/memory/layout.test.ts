// Tests memory layout on real bundles: aliases share storage, in-place reuse, io copies, results unchanged.
import { describe, expect, it } from 'vitest';
import { buildOnnx } from '../helpers/onnx-builder.js';
import { runModel, seq } from '../helpers/run-model.js';

function expected(x: Float32Array): Float32Array {
  return Float32Array.from(x, (v) => -Math.tanh(1 / (1 + Math.exp(-v))) + Math.exp(v));
}

describe('memory layout', () => {
  // The builder only writes float initializers; give Reshape an int64 shape via a Constant node instead.
  const withShape = buildOnnx({
    nodes: [
      { op: 'Constant', inputs: [], outputs: ['shape'], attrs: { value_ints: [4, 4] } },
      { op: 'Exp', inputs: ['x'], outputs: ['a2pre'] },
      { op: 'Reshape', inputs: ['a2pre', 'shape'], outputs: ['a2'] },
      { op: 'Sigmoid', inputs: ['x'], outputs: ['a'] },
      { op: 'Reshape', inputs: ['a', 'shape'], outputs: ['b'] },
      { op: 'Tanh', inputs: ['b'], outputs: ['c'] },
      { op: 'Neg', inputs: ['c'], outputs: ['d'] },
      { op: 'Add', inputs: ['d', 'a2'], outputs: ['y'] },
    ],
    inputs: [{ name: 'x', dims: [2, 8] }], outputs: [{ name: 'y', dims: [4, 4] }],
  });
  const x = seq(16, (i) => (i - 8) / 3);

  it('computes the same results with and without in-place reuse', () => {
    const a = runModel(withShape, [x]);
    const b = runModel(withShape, [x], { inplace: false });
    const want = expected(x);
    for (let i = 0; i < 16; i++) expect(a.outputs[0][i]).toBeCloseTo(want[i], 5);
    expect(Array.from(a.outputs[0])).toEqual(Array.from(b.outputs[0]));
    expect(a.compiled.memory.act.size).toBeLessThan(b.compiled.memory.act.size);
  });

  it('turns Reshape into a view (no kernel call, shared offset)', () => {
    const { compiled } = runModel(withShape, [x]);
    const reshapes = compiled.lowered.filter((l) => l.node.op === 'Reshape');
    expect(reshapes.length).toBe(2);
    for (const r of reshapes) {
      expect(r.calls).toEqual([]);
      expect(compiled.memory.loc.get(r.node.inputs[0]!)).toEqual(compiled.memory.loc.get(r.node.outputs[0]));
    }
  });

  it('copies when a graph input is returned (reshaped) as a graph output', () => {
    const m = buildOnnx({
      nodes: [
        { op: 'Constant', inputs: [], outputs: ['shape'], attrs: { value_ints: [16] } },
        { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] },
        { op: 'Relu', inputs: ['x'], outputs: ['z'] },
      ],
      inputs: [{ name: 'x', dims: [2, 8] }], outputs: [{ name: 'y', dims: [16] }, { name: 'z', dims: [2, 8] }],
    });
    const { outputs, compiled } = runModel(m, [x]);
    expect(Array.from(outputs[0])).toEqual(Array.from(x));
    expect(Array.from(outputs[1])).toEqual(Array.from(x, (v) => Math.max(v, 0)));
    expect(compiled.lowered.find((l) => l.node.op === 'Reshape')!.calls[0].kernel).toBe('copy');
  });
});
