// Tests the ONNX frontend: unsupported ops listed at once, dynamic dimensions, malformed files.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../compiler/frontends/onnx/import.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildOnnx } from '../helpers/onnx-builder.js';

function catchErr(f: () => unknown): AotcError {
  try { f(); } catch (e) { if (e instanceof AotcError) return e; throw e; }
  throw new Error('expected an AotcError');
}

const relu = (dims: (number | string)[]) => buildOnnx({
  nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
  inputs: [{ name: 'x', dims }], outputs: [{ name: 'y', dims }],
});

describe('onnx import', () => {
  it('lists every unsupported node in one error with exit status 2', () => {
    const bytes = buildOnnx({
      nodes: [
        { op: 'FancyOp', inputs: ['x'], outputs: ['a'], name: 'first' },
        { op: 'Relu', inputs: ['a'], outputs: ['b'] },
        { op: 'OtherOp', inputs: ['b'], outputs: ['y'], name: 'second', domain: 'com.example' },
      ],
      inputs: [{ name: 'x', dims: [1, 4] }], outputs: [{ name: 'y', dims: [1, 4] }],
    });
    const e = catchErr(() => importOnnx(bytes));
    expect(e.code).toBe('AOTC0010');
    expect(e.exitCode).toBe(2);
    expect(e.details.join('\n')).toMatch(/first.*FancyOp/);
    expect(e.details.join('\n')).toMatch(/second.*OtherOp.*com\.example/);
  });

  it('sets a dynamic batch dimension to 1 with a note', () => {
    const g = importOnnx(relu(['N', 3]));
    expect(g.values.get(g.inputs[0])!.shape).toEqual([1, 3]);
    expect(g.notes.join()).toMatch(/batch/);
  });

  it('rejects another dynamic dimension by name, with a hint, unless fixed', () => {
    const e = catchErr(() => importOnnx(relu([1, 'seq'])));
    expect(e.code).toBe('AOTC0020');
    expect(e.message).toContain("'seq'");
    expect(e.hint).toContain('--input-shape x=');
    const g = importOnnx(relu([1, 'seq']), { inputShapes: new Map([['x', [1, 7]]]) });
    expect(g.values.get(g.inputs[0])!.shape).toEqual([1, 7]);
    const e2 = catchErr(() => importOnnx(relu([1, 'seq']), { inputShapes: new Map([['x', [2, 7]]]) }));
    expect(e2.code).toBe('AOTC0023');
    expect(e2.message).toMatch(/dimension 0 to 2.*fixes it at 1/);
  });

  it('gives AOTC0002 for malformed and truncated files', () => {
    const good = relu([1, 3]);
    for (const bad of [new Uint8Array(0), good.subarray(0, good.length - 9), new Uint8Array([0xff, 0xff, 0xff, 0x0f, 1, 2])]) {
      expect(catchErr(() => importOnnx(bad)).code).toBe('AOTC0002');
    }
  });
});
