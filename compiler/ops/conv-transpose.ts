// ConvTranspose (1-D, 2-D and 3-D, NCHW, float32): groups, strides, pads, dilations, output_padding/output_shape, auto_pad, fused activation.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { as3d, kernelShapeOf, transposeWindow, windowArgs } from './conv-geometry.js';
import { activationArgs } from './activation.js';

function geometry(c: OpCtx) {
  const x = c.shape(0), w = c.shape(1);
  if (x.length < 3 || x.length > 5) c.fail('AOTC0011', `ConvTranspose on rank-${x.length} input is not supported (1-D, 2-D and 3-D are)`);
  if (w.length !== x.length) c.fail('AOTC0013', `weight rank ${w.length} does not match input rank ${x.length}`);
  const group = c.int('group', 1);
  const [n, ch] = x;
  if (group < 1 || ch % group !== 0 || w[0] !== ch) c.fail('AOTC0013', `channels do not match: input ${ch}, weight [${w}], group ${group}`);
  const m = w[1] * group;
  const kernel = kernelShapeOf(c, w);
  const win = transposeWindow(c, x.slice(2), kernel);
  return { n, ch, m, group, win };
}

export const convTranspose: OpDef = {
  op: 'ConvTranspose',
  infer(c) {
    c.requireDType(0, ['float32']);
    c.requireDType(1, ['float32']);
    const { n, m, win } = geometry(c);
    if (c.hasInput(2) && numel(c.shape(2)) !== m) c.fail('AOTC0013', `bias has ${numel(c.shape(2))} elements, expected ${m}`);
    return [{ dtype: 'float32', shape: [n, m, ...win.outSize] }];
  },
  macs(c) {
    // Every input element meets every tap of its group's output channels.
    return numel(c.shape(0)) * numel(c.shape(1).slice(1));
  },
  lower(c) {
    const { n, ch, m, group, win } = geometry(c);
    return [{
      kernel: 'convtranspose3d_ncdhw_f32',
      args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), A.int(n), A.int(ch), A.int(m), A.int(group),
        ...windowArgs(as3d(win)), ...activationArgs(c)],
    }];
  },
};
