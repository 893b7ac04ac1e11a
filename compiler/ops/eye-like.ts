// EyeLike: a 2-D identity-like matrix (ones on diagonal k) shaped like the input; always a compile-time constant.

import { allocArray, setElem } from '../ir/dtype.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { ONNX_DT } from './structural.js';

function outDType(c: OpCtx): OutType['dtype'] {
  if (!c.has('dtype')) return c.dtype(0);
  const t = ONNX_DT[c.int('dtype')];
  if (!t) c.fail('AOTC0012', `EyeLike dtype ${c.int('dtype')} is not supported`);
  return t;
}

export const eyeLike: OpDef = {
  op: 'EyeLike',
  foldInputs: [],
  infer(c) {
    const s = c.shape(0);
    if (s.length !== 2) c.fail('AOTC0013', `EyeLike needs a 2-D input, got rank ${s.length}`);
    return [{ dtype: outDType(c), shape: [...s] }];
  },
  fold(c, outs) {
    const [rows, cols] = outs[0].shape, k = c.int('k', 0);
    const y = allocArray(outs[0].dtype, rows * cols);
    for (let i = 0; i < rows; i++) {
      const j = i + k;
      if (j >= 0 && j < cols) setElem(y, outs[0].dtype, i * cols + j, 1);
    }
    return [y];
  },
};
