// Regenerates bundles/: the size reports (<name>.json) of the reference models × targets, compiled in parallel.
//   npm run bundles                      (= node dist/scripts/bundles.js: writes bundles/<target>/<name>.json)
//   node dist/scripts/bundles.js --out <dir> [--aotc <cli main.js>] [--models <dir>] [--jobs N]
// --aotc drives another checkout's compiler (the PR workflow builds the base branch's reports with it).
// Only the reports are kept; sizes come from the objects clang builds for each target (no QEMU needed).

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../compiler/paths.js';

/** The reference models: the four MLPerf Tiny int8 models (../shared/models) and aotc's demo model. */
export const REFERENCE_MODELS: { name: string; file: string | null }[] = [
  { name: 'ad01_int8', file: 'mlperf-tiny/ad01_int8.tflite' },
  { name: 'kws_ref_model', file: 'mlperf-tiny/kws_ref_model.tflite' },
  { name: 'pretrainedresnet_quant', file: 'mlperf-tiny/pretrainedResnet_quant.tflite' },
  { name: 'vww_96_int8', file: 'mlperf-tiny/vww_96_int8.tflite' },
  { name: 'kws_demo', file: null }, // built by scripts/make-demo-model.ts
];
export const BUNDLE_TARGETS = ['host', 'cortex-m4', 'cortex-m7', 'cortex-m55'];

export interface BundlesOptions { out: string; aotc?: string; models?: string; jobs?: number; log?: (line: string) => void }

const run = (args: string[]) => new Promise<void>((ok, fail) => {
  execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, _out, stderr) => {
    if (err) fail(new Error(`node ${args.join(' ')} failed:\n${stderr || err.message}`)); else ok();
  });
});

/** Compile every reference model for every target with the aotc CLI; put <out>/<target>/<name>.json in place. */
export async function generateBundles(o: BundlesOptions): Promise<string[]> {
  const cli = resolve(o.aotc ?? join(PACKAGE_ROOT, 'dist/compiler/cli/main.js'));
  const models = resolve(o.models ?? join(PACKAGE_ROOT, '..', 'shared', 'models'));
  const log = o.log ?? (() => {});
  const missing = REFERENCE_MODELS.filter((m) => m.file && !existsSync(join(models, m.file))).map((m) => join(models, m.file!));
  if (missing.length) throw new Error(`reference models missing: ${missing.join(', ')} (pass --models <dir>)`);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm run build)`);

  const tmp = mkdtempSync(join(tmpdir(), 'aotc-bundles-'));
  try {
    const demo = join(tmp, 'kws_demo.onnx');
    await run([join(PACKAGE_ROOT, 'dist/scripts/make-demo-model.js'), demo]);
    const jobs = REFERENCE_MODELS.flatMap((m) => BUNDLE_TARGETS.map((t) => ({ m, t, model: m.file ? join(models, m.file) : demo })));
    let next = 0;
    const errors: Error[] = [];
    const worker = async () => {
      for (let j = jobs[next++]; j; j = jobs[next++]) {
        const t0 = performance.now();
        try {
          await run([cli, 'compile', j.model, '--target', j.t, '--name', j.m.name, '-o', join(tmp, 'build', j.t, j.m.name)]);
          log(`  ${j.t}/${j.m.name}.json (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (e) {
          errors.push(e as Error);
          next = jobs.length; // start nothing new; the running compiles finish before the temp folder goes
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs ?? availableParallelism()) }, worker));
    if (errors.length) throw errors[0];

    // all compiled: replace the reports of these targets (stale ones of removed models go too)
    const written: string[] = [];
    for (const t of BUNDLE_TARGETS) {
      const dir = join(o.out, t);
      mkdirSync(dir, { recursive: true });
      for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
      for (const m of REFERENCE_MODELS) {
        renameSync(join(tmp, 'build', t, m.name, `${m.name}.json`), join(dir, `${m.name}.json`));
        written.push(`${t}/${m.name}.json`);
      }
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function args(argv: string[]): BundlesOptions {
  const o: BundlesOptions = { out: join(PACKAGE_ROOT, 'bundles') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, v = argv[i + 1];
    if (a === '--out' && v) { o.out = resolve(v); i++; }
    else if (a === '--aotc' && v) { o.aotc = v; i++; }
    else if (a === '--models' && v) { o.models = v; i++; }
    else if (a === '--jobs' && v && /^\d+$/.test(v)) { o.jobs = Number(v); i++; }
    else throw new Error(`bundles: bad argument '${a}' (usage: bundles.js [--out dir] [--aotc main.js] [--models dir] [--jobs N])`);
  }
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = args(process.argv.slice(2));
    const t0 = performance.now();
    console.log(`compiling ${REFERENCE_MODELS.length} models × ${BUNDLE_TARGETS.length} targets into ${o.out}`);
    const files = await generateBundles({ ...o, log: (l) => console.log(l) });
    console.log(`wrote ${files.length} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s; compare with: aotc diff <old> ${o.out}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
  }
}
