// Folds an inference BatchNormalization into the preceding Conv or Gemm (constant weights) by rescaling them.

import { arrayFrom, getElem, type NumArray } from '../ir/dtype.js';
import { addValue, consumers, replaceUses, numel, type Graph, type Node, type Value } from '../ir/graph.js';

/** Per-channel affine form of a BatchNormalization: y = x * s[c] + t[c]. */
interface Affine { s: Float64Array; t: Float64Array }

function bnAffine(g: Graph, bn: Node): Affine | undefined {
  const [scale, beta, mean, variance] = bn.inputs.slice(1, 5).map((i) => (i === null ? undefined : g.values.get(i)?.data));
  if (!scale || !beta || !mean || !variance) return undefined;
  const eps = (bn.attrs.epsilon as number | undefined) ?? 1e-5;
  const m = scale.length;
  if (beta.length !== m || mean.length !== m || variance.length !== m) return undefined;
  const s = new Float64Array(m), t = new Float64Array(m);
  for (let o = 0; o < m; o++) {
    s[o] = getElem(scale, o) / Math.sqrt(getElem(variance, o) + eps);
    t[o] = getElem(beta, o) - getElem(mean, o) * s[o];
  }
  return { s, t };
}

/** Conv weights [M, C/g, k...] scaled per output channel; bias b' = b * s + t. */
function foldIntoConv(g: Graph, conv: Node, bn: Node, aff: Affine): boolean {
  const w = g.values.get(conv.inputs[1]!)!;
  const b = conv.inputs[2] ? g.values.get(conv.inputs[2])! : undefined;
  if (!w.data || (b && !b.data) || w.dtype !== 'float32') return false;
  const m = w.shape[0], per = numel(w.shape) / m;
  if (aff.s.length !== m) return false;
  const nw = new Float32Array(w.data.length);
  const nb = new Float32Array(m);
  for (let o = 0; o < m; o++) {
    for (let k = 0; k < per; k++) nw[o * per + k] = getElem(w.data, o * per + k) * aff.s[o];
    nb[o] = (b ? getElem(b.data!, o) : 0) * aff.s[o] + aff.t[o];
  }
  const wv = addValue(g, { name: `${w.name}/bn_folded`, dtype: 'float32', shape: [...w.shape], data: nw });
  const bv = addValue(g, { name: `${bn.name}/bias_folded`, dtype: 'float32', shape: [m], data: arrayFrom('float32', nb) });
  conv.inputs = [conv.inputs[0], wv.id, bv.id];
  return true;
}

/** Gemm output features scaled: op(B)' = op(B) * s per column; C' = beta * C * s + t (per feature), beta' = 1. */
function foldIntoGemm(g: Graph, gemm: Node, bn: Node, aff: Affine): boolean {
  const w = g.values.get(gemm.inputs[1]!)!;
  const c: Value | undefined = gemm.inputs[2] ? g.values.get(gemm.inputs[2])! : undefined;
  if (!w.data || w.dtype !== 'float32' || w.shape.length !== 2 || (c && (!c.data || c.dtype !== 'float32'))) return false;
  const transB = ((gemm.attrs.transB as number | undefined) ?? 0) !== 0;
  const [k, n] = transB ? [w.shape[1], w.shape[0]] : w.shape;
  if (aff.s.length !== n) return false;
  // C must be per output feature (or a scalar): shapes [], [1], [N], [1, 1], [1, N].
  const cs = c?.shape ?? [];
  if (cs.length > 2 || (cs.length === 2 && cs[0] !== 1) || (cs.length >= 1 && cs[cs.length - 1] !== 1 && cs[cs.length - 1] !== n)) return false;
  const cAt = (j: number): number => (c ? getElem(c.data as NumArray, numel(cs) === 1 ? 0 : j) : 0);
  const beta = (gemm.attrs.beta as number | undefined) ?? 1;
  const nw = new Float32Array(w.data.length);
  for (let kk = 0; kk < k; kk++) {
    for (let j = 0; j < n; j++) {
      const at = transB ? j * k + kk : kk * n + j;
      nw[at] = getElem(w.data, at) * aff.s[j];
    }
  }
  const nc = new Float32Array(n);
  for (let j = 0; j < n; j++) nc[j] = beta * cAt(j) * aff.s[j] + aff.t[j];
  const wv = addValue(g, { name: `${w.name}/bn_folded`, dtype: 'float32', shape: [...w.shape], data: nw });
  const cv = addValue(g, { name: `${bn.name}/bias_folded`, dtype: 'float32', shape: [n], data: nc });
  gemm.inputs = [gemm.inputs[0], wv.id, cv.id];
  gemm.attrs.beta = 1;
  return true;
}

export function foldBatchNorm(g: Graph): void {
  const uses = consumers(g);
  const byOutput = new Map(g.nodes.map((n) => [n.outputs[0], n]));
  const removed = new Set<number>();
  for (const bn of g.nodes) {
    if (bn.op !== 'BatchNormalization' || bn.outputs.length !== 1) continue;
    if (bn.attrs.training_mode || bn.attrs.is_test === 0 || bn.attrs.spatial === 0) continue; // left for a clear error
    const x = bn.inputs[0]!;
    const prod = byOutput.get(x);
    if (!prod || prod.outputs.length !== 1 || (uses.get(x)?.length ?? 0) !== 1 || g.outputs.includes(x)) continue;
    const aff = bnAffine(g, bn);
    if (!aff) continue;
    const folded = prod.op === 'Conv' ? foldIntoConv(g, prod, bn, aff)
      : prod.op === 'Gemm' ? foldIntoGemm(g, prod, bn, aff) : false;
    if (!folded) continue;
    const y = bn.outputs[0];
    replaceUses(g, y, x);
    g.values.get(x)!.name = g.values.get(y)!.name;
    removed.add(bn.id);
  }
  g.nodes = g.nodes.filter((n) => !removed.has(n.id));
}
