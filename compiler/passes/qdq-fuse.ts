// QDQ fusion (before shape inference): DequantizeLinear → float op [→ Relu/Clip] → QuantizeLinear becomes the ONNX
// quantized op (QLinearConv, QLinearMatMul, com.microsoft QGemm/QLinearAdd/QLinearMul/QLinearAveragePool/
// QLinearGlobalAveragePool/QLinearConcat) or, for max pooling and data movement with equal quantization, the op on the
// quantized data. It runs before inference so constant weight DequantizeLinear nodes are not folded to float first.

import { arrayFrom, type DType } from '../ir/dtype.js';
import { addValue, consumers, producers, type Attrs, type Graph, type Node, type Value } from '../ir/graph.js';
import { ortQuantize, q8Range } from '../ops/qlinear-common.js';
import { removeDeadCode } from './dead-code.js';

const f32 = Math.fround;
const DATA_MOVES = new Set(['MaxPool', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity']);

/** A DequantizeLinear operand: quantized input, scale and zero-point value ids (zp may be null). */
interface Dq { node: Node; q: number; s: number; zp: number | null; scale: number[]; zeros: number[]; axis: number }

/** The tail of a fused op: the QuantizeLinear and the Relu/Clip nodes in between (absorbed into act_min/act_max). */
interface Tail { q: Node; acts: Node[]; scale: number; zp: number; dtype: DType }

class Fuser {
  readonly prod: Map<number, Node>;
  readonly cons: Map<number, Node[]>;
  readonly outs: Set<number>;
  constructor(readonly g: Graph) {
    this.prod = producers(g);
    this.cons = consumers(g);
    this.outs = new Set(g.outputs);
  }

  value(id: number | null): Value | undefined { return id === null ? undefined : this.g.values.get(id); }
  numbers(id: number | null): number[] | undefined {
    const d = this.value(id)?.data;
    return d ? Array.from(d as ArrayLike<number | bigint>, Number) : undefined;
  }

  /** Operand `id` as a DequantizeLinear output with constant parameters. */
  dq(id: number | null): Dq | undefined {
    const n = id === null ? undefined : this.prod.get(id);
    if (!n || n.op !== 'DequantizeLinear' || n.inputs[0] === null) return undefined;
    const scale = this.numbers(n.inputs[1] ?? null);
    const zpId = n.inputs[2] ?? null;
    const zeros = zpId === null ? scale?.map(() => 0) : this.numbers(zpId);
    if (!scale || !zeros || zeros.length !== scale.length || this.value(n.inputs[1]!)?.dtype !== 'float32') return undefined;
    const axis = typeof n.attrs.axis === 'number' ? n.attrs.axis : 1;
    return { node: n, q: n.inputs[0], s: n.inputs[1]!, zp: zpId, scale, zeros, axis };
  }

  /** The quantized dtype of a DequantizeLinear operand, when known before inference. */
  qtype(d: Dq): DType | undefined {
    if (d.zp !== null) return this.value(d.zp)!.dtype;
    const x = this.value(d.q)!;
    if (x.data || this.g.inputs.includes(x.id)) return x.dtype;
    const p = this.prod.get(d.q);
    return p?.op === 'QuantizeLinear' && (p.inputs[2] ?? null) === null ? 'uint8' : undefined;
  }

  /** Value `v` flows only into [Relu|Clip]* → QuantizeLinear (per tensor): the fusable tail. */
  tail(v: number): Tail | undefined {
    const acts: Node[] = [];
    let cur = v;
    for (;;) {
      const cs = this.cons.get(cur) ?? [];
      if (this.outs.has(cur) || cs.length !== 1) return undefined;
      const n = cs[0];
      if (n.inputs[0] !== cur) return undefined;
      if (n.op === 'QuantizeLinear') {
        const scale = this.numbers(n.inputs[1] ?? null), zpId = n.inputs[2] ?? null;
        const zp = zpId === null ? [0] : this.numbers(zpId);
        if (!scale || !zp || scale.length !== 1 || zp.length !== 1 || n.attrs.output_dtype !== undefined) return undefined;
        const dtype = zpId === null ? 'uint8' : this.value(zpId)!.dtype;
        if (dtype !== 'int8' && dtype !== 'uint8') return undefined;
        return { q: n, acts, scale: scale[0], zp: zp[0], dtype };
      }
      if (n.op !== 'Relu' && n.op !== 'Clip') return undefined;
      acts.push(n);
      cur = n.outputs[0];
    }
  }

  /** The clamp range the absorbed activations impose on the quantized output (undefined: not constant). */
  actRange(t: Tail): [number, number] | undefined {
    const range = q8Range(t.dtype);
    let [lo, hi] = range;
    const quantize = (v: number) => ortQuantize(f32(f32(v) / f32(t.scale)), t.zp, range);
    for (const a of t.acts) {
      if (a.op === 'Relu') { lo = Math.max(lo, t.zp); continue; }
      const [mn, mx] = [1, 2].map((i) => (a.inputs[i] ? this.numbers(a.inputs[i]!) : [NaN]));
      if (!mn || !mx || mn.length !== 1 || mx.length !== 1) return undefined;
      if (!Number.isNaN(mn[0])) lo = Math.max(lo, quantize(mn[0]));
      if (!Number.isNaN(mx[0])) hi = Math.min(hi, quantize(mx[0]));
    }
    return lo <= hi ? [lo, hi] : undefined;
  }

  constant(name: string, dtype: DType, shape: number[], values: number[]): number {
    return addValue(this.g, { name, dtype, shape, data: arrayFrom(dtype, values) }).id;
  }

  /**
   * An int32 bias over `n` channels for accumulator scales `accScale` (x scale × w scale per channel): from a
   * DequantizeLinear of constant int32 (re-expressed exactly when its scales are the accumulator's) or a float constant.
   */
  bias(id: number | null, accScale: number[], name: string): number | null | undefined {
    if (id === null) return null;
    const d = this.dq(id);
    let real: number[] | undefined;
    if (d) {
      const q = this.numbers(d.q);
      if (!q || this.value(d.q)!.dtype !== 'int32' || d.zeros.some((z) => z !== 0)) return undefined;
      real = q.map((v, i) => f32(v * f32(d.scale.length === 1 ? d.scale[0] : d.scale[i])));
    } else {
      const v = this.value(id);
      if (!v?.data || v.dtype !== 'float32') return undefined;
      real = this.numbers(id);
    }
    if (!real || real.length !== accScale.length) return undefined;
    return this.constant(`${name}/bias_q`, 'int32', [real.length], real.map((r, i) => Math.round(r / accScale[i])));
  }
}

/** Placeholder for the output zero point in fused input lists (value ids are positive). */
const YZP = -1;

const perTensor = (d: Dq | undefined): d is Dq => d !== undefined && d.scale.length === 1;
const accScales = (x: Dq, w: Dq, n: number): number[] =>
  Array.from({ length: n }, (_v, i) => f32(f32(x.scale[0]) * f32(w.scale.length === 1 ? w.scale[0] : w.scale[i])));

/** Replace `n` (and the tail's activations and QuantizeLinear) by one node writing the QuantizeLinear's output. */
function fused(f: Fuser, n: Node, t: Tail, op: string, inputs: (number | null)[], attrs: Attrs, withRange = true): Node[] {
  const range = withRange ? f.actRange(t) : undefined;
  if (withRange && !range) return [];
  // A QuantizeLinear without zero point writes uint8 with zero point 0: the fused op gets that explicitly.
  const yzp = t.q.inputs[2] ?? f.constant(`${n.name}/y_zero_point`, 'uint8', [], [0]);
  inputs = inputs.map((i) => (i === YZP ? yzp : i));
  const a: Attrs = { ...attrs };
  if (range && t.acts.length) { a.act_min = range[0]; a.act_max = range[1]; }
  return [{ id: n.id, name: n.name, op, inputs, outputs: [t.q.outputs[0]], attrs: a }, t.q, ...t.acts];
}

/** Try to fuse node n; returns [replacement, ...removed nodes] or []. */
function fuseNode(f: Fuser, n: Node): Node[] {
  const t = n.outputs.length === 1 || n.op === 'MaxPool' ? f.tail(n.outputs[0]) : undefined;
  if (!t || (n.op === 'MaxPool' && n.outputs.length > 1 && (f.cons.get(n.outputs[1])?.length || f.outs.has(n.outputs[1])))) return [];
  const ys = t.q.inputs[1]!;
  const yzp = YZP;
  const x = f.dq(n.inputs[0] ?? null);
  switch (n.op) {
    case 'Conv': {
      const w = f.dq(n.inputs[1] ?? null);
      const wv = w && f.value(w.q);
      if (!perTensor(x) || !w || !wv?.data || (w.scale.length > 1 && (w.axis + wv.shape.length) % wv.shape.length !== 0)) return [];
      const oc = wv.shape[0];
      const b = f.bias(n.inputs[2] ?? null, accScales(x, w, oc), n.name);
      if (b === undefined) return [];
      return fused(f, n, t, 'QLinearConv', [x.q, x.s, x.zp, w.q, w.s, w.zp, ys, yzp, b], n.attrs);
    }
    case 'MatMul': case 'Gemm': {
      const w = f.dq(n.inputs[1] ?? null);
      const wv = w && f.value(w.q);
      if (!perTensor(x) || !w || (w.scale.length > 1 && !wv?.data)) return [];
      const transB = n.op === 'Gemm' && n.attrs.transB === 1;
      if (w.scale.length > 1 && (w.axis + wv!.shape.length) % wv!.shape.length !== (transB ? 0 : wv!.shape.length - 1)) return [];
      if (n.op === 'MatMul') return fused(f, n, t, 'QLinearMatMul', [x.q, x.s, x.zp, w.q, w.s, w.zp, ys, yzp], {});
      const { alpha = 1, beta = 1, transA = 0 } = n.attrs as Record<string, number>;
      if (alpha !== 1 || beta !== 1 || transA !== 0 || !wv?.data || wv.shape.length !== 2) return [];
      const b = f.bias(n.inputs[2] ?? null, accScales(x, w, wv.shape[transB ? 0 : 1]), n.name);
      if (b === undefined) return [];
      return fused(f, n, t, 'com.microsoft.QGemm', [x.q, x.s, x.zp, w.q, w.s, w.zp, b, ys, yzp], { transB: transB ? 1 : 0 });
    }
    case 'Add': case 'Mul': {
      const y = f.dq(n.inputs[1] ?? null);
      if (!perTensor(x) || !perTensor(y) || f.qtype(x) !== f.qtype(y) || f.qtype(x) === undefined) return [];
      return fused(f, n, t, `com.microsoft.QLinear${n.op}`, [x.q, x.s, x.zp, y.q, y.s, y.zp, ys, yzp], {});
    }
    case 'AveragePool': case 'GlobalAveragePool':
      if (!perTensor(x) || t.acts.length) return [];
      return fused(f, n, t, `com.microsoft.QLinear${n.op}`, [x.q, x.s, x.zp, ys, yzp], n.attrs, false);
    case 'Concat': {
      const ins = n.inputs.map((i) => f.dq(i));
      if (t.acts.length || !ins.every(perTensor) || new Set(ins.map((d) => f.qtype(d!))).size !== 1) return [];
      return fused(f, n, t, 'com.microsoft.QLinearConcat', [ys, yzp, ...ins.flatMap((d) => [d!.q, d!.s, d!.zp])], n.attrs, false);
    }
    default: {
      if (!DATA_MOVES.has(n.op) || !perTensor(x) || t.acts.length) return [];
      // Moving quantized bytes is exact only when input and output quantization agree.
      if (f32(x.scale[0]) !== f32(t.scale) || x.zeros[0] !== t.zp || f.qtype(x) !== t.dtype) return [];
      return [{ ...n, inputs: [x.q, ...n.inputs.slice(1)], outputs: [t.q.outputs[0]] }, t.q];
    }
  }
}

export function fuseQdq(g: Graph): void {
  if (!g.nodes.some((n) => n.op === 'DequantizeLinear')) return;
  const f = new Fuser(g);
  const removed = new Set<Node>();
  const replaced = new Map<Node, Node>();
  for (const n of g.nodes) {
    if (removed.has(n)) continue;
    const r = fuseNode(f, n);
    if (!r.length) continue;
    replaced.set(n, r[0]);
    for (const x of r.slice(1)) removed.add(x);
  }
  if (!replaced.size) return;
  g.nodes = g.nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
  removeDeadCode(g);
  g.notes.push(`QDQ: fused ${replaced.size} DequantizeLinear → op → QuantizeLinear group(s) into quantized ops`);
}
