// ReverseSequence: reverses the first sequence_lens[b] steps along the time axis for each batch entry.
// Lengths are clamped to [0, time steps] at run time (ONNX leaves larger values undefined).

import { allocArray, dtypeBytes, getElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import { contiguousStrides } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { copyElem, INDEX_DTYPES } from './strided-view.js';

function geometry(c: OpCtx) {
  const s = c.shape(0);
  if (s.length < 2) c.fail('AOTC0013', `ReverseSequence needs rank >= 2, got [${s}]`);
  const ta = c.int('time_axis', 0), ba = c.int('batch_axis', 1);
  if (!((ta === 0 && ba === 1) || (ta === 1 && ba === 0))) c.fail('AOTC0013', `time_axis ${ta} and batch_axis ${ba} must be 0 and 1`);
  c.requireDType(1, INDEX_DTYPES);
  if (numel(c.shape(1)) !== s[ba]) c.fail('AOTC0021', `sequence_lens has ${numel(c.shape(1))} entries for batch size ${s[ba]}`);
  const st = contiguousStrides(s);
  return { steps: s[ta], batch: s[ba], tstride: st[ta], bstride: st[ba], inner: numel(s.slice(2)) };
}

export const reverseSequence: OpDef = {
  op: 'ReverseSequence',
  infer: (c) => { geometry(c); return [{ dtype: c.dtype(0), shape: [...c.shape(0)], quant: c.input(0).quant }]; },
  fold(c, outs) {
    const g = geometry(c);
    const x = c.constant(0)!, lens = c.constant(1)!;
    const y = allocArray(outs[0].dtype, x.length);
    for (let b = 0; b < g.batch; b++) {
      const len = Math.max(0, Math.min(g.steps, getElem(lens, b)));
      for (let t = 0; t < g.steps; t++) {
        const src = t < len ? len - 1 - t : t;
        for (let e = 0; e < g.inner; e++) copyElem(y, t * g.tstride + b * g.bstride + e, x, src * g.tstride + b * g.bstride + e);
      }
    }
    return [y];
  },
  lower(c) {
    const g = geometry(c);
    if (numel(c.shape(0)) === 0) return [];
    const elem = dtypeBytes(c.dtype(0));
    return [{
      kernel: 'reverse_sequence',
      args: [A.in(0), A.in(1), A.out(0), A.int(g.steps), A.int(g.batch), A.int(g.tstride * elem), A.int(g.bstride * elem),
        A.int(g.inner * elem), A.int(c.dtype(1) === 'int64' ? 1 : 0)],
    }];
  },
};
