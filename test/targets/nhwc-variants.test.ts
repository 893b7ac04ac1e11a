// The nhwc family's Cortex-M kernel variants (Armv7E-M DSP, MVE/Helium): int8 convolutions (regular, 1×1,
// depthwise) and fully connected layers run under qemu-system-arm must equal the portable reference kernels (the
// host bundle) byte for byte, over tile edges, padding, strides, dilations, batches, activation ranges and
// requantization corner cases (left shifts, rounding ties, channels outside the fast requantization's range).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { ROOT } from '../cli/helpers.js';
import { runVariants, variantGraph, type LayerSpec } from './nhwc-variant-cases.js';
import { costTable, layerCosts } from './nhwc-layer-bench.js';

const tmp = mkdtempSync(join(tmpdir(), 'aotc-nhwc-variants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TOOLS = ['qemu-system-arm', 'arm-none-eabi-gcc', 'ld.lld-19', 'clang-19'];
const haveTools = TOOLS.every((t) => spawnSync(t, ['--version']).status === 0);
const qemuIt = (name: string, fn: () => void, timeout = 300_000) => {
  if (haveTools) it(name, fn, timeout);
  else if (process.env.CI) it(name, () => { throw new Error(`missing ${TOOLS.join(', ')}`); });
  else it.skip(`${name} (needs ${TOOLS.join(', ')})`, fn);
};

type Kernel = 'fc' | 'conv1x1' | 'conv2d' | 'depthwise' | 'ref' | 'dsp-depthwise';
/** A layer and the kernel it must get on DSP targets and on MVE targets. */
type Case = [LayerSpec, Kernel, Kernel];

const CASES: Case[] = [
  // fully connected: few rows (int16 weights on DSP, 1 × 4 tiles on MVE), >= 3/4 rows (the matrix-product tiles)
  [{ name: 'fc k40 relu', kind: 'fc', x: [1, 40], oc: 10, act: 'RELU' }, 'fc', 'fc'],
  [{ name: 'fc k33 oc7', kind: 'fc', x: [1, 33], oc: 7 }, 'fc', 'fc'],
  [{ name: 'fc 2 rows per-tensor', kind: 'fc', x: [2, 64], oc: 13, perChannel: false }, 'fc', 'conv1x1'],
  [{ name: 'fc 5 rows k9 no bias', kind: 'fc', x: [5, 9], oc: 11, bias: false }, 'conv1x1', 'conv1x1'],
  [{ name: 'fc k300 oc3', kind: 'fc', x: [1, 300], oc: 3, act: 'RELU6' }, 'fc', 'fc'],
  // 1×1 convolutions: row tails, k % 4 != 0 (padded weight copy on DSP), batches
  [{ name: 'pw 30 rows k8', kind: 'conv', x: [1, 5, 6, 8], oc: 12 }, 'conv1x1', 'conv1x1'],
  [{ name: 'pw 25 rows k64 relu6', kind: 'conv', x: [1, 5, 5, 64], oc: 20, act: 'RELU6' }, 'conv1x1', 'conv1x1'],
  [{ name: 'pw batch 2 k7 no bias', kind: 'conv', x: [2, 3, 5, 7], oc: 9, bias: false }, 'conv1x1', 'conv1x1'],
  [{ name: 'pw k20 oc1', kind: 'conv', x: [1, 2, 3, 20], oc: 1 }, 'conv1x1', 'conv1x1'],
  // regular convolutions (im2col)
  [{ name: 'conv 3x3 s2 c3 relu', kind: 'conv', x: [1, 9, 8, 3], oc: 8, k: [3, 3], stride: [2, 2], pads: [0, 0, 1, 1], act: 'RELU' }, 'conv2d', 'conv2d'],
  [{ name: 'conv 10x4 s2 c1', kind: 'conv', x: [1, 12, 5, 1], oc: 16, k: [10, 4], stride: [2, 2], pads: [4, 1, 5, 2] }, 'conv2d', 'conv2d'],
  [{ name: 'conv 3x3 c16 batch 2 relu6', kind: 'conv', x: [2, 6, 7, 16], oc: 10, k: [3, 3], pads: [1, 1, 1, 1], act: 'RELU6' }, 'conv2d', 'conv2d'],
  [{ name: 'conv 3x3 dilation 2 no bias', kind: 'conv', x: [1, 9, 9, 4], oc: 5, k: [3, 3], dilation: [2, 2], pads: [2, 2, 2, 2], bias: false }, 'conv2d', 'conv2d'],
  [{ name: 'conv 1x1 s2', kind: 'conv', x: [1, 7, 6, 8], oc: 6, stride: [2, 2] }, 'conv2d', 'conv2d'],
  [{ name: 'conv 5x3 s2x1 per-tensor', kind: 'conv', x: [1, 5, 4, 5], oc: 3, k: [5, 3], stride: [2, 1], pads: [2, 1, 2, 1], perChannel: false }, 'conv2d', 'conv2d'],
  // depthwise
  [{ name: 'dw 3x3 relu6', kind: 'dw', x: [1, 6, 6, 5], k: [3, 3], pads: [1, 1, 1, 1], act: 'RELU6' }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 s2', kind: 'dw', x: [1, 7, 8, 3], k: [3, 3], stride: [2, 2], pads: [0, 0, 1, 1] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 batch 2 no bias', kind: 'dw', x: [2, 5, 7, 4], k: [3, 3], pads: [1, 1, 1, 1], bias: false }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 tall (transposed view)', kind: 'dw', x: [1, 25, 5, 64], k: [3, 3], pads: [1, 1, 1, 1] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 5x3 s2x1', kind: 'dw', x: [1, 9, 9, 6], k: [5, 3], pads: [2, 1, 2, 1], stride: [2, 1] }, 'depthwise', 'dsp-depthwise'],
  [{ name: 'dw 3x3 dilation 2x1', kind: 'dw', x: [1, 8, 9, 2], k: [3, 3], dilation: [2, 1] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 valid s2 odd', kind: 'dw', x: [1, 10, 11, 7], k: [3, 3], stride: [2, 2] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 wide', kind: 'dw', x: [1, 5, 12, 4], k: [3, 3], pads: [0, 1, 0, 1] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x3 planes wider than 64', kind: 'dw', x: [1, 3, 71, 2], k: [3, 3], pads: [1, 1, 1, 1] }, 'depthwise', 'depthwise'],
  [{ name: 'dw 3x5 (transposed only)', kind: 'dw', x: [1, 7, 7, 3], k: [3, 5], pads: [1, 2, 1, 2] }, 'depthwise', 'dsp-depthwise'],
  [{ name: 'dw multiplier 2', kind: 'dw', x: [1, 6, 6, 3], k: [3, 3], mult: 2, pads: [1, 1, 1, 1] }, 'ref', 'ref'],
  // requantization probes (zero weights: the accumulators are the biases): rounding ties (e = 1), channels without a
  // right shift or with a left shift (generic records), mixed layers
  [{ name: 'probe fc e=1', kind: 'fc', x: [1, 8], oc: 64, wmax: 0, multiplier: 0.3, biasRange: 400 }, 'fc', 'fc'],
  [{ name: 'probe pw mixed shifts', kind: 'conv', x: [1, 3, 3, 8], oc: 30, wmax: 0, multiplier: 0.5, biasRange: 250 }, 'conv1x1', 'conv1x1'],
  [{ name: 'probe pw left shift', kind: 'conv', x: [1, 4, 3, 4], oc: 20, wmax: 0, multiplier: 1.7, biasRange: 70 }, 'conv1x1', 'conv1x1'],
  [{ name: 'probe dw e=1', kind: 'dw', x: [1, 6, 5, 64], k: [3, 3], pads: [1, 1, 1, 1], wmax: 0, multiplier: 0.3, biasRange: 400 }, 'depthwise', 'depthwise'],
  [{ name: 'probe dw mixed shifts', kind: 'dw', x: [1, 6, 5, 40], k: [3, 3], pads: [1, 1, 1, 1], wmax: 0, multiplier: 0.6, biasRange: 200 }, 'depthwise', 'depthwise'],
  [{ name: 'probe conv e=6', kind: 'conv', x: [1, 5, 4, 3], oc: 12, k: [3, 3], wmax: 0, multiplier: 0.02, biasRange: 6000 }, 'conv2d', 'conv2d'],
  [{ name: 'probe fc left shift 5 rows', kind: 'fc', x: [5, 8], oc: 9, wmax: 0, multiplier: 3, biasRange: 40 }, 'conv1x1', 'conv1x1'],
  [{ name: 'probe dw s2 left shift', kind: 'dw', x: [1, 7, 6, 4], k: [3, 3], stride: [2, 2], wmax: 0, multiplier: 2.5, biasRange: 50 }, 'depthwise', 'depthwise'],
  // pruned channels (constant outputs: no weights, no products on DSP)
  [{ name: 'pw dead channels', kind: 'conv', x: [1, 5, 5, 16], oc: 24, dead: 9 }, 'conv1x1', 'conv1x1'],
  [{ name: 'conv dead channels', kind: 'conv', x: [1, 6, 5, 8], oc: 10, k: [3, 3], pads: [1, 1, 1, 1], dead: 4 }, 'conv2d', 'conv2d'],
  [{ name: 'dw dead channels', kind: 'dw', x: [1, 6, 6, 12], k: [3, 3], pads: [1, 1, 1, 1], dead: 5 }, 'depthwise', 'depthwise'],
  [{ name: 'pw all dead', kind: 'conv', x: [1, 3, 3, 8], oc: 2, dead: 2, multiplier: 1e-12 }, 'conv1x1', 'conv1x1'],
  // saturating outputs, large accumulators
  [{ name: 'saturating conv', kind: 'conv', x: [1, 5, 5, 3], oc: 5, k: [3, 3], gain: 3000 }, 'conv2d', 'conv2d'],
  [{ name: 'huge bias pw', kind: 'conv', x: [1, 4, 4, 16], oc: 8, biasRange: 1.5e9, multiplier: 1e-7 }, 'conv1x1', 'conv1x1'],
];

const LAYERS = CASES.map((c) => c[0]);
const SYMBOL: Record<Kernel, (isa: 'dsp' | 'mve') => RegExp> = {
  fc: (isa) => new RegExp(`^aotc_fc_s8__${isa}$`),
  conv1x1: (isa) => new RegExp(`^aotc_conv1x1_s8__${isa}$`),
  conv2d: (isa) => new RegExp(`^aotc_conv2d_s8__${isa}$`),
  depthwise: (isa) => new RegExp(`^aotc_depthwise_s8__${isa}$`),
  'dsp-depthwise': () => /^aotc_depthwise_s8__dsp$/,
  ref: () => /__ref$/,
};

function check(target: string, isa: 'dsp' | 'mve' | 'ref') {
  const r = runVariants(LAYERS, target, join(tmp, target.replace(/\W/g, '_')));
  const bad = LAYERS.filter((_, i) => !r.exact[i]).map((l) => l.name);
  expect(bad, `layers differing from the reference on ${target}`).toEqual([]);
  CASES.forEach(([l, dsp, mve], i) => {
    const want = isa === 'ref' ? /__ref$/ : SYMBOL[isa === 'mve' ? mve : dsp](isa);
    expect(r.symbols[i], `${l.name} on ${target}`).toMatch(want);
    if (!l.gain && l.dead !== l.oc) expect(r.distinct[i], `${l.name}: outputs not constant`).toBeGreaterThan(1);
  });
}

describe('int8 conv / depthwise / fully connected variants equal the reference under QEMU', () => {
  qemuIt('Cortex-M4 (DSP)', () => check('cortex-m4', 'dsp'));
  qemuIt('Cortex-M7 (DSP)', () => check('cortex-m7', 'dsp'));
  qemuIt('Cortex-M33 (DSP)', () => check('cortex-m33', 'dsp'));
  qemuIt('Cortex-M55 (MVE)', () => check('cortex-m55', 'mve'));
  qemuIt('Cortex-M55 with soft float (DSP, no MVE)', () => check('cortex-m55+float-abi=soft', 'dsp'));
  qemuIt('Cortex-M3 (no DSP: reference kernels)', () => check('cortex-m3', 'ref'));
});

describe('variant selection', () => {
  it('targets without the ISA and non-constant weights keep the reference kernels', () => {
    const layers: LayerSpec[] = [{ name: 'pw', kind: 'conv', x: [1, 4, 4, 8], oc: 4 }, { name: 'dw', kind: 'dw', x: [1, 4, 4, 8], k: [3, 3] }];
    const kernels = (target: string, g = variantGraph(layers)) => compileGraph(g, { target }).lowered.map((l) => l.calls[0]!.kernel);
    expect(kernels('host')).toEqual(['fully_connected_s8', 'dwconv2d_nhwc_s8']);
    expect(kernels('cortex-m0')).toEqual(['fully_connected_s8', 'dwconv2d_nhwc_s8']);
    expect(kernels('cortex-m7')).toEqual(['conv1x1_s8_dsp', 'depthwise_s8_dsp']);
    expect(kernels('cortex-m55')).toEqual(['conv1x1_s8_mve', 'depthwise_s8_mve']);
    const g = variantGraph(layers);
    for (const n of g.nodes) {
      const w = g.values.get(n.inputs[1]!)!;
      delete w.data;
      g.inputs.push(w.id);
    }
    expect(kernels('cortex-m55', g)).toEqual(['fully_connected_s8', 'dwconv2d_nhwc_s8']);
  });
});

// Opt-in measurement (not a check): AOTC_NHWC_BENCH=<model>[,<model>...] AOTC_NHWC_TARGET=cortex-m7 prints the
// instructions of every convolution / fully connected layer of ../shared/models/mlperf-tiny/<model>.tflite, each
// compiled alone, with the instructions per MAC per layer kind.
const BENCH = process.env.AOTC_NHWC_BENCH;
describe.skipIf(!BENCH || !haveTools)('per-layer instruction counts', () => {
  it('layers', () => {
    for (const m of (BENCH ?? '').split(',')) {
      const target = process.env.AOTC_NHWC_TARGET ?? 'cortex-m7';
      console.log(`${m} on ${target}\n${costTable(layerCosts(join(ROOT, '../shared/models/mlperf-tiny', `${m}.tflite`), target, join(tmp, `bench-${m}`)))}`);
    }
  }, 1_800_000);
});
