// Builds a bundle into a native runner program and runs it on input sets (host target).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Compiled } from '../compile.js';
import { fail } from '../diagnostics/error.js';
import { render } from '../emit/c/render.js';
import { buildBundleView } from '../emit/c/bundle-view.js';
import { compileC, findCompiler } from '../toolchain/clang.js';
import { runProgram } from '../toolchain/process.js';

export interface Runner { exe: string; dir: string; compiled: Compiled }

/** Write the bundle sources and a harness into `dir`, build `runner`. */
export function buildRunner(compiled: Compiled, dir: string, opts: { cc?: string; werror?: boolean; optLevel?: string } = {}): Runner {
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of compiled.files) writeFileSync(join(dir, f), content);
  const view = buildBundleView(compiled.graph, compiled.lowered, compiled.memory, compiled.weights, compiled.target,
    { name: compiled.name, commandLine: '', modelSha256: compiled.modelSha256, modelFile: '' });
  writeFileSync(join(dir, 'harness.c'), render('harness-host.c.hbs', view));
  const cc = findCompiler(opts.cc);
  const exe = join(dir, 'runner');
  compileC(cc, compiled.target, [`${compiled.name}.c`, `${compiled.name}.weights.c`, 'harness.c'], exe,
    [...(opts.optLevel ? [opts.optLevel] : []), '-lm'], { werror: opts.werror, cwd: dir });
  return { exe, dir, compiled };
}

/** Run the bundle on input sets (each: one byte buffer per graph input), returning output bytes per set. */
export function runSets(r: Runner, sets: Uint8Array[][]): Uint8Array[][] {
  return execute(r, sets, false).outputs;
}

/** The bundle's memory after one run: the activation arena and the mutable (io) region. */
export interface MemoryDump { act: Uint8Array; mut: Uint8Array }

/**
 * As runSets, and also the activation arena and io region after each set (the harness's `dump` mode). With a bundle
 * compiled with `reuse: false`, every intermediate value can then be read at its planned location.
 */
export function runSetsDump(r: Runner, sets: Uint8Array[][]): { outputs: Uint8Array[][]; memory: MemoryDump[] } {
  const res = execute(r, sets, true);
  return { outputs: res.outputs, memory: res.memory! };
}

function execute(r: Runner, sets: Uint8Array[][], dump: boolean): { outputs: Uint8Array[][]; memory?: MemoryDump[] } {
  const mem = r.compiled.memory;
  const inSizes = mem.io.inputs.map((id) => mem.loc.get(id)?.bytes ?? 0);
  const outSizes = mem.io.outputs.map((id) => ioBytes(r, id));
  const chunks: Uint8Array[] = [];
  for (const s of sets) s.forEach((b, i) => {
    if (b.length !== inSizes[i]) fail('AOTC0050', `input ${i} has ${b.length} bytes, the bundle expects ${inSizes[i]}`);
    chunks.push(b);
  });
  const inFile = join(r.dir, 'inputs.bin'), outFile = join(r.dir, 'outputs.bin');
  writeFileSync(inFile, Buffer.concat(chunks));
  const memFile = join(r.dir, 'memory.bin');
  const res = runProgram(r.exe, dump ? ['dump', String(sets.length), inFile, outFile, memFile] : ['run', String(sets.length), inFile, outFile],
    { timeoutMs: 600_000 });
  if (res.code !== 0) {
    fail('AOTC0042', `the compiled bundle failed (exit ${res.code}${res.signal ? `, signal ${res.signal}` : ''})`, undefined,
      'this is an aotc bug; please report it with the model', res.stderr.split('\n').filter(Boolean).slice(0, 10));
  }
  const all = readFileSync(outFile);
  const per = outSizes.reduce((a, b) => a + b, 0);
  const outputs = sets.map((_s, k) => {
    let off = k * per;
    return outSizes.map((n) => { const b = new Uint8Array(all.subarray(off, off + n)); off += n; return b; });
  });
  if (!dump) return { outputs };
  const dumped = readFileSync(memFile);
  const actBytes = mem.act.size, mutBytes = mem.io.size;
  if (dumped.length !== sets.length * (actBytes + mutBytes)) {
    fail('AOTC0042', `the bundle's memory dump has ${dumped.length} bytes, expected ${sets.length} × (${actBytes} + ${mutBytes})`);
  }
  const memory = sets.map((_s, k) => {
    const at = k * (actBytes + mutBytes);
    return { act: new Uint8Array(dumped.subarray(at, at + actBytes)), mut: new Uint8Array(dumped.subarray(at + actBytes, at + actBytes + mutBytes)) };
  });
  return { outputs, memory };
}

/** Median and minimum nanoseconds per inference over `iterations` runs of one input set. */
export function timeRunner(r: Runner, set: Uint8Array[], iterations: number): { medianNs: number; minNs: number } {
  const inFile = join(r.dir, 'time-inputs.bin');
  writeFileSync(inFile, Buffer.concat(set));
  const res = runProgram(r.exe, ['time', String(iterations), inFile]);
  const m = /median_ns (\d+) min_ns (\d+)/.exec(res.stdout);
  if (res.code !== 0 || !m) fail('AOTC0042', `timing run failed (exit ${res.code})`, undefined, undefined, [res.stderr]);
  return { medianNs: Number(m[1]), minNs: Number(m[2]) };
}

function ioBytes(r: Runner, id: number): number {
  const v = r.compiled.graph.values.get(id)!;
  const loc = r.compiled.memory.loc.get(id);
  if (loc) return loc.bytes;
  return v.shape.reduce((a, b) => a * b, 1) * (v.data ? v.data.BYTES_PER_ELEMENT : 4);
}
