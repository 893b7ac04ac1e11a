// InstanceNormalization: per (sample, channel) normalisation over the spatial dims, then scale and bias per channel.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';

function dims(c: OpCtx): { n: number; ch: number; inner: number } {
  const s = c.shape(0);
  if (s.length < 2) c.fail('AOTC0013', `InstanceNormalization input must have rank >= 2, got [${s}]`);
  for (const i of [1, 2]) {
    c.requireDType(i, ['float32']);
    if (numel(c.shape(i)) !== s[1]) c.fail('AOTC0013', `input ${i} has ${numel(c.shape(i))} elements, expected ${s[1]} (channels)`);
  }
  return { n: s[0], ch: s[1], inner: numel(s.slice(2)) };
}

export const instanceNormalization: OpDef = {
  op: 'InstanceNormalization',
  inplace: [[0, 0]],
  infer(c) {
    c.requireDType(0, ['float32']);
    dims(c);
    return [{ dtype: 'float32', shape: [...c.shape(0)] }];
  },
  lower(c) {
    const { n, ch, inner } = dims(c);
    return [{
      kernel: 'instancenorm_f32',
      args: [A.in(0), A.in(1), A.in(2), A.out(0), A.int(n), A.int(ch), A.int(inner), A.float(c.float('epsilon', 1e-5))],
    }];
  },
};
