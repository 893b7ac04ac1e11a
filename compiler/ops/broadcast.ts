// Numpy broadcasting: output shape, per-operand strides, and dimension collapsing for kernels.

export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = new Array(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i];
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else return null;
    }
  }
  return out;
}

/** Element strides of `shape` read as broadcast to `out` (0 on broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const rank = out.length;
  const strides = new Array(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = rank - shape.length + i;
    strides[o] = shape[i] === 1 && out[o] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Merge adjacent dimensions where every operand is contiguous across them (or broadcast across both),
 * dropping size-1 dimensions, so kernels loop over the fewest dimensions. Always returns rank >= 1.
 */
export function collapseDims(out: readonly number[], strides: readonly (readonly number[])[]):
  { shape: number[]; strides: number[][] } {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < out.length; d++) {
    if (out[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k][last] === s[d] * out[d])) {
      dims[last] *= out[d];
      strides.forEach((s, k) => { st[k][last] = s[d]; });
    } else {
      dims.push(out[d]);
      strides.forEach((s, k) => st[k].push(s[d]));
    }
  }
  if (dims.length === 0) return { shape: [1], strides: strides.map(() => [1]) };
  return { shape: dims, strides: st };
}

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** Visit every output index of `out`, giving the flat offsets into each operand (host-side folding). */
export function forEachBroadcast(out: readonly number[], strides: readonly (readonly number[])[],
  fn: (flat: number, offsets: number[]) => void): void {
  const total = out.reduce((a, b) => a * b, 1);
  const idx = new Array(out.length).fill(0);
  const offs = strides.map(() => 0);
  for (let flat = 0; flat < total; flat++) {
    fn(flat, offs);
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d]++;
      for (let k = 0; k < offs.length; k++) offs[k] += strides[k][d];
      if (idx[d] < out[d]) break;
      for (let k = 0; k < offs.length; k++) offs[k] -= strides[k][d] * out[d];
      idx[d] = 0;
    }
  }
}
