// CastLike: Cast to the dtype of a second input (also emitted by the importer for Mean's divisor).

import type { OpDef } from './op-def.js';
import { castCall, castValues } from './structural.js';

export const castLike: OpDef = {
  op: 'CastLike',
  foldInputs: [0],
  inplace: [],
  infer: (c) => [{ dtype: c.dtype(1), shape: [...c.shape(0)] }],
  fold: (c, outs) => [castValues(c.constant(0)!, outs[0].dtype)],
  lower: (c) => [castCall(c)],
};
