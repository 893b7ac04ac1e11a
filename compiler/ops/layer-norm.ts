// LayerNormalization over dims >= axis (default -1), optional bias, optional Mean and InvStdDev outputs.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';

function view(c: OpCtx): { axis: number; outer: number; inner: number; scaleStep: number; biasStep: number } {
  const s = c.shape(0);
  if (s.length === 0) c.fail('AOTC0013', 'LayerNormalization input must have rank >= 1');
  const axis = c.axis(c.int('axis', -1), s.length);
  const outer = numel(s.slice(0, axis)), inner = numel(s.slice(axis));
  if (c.int('stash_type', 1) !== 1) c.fail('AOTC0011', `stash_type ${c.int('stash_type')} is not supported (only 1, float32)`);
  const step = (i: number): number => {
    c.requireDType(i, ['float32']);
    const k = numel(c.shape(i));
    if (k === inner) return 1;
    if (k === 1) return 0;
    return c.fail('AOTC0011', `input ${i} of shape [${c.shape(i)}] broadcast to the normalised shape [${s.slice(axis)}] is not supported`,
      'give scale and bias the full normalised shape (or a single element)');
  };
  return { axis, outer, inner, scaleStep: step(1), biasStep: c.hasInput(2) ? step(2) : 0 };
}

export const layerNormalization: OpDef = {
  op: 'LayerNormalization',
  inplace: [[0, 0]],
  infer(c) {
    c.requireDType(0, ['float32']);
    const { axis } = view(c);
    const s = c.shape(0);
    const stat = s.map((d, i) => (i < axis ? d : 1));
    const outs: OutType[] = [{ dtype: 'float32', shape: [...s] }, { dtype: 'float32', shape: stat }, { dtype: 'float32', shape: [...stat] }];
    return outs.slice(0, Math.max(1, c.node.outputs.length));
  },
  lower(c) {
    const v = view(c);
    const out = (k: number) => (k < c.node.outputs.length ? A.out(k) : A.null());
    return [{
      kernel: 'layernorm_f32',
      args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), out(1), out(2),
        A.int(v.outer), A.int(v.inner), A.int(v.scaleStep), A.int(v.biasStep), A.float(c.float('epsilon', 1e-5))],
    }];
  },
};
