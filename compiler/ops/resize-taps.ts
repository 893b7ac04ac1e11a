// Resize geometry at compile time: coordinate transforms and per-axis interpolation taps (indices + weights),
// following the ONNX reference implementation (edge padding, ratio in (0, 1], exclude_outside, extrapolation).

export type ResizeMode = 'nearest' | 'linear' | 'cubic';

export interface ResizeAttrs {
  mode: ResizeMode;
  /** coordinate_transformation_mode */
  ctm: string;
  nearestMode: string;
  cubicA: number;
  excludeOutside: boolean;
}

export interface AxisGeom { inLen: number; outLen: number; scale: number; roiStart: number; roiEnd: number }

/** Taps of one axis: for output j, k source indices idx[j*k+t] with weights w[j*k+t]; extrapolate[j]: out of the roi. */
export interface AxisTaps { k: number; idx: number[]; w: number[]; extrapolate: boolean[] }

export const COORDINATE_MODES = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric',
  'tf_crop_and_resize', 'tf_half_pixel_for_nn'];
export const NEAREST_MODES = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

/** Input coordinate of output position x, or null when tf_crop_and_resize extrapolates. */
export function originalCoord(x: number, a: AxisGeom, ctm: string): number | null {
  const inLen = a.inLen, outW = a.scale * inLen;
  switch (ctm) {
    case 'align_corners': return outW === 1 ? 0 : (x * (inLen - 1)) / (outW - 1);
    case 'asymmetric': return x / a.scale;
    case 'tf_half_pixel_for_nn': return (x + 0.5) / a.scale;
    case 'pytorch_half_pixel': return outW === 1 ? -0.5 : (x + 0.5) / a.scale - 0.5;
    case 'half_pixel': return (x + 0.5) / a.scale - 0.5;
    case 'half_pixel_symmetric': {
      const adjustment = a.outLen / outW, center = inLen / 2;
      return center * (1 - adjustment) + (x + 0.5) / a.scale - 0.5;
    }
    case 'tf_crop_and_resize': {
      let xo = outW === 1 ? ((a.roiEnd - a.roiStart) * (inLen - 1)) / 2 : (x * (a.roiEnd - a.roiStart) * (inLen - 1)) / (outW - 1);
      xo += a.roiStart * (inLen - 1);
      return xo < 0 || xo > inLen - 1 ? null : xo;
    }
    default: throw new Error(`unknown coordinate_transformation_mode ${ctm}`);
  }
}

function coefficients(ratio: number, at: ResizeAttrs): number[] {
  if (at.mode === 'linear') return [1 - ratio, ratio];
  if (at.mode === 'nearest') {
    if (Number.isInteger(ratio)) return [0, 1];
    switch (at.nearestMode) {
      case 'round_prefer_floor': return ratio <= 0.5 ? [1, 0] : [0, 1];
      case 'round_prefer_ceil': return ratio < 0.5 ? [1, 0] : [0, 1];
      case 'floor': return [1, 0];
      default: return [0, 1];
    }
  }
  const A = at.cubicA, r = ratio, s = 1 - ratio;
  return [
    ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A,
    ((A + 2) * r - (A + 3)) * r * r + 1,
    ((A + 2) * s - (A + 3)) * s * s + 1,
    ((A * (s + 1) - 5 * A) * (s + 1) + 8 * A) * (s + 1) - 4 * A,
  ];
}

/** Taps of one axis; source indices are clamped into [0, inLen) (the reference pads with edge values). */
export function axisTaps(a: AxisGeom, at: ResizeAttrs): AxisTaps {
  const k = at.mode === 'cubic' ? 4 : 2;
  const pad = Math.ceil(k / 2);
  const idx: number[] = [], w: number[] = [], extrapolate: boolean[] = [];
  for (let j = 0; j < a.outLen; j++) {
    const xo = originalCoord(j, a, at.ctm);
    if (xo === null) {
      extrapolate.push(true);
      for (let t = 0; t < k; t++) { idx.push(0); w.push(0); }
      continue;
    }
    extrapolate.push(false);
    const left = Number.isInteger(xo) ? xo - 1 : Math.floor(xo); // ratio in (0, 1]: prefer the left neighbour
    const ratio = xo - left;
    const coeffs = coefficients(Number.isInteger(xo) ? 1 : ratio, at);
    // The k nearest positions of the edge-padded axis [-pad, inLen + pad), ties to the smaller index.
    const start = Math.min(Math.max(left - (k / 2 - 1), -pad), a.inLen + pad - k);
    if (at.excludeOutside) {
      for (let t = 0; t < k; t++) if (start + t < 0 || start + t >= a.inLen) coeffs[t] = 0;
      const sum = coeffs.reduce((p, q) => p + q, 0);
      if (sum !== 0) for (let t = 0; t < k; t++) coeffs[t] /= sum;
    }
    for (let t = 0; t < k; t++) {
      idx.push(Math.min(Math.max(start + t, 0), a.inLen - 1));
      w.push(coeffs[t]);
    }
  }
  return { k, idx, w, extrapolate };
}

/** True when the taps copy the axis unchanged (the pass can be skipped). */
export function isIdentityTaps(t: AxisTaps, a: AxisGeom): boolean {
  if (a.inLen !== a.outLen) return false;
  for (let j = 0; j < a.outLen; j++) {
    if (t.extrapolate[j]) return false;
    for (let q = 0; q < t.k; q++) {
      const wt = t.w[j * t.k + q];
      if (wt !== 0 && !(wt === 1 && t.idx[j * t.k + q] === j)) return false;
    }
  }
  return true;
}

/** Nearest-neighbour source index per output position (-1: extrapolate), from the one-hot nearest taps. */
export function nearestMap(t: AxisTaps): number[] {
  return t.extrapolate.map((e, j) => {
    if (e) return -1;
    let best = 0;
    for (let q = 1; q < t.k; q++) if (t.w[j * t.k + q] > t.w[j * t.k + best]) best = q;
    return t.idx[j * t.k + best];
  });
}
