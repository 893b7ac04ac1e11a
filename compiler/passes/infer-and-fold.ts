// Shape/dtype inference for every node in order, folding nodes whose operands are compile-time constants.

import { numel, type Graph, type Node } from '../ir/graph.js';
import { AotcError, fail } from '../diagnostics/error.js';
import { OpCtx } from '../ops/op-def.js';
import { getOp } from '../ops/registry.js';

/** Folding stops at outputs larger than this (elements) so constants do not blow up the weights. */
const MAX_FOLD_ELEMS = 1 << 22;

export function inferAndFold(g: Graph): void {
  const kept: Node[] = [];
  for (const node of g.nodes) {
    const def = getOp(node.op);
    if (!def) fail('AOTC0010', `operator ${node.op} is not supported`, { node: node.name, op: node.op });
    const c = new OpCtx(g, node);
    let outs;
    try {
      outs = def.infer(c);
    } catch (e) {
      if (e instanceof AotcError) throw e;
      fail('AOTC0021', `shape inference failed: ${(e as Error).message}`, { node: node.name, op: node.op });
    }
    if (outs.length < node.outputs.length) {
      fail('AOTC0011', `produces ${outs.length} output(s) but the model uses ${node.outputs.length}`, { node: node.name, op: node.op });
    }
    node.outputs.forEach((id, k) => {
      const v = g.values.get(id)!;
      v.dtype = outs[k].dtype;
      v.shape = outs[k].shape;
      if (outs[k].quant) v.quant = outs[k].quant;
      if (v.shape.some((d) => !Number.isInteger(d) || d < 0)) {
        fail('AOTC0021', `inferred an invalid shape [${v.shape}] for output '${v.name}'`, { node: node.name, op: node.op });
      }
    });
    const needConst = def.foldInputs ?? node.inputs.map((_x, i) => i);
    const foldable = def.fold && needConst.every((i) => !c.hasInput(i) || c.constant(i) !== undefined)
      && (def.foldInputs !== undefined || node.inputs.some((i) => i !== null) || !def.lower)
      && outs.every((o) => numel(o.shape) <= MAX_FOLD_ELEMS);
    if (foldable) {
      const data = def.fold!(c, outs);
      node.outputs.forEach((id, k) => { g.values.get(id)!.data = data[k]; });
      continue; // the node is gone: its outputs are constants now
    }
    kept.push(node);
  }
  g.nodes = kept;
}
