// LRN: local response normalisation across channels (dim 1) with a window of `size` channels.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpDef } from './op-def.js';

export const lrn: OpDef = {
  op: 'LRN',
  infer(c) {
    c.requireDType(0, ['float32']);
    const s = c.shape(0);
    if (s.length < 2) c.fail('AOTC0013', `LRN input must have rank >= 2, got [${s}]`);
    const size = c.int('size');
    if (!Number.isInteger(size) || size < 1) c.fail('AOTC0011', `LRN size ${size} must be a positive integer`);
    return [{ dtype: 'float32', shape: [...s] }];
  },
  lower(c) {
    const s = c.shape(0);
    const size = c.int('size');
    const before = Math.floor((size - 1) / 2), after = Math.ceil((size - 1) / 2);
    return [{
      kernel: 'lrn_f32',
      args: [A.in(0), A.out(0), A.int(s[0]), A.int(s[1]), A.int(numel(s.slice(2))), A.int(before), A.int(after),
        A.float(c.float('alpha', 1e-4) / size), A.float(c.float('beta', 0.75)), A.float(c.float('bias', 1))],
    }];
  },
};
