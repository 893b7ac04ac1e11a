// Interpreter side of the benchmark: TFLite Micro and LiteRT latency (timed in Python around invoke()) and callgrind
// instruction counts per Invoke, through scripts/bench_interpreters.py in the project venv.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';
import { runProgram } from '../../toolchain/process.js';
import { callgrindPerCall } from './callgrind.js';
import type { InstructionCount } from './host-bench.js';

/** tflm: TFLite Micro (reference kernels). litert: LiteRT default kernels (XNNPACK delegate, 1 thread).
 *  litert-ref: LiteRT with OpResolverType.BUILTIN_REF (reference kernels, 1 thread). */
export type InterpreterRuntime = 'tflm' | 'litert' | 'litert-ref';

export const BENCH_SCRIPT = join(PACKAGE_ROOT, 'scripts', 'bench_interpreters.py');

/** The C++ function callgrind toggles on (demangled, as callgrind names it): the runtime's whole-graph Invoke. */
export const INVOKE_SYMBOL: Record<InterpreterRuntime, string> = {
  tflm: 'tflite::micro::MicroInterpreter::Invoke()',
  litert: 'tflite::Subgraph::Invoke()',
  'litert-ref': 'tflite::Subgraph::Invoke()',
};

export interface ScriptTiming {
  runtime: InterpreterRuntime; median_ns: number; min_ns: number; mean_ns: number; runs: number; warmup: number;
  versions: Record<string, string | null>;
}

/** The last stdout line of bench_interpreters.py, parsed (throws with the script's error line otherwise). */
export function parseScriptReport<T>(stdout: string, stderr: string, code: number): T {
  const line = stdout.trim().split('\n').filter(Boolean).pop();
  if (code !== 0 || !line || !line.startsWith('{')) {
    const err = stderr.split('\n').filter((l) => l.trim()).pop() ?? '';
    throw new Error(`bench_interpreters.py failed (exit ${code}): ${err}`);
  }
  return JSON.parse(line) as T;
}

export interface InterpreterRun { python: string; model: string; inputFile: string }

/** One timing round: `seconds` of invokes after warm-up; writes the outputs of the last invoke to `outputFile`. */
export function timeInterpreterRound(run: InterpreterRun, runtime: InterpreterRuntime, seconds: number, outputFile?: string): ScriptTiming {
  const args = [BENCH_SCRIPT, run.model, run.inputFile, '--runtime', runtime, '--mode', 'time', '--seconds', String(seconds)];
  if (outputFile) args.push('--output', outputFile);
  const r = runProgram(run.python, args, { timeoutMs: 600_000 });
  if (r.error) throw new Error(`cannot run ${run.python}: ${r.error}`);
  return parseScriptReport<ScriptTiming>(r.stdout, r.stderr, r.code);
}

/** Outputs (concatenated bytes) of one invoke on the input, without timing. */
export function interpreterOutput(run: InterpreterRun, runtime: InterpreterRuntime, outputFile: string): Uint8Array {
  const r = runProgram(run.python, [BENCH_SCRIPT, run.model, run.inputFile, '--runtime', runtime, '--mode', 'invokes',
    '--invokes', '1', '--output', outputFile], { timeoutMs: 600_000 });
  if (r.error) throw new Error(`cannot run ${run.python}: ${r.error}`);
  parseScriptReport(r.stdout, r.stderr, r.code);
  return new Uint8Array(readFileSync(outputFile));
}

/** Instructions per Invoke: callgrind on the Python process, collecting only inside the runtime's Invoke, one dump
 *  per invoke (`invokes` of them; the last is the steady-state count). */
export function countInterpreter(run: InterpreterRun, runtime: InterpreterRuntime, outBase: string, invokes = 2): InstructionCount {
  const c = callgrindPerCall(run.python, [BENCH_SCRIPT, run.model, run.inputFile, '--runtime', runtime, '--mode', 'invokes',
    '--invokes', String(invokes)], INVOKE_SYMBOL[runtime], outBase);
  return { perCall: c.perCall[c.perCall.length - 1]!, firstCall: c.perCall[0]!, calls: c.perCall.length, profile: c.profile, command: c.command };
}
