// Benchmarks the MLPerf Tiny int8 models on this machine (x86-64, one thread): aotc bundle vs TFLite Micro vs LiteRT,
// latency and callgrind instructions per inference, and writes docs/BENCHMARKS.md.
//   npm run bench
//   node dist/scripts/bench.js [regex on model name] [--models DIR] [--seconds S] [--rounds N] [--no-callgrind]
//        [--no-litert-callgrind] [--out FILE] [--no-write] [--keep]
// With a regex filter docs/BENCHMARKS.md is only written when --out is given.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { countBundle, bestRound, setupBundle, timeBundleRound, type InstructionCount } from '../compiler/harness/bench/host-bench.js';
import { countInterpreter, interpreterOutput, timeInterpreterRound, type InterpreterRuntime, type InterpreterRun } from '../compiler/harness/bench/interpreters.js';
import { hasValgrind } from '../compiler/harness/bench/callgrind.js';
import { machineInfo } from '../compiler/harness/bench/machine.js';
import { compareInt8, grouped, outputText, renderFile, us, type BenchRun, type ModelResult, type OverheadResult, type RuntimeResult } from '../compiler/harness/bench/report.js';
import { oraclePython } from '../compiler/harness/tflite-oracle.js';
import { BUNDLE_CFLAGS, findCompiler } from '../compiler/toolchain/clang.js';
import { runProgram } from '../compiler/toolchain/process.js';
import { PACKAGE_ROOT } from '../compiler/paths.js';
import { AOTC_VERSION } from '../compiler/version.js';

const MODELS = ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant', 'ad01_int8'];
const DEFAULT_MODELS_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'models', 'mlperf-tiny');
const GOAL = 0.2;

function parseArgs(argv: string[]) {
  const o = { filter: undefined as RegExp | undefined, modelsDir: DEFAULT_MODELS_DIR, seconds: 0.5, rounds: 5, callgrind: true,
    litertCallgrind: true, out: undefined as string | undefined, write: true, keep: false, seed: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    switch (a) {
      case '--models': o.modelsDir = resolve(val()); break;
      case '--seconds': o.seconds = Number(val()); break;
      case '--rounds': o.rounds = Math.max(1, Number(val())); break;
      case '--no-callgrind': o.callgrind = false; break;
      case '--no-litert-callgrind': o.litertCallgrind = false; break;
      case '--out': o.out = resolve(val()); break;
      case '--no-write': o.write = false; break;
      case '--keep': o.keep = true; break;
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
        o.filter = new RegExp(a);
    }
  }
  return o;
}

/** Run `f`, turning an exception into the result's error text (one failing runtime must not stop the benchmark). */
function guarded(r: RuntimeResult, what: string, f: () => void): void {
  try { f(); } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    r.error = r.error ?? msg;
    console.log(`    ${what} failed: ${msg}`);
  }
}

const KEY: Record<InterpreterRuntime, 'tflm' | 'litert' | 'litertRef'> = { tflm: 'tflm', litert: 'litert', 'litert-ref': 'litertRef' };
const INTERPRETERS: InterpreterRuntime[] = ['tflm', 'litert', 'litert-ref'];

function benchOne(name: string, file: string, dir: string, python: string, o: ReturnType<typeof parseArgs>,
  versions: Record<string, string | null>): ModelResult {
  const t0 = Date.now();
  const setup = setupBundle(new Uint8Array(readFileSync(file)), file, join(dir, 'bundle'), { seed: o.seed, native: true });
  const g = setup.compiled.graph;
  const desc = (ids: number[]) => ids.map((id) => { const v = g.values.get(id)!; return `${v.dtype}[${v.shape.join('x')}]`; }).join(', ');
  const inputFile = join(dir, 'input.bin');
  writeFileSync(inputFile, Buffer.concat(setup.input));
  const bundleOut = Buffer.concat(setup.output);
  const res: ModelResult = {
    model: name, macs: setup.macs, input: desc(g.inputs), output: desc(g.outputs), outputHex: bundleOut.toString('hex'),
    outputSha256: createHash('sha256').update(bundleOut).digest('hex'),
    bundle: {}, bundleNative: {}, tflm: {}, litert: {}, litertRef: {},
  };
  const run: InterpreterRun = { python, model: file, inputFile };

  // Outputs: every interpreter once on the benchmark input; the bundle must equal TFLM byte for byte.
  const outs = new Map<InterpreterRuntime, Uint8Array>();
  for (const rt of INTERPRETERS) {
    guarded(res[KEY[rt]], `${rt} output`, () => { outs.set(rt, interpreterOutput(run, rt, join(dir, `out-${rt}.bin`))); });
  }
  const tflmOut = outs.get('tflm');
  if (tflmOut) {
    res.bundle.output = compareInt8(bundleOut, tflmOut);
    res.tflm.output = compareInt8(tflmOut, tflmOut);
    for (const rt of ['litert', 'litert-ref'] as const) {
      const x = outs.get(rt);
      if (x) res[KEY[rt]].output = compareInt8(x, tflmOut);
    }
  }
  const cmp = res.bundle.output;
  console.log(`  ${name}: ${grouped(setup.macs)} MACs; bundle output ${outputText(res)}; `
    + `${cmp ? (cmp.equal ? 'identical to TFLM' : `DIFFERS from TFLM in ${cmp.differing} bytes (max ${cmp.maxAbs})`) : 'no TFLM output to compare'}`);

  // Latency: interleaved rounds, so load changes on the shared machine hit every runtime alike.
  const rounds = new Map<string, { medianNs: number; minNs: number; runs: number }[]>();
  const add = (k: string, x: { medianNs: number; minNs: number; runs: number }) => rounds.set(k, [...(rounds.get(k) ?? []), x]);
  let plainRuns: number | undefined, nativeRuns: number | undefined;
  for (let r = 0; r < o.rounds; r++) {
    guarded(res.bundle, 'bundle timing', () => { const x = timeBundleRound(setup.runner, setup.input, o.seconds, plainRuns); plainRuns = x.runs; add('bundle', x); });
    if (setup.nativeRunner) {
      const nr = setup.nativeRunner;
      guarded(res.bundleNative, 'bundle (native) timing', () => { const x = timeBundleRound(nr, setup.input, o.seconds, nativeRuns); nativeRuns = x.runs; add('native', x); });
    }
    for (const rt of INTERPRETERS) {
      if (!outs.has(rt)) continue;
      guarded(res[KEY[rt]], `${rt} timing`, () => {
        const t = timeInterpreterRound(run, rt, o.seconds);
        Object.assign(versions, t.versions);
        add(rt, { medianNs: t.median_ns, minNs: t.min_ns, runs: t.runs });
      });
    }
  }
  const set = (r: RuntimeResult, k: string) => { const x = rounds.get(k); if (x?.length) r.latency = bestRound(x); };
  set(res.bundle, 'bundle'); set(res.bundleNative, 'native');
  for (const rt of INTERPRETERS) set(res[KEY[rt]], rt);

  // Instructions (callgrind).
  if (o.callgrind) {
    guarded(res.bundle, 'bundle callgrind', () => { res.bundle.instructions = countBundle(setup.runner, setup.input); });
    const which: InterpreterRuntime[] = o.litertCallgrind ? INTERPRETERS : ['tflm'];
    for (const rt of which) {
      if (!outs.has(rt)) continue;
      guarded(res[KEY[rt]], `${rt} callgrind`, () => { res[KEY[rt]].instructions = countInterpreter(run, rt, join(dir, `cg-${rt}.out`)); });
    }
  }
  const b = res.bundle, t = res.tflm;
  const ins = (n?: InstructionCount) => (n ? grouped(n.perCall) : '–');
  console.log(`    bundle ${b.latency ? us(b.latency.medianNs) : '–'} µs (native ${res.bundleNative.latency ? us(res.bundleNative.latency.medianNs) : '–'}), `
    + `TFLM ${t.latency ? us(t.latency.medianNs) : '–'} µs, LiteRT ${res.litert.latency ? us(res.litert.latency.medianNs) : '–'} µs, `
    + `LiteRT ref ${res.litertRef.latency ? us(res.litertRef.latency.medianNs) : '–'} µs; bundle/TFLM `
    + `${b.latency && t.latency ? (b.latency.medianNs / t.latency.medianNs).toFixed(3) : '–'}; instructions bundle ${ins(b.instructions)}, `
    + `TFLM ${ins(t.instructions)}, LiteRT ref ${ins(res.litertRef.instructions)}, LiteRT ${ins(res.litert.instructions)} `
    + `(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return res;
}

/** The Python binding's per-call overhead, from TFLM's hello_world model (sine_float.tflite inside the tflite_micro package). */
function overhead(python: string, dir: string, o: ReturnType<typeof parseArgs>): OverheadResult | undefined {
  const probe = `import tflite_micro, os; print(os.path.join(os.path.dirname(tflite_micro.__file__), 'python', 'tflite_micro', 'sine_float.tflite'))`;
  const r = runProgram(python, ['-c', probe], { timeoutMs: 120_000 });
  const model = r.code === 0 ? r.stdout.trim() : '';
  if (!model || !existsSync(model)) { console.log('  (hello_world model not found in the tflite_micro package; no overhead measurement)'); return undefined; }
  const inputFile = join(dir, 'sine-input.bin');
  writeFileSync(inputFile, Buffer.from(new Float32Array([1.0]).buffer));
  const run: InterpreterRun = { python, model, inputFile };
  const res: OverheadResult = { model: basename(model) };
  const tf: { medianNs: number; minNs: number; runs: number }[] = [], lr: typeof tf = [];
  for (let k = 0; k < o.rounds; k++) {
    try { const t = timeInterpreterRound(run, 'tflm', o.seconds); tf.push({ medianNs: t.median_ns, minNs: t.min_ns, runs: t.runs }); } catch (e) { console.log(`    ${String(e)}`); }
    try { const t = timeInterpreterRound(run, 'litert', o.seconds); lr.push({ medianNs: t.median_ns, minNs: t.min_ns, runs: t.runs }); } catch (e) { console.log(`    ${String(e)}`); }
  }
  if (tf.length) res.tflm = bestRound(tf);
  if (lr.length) res.litert = bestRound(lr);
  if (o.callgrind) {
    try { res.tflmInstructions = countInterpreter(run, 'tflm', join(dir, 'cg-sine-tflm.out')).perCall; } catch (e) { console.log(`    ${String(e)}`); }
    try { res.litertInstructions = countInterpreter(run, 'litert', join(dir, 'cg-sine-litert.out')).perCall; } catch (e) { console.log(`    ${String(e)}`); }
  }
  console.log(`  binding overhead (${res.model}): TFLM invoke() ${res.tflm ? us(res.tflm.medianNs) : '–'} µs `
    + `(${res.tflmInstructions ?? '–'} instructions inside Invoke), LiteRT ${res.litert ? us(res.litert.medianNs) : '–'} µs (${res.litertInstructions ?? '–'})`);
  return res;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const python = oraclePython();
  const cc = findCompiler();
  if (o.callgrind && !hasValgrind()) { console.log('valgrind not found: no instruction counts (apt-get install valgrind)'); o.callgrind = false; }
  const machine = machineInfo(cc);
  const names = MODELS.filter((m) => !o.filter || o.filter.test(m));
  if (names.length === 0) { console.error(`no model matches ${o.filter}`); process.exit(2); }
  const root = mkdtempSync(join(tmpdir(), 'aotc-bench-'));
  console.log(`bench: ${names.length} model(s) from ${o.modelsDir}; ${o.rounds} round(s) × ~${o.seconds} s per runtime; callgrind ${o.callgrind ? 'on' : 'off'}; `
    + `${machine.cpu}, ${machine.logicalCpus} CPUs, load ${machine.load1}`);
  const versions: Record<string, string | null> = {};
  const models: ModelResult[] = [];
  for (const n of names) {
    const file = join(o.modelsDir, `${n}.tflite`);
    if (!existsSync(file)) { console.log(`  ${n}: ${file} not found, skipped`); continue; }
    const dir = join(root, n);
    mkdirSync(dir, { recursive: true });
    try { models.push(benchOne(n, file, dir, python, o, versions)); } catch (e) {
      console.log(`  ${n}: failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const ov = overhead(python, root, o);
  const run: BenchRun = {
    date: new Date().toISOString().slice(0, 19) + 'Z', command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    aotcVersion: AOTC_VERSION, machine, versions, bundleFlags: BUNDLE_CFLAGS.join(' '),
    secondsPerRound: o.seconds, rounds: o.rounds, seed: o.seed, models, overhead: ov, goal: GOAL,
  };
  const out = o.out ?? (o.filter ? undefined : join(PACKAGE_ROOT, 'docs', 'BENCHMARKS.md'));
  if (o.write && out && models.length) {
    const prev = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderFile(run, prev));
    console.log(`wrote ${out}`);
  } else if (o.write && o.filter && !o.out) {
    console.log('filtered run: docs/BENCHMARKS.md not written (give --out FILE to write one)');
  }
  if (!o.keep) rmSync(root, { recursive: true, force: true });
  else console.log(`build and callgrind files kept in ${root}`);
}

main().catch((e) => { console.error(e instanceof Error ? (e as Error & { format?: () => string }).format?.() ?? e.message : e); process.exit(2); });
