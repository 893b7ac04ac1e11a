// NHWC sliding-window geometry (strides, dilations, pads [top,left,bottom,right]) of Conv2DNhwc and the NHWC pools.

import { A, type CArg } from '../kernels/call.js';
import type { OpCtx } from './op-def.js';

export interface NhwcWindow {
  n: number; ih: number; iw: number; c: number;
  kh: number; kw: number; sh: number; sw: number; dh: number; dw: number;
  pt: number; pl: number; pb: number; pr: number; oh: number; ow: number;
}

/** Resolve the window of input 0 ([N,H,W,C]) for a kh×kw kernel from the node's strides/dilations/pads attributes. */
export function nhwcWindow(c: OpCtx, kh: number, kw: number, allowDilation: boolean): NhwcWindow {
  const x = c.shape(0);
  if (x.length !== 4) c.fail('AOTC0021', `${c.op} needs a rank-4 NHWC input, got shape [${x}]`);
  const strides = c.ints('strides', [1, 1]);
  const dilations = allowDilation ? c.ints('dilations', [1, 1]) : [1, 1];
  if (!allowDilation && c.has('dilations') && c.ints('dilations').some((d) => d !== 1)) {
    c.fail('AOTC0011', `${c.op} does not support dilations (got [${c.ints('dilations')}])`);
  }
  const pads = c.ints('pads', [0, 0, 0, 0]);
  if (strides.length !== 2 || dilations.length !== 2 || pads.length !== 4) {
    c.fail('AOTC0013', `strides [${strides}], dilations [${dilations}] and pads [${pads}] must have 2, 2 and 4 entries`);
  }
  if (kh < 1 || kw < 1 || strides.some((s) => s < 1) || dilations.some((d) => d < 1) || pads.some((p) => p < 0)) {
    c.fail('AOTC0013', `kernel [${kh},${kw}], strides [${strides}] and dilations [${dilations}] must be positive, pads [${pads}] non-negative`);
  }
  const [n, ih, iw, ch] = x;
  const [sh, sw] = strides, [dh, dw] = dilations, [pt, pl, pb, pr] = pads;
  const oh = Math.floor((ih + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1;
  const ow = Math.floor((iw + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1;
  if (oh < 1 || ow < 1) c.fail('AOTC0021', `a ${kh}×${kw} window does not fit the ${ih}×${iw} input with pads [${pads}]`);
  return { n, ih, iw, c: ch, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, oh, ow };
}

/** True when every window position overlaps the input (pools need at least one real element per window). */
export function windowsTouchInput(w: NhwcWindow): boolean {
  const touches = (o: number, s: number, p: number, k: number, d: number, size: number) =>
    -p + (k - 1) * d >= 0 && (o - 1) * s - p < size;
  return touches(w.oh, w.sh, w.pt, w.kh, w.dh, w.ih) && touches(w.ow, w.sw, w.pl, w.kw, w.dw, w.iw);
}

/** Kernel arguments n, ih, iw, c, oh, ow (the NHWC input and output extents). */
export const extentArgs = (w: NhwcWindow): CArg[] => [A.int(w.n), A.int(w.ih), A.int(w.iw), A.int(w.c), A.int(w.oh), A.int(w.ow)];

/**
 * A depthwise window seen in one orientation: `transposed` swaps rows and columns (image, kernel, strides, dilations,
 * pads), so kernels that vectorize along rows can take tall, narrow images column-wise. xsr/xsc, ysr/ysc: element
 * strides (bytes) of a row / column step in the NHWC input / output of `c` channels.
 */
export interface DwView {
  ih: number; iw: number; oh: number; ow: number; kh: number; kw: number; sh: number; sw: number; dh: number; dw: number;
  pt: number; pl: number; xsr: number; xsc: number; ysr: number; ysc: number; transposed: boolean;
}

export function dwView(w: NhwcWindow, transposed: boolean): DwView {
  const c = w.c;
  if (!transposed) {
    return { ih: w.ih, iw: w.iw, oh: w.oh, ow: w.ow, kh: w.kh, kw: w.kw, sh: w.sh, sw: w.sw, dh: w.dh, dw: w.dw, pt: w.pt, pl: w.pl,
      xsr: w.iw * c, xsc: c, ysr: w.ow * c, ysc: c, transposed };
  }
  return { ih: w.iw, iw: w.ih, oh: w.ow, ow: w.oh, kh: w.kw, kw: w.kh, sh: w.sw, sw: w.sh, dh: w.dw, dw: w.dh, pt: w.pl, pl: w.pt,
    xsr: c, xsc: w.iw * c, ysr: c, ysc: w.ow * c, transposed };
}
