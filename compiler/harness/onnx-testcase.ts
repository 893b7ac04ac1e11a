// Runs one ONNX backend test case (model.onnx + test_data_set_*/input_*.pb, output_*.pb) through aotc.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, type Compiled } from '../compile.js';
import { AotcError, fail } from '../diagnostics/error.js';
import { decodeModel, decodeTensor } from '../frontends/onnx/decode.js';
import { tensorFromProto } from '../frontends/onnx/tensor.js';
import { fromBytes, getElem, isFloat, toBytes, type DType } from '../ir/dtype.js';
import type { TensorAttr } from '../ir/graph.js';
import { buildRunner, runSets } from './host-runner.js';

export type CaseStatus = 'pass' | 'fail' | 'unsupported';
export interface CaseResult { name: string; status: CaseStatus; reason?: string; code?: string; ops: string[]; ms: number }

export interface CaseOptions { rtol?: number; atol?: number; cc?: string; werror?: boolean; optLevel?: string }

/** Read a test-data .pb as a tensor; sequences, maps and optionals (other protos) are rejected with AOTC0012. */
function readPb(f: string): TensorAttr {
  try {
    return tensorFromProto(decodeTensor(readFileSync(f)), { tensor: f });
  } catch (e) {
    if (e instanceof AotcError) throw e;
    return fail('AOTC0012', `test data ${f.split('/').slice(-2).join('/')} is not a tensor (a sequence, map or optional?)`);
  }
}

export function loadDataSets(dir: string): { inputs: TensorAttr[]; outputs: TensorAttr[] }[] {
  return readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort().map((d) => {
    const files = readdirSync(join(dir, d));
    const pick = (p: string) => files.filter((f) => f.startsWith(p)).sort((a, b) => idx(a) - idx(b)).map((f) => readPb(join(dir, d, f)));
    return { inputs: pick('input_'), outputs: pick('output_') };
  });
}
const idx = (f: string) => Number(/_(\d+)\.pb$/.exec(f)?.[1] ?? 0);

/** Compile, freezing graph inputs that must be compile-time constants (shape operands) from data set 0: the input
 *  named by an AOTC0022 error, or, when it names an intermediate value, the graph inputs that value is computed from.
 *  (`first` may be a function, so the test data is only read when an input must be frozen.) */
export function compileCase(modelFile: string, inputNames: string[], first: TensorAttr[] | (() => TensorAttr[])): { compiled: Compiled; frozen: string[] } {
  const bytes = readFileSync(modelFile);
  const frozen = new Map<string, TensorAttr>();
  for (;;) {
    try {
      return { compiled: compileModel(bytes, modelFile, { frozenInputs: frozen, verify: true }), frozen: [...frozen.keys()] };
    } catch (e) {
      const t = e instanceof AotcError && e.code === 'AOTC0022' ? e.where?.tensor : undefined;
      if (t === undefined) throw e;
      const from = (inputNames.includes(t) ? [t] : inputAncestors(bytes, t, inputNames)).filter((n) => !frozen.has(n));
      if (from.length === 0) throw e;
      const data = typeof first === 'function' ? first() : first;
      for (const n of from) frozen.set(n, data[inputNames.indexOf(n)]);
    }
  }
}

/** The graph inputs (of `inputNames`) that value `tensor` is computed from, through the model's top-level nodes. */
function inputAncestors(bytes: Uint8Array, tensor: string, inputNames: string[]): string[] {
  const producer = new Map<string, string[]>();
  for (const n of decodeModel(bytes, 'model').graph!.node ?? []) for (const o of n.output ?? []) producer.set(o, [...(n.input ?? [])]);
  const seen = new Set<string>(), stack = [tensor];
  while (stack.length) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    stack.push(...(producer.get(v) ?? []).filter((i) => i !== ''));
  }
  return inputNames.filter((n) => seen.has(n));
}

export function declaredInputs(bytes: Uint8Array): string[] {
  const m = decodeModel(bytes, 'model');
  const inits = new Set((m.graph!.initializer ?? []).map((t) => t.name ?? ''));
  return (m.graph!.input ?? []).map((i) => i.name ?? '').filter((n) => !inits.has(n));
}

/** Compare output tensors: exact for integers/bool, |a-b| <= atol + rtol*|b| for floats. */
export function compareTensor(got: Uint8Array, want: TensorAttr, rtol: number, atol: number): string | null {
  const dt: DType = want.dtype;
  const g = fromBytes(got, dt);
  if (g.length !== want.data.length) return `has ${g.length} elements, expected ${want.data.length}`;
  for (let i = 0; i < g.length; i++) {
    const a = getElem(g, i), b = getElem(want.data, i);
    if (isFloat(dt)) {
      if (Number.isNaN(b) && Number.isNaN(a)) continue;
      if (a === b) continue;
      if (!Number.isFinite(a) || !Number.isFinite(b) || !(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return `element ${i}: got ${a}, expected ${b}`;
    } else if (g[i] !== want.data[i]) return `element ${i}: got ${g[i]}, expected ${want.data[i]}`;
  }
  return null;
}

export function runCase(dir: string, buildDir: string, opts: CaseOptions = {}): CaseResult {
  const t0 = Date.now();
  const name = dir.split('/').slice(-2).join('/');
  const modelFile = join(dir, 'model.onnx');
  const done = (status: CaseStatus, reason?: string, code?: string, ops: string[] = []): CaseResult =>
    ({ name, status, reason, code, ops, ms: Date.now() - t0 });
  if (!existsSync(modelFile)) return done('unsupported', 'no model.onnx (the model is downloaded by ONNX, not shipped)');
  let sets, compiled: Compiled, frozen: string[], names: string[];
  try {
    names = declaredInputs(readFileSync(modelFile));
    // Compile before reading the test data: an unsupported model is reported as such even if its data is not tensors.
    let loaded: ReturnType<typeof loadDataSets> | undefined;
    const load = () => (loaded ??= loadDataSets(dir));
    ({ compiled, frozen } = compileCase(modelFile, names, () => load()[0]?.inputs ?? []));
    sets = load();
    if (sets.length === 0) return done('unsupported', 'no test data sets');
  } catch (e) {
    const code = e instanceof AotcError ? e.code : 'AOTC0099';
    const msg = errorText(e, 3);
    const unsupported = ['AOTC0010', 'AOTC0011', 'AOTC0012', 'AOTC0022', 'AOTC0020', 'AOTC0003'].includes(code);
    return done(unsupported ? 'unsupported' : 'fail', msg, code);
  }
  const ops = [...new Set(compiled.graph.nodes.map((n) => n.op))].sort();
  try {
    const runner = buildRunner(compiled, buildDir, { cc: opts.cc, werror: opts.werror ?? true, optLevel: opts.optLevel });
    const keep = names.map((n, i) => (frozen.includes(n) ? -1 : i)).filter((i) => i >= 0);
    const results = runSets(runner, sets.map((s) => keep.map((i) => toBytes(s.inputs[i].data, s.inputs[i].dtype))));
    for (let k = 0; k < sets.length; k++) {
      const want = sets[k].outputs;
      if (want.length !== results[k].length) return done('fail', `bundle has ${results[k].length} outputs, test expects ${want.length}`, 'AOTC0052', ops);
      for (let o = 0; o < want.length; o++) {
        const shape = compiled.graph.values.get(compiled.memory.io.outputs[o])?.shape;
        if (shape && shape.join(',') !== want[o].shape.join(',')) {
          return done('fail', `data set ${k}, output ${o}: has shape [${shape.join(', ')}], expected [${want[o].shape.join(', ')}]`, 'AOTC0052', ops);
        }
        const bad = compareTensor(results[k][o], want[o], opts.rtol ?? 1e-3, opts.atol ?? 1e-5);
        if (bad) return done('fail', `data set ${k}, output ${o}: ${bad}`, 'AOTC0052', ops);
      }
    }
    return done('pass', frozen.length ? `frozen inputs: ${frozen.join(', ')}` : undefined, undefined, ops);
  } catch (e) {
    return done('fail', errorText(e, 4), e instanceof AotcError ? e.code : 'AOTC0099', ops);
  }
}

/** One-line text of an error: message and first details (for C compile errors the compiler's error lines, not the
 *  command line); for an internal error (not an AotcError) also where it was thrown. */
function errorText(e: unknown, details: number): string {
  if (e instanceof AotcError) {
    let d = e.details;
    if (e.code === 'AOTC0041') d = d.slice(1).filter((l) => /error/.test(l));
    return `${e.message}${d.length ? `: ${d.slice(0, details).join('; ')}` : ''}`;
  }
  if (!(e instanceof Error)) return String(e);
  const frame = (e.stack ?? '').split('\n').find((l) => /^\s+at /.test(l))?.trim().replace(/\(?(file:\/\/)?[^()]*?\/(compiler|scripts)\//, '($2/');
  return `${e.name}: ${e.message}${frame ? ` (${frame})` : ''}`;
}
