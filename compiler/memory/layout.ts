// Places every value in one of three regions: weights (constants), io (inputs/outputs), activations (planned arena).

import { byteSize, type Graph, type Node } from '../ir/graph.js';
import { getOp } from '../ops/registry.js';
import { planMemory, type BufferRequest, type MemoryPlan } from './planner.js';

export type Region = 'weights' | 'io' | 'act';
export interface Location { region: Region; offset: number; bytes: number }

export interface ActivationBuffer { id: number; values: number[]; bytes: number; first: number; last: number; offset: number; label: string }

export interface MemoryLayout {
  align: number;
  loc: Map<number, Location>;
  /** Scratch bytes per node id (one buffer live only during that node). */
  scratch: Map<number, Location>;
  weights: { size: number; values: number[] };
  /** io offsets of every graph input and output (a constant output still gets an io slot to copy into). */
  io: { size: number; inputs: number[]; outputs: number[]; offsets: Map<number, number> };
  act: { size: number; lowerBound: number; buffers: ActivationBuffer[]; plan: MemoryPlan };
  /** Alias nodes that must copy because input and output both live in the io region. */
  copyNodes: Set<number>;
}

export const valueBytes = (g: Graph, id: number): number => byteSize(g.values.get(id)!);

/** Alias nodes whose input and output both live in io (or whose input is a constant) must copy. */
export function copyNodesOf(g: Graph): Set<number> {
  return layoutMemory(g, 1, new Map(), { inplace: false }).copyNodes;
}

const alignUp = (x: number, a: number) => Math.ceil(x / a) * a;

class Groups {
  private parent = new Map<number, number>();
  find(x: number): number {
    let p = this.parent.get(x) ?? x;
    if (p !== x) { p = this.find(p); this.parent.set(x, p); }
    return p;
  }
  union(a: number, b: number): void { const ra = this.find(a), rb = this.find(b); if (ra !== rb) this.parent.set(rb, ra); }
}

/**
 * `reuse: false` (per-layer validation): no in-place merges and no two activation buffers share bytes, so after a
 * run the arena still holds every intermediate value (views still share their input's storage).
 */
export function layoutMemory(g: Graph, align: number, scratchBytes: Map<number, number>,
  opts: { inplace?: boolean; kernelInputs?: ReadonlySet<number>; reuse?: boolean } = {}): MemoryLayout {
  const loc = new Map<number, Location>();
  const ioIds = new Set([...g.inputs, ...g.outputs]);

  // Weights: every constant that a node or a graph output reads, in first-use order.
  const weightIds: number[] = [];
  const seen = new Set<number>();
  // With `kernelInputs` (values some kernel call reads), compile-time-only operands (shapes, axes) take no bytes.
  const addWeight = (id: number | null, output = false) => {
    if (id === null || seen.has(id) || !g.values.get(id)!.data) return;
    if (!output && opts.kernelInputs && !opts.kernelInputs.has(id)) return;
    seen.add(id);
    weightIds.push(id);
  };
  for (const n of g.nodes) n.inputs.forEach((id) => addWeight(id));
  for (const id of opts.kernelInputs ?? []) addWeight(id); // derived constants (re-laid-out weights) read by kernels
  g.outputs.forEach((id) => addWeight(id, true));
  let wOff = 0;
  for (const id of weightIds) {
    const bytes = valueBytes(g, id);
    loc.set(id, { region: 'weights', offset: wOff, bytes });
    wOff = alignUp(wOff + bytes, align);
  }

  // IO: inputs then outputs, each aligned (an output that is also an input or a constant gets its own slot).
  let ioOff = 0;
  const ioOffsets = new Map<number, number>();
  for (const id of [...g.inputs, ...g.outputs]) {
    if (ioOffsets.has(id)) continue;
    const bytes = valueBytes(g, id);
    ioOffsets.set(id, ioOff);
    if (!g.values.get(id)!.data) loc.set(id, { region: 'io', offset: ioOff, bytes });
    ioOff = alignUp(ioOff + bytes, align);
  }

  // Alias groups (views share storage) and in-place merges.
  const groups = new Groups();
  const hasIo = (root: number, members: Map<number, number[]>) => (members.get(root) ?? [root]).some((m) => ioIds.has(m));
  const members = new Map<number, number[]>();
  const join = (a: number, b: number) => {
    const ra = groups.find(a), rb = groups.find(b);
    if (ra === rb) return;
    const ma = members.get(ra) ?? [ra], mb = members.get(rb) ?? [rb];
    groups.union(ra, rb);
    members.set(groups.find(ra), [...ma, ...mb]);
  };
  const lastUse = lastUses(g);
  // Views first (so in-place decisions see whole alias groups), then in-place merges.
  const copyNodes = new Set<number>();
  for (const n of g.nodes) {
    if (!getOp(n.op)!.alias) continue;
    const x = n.inputs[0]!, y = n.outputs[0];
    if (g.values.get(x)!.data || (hasIo(groups.find(x), members) && hasIo(groups.find(y), members))) copyNodes.add(n.id);
    else join(x, y);
  }
  if (opts.inplace !== false && opts.reuse !== false) {
    g.nodes.forEach((n, step) => {
      for (const [i, o] of getOp(n.op)!.inplace ?? []) {
        const x = n.inputs[i];
        const y = n.outputs[o];
        if (x === null || x === undefined || y === undefined || g.values.get(x)!.data) continue;
        const rx = groups.find(x), ry = groups.find(y);
        const group = [...(members.get(rx) ?? [rx]), ...(members.get(ry) ?? [ry])];
        if (rx === ry || group.some((m) => ioIds.has(m)) || valueBytes(g, x) !== valueBytes(g, y)) continue;
        if ((members.get(rx) ?? [rx]).some((m) => (lastUse.get(m) ?? -1) > step)) continue;
        join(x, y);
        break;
      }
    });
  }

  // Activation buffers: one per group without io/constant members.
  const defStep = new Map<number, number>();
  g.nodes.forEach((n, s) => n.outputs.forEach((o) => defStep.set(o, s)));
  const buffers = new Map<number, ActivationBuffer>();
  for (const [id, v] of g.values) {
    if (v.data || ioIds.has(id) || !defStep.has(id)) continue;
    const root = groups.find(id);
    if (hasIo(root, members)) continue;
    const b = buffers.get(root) ?? { id: root, values: [], bytes: 0, first: Infinity, last: -1, offset: 0, label: v.name };
    b.values.push(id);
    b.bytes = Math.max(b.bytes, valueBytes(g, id));
    b.first = Math.min(b.first, defStep.get(id)!);
    b.last = Math.max(b.last, lastUse.get(id) ?? defStep.get(id)!, defStep.get(id)!);
    buffers.set(root, b);
  }
  const whole = opts.reuse === false; // every buffer live for the whole run: none overlaps another
  const lastStep = Math.max(g.nodes.length - 1, 0);
  const requests: BufferRequest[] = [...buffers.values()].map((b) => ({ id: b.id, size: b.bytes, first: whole ? 0 : b.first, last: whole ? lastStep : b.last }));
  const scratchIds = new Map<number, number>();
  let nextScratch = -1;
  g.nodes.forEach((n, s) => {
    const bytes = scratchBytes.get(n.id);
    if (!bytes) return;
    scratchIds.set(n.id, nextScratch);
    requests.push({ id: nextScratch--, size: bytes, first: s, last: s });
  });
  const plan = planMemory(requests, align);
  const offsets = new Map(plan.buffers.map((p) => [p.id, p.offset]));
  for (const b of buffers.values()) {
    b.offset = offsets.get(b.id)!;
    for (const id of b.values) loc.set(id, { region: 'act', offset: b.offset, bytes: valueBytes(g, id) });
  }
  // Values in an io alias group live at the io member's location.
  for (const [id, v] of g.values) {
    if (loc.has(id) || v.data) continue;
    const root = groups.find(id);
    const ioMember = (members.get(root) ?? [root]).find((m) => ioIds.has(m) && loc.get(m)?.region === 'io');
    if (ioMember !== undefined) loc.set(id, { ...loc.get(ioMember)!, bytes: valueBytes(g, id) });
  }
  const scratch = new Map<number, Location>();
  for (const [nodeId, sid] of scratchIds) scratch.set(nodeId, { region: 'act', offset: offsets.get(sid)!, bytes: scratchBytes.get(nodeId)! });

  return {
    align, loc, scratch, copyNodes,
    weights: { size: wOff, values: weightIds },
    io: { size: ioOff, inputs: [...g.inputs], outputs: [...g.outputs], offsets: ioOffsets },
    act: { size: plan.arenaSize, lowerBound: plan.lowerBound, buffers: [...buffers.values()], plan },
  };
}

function lastUses(g: Graph): Map<number, number> {
  const m = new Map<number, number>();
  g.nodes.forEach((n: Node, s) => n.inputs.forEach((i) => { if (i !== null) m.set(i, s); }));
  return m;
}
