// Test helper of the nhwc family: one op as a .tflite model (run in TFLite Micro) and as the same aotc IR graph
// (compiled and run natively); returns both outputs for comparison.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTflite, type ModelSpec, type OptionsSpec, type TensorSpec } from '../../compiler/frontends/tflite/build-model.js';
import { runTfliteOracle } from '../../compiler/harness/tflite-oracle.js';
import { prng } from '../../compiler/harness/inputs.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { compileGraph, type Compiled } from '../../compiler/compile.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { addNode, addValue, newGraph, type Attrs, type Quant } from '../../compiler/ir/graph.js';
import type { NumArray } from '../../compiler/ir/dtype.js';
import { activationRange } from '../../compiler/quant/multiplier.js';

export type Act = 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1';
export type CaseDType = 'float32' | 'int8' | 'int16';

export interface NhwcCase {
  name: string;
  kind: 'conv' | 'dw' | 'fc' | 'avg' | 'max';
  dtype: CaseDType;
  /** Input shape: [N,H,W,C] (fc: [N,K]). */
  x: number[];
  /** conv/fc output channels; dw: depth multiplier is `mult`. */
  oc?: number;
  mult?: number;
  group?: number;
  k?: [number, number];
  stride?: [number, number];
  dilation?: [number, number];
  padding?: 'SAME' | 'VALID';
  act?: Act;
  /** Weights quantized per output channel (default) or per tensor. */
  perChannel?: boolean;
  /** Bias dtype ('none' for no bias); default float32 / int32 (int8) / int64 (int16). */
  bias?: 'none' | 'int32' | 'int64';
  /** Force these scales (input, weights per tensor, output) for multiplier-rounding cases. */
  scales?: [number, number, number];
  /** All-zero weights and these bias values: the accumulators are exactly the biases (requantization probes). */
  probeBiases?: number[];
}

export interface CaseResult {
  dtype: CaseDType;
  sets: number;
  /** Output bytes of all sets, TFLM and aotc. */
  tflm: Uint8Array;
  aotc: Uint8Array;
  compiled: Compiled;
}

const f32 = Math.fround;
const QRANGE = { int8: [-128, 127], int16: [-32768, 32767] } as const;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** TFLite's SAME/VALID geometry: [pad before, pad after] (the odd pixel goes after). */
export function tflPads(size: number, k: number, s: number, d: number, padding: 'SAME' | 'VALID'): [number, number] {
  const eff = (k - 1) * d + 1;
  const out = padding === 'SAME' ? Math.ceil(size / s) : Math.floor((size - eff) / s) + 1;
  const total = Math.max((out - 1) * s + eff - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const bytesOf = (a: NumArray): Uint8Array => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/** Build the case as a .tflite and an IR graph, run both on `sets` random input sets. */
export function runCase(cs: NhwcCase, sets: number): CaseResult {
  const rand = prng(hash(cs.name));
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const quantized = cs.dtype !== 'float32';
  const pool = cs.kind === 'avg' || cs.kind === 'max';
  const act = cs.act ?? 'NONE';
  const [kh, kw] = cs.k ?? [1, 1];
  const [sh, sw] = cs.stride ?? [1, 1];
  const [dh, dw] = cs.dilation ?? [1, 1];
  const padding = cs.padding ?? 'VALID';
  const cin = cs.x[cs.x.length - 1];
  const group = cs.kind === 'dw' ? cin : cs.group ?? 1;
  const oc = pool ? cin : cs.kind === 'dw' ? cin * (cs.mult ?? 1) : cs.oc!;
  const perK = cs.kind === 'fc' ? cin : kh * kw * (cin / group);

  // Geometry and output shape.
  let pads = [0, 0, 0, 0];
  let yShape: number[];
  if (cs.kind === 'fc') {
    yShape = [cs.x[0], oc];
  } else {
    const [pt, pb] = tflPads(cs.x[1], kh, sh, dh, padding);
    const [pl, pr] = tflPads(cs.x[2], kw, sw, dw, padding);
    pads = [pt, pl, pb, pr];
    const oh = Math.floor((cs.x[1] + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1;
    const ow = Math.floor((cs.x[2] + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1;
    yShape = [cs.x[0], oh, ow, oc];
  }

  // Quantization parameters (scales are float32 values, as stored in .tflite files).
  let xq: Quant | undefined, wq: Quant | undefined, yq: Quant | undefined;
  if (quantized) {
    const is8 = cs.dtype === 'int8';
    const xs = cs.scales?.[0] ?? f32(is8 ? 0.02 + rand() * 0.03 : (1 + rand()) / 2048);
    xq = { scale: [xs], zeroPoint: [is8 ? ri(-30, 30) : 0], axis: 0 };
    if (pool) {
      yq = xq;
    } else {
      const perChannel = cs.perChannel ?? true;
      const ws = cs.scales ? [cs.scales[1]] : Array.from({ length: perChannel ? oc : 1 }, () => f32(0.003 + rand() * 0.01));
      wq = { scale: ws, zeroPoint: ws.map(() => 0), axis: 0 };
      const meanW = ws.reduce((a, b) => a + b, 0) / ws.length;
      const accStd = Math.sqrt(perK) * 73 * (is8 ? 74 : 18918);
      const ys = cs.scales?.[2] ?? f32((xs * meanW * accStd) / (is8 ? 40 : 8000));
      yq = { scale: [ys], zeroPoint: [is8 ? ri(-20, 20) : 0], axis: 0 };
    }
  }

  // Weights in IR layout [OC,KH,KW,C/group] (fc: [OUT,K]); the .tflite depthwise layout is [1,KH,KW,C*M].
  const wShape = cs.kind === 'fc' ? [oc, cin] : [oc, kh, kw, cin / group];
  const wCount = wShape.reduce((a, b) => a * b, 1);
  const wIr: NumArray = cs.probeBiases ? new Int8Array(wCount) : quantized ? Int8Array.from({ length: wCount }, () => ri(-127, 127))
    : Float32Array.from({ length: wCount }, () => rand() * 2 - 1);
  let wTfl = wIr, wTflShape = wShape;
  if (cs.kind === 'dw') {
    wTfl = quantized ? new Int8Array(wCount) : new Float32Array(wCount);
    for (let o = 0; o < oc; o++) for (let t = 0; t < kh * kw; t++) wTfl[t * oc + o] = wIr[o * kh * kw + t];
    wTflShape = [1, kh, kw, oc];
  }
  const biasType = cs.bias ?? (cs.dtype === 'float32' ? 'float32' : cs.dtype === 'int8' ? 'int32' : 'int64');
  let bias: NumArray | undefined;
  if (!pool && biasType !== 'none') {
    const mag = Math.sqrt(perK) * (cs.dtype === 'int8' ? 2000 : 1e6);
    if (cs.probeBiases) bias = Int32Array.from(cs.probeBiases);
    else if (biasType === 'float32') bias = Float32Array.from({ length: oc }, () => rand() * 2 - 1);
    else if (biasType === 'int32') bias = Int32Array.from({ length: oc }, () => Math.round((rand() * 2 - 1) * mag));
    else bias = BigInt64Array.from({ length: oc }, () => BigInt(Math.round((rand() * 2 - 1) * mag)));
  }

  // --- The .tflite model.
  const tq = (q: Quant | undefined, dim = 0) => (q ? { scale: q.scale, zeroPoint: q.zeroPoint, quantizedDimension: dim } : undefined);
  const tensors: TensorSpec[] = [{ name: 'x', type: cs.dtype, shape: cs.x, quantization: tq(xq) }];
  const opInputs = [0];
  if (!pool) {
    tensors.push({ name: 'w', type: quantized ? 'int8' : 'float32', shape: wTflShape, data: bytesOf(wTfl), quantization: tq(wq, cs.kind === 'dw' ? 3 : 0) });
    opInputs.push(1);
    if (bias) {
      const bq = wq ? { scale: wq.scale.map((s) => f32(xq!.scale[0] * s)), zeroPoint: wq.scale.map(() => 0), axis: 0 } : undefined;
      tensors.push({ name: 'b', type: biasType as 'float32' | 'int32' | 'int64', shape: [oc], data: bytesOf(bias), quantization: tq(bq) });
      opInputs.push(2);
    }
  }
  tensors.push({ name: 'y', type: cs.dtype, shape: yShape, quantization: tq(yq) });
  const yIndex = tensors.length - 1;
  let op: string, options: OptionsSpec;
  const fused = { fusedActivationFunction: act };
  switch (cs.kind) {
    case 'conv': op = 'CONV_2D'; options = { kind: 'Conv2DOptions', padding, strideH: sh, strideW: sw, dilationHFactor: dh, dilationWFactor: dw, ...fused }; break;
    case 'dw': op = 'DEPTHWISE_CONV_2D'; options = { kind: 'DepthwiseConv2DOptions', padding, strideH: sh, strideW: sw, dilationHFactor: dh, dilationWFactor: dw, depthMultiplier: cs.mult ?? 1, ...fused }; break;
    case 'fc': op = 'FULLY_CONNECTED'; options = { kind: 'FullyConnectedOptions', ...fused }; break;
    default: op = cs.kind === 'avg' ? 'AVERAGE_POOL_2D' : 'MAX_POOL_2D';
      options = { kind: 'Pool2DOptions', padding, strideH: sh, strideW: sw, filterHeight: kh, filterWidth: kw, ...fused };
  }
  const spec: ModelSpec = { tensors, operators: [{ op, inputs: opInputs, outputs: [yIndex], options }], inputs: [0], outputs: [yIndex] };
  const model = buildTflite(spec);

  // --- Inputs: full integer range, floats in [-1, 1).
  const n = cs.x.reduce((a, b) => a * b, 1);
  const inputSets: NumArray[] = Array.from({ length: sets }, () => (cs.dtype === 'int8' ? Int8Array.from({ length: n }, () => ri(-128, 127))
    : cs.dtype === 'int16' ? Int16Array.from({ length: n }, () => ri(-32768, 32767))
      : Float32Array.from({ length: n }, () => rand() * 2 - 1)));
  const stacked = new Uint8Array(inputSets.reduce((a, s) => a + s.byteLength, 0));
  inputSets.reduce((off, s) => { stacked.set(bytesOf(s), off); return off + s.byteLength; }, 0);
  const oracle = runTfliteOracle(model, [{ dtype: cs.dtype, shape: [sets, ...cs.x], data: stacked }], { runtime: 'tflm' });

  // --- The same op as aotc IR.
  const g = newGraph('nhwc_case');
  const x = addValue(g, { name: 'x', dtype: cs.dtype, shape: cs.x, ...(xq ? { quant: xq } : {}) });
  g.inputs.push(x.id);
  const inputs: (number | null)[] = [x.id];
  if (!pool) {
    inputs.push(addValue(g, { name: 'w', dtype: quantized ? 'int8' : 'float32', shape: wShape, data: wIr, ...(wq ? { quant: wq } : {}) }).id);
    inputs.push(bias ? addValue(g, { name: 'b', dtype: biasType as 'float32', shape: [oc], data: bias }).id : null);
  }
  const y = addValue(g, { name: 'y', dtype: cs.dtype, shape: [], ...(yq ? { quant: yq } : {}) });
  g.outputs.push(y.id);
  const attrs: Attrs = {};
  if (cs.kind !== 'fc') Object.assign(attrs, { strides: [sh, sw], pads });
  if (cs.kind === 'conv' || cs.kind === 'dw') Object.assign(attrs, { dilations: [dh, dw], group });
  if (pool) attrs.kernel = [kh, kw];
  if (quantized) {
    const [lo, hi] = QRANGE[cs.dtype as 'int8'];
    const [amin, amax] = activationRange(act, yq!.scale[0], yq!.zeroPoint[0], lo, hi);
    Object.assign(attrs, { act_min: amin, act_max: amax });
  } else if (act !== 'NONE') {
    const [p0, p1] = act === 'RELU' ? [0, Infinity] : act === 'RELU6' ? [0, 6] : [-1, 1];
    Object.assign(attrs, { act_kind: 1, act_p0: p0, act_p1: p1 });
  }
  const opName = { conv: 'Conv2DNhwc', dw: 'Conv2DNhwc', fc: 'FullyConnected', avg: 'AvgPool2DNhwc', max: 'MaxPool2DNhwc' }[cs.kind];
  addNode(g, { name: cs.name, op: opName, inputs: bias || pool ? inputs : inputs.slice(0, 2), outputs: [y.id], attrs });
  runPipeline(g, { verify: true });
  const compiled = compileGraph(g, { name: 'nhwc_case' });
  const dir = mkdtempSync(join(tmpdir(), 'aotc-nhwc-'));
  try {
    const runner = buildRunner(compiled, dir, { werror: true });
    const outs = runSets(runner, inputSets.map((s) => [bytesOf(s)]));
    const aotc = new Uint8Array(outs.reduce((a, o) => a + o[0].length, 0));
    outs.reduce((off, o) => { aotc.set(o[0], off); return off + o[0].length; }, 0);
    return { dtype: cs.dtype, sets, tflm: oracle.outputArrays[0].data, aotc, compiled };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of identical output elements and max abs difference (in steps or float units), plus the output range. */
export function agreement(r: CaseResult): { identical: number; maxDiff: number; range: number; count: number } {
  const view = (b: Uint8Array) => {
    const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    return r.dtype === 'int8' ? new Int8Array(buf) : r.dtype === 'int16' ? new Int16Array(buf) : new Float32Array(buf);
  };
  const a = view(r.tflm), b = view(r.aotc);
  if (a.length !== b.length) throw new Error(`output sizes differ: TFLM ${a.length}, aotc ${b.length}`);
  let same = 0, maxDiff = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) same++;
    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]);
  }
  return { identical: same / a.length, maxDiff, range: hi - lo, count: a.length };
}
