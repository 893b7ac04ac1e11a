// Kernel selection: each node lowers to kernel-call records for the target; alias nodes lower to nothing.

import { addValue, byteSize, type Graph, type Node } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { resolveKernel } from '../kernels/manifest.js';
import { OpCtx } from '../ops/op-def.js';
import { getOp } from '../ops/registry.js';
import type { TargetInfo, Isa } from '../targets/target.js';
import { fail } from '../diagnostics/error.js';

export interface ResolvedCall extends KernelCall { symbol: string; files: string[]; isa: Isa }

export interface LoweredNode { node: Node; calls: ResolvedCall[]; scratchBytes: number }

/** Lower every node; `copyNodes` are alias nodes that must move bytes (see memory/layout). */
export function lowerGraph(g: Graph, target: TargetInfo, copyNodes: ReadonlySet<number>): LoweredNode[] {
  return g.nodes.map((node) => {
    const def = getOp(node.op)!;
    const c = new OpCtx(g, node);
    let calls: KernelCall[];
    if (def.alias) {
      calls = copyNodes.has(node.id) ? [{ kernel: 'copy', args: [A.in(0), A.out(0), A.int(byteSize(g.values.get(node.outputs[0])!))] }] : [];
    } else if (def.lower) {
      calls = def.lower(c, target);
    } else {
      fail('AOTC0022', `${node.op} could not be evaluated at compile time`, { node: node.name, op: node.op },
        'its inputs must be compile-time constants (shape computations are folded; data-dependent ones are not supported)');
    }
    const resolved = calls.map((k, ci) => {
      const r = resolveKernel(k.kernel, target.isa);
      // Derived constants become graph values in the weights region.
      const args = k.args.map((a, ai) => (a.kind !== 'weights' ? a : {
        kind: 'value' as const,
        id: addValue(g, { name: `${node.name}/${k.kernel}.${ci}.${ai}`, dtype: a.dtype, shape: [a.data.length], data: a.data }).id,
      }));
      return { ...k, args, files: r.files, isa: r.isa, symbol: k.instance?.name ?? r.symbol ?? '' };
    });
    const scratchBytes = Math.max(0, ...calls.flatMap((k) => k.args.map((a) => (a.kind === 'scratch' ? a.bytes : 0))));
    return { node, calls: resolved, scratchBytes };
  });
}

