// Resize (Upsample and old Resize arrive rewritten by the importer): nearest for every dtype (index-map gather),
// linear and cubic for float32 (separable passes). Every index/weight table is computed here at compile time.

import { arrayFrom, toBytes } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { dimGatherCall } from './dim-gather.js';
import { castValues } from './structural.js';
import {
  axisTaps, COORDINATE_MODES, isIdentityTaps, nearestMap, NEAREST_MODES, type AxisGeom, type ResizeAttrs, type ResizeMode,
} from './resize-taps.js';

/** An optional constant input as numbers; undefined when absent or empty (ONNX uses empty tensors for "not given"). */
function optionalConst(c: OpCtx, i: number, what: string): number[] | undefined {
  if (!c.hasInput(i) || numel(c.shape(i)) === 0) return undefined;
  return c.constInts(i, what);
}

function resizeAttrs(c: OpCtx): ResizeAttrs {
  if (c.int('antialias', 0)) c.fail('AOTC0011', 'Resize antialias=1 is not supported', 'export with antialias=0');
  const mode = c.str('mode', 'nearest');
  if (!['nearest', 'linear', 'cubic'].includes(mode)) c.fail('AOTC0011', `Resize mode '${mode}' is not supported (nearest, linear, cubic)`);
  const ctm = c.str('coordinate_transformation_mode', 'half_pixel');
  if (!COORDINATE_MODES.includes(ctm)) c.fail('AOTC0011', `Resize coordinate_transformation_mode '${ctm}' is not supported`);
  const nearestMode = c.str('nearest_mode', 'round_prefer_floor');
  if (!NEAREST_MODES.includes(nearestMode)) c.fail('AOTC0011', `Resize nearest_mode '${nearestMode}' is not supported`);
  return { mode: mode as ResizeMode, ctm, nearestMode, cubicA: c.float('cubic_coeff_a', -0.75), excludeOutside: c.int('exclude_outside', 0) !== 0 };
}

/** Per-axis input/output lengths, coordinate scales and roi (ONNX reference rules, incl. axes and keep_aspect_ratio_policy). */
export function resizeGeometry(c: OpCtx): AxisGeom[] {
  const s = c.shape(0), rank = s.length;
  const axes = c.has('axes') ? c.ints('axes').map((a) => c.axis(a, rank)) : s.map((_d, i) => i);
  if (new Set(axes).size !== axes.length) c.fail('AOTC0013', `axes [${axes}] has duplicates`);
  const scales = optionalConst(c, 2, 'Resize scales'), sizes = scales ? undefined : optionalConst(c, 3, 'Resize sizes');
  if (!scales && !sizes) c.fail('AOTC0013', 'Resize needs scales or sizes');
  const geom: AxisGeom[] = s.map((n) => ({ inLen: n, outLen: n, scale: 1, roiStart: 0, roiEnd: 1 }));
  const given = (scales ?? sizes)!;
  if (given.length !== axes.length) c.fail('AOTC0013', `${scales ? 'scales' : 'sizes'} has ${given.length} values for ${axes.length} axes`);
  if (scales) {
    axes.forEach((a, k) => {
      if (!(scales[k] > 0)) c.fail('AOTC0013', `scale ${scales[k]} for axis ${a} must be positive`);
      geom[a].scale = scales[k];
      geom[a].outLen = Math.floor(scales[k] * s[a]);
    });
  } else {
    const policy = c.str('keep_aspect_ratio_policy', 'stretch');
    if (!['stretch', 'not_larger', 'not_smaller'].includes(policy)) c.fail('AOTC0011', `keep_aspect_ratio_policy '${policy}' is not supported`);
    const ratios = axes.map((a, k) => sizes![k] / s[a]);
    const common = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
    axes.forEach((a, k) => {
      geom[a].scale = policy === 'stretch' ? ratios[k] : common;
      geom[a].outLen = policy === 'stretch' ? sizes![k] : Math.floor(common * s[a] + 0.5);
    });
  }
  if (c.str('coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize') {
    const roi = optionalConst(c, 1, 'Resize roi');
    if (!roi || roi.length !== 2 * axes.length) c.fail('AOTC0013', `tf_crop_and_resize needs roi with ${2 * axes.length} values`);
    axes.forEach((a, k) => { geom[a].roiStart = roi[k]; geom[a].roiEnd = roi[k + axes.length]; });
  }
  return geom;
}

interface Pass { outer: number; inLen: number; outLen: number; inner: number; k: number; idx: number[]; w: number[] }

/** Separable passes, innermost axis first (as the reference nests them), skipping axes the taps leave unchanged. */
function passes(geom: AxisGeom[], at: ResizeAttrs): { list: Pass[]; sizes: number[] } {
  const cur = geom.map((a) => a.inLen);
  const list: Pass[] = [], sizes: number[] = [];
  for (let d = geom.length - 1; d >= 0; d--) {
    const t = axisTaps(geom[d], at);
    if (isIdentityTaps(t, geom[d])) continue;
    const idx = t.idx.map((v, q) => (t.extrapolate[Math.floor(q / t.k)] && q % t.k === 0 ? -1 : v));
    list.push({ outer: numel(cur.slice(0, d)), inLen: cur[d], outLen: geom[d].outLen, inner: numel(cur.slice(d + 1)), k: t.k, idx, w: t.w });
    cur[d] = geom[d].outLen;
    sizes.push(numel(cur));
  }
  return { list, sizes };
}

export const resize: OpDef = {
  op: 'Resize',
  infer(c) {
    const at = resizeAttrs(c);
    if (at.mode !== 'nearest') c.requireDType(0, ['float32']);
    return [{ dtype: c.dtype(0), shape: resizeGeometry(c).map((a) => a.outLen), quant: at.mode === 'nearest' ? c.input(0).quant : undefined }];
  },
  macs(c) {
    const at = resizeAttrs(c);
    return at.mode === 'nearest' ? 0 : passes(resizeGeometry(c), at).list.reduce((m, p) => m + p.outer * p.outLen * p.inner * p.k, 0);
  },
  lower(c): KernelCall[] {
    const at = resizeAttrs(c), geom = resizeGeometry(c), t = c.dtype(0);
    const extrap = c.float('extrapolation_value', 0);
    if (at.mode === 'nearest') {
      const maps = geom.map((a) => nearestMap(axisTaps(a, at)));
      const fill = { bytes: Array.from(toBytes(castValues(arrayFrom('float32', [extrap]), t), t)) };
      return [dimGatherCall(c, t, c.shape(0), maps, fill)];
    }
    const { list, sizes } = passes(geom, at);
    if (list.length === 0) return [{ kernel: 'copy', args: [A.in(0), A.out(0), A.int(4 * numel(c.shape(0)))] }];
    const inner = sizes.slice(0, -1);
    const even = Math.max(0, ...inner.filter((_s, p) => p % 2 === 0)), odd = Math.max(0, ...inner.filter((_s, p) => p % 2 === 1));
    return [{
      kernel: 'resize_f32',
      args: [
        A.in(0), A.out(0), list.length > 1 ? A.scratch(4 * (even + odd)) : A.null(), A.int(even), A.int(list.length),
        A.ints(list.flatMap((p) => [p.outer, p.inLen, p.outLen, p.inner, p.k])),
        A.ints(list.flatMap((p) => p.idx)), A.floats(list.flatMap((p) => p.w)), A.float(extrap),
      ],
    }];
  },
};
