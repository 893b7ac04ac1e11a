// `aotc validate`: run the compiled bundle and ONNX Runtime on the same inputs and compare every output
// (TFLite models: against TFLite Micro / LiteRT, see validate-tflite.ts).

import { detectFormat } from '../compile.js';
import { fail } from '../diagnostics/error.js';
import { widenFloat16Model } from '../frontends/onnx/widen.js';
import { fromBytes, toBytes } from '../ir/dtype.js';
import { inputSpecs, inputsFromNpz, randomSets, type HostTensor } from '../harness/inputs.js';
import { openOrtSession, ORT_SESSION_OPTIONS } from '../harness/ort.js';
import { accumulate, fmt, newStats, passes, toleranceText, type OutputStats, type Tolerance } from '../report/compare.js';
import { shape, table } from '../report/format.js';
import { ccOption, compileFromFile, intOption, modelBase, numberOption, readModel, say, withTempDir, type ModelOptions } from './common.js';
import { readInputArchive, runBundle } from './run.js';

export interface ValidateCliOptions extends ModelOptions {
  data?: string; runs?: string; seed?: string; rtol?: string; atol?: string; cc?: string;
  /** Run the reference on the model widened to float32 (aotc's arithmetic for float16 models), rounding its outputs back. */
  widenReference?: boolean;
  /** ONNX: 'ort' (the only one); TFLite: tflm (default), litert (reference kernels), litert-default. */
  reference?: string;
  /** TFLite only: compare every intermediate tensor and name the first that differs. */
  perLayer?: boolean;
}

const toF32 = (t: HostTensor): HostTensor => (t.dtype !== 'float16' ? t
  : { ...t, dtype: 'float32', data: toBytes(fromBytes(t.data, 'float16'), 'float32') });
const toF16 = (t: HostTensor): HostTensor => (t.dtype !== 'float32' ? t
  : { ...t, dtype: 'float16', data: toBytes(fromBytes(t.data, 'float32'), 'float16') });

export async function validateCommand(model: string, o: ValidateCliOptions): Promise<void> {
  if (detectFormat(readModel(model), model) === 'tflite') {
    return (await import('./validate-tflite.js')).validateTfliteCommand(model, o);
  }
  if (o.reference !== undefined && o.reference !== 'ort') {
    fail('AOTC0061', `--reference '${o.reference}' is not available for ONNX models`, undefined,
      'ONNX models are validated against ONNX Runtime (--reference ort); tflm, litert and litert-default apply to .tflite models');
  }
  if (o.perLayer) fail('AOTC0061', '--per-layer is available for TFLite models only', undefined, 'run `aotc validate` without --per-layer');
  const tol: Tolerance = { rtol: numberOption('--rtol', o.rtol), atol: numberOption('--atol', o.atol) };
  const runs = intOption('--runs', o.runs, 3, 1);
  const seed = intOption('--seed', o.seed, 0);
  const { bytes, compiled } = compileFromFile(model, o);
  const specs = inputSpecs(compiled.graph);
  let sets: HostTensor[][];
  let source: string;
  if (o.data) {
    const { set, notes } = inputsFromNpz(specs, readInputArchive(o.data), o.data);
    notes.forEach((n) => say(`note: ${n}`));
    sets = [set];
    source = o.data;
  } else {
    sets = randomSets(specs, runs, seed);
    source = `${runs} random input set(s), seed ${seed}`;
  }
  const widen = o.widenReference === true;
  const session = await openOrtSession(widen ? widenFloat16Model(bytes) : bytes, model);
  const f16Outputs = new Set(compiled.memory.io.outputs.map((id) => compiled.graph.values.get(id)!).filter((v) => v.dtype === 'float16').map((v) => v.name));
  const got = await withTempDir((dir) => runBundle(compiled, dir, sets, ccOption(o.cc)));
  const outNames = got[0]?.map((t) => t.name) ?? compiled.memory.io.outputs.map((id) => compiled.graph.values.get(id)!.name);
  const stats = new Map<string, OutputStats>();
  for (let k = 0; k < sets.length; k++) {
    const ref = (await session.run(widen ? sets[k]!.map(toF32) : sets[k]!)).map((r) => (widen && f16Outputs.has(r.name) ? toF16(r) : r));
    got[k]!.forEach((t) => {
      const r = ref.find((x) => x.name === t.name);
      if (!r) fail('AOTC0051', `ONNX Runtime has no output '${t.name}'`, undefined, `its outputs: ${session.outputNames.join(', ')}`);
      const s = stats.get(t.name) ?? newStats(t.name, t.dtype, t.shape);
      stats.set(t.name, s);
      accumulate(s, k, t, r, tol);
    });
  }
  await session.close();

  for (const n of compiled.graph.notes) say(`note: ${n}`);
  say(`validate ${modelBase(model)}: aotc bundle (host) vs ONNX Runtime (CPU, 1 thread, graph optimisations ${ORT_SESSION_OPTIONS.graphOptimizationLevel}) on ${source}${widen ? ' (reference: the model widened to float32, outputs rounded to the model\'s float16)' : ''}`);
  const all = outNames.map((n) => stats.get(n)!).filter(Boolean);
  const rows = all.map((s) => [
    s.name, `${s.dtype}[${shape(s.shape)}]`, fmt(s.maxAbs), fmt(s.maxRel),
    s.refMax >= s.refMin ? `[${fmt(s.refMin)}, ${fmt(s.refMax)}]` : '-', toleranceText(s, tol), passes(s, tol) ? 'pass' : 'FAIL',
  ]);
  say(table(['output', 'type', 'max abs err', 'max rel err', 'ref range', 'tolerance', 'result'], rows, ['l', 'l', 'r', 'r', 'l', 'l', 'l']));
  const failed = all.filter((s) => !passes(s, tol));
  for (const s of failed) {
    if (s.problem) say(`  ${s.name}: ${s.problem}`);
    else if (s.worst) say(`  ${s.name}: worst element ${s.worst.index} of set ${s.worst.set}: got ${s.worst.got}, reference ${s.worst.ref}${s.violations ? ` (${s.violations} of ${s.count} elements outside tolerance)` : ''}`);
  }
  if (failed.length) {
    fail('AOTC0052', `${failed.length} of ${all.length} output(s) differ from ONNX Runtime beyond tolerance: ${failed.map((s) => `'${s.name}'`).join(', ')}`,
      { file: modelBase(model) }, 'rerun with AOTC_KEEP_TEMP=1 to keep the generated bundle, or report the model and command line');
  }
  say(`all ${all.length} output(s) match`);
}
