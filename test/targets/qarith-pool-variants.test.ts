// Cortex-M variants (DSP, MVE) of the int8 QAdd / QSub / QMul and NHWC pool kernels: one graph of many independent
// cases (tile edges, odd lengths and channel counts, padded borders, clamps, fallback cases) compiled for each CPU,
// run under qemu-system-arm on several seeded input sets, compared byte for byte with the host bundle (ref kernels).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { prng } from '../../compiler/harness/inputs.js';
import { buildFirmware, runFirmware } from '../../compiler/harness/mcu-runner.js';
import { addNode, addValue, newGraph, numel, type Attrs, type Graph } from '../../compiler/ir/graph.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { targetWithOverrides } from '../../compiler/targets/target.js';

const TOOLS = ['qemu-system-arm', 'arm-none-eabi-gcc', 'ld.lld-19', 'clang-19'];
const haveTools = TOOLS.every((t) => spawnSync(t, ['--version']).status === 0);
const qemuIt = (name: string, fn: () => void, timeout = 300_000) => {
  if (haveTools) it(name, fn, timeout);
  else if (process.env.CI) it(name, () => { throw new Error(`missing ${TOOLS.join(', ')}`); });
  else it.skip(`${name} (needs ${TOOLS.join(', ')})`, fn);
};

const tmp = mkdtempSync(join(tmpdir(), 'aotc-qvariants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type QT = { dtype: 'int8' | 'int16'; shape: number[]; scale: number; zp: number };
const q8 = (shape: number[], scale: number, zp: number): QT => ({ dtype: 'int8', shape, scale: Math.fround(scale), zp });
const quant = (t: QT) => ({ scale: [t.scale], zeroPoint: [t.zp], axis: 0 });

interface Case { name: string; op: string; inputs: QT[]; out: QT; attrs: Attrs }

/** The binary cases: same shapes of many lengths, swapped scale order, both scales equal, clamps, broadcasts, fallbacks. */
function binaryCases(rand: () => number): Case[] {
  const cases: Case[] = [];
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const scale = () => 0.004 + rand() * 0.2;
  const lengths = [[1], [2], [3], [4], [5], [7], [8], [13], [16], [31], [33], [64], [67], [2, 3, 5], [1, 4, 4, 7], [3, 1, 9]];
  const acts: [number, number][] = [[-128, 127], [-20, 127], [-128, 40], [-60, 70]];
  lengths.forEach((shape, i) => {
    for (const op of ['QAdd', 'QSub', 'QMul']) {
      const [lo, hi] = acts[(i + op.length) % acts.length]!;
      const a = q8(shape, scale(), ri(-128, 127)), b = q8(shape, scale(), ri(-128, 127));
      const y = q8(shape, op === 'QMul' ? a.scale * b.scale * (0.3 + rand() * 3) : Math.max(a.scale, b.scale) * (0.5 + rand() * 2), ri(-128, 127));
      cases.push({ name: `${op} [${shape}] #${i}`, op, inputs: [a, b], out: y, attrs: { act_min: lo, act_max: hi } });
    }
  });
  const full = { act_min: -128, act_max: 127 };
  for (const op of ['QAdd', 'QSub']) {
    // equal scales (both inputs take the exact-shift path), the smaller scale first and second.
    cases.push({ name: `${op} equal scales`, op, inputs: [q8([29], 0.05, 3), q8([29], 0.05, -7)], out: q8([29], 0.08, -1), attrs: full });
    cases.push({ name: `${op} a smaller`, op, inputs: [q8([23], 0.01, -128), q8([23], 0.09, 127)], out: q8([23], 0.1, 0), attrs: full });
    cases.push({ name: `${op} b smaller`, op, inputs: [q8([23], 0.09, 127), q8([23], 0.01, -128)], out: q8([23], 0.1, 0), attrs: full });
    // scales tied in float: 0.1/0.3/0.2 (rounding ties of the multipliers).
    cases.push({ name: `${op} ties`, op, inputs: [q8([37], 0.1, 3), q8([37], 0.3, 0)], out: q8([37], 0.2, -1), attrs: full });
    // output scale tiny (saturates) and large (outputs near the zero point).
    cases.push({ name: `${op} saturating`, op, inputs: [q8([19], 0.1, 0), q8([19], 0.07, 5)], out: q8([19], 0.001, 2), attrs: full });
    cases.push({ name: `${op} coarse output`, op, inputs: [q8([19], 0.01, 0), q8([19], 0.007, 5)], out: q8([19], 2, -3), attrs: full });
    // output right shift beyond the fast path's bound (e > 22): the variant defers to the ref.
    cases.push({ name: `${op} huge output scale`, op, inputs: [q8([11], 0.001, 0), q8([11], 0.002, 1)], out: q8([11], 400, 0), attrs: full });
    // broadcasts: a vector over the inner dimension (handled), a column over it (ref), a scalar (ref).
    cases.push({ name: `${op} bcast inner`, op, inputs: [q8([3, 2, 9], 0.03, 1), q8([9], 0.05, -2)], out: q8([3, 2, 9], 0.06, 4), attrs: full });
    cases.push({ name: `${op} bcast column`, op, inputs: [q8([5, 1], 0.03, 1), q8([1, 6], 0.05, -2)], out: q8([5, 6], 0.06, 4), attrs: full });
    cases.push({ name: `${op} bcast scalar`, op, inputs: [q8([1], 0.03, 1), q8([2, 7], 0.05, -2)], out: q8([2, 7], 0.06, 4), attrs: full });
  }
  // MUL: gain > 1 (left shifts 1..14), exactly at and past the fast path's left-shift bound, broadcast inner, fallbacks.
  cases.push({ name: 'QMul gain 22', op: 'QMul', inputs: [q8([21], 0.5, 0), q8([21], 0.9, -1)], out: q8([21], 0.02, 4), attrs: full });
  cases.push({ name: 'QMul gain 2^13', op: 'QMul', inputs: [q8([21], 0.9, 3), q8([21], 0.9, -1)], out: q8([21], 0.0001, 0), attrs: full });
  cases.push({ name: 'QMul gain 2^17', op: 'QMul', inputs: [q8([21], 1, 3), q8([21], 1, -1)], out: q8([21], 0.00001, 0), attrs: full });
  cases.push({ name: 'QMul unit gain', op: 'QMul', inputs: [q8([21], 0.5, 0), q8([21], 0.5, 0)], out: q8([21], 0.25, 0), attrs: full });
  cases.push({ name: 'QMul bcast inner', op: 'QMul', inputs: [q8([4, 11], 0.02, 9), q8([11], 0.03, -100)], out: q8([4, 11], 0.001, -3), attrs: { act_min: -100, act_max: 100 } });
  cases.push({ name: 'QMul bcast column', op: 'QMul', inputs: [q8([4, 1], 0.02, 9), q8([4, 6], 0.03, -100)], out: q8([4, 6], 0.001, -3), attrs: full });
  // int16 ADD / MUL: the variants defer to the ref.
  const q16 = (shape: number[], scale: number): QT => ({ dtype: 'int16', shape, scale: Math.fround(scale), zp: 0 });
  cases.push({ name: 'QAdd int16', op: 'QAdd', inputs: [q16([17], 1 / 4096), q16([17], 1 / 8192)], out: q16([17], 1 / 2048), attrs: { act_min: -32768, act_max: 32767 } });
  cases.push({ name: 'QMul int16', op: 'QMul', inputs: [q16([17], 0.0009), q16([17], 0.0011)], out: q16([17], 0.0004), attrs: { act_min: -32768, act_max: 32767 } });
  return cases;
}

/** Pool cases: channel counts around 4 / 8 / 16, strides, padded borders, global windows, clamps, > 256 taps. */
function poolCases(rand: () => number): Case[] {
  const cases: Case[] = [];
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const geo: { x: number[]; k: [number, number]; s: [number, number]; p: [number, number, number, number] }[] = [
    { x: [1, 4, 4, 1], k: [2, 2], s: [2, 2], p: [0, 0, 0, 0] },
    { x: [1, 5, 6, 3], k: [3, 3], s: [1, 1], p: [1, 1, 1, 1] },
    { x: [2, 5, 5, 4], k: [3, 3], s: [2, 2], p: [0, 0, 1, 1] },
    { x: [1, 7, 6, 5], k: [5, 3], s: [2, 1], p: [2, 1, 2, 1] },
    { x: [1, 3, 3, 7], k: [1, 1], s: [1, 1], p: [0, 0, 0, 0] },
    { x: [1, 6, 5, 8], k: [3, 2], s: [1, 2], p: [1, 0, 1, 1] },
    { x: [1, 4, 4, 9], k: [4, 4], s: [1, 1], p: [3, 3, 3, 3] },
    { x: [1, 5, 3, 12], k: [5, 3], s: [5, 3], p: [0, 0, 0, 0] },
    { x: [1, 6, 6, 15], k: [2, 3], s: [2, 2], p: [0, 1, 0, 1] },
    { x: [1, 4, 5, 16], k: [3, 3], s: [1, 1], p: [1, 1, 1, 1] },
    { x: [2, 3, 4, 17], k: [2, 2], s: [1, 1], p: [0, 0, 1, 0] },
    { x: [1, 5, 5, 20], k: [3, 3], s: [2, 2], p: [1, 1, 1, 1] },
    { x: [1, 4, 4, 24], k: [4, 4], s: [1, 1], p: [0, 0, 0, 0] },
    { x: [1, 5, 4, 33], k: [3, 2], s: [2, 2], p: [1, 0, 1, 1] },
    { x: [1, 25, 5, 64], k: [25, 5], s: [1, 1], p: [0, 0, 0, 0] }, // the KWS pool: 125 taps
    { x: [1, 16, 16, 6], k: [16, 16], s: [1, 1], p: [0, 0, 0, 0] }, // 256 taps: the 16-bit sums' limit
    { x: [1, 17, 16, 5], k: [17, 16], s: [1, 1], p: [0, 0, 0, 0] }, // 272 taps: the avg variants defer to the ref
  ];
  geo.forEach((g, i) => {
    for (const op of ['AvgPool2DNhwc', 'MaxPool2DNhwc']) {
      const t = q8(g.x, 0.02 + rand() * 0.1, ri(-128, 127));
      const acts: [number, number][] = [[-128, 127], [t.zp, 127], [-50, 60], [-128, -10]];
      const [lo, hi] = acts[(i + op.length) % acts.length]!;
      const oh = Math.floor((g.x[1]! + g.p[0] + g.p[2] - g.k[0]) / g.s[0]) + 1;
      const ow = Math.floor((g.x[2]! + g.p[1] + g.p[3] - g.k[1]) / g.s[1]) + 1;
      cases.push({
        name: `${op} x[${g.x}] k${g.k} s${g.s} p${g.p}`, op, inputs: [t], out: { ...t, shape: [g.x[0]!, oh, ow, g.x[3]!] },
        attrs: { kernel: g.k, strides: g.s, pads: g.p, act_min: lo, act_max: hi },
      });
    }
  });
  return cases;
}

/** `cases` as independent nodes; with `chain`, also t = a·b, u = t + c, v = d - u (intermediates the planner may
 *  compute in place: the output over an input), v the last graph output. */
function buildGraph(cases: Case[], chain = false): Graph {
  const g = newGraph('qvariants');
  cases.forEach((cs, k) => {
    const ins = cs.inputs.map((t, i) => {
      const v = addValue(g, { name: `c${k}_x${i}`, dtype: t.dtype, shape: [...t.shape], quant: quant(t) });
      g.inputs.push(v.id);
      return v.id;
    });
    const y = addValue(g, { name: `c${k}_y`, dtype: cs.out.dtype, shape: [], quant: quant(cs.out) });
    g.outputs.push(y.id);
    addNode(g, { name: `c${k}`, op: cs.op, inputs: ins, outputs: [y.id], attrs: cs.attrs });
  });
  if (chain) {
    const shape = [3, 37];
    const v = (name: string, scale: number, zp: number, input = false) => {
      const x = addValue(g, { name, dtype: 'int8', shape: input ? shape : [], quant: quant(q8(shape, scale, zp)) });
      if (input) g.inputs.push(x.id);
      return x.id;
    };
    const [a, b, c, d] = [v('ch_a', 0.05, 1, true), v('ch_b', 0.04, -3, true), v('ch_c', 0.03, 7, true), v('ch_d', 0.08, -9, true)];
    const [t, u, w] = [v('ch_t', 0.01, 2), v('ch_u', 0.06, -4), v('ch_v', 0.09, 5)];
    const full = { act_min: -128, act_max: 127 };
    addNode(g, { name: 'chain_mul', op: 'QMul', inputs: [a, b], outputs: [t], attrs: full });
    addNode(g, { name: 'chain_add', op: 'QAdd', inputs: [t, c], outputs: [u], attrs: { act_min: -30, act_max: 127 } });
    addNode(g, { name: 'chain_sub', op: 'QSub', inputs: [d, u], outputs: [w], attrs: full });
    g.outputs.push(w);
  }
  runPipeline(g, { verify: true });
  return g;
}

/** Input sets: uniform over the dtype, the extremes only, and a tight cluster (many equal and near-equal values). */
function inputSets(g: Graph, sets: number, seed: number): Uint8Array[][] {
  const rand = prng(seed);
  return Array.from({ length: sets }, (_, s) => g.inputs.map((id) => {
    const v = g.values.get(id)!;
    const n = numel(v.shape);
    const [lo, hi] = v.dtype === 'int16' ? [-32768, 32767] : [-128, 127];
    const center = lo + Math.floor(rand() * (hi - lo + 1));
    const vals = Array.from({ length: n }, () => {
      const r = rand();
      if (s % 3 === 1) return r < 0.5 ? lo : hi;
      if (s % 3 === 2) return Math.min(hi, Math.max(lo, center + Math.floor(r * 9) - 4));
      return lo + Math.floor(r * (hi - lo + 1));
    });
    return new Uint8Array((v.dtype === 'int16' ? Int16Array.from(vals) : Int8Array.from(vals)).buffer);
  }));
}

const SETS = 6;
const TARGETS: { id: string; isa: string }[] = [
  { id: 'cortex-m4', isa: 'dsp' }, { id: 'cortex-m7', isa: 'dsp' }, { id: 'cortex-m33', isa: 'dsp' },
  { id: 'cortex-m55', isa: 'mve' }, { id: targetWithOverrides('cortex-m55', { floatAbi: 'soft' }).id, isa: 'dsp' },
];

describe('int8 add/sub/mul and pool variants under qemu-system-arm', () => {
  qemuIt('bit-exact with the portable reference on every case, CPU and input set', () => {
    const rand = prng(20240611);
    const cases = [...binaryCases(rand), ...poolCases(rand)];
    const g = buildGraph(cases, true);
    const sets = inputSets(g, SETS, 7);
    const host = compileGraph(g, { target: 'host', name: 'qv' });
    const want = runSets(buildRunner(host, join(tmp, 'host'), { werror: true }), sets);
    const failures: string[] = [];
    for (const t of TARGETS) {
      const c = compileGraph(g, { target: t.id, name: 'qv' });
      const inPlace = c.graph.nodes.filter((n) => n.name.startsWith('chain_')).map((n) => n.inputs.some((i) => c.memory.loc.get(i!)?.region === 'act'
        && c.memory.loc.get(i!)?.offset === c.memory.loc.get(n.outputs[0]!)?.offset && c.memory.loc.get(n.outputs[0]!)?.region === 'act'));
      expect(inPlace, 'the chain computes some step in place').toContain(true);
      // the variant is what runs for every int8 case of these ops (the fallbacks live inside the variants)
      for (const l of c.lowered) expect(l.calls.map((k) => k.isa), l.node.name).toEqual([t.isa]);
      const fw = buildFirmware(c, join(tmp, t.id.replace(/[^\w.-]/g, '_')), { inputs: sets[0]!, moreInputs: sets.slice(1), werror: true });
      const run = runFirmware(fw);
      expect(run.outputSets).toHaveLength(SETS);
      run.outputSets!.forEach((outs, s) => outs.forEach((o, k) => {
        const ref = want[s]![k]!;
        if (o.length !== ref.length || o.some((b, i) => b !== ref[i])) {
          const i = o.findIndex((b, j) => b !== ref[j]);
          failures.push(`${t.id} set ${s} ${cases[k]?.name ?? 'chain'}: byte ${i} is ${o[i]}, the ref gives ${ref[i]}`);
        }
      }));
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  // One node per graph: the kernel is inlined with its arguments as constants (as in real models), a different
  // code path from the many-call-site graph above. Instructions per inference vs the ref on the same machine
  // (built for -mcpu=cortex-m3, whose only kernels are the refs).
  const SINGLE: Case[] = [
    { name: 'add 16x16x32 relu', op: 'QAdd', inputs: [q8([1, 16, 16, 32], 0.05, 3), q8([1, 16, 16, 32], 0.02, -10)], out: q8([1, 16, 16, 32], 0.07, -5), attrs: { act_min: -5, act_max: 127 } },
    { name: 'mul 16x16x32', op: 'QMul', inputs: [q8([1, 16, 16, 32], 0.05, 3), q8([1, 16, 16, 32], 0.02, -10)], out: q8([1, 16, 16, 32], 0.01, -5), attrs: { act_min: -128, act_max: 127 } },
    { name: 'avgpool 25x5 (KWS)', op: 'AvgPool2DNhwc', inputs: [q8([1, 25, 5, 64], 0.05, 3)], out: q8([1, 1, 1, 64], 0.05, 3), attrs: { kernel: [25, 5], strides: [25, 5], pads: [0, 0, 0, 0], act_min: -128, act_max: 127 } },
    { name: 'avgpool 3x3 s1 same', op: 'AvgPool2DNhwc', inputs: [q8([1, 16, 16, 30], 0.05, 3)], out: q8([1, 16, 16, 30], 0.05, 3), attrs: { kernel: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], act_min: -128, act_max: 127 } },
    { name: 'maxpool 3x3 s2 same', op: 'MaxPool2DNhwc', inputs: [q8([1, 16, 16, 30], 0.05, 3)], out: q8([1, 8, 8, 30], 0.05, 3), attrs: { kernel: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1], act_min: 3, act_max: 127 } },
  ];
  const MACHINES = [{ id: 'cortex-m7', isa: 'dsp' }, { id: 'cortex-m55', isa: 'mve' }];
  qemuIt('single-node graphs (inlined kernels): bit-exact, and at most half the ref\'s instructions', () => {
    const rows: string[] = [];
    for (const cs of SINGLE) {
      const g = buildGraph([cs]);
      const sets = inputSets(g, 3, 11);
      const want = runSets(buildRunner(compileGraph(g, { target: 'host', name: 'one' }), join(tmp, 'one-host'), { werror: true }), sets);
      const count = (target: string, isa: string) => {
        const c = compileGraph(g, { target, name: 'one' });
        expect(c.lowered[0]!.calls[0]!.isa).toBe(isa);
        const fw = buildFirmware(c, join(tmp, `one-${target.replace(/[^\w.-]/g, '_')}`), { inputs: sets[0]!, moreInputs: sets.slice(1), werror: true });
        const run = runFirmware(fw);
        run.outputSets!.forEach((o, s) => expect(Buffer.from(o[0]!).equals(Buffer.from(want[s]![0]!)), `${cs.name} on ${target}, set ${s}`).toBe(true));
        return run.instructions;
      };
      // the ref build (-mcpu=cortex-m3) executes the same instructions on both machines: run it once
      const ref = count(targetWithOverrides('cortex-m7', { mcpu: 'cortex-m3' }).id, 'ref');
      for (const m of MACHINES) {
        const fast = count(m.id, m.isa);
        rows.push(`${cs.name.padEnd(22)} ${m.id.padEnd(11)} ref ${String(ref).padStart(8)}  ${m.isa} ${String(fast).padStart(8)}  (${(ref / fast).toFixed(1)}x)`);
        expect(fast, `${cs.name} on ${m.id}`).toBeLessThanOrEqual(ref / 2);
      }
    }
    console.log(rows.join('\n'));
  });
});
