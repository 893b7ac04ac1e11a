// Runs one ONNX backend test case (model.onnx + test_data_set_*/input_*.pb, output_*.pb) through aotc.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, type Compiled } from '../compile.js';
import { AotcError } from '../diagnostics/error.js';
import { decodeModel, decodeTensor } from '../frontends/onnx/decode.js';
import { tensorFromProto } from '../frontends/onnx/tensor.js';
import { fromBytes, getElem, isFloat, toBytes, type DType } from '../ir/dtype.js';
import type { TensorAttr } from '../ir/graph.js';
import { buildRunner, runSets } from './host-runner.js';

export type CaseStatus = 'pass' | 'fail' | 'unsupported';
export interface CaseResult { name: string; status: CaseStatus; reason?: string; code?: string; ops: string[]; ms: number }

export interface CaseOptions { rtol?: number; atol?: number; cc?: string; werror?: boolean; optLevel?: string }

const readPb = (f: string): TensorAttr => tensorFromProto(decodeTensor(readFileSync(f)), { tensor: f });

export function loadDataSets(dir: string): { inputs: TensorAttr[]; outputs: TensorAttr[] }[] {
  return readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort().map((d) => {
    const files = readdirSync(join(dir, d));
    const pick = (p: string) => files.filter((f) => f.startsWith(p)).sort((a, b) => idx(a) - idx(b)).map((f) => readPb(join(dir, d, f)));
    return { inputs: pick('input_'), outputs: pick('output_') };
  });
}
const idx = (f: string) => Number(/_(\d+)\.pb$/.exec(f)?.[1] ?? 0);

/** Compile, freezing graph inputs that must be compile-time constants (shape operands) from data set 0. */
export function compileCase(modelFile: string, inputNames: string[], first: TensorAttr[]): { compiled: Compiled; frozen: string[] } {
  const bytes = readFileSync(modelFile);
  const frozen = new Map<string, TensorAttr>();
  for (;;) {
    try {
      return { compiled: compileModel(bytes, modelFile, { frozenInputs: frozen, verify: true }), frozen: [...frozen.keys()] };
    } catch (e) {
      const t = e instanceof AotcError && e.code === 'AOTC0022' ? e.where?.tensor : undefined;
      const k = t === undefined ? -1 : inputNames.indexOf(t);
      if (k < 0 || frozen.has(t!)) throw e;
      frozen.set(t!, first[k]);
    }
  }
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
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return `element ${i}: got ${a}, expected ${b}`;
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
    sets = loadDataSets(dir);
    if (sets.length === 0) return done('unsupported', 'no test data sets');
    ({ compiled, frozen } = compileCase(modelFile, names, sets[0].inputs));
  } catch (e) {
    const err = e instanceof AotcError ? e : undefined;
    const code = err?.code ?? 'AOTC0099';
    const msg = err ? `${err.message}${err.details.length ? `: ${err.details.slice(0, 3).join('; ')}` : ''}` : String(e);
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
      if (want.length !== results[k].length) return done('fail', `bundle has ${results[k].length} outputs, test expects ${want.length}`, undefined, ops);
      for (let o = 0; o < want.length; o++) {
        const bad = compareTensor(results[k][o], want[o], opts.rtol ?? 1e-3, opts.atol ?? 1e-5);
        if (bad) return done('fail', `data set ${k}, output ${o}: ${bad}`, 'AOTC0052', ops);
      }
    }
    return done('pass', frozen.length ? `frozen inputs: ${frozen.join(', ')}` : undefined, undefined, ops);
  } catch (e) {
    const err = e instanceof AotcError ? e : undefined;
    return done('fail', err ? `${err.message}: ${err.details.slice(0, 4).join('; ')}` : String(e), err?.code ?? 'AOTC0099', ops);
  }
}
