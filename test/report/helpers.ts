// Helpers for report tests: small models (demo, one with a scratch buffer), manifests compiled in-process, temp files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileModel, type CompileOptions } from '../../compiler/compile.js';
import { buildManifest, type Manifest } from '../../compiler/report/manifest.js';
import type { SectionSizes } from '../../compiler/toolchain/size.js';
import { buildOnnx } from '../helpers/onnx-builder.js';
import { ROOT } from '../cli/helpers.js';

const made: string[] = [];
export function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `aotc-report-${tag}-`));
  made.push(d);
  return d;
}
export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The demo model's bytes, built by dist/scripts/make-demo-model.js (importing the script would run its CLI part). */
export function demoModel(): Uint8Array {
  const f = join(tempDir('demo'), 'kws_demo.onnx');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/scripts/make-demo-model.js'), f], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make-demo-model failed: ${r.stderr}`);
  return readFileSync(f);
}

/** Relu → ReduceSum over a middle axis (a kernel with a scratch buffer) → Relu. */
export const SCRATCH_MODEL = buildOnnx({
  nodes: [
    { op: 'Constant', inputs: [], outputs: ['axes'], attrs: { value_ints: [1] } },
    { op: 'Relu', inputs: ['x'], outputs: ['r1'] },
    { op: 'ReduceSum', inputs: ['r1', 'axes'], outputs: ['s'], attrs: { keepdims: 1 } },
    { op: 'Relu', inputs: ['s'], outputs: ['y'] },
  ],
  inputs: [{ name: 'x', dims: [2, 8, 16] }], outputs: [{ name: 'y', dims: [2, 1, 16] }], opset: 13,
});

/** A manifest compiled in-process (no object unless `sizes` fakes one). */
export function manifestOf(bytes: Uint8Array, file: string, target = 'cortex-m7', opts: CompileOptions = {}, sizes?: Omit<SectionSizes, 'tool'>): { m: Manifest; planBuffers: number } {
  const c = compileModel(bytes, file, { target, ...opts });
  const m = buildManifest(c, { commandLine: `aotc compile ${file}`, modelFile: file, object: sizes ? { sizes: { ...sizes, tool: 'test' } } : null });
  // through JSON, as readers see it
  return { m: JSON.parse(JSON.stringify(m)) as Manifest, planBuffers: c.memory.act.plan.buffers.length };
}

export function writeJson(dir: string, rel: string, value: unknown): string {
  const f = join(dir, rel);
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, JSON.stringify(value, null, 2));
  return f;
}
