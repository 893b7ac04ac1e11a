// Maps the ONNX quantized ops (int8 after qdq-uint8) onto aotc's TFLM int8 kernels: QLinearConv → Transpose,
// Conv2DNhwc (OHWI weights transposed at compile time), Transpose; QLinearMatMul/QGemm → FullyConnected;
// QLinearAdd/Mul → QAdd/QMul; QLinearGlobalAveragePool → QMean; QLinearAveragePool → AvgPool2DNhwc; QLinearConcat →
// requantize + Concat; int8 MaxPool → MaxPool2DNhwc. Whatever the int8 ops reject stays on the ONNX-semantics kernels
// (QLinearConv, QLinearMatMul, QGemm) or is decomposed into DequantizeLinear → float op → QuantizeLinear (contrib ops).

import { arrayFrom, getElem, type DType, type NumArray } from '../ir/dtype.js';
import { addValue, numel, type Attrs, type Graph, type Node, type Quant } from '../ir/graph.js';
import { AotcError } from '../diagnostics/error.js';
import { OpCtx } from '../ops/op-def.js';
import { getOp } from '../ops/registry.js';
import { as2d, forwardWindow } from '../ops/conv-geometry.js';
import { qconvGeometry, qlinearConvQuant } from '../ops/qlinear-conv.js';
import { qmatmulGeometry, qmatmulQuant } from '../ops/qlinear-matmul.js';
import { concatInputs, qpoolQuant } from '../ops/qlinear-contrib.js';
import { perChannel, tensorQuant } from '../ops/qlinear-common.js';

export const TO_NHWC = [0, 2, 3, 1];
export const TO_NCHW = [0, 3, 1, 2];

/** Builds replacement nodes for one original node: new values, constants, nodes, and trial inference. */
class Builder {
  readonly nodes: Node[] = [];
  constructor(readonly g: Graph, readonly orig: Node) {}

  value(suffix: string, dtype: DType, shape: number[], quant?: Quant): number {
    return addValue(this.g, { name: `${this.orig.name}/${suffix}`, dtype, shape, ...(quant ? { quant } : {}) }).id;
  }
  constant(suffix: string, dtype: DType, shape: number[], data: NumArray, quant?: Quant): number {
    return addValue(this.g, { name: `${this.orig.name}/${suffix}`, dtype, shape, data, ...(quant ? { quant } : {}) }).id;
  }
  shapeConst(suffix: string, shape: number[]): number {
    return this.constant(suffix, 'int64', [shape.length], arrayFrom('int64', shape));
  }
  node(op: string, inputs: (number | null)[], outputs: number[], attrs: Attrs = {}, suffix = op): Node {
    const n: Node = { id: this.g.nextId++, name: `${this.orig.name}/${suffix}`, op, inputs, outputs, attrs };
    this.nodes.push(n);
    return n;
  }
  transpose(x: number, perm: number[], out?: number): number {
    const v = this.g.values.get(x)!;
    const y = out ?? this.value(`${perm.join('')}`, v.dtype, perm.map((p) => v.shape[p]), v.quant);
    this.node('Transpose', [x], [y], { perm }, `transpose_${perm.join('')}`);
    return y;
  }
  /**
   * Value `id` carrying quantization `q` (the op's scale/zero-point operands): annotated when it has none, a constant
   * copied when it has other parameters; undefined for an activation quantized differently elsewhere.
   */
  withQuant(id: number, q: Quant): number | undefined {
    const v = this.g.values.get(id)!;
    if (!v.quant) { v.quant = q; return id; }
    if (sameQuant(v.quant, q)) return id;
    return v.data ? this.constant(`${v.name}/requant`, v.dtype, [...v.shape], v.data, q) : undefined;
  }
  /** Do the new nodes pass their ops' inference (the int8 ops validate quantization parameters there)? */
  accepted(): boolean {
    try {
      for (const n of this.nodes) getOp(n.op)!.infer(new OpCtx(this.g, n));
      return true;
    } catch (e) {
      if (e instanceof AotcError) return false;
      throw e;
    }
  }
}

/** act_min/act_max attributes of a node, copied. */
const actAttrs = (n: Node): Attrs => (n.attrs.act_min !== undefined ? { act_min: n.attrs.act_min, act_max: n.attrs.act_max! } : {});

/** Weights w - zero point as int8 in a new layout, or undefined when some value does not fit int8 (asymmetric). */
function symmetricWeights(w: NumArray, count: number, index: (i: number) => { src: number; ch: number }, zps: number[]): Int8Array | undefined {
  const out = new Int8Array(count);
  for (let i = 0; i < count; i++) {
    const { src, ch } = index(i);
    const v = getElem(w, src) - zps[ch];
    if (v < -128 || v > 127) return undefined;
    out[i] = v;
  }
  return out;
}

const weightQuant = (q: Quant, n: number): Quant => ({ scale: q.scale.length === 1 ? [q.scale[0]] : q.scale.slice(0, n), zeroPoint: q.scale.length === 1 ? [0] : new Array<number>(n).fill(0), axis: 0 });

function conv(b: Builder, c: OpCtx): boolean {
  const w = c.input(3);
  if (c.shape(0).length !== 4 || !w.data || c.dtype(0) !== 'int8' || c.dtype(3) !== 'int8' || c.output(0).dtype !== 'int8') return false;
  const geo = qconvGeometry(c, 0, 3), q = qlinearConvQuant(c, geo.m), g2 = as2d(geo.win);
  const [m, cg, kh, kw] = w.shape;
  const wq = symmetricWeights(w.data, numel(w.shape), (i) => {
    const ci = i % cg, kx = Math.floor(i / cg) % kw, ky = Math.floor(i / (cg * kw)) % kh, o = Math.floor(i / (cg * kw * kh));
    return { src: ((o * cg + ci) * kh + ky) * kw + kx, ch: o };
  }, perChannel(q.w, m, 'zeroPoint'));
  const x0 = b.withQuant(c.node.inputs[0]!, q.x);
  if (!wq || x0 === undefined) return false;
  const x = b.transpose(x0, TO_NHWC);
  const wt = b.constant('weights_ohwi', 'int8', [m, kh, kw, cg], wq, weightQuant(q.w, m));
  const y = b.value('nhwc', 'int8', [geo.n, g2.oh, g2.ow, m], q.y);
  b.node('Conv2DNhwc', [x, wt, c.hasInput(8) ? c.node.inputs[8] : null], [y], {
    strides: [g2.sh, g2.sw], dilations: [g2.dh, g2.dw], pads: [g2.pt, g2.pl, g2.pb, g2.pr], group: geo.group, ...actAttrs(c.node),
  });
  b.transpose(y, TO_NCHW, c.node.outputs[0]);
  return true;
}

function matmul(b: Builder, c: OpCtx): boolean {
  const gemm = c.op !== 'QLinearMatMul';
  const a = c.input(0), w = c.input(3);
  if (a.shape.length < 2 || w.shape.length !== 2 || !w.data || a.dtype !== 'int8' || w.dtype !== 'int8' || c.output(0).dtype !== 'int8') return false;
  const transB = gemm && c.int('transB', 0) !== 0;
  const geo = qmatmulGeometry(c, 0, 3, transB), q = qmatmulQuant(c, geo.n);
  const { k, n } = geo, rows = numel(a.shape) / k;
  const wq = symmetricWeights(w.data, n * k, (i) => {
    const o = Math.floor(i / k), p = i % k;
    return { src: transB ? o * k + p : p * n + o, ch: o };
  }, perChannel(q.b, n, 'zeroPoint'));
  let x: number | undefined = b.withQuant(c.node.inputs[0]!, q.a);
  if (!wq || x === undefined) return false;
  if (a.shape.length !== 2) {
    const x2 = b.value('rows', 'int8', [rows, k], b.g.values.get(x)!.quant);
    b.node('Reshape', [x, b.shapeConst('rows_shape', [rows, k])], [x2], {}, 'to_rows');
    x = x2;
  }
  const wt = b.constant('weights_t', 'int8', [n, k], wq, weightQuant(q.b, n));
  const out = c.node.outputs[0];
  const y = a.shape.length !== 2 ? b.value('fc', 'int8', [rows, n], q.y) : out;
  b.node('FullyConnected', [x, wt, gemm && c.hasInput(6) ? c.node.inputs[6] : null], [y], actAttrs(c.node));
  if (y !== out) b.node('Reshape', [y, b.shapeConst('out_shape', geo.shape)], [out], {}, 'from_rows');
  return true;
}

function binary(b: Builder, c: OpCtx, op: string): boolean {
  if (c.dtype(0) !== 'int8' || c.dtype(3) !== 'int8') return false;
  const x = b.withQuant(c.node.inputs[0]!, tensorQuant(c, 1, 2, 'A')), y = b.withQuant(c.node.inputs[3]!, tensorQuant(c, 4, 5, 'B'));
  if (x === undefined || y === undefined) return false;
  b.node(op, [x, y], [c.node.outputs[0]], actAttrs(c.node));
  return true;
}

function globalPool(b: Builder, c: OpCtx): boolean {
  if (c.dtype(0) !== 'int8') return false;
  const r = c.shape(0).length, last = c.int('channels_last', 0) !== 0;
  const axes = Array.from({ length: r - 2 }, (_x, i) => (last ? i + 1 : i + 2));
  const x = b.withQuant(c.node.inputs[0]!, qpoolQuant(c).x);
  if (x === undefined) return false;
  b.node('QMean', [x], [c.node.outputs[0]], { axes, keepdims: 1 });
  return true;
}

function averagePool(b: Builder, c: OpCtx): boolean {
  const x = c.input(0);
  if (x.shape.length !== 4 || x.dtype !== 'int8' || c.int('ceil_mode', 0) !== 0) return false;
  const win = forwardWindow(c, x.shape.slice(2), c.ints('kernel_shape'));
  const pads = [...win.padBegin, ...win.padEnd];
  if (c.int('count_include_pad', 0) !== 0 && pads.some((p) => p !== 0)) return false;
  if (win.dilations.some((d) => d !== 1)) return false;
  const q = qpoolQuant(c), [n, ch] = x.shape, [oh, ow] = win.outSize;
  const x0 = b.withQuant(x.id, q.x);
  if (x0 === undefined) return false;
  const xt = b.transpose(x0, TO_NHWC);
  let y = b.value('avg_nhwc', 'int8', [n, oh, ow, ch], q.x);
  b.node('AvgPool2DNhwc', [xt], [y], { kernel: win.kernel, strides: win.strides, pads: [pads[0], pads[1], pads[2], pads[3]] });
  if (!sameQuant(q.x, q.y)) {
    const r = b.value('requant_nhwc', 'int8', [n, oh, ow, ch], q.y);
    b.node('Quantize', [y], [r], {}, 'requantize');
    y = r;
  }
  b.transpose(y, TO_NCHW, c.node.outputs[0]);
  return true;
}

const sameQuant = (a: Quant | undefined, b: Quant | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function concat(b: Builder, c: OpCtx): boolean {
  const y = c.output(0);
  if (y.dtype !== 'int8') return false;
  const ins = concatInputs(c).map((i, k) => {
    const id = b.withQuant(c.node.inputs[i]!, tensorQuant(c, i + 1, i + 2, `X${k}`));
    if (id === undefined) return undefined;
    const v = b.g.values.get(id)!;
    if (sameQuant(v.quant, y.quant)) return v.id;
    const r = b.value(`requant${k}`, v.dtype, [...v.shape], y.quant);
    b.node('Quantize', [v.id], [r], {}, `requantize${k}`);
    return r;
  });
  if (ins.some((i) => i === undefined)) return false;
  b.node('Concat', ins as number[], [y.id], { axis: c.int('axis') });
  return true;
}

function maxPool(b: Builder, c: OpCtx): boolean {
  const x = c.input(0);
  if (x.dtype !== 'int8' || !x.quant || x.shape.length !== 4 || c.node.outputs.length > 1 || c.int('ceil_mode', 0) !== 0) return false;
  const win = forwardWindow(c, x.shape.slice(2), c.ints('kernel_shape'));
  if (win.dilations.some((d) => d !== 1)) return false;
  const [n, ch] = x.shape, [oh, ow] = win.outSize;
  const xt = b.transpose(x.id, TO_NHWC);
  const y = b.value('max_nhwc', 'int8', [n, oh, ow, ch], x.quant);
  b.node('MaxPool2DNhwc', [xt], [y], { kernel: win.kernel, strides: win.strides, pads: [...win.padBegin, ...win.padEnd] });
  b.transpose(y, TO_NCHW, c.node.outputs[0]);
  return true;
}

/** Contrib op → DequantizeLinear per data input → float op (→ Clip for act_min/act_max) → QuantizeLinear. */
function decompose(b: Builder, c: OpCtx, floatOp: string, data: number[], ys: number, yzp: number, attrs: Attrs): void {
  const y = c.output(0);
  const floats = data.map((i, k) => {
    const f = b.value(`dq${k}`, 'float32', [...c.shape(i)]);
    b.node('DequantizeLinear', [c.node.inputs[i], c.node.inputs[i + 1], c.node.inputs[i + 2] ?? null], [f], {}, `dequantize${k}`);
    return f;
  });
  let r = b.value('float', 'float32', [...y.shape]);
  b.node(floatOp, floats, [r], attrs, floatOp);
  if (c.node.attrs.act_min !== undefined && y.quant) {
    const [s, z] = [y.quant.scale[0], y.quant.zeroPoint[0]];
    const bound = (v: number) => b.constant(`clip_${v}`, 'float32', [], arrayFrom('float32', [(v - z) * s]));
    const cl = b.value('clipped', 'float32', [...y.shape]);
    b.node('Clip', [r, bound(c.int('act_min')), bound(c.int('act_max'))], [cl]);
    r = cl;
  }
  b.node('QuantizeLinear', [r, c.node.inputs[ys], c.node.inputs[yzp] ?? null], [y.id], {}, 'quantize');
}

const withoutAttrs = (a: Attrs, drop: string[]): Attrs => Object.fromEntries(Object.entries(a).filter(([k]) => !drop.includes(k)));

interface Rule { map(b: Builder, c: OpCtx): boolean; fallback?(b: Builder, c: OpCtx): void }

const RULES: Record<string, Rule> = {
  QLinearConv: { map: conv },
  QLinearMatMul: { map: matmul },
  'com.microsoft.QGemm': { map: matmul },
  'com.microsoft.QLinearAdd': { map: (b, c) => binary(b, c, 'QAdd'), fallback: (b, c) => decompose(b, c, 'Add', [0, 3], 6, 7, {}) },
  'com.microsoft.QLinearMul': { map: (b, c) => binary(b, c, 'QMul'), fallback: (b, c) => decompose(b, c, 'Mul', [0, 3], 6, 7, {}) },
  'com.microsoft.QLinearGlobalAveragePool': {
    map: globalPool,
    fallback: (b, c) => {
      if (c.int('channels_last', 0) !== 0) c.fail('AOTC0011', 'channels_last QLinearGlobalAveragePool with these quantization parameters is not supported');
      decompose(b, c, 'GlobalAveragePool', [0], 3, 4, {});
    },
  },
  'com.microsoft.QLinearAveragePool': {
    map: averagePool, fallback: (b, c) => decompose(b, c, 'AveragePool', [0], 3, 4, withoutAttrs(c.node.attrs, ['channels_last'])),
  },
  'com.microsoft.QLinearConcat': { map: concat, fallback: (b, c) => decompose(b, c, 'Concat', concatInputs(c), 0, 1, { axis: c.int('axis') }) },
  MaxPool: { map: maxPool },
};

/** Rewrite every mappable node; returns the number of nodes mapped onto int8 kernels. */
export function lowerQuantizedNodes(g: Graph): number {
  const out: Node[] = [];
  let mapped = 0;
  for (const n of g.nodes) {
    const rule = RULES[n.op];
    if (!rule) { out.push(n); continue; }
    const c = new OpCtx(g, n);
    let b = new Builder(g, n);
    if (rule.map(b, c) && b.accepted()) {
      mapped++;
    } else if (rule.fallback) {
      b = new Builder(g, n);
      rule.fallback(b, c);
    } else {
      out.push(n);
      continue;
    }
    out.push(...b.nodes);
  }
  g.nodes = out;
  return mapped;
}
