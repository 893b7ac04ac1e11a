// `aotc validate` for TFLite models: the bundle against TFLite Micro or LiteRT (reference kernels) on the same inputs;
// per output the identical share and max difference; --per-layer names the first tensor where the two part.

import { join } from 'node:path';
import type { Compiled } from '../compile.js';
import { fail } from '../diagnostics/error.js';
import { readTflite, type TfliteModel } from '../frontends/tflite/reader.js';
import { buildRunner, runSetsDump } from '../harness/host-runner.js';
import { inputSpecs, inputsFromNpz, randomSets, type HostTensor } from '../harness/inputs.js';
import type { NpyArray, NpyDtype } from '../harness/npy.js';
import {
  addDiff, compareLayers, diffRange, firstDifference, floatLimit, identicalShare, newDiff, passesDiff,
  type DiffStats, type DiffTolerance, type LayerRow,
} from '../harness/per-layer.js';
import { oraclePython, runTfliteOracle, stackSets, unstackSets, type TfliteOracleResult, type TfliteOracleRuntime } from '../harness/tflite-oracle.js';
import { isFloat } from '../ir/dtype.js';
import { fmt } from '../report/compare.js';
import { shape, table } from '../report/format.js';
import { ccOption, compileFromFile, intOption, modelBase, numberOption, say, withTempDir, type ModelOptions } from './common.js';
import { readInputArchive, runBundle } from './run.js';

export interface ValidateTfliteOptions extends ModelOptions {
  data?: string; runs?: string; seed?: string; rtol?: string; atol?: string; cc?: string;
  reference?: string; perLayer?: boolean; widenReference?: boolean;
}

interface Reference { runtime: TfliteOracleRuntime; label: string; pkg: string }

/** `--reference` values for TFLite models. */
export const TFLITE_REFERENCES: Record<string, Reference> = {
  tflm: { runtime: 'tflm', label: 'TFLite Micro (reference kernels)', pkg: 'tflite-micro' },
  litert: { runtime: 'litert-ref', label: 'LiteRT (reference kernels, BUILTIN_REF)', pkg: 'ai-edge-litert' },
  'litert-default': { runtime: 'litert', label: 'LiteRT (default optimized kernels, not bit-exact for int8)', pkg: 'ai-edge-litert' },
};

export function tfliteReference(name = 'tflm'): Reference {
  const r = Object.hasOwn(TFLITE_REFERENCES, name) ? TFLITE_REFERENCES[name] : undefined;
  if (!r) {
    fail('AOTC0061', `--reference '${name}' is not available for TFLite models`, undefined,
      `choose one of ${Object.keys(TFLITE_REFERENCES).join(', ')} (default tflm)`);
  }
  return r;
}

/** Reference inputs by input position of subgraph 0: the IR inputs (constants listed as inputs: their data). */
function oracleInputs(m: TfliteModel, c: Compiled, sets: HostTensor[][]): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  let j = 0;
  m.main.inputs.forEach((ti, k) => {
    const t = m.main.tensors[ti]!;
    if (t.data) { out.set(String(k), { dtype: t.type as NpyDtype, shape: [...t.shape], data: t.data }); return; }
    const at = j++;
    out.set(String(k), stackSets(sets.map((s) => ({ dtype: s[at]!.dtype, shape: s[at]!.shape, data: s[at]!.data }))));
  });
  if (j !== c.graph.inputs.length) fail('AOTC0051', `the model lists ${j} non-constant input(s), the compiled graph has ${c.graph.inputs.length}`);
  return out;
}

const maxDiffText = (s: DiffStats): string => (isFloat(s.dtype) ? fmt(s.maxDiff) : `${fmt(s.maxDiff)} LSB`);

function toleranceText(s: DiffStats, tol: DiffTolerance): string {
  if (tol.atol !== undefined || tol.rtol !== undefined) return `atol ${tol.atol ?? 0} + rtol ${tol.rtol ?? 0}·|ref|`;
  return isFloat(s.dtype) ? `abs <= ${fmt(floatLimit(s))}` : 'identical';
}

function outputStats(c: Compiled, got: HostTensor[][], ref: TfliteOracleResult, tol: DiffTolerance): { name: string; shape: number[]; s: DiffStats }[] {
  const ids = c.memory.io.outputs;
  if (ref.outputArrays.length !== ids.length) {
    fail('AOTC0051', `the reference returned ${ref.outputArrays.length} output(s), the bundle has ${ids.length}`);
  }
  return ids.map((id, i) => {
    const v = c.graph.values.get(id)!;
    const s = newDiff(v.dtype);
    const r = ref.outputArrays[i]!;
    if (r.dtype !== v.dtype) s.problem = `dtype ${v.dtype} vs the reference's ${r.dtype}`;
    else unstackSets(r).forEach((x, k) => addDiff(s, k, got[k]![i]!.data, x.data, tol));
    return { name: v.name, shape: [...v.shape], s };
  });
}

function layerTable(rows: LayerRow[]): string {
  const body = rows.map((r) => {
    const s = r.stats;
    return [
      String(r.opIndex), r.op, r.irOp || '-', s ? s.dtype : '-', s ? identicalShare(s) : '-', s ? maxDiffText(s) : '-',
      r.skipped ? `${r.tensor} (not compared: ${r.skipped})` : r.tensor,
    ];
  });
  return table(['#', 'op', 'aotc op', 'type', 'identical', 'max diff', 'tensor'], body, ['r', 'l', 'l', 'l', 'r', 'r', 'l']);
}

function layerSummary(rows: LayerRow[], tol: DiffTolerance): { text: string; first?: LayerRow } {
  const compared = rows.filter((r) => r.stats);
  const first = firstDifference(rows, tol);
  const skipped = rows.length - compared.length;
  const skipNote = skipped ? `; ${skipped} operator output(s) not compared` : '';
  if (first) {
    const s = first.stats!;
    const what = s.problem ?? `${identicalShare(s)} identical, max diff ${maxDiffText(s)}`;
    return { first, text: `first difference: tensor ${first.tensor} (op ${first.op} #${first.opIndex} → aotc ${first.irOp}): ${what}${skipNote}` };
  }
  const exact = compared.filter((r) => r.stats!.identical === r.stats!.count).length;
  if (exact === compared.length) return { text: `all ${compared.length} compared tensors identical${skipNote}` };
  return { text: `all ${compared.length} compared tensors within tolerance (${compared.length - exact} not bit-identical)${skipNote}` };
}

export async function validateTfliteCommand(model: string, o: ValidateTfliteOptions): Promise<void> {
  const reference = tfliteReference(o.reference);
  if (o.widenReference) fail('AOTC0061', '--widen-reference applies to ONNX models only');
  const tol: DiffTolerance = { rtol: numberOption('--rtol', o.rtol), atol: numberOption('--atol', o.atol) };
  const runs = intOption('--runs', o.runs, 3, 1);
  const seed = intOption('--seed', o.seed, 0);
  oraclePython(); // AOTC0051 with the setup hint before any work when the Python environment is missing
  const { bytes, compiled } = compileFromFile(model, o);
  const tfl = readTflite(bytes, model);
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
  const perLayer = o.perLayer === true;
  const ref = runTfliteOracle(model, oracleInputs(tfl, compiled, sets), { runtime: reference.runtime, perLayer });
  const cc = ccOption(o.cc);
  const { got, rows } = await withTempDir((dir) => {
    const got = runBundle(compiled, join(dir, 'bundle'), sets, cc);
    if (!perLayer) return { got, rows: undefined };
    // Every value in its own arena slot: after a run the arena holds every intermediate.
    const { compiled: full } = compileFromFile(model, o, { reuse: false });
    const dump = runSetsDump(buildRunner(full, join(dir, 'per-layer'), { cc }), sets.map((s) => s.map((t) => t.data)));
    return { got, rows: compareLayers(tfl, full, dump.memory, ref, tol) };
  });

  for (const n of compiled.graph.notes) say(`note: ${n}`);
  const version = ref.versions[reference.pkg];
  say(`validate ${modelBase(model)}: aotc bundle (host) vs ${reference.label}${version ? `, ${reference.pkg} ${version}` : ''} on ${source}`);
  const outs = outputStats(compiled, got, ref, tol);
  const outRows = outs.map(({ name, shape: sh, s }) => [
    name, `${s.dtype}[${shape(sh)}]`, identicalShare(s), maxDiffText(s),
    isFloat(s.dtype) ? fmt(diffRange(s) > 0 ? s.maxDiff / diffRange(s) : s.maxDiff) : '-',
    s.refMax >= s.refMin ? `[${fmt(s.refMin)}, ${fmt(s.refMax)}]` : '-', toleranceText(s, tol), passesDiff(s, tol) ? 'pass' : 'FAIL',
  ]);
  say(table(['output', 'type', 'identical', 'max diff', 'max err / range', 'ref range', 'tolerance', 'result'], outRows,
    ['l', 'l', 'r', 'r', 'r', 'l', 'l', 'l']));
  const failed = outs.filter(({ s }) => !passesDiff(s, tol));
  for (const { name, s } of failed) {
    if (s.problem) say(`  ${name}: ${s.problem}`);
    else if (s.worst) say(`  ${name}: worst element ${s.worst.index} of set ${s.worst.set}: got ${s.worst.got}, reference ${s.worst.ref} (${s.count - s.identical} of ${s.count} elements differ)`);
  }

  if (rows) {
    say(`per-layer comparison (bundle compiled without buffer reuse; operator outputs in execution order, matched by tensor name):`);
    say(layerTable(rows));
    const { text, first } = layerSummary(rows, tol);
    say(text);
    if (failed.length && !first) {
      say('note: the bundle built without buffer reuse agrees on every compared tensor, so the difference comes from '
        + 'buffer reuse / in-place execution (memory planning)');
    }
  }
  if (failed.length) {
    fail('AOTC0052', `${failed.length} of ${outs.length} output(s) differ from ${reference.label}: ${failed.map(({ name }) => `'${name}'`).join(', ')}`,
      { file: modelBase(model) }, rows ? 'the per-layer table names the first differing tensor; AOTC_KEEP_TEMP=1 keeps the generated bundles'
        : 'rerun with --per-layer to name the first tensor where the bundle and the reference part');
  }
  say(`all ${outs.length} output(s) match`);
}
