// `aotc compile`: deterministic byte-identical bundles, atomic output, the manifest and the printed summary.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, vi } from 'vitest';
import { cleanupTemp, aotc, CONV, itWith, MNIST, tempDir } from './helpers.js';

const FILES = ['conv.h', 'conv.c', 'conv.weights.bin', 'conv.weights.c', 'conv.json', 'conv.o'];

/** A fake C compiler: answers --version, fails every build. */
function fakeCc(dir: string): string {
  const f = join(dir, 'fakecc');
  writeFileSync(f, '#!/bin/sh\nfor a in "$@"; do [ "$a" = --version ] && { echo fakecc 1.0; exit 0; }; done\necho "fake failure" >&2\nexit 1\n');
  chmodSync(f, 0o755);
  return f;
}

// each test spawns the CLI several times (compiles, clang); the machine may be busy
afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 120_000 });

describe('aotc compile', () => {
  itWith([CONV], 'gives byte-identical files from different folders and path spellings', () => {
    const a = tempDir('det-a'), b = tempDir('det-b');
    copyFileSync(CONV, join(b, 'model.onnx'));
    const r1 = aotc(['compile', CONV, '-o', join(a, 'out'), '--name', 'conv']);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    const r2 = aotc(['compile', 'model.onnx', '-n', 'conv', '-o', 'nested/out'], { cwd: b });
    expect(r2.code).toBe(0);
    expect(readdirSync(join(a, 'out')).sort()).toEqual([...FILES].sort());
    for (const f of FILES) {
      const x = readFileSync(join(a, 'out', f)), y = readFileSync(join(b, 'nested/out', f));
      expect(x.equals(y), f).toBe(true);
      const text = x.toString('latin1');
      expect(text).not.toContain(a);
      expect(text).not.toContain(b);
      expect(text).not.toContain('aotc-tmp');
    }
    // nothing but the output folder next to it (the temp folder is gone)
    expect(readdirSync(a)).toEqual(['out']);
    expect(readdirSync(b).sort()).toEqual(['model.onnx', 'nested']);
  });

  itWith([CONV], 'writes a manifest with versions, hashes, sizes, io and a per-layer table', () => {
    const d = tempDir('manifest');
    const r = aotc(['compile', CONV, '-o', d, '--name', 'conv']);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'conv.json'), 'utf8'));
    expect(Object.keys(m).slice(0, 4)).toEqual(['schema', 'schemaVersion', 'aotcVersion', 'bundleAbiVersion']);
    expect(m.schemaVersion).toBe(1);
    expect(m.commandLine).toBe('aotc compile model.onnx --target host --name conv');
    expect(m.model.file).toBe('model.onnx');
    expect(m.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.memory).toMatchObject({ alignment: 64, constant: readFileSync(join(d, 'conv.weights.bin')).length });
    expect(m.object.text).toBeGreaterThan(0);
    expect(m.inputs.map((i: { name: string }) => i.name)).toEqual(['x', 'W']);
    expect(m.outputs[0]).toMatchObject({ name: 'y', dtype: 'float32', shape: [1, 1, 5, 5], bytes: 100 });
    expect(m.opCounts).toEqual({ Conv: 1 });
    const [layer] = m.layers;
    expect(layer).toMatchObject({ index: 0, op: 'Conv', macs: 225, activationBytes: 100 });
    expect(layer.kernels[0].symbol).toMatch(/conv/);
    expect(layer.kernels[0].isa).toBe('ref');
    expect(layer.buffers[0]).toMatchObject({ value: 'y', region: 'io', first: 0, last: 0 });
    // header banner carries the same normalised command line
    expect(readFileSync(join(d, 'conv.h'), 'utf8')).toContain('command: aotc compile model.onnx --target host --name conv');
  });

  itWith([CONV], 'prints region sizes, the lower bound and object section sizes', () => {
    const d = tempDir('summary');
    const r = aotc(['compile', CONV, '-o', join(d, 'b'), '--name', 'conv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/weights\s+64 B/);
    expect(r.stdout).toMatch(/io\s+320 B/);
    expect(r.stdout).toMatch(/activations\s+0 B .*lower bound 0 B/);
    expect(r.stdout).toMatch(/conv\.o: \.text [\d,]+ B, \.rodata [\d,]+ B, \.data \d+ B, \.bss \d+ B/);
    expect(r.stdout).toMatch(/1 node \(Conv 1\)/);
  });

  itWith([CONV], '--no-object builds no .o and records object: null', () => {
    const d = tempDir('noobj');
    const r = aotc(['compile', CONV, '-o', d, '--name', 'conv', '--no-object', '--cc', '/nonexistent/cc']);
    expect(r.code).toBe(0);
    expect(existsSync(join(d, 'conv.o'))).toBe(false);
    expect(JSON.parse(readFileSync(join(d, 'conv.json'), 'utf8')).object).toBeNull();
  });

  itWith([CONV], 'a failed compile leaves nothing behind and keeps the user\'s files', () => {
    const d = tempDir('atomic');
    const cc = fakeCc(d);
    const r = aotc(['compile', CONV, '-o', join(d, 'new/deeper/out'), '--cc', cc]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error AOTC0041');
    expect(readdirSync(d)).toEqual(['fakecc']);

    mkdirSync(join(d, 'existing'));
    writeFileSync(join(d, 'existing', 'mine.txt'), 'keep me');
    writeFileSync(join(d, 'existing', 'conv.h'), 'old header');
    const r2 = aotc(['compile', CONV, '-o', join(d, 'existing'), '--name', 'conv', '--cc', cc]);
    expect(r2.code).toBe(4);
    expect(readdirSync(join(d, 'existing')).sort()).toEqual(['conv.h', 'mine.txt']);
    expect(readFileSync(join(d, 'existing', 'conv.h'), 'utf8')).toBe('old header');
    expect(readdirSync(d).sort()).toEqual(['existing', 'fakecc']);

    // a successful compile replaces only its own files
    const r3 = aotc(['compile', CONV, '-o', join(d, 'existing'), '--name', 'conv', '--no-object']);
    expect(r3.code).toBe(0);
    expect(readFileSync(join(d, 'existing', 'mine.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(d, 'existing', 'conv.h'), 'utf8')).toContain('generated by aotc');
  });

  itWith([CONV], 'rejects a bad --name and a bad --input-shape before writing anything', () => {
    const d = tempDir('badopt');
    const r = aotc(['compile', CONV, '-o', join(d, 'o'), '--name', '9-bad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AOTC0061');
    const r2 = aotc(['compile', CONV, '-o', join(d, 'o'), '--input-shape', 'x=1xAx5']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('AOTC0023');
    const r3 = aotc(['compile', CONV, '-o', join(d, 'o'), '--input-shape', 'nope=1x1x5x5']);
    expect(r3.stderr).toMatch(/AOTC0023.*'nope'/);
    expect(r3.stderr).toContain("'x', 'W'");
    expect(readdirSync(d)).toEqual([]);
  });

  itWith([MNIST], 'mnist-8: manifest layers carry MACs, parameter bytes, kernels and arena lifetimes', () => {
    const d = tempDir('mnist');
    const r = aotc(['compile', MNIST, '-o', d]);
    expect(r.stderr).toBe('');
    const m = JSON.parse(readFileSync(join(d, 'mnist_8.json'), 'utf8'));
    expect(m.name).toBe('mnist_8');
    expect(m.inputs[0]).toMatchObject({ name: 'Input3', dtype: 'float32', shape: [1, 1, 28, 28] });
    const conv = m.layers.find((l: { op: string }) => l.op === 'Conv');
    expect(conv.macs).toBe(8 * 28 * 28 * 25);
    expect(conv.parameterBytes).toBeGreaterThanOrEqual(8 * 25 * 4);
    const act = m.layers.flatMap((l: { buffers: { region: string }[] }) => l.buffers).filter((b: { region: string }) => b.region === 'act');
    expect(act.length).toBeGreaterThan(0);
    for (const b of act) {
      expect(b.offset + b.bytes).toBeLessThanOrEqual(m.memory.activations);
      expect(b.first).toBeLessThanOrEqual(b.last);
    }
    expect(m.memory.activationsLowerBound).toBeLessThanOrEqual(m.memory.activations);
    expect(m.totals.macs).toBe(m.layers.reduce((s: number, l: { macs: number | null }) => s + (l.macs ?? 0), 0));
  });
});
