// IR verifier: structural invariants every pass must keep (ids, topological order, shapes, constants).

import { dtypeBytes } from '../ir/dtype.js';
import { numel, type Graph } from '../ir/graph.js';
import { fail } from '../diagnostics/error.js';
import { getOp } from '../ops/registry.js';

/** Returns the list of problems (empty when the graph is well formed). */
export function verifyGraph(g: Graph): string[] {
  const errs: string[] = [];
  const defined = new Set<number>();
  for (const [id, v] of g.values) {
    if (v.id !== id) errs.push(`value '${v.name}' is stored under id ${id} but says ${v.id}`);
    if (v.shape.some((d) => !Number.isInteger(d) || d < 0)) errs.push(`value '${v.name}' has invalid shape [${v.shape}]`);
    if (v.data) {
      defined.add(id);
      if (v.data.length !== numel(v.shape)) errs.push(`constant '${v.name}' holds ${v.data.length} elements, shape [${v.shape}] needs ${numel(v.shape)}`);
      void dtypeBytes(v.dtype);
    }
  }
  for (const i of g.inputs) {
    if (!g.values.has(i)) errs.push(`graph input id ${i} has no value`);
    defined.add(i);
  }
  const produced = new Set<number>();
  for (const n of g.nodes) {
    if (!getOp(n.op)) errs.push(`node '${n.name}': op ${n.op} is not registered`);
    n.inputs.forEach((i, k) => {
      if (i === null) return;
      if (!g.values.has(i)) errs.push(`node '${n.name}' input ${k} refers to missing value ${i}`);
      else if (!defined.has(i)) errs.push(`node '${n.name}' input ${k} ('${g.values.get(i)!.name}') is used before it is defined`);
    });
    for (const o of n.outputs) {
      if (!g.values.has(o)) errs.push(`node '${n.name}' output refers to missing value ${o}`);
      if (produced.has(o) || g.values.get(o)?.data) errs.push(`value ${o} ('${g.values.get(o)?.name}') is defined twice`);
      produced.add(o);
      defined.add(o);
    }
  }
  for (const o of g.outputs) if (!defined.has(o)) errs.push(`graph output id ${o} is never defined`);
  return errs;
}

export function assertValid(g: Graph, after: string): void {
  const errs = verifyGraph(g);
  if (errs.length) fail('AOTC0030', `IR verification failed after pass '${after}'`, undefined, 'this is a compiler bug; please report it', errs.slice(0, 20));
}
