// CLI error handling: stable codes and exit statuses, no stack traces, malformed models → AOTC0002.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanupTemp, aotc, CONV, hasStack, itWith, LOOP, MNIST, tempDir } from './helpers.js';

function expectError(r: { code: number; stderr: string }, code: string, exit: number): void {
  expect(r.stderr).toContain(`error ${code}:`);
  expect(r.code).toBe(exit);
  expect(hasStack(r.stderr)).toBe(false);
}

// each test spawns the CLI several times (compiles, clang); the machine may be busy
afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 120_000 });

describe('aotc errors', () => {
  itWith([LOOP], 'unsupported operators: exit 2, AOTC0010 listing every unsupported node', () => {
    const r = aotc(['compile', LOOP, '-o', join(tempDir('unsup'), 'o')]);
    expectError(r, 'AOTC0010', 2);
    expect(r.stderr).toContain('Loop');
    expect(r.stderr).toMatch(/node '.*': Loop \(domain ai\.onnx, opset \d+\)/);
    expect(r.stderr).toContain('aotc ops');
  });

  itWith([MNIST, CONV], 'truncated, random and empty model files give AOTC0002 without a stack trace', () => {
    const d = tempDir('malformed');
    const mnist = readFileSync(MNIST);
    const files: Record<string, Uint8Array> = {
      'trunc-half.onnx': mnist.subarray(0, mnist.length >> 1),
      'trunc-head.onnx': mnist.subarray(0, 100),
      'trunc-conv.onnx': readFileSync(CONV).subarray(0, 60),
      'random.onnx': Uint8Array.from({ length: 4096 }, (_x, i) => (i * 2654435761) >>> 24),
      'empty.onnx': new Uint8Array(0),
      'text.onnx': new TextEncoder().encode('this is not a model\n'),
    };
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(join(d, name), bytes);
      const r = aotc(['compile', join(d, name), '-o', join(d, 'out')]);
      expect(r.stderr, name).toContain('error AOTC0002:');
      expectError(r, 'AOTC0002', 2);
    }
    expectError(aotc(['inspect', join(d, 'trunc-half.onnx')]), 'AOTC0002', 2);
    expect(readdirSync(d).sort()).toEqual(Object.keys(files).sort());
  });

  it('missing model file → AOTC0001', () => {
    expectError(aotc(['inspect', '/nonexistent/model.onnx']), 'AOTC0001', 2);
    expectError(aotc(['compile', tempDir('dir')]), 'AOTC0001', 2);
  });

  itWith([CONV], 'unknown commands and options, missing arguments → AOTC0061 exit 2', () => {
    const r = aotc(['frobnicate']);
    expectError(r, 'AOTC0061', 2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expectError(aotc(['compile', CONV, '--bogus']), 'AOTC0061', 2);
    expectError(aotc(['compile']), 'AOTC0061', 2);
    expectError(aotc(['run', CONV]), 'AOTC0061', 2); // --data and -o are required
    expectError(aotc(['validate', CONV, '--runs', 'many']), 'AOTC0061', 2);
    expectError(aotc(['validate', CONV, '--atol', '-1']), 'AOTC0061', 2);
    expectError(aotc(['compile', CONV, '--target', 'pdp11', '--no-object', '-o', join(tempDir('t'), 'o')]), 'AOTC0060', 2);
  });

  it('--help and --version exit 0; no command prints usage and exits 2', () => {
    const h = aotc(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('compile');
    const v = aotc(['validate', '--help']);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('1e-4 * max(1, reference max - reference min)');
    expect(aotc(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const none = aotc([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: aotc');
  });

  it('ops lists the supported operators', () => {
    const r = aotc(['ops', '--json']);
    expect(r.code).toBe(0);
    const ops = JSON.parse(r.stdout);
    expect(ops).toContain('Conv');
    expect(ops).toEqual([...ops].sort());
    expect(aotc(['ops']).stdout).toMatch(/^\d+ supported operators/);
  });

  it('doctor reports the toolchain with install commands', () => {
    const r = aotc(['doctor']);
    expect(r.stdout).toContain('C compiler');
    for (const t of ['ld.lld-19', 'llvm-size-19', 'arm-none-eabi-gcc', 'qemu-system-arm', 'qemu-aarch64', 'valgrind', 'onnxruntime-node', 'binaryen', '.venv']) {
      expect(r.stdout).toContain(t);
    }
    const bad = aotc(['doctor', '--cc', '/nonexistent/cc']);
    expectError(bad, 'AOTC0040', 4);
    expect(bad.stdout).toMatch(/MISSING\s+C compiler/);
    expect(bad.stdout).toContain('apt-get install -y clang-19');
  });
});
