// `aotc validate` on TFLite models: the bundle against TFLite Micro / LiteRT, --per-layer naming the first differing
// tensor (a reference deliberately corrupted through an $AOTC_PYTHON shim), option errors, the missing-venv error;
// and the pieces: the no-reuse memory layout, arena dumps read back per value, the difference statistics.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compileGraph, compileModel, importModel } from '../../compiler/compile.js';
import { buildTflite, type TensorSpec } from '../../compiler/frontends/tflite/build-model.js';
import { readTflite } from '../../compiler/frontends/tflite/reader.js';
import { buildRunner, runSets, runSetsDump } from '../../compiler/harness/host-runner.js';
import { inputSpecs, randomSets } from '../../compiler/harness/inputs.js';
import type { NpyArray } from '../../compiler/harness/npy.js';
import { addDiff, compareLayers, firstDifference, identicalShare, newDiff, passesDiff } from '../../compiler/harness/per-layer.js';
import { stackSets, tfliteOracleStatus, type TfliteOracleResult } from '../../compiler/harness/tflite-oracle.js';
import { checkPlan } from '../../compiler/memory/planner.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { aotc, cleanupTemp, CONV, hasStack, itWith, ROOT, tempDir } from './helpers.js';

afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 180_000 });

const KWS = join(ROOT, '../shared/models/mlperf-tiny/kws_ref_model.tflite');
const status = tfliteOracleStatus();

/** Needs the Python oracle (.venv): skipped without it, failing without it under CI. */
function oracleIt(name: string, fn: () => void, files: string[] = []): void {
  if (!status.ok && !process.env.CI) { it.skip(`${name} (no Python oracle: ${status.reason})`, fn); return; }
  itWith(files, name, () => {
    expect(status, 'the Python oracle (.venv) is unavailable; run `bash scripts/setup.sh`').toMatchObject({ ok: true });
    fn();
  }, 180_000);
}

// ------------------------------------------------------------------------------------------ a small int8 model

const q = (scale: number, zeroPoint: number) => ({ scale: [scale], zeroPoint: [zeroPoint], quantizedDimension: 0 });
const i8 = (n: number, seed: number) => Int8Array.from({ length: n }, (_v, i) => ((i * 37 + seed * 11) % 251) - 125);

/** input[1,16] → FULLY_CONNECTED(RELU) 'fc_0' → FULLY_CONNECTED 'fc_1' → LOGISTIC 'sigmoid' (int8, tensors 0..8). */
function smallModel(): Uint8Array {
  const tensors: TensorSpec[] = [
    { name: 'x', type: 'int8', shape: [1, 16], quantization: q(0.05, 3) },
    { name: 'w0', type: 'int8', shape: [8, 16], data: new Uint8Array(i8(128, 1).buffer), quantization: q(0.004, 0) },
    { name: 'b0', type: 'int32', shape: [8], data: new Uint8Array(Int32Array.from({ length: 8 }, (_v, i) => 300 * i - 1000).buffer), quantization: q(0.0002, 0) },
    { name: 'fc_0', type: 'int8', shape: [1, 8], quantization: q(0.06, -20) },
    { name: 'w1', type: 'int8', shape: [8, 8], data: new Uint8Array(i8(64, 2).buffer), quantization: q(0.005, 0) },
    { name: 'b1', type: 'int32', shape: [8], data: new Uint8Array(Int32Array.from({ length: 8 }, (_v, i) => 50 - 20 * i).buffer), quantization: q(0.0003, 0) },
    { name: 'fc_1', type: 'int8', shape: [1, 8], quantization: q(0.03, 4) },
    { name: 'sigmoid', type: 'int8', shape: [1, 8], quantization: q(1 / 256, -128) },
  ];
  return buildTflite({
    tensors,
    operators: [
      { op: 'FULLY_CONNECTED', inputs: [0, 1, 2], outputs: [3], options: { kind: 'FullyConnectedOptions', fusedActivationFunction: 'RELU' } },
      { op: 'FULLY_CONNECTED', inputs: [3, 4, 5], outputs: [6], options: { kind: 'FullyConnectedOptions' } },
      { op: 'LOGISTIC', inputs: [6], outputs: [7] },
    ],
    inputs: [0],
    outputs: [7],
  });
}

function smallModelFile(): string {
  const f = join(tempDir('valtfl'), 'small.tflite');
  writeFileSync(f, smallModel());
  return f;
}

/**
 * An $AOTC_PYTHON that runs the real oracle, then corrupts (first element + 1) the named arrays of its result file
 * (`tflm/t<tensor>`: a per-layer dump; `tflm/<k>`: output k).
 */
function corruptingPython(keys: string[]): string {
  const dir = tempDir('valshim');
  writeFileSync(join(dir, 'corrupt.py'), [
    'import runpy, sys',
    'import numpy as np',
    'output = sys.argv[4]',
    'sys.argv = sys.argv[1:]',
    'code = 0',
    'try:',
    '    runpy.run_path(sys.argv[0], run_name="__main__")',
    'except SystemExit as e:',
    '    code = e.code or 0',
    'if code == 0:',
    '    z = dict(np.load(output))',
    `    for key in [k for k in ${JSON.stringify(keys)} if k in z]:  # per-layer keys only with --per-layer`,
    '        a = z[key].copy().reshape(-1)',
    '        a[0] = a[0] + 1 if a[0] < 100 else a[0] - 1',
    '        z[key] = a.reshape(z[key].shape)',
    '    np.savez(output, **z)',
    'sys.exit(code)',
  ].join('\n') + '\n');
  const shim = join(dir, 'python');
  writeFileSync(shim, `#!/bin/sh\nexec "${status.ok ? status.python : 'python3'}" "${join(dir, 'corrupt.py')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return shim;
}

// ------------------------------------------------------------------------------------------ CLI

describe('aotc validate (TFLite)', () => {
  oracleIt('kws_ref_model.tflite is bit-identical to TFLite Micro', () => {
    const r = aotc(['validate', KWS, '--reference', 'tflm', '--runs', '5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vs TFLite Micro (reference kernels)');
    expect(r.stdout).toContain('5 random input set(s), seed 0');
    expect(r.stdout).toMatch(/^Identity\s+int8\[1x12\]\s+100 %\s+0 LSB\s+-\s+\[.*\]\s+identical\s+pass$/m);
    expect(r.stdout).toContain('all 1 output(s) match');
  }, [KWS]);

  oracleIt('--per-layer on kws_ref_model.tflite: all 13 operator outputs identical to TFLite Micro', () => {
    const r = aotc(['validate', KWS, '--per-layer', '--runs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ 0\s+CONV_2D\s+Conv2DNhwc\s+int8\s+100 %\s+0 LSB\s+functional_1\/activation\/Relu;/m);
    expect(r.stdout).toMatch(/^12\s+SOFTMAX\s+QSoftmax\s+int8\s+100 %\s+0 LSB\s+Identity$/m);
    expect(r.stdout).toContain('all 13 compared tensors identical');
  }, [KWS]);

  oracleIt('a synthetic int8 model agrees with TFLite Micro, per layer', () => {
    const f = smallModelFile();
    const r = aotc(['validate', f, '--reference', 'tflm', '--per-layer', '--runs', '4']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('all 3 compared tensors identical');
  });

  oracleIt('--per-layer names the first tensor where bundle and reference part (corrupted reference)', () => {
    const f = smallModelFile();
    // tensor 6 ('fc_1', operator #1) and the output differ; 'fc_0' before it and 'sigmoid' (its own dump) agree
    const env = { AOTC_PYTHON: corruptingPython(['tflm/t6', 'tflm/0']) };
    const plain = aotc(['validate', f, '--runs', '2'], { env });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^sigmoid\s+int8\[1x8\]\s+93\.75 %\s+1 LSB\s.*FAIL$/m);
    expect(plain.stderr).toContain('error AOTC0052');
    expect(plain.stderr).toContain('rerun with --per-layer');
    const r = aotc(['validate', f, '--runs', '2', '--per-layer'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^0\s+FULLY_CONNECTED\s+FullyConnected\s+int8\s+100 %\s+0 LSB\s+fc_0$/m);
    expect(r.stdout).toMatch(/^1\s+FULLY_CONNECTED\s+FullyConnected\s+int8\s+93\.75 %\s+1 LSB\s+fc_1$/m);
    expect(r.stdout).toMatch(/^2\s+LOGISTIC\s+QLogistic\s+int8\s+100 %\s+0 LSB\s+sigmoid$/m);
    expect(r.stdout).toContain('first difference: tensor fc_1 (op FULLY_CONNECTED #1 → aotc FullyConnected): 93.75 % identical, max diff 1 LSB');
    expect(r.stderr).toContain('error AOTC0052');
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('without the Python environment: AOTC0051 with the setup hint, no stack trace', () => {
    const r = aotc(['validate', smallModelFile()], { env: { AOTC_PYTHON: '/nonexistent/python' } });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error AOTC0051');
    expect(r.stderr).toContain('/nonexistent/python does not exist');
    expect(r.stderr).toContain('bash scripts/setup.sh');
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('--reference must be a TFLite runtime for .tflite models (AOTC0061)', () => {
    const r = aotc(['validate', smallModelFile(), '--reference', 'ort']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error AOTC0061');
    expect(r.stderr).toContain("--reference 'ort' is not available for TFLite models");
    expect(r.stderr).toContain('tflm, litert, litert-default');
    expect(hasStack(r.stderr)).toBe(false);
  });

  itWith([CONV], 'ONNX models: --reference other than ort, and --per-layer, are AOTC0061', () => {
    const r = aotc(['validate', CONV, '--reference', 'tflm']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error AOTC0061: --reference 'tflm' is not available for ONNX models");
    const p = aotc(['validate', CONV, '--per-layer']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('error AOTC0061: --per-layer is available for TFLite models only');
    const ok = aotc(['validate', CONV, '--reference', 'ort', '--runs', '1']);
    expect(ok.code).toBe(0);
  });
});

// ------------------------------------------------------------------------------------------ pieces

describe('per-layer machinery', () => {
  it('reuse: false gives every activation its own bytes (no in-place, no shared slots)', () => {
    const bytes = existsSync(KWS) ? new Uint8Array(readFileSync(KWS)) : smallModel();
    const normal = compileModel(bytes, 'm.tflite');
    const full = compileModel(bytes, 'm.tflite', { reuse: false });
    expect(checkPlan(full.memory.act.plan)).toEqual([]);
    const bufs = full.memory.act.buffers;
    for (const a of bufs) for (const b of bufs) {
      if (a !== b) expect(a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset, `${a.label} / ${b.label}`).toBe(true);
    }
    // every non-io, non-view value is its own buffer
    expect(full.memory.act.size).toBeGreaterThanOrEqual(normal.memory.act.size);
    expect(full.memory.act.size).toBeGreaterThanOrEqual(bufs.reduce((s, b) => s + b.bytes, 0));
  });

  it('arena dumps read back every intermediate: equal to the same values made graph outputs', () => {
    const bytes = smallModel();
    const m = readTflite(bytes);
    const full = compileModel(bytes, 'small.tflite', { name: 'small', reuse: false });
    const sets = randomSets(inputSpecs(full.graph), 3, 9);
    const dump = runSetsDump(buildRunner(full, tempDir('dump'), { werror: true }), sets.map((s) => s.map((t) => t.data)));
    // independent values: every operator output as a graph output of a normally planned bundle
    const g = importModel(bytes, 'small.tflite');
    const ids = m.main.operators.map((op) => [...g.values.values()].find((v) => v.name === m.main.tensors[op.outputs[0]!]!.name)!.id);
    for (const id of ids) if (!g.outputs.includes(id)) g.outputs.push(id);
    runPipeline(g);
    const outs = runSets(buildRunner(compileGraph(g, { name: 'outs' }), tempDir('outs')), sets.map((s) => s.map((t) => t.data)));
    const layers = new Map<number, NpyArray>(m.main.operators.map((op, k) => {
      const v = g.values.get(ids[k]!)!;
      const j = g.outputs.indexOf(ids[k]!);
      return [op.outputs[0]!, stackSets(outs.map((o) => ({ dtype: v.dtype, shape: v.shape, data: o[j]! })))];
    }));
    const ref = { layers } as unknown as TfliteOracleResult;
    const rows = compareLayers(m, full, dump.memory, ref);
    expect(rows.map((r) => [r.tensor, r.irOp, r.stats && identicalShare(r.stats)])).toEqual([
      ['fc_0', 'FullyConnected', '100 %'], ['fc_1', 'FullyConnected', '100 %'], ['sigmoid', 'QLogistic', '100 %'],
    ]);
    expect(firstDifference(rows)).toBeUndefined();
    // one flipped element in the middle layer is found and named
    const mid = layers.get(6)!;
    const bad = new Uint8Array(mid.data);
    bad[9] = (bad[9]! + 2) & 0xff;
    layers.set(6, { ...mid, data: bad });
    const first = firstDifference(compareLayers(m, full, dump.memory, ref));
    expect(first?.tensor).toBe('fc_1');
    expect(first?.stats?.maxDiff).toBe(2);
    expect(first?.stats?.count).toBe(24);
    expect(first?.stats?.identical).toBe(23);
  });

  it('difference statistics and the pass rule', () => {
    const f32 = (xs: number[]) => new Uint8Array(Float32Array.from(xs).buffer);
    const s = newDiff('float32');
    addDiff(s, 0, f32([0, 1, 2, NaN]), f32([0, 1 + 5e-6, 10, NaN]));
    expect(s).toMatchObject({ count: 4, identical: 2, refMin: 0, refMax: 10 });
    expect(s.maxDiff).toBe(8);
    expect(passesDiff(s)).toBe(false);
    const near = newDiff('float32'); // limit 1e-5 × range 2
    addDiff(near, 0, f32([0, 1, 2]), f32([0, 1 + 1e-5, 2]));
    expect(near.identical).toBe(2);
    expect(passesDiff(near)).toBe(true);
    const far = newDiff('float32');
    addDiff(far, 0, f32([0, 1, 2]), f32([0, 1 + 5e-5, 2]));
    expect(passesDiff(far)).toBe(false);
    expect(passesDiff(far, { rtol: 1e-4 })).toBe(true);
    const i8b = (xs: number[]) => new Uint8Array(Int8Array.from(xs).buffer);
    const i = newDiff('int8');
    addDiff(i, 0, i8b([1, -2, 3]), i8b([1, -1, 3]));
    expect(i).toMatchObject({ count: 3, identical: 2, maxDiff: 1 });
    expect(passesDiff(i)).toBe(false);
    expect(passesDiff(i, { atol: 1 })).toBe(true);
    expect(identicalShare(i)).toBe('66.67 %');
    const n = newDiff('float32');
    addDiff(n, 0, f32([NaN]), f32([1]));
    expect(n.nonFinite).toBe(1);
    expect(passesDiff(n, { atol: 1e9 })).toBe(false);
  });
});
