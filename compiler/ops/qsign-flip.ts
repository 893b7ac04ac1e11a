// QSignFlip: uint8 ↔ int8 with the zero point moved by 128 — the same real values (q - 128 with zero point zp - 128).

import { allocArray, getElem, setElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpDef } from './op-def.js';

export const qSignFlip: OpDef = {
  op: 'QSignFlip',
  inplace: [[0, 0]],
  infer(c) {
    const t = c.requireDType(0, ['uint8', 'int8']);
    const q = c.input(0).quant;
    const shift = t === 'uint8' ? -128 : 128;
    return [{
      dtype: t === 'uint8' ? 'int8' : 'uint8',
      shape: [...c.shape(0)],
      ...(q ? { quant: { ...q, zeroPoint: q.zeroPoint.map((z) => z + shift) } } : {}),
    }];
  },
  fold(c, outs) {
    const x = c.constant(0)!, t = outs[0].dtype, shift = t === 'int8' ? -128 : 128;
    const y = allocArray(t, x.length);
    for (let i = 0; i < x.length; i++) setElem(y, t, i, getElem(x, i) + shift);
    return [y];
  },
  lower: (c) => [{ kernel: 'qsign_flip', args: [A.in(0), A.out(0), A.int(numel(c.shape(0)))] }],
};
