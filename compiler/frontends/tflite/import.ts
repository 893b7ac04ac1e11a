// TFLite model (.tflite) → IR graph of subgraph 0: constants, inputs (batch / --input-shape), operator mapping,
// unsupported operators reported all at once.

import { AotcError, fail } from '../../diagnostics/error.js';
import { newGraph, type Graph } from '../../ir/graph.js';
import { getOp } from '../../ops/registry.js';
import { MAPPERS } from './map-ops.js';
import { TfliteOpCtx, tensorValue, uniqueName, type ImportState } from './op-context.js';
import { operatorDisplayName, readTflite, type TfliteOperator, type TfliteTensor } from './reader.js';

export interface TfliteImportOptions {
  file?: string;
  /** Static shapes for inputs with dynamic dimensions (`--input-shape name=1x96x96x3`), by tensor name. */
  inputShapes?: Map<string, number[]>;
  /** Check that every IR op the mapping produced is registered (default true; tests of the mapping alone turn it off). */
  checkOps?: boolean;
}

interface Unsupported { node: string; op: TfliteOperator; why?: string }

/** Node name of an operator: its first output tensor's name, else `<OPNAME>_<index>`. */
function operatorName(s: ImportState, op: TfliteOperator): string {
  const out = op.outputs[0];
  const t = out !== undefined && out >= 0 ? s.sg.tensors[out] : undefined;
  return uniqueName(t?.name || `${op.opName}_${op.index}`, s.nodeNames);
}

export function importTflite(bytes: Uint8Array, opts: TfliteImportOptions = {}): Graph {
  const file = opts.file;
  const model = readTflite(bytes, file);
  const sg = model.main;
  const g = newGraph(sg.name || 'model');
  for (const w of model.warnings) g.notes.push(`TFLite model: ${w}`);
  const s: ImportState = { g, sg, file, ids: new Map(), valueNames: new Set(), nodeNames: new Set(), origin: new Map() };

  defineInputs(s, opts);

  // Operators without a mapping are collected first, so that they are all reported together.
  const unsupported: Unsupported[] = [];
  const names = sg.operators.map((op) => operatorName(s, op));
  sg.operators.forEach((op, i) => {
    if (op.customCode !== null || !MAPPERS[op.opName]) unsupported.push({ node: names[i]!, op });
  });
  sg.operators.forEach((op, i) => {
    const mapper = op.customCode === null ? MAPPERS[op.opName] : undefined;
    if (!mapper) return;
    const c = new TfliteOpCtx(s, op, names[i]!);
    if (unsupported.length === 0) { mapper(c); return; }
    try { mapper(c); } catch { /* the model is rejected for its unsupported operators anyway */ }
  });
  if (opts.checkOps !== false) {
    const seen = new Set(unsupported.map((u) => u.op.index));
    for (const n of g.nodes) {
      const index = s.origin.get(n.id);
      if (getOp(n.op) || index === undefined || seen.has(index)) continue;
      seen.add(index);
      unsupported.push({ node: names[index]!, op: sg.operators[index]!, why: `maps to IR op ${n.op}, which this aotc build does not provide` });
    }
  }
  if (unsupported.length) reportUnsupported(unsupported, file);

  for (const ti of sg.outputs) {
    const t = sg.tensors[ti]!;
    const produced = s.ids.has(ti) || t.data !== null;
    if (!produced) fail('AOTC0002', `graph output '${t.name}' is not produced by any operator`, { tensor: t.name, file });
    g.outputs.push(tensorValue(s, ti));
  }
  return g;
}

function reportUnsupported(list: Unsupported[], file?: string): never {
  list.sort((a, b) => a.op.index - b.op.index);
  const kinds = [...new Set(list.map((u) => operatorDisplayName(u.op)))];
  throw new AotcError({
    code: 'AOTC0010',
    message: `${list.length} node(s) use operators aotc does not support: ${kinds.join(', ')}`,
    where: { file },
    details: list.map((u) => `node '${u.node}': ${operatorDisplayName(u.op)} (tflite builtin code ${u.op.builtinCode}, version ${u.op.version})${u.why ? ` — ${u.why}` : ''}`),
    hint: 'run `aotc ops` for the supported operator list; replace or decompose these operators before conversion',
  });
}

function defineInputs(s: ImportState, opts: TfliteImportOptions): void {
  const { sg, g, file } = s;
  const names = new Set(sg.inputs.map((ti) => sg.tensors[ti]!.name));
  for (const name of opts.inputShapes?.keys() ?? []) {
    if (!names.has(name)) {
      fail('AOTC0023', `--input-shape names '${name}', which is not a model input`, { file }, `model inputs: ${[...names].map((n) => `'${n}'`).join(', ')}`);
    }
  }
  for (const ti of sg.inputs) {
    const t = sg.tensors[ti]!;
    if (t.data) continue; // a constant listed as an input: it stays a constant
    const shape = inputShape(s, t, opts.inputShapes?.get(t.name));
    const id = tensorValue(s, ti);
    g.values.get(id)!.shape = shape;
    g.inputs.push(id);
  }
}

function inputShape(s: ImportState, t: TfliteTensor, override: number[] | undefined): number[] {
  const where = { tensor: t.name, file: s.file };
  const dims = t.shape.map((d, i) => Math.min(d, t.shapeSignature?.[i] ?? d));
  if (t.shapeSignature && t.shapeSignature.length !== t.shape.length) {
    fail('AOTC0002', `input '${t.name}': shape_signature has rank ${t.shapeSignature.length}, shape rank ${t.shape.length}`, where);
  }
  if (override) {
    if (override.length !== dims.length) {
      fail('AOTC0023', `--input-shape for '${t.name}' has rank ${override.length}, the model says rank ${dims.length}`, where);
    }
    return [...override];
  }
  return dims.map((d, i) => {
    if (d >= 0) return d;
    if (i === 0) {
      s.g.notes.push(`input '${t.name}': dynamic batch dimension set to 1`);
      return 1;
    }
    return fail('AOTC0020', `input '${t.name}' has a dynamic dimension at position ${i} (shape signature [${dims.join(', ')}])`, where,
      `fix it at compile time: --input-shape ${t.name}=${dims.map((x, k) => (k === 0 ? 1 : x >= 0 ? x : 'N')).join('x')}`);
  });
}
