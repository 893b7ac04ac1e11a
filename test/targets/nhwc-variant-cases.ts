// Test helper of the nhwc kernel variants: many independent int8 Conv2DNhwc / FullyConnected layers in one IR graph,
// compiled for a Cortex-M target (DSP / MVE variants) and for the host (portable reference kernels), run on the same
// seeded random inputs under qemu-system-arm and natively, compared byte for byte.

import { join } from 'node:path';
import { compileGraph, type Compiled } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { inputSpecs, prng, randomSets } from '../../compiler/harness/inputs.js';
import { runOnMcu } from '../../compiler/harness/mcu-runner.js';
import { addNode, addValue, newGraph, type Attrs, type Graph, type Quant } from '../../compiler/ir/graph.js';
import { activationRange } from '../../compiler/quant/multiplier.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';

export interface LayerSpec {
  name: string;
  kind: 'conv' | 'dw' | 'fc';
  /** [N,H,W,C] (fc: [N,K]). */
  x: number[];
  /** conv / fc output channels (dw: c · mult). */
  oc?: number;
  mult?: number;
  k?: [number, number];
  stride?: [number, number];
  dilation?: [number, number];
  /** [top, left, bottom, right]. */
  pads?: [number, number, number, number];
  act?: 'NONE' | 'RELU' | 'RELU6';
  perChannel?: boolean;
  bias?: boolean;
  /** Requantization scale relative to the one that spreads outputs over about ±40 (> 1: saturating outputs). */
  gain?: number;
  /** Input and output zero points (default: seeded random in ±30 / ±20). */
  zp?: [number, number];
  /** Largest |weight| (default 127; 0: the accumulators are the biases, for requantization probes). */
  wmax?: number;
  /** Mean requantization multiplier input_scale · weight_scale / output_scale (overrides `gain`). */
  multiplier?: number;
  /** Biases are uniform in ±biasRange (default √K · 2000). */
  biasRange?: number;
  /** The first `dead` output channels get a vanishing weight scale and a huge bias, like pruned channels of real models
   * (their outputs are mostly constant). */
  dead?: number;
}

const f32 = Math.fround;

/** One graph with an independent input, constant weights/bias and output per layer. */
export function variantGraph(layers: LayerSpec[], seed = 1): Graph {
  const rand = prng(seed);
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const g = newGraph('variants');
  layers.forEach((l, li) => {
    const cin = l.x[l.x.length - 1]!;
    const [kh, kw] = l.k ?? [1, 1];
    const group = l.kind === 'dw' ? cin : 1;
    const oc = l.kind === 'dw' ? cin * (l.mult ?? 1) : l.oc!;
    const perK = l.kind === 'fc' ? cin : kh * kw * (cin / group);
    const wShape = l.kind === 'fc' ? [oc, cin] : [oc, kh, kw, cin / group];
    const wmax = l.wmax ?? 127;
    const wCount = wShape.reduce((a, b) => a * b, 1);
    const w = Int8Array.from({ length: wCount }, () => ri(-wmax, wmax));
    const [zx, zy] = l.zp ?? [ri(-30, 30), ri(-20, 20)];
    const xs = f32(0.02 + rand() * 0.03);
    const perChannel = l.perChannel ?? true;
    const ws = Array.from({ length: perChannel ? oc : 1 }, (_, o) => f32((0.003 + rand() * 0.01) * (o < (l.dead ?? 0) ? [1e-12, 1e-9, 3e-8][o % 3]! : 1)));
    const live = ws.slice(l.dead ?? 0);
    const meanW = (live.length ? live : ws).reduce((a, b) => a + b, 0) / (live.length ? live : ws).length;
    const accStd = Math.sqrt(perK) * (wmax * 0.58) * 74;
    const ys = f32(l.multiplier !== undefined ? (xs * meanW) / l.multiplier : (xs * meanW * accStd) / (40 * (l.gain ?? 1)));
    const xq: Quant = { scale: [xs], zeroPoint: [zx], axis: 0 };
    const yq: Quant = { scale: [ys], zeroPoint: [zy], axis: 0 };
    const x = addValue(g, { name: `x${li}`, dtype: 'int8', shape: l.x, quant: xq });
    g.inputs.push(x.id);
    const wv = addValue(g, { name: `w${li}`, dtype: 'int8', shape: wShape, data: w, quant: { scale: ws, zeroPoint: ws.map(() => 0), axis: 0 } });
    const inputs: (number | null)[] = [x.id, wv.id];
    if (l.bias ?? true) {
      const mag = l.biasRange ?? Math.sqrt(perK) * 2000;
      const b = Int32Array.from({ length: oc }, (_, o) => (o < (l.dead ?? 0) ? [1, -1][o % 2]! * (1.07e9 + 1e5 * o) : Math.round((rand() * 2 - 1) * mag)));
      inputs.push(addValue(g, { name: `b${li}`, dtype: 'int32', shape: [oc], data: b }).id);
    }
    const y = addValue(g, { name: `y${li}`, dtype: 'int8', shape: [], quant: yq });
    g.outputs.push(y.id);
    const [amin, amax] = activationRange(l.act ?? 'NONE', ys, zy, -128, 127);
    const attrs: Attrs = { act_min: amin, act_max: amax };
    if (l.kind !== 'fc') Object.assign(attrs, { strides: l.stride ?? [1, 1], dilations: l.dilation ?? [1, 1], pads: l.pads ?? [0, 0, 0, 0], group });
    addNode(g, { name: l.name, op: l.kind === 'fc' ? 'FullyConnected' : 'Conv2DNhwc', inputs, outputs: [y.id], attrs });
  });
  runPipeline(g, { verify: true });
  return g;
}

export interface VariantRun {
  compiled: Compiled;
  /** Kernel symbols per layer on the target. */
  symbols: string[];
  /** Per layer: the target's output equals the host's byte for byte. */
  exact: boolean[];
  /** Per layer: distinct output values on the host (outputs are not trivially constant). */
  distinct: number[];
  instructions: number;
}

/** Compile `layers` for `target` and the host, run both on one seeded random input set and compare per layer. */
export function runVariants(layers: LayerSpec[], target: string, dir: string, seed = 1): VariantRun {
  const g = variantGraph(layers, seed);
  const compiled = compileGraph(g, { target, name: 'variants' });
  const host = compileGraph(g, { target: 'host', name: 'variants' });
  const [set] = randomSets(inputSpecs(g), 1, seed);
  const inputs = set!.map((t) => t.data);
  const [hostOut] = runSets(buildRunner(host, join(dir, 'host'), { werror: true }), [inputs]);
  const { run } = runOnMcu(compiled, join(dir, target.replace(/[^A-Za-z0-9_.-]/g, '_')), { inputs, werror: true });
  const exact = hostOut!.map((h, i) => h.length === run.outputs[i]!.length && h.every((b, j) => b === run.outputs[i]![j]));
  const distinct = hostOut!.map((h) => new Set(h).size);
  const symbols = compiled.lowered.map((l) => l.calls.map((c) => c.symbol).join('+'));
  return { compiled, symbols, exact, distinct, instructions: run.instructions };
}
