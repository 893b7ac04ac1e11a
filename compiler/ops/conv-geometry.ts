// Sliding-window geometry shared by Conv, ConvTranspose and pooling: pads, strides, dilations, auto_pad.

import { A, type CArg } from '../kernels/call.js';
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
  for (let i = 0; i < n; i++) {
    if (strides[i] < 1 || dilations[i] < 1 || kernel[i] < 1) c.fail('AOTC0013', `kernel, strides and dilations must be positive (dimension ${i})`);
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

/** Spatial window padded to 3-D (leading size-1 dims) so one 3-D kernel serves 1-D, 2-D and 3-D windows. */
export interface Window3 {
  inSize: number[]; outSize: number[]; kernel: number[]; strides: number[]; dilations: number[];
  padBegin: number[]; padEnd: number[];
}

export function as3d(w: Window): Window3 {
  const lead = 3 - w.inSize.length;
  if (lead < 0) throw new Error(`as3d: ${w.inSize.length} spatial dimensions`);
  const pad = (v: number[], fill: number) => [...new Array(lead).fill(fill), ...v];
  return {
    inSize: pad(w.inSize, 1), outSize: pad(w.outSize, 1), kernel: pad(w.kernel, 1), strides: pad(w.strides, 1),
    dilations: pad(w.dilations, 1), padBegin: pad(w.padBegin, 0), padEnd: pad(w.padEnd, 0),
  };
}

/**
 * Resolve ONNX ConvTranspose window attributes: output size from pads, or pads from `output_shape` / auto_pad
 * (ONNX rule: SAME_UPPER puts the smaller half of the padding first, everything else the larger half).
 */
export function transposeWindow(c: OpCtx, inSize: number[], kernel: number[]): Window {
  const n = inSize.length;
  const strides = c.ints('strides', new Array(n).fill(1));
  const dilations = c.ints('dilations', new Array(n).fill(1));
  const outPad = c.ints('output_padding', new Array(n).fill(0));
  const autoPad = c.str('auto_pad', 'NOTSET');
  let pads = c.ints('pads', new Array(2 * n).fill(0));
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n || outPad.length !== n) {
    c.fail('AOTC0013', `strides/dilations/pads/output_padding do not match ${n} spatial dimensions`);
  }
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad)) c.fail('AOTC0011', `auto_pad '${autoPad}' is not supported`);
  const eff = kernel.map((k, i) => (k - 1) * dilations[i] + 1);
  const full = inSize.map((s, i) => strides[i] * (s - 1) + outPad[i] + eff[i]);
  let wanted: number[] | undefined;
  if (c.has('output_shape')) {
    wanted = c.ints('output_shape');
    if (wanted.length === n + 2) wanted = wanted.slice(2);
    if (wanted.length !== n) c.fail('AOTC0013', `output_shape [${wanted}] does not match ${n} spatial dimensions`);
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    wanted = inSize.map((s, i) => s * strides[i]);
  }
  if (wanted) {
    pads = new Array(2 * n).fill(0);
    for (let i = 0; i < n; i++) {
      const total = full[i] - wanted[i];
      const half = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? half : total - half;
      pads[i + n] = total - pads[i];
    }
  } else if (autoPad === 'VALID') {
    pads = new Array(2 * n).fill(0);
  }
  const padBegin = pads.slice(0, n), padEnd = pads.slice(n);
  const outSize = full.map((f, i) => f - padBegin[i] - padEnd[i]);
  for (let i = 0; i < n; i++) {
    if (outSize[i] < 1) c.fail('AOTC0021', `ConvTranspose output size ${outSize[i]} in spatial dimension ${i} is not positive`);
    if (outPad[i] < 0 || strides[i] < 1 || dilations[i] < 1) c.fail('AOTC0013', `invalid strides/dilations/output_padding in dimension ${i}`);
  }
  return { inSize, kernel, strides, dilations, padBegin, padEnd, outSize };
}

/** Kernel arguments of a 3-D window: six `const int32_t[3]` arrays in, out, kernel, strides, dilations, begin pads. */
export function windowArgs(w: Window3): CArg[] {
  return [A.ints(w.inSize), A.ints(w.outSize), A.ints(w.kernel), A.ints(w.strides), A.ints(w.dilations), A.ints(w.padBegin)];
}

/** Spatial kernel sizes from `kernel_shape` or the weight shape [M, C/group, k...]; they must agree. */
export function kernelShapeOf(c: OpCtx, w: number[]): number[] {
  const kernel = c.has('kernel_shape') ? c.ints('kernel_shape') : w.slice(2);
  if (kernel.length !== w.length - 2 || kernel.some((k, i) => k !== w[i + 2])) {
    c.fail('AOTC0013', `kernel_shape [${kernel}] does not match the weight shape [${w}]`);
  }
  return kernel;
}
