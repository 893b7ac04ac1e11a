// Sliding-window geometry shared by Conv, ConvTranspose and pooling: pads, strides, dilations, auto_pad.

import type { OpCtx } from './op-def.js';

export interface Window {
  /** Spatial input sizes, kernel sizes, strides, dilations, begin/end pads, output sizes (per spatial dim). */
  inSize: number[]; kernel: number[]; strides: number[]; dilations: number[];
  padBegin: number[]; padEnd: number[]; outSize: number[];
}

/** Resolve ONNX window attributes for a forward sliding window (Conv, pooling). */
export function forwardWindow(c: OpCtx, inSize: number[], kernel: number[], ceilMode = false): Window {
  const n = inSize.length;
  const strides = c.ints('strides', new Array(n).fill(1));
  const dilations = c.ints('dilations', new Array(n).fill(1));
  const autoPad = c.str('auto_pad', 'NOTSET');
  let pads = c.ints('pads', new Array(2 * n).fill(0));
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n) {
    c.fail('AOTC0013', `strides/dilations/pads do not match ${n} spatial dimensions`);
  }
  const eff = kernel.map((k, i) => (k - 1) * dilations[i] + 1);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array(2 * n).fill(0);
    for (let i = 0; i < n; i++) {
      const out = Math.ceil(inSize[i] / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + eff[i] - inSize[i]);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + n] = total - pads[i];
    }
  } else if (autoPad === 'VALID') {
    pads = new Array(2 * n).fill(0);
  } else if (autoPad !== 'NOTSET') {
    c.fail('AOTC0011', `auto_pad '${autoPad}' is not supported`);
  }
  const padBegin = pads.slice(0, n), padEnd = pads.slice(n);
  const outSize = inSize.map((s, i) => {
    const span = s + padBegin[i] + padEnd[i] - eff[i];
    let o = (ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
    // ceil mode: the last window must start inside the input or the begin padding.
    if (ceilMode && (o - 1) * strides[i] >= s + padBegin[i]) o--;
    return o;
  });
  for (let i = 0; i < n; i++) {
    if (outSize[i] < 1) c.fail('AOTC0021', `window of size ${kernel[i]} does not fit the input of size ${inSize[i]} (dimension ${i})`);
  }
  return { inSize, kernel, strides, dilations, padBegin, padEnd, outSize };
}

/** Spatial dims as 2-D (1-D windows become 1×W) so one 2-D kernel serves both. */
export function as2d(w: Window): { ih: number; iw: number; kh: number; kw: number; sh: number; sw: number;
  dh: number; dw: number; pt: number; pl: number; pb: number; pr: number; oh: number; ow: number } {
  if (w.inSize.length === 1) {
    return { ih: 1, iw: w.inSize[0], kh: 1, kw: w.kernel[0], sh: 1, sw: w.strides[0], dh: 1, dw: w.dilations[0],
      pt: 0, pl: w.padBegin[0], pb: 0, pr: w.padEnd[0], oh: 1, ow: w.outSize[0] };
  }
  return { ih: w.inSize[0], iw: w.inSize[1], kh: w.kernel[0], kw: w.kernel[1], sh: w.strides[0], sw: w.strides[1],
    dh: w.dilations[0], dw: w.dilations[1], pt: w.padBegin[0], pl: w.padBegin[1], pb: w.padEnd[0], pr: w.padEnd[1],
    oh: w.outSize[0], ow: w.outSize[1] };
}
