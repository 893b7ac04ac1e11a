// Conv2DNhwc: 2-D convolution in NHWC with OHWI weights (regular, grouped, depthwise), float32 / int8 / int16x8 (TFLM).

import { numel } from '../ir/graph.js';
import { getElem, type NumArray } from '../ir/dtype.js';
import { A, type CArg, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';
import { dwView, extentArgs, nhwcWindow, type DwView, type NhwcWindow } from './nhwc-geometry.js';
import {
  accBounds, constFolded, mveRecords, requantParams, s16BiasArgs, s8BiasArgs, smmlarRecords, weightedKind, type NhwcKind, type Requant,
  weightWords,
} from './nhwc-quant.js';
import { bytesToWords, fcCall, liveChannels, liveWeights, mveFast, mveGroups, mveLive } from './fully-connected.js';
import type { TargetInfo } from '../targets/target.js';

interface ConvGeometry { win: NhwcWindow; oc: number; group: number; kind: NhwcKind }

function geometry(c: OpCtx): ConvGeometry {
  const w = c.shape(1);
  if (w.length !== 4) c.fail('AOTC0021', `Conv2DNhwc weights must be rank 4 [OC,KH,KW,C/group], got [${w}]`);
  const win = nhwcWindow(c, w[1], w[2], true);
  const group = c.int('group', 1);
  const oc = w[0];
  if (group < 1 || win.c % group !== 0 || oc % group !== 0 || w[3] !== win.c / group) {
    c.fail('AOTC0013', `channels do not match: input [${c.shape(0)}], weights [${w}], group ${group}`);
  }
  return { win, oc, group, kind: weightedKind(c, oc) };
}

/** Depthwise: one input channel per group, every input channel its own group (depth multiplier oc / c). */
const isDepthwise = (g: ConvGeometry): boolean => g.group > 1 && g.group === g.win.c;

/** A 1×1 convolution with unit strides and no padding is a matrix product [N·H·W, C] × [OC, C]ᵀ. */
const isPointwise = (g: ConvGeometry): boolean => {
  const w = g.win;
  return g.group === 1 && w.kh === 1 && w.kw === 1 && w.sh === 1 && w.sw === 1 && w.pt + w.pl + w.pb + w.pr === 0;
};

/** Armv7E-M DSP convolution (group 1): im2col rows in 4-row SMLAD tiles, exact SMMLAR requantization; or null. */
function dspConv(c: OpCtx, g: ConvGeometry, rq: Requant): KernelCall | null {
  const f = g.group === 1 ? constFolded(c, g.oc, rq) : null;
  if (!f) return null;
  const { prm } = smmlarRecords(rq, f.bias, accBounds(f.w, g.oc, f.bias), 2);
  const live = liveChannels(prm);
  const w = g.win;
  const k = w.kh * w.kw * w.c, kq = Math.ceil(k / 4);
  return {
    kernel: 'conv2d_s8_dsp',
    args: [A.in(0), liveWeights(f.w, g.oc, k, live), A.ints(prm), A.out(0), A.scratch(48 * kq + 16 * g.oc), ...extentArgs(w), A.int(g.oc),
      A.int(w.kh), A.int(w.kw), A.int(w.sh), A.int(w.sw), A.int(w.dh), A.int(w.dw), A.int(w.pt), A.int(w.pl), A.int(live.length),
      A.int(rq.inZp), A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)],
  };
}

const pair = (lo: number, hi: number): number => ((lo & 0xffff) | (hi << 16)) | 0;

/** Weight of channel o at kernel row ky, column kx of the view (the transposed view swaps the model's row and column). */
const dwWeight = (wts: NumArray, g: ConvGeometry, v: DwView, o: number, ky: number, kx: number): number =>
  Number(getElem(wts, o * g.win.kh * g.win.kw + (v.transposed ? kx * g.win.kw + ky : ky * g.win.kw + kx)));

/** The view (model orientation or transposed) that fits `ok` with the fewest computed outputs (`lanes` per vector). */
function pickView(g: ConvGeometry, lanes: number, ok: (v: DwView) => boolean): DwView | null {
  const cost = (v: DwView) => v.oh * Math.ceil(v.ow / lanes);
  const views = [dwView(g.win, false), dwView(g.win, true)].filter(ok);
  return views.length === 0 ? null : views.reduce((a, b) => (cost(b) < cost(a) ? b : a));
}

const viewArgs = (v: DwView, ph: number, pw: number, pws: number): CArg[] => [v.ih, v.iw, v.oh, v.ow, v.kh, v.sh, v.sw, v.dh, v.pt, v.pl,
  ph, pw, pws, v.xsr, v.xsc, v.ysr, v.ysc].map(A.int);

/**
 * Armv7E-M DSP depthwise convolution (depth multiplier 1, width-3 windows, width stride 1 or 2, no width dilation, in
 * either orientation): per-channel int16 planes of ph × pw (padding included); per channel the requantization record
 * and the int16 weight pairs (w0,w1),(w1,w2) of each kernel row, doubled for fast records {2 bias, m, B, e}.
 */
function dspDepthwise(c: OpCtx, g: ConvGeometry, rq: Requant): KernelCall | null {
  const v = pickView(g, 2, (u) => u.kw === 3 && u.dw === 1 && (u.sw === 1 || u.sw === 2));
  const f = v && g.oc === g.win.c ? constFolded(c, g.oc, rq) : null;
  if (!v || !f) return null;
  const { prm, fast } = smmlarRecords(rq, f.bias, accBounds(f.w, g.oc, f.bias), 2);
  const rec: number[] = [];
  for (let o = 0; o < g.oc; o++) {
    rec.push(...prm.slice(4 * o, 4 * o + 4));
    for (let ky = 0; ky < v.kh; ky++) {
      const t = (kx: number) => (fast[o] ? 2 : 1) * dwWeight(f.w, g, v, o, ky, kx);
      rec.push(pair(t(0), t(1)), pair(t(1), t(2)));
    }
  }
  const ph = (v.oh - 1) * v.sh + (v.kh - 1) * v.dh + 1, pw = v.sw * 2 * Math.ceil(v.ow / 2) + 2;
  // The kernel's assembly path for 3 × 3 (unit dilation) reads the plane rows at fixed offsets: row stride 64.
  const pws = v.kh === 3 && v.dh === 1 && pw <= 64 ? 64 : pw;
  return {
    kernel: 'depthwise_s8_dsp',
    args: [A.in(0), weightWords(rec), A.out(0), A.scratch(2 * ph * pws), A.int(g.win.n), A.int(g.win.c), ...viewArgs(v, ph, pw, pws),
      A.int(rq.inZp), A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)],
  };
}

/**
 * MVE depthwise convolution (depth multiplier 1, no width dilation, kh · (kw + sw) <= 16, in either orientation):
 * per-channel int8 planes; one gather of the window of two neighbouring outputs (byte offsets, so <= 255) feeds two
 * VMLADAVAs with the weight vectors of each output.
 */
function mveDepthwise(c: OpCtx, g: ConvGeometry, rq: Requant): KernelCall | null {
  const geo = (u: DwView) => {
    const ph = (u.oh - 1) * u.sh + (u.kh - 1) * u.dh + 1, pw = (4 * Math.ceil(u.ow / 4) - 1) * u.sw + u.kw;
    return { ph, pw, span: u.kw + u.sw };
  };
  const v = pickView(g, 4, (u) => u.dw === 1 && u.kh * (u.kw + u.sw) <= 16 && 7 * u.xsc <= 65535
    && (u.kh - 1) * u.dh * geo(u).pw + u.kw + 3 * u.sw - 1 <= 255);
  const f = v && g.oc === g.win.c ? constFolded(c, g.oc, rq) : null;
  if (!v || !f) return null;
  const { ph, pw, span } = geo(v);
  const offsets = Array.from({ length: 16 }, (_, j) => (Math.floor(j / span) < v.kh ? Math.floor(j / span) * v.dh * pw + (j % span) : 0));
  const wk: number[] = [];
  for (let o = 0; o < g.oc; o++) {
    const lane = (shift: number) => Array.from({ length: 16 }, (_, j) => {
      const r = Math.floor(j / span), col = (j % span) - shift;
      return r < v.kh && col >= 0 && col < v.kw ? dwWeight(f.w, g, v, o, r, col) : 0;
    });
    wk.push(...bytesToWords([...lane(0), ...lane(v.sw)]));
  }
  const prm = mveRecords(rq, f.bias).flat();
  return {
    kernel: 'depthwise_s8_mve',
    args: [A.in(0), weightWords(wk), A.ints(prm), A.ints(bytesToWords(offsets)), A.out(0), A.scratch(ph * pw), A.int(g.win.n), A.int(g.win.c),
      A.int(v.ih), A.int(v.iw), A.int(v.oh), A.int(v.ow), ...[v.sh, v.sw, v.pt, v.pl, ph, pw, v.xsr, v.xsc, v.ysr, v.ysc].map(A.int),
      A.int(rq.inZp), A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)],
  };
}

/** MVE convolution (group 1): im2col rows of 2 output pixels through 2-row × 4-channel VMLADAVA tiles (live channels). */
function mveConv(c: OpCtx, g: ConvGeometry, rq: Requant): KernelCall | null {
  const f = g.group === 1 ? constFolded(c, g.oc, rq) : null;
  if (!f) return null;
  const w = g.win;
  const k = w.kh * w.kw * w.c;
  const { live, dead } = mveLive(f, rq, g.oc);
  const p = mveGroups(f.w, f.bias, rq, live, k);
  return {
    kernel: 'conv2d_s8_mve',
    args: [A.in(0), weightWords(p.w), A.ints(p.prm), A.ints(p.chan), A.ints(dead), A.out(0),
      A.scratch(2 * 16 * Math.ceil(k / 16) + 8 * live.length + 32),
      ...extentArgs(w), A.int(g.oc), A.int(w.kh), A.int(w.kw), A.int(w.sh), A.int(w.sw), A.int(w.dh), A.int(w.dw), A.int(w.pt),
      A.int(w.pl), A.int(live.length), A.int(dead.length / 2), A.int(mveFast(rq, live) ? 1 : 0), A.int(rq.inZp), A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)],
  };
}

/** The target-specific kernel of an int8 convolution, when the target has one that fits (MVE first, then DSP). */
function variantCall(c: OpCtx, g: ConvGeometry, rq: Requant, target: TargetInfo | undefined): KernelCall | null {
  const dw = isDepthwise(g);
  const mve = target?.isa.includes('mve') ? (dw ? mveDepthwise(c, g, rq) : mveConv(c, g, rq)) : null;
  return mve ?? (target?.isa.includes('dsp') ? (dw ? dspDepthwise(c, g, rq) : dspConv(c, g, rq)) : null);
}

export const conv2dNhwc: OpDef = {
  op: 'Conv2DNhwc',
  infer(c) {
    const { win, oc, kind } = geometry(c);
    return [{ dtype: c.dtype(0), shape: [win.n, win.oh, win.ow, oc], ...(kind !== 'f32' ? { quant: c.output(0).quant } : {}) }];
  },
  macs(c) { return numel(c.output(0).shape) * numel(c.shape(1).slice(1)); },
  lower(c, target) {
    const g = geometry(c);
    const { win, oc, kind } = g;
    if (isPointwise(g)) return [fcCall(c, kind, win.n * win.ih * win.iw, win.c, oc, true, target)];
    const dw = isDepthwise(g);
    const taps = dw
      ? [A.int(oc / win.c), A.int(win.kh), A.int(win.kw)]
      : [A.int(oc), A.int(win.kh), A.int(win.kw), A.int(g.group)];
    const geo = [...extentArgs(win), ...taps, A.int(win.sh), A.int(win.sw), A.int(win.dh), A.int(win.dw), A.int(win.pt), A.int(win.pl)];
    const name = `${dw ? 'dwconv2d' : 'conv2d'}_nhwc_${kind}`;
    if (kind === 'f32') {
      return [{ kernel: name, args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), ...geo, ...activationArgs(c)] }];
    }
    const rq = requantParams(c, kind, oc);
    const head: CArg[] = [A.in(0), A.in(1)];
    const tail: CArg[] = [A.out(0), A.ints(rq.mult), A.ints(rq.shift), ...geo];
    let call: KernelCall;
    if (kind === 's8') {
      const v = variantCall(c, g, rq, target);
      if (v) return [v];
      const [bias, inOff, padVal] = s8BiasArgs(c, oc, rq);
      call = { kernel: name, args: [...head, bias, ...tail, inOff, padVal, A.int(rq.outZp), A.int(rq.actMin), A.int(rq.actMax)] };
    } else {
      // TFLM's 16x8 convolutions ignore the (zero) input and output zero points.
      const [b32, b64, acc32] = s16BiasArgs(c);
      if (dw && c.hasInput(2) && c.dtype(2) === 'int32') {
        c.fail('AOTC0012', 'int16 depthwise convolution needs an int64 bias (TFLite Micro has no int32-bias variant)');
      }
      call = { kernel: name, args: [...head, ...(dw ? [b64] : [b32, b64]), ...tail, ...(dw ? [] : [acc32]), A.int(rq.actMin), A.int(rq.actMax)] };
    }
    return [call];
  },
};
