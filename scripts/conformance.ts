// Runs the ONNX conformance suite (every libonnx-testdata backend test) in parallel and writes docs/CONFORMANCE.md
// and docs/conformance.json.
//   npm run conformance                       (all 1,072 tests, writes the docs)
//   node dist/scripts/conformance.js [regex] [--root DIR] [--workers N] [--timeout SEC] [--opt -O1]
//        [--out DIR] [--no-write] [--keep] [--quiet] [--sanitize]
// With a regex filter the docs are only written when --out is given. --sanitize builds the bundles with
// -fsanitize=address,undefined (UBSan halting on the first error) to find out-of-bounds accesses and UB; it implies
// --no-write.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_ROOT, describeResult, listTests, offending, renderJson, renderMarkdown, runConformance, summarize, workerMain,
  type ReportMeta,
} from '../compiler/harness/conformance.js';
import { findCompiler } from '../compiler/toolchain/clang.js';
import { runProgram } from '../compiler/toolchain/process.js';
import { AOTC_VERSION } from '../compiler/version.js';
import { PACKAGE_ROOT } from '../compiler/paths.js';

const RTOL = 1e-3, ATOL = 1e-5;

function parseArgs(argv: string[]) {
  const o = { filter: undefined as RegExp | undefined, root: DEFAULT_ROOT, workers: availableParallelism(), timeoutS: 300,
    opt: '-O1', out: undefined as string | undefined, write: true, keep: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    switch (a) {
      case '--root': o.root = val(); break;
      case '--workers': o.workers = Math.max(1, Number(val())); break;
      case '--timeout': o.timeoutS = Number(val()); break;
      case '--opt': o.opt = val(); break;
      case '--out': o.out = val(); break;
      case '--no-write': o.write = false; break;
      case '--keep': o.keep = true; break;
      case '--quiet': o.quiet = true; break;
      case '--sanitize': o.opt = '-fsanitize=address,undefined'; o.write = false; process.env.UBSAN_OPTIONS = 'halt_on_error=1'; break;
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
        o.filter = new RegExp(a);
    }
  }
  return o;
}

export function reportMeta(root: string, opt: string, timeoutS: number): ReportMeta {
  const pkg = runProgram('dpkg-query', ['-W', '-f', '${Version}', 'libonnx-testdata'], { timeoutMs: 20_000 });
  let compiler = 'none found';
  try {
    const cc = findCompiler();
    compiler = `${runProgram(cc, ['--version']).stdout.split('\n')[0].trim()}, ${opt}`;
  } catch { /* reported per test */ }
  return {
    command: 'npm run conformance', aotcVersion: AOTC_VERSION, root,
    testData: pkg.code === 0 && pkg.stdout ? `package version ${pkg.stdout.trim()}` : `from ${root}`,
    compiler,
    options: `rtol ${RTOL}, atol ${ATOL} for floats, integers and bool exact; per-test timeout ${timeoutS} s`,
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const tests = listTests(o.root, o.filter);
  if (tests.length === 0) { console.error(`no tests found under ${o.root}${o.filter ? ` matching ${o.filter}` : ''}`); process.exit(2); }
  const buildRoot = mkdtempSync(join(tmpdir(), 'aotc-conformance-'));
  const t0 = Date.now();
  console.log(`running ${tests.length} tests on ${o.workers} workers (${o.opt}, timeout ${o.timeoutS} s)`);
  const results = await runConformance(tests, {
    workers: o.workers, timeoutMs: o.timeoutS * 1000, optLevel: o.opt, rtol: RTOL, atol: ATOL, buildRoot, keepBuilds: o.keep,
    onResult: (r, done, total) => {
      if (!o.quiet || r.status === 'fail') {
        const why = describeResult(r);
        console.log(`[${String(done).padStart(4)}/${total}] ${r.status.padEnd(11)} ${r.name}${why ? `  -- ${why.slice(0, 240)}` : ''}`);
      }
    },
  });
  const s = summarize(results), t = s.totals;
  const pct = (a: number) => ((100 * a) / t.total).toFixed(1);
  console.log(`\n${t.pass} passed (${pct(t.pass)} %), ${t.fail} failed, ${t.unsupported} unsupported of ${t.total} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const [c, n] of [...s.categories].sort()) console.log(`  ${c.padEnd(18)} ${n.pass} / ${n.total}`);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`unsupported ops (tests): ${top(s.missingOps)}`);
  console.log(`fail codes: ${top(s.failCodes)}; unsupported codes: ${top(s.unsupportedCodes)}`);
  console.log(`slowest: ${[...results].sort((a, b) => b.ms - a.ms).slice(0, 8).map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`);
  const bad = offending(results);
  if (bad.length) {
    console.log(`\n${bad.length} test(s) use only registered ops but did not pass:`);
    for (const r of bad) console.log(`  ${r.name} [${r.status}] ${describeResult(r).slice(0, 300)}`);
  }
  const outDir = o.out ?? (o.filter ? undefined : join(PACKAGE_ROOT, 'docs'));
  if (o.write && outDir) {
    const meta = reportMeta(o.root, o.opt, o.timeoutS);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'CONFORMANCE.md'), renderMarkdown(results, meta));
    writeFileSync(join(outDir, 'conformance.json'), renderJson(results, meta));
    console.log(`wrote ${join(outDir, 'CONFORMANCE.md')} and conformance.json`);
  }
  if (!o.keep && results.every((r) => r.status !== 'fail')) rmSync(buildRoot, { recursive: true, force: true });
  else if (readdirSync(buildRoot).length) console.log(`build directories of failing tests: ${buildRoot}`);
}

if (process.argv.includes('--worker')) workerMain();
else main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(2); });
