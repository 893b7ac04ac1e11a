// Resize kernels (nearest gather, separable linear/cubic passes) against a direct port of the ONNX reference
// implementation (per output element, recursive 1-D interpolation over edge-padded neighbours).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { arrayFrom, fromBytes, toBytes, type DType } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph, numel, type Attrs } from '../../compiler/ir/graph.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';

interface Opts {
  mode: string; ctm: string; nearest: string; a: number; exclude: boolean; extrap: number;
}

/** ONNX reference: coefficients for a ratio in (0, 1]. */
function coeffs(ratio: number, o: Opts): number[] {
  if (o.mode === 'linear') return [1 - ratio, ratio];
  if (o.mode === 'nearest') {
    if (Number.isInteger(ratio)) return [0, 1];
    if (o.nearest === 'round_prefer_floor') return [+(ratio <= 0.5), +(ratio > 0.5)];
    if (o.nearest === 'round_prefer_ceil') return [+(ratio < 0.5), +(ratio >= 0.5)];
    return o.nearest === 'floor' ? [1, 0] : [0, 1];
  }
  const A = o.a, r = ratio;
  return [
    ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A,
    ((A + 2) * r - (A + 3)) * r * r + 1,
    ((A + 2) * (1 - r) - (A + 3)) * (1 - r) * (1 - r) + 1,
    ((A * ((1 - r) + 1) - 5 * A) * ((1 - r) + 1) + 8 * A) * ((1 - r) + 1) - 4 * A,
  ];
}

/** ONNX reference _interpolate_1d_with_x, literally (edge padding, sort by distance then index). */
function interp1d(data: number[], scale: number, outInt: number, x: number, roi: number[] | undefined, o: Opts): number {
  const inW = data.length, outW = scale * inW;
  let xo: number;
  switch (o.ctm) {
    case 'align_corners': xo = outW === 1 ? 0 : (x * (inW - 1)) / (outW - 1); break;
    case 'asymmetric': xo = x / scale; break;
    case 'tf_crop_and_resize':
      xo = outW === 1 ? ((roi![1] - roi![0]) * (inW - 1)) / 2 : (x * (roi![1] - roi![0]) * (inW - 1)) / (outW - 1);
      xo += roi![0] * (inW - 1);
      if (xo < 0 || xo > inW - 1) return o.extrap;
      break;
    case 'pytorch_half_pixel': xo = outW === 1 ? -0.5 : (x + 0.5) / scale - 0.5; break;
    case 'half_pixel_symmetric': xo = (inW / 2) * (1 - outInt / outW) + (x + 0.5) / scale - 0.5; break;
    default: xo = (x + 0.5) / scale - 0.5;
  }
  const ratio = Number.isInteger(xo) ? 1 : xo - Math.floor(xo);
  const c = coeffs(ratio, o);
  const n = c.length, pad = Math.ceil(n / 2);
  const padded = [...new Array(pad).fill(data[0]), ...data, ...new Array(pad).fill(data[inW - 1])];
  const xp = xo + pad;
  const idx = padded.map((_v, i) => i).sort((p, q) => Math.abs(xp - p) - Math.abs(xp - q) || p - q).slice(0, n).sort((p, q) => p - q);
  if (o.exclude) {
    idx.forEach((i, t) => { if (i - pad < 0 || i - pad >= inW) c[t] = 0; });
    const s = c.reduce((p, q) => p + q, 0);
    for (let t = 0; t < n; t++) c[t] /= s;
  }
  return idx.reduce((acc, i, t) => acc + c[t] * padded[i], 0);
}

/** ONNX reference _interpolate_nd_with_x: recurse over the leading axis. */
function interpNd(data: number[], shape: number[], scales: number[], out: number[], x: number[], roi: number[] | undefined, o: Opts): number {
  const n = shape.length;
  if (n === 1) return interp1d(data, scales[0], out[0], x[0], roi, o);
  const inner = numel(shape.slice(1));
  const res: number[] = [];
  for (let i = 0; i < shape[0]; i++) {
    res.push(interpNd(data.slice(i * inner, (i + 1) * inner), shape.slice(1), scales.slice(1), out.slice(1), x.slice(1),
      roi ? [...roi.slice(1, n), ...roi.slice(n + 1)] : undefined, o));
  }
  return interp1d(res, scales[0], out[0], x[0], roi ? [roi[0], roi[n]] : undefined, o);
}

interface RCase { name: string; dtype?: DType; shape: number[]; attrs: Attrs; scales?: number[]; sizes?: number[]; roi?: number[] }

/** Reference output for one case (axes, keep_aspect_ratio_policy and output sizes per the reference _interpolate_nd). */
function reference(k: RCase, data: number[]): { shape: number[]; values: number[] } {
  const r = k.shape.length, at = k.attrs;
  const axes = (at.axes as number[] | undefined)?.map((a) => (a < 0 ? a + r : a)) ?? k.shape.map((_d, i) => i);
  const o: Opts = {
    mode: (at.mode as string) ?? 'nearest', ctm: (at.coordinate_transformation_mode as string) ?? 'half_pixel',
    nearest: (at.nearest_mode as string) ?? 'round_prefer_floor', a: (at.cubic_coeff_a as number) ?? -0.75,
    exclude: !!at.exclude_outside, extrap: (at.extrapolation_value as number) ?? 0,
  };
  let scales = k.shape.map(() => 1), out = [...k.shape];
  let roi: number[] | undefined;
  if (k.roi) { roi = [...k.shape.map(() => 0), ...k.shape.map(() => 1)]; axes.forEach((a, i) => { roi![a] = k.roi![i]; roi![r + a] = k.roi![axes.length + i]; }); }
  if (k.scales) {
    axes.forEach((a, i) => { scales[a] = Math.fround(k.scales![i]); });
    out = k.shape.map((d, i) => Math.floor(scales[i] * d));
  } else {
    axes.forEach((a, i) => { out[a] = k.sizes![i]; });
    scales = out.map((d, i) => d / k.shape[i]);
    const policy = (at.keep_aspect_ratio_policy as string) ?? 'stretch';
    if (policy !== 'stretch') {
      const s = (policy === 'not_larger' ? Math.min : Math.max)(...axes.map((a) => scales[a]));
      scales = k.shape.map((_d, i) => (axes.includes(i) ? s : 1));
      out = k.shape.map((d, i) => (axes.includes(i) ? Math.floor(s * d + 0.5) : d));
    }
  }
  const values: number[] = [];
  const x = out.map(() => 0);
  for (let f = 0; f < numel(out); f++) {
    values.push(interpNd(data, k.shape, scales, out, x, roi, o));
    for (let d = r - 1; d >= 0; d--) { if (++x[d] < out[d]) break; x[d] = 0; }
  }
  return { shape: out, values };
}

const CASES: RCase[] = [
  { name: 'linear half_pixel 2-D', shape: [1, 1, 4, 5], attrs: { mode: 'linear' }, scales: [1, 1, 1.7, 0.6] },
  { name: 'linear align_corners, two outer axes', shape: [2, 3, 4], attrs: { mode: 'linear', coordinate_transformation_mode: 'align_corners' }, sizes: [2, 5, 7] },
  { name: 'cubic exclude_outside A=-0.5', shape: [1, 2, 3, 6], attrs: { mode: 'cubic', cubic_coeff_a: -0.5, exclude_outside: 1 }, sizes: [1, 2, 5, 3] },
  { name: 'cubic asymmetric', shape: [3, 4], attrs: { mode: 'cubic', coordinate_transformation_mode: 'asymmetric' }, scales: [2, 0.75] },
  { name: 'cubic pytorch_half_pixel to length 1', shape: [2, 5], attrs: { mode: 'cubic', coordinate_transformation_mode: 'pytorch_half_pixel' }, sizes: [3, 1] },
  { name: 'trilinear 5-D with axes', shape: [1, 2, 3, 4, 3], attrs: { mode: 'linear', axes: [2, 3, 4] }, scales: [0.7, 1.5, 2] },
  { name: 'linear tf_crop_and_resize with extrapolation', shape: [1, 4, 4], attrs: { mode: 'linear', coordinate_transformation_mode: 'tf_crop_and_resize', extrapolation_value: 10, axes: [1, 2] }, sizes: [3, 5], roi: [0.4, -0.2, 1.3, 0.9] },
  { name: 'nearest int8 tf_crop_and_resize', dtype: 'int8', shape: [3, 4], attrs: { coordinate_transformation_mode: 'tf_crop_and_resize', extrapolation_value: 7 }, sizes: [4, 6], roi: [-0.3, 0.1, 0.8, 1.2] },
  { name: 'nearest ceil half_pixel_symmetric, not_smaller, axes', shape: [2, 3, 5], attrs: { nearest_mode: 'ceil', coordinate_transformation_mode: 'half_pixel_symmetric', keep_aspect_ratio_policy: 'not_smaller', axes: [-1, 1] }, sizes: [7, 4] },
  { name: 'nearest round_prefer_ceil downsample int64', dtype: 'int64', shape: [1, 7, 5], attrs: { nearest_mode: 'round_prefer_ceil' }, scales: [1, 0.45, 0.8] },
  { name: 'linear not_larger keeps the aspect ratio', shape: [1, 3, 4], attrs: { mode: 'linear', keep_aspect_ratio_policy: 'not_larger', axes: [1, 2] }, sizes: [5, 9] },
];

describe('Resize kernels match the ONNX reference', () => {
  it('nearest / linear / cubic, N-d, axes, roi, aspect policies', () => {
    const g = newGraph('resize');
    const inputs: Uint8Array[] = [];
    const datas: number[][] = [];
    CASES.forEach((k, i) => {
      const dtype = k.dtype ?? 'float32';
      const n = numel(k.shape);
      const data = Array.from({ length: n }, (_x, j) => (dtype === 'float32' ? Math.sin(j * 1.3 + i) * 4 + j * 0.25 : ((j * 37 + i) % 23) - 11));
      datas.push(data);
      const x = addValue(g, { name: `x${i}`, dtype, shape: k.shape });
      g.inputs.push(x.id);
      inputs.push(toBytes(arrayFrom(dtype, data), dtype));
      const c = (name: string, t: DType, v?: number[]) => (v ? addValue(g, { name: `${name}${i}`, dtype: t, shape: [v.length], data: arrayFrom(t, v) }).id : null);
      const y = addValue(g, { name: `y${i}`, dtype, shape: [] });
      addNode(g, { name: k.name, op: 'Resize', inputs: [x.id, c('roi', 'float32', k.roi), c('scales', 'float32', k.scales), c('sizes', 'int64', k.sizes)], outputs: [y.id], attrs: k.attrs });
      g.outputs.push(y.id);
    });
    runPipeline(g, { verify: true });
    const runner = buildRunner(compileGraph(g), mkdtempSync(join(tmpdir(), 'aotc-misc-resize-')));
    const [got] = runSets(runner, [inputs]);
    CASES.forEach((k, i) => {
      const want = reference(k, datas[i]);
      const v = g.values.get(g.outputs[i])!;
      expect({ case: k.name, shape: v.shape }).toEqual({ case: k.name, shape: want.shape });
      const have = Array.from(fromBytes(got[i], v.dtype), Number);
      const bad = have.map((h, j) => [j, h, want.values[j]]).filter(([, h, w]) => !(Math.abs(h - w) <= 1e-5 + 1e-5 * Math.abs(w)));
      expect({ case: k.name, bad: bad.slice(0, 4) }).toEqual({ case: k.name, bad: [] });
    });
  }, 60_000);
});
