// The ONNX conformance suite: lists the backend tests, runs them in parallel worker processes with a per-test
// timeout, classifies them by the ops they use, and renders the deterministic report (markdown + JSON).

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AotcError } from '../diagnostics/error.js';
import { decodeModel } from '../frontends/onnx/decode.js';
import { upgradeNode } from '../frontends/onnx/upgrade.js';
import { getOp } from '../ops/registry.js';
import { PACKAGE_ROOT } from '../paths.js';
import { runCase, type CaseOptions, type CaseStatus } from './onnx-testcase.js';

export const DEFAULT_ROOT = '/usr/share/libonnx-testdata/data';
/** The categories that ship models; `real/` only holds download links and is excluded. */
export const CATEGORIES = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;
export const DEFAULT_WORKER = join(PACKAGE_ROOT, 'dist', 'scripts', 'conformance.js');

export interface TestRef { name: string; category: string; dir: string }

export interface ConformanceResult {
  /** `<category>/<test>` */
  name: string;
  category: string;
  status: CaseStatus;
  /** Diagnostic code (AOTC00xx) for fail/unsupported, or TIMEOUT / WORKER for harness-level failures. */
  code?: string;
  reason?: string;
  /** ONNX op types of the model's top-level nodes (`domain::Op` outside the default domain), sorted. */
  onnxOps: string[];
  /** Those of `onnxOps` that aotc has no registered op for (after the upgrade pass's renames). */
  unregistered: string[];
  ms: number;
}

export interface RunOptions extends CaseOptions {
  workers?: number;
  /** Per-test wall-clock limit; the worker's whole process group is killed when it is exceeded. */
  timeoutMs?: number;
  /** Directory for the per-test build directories (passing ones are removed unless keepBuilds). */
  buildRoot: string;
  keepBuilds?: boolean;
  workerScript?: string;
  onResult?: (r: ConformanceResult, done: number, total: number) => void;
}

export function listTests(root = DEFAULT_ROOT, filter?: RegExp): TestRef[] {
  const out: TestRef[] = [];
  for (const category of CATEGORIES) {
    const d = join(root, category);
    if (!existsSync(d)) continue;
    for (const t of readdirSync(d).sort()) {
      const name = `${category}/${t}`;
      if (!filter || filter.test(name)) out.push({ name, category, dir: join(d, t) });
    }
  }
  return out;
}

const opKey = (domain: string, op: string) => (domain === '' || domain === 'ai.onnx' ? op : `${domain}::${op}`);

/** The model's ONNX op types and the ones aotc does not register (Upsample → Resize, variadic Sum/Mean/Max/Min ...). */
export function modelOps(modelFile: string): { onnxOps: string[]; unregistered: string[] } {
  const m = decodeModel(readFileSync(modelFile), modelFile);
  const opset = Number((m.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 1);
  const ops = new Set<string>(), bad = new Set<string>();
  let k = 0;
  for (const n of m.graph?.node ?? []) {
    const domain = n.domain ?? '', op = n.opType ?? '';
    const key = opKey(domain, op);
    ops.add(key);
    if (domain !== '' && domain !== 'ai.onnx') { bad.add(key); continue; }
    const raw = { name: `n${k++}`, op, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs: {} };
    const up = upgradeNode(raw, opset, { constant: (h) => `${h}#c${k++}`, temp: (h) => `${h}#t${k++}` });
    if (up.some((u) => !getOp(u.op))) bad.add(key);
  }
  return { onnxOps: [...ops].sort(), unregistered: [...bad].sort() };
}

/** Run one test in this process (what a worker does). Build artefacts of passing tests are removed. */
export function runConformanceCase(t: TestRef, buildDir: string, opts: CaseOptions & { keepBuilds?: boolean } = {}): ConformanceResult {
  const t0 = Date.now();
  let ops: { onnxOps: string[]; unregistered: string[] } = { onnxOps: [], unregistered: [] };
  try {
    if (existsSync(join(t.dir, 'model.onnx'))) ops = modelOps(join(t.dir, 'model.onnx'));
  } catch (e) {
    const err = e instanceof AotcError ? e : undefined;
    return { name: t.name, category: t.category, status: 'fail', code: err?.code ?? 'AOTC0099', reason: String(err?.message ?? e), ...ops, ms: Date.now() - t0 };
  }
  const r = runCase(t.dir, buildDir, opts);
  if (r.status === 'pass' && !opts.keepBuilds) rmSync(buildDir, { recursive: true, force: true });
  let reason = r.reason;
  if (r.code === 'AOTC0010' && ops.unregistered.length) reason = `unsupported operators: ${ops.unregistered.join(', ')}`;
  if (reason) reason = reason.split(buildDir).join('<build>');
  return { name: t.name, category: t.category, status: r.status, code: r.status === 'pass' ? undefined : r.code, reason, ...ops, ms: Date.now() - t0 };
}

interface Job { id: number; test: TestRef; buildDir: string; opts: CaseOptions & { keepBuilds?: boolean } }

/** Worker-process entry: answer each job message with its ConformanceResult. */
export function workerMain(): void {
  process.on('message', (j: Job) => {
    let r: ConformanceResult;
    try { r = runConformanceCase(j.test, j.buildDir, j.opts); }
    catch (e) { r = { name: j.test.name, category: j.test.category, status: 'fail', code: 'AOTC0099', reason: `harness error: ${String(e)}`, onnxOps: [], unregistered: [], ms: 0 }; }
    process.send!({ id: j.id, result: r });
  });
  process.on('disconnect', () => process.exit(0));
}

/** Run tests on `workers` child processes (each its own process group, so a timeout also kills clang / the runner). */
export function runConformance(tests: TestRef[], opts: RunOptions): Promise<ConformanceResult[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? 1, tests.length));
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const script = opts.workerScript ?? DEFAULT_WORKER;
  if (!existsSync(script)) throw new Error(`conformance worker script ${script} not found; build with \`npx tsc -p tsconfig.json\``);
  const caseOpts = { rtol: opts.rtol, atol: opts.atol, cc: opts.cc, werror: opts.werror, optLevel: opts.optLevel, keepBuilds: opts.keepBuilds };
  const results: ConformanceResult[] = new Array(tests.length);
  let next = 0, done = 0;
  const live = new Set<ChildProcess>();
  const killGroup = (c: ChildProcess) => { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* already gone */ } };
  const onSignal = () => { for (const c of live) killGroup(c); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  return new Promise((resolve) => {
    const finish = (i: number, r: ConformanceResult) => {
      results[i] = r;
      done++;
      opts.onResult?.(r, done, tests.length);
      if (done === tests.length) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve(results);
      }
    };
    const start = () => {
      const child = fork(script, ['--worker'], { detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      live.add(child);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
      let cur: Job | undefined;
      let timer: NodeJS.Timeout | undefined;
      const harnessFail = (code: string, reason: string) => {
        const j = cur!;
        cur = undefined;
        finish(j.id, { name: j.test.name, category: j.test.category, status: 'fail', code, reason, ...safeOps(j.test), ms: timeoutMs });
      };
      const feed = () => {
        if (next >= tests.length) { live.delete(child); child.disconnect(); return; }
        const id = next++;
        cur = { id, test: tests[id], buildDir: join(opts.buildRoot, tests[id].name), opts: caseOpts };
        timer = setTimeout(() => {
          harnessFail('TIMEOUT', `timed out after ${timeoutMs / 1000} s (worker killed)`);
          live.delete(child);
          child.removeAllListeners('exit');
          child.removeAllListeners('message');
          killGroup(child);
          start();
        }, timeoutMs);
        child.send(cur);
      };
      child.on('message', (m: { id: number; result: ConformanceResult }) => {
        clearTimeout(timer);
        if (!cur || m.id !== cur.id) return;
        cur = undefined;
        finish(m.id, m.result);
        feed();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        live.delete(child);
        if (!cur) return;
        harnessFail('WORKER', `worker process died (exit ${code ?? ''}${signal ? `, signal ${signal}` : ''}): ${stderr.trim().split('\n').slice(-3).join('; ')}`);
        start();
      });
      feed();
    };
    if (tests.length === 0) resolve([]);
    for (let w = 0; w < workers; w++) start();
  });
}

function safeOps(t: TestRef): { onnxOps: string[]; unregistered: string[] } {
  try { return modelOps(join(t.dir, 'model.onnx')); } catch { return { onnxOps: [], unregistered: [] }; }
}

// ---- summary and report --------------------------------------------------------------------------------------

export interface Counts { pass: number; fail: number; unsupported: number; total: number }
const zero = (): Counts => ({ pass: 0, fail: 0, unsupported: 0, total: 0 });
const add = (c: Counts, s: CaseStatus) => { c[s]++; c.total++; };

export interface Summary {
  totals: Counts;
  categories: Map<string, Counts>;
  /** ONNX op → counts over the tests that use it. */
  ops: Map<string, Counts & { registered: boolean }>;
  /** Unregistered ONNX op → number of tests that use it / in which it is the only unregistered op. */
  missingOps: Map<string, number>;
  missingAlone: Map<string, number>;
  /** Diagnostic code → number of tests (fail and unsupported separately). */
  failCodes: Map<string, number>;
  unsupportedCodes: Map<string, number>;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export function summarize(results: ConformanceResult[]): Summary {
  const s: Summary = { totals: zero(), categories: new Map(), ops: new Map(), missingOps: new Map(), missingAlone: new Map(), failCodes: new Map(), unsupportedCodes: new Map() };
  for (const r of [...results].sort(byName)) {
    add(s.totals, r.status);
    if (!s.categories.has(r.category)) s.categories.set(r.category, zero());
    add(s.categories.get(r.category)!, r.status);
    for (const op of r.onnxOps) {
      if (!s.ops.has(op)) s.ops.set(op, { ...zero(), registered: true });
      const c = s.ops.get(op)!;
      add(c, r.status);
      if (r.unregistered.includes(op)) c.registered = false;
    }
    for (const op of r.unregistered) bump(s.missingOps, op);
    if (r.unregistered.length === 1) bump(s.missingAlone, r.unregistered[0]);
    if (r.status === 'fail') bump(s.failCodes, r.code ?? '?');
    if (r.status === 'unsupported') bump(s.unsupportedCodes, r.code ?? '?');
  }
  return s;
}

/** Tests the suite must not let regress: every op registered, yet a wrong answer / crash / or an AOTC0010 rejection. */
export function offending(results: ConformanceResult[]): ConformanceResult[] {
  return results.filter((r) => r.unregistered.length === 0 &&
    (r.status === 'fail' || (r.status === 'unsupported' && r.code === 'AOTC0010'))).sort(byName);
}

export interface ReportMeta { command: string; aotcVersion: string; testData: string; compiler: string; options: string; root: string }

const pct = (a: number, b: number) => (b === 0 ? '0.0' : ((100 * a) / b).toFixed(1));
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').replace(/`/g, "'");
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const describeResult = (r: ConformanceResult): string =>
  r.status === 'pass' ? r.reason ?? '' : `${r.code ?? ''} ${r.reason ?? ''}`.trim();
const sortedCounts = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

export function renderMarkdown(results: ConformanceResult[], meta: ReportMeta): string {
  const s = summarize(results), t = s.totals;
  const L: string[] = [];
  L.push('# ONNX conformance', '');
  L.push('Generated by `' + meta.command + '` (scripts/conformance.ts); do not edit by hand. It compiles every ONNX backend test of',
    `Debian's libonnx-testdata (${meta.testData}) with aotc ${meta.aotcVersion} for the host, runs the bundle natively and`,
    `compares with the expected outputs (${meta.options}). C compiler: ${meta.compiler}.`, '',
    `Categories: ${CATEGORIES.map((c) => `\`${c}/\``).join(', ')}. \`real/\` is excluded: it holds only download links to`,
    'full models, not the models themselves.', '',
    '- **pass**: every output of every data set matches.',
    '- **fail**: a wrong answer, a crash, a C compile error, an internal error or a timeout.',
    '- **unsupported**: aotc rejected the model with a clean diagnostic (unsupported operator, attribute value, data type,',
    '  dynamic shape, or an operand that must be a compile-time constant).', '');
  L.push('## Totals', '', '| | tests | share |', '|---|---:|---:|',
    `| pass | ${t.pass} | ${pct(t.pass, t.total)} % |`, `| fail | ${t.fail} | ${pct(t.fail, t.total)} % |`,
    `| unsupported | ${t.unsupported} | ${pct(t.unsupported, t.total)} % |`, `| **total** | **${t.total}** | |`, '');
  L.push('## By category', '', '| category | pass | fail | unsupported | total | pass share |', '|---|---:|---:|---:|---:|---:|');
  for (const [c, n] of [...s.categories].sort()) L.push(`| ${c} | ${n.pass} | ${n.fail} | ${n.unsupported} | ${n.total} | ${pct(n.pass, n.total)} % |`);
  L.push('');
  L.push('## Unsupported operators', '', 'ONNX ops aotc does not register, by the number of tests that use them',
    '(*only missing op*: tests in which it is the only unregistered op).', '', '| op | tests | only missing op |', '|---|---:|---:|');
  for (const [op, n] of sortedCounts(s.missingOps)) L.push(`| ${op} | ${n} | ${s.missingAlone.get(op) ?? 0} |`);
  L.push('', '## Non-passing tests by diagnostic code', '', '| status | code | tests |', '|---|---|---:|');
  for (const [c, n] of sortedCounts(s.failCodes)) L.push(`| fail | ${c} | ${n} |`);
  for (const [c, n] of sortedCounts(s.unsupportedCodes)) L.push(`| unsupported | ${c} | ${n} |`);
  L.push('', '## By operator', '', 'A test counts for every ONNX op type in its model. *registered*: aotc has the op.', '',
    '| op | registered | passed / total | fail | unsupported |', '|---|:-:|---:|---:|---:|');
  for (const [op, n] of [...s.ops].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    L.push(`| ${op} | ${n.registered ? 'yes' : 'no'} | ${n.pass} / ${n.total} | ${n.fail} | ${n.unsupported} |`);
  }
  L.push('', '## Every test', '', '| test | status | ops | reason |', '|---|---|---|---|');
  for (const r of [...results].sort(byName)) {
    L.push(`| ${r.name} | ${r.status} | ${cell(r.onnxOps.join(' '))} | ${cell(short(describeResult(r), 300))} |`);
  }
  L.push('');
  return L.join('\n');
}

export function renderJson(results: ConformanceResult[], meta: ReportMeta): string {
  const s = summarize(results);
  const obj = {
    meta,
    totals: s.totals,
    categories: Object.fromEntries([...s.categories].sort()),
    tests: [...results].sort(byName).map((r) => ({
      name: r.name, status: r.status, ...(r.code ? { code: r.code } : {}), ...(r.reason ? { reason: short(r.reason, 2000) } : {}),
      ops: r.onnxOps, ...(r.unregistered.length ? { unregistered: r.unregistered } : {}),
    })),
  };
  return JSON.stringify(obj, null, 1) + '\n';
}
