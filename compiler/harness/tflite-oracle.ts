// TFLite reference runs (TFLite Micro — the int8 oracle — or LiteRT) through scripts/tflite_oracle.py in the project venv.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../diagnostics/error.js';
import { PACKAGE_ROOT } from '../paths.js';
import { runProgram } from '../toolchain/process.js';
import { npyItemSize, type NpyArray } from './npy.js';
import { readNpzFile, writeNpzFile } from './npz.js';

/** 'tflm': TFLite Micro (reference kernels; what MCU deployments run). 'litert-ref': LiteRT with BUILTIN_REF
 *  (reference kernels). 'litert': LiteRT's default optimized kernels (XNNPACK; not bit-exact for int8). */
export type TfliteOracleRuntime = 'tflm' | 'litert-ref' | 'litert';

export interface TfliteOracleOptions {
  runtime?: TfliteOracleRuntime;
  /** Also return every non-constant tensor (graph inputs and operator outputs) of subgraph 0. */
  perLayer?: boolean;
  /** Python interpreter; default $AOTC_PYTHON, else <package root>/.venv/bin/python. */
  python?: string;
  /** TFLM tensor arena in bytes (default max(10 × model size, 1 MiB)). */
  arenaBytes?: number;
  timeoutMs?: number;
}

export interface OracleTensorInfo { index: number; tensor: number; name: string; dtype: string; shape: number[] }

export interface TfliteOracleResult {
  runtime: TfliteOracleRuntime;
  /** Number of input sets run (the leading axis of every returned array). */
  sets: number;
  inputs: OracleTensorInfo[];
  outputs: OracleTensorInfo[];
  /** outputs[k] for all sets: [sets, ...output shape]. */
  outputArrays: NpyArray[];
  /** Tensor index → [sets, ...shape]; empty unless perLayer. */
  layers: Map<number, NpyArray>;
  versions: Record<string, string | null>;
}

export const ORACLE_SCRIPT = join(PACKAGE_ROOT, 'scripts', 'tflite_oracle.py');
const SETUP_HINT = 'create the Python oracle environment with `bash scripts/setup.sh` '
  + '(or point $AOTC_PYTHON at a Python with tflite-micro, ai-edge-litert and numpy)';

/** The oracle's Python: `explicit`, else $AOTC_PYTHON, else the project venv; AOTC0051 when it does not exist. */
export function oraclePython(explicit?: string): string {
  const py = explicit ?? process.env.AOTC_PYTHON ?? join(PACKAGE_ROOT, '.venv', 'bin', 'python');
  if (py.includes('/') && !existsSync(py)) {
    fail('AOTC0051', `the TFLite reference runtime needs the Python environment, but ${py} does not exist`, undefined, SETUP_HINT);
  }
  return py;
}

/** Is the oracle usable (Python found, packages importable)? For `doctor` and for tests deciding to skip. */
export function tfliteOracleStatus(python?: string): { ok: true; python: string } | { ok: false; reason: string } {
  let py: string;
  try { py = oraclePython(python); } catch (e) { return { ok: false, reason: (e as Error).message }; }
  const probe = 'import numpy\nfrom tflite_micro.python.tflite_micro import runtime\nfrom ai_edge_litert.interpreter import Interpreter';
  const r = runProgram(py, ['-c', probe], { timeoutMs: 120_000 });
  if (r.error) return { ok: false, reason: `cannot run ${py}: ${r.error}` };
  if (r.code !== 0) return { ok: false, reason: lastLine(r.stderr) || `${py} exited with status ${r.code}` };
  return { ok: true, python: py };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** Stack same-shaped arrays into one [n, ...shape] array (n input sets for one model input). */
export function stackSets(sets: NpyArray[]): NpyArray {
  if (sets.length === 0) throw new Error('stackSets: no arrays');
  const first = sets[0]!;
  const key = `${first.dtype}[${first.shape.join(',')}]`;
  const data = new Uint8Array(first.data.length * sets.length);
  sets.forEach((a, i) => {
    if (`${a.dtype}[${a.shape.join(',')}]` !== key) throw new Error(`stackSets: array ${i} is ${a.dtype}[${a.shape.join(',')}], not ${key}`);
    data.set(a.data, i * first.data.length);
  });
  return { dtype: first.dtype, shape: [sets.length, ...first.shape], data };
}

/** Split a [n, ...shape] array into n arrays of `shape` (views into its data). */
export function unstackSets(a: NpyArray): NpyArray[] {
  const n = a.shape[0] ?? 0;
  const shape = a.shape.slice(1);
  const size = n === 0 ? 0 : a.data.length / n;
  return Array.from({ length: n }, (_, i) => ({ dtype: a.dtype, shape, data: a.data.subarray(i * size, (i + 1) * size) }));
}

interface ScriptReport {
  runs: { runtime: TfliteOracleRuntime; sets: number; inputs: OracleTensorInfo[]; outputs: OracleTensorInfo[]; per_layer: number[] }[];
  versions: Record<string, string | null>;
}

/**
 * Run `model` (a path or the file's bytes) on every input set in one Python process.
 * `inputs`: one array per model input, by position (array) or keyed by input position/tensor name (map); each is
 * [sets, ...input shape] or exactly the input shape (one set); dtypes must match the model's inputs exactly.
 * AOTC0051 when the runtime is missing or rejects the model; AOTC0050 for input data the model cannot take.
 */
export function runTfliteOracle(model: string | Uint8Array, inputs: NpyArray[] | Map<string, NpyArray>,
  opts: TfliteOracleOptions = {}): TfliteOracleResult {
  return runTfliteOracles(model, inputs, [opts.runtime ?? 'tflm'], opts)[0]!;
}

/** As runTfliteOracle, for several runtimes in one Python process (one result per runtime, in order). */
export function runTfliteOracles(model: string | Uint8Array, inputs: NpyArray[] | Map<string, NpyArray>,
  runtimes: TfliteOracleRuntime[], opts: Omit<TfliteOracleOptions, 'runtime'> = {}): TfliteOracleResult[] {
  const py = oraclePython(opts.python);
  const runtime = runtimes.join(',');
  const dir = mkdtempSync(join(tmpdir(), 'aotc-tflite-oracle-'));
  try {
    let modelPath: string;
    if (typeof model === 'string') modelPath = model;
    else { modelPath = join(dir, 'model.tflite'); writeFileSync(modelPath, model); }
    const inPath = join(dir, 'inputs.npz');
    const outPath = join(dir, 'outputs.npz');
    writeNpzFile(inPath, Array.isArray(inputs) ? inputs.map((a, i): [string, NpyArray] => [String(i), a]) : inputs);
    const args = [ORACLE_SCRIPT, modelPath, inPath, outPath, '--runtime', runtime];
    if (opts.perLayer) args.push('--per-layer');
    if (opts.arenaBytes) args.push('--arena', String(opts.arenaBytes));
    const r = runProgram(py, args, { timeoutMs: opts.timeoutMs ?? 600_000 });
    const where = { file: typeof model === 'string' ? model : undefined };
    if (r.error || r.signal) {
      fail('AOTC0051', `the TFLite reference runtime (${runtime}) did not run: ${r.error ?? `killed by ${r.signal}`}`, where, SETUP_HINT);
    }
    const msg = lastLine(r.stderr).replace(/^tflite_oracle: error: /, '');
    // The runtimes' own log lines (e.g. TFLM's "Hybrid models are not supported") explain most failures.
    const log = r.stderr.split('\n').map((l) => l.trimEnd())
      .filter((l) => l !== '' && !l.startsWith('tflite_oracle: error:') && !l.startsWith('INFO: ')).slice(-12);
    if (r.code === 2) fail('AOTC0050', `bad input data for the TFLite reference runtime: ${msg}`, where);
    if (r.code === 3) fail('AOTC0051', `the TFLite reference runtime is not installed: ${msg}`, where, SETUP_HINT);
    if (r.code !== 0) {
      fail('AOTC0051', `the TFLite reference runtime (${runtime}) failed: ${msg || `exit status ${r.code}`}`, where,
        'the reference runtime must support every op of the model; try another runtime (tflm, litert-ref)', log);
    }
    const report = JSON.parse(lastLine(r.stdout)) as ScriptReport;
    const arrays = readNpzFile(outPath);
    return report.runs.map((run) => {
      const get = (key: string): NpyArray => {
        const a = arrays.get(`${run.runtime}/${key}`);
        if (!a) return fail('AOTC0051', `the TFLite reference runtime wrote an incomplete result file (no ${run.runtime}/${key})`, where);
        if (a.data.length !== a.shape.reduce((x, y) => x * y, 1) * npyItemSize(a.dtype)) {
          fail('AOTC0051', 'the TFLite reference runtime wrote an inconsistent array', where);
        }
        return a;
      };
      return {
        runtime: run.runtime, sets: run.sets, inputs: run.inputs, outputs: run.outputs,
        outputArrays: run.outputs.map((o) => get(String(o.index))),
        layers: new Map<number, NpyArray>(run.per_layer.map((t) => [t, get(`t${t}`)])),
        versions: report.versions,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
