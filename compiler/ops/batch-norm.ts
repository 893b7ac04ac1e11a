// BatchNormalization (inference, per channel = dim 1) when not folded into a Conv/Gemm; fused activation.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';

function check(c: OpCtx): { n: number; ch: number; inner: number } {
  if (c.int('training_mode', 0) !== 0) {
    c.fail('AOTC0011', 'BatchNormalization with training_mode=1 is not supported (batch statistics, running-stat outputs)',
      'export the model in eval/inference mode');
  }
  if (c.has('is_test') && c.int('is_test') === 0) {
    c.fail('AOTC0011', 'BatchNormalization with is_test=0 (training) is not supported', 'export the model in eval/inference mode');
  }
  if (c.int('spatial', 1) !== 1) c.fail('AOTC0011', 'BatchNormalization with spatial=0 is not supported');
  if (c.node.outputs.length > 1) {
    c.fail('AOTC0011', `BatchNormalization with ${c.node.outputs.length} outputs (training statistics) is not supported`);
  }
  const s = c.shape(0);
  if (s.length < 2) c.fail('AOTC0013', `BatchNormalization input must have rank >= 2, got [${s}]`);
  const ch = s[1];
  for (let i = 1; i <= 4; i++) {
    c.requireDType(i, ['float32']);
    if (numel(c.shape(i)) !== ch) c.fail('AOTC0013', `input ${i} has ${numel(c.shape(i))} elements, expected ${ch} (channels)`);
  }
  return { n: s[0], ch, inner: numel(s.slice(2)) };
}

export const batchNormalization: OpDef = {
  op: 'BatchNormalization',
  inplace: [[0, 0]],
  infer(c) {
    c.requireDType(0, ['float32']);
    check(c);
    return [{ dtype: 'float32', shape: [...c.shape(0)] }];
  },
  lower(c) {
    const { n, ch, inner } = check(c);
    return [{
      kernel: 'batchnorm_f32',
      args: [A.in(0), A.in(1), A.in(2), A.in(3), A.in(4), A.out(0), A.int(n), A.int(ch), A.int(inner),
        A.float(c.float('epsilon', 1e-5)), ...activationArgs(c)],
    }];
  },
};
