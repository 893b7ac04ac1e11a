// The per-layer table of a compiled model: op, output shapes, MACs, parameter/activation bytes, kernels, buffers.

import type { Compiled } from '../compile.js';
import { byteSize, type Graph } from '../ir/graph.js';
import type { MemoryLayout, Region } from '../memory/layout.js';
import { OpCtx } from '../ops/op-def.js';
import { getOp } from '../ops/registry.js';

export interface TensorInfo { name: string; dtype: string; shape: number[] }

/** Where a node's output lives: region, byte offset in it, and the step range its buffer is live. */
export interface BufferInfo { value: string; region: Region; offset: number; bytes: number; first: number; last: number }

export interface LayerInfo {
  index: number;
  name: string;
  op: string;
  /** Fused activation (fuse-activation pass), if any. */
  fusedActivation: string | null;
  outputs: TensorInfo[];
  /** null when the op does not define a MAC count. */
  macs: number | null;
  /** Bytes of the constant inputs (weights) this node reads. */
  parameterBytes: number;
  /** Bytes of the node's outputs. */
  activationBytes: number;
  kernels: { symbol: string; isa: string }[];
  /** Pure views (Reshape, Squeeze ...) share their input's bytes and call no kernel. */
  view: boolean;
  buffers: BufferInfo[];
  scratch: { offset: number; bytes: number } | null;
}

export interface LayerTotals { nodes: number; macs: number; parameterBytes: number; activationBytes: number }

export function tensorInfo(g: Graph, id: number): TensorInfo {
  const v = g.values.get(id)!;
  return { name: v.name, dtype: v.dtype, shape: [...v.shape] };
}

export function buildLayers(c: Compiled): LayerInfo[] {
  const g = c.graph;
  const lifetimes = bufferLifetimes(g, c.memory);
  return c.lowered.map((l, index) => {
    const n = l.node;
    const def = getOp(n.op);
    let macs: number | null = null;
    if (def?.macs) macs = def.macs(new OpCtx(g, n));
    const constInputs = [...new Set(n.inputs.filter((i): i is number => i !== null && g.values.get(i)!.data !== undefined))];
    const act = n.attrs.act_op;
    const scratch = c.memory.scratch.get(n.id);
    return {
      index, name: n.name, op: n.op, fusedActivation: typeof act === 'string' ? act : null,
      outputs: n.outputs.map((o) => tensorInfo(g, o)),
      macs,
      parameterBytes: constInputs.reduce((s, i) => s + byteSize(g.values.get(i)!), 0),
      activationBytes: n.outputs.reduce((s, o) => s + byteSize(g.values.get(o)!), 0),
      kernels: l.calls.map((k) => ({ symbol: k.symbol, isa: k.isa })),
      view: def?.alias === true,
      buffers: n.outputs.flatMap((o) => {
        const loc = c.memory.loc.get(o);
        const life = lifetimes.get(o);
        if (!loc || !life) return [];
        return [{ value: g.values.get(o)!.name, region: loc.region, offset: loc.offset, bytes: loc.bytes, first: life.first, last: life.last }];
      }),
      scratch: scratch ? { offset: scratch.offset, bytes: scratch.bytes } : null,
    };
  });
}

export function layerTotals(layers: LayerInfo[]): LayerTotals {
  return {
    nodes: layers.length,
    macs: layers.reduce((s, l) => s + (l.macs ?? 0), 0),
    parameterBytes: layers.reduce((s, l) => s + l.parameterBytes, 0),
    activationBytes: layers.reduce((s, l) => s + l.activationBytes, 0),
  };
}

/** Op name → node count, sorted by op name. */
export function opCounts(g: Graph): Record<string, number> {
  const m = new Map<string, number>();
  for (const n of g.nodes) m.set(n.op, (m.get(n.op) ?? 0) + 1);
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Live step range of the storage holding each node output: the planned buffer's lifetime for activations;
 * for io values, from the defining step to the end of the run (outputs must survive until it returns).
 */
function bufferLifetimes(g: Graph, mem: MemoryLayout): Map<number, { first: number; last: number }> {
  const out = new Map<number, { first: number; last: number }>();
  for (const b of mem.act.buffers) for (const id of b.values) out.set(id, { first: b.first, last: b.last });
  const end = Math.max(0, g.nodes.length - 1);
  g.nodes.forEach((n, step) => n.outputs.forEach((o) => { if (!out.has(o)) out.set(o, { first: step, last: end }); }));
  return out;
}

/** A planned arena buffer for reports: display name, placement and live step range (inclusive). */
export interface PlanBufferInfo { name: string; offset: number; bytes: number; first: number; last: number }

/** The activation arena's planned buffers (value groups and per-node scratch), in plan order, with display names. */
export function planBuffers(c: Compiled): PlanBufferInfo[] {
  const names = bufferNames(c);
  return c.memory.act.plan.buffers.map((b) => ({ name: names(b.id), offset: b.offset, bytes: b.size, first: b.first, last: b.last }));
}

/** Display name of a planned buffer id (negative ids are per-node scratch buffers). */
export function bufferNames(c: Compiled): (id: number) => string {
  const g = c.graph;
  const byId = new Map(c.memory.act.buffers.map((b) => [b.id, b]));
  const scratchOwner = new Map<number, string>();
  // layout numbers scratch buffers -1, -2, ... in node order
  let k = -1;
  for (const n of g.nodes) if (c.memory.scratch.has(n.id)) scratchOwner.set(k--, n.name);
  return (id: number) => {
    const b = byId.get(id);
    if (b) return b.values.length > 1 ? `${b.label} (+${b.values.length - 1})` : b.label;
    const owner = scratchOwner.get(id);
    return owner !== undefined ? `scratch:${owner}` : `#${id}`;
  };
}
