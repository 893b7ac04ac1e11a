// MeanVarianceNormalization: (x - mean) / (sqrt(variance) + 1e-9) over `axes` (default [0, 2, 3]).

import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { contiguousStrides } from './broadcast.js';

/** Kept and reduced dims with their element strides (size-1 dims dropped). */
function split(c: OpCtx) {
  const s = c.shape(0);
  const axes = c.ints('axes', [0, 2, 3]).map((a) => c.axis(a, s.length, 'axes entry'));
  const st = contiguousStrides(s);
  const keep = { shape: [] as number[], strides: [] as number[] };
  const red = { shape: [] as number[], strides: [] as number[] };
  s.forEach((d, i) => {
    if (d === 1) return;
    const side = axes.includes(i) ? red : keep;
    side.shape.push(d);
    side.strides.push(st[i]);
  });
  return { keep, red };
}

export const meanVarianceNormalization: OpDef = {
  op: 'MeanVarianceNormalization',
  infer(c) {
    c.requireDType(0, ['float32']);
    split(c);
    return [{ dtype: 'float32', shape: [...c.shape(0)] }];
  },
  lower(c) {
    const { keep, red } = split(c);
    return [{
      kernel: 'mvn_f32',
      args: [A.in(0), A.out(0), A.int(keep.shape.length), A.ints(keep.shape), A.ints(keep.strides),
        A.int(red.shape.length), A.ints(red.shape), A.ints(red.strides)],
    }];
  },
};
