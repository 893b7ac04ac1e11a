// aotc side of the benchmark: compile a model for the host, time the native runner (harness `time` mode) and count
// instructions per inference with callgrind on the bundle's entry function.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, type Compiled } from '../../compile.js';
import { buildRunner, runSets, timeRunner, type Runner } from '../host-runner.js';
import { inputSpecs, randomSets } from '../inputs.js';
import { buildLayers, layerTotals } from '../../report/layers.js';
import { BUNDLE_CFLAGS } from '../../toolchain/clang.js';
import { callgrindPerCall, type ProfileRow } from './callgrind.js';

export interface Latency {
  /** Median ns per inference of the best round (lowest median), the minimum over all rounds, runs per round. */
  medianNs: number;
  minNs: number;
  runs: number;
  rounds: number;
  /** Every round's median, in order. */
  roundMedians: number[];
}

export interface InstructionCount {
  /** Instructions of one steady-state call (the last one counted); the first call's, when it differs. */
  perCall: number;
  firstCall: number;
  calls: number;
  profile: ProfileRow[];
  command: string;
}

/** Runs per timing round so one round takes about `seconds` at `probeNs` per run, within [min, max]. */
export function calibrateRuns(probeNs: number, seconds: number, min = 20, max = 200_000): number {
  const n = Math.round((seconds * 1e9) / Math.max(probeNs, 1));
  return Math.max(min, Math.min(max, n));
}

/** Pick the round with the lowest median (the least disturbed by other load), keep the overall minimum. */
export function bestRound(rounds: { medianNs: number; minNs: number; runs: number }[]): Latency {
  if (rounds.length === 0) throw new Error('bestRound: no rounds');
  const best = rounds.reduce((a, b) => (b.medianNs < a.medianNs ? b : a));
  return {
    medianNs: best.medianNs, minNs: Math.min(...rounds.map((r) => r.minNs)), runs: best.runs, rounds: rounds.length,
    roundMedians: rounds.map((r) => r.medianNs),
  };
}

/** Debug info for the callgrind runner, so inlined kernels are attributed to their source lines. */
export const DEBUG_FLAG = '-gdwarf-4';

export interface BundleSetup {
  compiled: Compiled;
  /** Built with the default bundle flags (BUNDLE_CFLAGS, no -march: baseline x86-64/SSE2) plus -gdwarf-4 (debug info
   *  does not change the code; DWARF 4 because valgrind 3.19 cannot read clang 19's DWARF 5); timed and callgrinded. */
  runner: Runner;
  /** Same bundle built with -march=native (timed only; valgrind 3.19 cannot run AVX-512 code). */
  nativeRunner?: Runner;
  /** The benchmark input (one byte buffer per model input) and the bundle's outputs on it. */
  input: Uint8Array[];
  output: Uint8Array[];
  macs: number;
  flags: string;
}

/** Compile `model` for the host, build the runners, run once on the seeded random input. */
export function setupBundle(modelBytes: Uint8Array, modelPath: string, dir: string,
  opts: { seed?: number; native?: boolean; cc?: string } = {}): BundleSetup {
  const compiled = compileModel(modelBytes, modelPath);
  const runner = buildRunner(compiled, join(dir, 'plain'), { cc: opts.cc, optLevel: DEBUG_FLAG });
  const nativeRunner = opts.native ? buildRunner(compiled, join(dir, 'native'), { cc: opts.cc, optLevel: '-march=native' }) : undefined;
  const [set] = randomSets(inputSpecs(compiled.graph), 1, opts.seed ?? 0);
  const input = set!.map((t) => t.data);
  const [output] = runSets(runner, [input]);
  return {
    compiled, runner, nativeRunner, input, output: output!, macs: layerTotals(buildLayers(compiled)).macs,
    flags: BUNDLE_CFLAGS.join(' '),
  };
}

/** One timing round of the runner on the benchmark input; the first call of a runner calibrates the run count. */
export function timeBundleRound(r: Runner, input: Uint8Array[], secondsPerRound: number, runs?: number):
  { medianNs: number; minNs: number; runs: number } {
  const n = runs ?? calibrateRuns(timeRunner(r, input, 20).medianNs, secondsPerRound);
  return { ...timeRunner(r, input, n), runs: n };
}

/** Instructions per inference: callgrind on `runner time 2` (3 warm-up + 2 timed calls), one dump per call; the profile
 *  attributes the bundle's lines to the kernel (or helper) function they belong to, inlined or not. */
export function countBundle(r: Runner, input: Uint8Array[]): InstructionCount {
  const fn = `${r.compiled.name}_run_with_weights`;
  const inFile = join(r.dir, 'callgrind-inputs.bin');
  writeFileSync(inFile, Buffer.concat(input));
  const cFile = `${r.compiled.name}.c`;
  const text = r.compiled.files.get(cFile);
  const c = callgrindPerCall(r.exe, ['time', '2', inFile], fn, join(r.dir, 'callgrind.out'),
    { cwd: r.dir, top: 10, source: typeof text === 'string' ? { file: cFile, text } : undefined });
  return { perCall: c.perCall[c.perCall.length - 1]!, firstCall: c.perCall[0]!, calls: c.perCall.length, profile: c.profile, command: c.command };
}
