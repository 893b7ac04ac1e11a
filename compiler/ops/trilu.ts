// Trilu: keeps the upper (j - i >= k) or lower (j - i <= k) triangle of the last two dims, zeroing the rest.

import { allocArray, dtypeBytes } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { clampI32, copyElem } from './strided-view.js';

function geometry(c: OpCtx) {
  const s = c.shape(0);
  if (s.length < 2) c.fail('AOTC0013', `Trilu needs rank >= 2, got [${s}]`);
  const rows = s[s.length - 2], cols = s[s.length - 1];
  const kv = c.hasInput(1) ? c.constInts(1, 'k') : [0];
  if (kv.length !== 1) c.fail('AOTC0013', `k must be a scalar, got ${kv.length} values`);
  // |k| beyond rows + cols behaves like rows + cols; keeps the kernel argument inside int32.
  const k = Math.max(-(rows + cols), Math.min(rows + cols, kv[0]));
  return { batch: numel(s.slice(0, -2)), rows, cols, k: clampI32(k), upper: c.int('upper', 1) !== 0 };
}

export const trilu: OpDef = {
  op: 'Trilu',
  infer: (c) => { geometry(c); return [{ dtype: c.dtype(0), shape: [...c.shape(0)], quant: c.input(0).quant }]; },
  fold(c, outs) {
    const g = geometry(c);
    const x = c.constant(0)!;
    const y = allocArray(outs[0].dtype, x.length);
    for (let b = 0; b < g.batch; b++) {
      for (let i = 0; i < g.rows; i++) {
        for (let j = 0; j < g.cols; j++) {
          const keep = g.upper ? j - i >= g.k : j - i <= g.k;
          const f = (b * g.rows + i) * g.cols + j;
          if (keep) copyElem(y, f, x, f); // zeros stay from allocation
        }
      }
    }
    return [y];
  },
  lower(c) {
    const g = geometry(c);
    if (numel(c.shape(0)) === 0) return [];
    return [{
      kernel: 'trilu',
      args: [A.in(0), A.out(0), A.int(dtypeBytes(c.dtype(0))), A.int(g.batch), A.int(g.rows), A.int(g.cols),
        A.int(g.k), A.int(g.upper ? 1 : 0)],
    }];
  },
};
