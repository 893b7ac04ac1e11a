// The <name>.json report `aotc compile` writes: the four sizes, section sizes, the planned buffers; and `aotc report`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, vi } from 'vitest';
import { aotc, itWith } from '../cli/helpers.js';
import { cleanupTemp, demoModel, tempDir } from './helpers.js';

afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 120_000 });

const CLANG = '/usr/bin/clang-19';

describe('report fields of aotc compile', () => {
  const dir = tempDir('manifest');
  const model = join(dir, 'kws_demo.onnx');
  writeFileSync(model, demoModel());

  itWith([CLANG], 'records flash (code + weights), RAM (activations + io), sections and the planned buffers', () => {
    const r = aotc(['compile', model, '--target', 'cortex-m7', '-o', join(dir, 'm7')]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'm7/kws_demo.json'), 'utf8'));
    expect(m.schemaVersion).toBe(1);
    const o = m.object;
    expect(m.sizes.flash.code).toBe(o.text + o.rodata + o.data);
    expect(m.sizes.flash.code).toBe(m.footprint.flash.code);
    expect(m.sizes.flash.weights).toBe(readFileSync(join(dir, 'm7/kws_demo.weights.bin')).length);
    expect(m.sizes.flash.total).toBe(m.sizes.flash.code + m.sizes.flash.weights);
    expect(m.sizes.ram).toEqual({ activations: m.memory.activations, io: m.memory.mutable, total: m.memory.activations + m.memory.mutable });
    // every activation buffer of a layer is a planned buffer with the same offset and lifetime
    const planned = m.memory.buffers as { offset: number; bytes: number; first: number; last: number }[];
    expect(planned.length).toBeGreaterThan(0);
    for (const l of m.layers) {
      for (const b of l.buffers.filter((x: { region: string }) => x.region === 'act')) {
        expect(planned.some((p) => p.offset === b.offset && p.first <= b.first && b.last <= p.last && b.bytes <= p.bytes), `${l.name}`).toBe(true);
      }
    }
    for (const p of planned) expect(p.offset + p.bytes).toBeLessThanOrEqual(m.memory.activations);
    // with --no-object the code size is unknown, not zero
    const n = aotc(['compile', model, '--target', 'cortex-m7', '--no-object', '-o', join(dir, 'noobj')]);
    expect(n.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'noobj/kws_demo.json'), 'utf8')).sizes.flash).toMatchObject({ code: null, total: null });
  });

  itWith([CLANG], 'aotc report writes one HTML page from a model or from a report', () => {
    const out = join(dir, 'r.html');
    const r = aotc(['report', model, '--target', 'cortex-m7', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('kws_demo.onnx');
    expect(html).toContain('<svg');
    expect(html).toMatch(/\.text [\d,]+ B/);
    // the same page from the bundle's report (given the same object, the same bytes)
    aotc(['compile', model, '--target', 'cortex-m7', '-o', join(dir, 'm7b')]);
    const fromJson = aotc(['report', join(dir, 'm7b/kws_demo.json'), '-o', join(dir, 'j.html')]);
    expect(fromJson.code).toBe(0);
    expect(readFileSync(join(dir, 'j.html'), 'utf8')).toBe(html);
    const bad = aotc(['report', model, '--target', 'cortex-m99', '-o', join(dir, 'x.html')]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('AOTC0060')]);
  });
});
