// `aotc validate`: the bundle against ONNX Runtime on seeded random inputs or an .npz; exit 1 (AOTC0052) on mismatch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, vi } from 'vitest';
import { writeNpzFile } from '../../compiler/harness/npz.js';
import { cleanupTemp, aotc, CONV, hasStack, itWith, MNIST, NODE_TESTS, tempDir } from './helpers.js';

const MAX_F16 = join(NODE_TESTS, 'test_max_float16/model.onnx');
const GATHER = join(NODE_TESTS, 'test_gather_0/model.onnx');

afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 180_000 });

describe('aotc validate', () => {
  itWith([CONV], 'a backend-test conv model matches ONNX Runtime', () => {
    const r = aotc(['validate', CONV, '--runs', '2', '--seed', '7']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('graph optimisations disabled');
    expect(r.stdout).toContain('2 random input set(s), seed 7');
    expect(r.stdout).toMatch(/^y\s+float32\[1x1x5x5\]\s+\S+\s+\S+\s+\[.*\]\s+abs <= \d\.\d+e-4\s+pass$/m);
  });

  itWith([CONV], 'uses inputs from --data', () => {
    const d = tempDir('valdata');
    const ones = (n: number) => new Uint8Array(new Float32Array(n).fill(1).buffer);
    writeNpzFile(join(d, 'in.npz'), [['x', { dtype: 'float32', shape: [1, 1, 5, 5], data: ones(25) }], ['W', { dtype: 'float32', shape: [1, 1, 3, 3], data: ones(9) }]]);
    const r = aotc(['validate', CONV, '--data', join(d, 'in.npz'), '--atol', '0', '--rtol', '0']);
    expect(r.code).toBe(0); // small integers: exact in float32
    expect(r.stdout).toMatch(/^y .*\[4, 9\].*pass$/m);
  });

  itWith([MNIST], 'mnist-8 matches ONNX Runtime within the default tolerance', () => {
    const r = aotc(['validate', MNIST, '--runs', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plus214_Output_0\s+float32\[1x10\].*pass$/m);
  });

  itWith([MNIST], 'fails with exit 1 / AOTC0052 when outputs differ beyond --atol/--rtol', () => {
    // a 784-term float32 dot-product chain is not bit-identical to ONNX Runtime's summation order
    const r = aotc(['validate', MNIST, '--runs', '3', '--atol', '0', '--rtol', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL$/m);
    expect(r.stdout).toMatch(/worst element \d+ of set \d+: got .*, reference .*elements outside tolerance/);
    expect(r.stderr).toContain('error AOTC0052');
    expect(hasStack(r.stderr)).toBe(false);
  });

  itWith([MAX_F16], 'float16 io is fed to ONNX Runtime as float16 (test_max_float16)', () => {
    const r = aotc(['validate', MAX_F16, '--runs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^result\s+float16\[3\]\s+0\s+0\s.*pass$/m);
  });

  itWith([GATHER], 'int64 index inputs get in-range random values (test_gather_0)', () => {
    const r = aotc(['validate', GATHER, '--runs', '2', '--atol', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^y\s+float32\[3x4x3x2\].*pass$/m);
  });

  itWith([CONV], 'without onnxruntime-node: AOTC0051 with an install hint', () => {
    const d = tempDir('noort');
    // module hooks that make `import('onnxruntime-node')` fail as if the optional dependency were not installed
    writeFileSync(join(d, 'hooks.mjs'), `export async function resolve(s, c, next) {
  if (s === 'onnxruntime-node') throw new Error("Cannot find package 'onnxruntime-node'");
  return next(s, c);
}\n`);
    writeFileSync(join(d, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const r = aotc(['validate', CONV], { nodeArgs: ['--import', join(d, 'register.mjs')] });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error AOTC0051');
    expect(r.stderr).toContain('npm install onnxruntime-node');
    expect(hasStack(r.stderr)).toBe(false);
  });
});
