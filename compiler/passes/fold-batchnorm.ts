// Folds an inference BatchNormalization into the preceding Conv (constant weights) by rescaling them.

import { arrayFrom, getElem } from '../ir/dtype.js';
import { addValue, consumers, replaceUses, numel, type Graph } from '../ir/graph.js';

export function foldBatchNorm(g: Graph): void {
  const uses = consumers(g);
  const byOutput = new Map(g.nodes.map((n) => [n.outputs[0], n]));
  const removed = new Set<number>();
  for (const bn of g.nodes) {
    if (bn.op !== 'BatchNormalization' || bn.outputs.length !== 1) continue;
    const x = bn.inputs[0]!;
    const conv = byOutput.get(x);
    if (!conv || conv.op !== 'Conv' || (uses.get(x)?.length ?? 0) !== 1 || g.outputs.includes(x)) continue;
    const [scale, beta, mean, variance] = bn.inputs.slice(1, 5).map((i) => (i === null ? undefined : g.values.get(i)?.data));
    const w = g.values.get(conv.inputs[1]!)!;
    const b = conv.inputs[2] ? g.values.get(conv.inputs[2])! : undefined;
    if (!scale || !beta || !mean || !variance || !w.data || (b && !b.data) || w.dtype !== 'float32') continue;
    const eps = (bn.attrs.epsilon as number | undefined) ?? 1e-5;
    const m = w.shape[0], per = numel(w.shape) / m;
    const nw = new Float32Array(w.data.length);
    const nb = new Float32Array(m);
    for (let o = 0; o < m; o++) {
      const s = getElem(scale, o) / Math.sqrt(getElem(variance, o) + eps);
      for (let k = 0; k < per; k++) nw[o * per + k] = getElem(w.data, o * per + k) * s;
      nb[o] = ((b ? getElem(b.data!, o) : 0) - getElem(mean, o)) * s + getElem(beta, o);
    }
    const wv = addValue(g, { name: `${w.name}/bn_folded`, dtype: 'float32', shape: [...w.shape], data: nw });
    const bv = addValue(g, { name: `${bn.name}/bias_folded`, dtype: 'float32', shape: [m], data: arrayFrom('float32', nb) });
    conv.inputs = [conv.inputs[0], wv.id, bv.id];
    const y = bn.outputs[0];
    replaceUses(g, y, x);
    g.values.get(x)!.name = g.values.get(y)!.name;
    removed.add(bn.id);
  }
  g.nodes = g.nodes.filter((n) => !removed.has(n.id));
}
