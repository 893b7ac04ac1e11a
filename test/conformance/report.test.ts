// Fast tests of the conformance machinery: compareTensor, op classification, the report writer, and the
// parallel pool's timeout / crash handling (with a fake worker script, no build needed).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  modelOps, offending, renderJson, renderMarkdown, runConformance, summarize, type ConformanceResult, type ReportMeta,
} from '../../compiler/harness/conformance.js';
import { compareTensor } from '../../compiler/harness/onnx-testcase.js';
import { arrayFrom, toBytes, type DType } from '../../compiler/ir/dtype.js';
import type { TensorAttr } from '../../compiler/ir/graph.js';
import { encodeModel } from '../../compiler/frontends/onnx/decode.js';
import { getOp } from '../../compiler/ops/registry.js';

const tmp = mkdtempSync(join(tmpdir(), 'aotc-conformance-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const T = (dtype: DType, values: number[] | bigint[]): TensorAttr => ({ dtype, shape: [values.length], data: arrayFrom(dtype, values) });
const cmp = (got: TensorAttr, want: TensorAttr, rtol = 1e-3, atol = 1e-5) => compareTensor(toBytes(got.data, got.dtype), want, rtol, atol);

describe('compareTensor', () => {
  it('accepts floats within atol + rtol*|expected| and rejects beyond', () => {
    expect(cmp(T('float32', [1, 100, 0]), T('float32', [1.0009, 100.09, 0.000009]))).toBeNull();
    expect(cmp(T('float32', [1, 100]), T('float32', [1, 100.2]))).toMatch(/element 1: got 100, expected 100\.19/);
    expect(cmp(T('float32', [0]), T('float32', [0.0001]))).toMatch(/element 0/);
    expect(cmp(T('float64', [1e-300]), T('float64', [0]))).toBeNull();
  });
  it('treats NaN = NaN and equal infinities as equal, anything else against NaN/inf as different', () => {
    expect(cmp(T('float32', [NaN, Infinity, -Infinity]), T('float32', [NaN, Infinity, -Infinity]))).toBeNull();
    expect(cmp(T('float32', [1]), T('float32', [NaN]))).toMatch(/element 0/);
    expect(cmp(T('float32', [NaN]), T('float32', [1]))).toMatch(/element 0/);
    expect(cmp(T('float32', [1e30]), T('float32', [Infinity]))).toMatch(/element 0/);
    expect(cmp(T('float32', [-Infinity]), T('float32', [Infinity]))).toMatch(/element 0/);
  });
  it('compares float16 through its bits', () => {
    expect(cmp(T('float16', [0.5, 2, 65504]), T('float16', [0.5, 2, 65504]))).toBeNull();
    expect(cmp(T('float16', [0.5]), T('float16', [0.75]))).toMatch(/element 0/);
  });
  it('is exact for integers and bool', () => {
    expect(cmp(T('int32', [1, -2, 3]), T('int32', [1, -2, 3]))).toBeNull();
    expect(cmp(T('int32', [1, -2, 3]), T('int32', [1, -2, 4]))).toMatch(/element 2: got 3, expected 4/);
    expect(cmp(T('int64', [2n ** 60n + 1n]), T('int64', [2n ** 60n]))).toMatch(/element 0/);
    expect(cmp(T('uint8', [255]), T('uint8', [255]))).toBeNull();
    expect(cmp(T('bool', [1, 0]), T('bool', [1, 1]))).toMatch(/element 1/);
  });
  it('reports an element-count mismatch', () => {
    expect(cmp(T('float32', [1, 2]), T('float32', [1, 2, 3]))).toMatch(/has 2 elements, expected 3/);
  });
});

describe('modelOps', () => {
  const model = (nodes: { opType: string; domain?: string; input: string[]; output: string[] }[], opset = 13) => {
    const f = join(tmp, `m${Math.random().toString(36).slice(2)}.onnx`);
    writeFileSync(f, encodeModel({ irVersion: 7, opsetImport: [{ domain: '', version: opset }], graph: { name: 'g', node: nodes, output: [{ name: 'y' }] } }));
    return f;
  };
  it('lists top-level op types (domain-qualified outside ai.onnx) and the unregistered ones after upgrade renames', () => {
    const f = model([
      { opType: 'Relu', input: ['x'], output: ['a'] },
      { opType: 'Sum', input: ['a', 'a', 'a'], output: ['b'] },
      { opType: 'NoSuchOp', input: ['b'], output: ['c'] },
      { opType: 'Foo', domain: 'com.example', input: ['c'], output: ['y'] },
      { opType: 'Relu', input: ['x'], output: ['z'] },
    ]);
    const r = modelOps(f);
    expect(r.onnxOps).toEqual(['NoSuchOp', 'Relu', 'Sum', 'com.example::Foo']);
    expect(r.unregistered).toEqual(['NoSuchOp', 'com.example::Foo']); // Sum → a chain of Add
  });
  it('follows the Upsample → Resize rename', () => {
    const r = modelOps(model([{ opType: 'Upsample', input: ['x', 's'], output: ['y'] }], 9));
    expect(r.unregistered).toEqual(getOp('Resize') ? [] : ['Upsample']);
  });
});

const R = (name: string, status: ConformanceResult['status'], onnxOps: string[], extra: Partial<ConformanceResult> = {}): ConformanceResult =>
  ({ name, category: name.split('/')[0], status, onnxOps, unregistered: [], ms: 5, ...extra });
const META: ReportMeta = { command: 'npm run conformance', aotcVersion: '9.9.9', testData: 'package version 1', compiler: 'clang, -O1', options: 'rtol 0.001', root: '/data' };
const RESULTS: ConformanceResult[] = [
  R('simple/test_b', 'pass', ['Relu']),
  R('node/test_loop', 'unsupported', ['Add', 'Loop'], { code: 'AOTC0010', reason: 'unsupported operators: Loop', unregistered: ['Loop'] }),
  R('node/test_add', 'pass', ['Add'], { reason: 'frozen inputs: shape' }),
  R('node/test_bad', 'fail', ['Add', 'Relu'], { code: 'AOTC0052', reason: 'data set 0, output 0: a | b\nnext line' }),
  R('node/test_attr', 'unsupported', ['Relu'], { code: 'AOTC0011', reason: "attribute 'x'" }),
  R('node/test_rej', 'unsupported', ['Relu'], { code: 'AOTC0010', reason: 'node rejected' }),
];

describe('report', () => {
  it('summarises totals, categories, ops, missing ops and codes', () => {
    const s = summarize(RESULTS);
    expect(s.totals).toEqual({ pass: 2, fail: 1, unsupported: 3, total: 6 });
    expect(s.categories.get('node')).toEqual({ pass: 1, fail: 1, unsupported: 3, total: 5 });
    expect(s.ops.get('Relu')).toEqual({ pass: 1, fail: 1, unsupported: 2, total: 4, registered: true });
    expect(s.ops.get('Loop')?.registered).toBe(false);
    expect([...s.missingOps]).toEqual([['Loop', 1]]);
    expect([...s.missingAlone]).toEqual([['Loop', 1]]);
    expect(s.failCodes.get('AOTC0052')).toBe(1);
    expect(s.unsupportedCodes.get('AOTC0010')).toBe(2);
  });
  it('flags fails and AOTC0010 rejections of tests whose ops are all registered', () => {
    expect(offending(RESULTS).map((r) => r.name)).toEqual(['node/test_bad', 'node/test_rej']);
  });
  it('renders deterministic markdown regardless of result order, escaping table cells', () => {
    const md = renderMarkdown(RESULTS, META);
    expect(renderMarkdown([...RESULTS].reverse(), META)).toBe(md);
    expect(md).toContain('| pass | 2 | 33.3 % |');
    expect(md).toContain('| node | 1 | 1 | 3 | 5 | 20.0 % |');
    expect(md).toContain('| Loop | no | 0 / 1 | 0 | 1 |');
    expect(md).toContain('| Loop | 1 | 1 |');
    expect(md).toContain('| Relu | yes | 1 / 4 | 1 | 2 |');
    expect(md).toContain('| node/test_bad | fail | Add Relu | AOTC0052 data set 0, output 0: a \\| b next line |');
    expect(md).toContain('| node/test_loop | unsupported | Add Loop | AOTC0010 unsupported operators: Loop |');
    expect(md).toContain('| node/test_add | pass | Add | frozen inputs: shape |');
    expect(md).toContain('aotc 9.9.9');
    const rows = md.split('\n').filter((l) => /^\| (node|simple)\/test_/.test(l)).map((l) => l.split(' | ')[0].slice(2));
    expect(rows).toEqual([...rows].sort());
    expect(rows).toHaveLength(6);
  });
  it('renders JSON with the same content, no timings', () => {
    const j = JSON.parse(renderJson(RESULTS, META));
    expect(renderJson([...RESULTS].reverse(), META)).toBe(renderJson(RESULTS, META));
    expect(j.totals.total).toBe(6);
    expect(j.tests[0]).toEqual({ name: 'node/test_add', status: 'pass', reason: 'frozen inputs: shape', ops: ['Add'] });
    expect(j.tests.find((t: { name: string }) => t.name === 'node/test_loop').unregistered).toEqual(['Loop']);
    expect(JSON.stringify(j)).not.toContain('"ms"');
  });
});

describe('runConformance pool', () => {
  it('survives a hanging test (kills its process group) and a crashing worker, keeping order', async () => {
    const pidFile = join(tmp, 'sleep.pid');
    const worker = join(tmp, 'fake-worker.mjs');
    writeFileSync(worker, `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
process.on('message', (j) => {
  if (j.test.name === 'x/hang') { const c = spawn('sleep', ['30']); writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); return; }
  if (j.test.name === 'x/crash') { process.stderr.write('boom\\n'); process.exit(3); }
  process.send({ id: j.id, result: { name: j.test.name, category: 'x', status: 'pass', onnxOps: ['Relu'], unregistered: [], ms: 1 } });
});
process.on('disconnect', () => process.exit(0));
`);
    const names = ['x/a', 'x/hang', 'x/b', 'x/crash', 'x/c', 'x/d'];
    const tests = names.map((name) => ({ name, category: 'x', dir: join(tmp, name) }));
    const seen: string[] = [];
    const res = await runConformance(tests, { workers: 2, timeoutMs: 1500, workerScript: worker, buildRoot: tmp, onResult: (r) => seen.push(r.name) });
    expect(res.map((r) => r.name)).toEqual(names);
    expect(seen.sort()).toEqual([...names].sort());
    expect(res.map((r) => r.status)).toEqual(['pass', 'fail', 'pass', 'fail', 'pass', 'pass']);
    expect(res[1]).toMatchObject({ code: 'TIMEOUT', reason: expect.stringMatching(/timed out after 1.5 s/) });
    expect(res[3]).toMatchObject({ code: 'WORKER', reason: expect.stringMatching(/exit 3.*boom/) });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 200));
    const alive = existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    expect(alive).toBe(false);
  }, 20_000);
});
