// Conv2DNhwc: 2-D convolution in NHWC with OHWI weights (regular, grouped, depthwise), float32 / int8 / int16x8 (TFLM).

import { numel } from '../ir/graph.js';
import { A, type CArg, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';
import { extentArgs, nhwcWindow, type NhwcWindow } from './nhwc-geometry.js';
import { requantParams, s16BiasArgs, s8BiasArgs, weightedKind, type NhwcKind } from './nhwc-quant.js';
import { fcCall } from './fully-connected.js';

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

export const conv2dNhwc: OpDef = {
  op: 'Conv2DNhwc',
  infer(c) {
    const { win, oc, kind } = geometry(c);
    return [{ dtype: c.dtype(0), shape: [win.n, win.oh, win.ow, oc], ...(kind !== 'f32' ? { quant: c.output(0).quant } : {}) }];
  },
  macs(c) { return numel(c.output(0).shape) * numel(c.shape(1).slice(1)); },
  lower(c) {
    const g = geometry(c);
    const { win, oc, kind } = g;
    if (isPointwise(g)) return [fcCall(c, kind, win.n * win.ih * win.iw, win.c, oc, true)];
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
