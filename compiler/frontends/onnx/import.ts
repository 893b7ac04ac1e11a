// ONNX ModelProto → IR graph: constants, input shapes (batch / --input-shape), op support check, node mapping.

import { addNode, addValue, newGraph, type AttrValue, type Attrs, type Graph, type TensorAttr } from '../../ir/graph.js';
import { AotcError, fail } from '../../diagnostics/error.js';
import { getOp } from '../../ops/registry.js';
import { AttrType, decodeModel, int64, type AttributeProto, type ModelProto, type ValueInfoProto } from './decode.js';
import { ONNX_DTYPES, ONNX_DTYPE_NAMES, onnxDType, tensorFromProto } from './tensor.js';
import { upgradeNode, type RawNode } from './upgrade.js';

export interface ImportOptions {
  /** Static shapes for inputs with dynamic dimensions (`--input-shape name=1x3x224x224`). */
  inputShapes?: Map<string, number[]>;
  /** Graph inputs to treat as compile-time constants with these values. */
  frozenInputs?: Map<string, TensorAttr>;
  file?: string;
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);
const textDecoder = new TextDecoder();

function attrValue(a: AttributeProto, where: { node: string; op: string }): AttrValue | undefined {
  switch (a.type) {
    case AttrType.FLOAT: return a.f ?? 0;
    case AttrType.INT: return int64(a.i);
    case AttrType.STRING: return textDecoder.decode(a.s ?? new Uint8Array());
    case AttrType.TENSOR: return a.t ? tensorFromProto(a.t, where) : undefined;
    case AttrType.FLOATS: return [...(a.floats ?? [])];
    case AttrType.INTS: return (a.ints ?? []).map(int64);
    case AttrType.STRINGS: return (a.strings ?? []).map((s: Uint8Array) => textDecoder.decode(s));
    default: return undefined; // graphs, sparse tensors, type protos: unsupported ops reject them
  }
}

interface Unsupported { node: string; op: string; domain: string; opset: number; why?: string }

export function importOnnx(bytes: Uint8Array, opts: ImportOptions = {}): Graph {
  const file = opts.file;
  const model: ModelProto = decodeModel(bytes, file ?? '<memory>');
  const gp = model.graph!;
  const opsets = new Map<string, number>();
  for (const o of model.opsetImport ?? []) opsets.set(DEFAULT_DOMAINS.has(o.domain ?? '') ? '' : o.domain ?? '', int64(o.version));
  const opset = opsets.get('') ?? 1;

  const g = newGraph(gp.name || 'model');
  const ids = new Map<string, number>();
  let tempCount = 0;

  const defineConst = (name: string, t: TensorAttr) => {
    const v = addValue(g, { name, dtype: t.dtype, shape: t.shape, data: t.data });
    ids.set(name, v.id);
    return name;
  };

  for (const init of gp.initializer ?? []) defineConst(init.name ?? '', tensorFromProto(init, { tensor: init.name ?? '', file }));
  for (const vi of gp.input ?? []) {
    const name = vi.name ?? '';
    if (ids.has(name)) continue; // an initializer with the same name: a constant (ONNX IR < 4 style)
    const frozen = opts.frozenInputs?.get(name);
    if (frozen) { defineConst(name, frozen); continue; }
    const { dtype, shape } = inputType(vi, g, opts, file);
    const v = addValue(g, { name, dtype, shape });
    ids.set(name, v.id);
    g.inputs.push(v.id);
  }

  // Canonicalise nodes, then check that every op is supported before building anything.
  const raw: RawNode[] = [];
  const unsupported: Unsupported[] = [];
  const used = new Set<string>();
  (gp.node ?? []).forEach((np, i) => {
    const domain = np.domain ?? '';
    // Contrib ops of ONNX Runtime's com.microsoft domain are registered as 'com.microsoft.<op>'.
    const contrib = domain === 'com.microsoft' && getOp(`${domain}.${np.opType ?? ''}`) !== undefined;
    const op = contrib ? `${domain}.${np.opType ?? ''}` : np.opType ?? '';
    const name = uniqueName(np.name || `${np.opType ?? ''}_${i}`, used);
    const where = { node: name, op };
    if (!DEFAULT_DOMAINS.has(domain) && !contrib) {
      unsupported.push({ node: name, op, domain, opset: opsets.get(domain) ?? 0 });
      return;
    }
    const attrs: Attrs = {};
    let badAttr = '';
    for (const a of np.attribute ?? []) {
      const v = attrValue(a, where);
      if (v === undefined) badAttr = a.name ?? '';
      else attrs[a.name ?? ''] = v;
    }
    const node: RawNode = { name, op, inputs: [...(np.input ?? [])], outputs: [...(np.output ?? [])], attrs };
    const upgraded = upgradeNode(node, opset, {
      constant: (hint, t) => defineConst(uniqueName(hint, used), t),
      temp: (hint) => uniqueName(`${hint}#${tempCount++}`, used),
    });
    for (const u of upgraded) {
      if (!getOp(u.op)) unsupported.push({ node: name, op, domain: domain || 'ai.onnx', opset });
      else if (badAttr) unsupported.push({ node: name, op, domain: domain || 'ai.onnx', opset, why: `attribute '${badAttr}' holds a subgraph or another unsupported kind` });
      else raw.push(u);
    }
  });
  if (unsupported.length) {
    const seen = new Set<string>();
    const list = unsupported.filter((u) => !seen.has(u.node) && seen.add(u.node));
    const kinds = [...new Set(list.map((u) => `${u.domain ? u.domain + '::' : ''}${u.op}`))];
    throw new AotcError({
      code: 'AOTC0010',
      message: `${list.length} node(s) use operators aotc does not support: ${kinds.join(', ')}`,
      where: { file },
      details: list.map((u) => `node '${u.node}': ${u.op} (domain ${u.domain || 'ai.onnx'}, opset ${u.opset})${u.why ? ` — ${u.why}` : ''}`),
      hint: 'run `aotc ops` for the supported operator list; replace or decompose these nodes before export',
    });
  }

  for (const r of raw) {
    const inputs = r.inputs.map((name) => {
      if (name === '') return null;
      const id = ids.get(name);
      if (id === undefined) fail('AOTC0002', `input '${name}' is not produced by any node, initializer or graph input`, { node: r.name, op: r.op, file });
      return id;
    });
    const outputs = r.outputs.map((name, k) => {
      const v = addValue(g, { name: name || `${r.name}:${k}`, dtype: 'float32', shape: [] });
      if (name) ids.set(name, v.id);
      return v.id;
    });
    addNode(g, { name: r.name, op: r.op, inputs, outputs, attrs: r.attrs });
  }
  for (const vo of gp.output ?? []) {
    const id = ids.get(vo.name ?? '');
    if (id === undefined) fail('AOTC0002', `graph output '${vo.name}' is not produced by any node`, { tensor: vo.name ?? '', file });
    const declared = ONNX_DTYPES[vo.type?.tensorType?.elemType ?? 0];
    const v = g.values.get(id)!;
    if (declared && !v.data && !g.inputs.includes(id)) v.dtype = declared; // placeholder until inference
    g.outputs.push(id);
  }
  return g;
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base, k = 1;
  while (used.has(name)) name = `${base}_${k++}`;
  used.add(name);
  return name;
}

function inputType(vi: ValueInfoProto, g: Graph, opts: ImportOptions, file?: string) {
  const name = vi.name ?? '';
  const tt = vi.type?.tensorType;
  if (!tt) fail('AOTC0012', `input '${name}' is not a tensor (sequences, maps and optionals are not supported)`, { tensor: name, file });
  const elem = tt.elemType ?? 0;
  if (elem === 8) fail('AOTC0012', `input '${name}' has type ${ONNX_DTYPE_NAMES[elem]}`, { tensor: name, file });
  const dtype = onnxDType(elem, { tensor: name, file });
  const override = opts.inputShapes?.get(name);
  if (!tt.shape && !override) {
    fail('AOTC0020', `input '${name}' has no shape (unknown rank)`, { tensor: name, file }, `give one with --input-shape ${name}=1x...`);
  }
  const dims = tt.shape?.dim ?? [];
  if (override) {
    if (dims.length && override.length !== dims.length) {
      fail('AOTC0023', `--input-shape for '${name}' has rank ${override.length}, the model says rank ${dims.length}`, { tensor: name, file });
    }
    dims.forEach((d, i) => {
      const fixed = Object.prototype.hasOwnProperty.call(d, 'dimValue') ? int64(d.dimValue) : -1;
      if (fixed >= 0 && fixed !== override[i]) {
        fail('AOTC0023', `--input-shape for '${name}' sets dimension ${i} to ${override[i]}, but the model fixes it at ${fixed}`,
          { tensor: name, file }, 'only dynamic dimensions can be set; the others must keep the model\'s value');
      }
    });
    return { dtype, shape: override };
  }
  const shape = dims.map((d, i: number) => {
    if (Object.prototype.hasOwnProperty.call(d, 'dimValue') && int64(d.dimValue) >= 0) return int64(d.dimValue);
    const label = d.dimParam ? `'${d.dimParam}'` : '(unnamed)';
    if (i === 0) {
      g.notes.push(`input '${name}': dynamic batch dimension ${label} set to 1`);
      return 1;
    }
    fail('AOTC0020', `input '${name}' has a dynamic dimension ${label} at position ${i}`, { tensor: name, file },
      `fix it at compile time: --input-shape ${name}=${dims.map((x, k: number) => (k === 0 ? 1 : int64(x.dimValue) || 'N')).join('x')}`);
  });
  return { dtype, shape };
}
