// Range: start, limit, delta (compile-time constants) → a folded 1-D sequence.

import { allocArray, setElem } from '../ir/dtype.js';
import type { OpCtx, OpDef } from './op-def.js';

const DTYPES = ['float32', 'float64', 'int16', 'int32', 'int64'] as const;

function params(c: OpCtx): { start: number; delta: number; n: number } {
  c.requireDType(0, DTYPES);
  for (const i of [1, 2]) if (c.dtype(i) !== c.dtype(0)) c.fail('AOTC0013', `start, limit and delta must share a dtype (${c.dtype(0)} vs ${c.dtype(i)})`);
  const [start] = c.constInts(0, 'Range start'), [limit] = c.constInts(1, 'Range limit'), [delta] = c.constInts(2, 'Range delta');
  if (delta === 0) c.fail('AOTC0013', 'Range delta is 0');
  return { start, delta, n: Math.max(Math.ceil((limit - start) / delta), 0) };
}

export const range: OpDef = {
  op: 'Range',
  infer: (c) => [{ dtype: c.dtype(0), shape: [params(c).n] }],
  fold(c, outs) {
    const { start, delta, n } = params(c), t = outs[0].dtype;
    const y = allocArray(t, n);
    for (let i = 0; i < n; i++) setElem(y, t, i, t === 'float32' ? Math.fround(start + i * delta) : start + i * delta);
    return [y];
  },
};
