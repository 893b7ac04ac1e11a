// Softmax, LogSoftmax, Hardmax along `axis` (default -1), and the opset<13 2-D-coerced form (legacy_2d=1).

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';

/**
 * The (outer, n, inner) view the kernels loop over. Newest semantics: n is the `axis` dim. Legacy (set by the
 * ONNX upgrade for opset < 13): the input is read as 2-D [prod(dims < axis), prod(dims >= axis)].
 */
export function softmaxView(c: OpCtx): { outer: number; n: number; inner: number } {
  const s = c.shape(0);
  const legacy = c.int('legacy_2d', 0) !== 0;
  if (s.length === 0) return { outer: 1, n: 1, inner: 1 };
  const axis = c.axis(c.int('axis', legacy ? 1 : -1), s.length);
  if (legacy) return { outer: numel(s.slice(0, axis)), n: numel(s.slice(axis)), inner: 1 };
  return { outer: numel(s.slice(0, axis)), n: s[axis], inner: numel(s.slice(axis + 1)) };
}

function softmaxLike(op: string, kernel: string): OpDef {
  return {
    op,
    inplace: [[0, 0]],
    infer(c) {
      c.requireDType(0, ['float32']);
      softmaxView(c);
      return [{ dtype: 'float32', shape: [...c.shape(0)] }];
    },
    lower(c) {
      const v = softmaxView(c);
      return [{ kernel, args: [A.in(0), A.out(0), A.int(v.outer), A.int(v.n), A.int(v.inner)] }];
    },
  };
}

export const SOFTMAX_OPS: OpDef[] = [
  softmaxLike('Softmax', 'softmax_f32'),
  softmaxLike('LogSoftmax', 'log_softmax_f32'),
  softmaxLike('Hardmax', 'hardmax_f32'),
];
