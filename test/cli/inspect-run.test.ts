// `aotc inspect` (graph table + memory plan) and `aotc run` (.npz in → bundle → .npz out).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareTensor, loadDataSets } from '../../compiler/harness/onnx-testcase.js';
import { readNpzFile, writeNpzFile } from '../../compiler/harness/npz.js';
import { toBytes } from '../../compiler/ir/dtype.js';
import { cleanupTemp, aotc, CONV, CONV_DIR, hasStack, itWith, MNIST, tempDir } from './helpers.js';

afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 120_000 });

describe('aotc inspect', () => {
  itWith([CONV], 'prints the node table, region sizes, arena size with its lower bound and the plan picture', () => {
    const r = aotc(['inspect', CONV]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/#\s+name\s+op\s+output\s+MACs\s+param bytes/);
    expect(r.stdout).toMatch(/0\s+Conv_0\s+Conv\s+float32\[1x1x5x5\]\s+225/);
    expect(r.stdout).toContain('arena lower bound');
    expect(r.stdout).toMatch(/arena size: \d+ bytes, lower bound: \d+ bytes/);
  });

  itWith([MNIST], 'mnist-8: text and --json agree on the arena and its lower bound', () => {
    const j = aotc(['inspect', MNIST, '--json']);
    expect(j.code).toBe(0);
    const info = JSON.parse(j.stdout);
    expect(info.memory.activations).toBeGreaterThan(0);
    expect(info.memory.activationsLowerBound).toBeLessThanOrEqual(info.memory.activations);
    expect(info.layers.map((l: { op: string }) => l.op)).toContain('MaxPool');
    expect(info.memory.buffers.length).toBeGreaterThan(0);
    const t = aotc(['inspect', MNIST]);
    expect(t.stdout).toContain(`arena size: ${info.memory.activations} bytes, lower bound: ${info.memory.activationsLowerBound} bytes`);
    // every buffer appears in the legend with its offset, size and lifetime
    for (const b of info.memory.buffers) expect(t.stdout).toMatch(new RegExp(`\\s${b.offset}\\s+${b.bytes}\\s+${b.first}\\.\\.${b.last}`));
  });
});

describe('aotc run', () => {
  itWith([CONV], 'runs the bundle on an .npz of inputs and writes outputs keyed by name (ONNX test data)', () => {
    const d = tempDir('run');
    const [set] = loadDataSets(CONV_DIR);
    writeNpzFile(join(d, 'in.npz'), [
      ['x', { dtype: 'float32', shape: set!.inputs[0]!.shape, data: toBytes(set!.inputs[0]!.data, 'float32') }],
      ['W', { dtype: 'float32', shape: set!.inputs[1]!.shape, data: toBytes(set!.inputs[1]!.data, 'float32') }],
    ]);
    const r = aotc(['run', CONV, '--data', join(d, 'in.npz'), '-o', join(d, 'out.npz')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = readNpzFile(join(d, 'out.npz'));
    expect([...out.keys()]).toEqual(['y']);
    const y = out.get('y')!;
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([1, 1, 5, 5]);
    expect(compareTensor(y.data, set!.outputs[0]!, 1e-5, 1e-6)).toBeNull();
  });

  itWith([CONV], 'rejects inputs with wrong names, dtypes or shapes with AOTC0050 listing what is expected', () => {
    const d = tempDir('runbad');
    const f32 = (shape: number[]) => ({ dtype: 'float32' as const, shape, data: new Uint8Array(shape.reduce((a, b) => a * b, 1) * 4) });
    const cases: [string, Parameters<typeof writeNpzFile>[1], RegExp][] = [
      ['missing', [['x', f32([1, 1, 5, 5])]], /missing 'W'/],
      ['extra', [['x', f32([1, 1, 5, 5])], ['W', f32([1, 1, 3, 3])], ['z', f32([1])]], /unexpected 'z'/],
      ['shape', [['x', f32([1, 5, 5])], ['W', f32([1, 1, 3, 3])]], /shape \[1x5x5\], input 'x' needs \[1x1x5x5\]/],
      ['dtype', [['x', { dtype: 'float64', shape: [1, 1, 5, 5], data: new Uint8Array(200) }], ['W', f32([1, 1, 3, 3])]], /dtype float64, input 'x' needs float32/],
    ];
    for (const [name, arrays, want] of cases) {
      writeNpzFile(join(d, `${name}.npz`), arrays);
      const r = aotc(['run', CONV, '--data', join(d, `${name}.npz`), '-o', join(d, `${name}-out.npz`)]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain('error AOTC0050');
      expect(r.stderr).toMatch(want);
      expect(r.stderr).toContain("model input 'x': float32[1x1x5x5]");
      expect(r.stderr).toContain("model input 'W': float32[1x1x3x3]");
      expect(hasStack(r.stderr)).toBe(false);
    }
    const r = aotc(['run', CONV, '--data', join(d, 'nope.npz'), '-o', join(d, 'o.npz')]);
    expect(r.stderr).toContain('error AOTC0050');
    expect(readFileSync(join(d, 'missing.npz')).length).toBeGreaterThan(0);
  });

  itWith([MNIST], 'mnist-8: positional arrays (np.savez(file, x)) are matched by position', () => {
    const d = tempDir('runpos');
    writeNpzFile(join(d, 'in.npz'), [['arr_0', { dtype: 'float32', shape: [1, 1, 28, 28], data: new Uint8Array(28 * 28 * 4) }]]);
    const r = aotc(['run', MNIST, '--data', join(d, 'in.npz'), '-o', join(d, 'out.npz')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('matched to the inputs by position');
    expect(readNpzFile(join(d, 'out.npz')).get('Plus214_Output_0')!.shape).toEqual([1, 10]);
  });
});
