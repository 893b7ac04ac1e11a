// Conv (1-D, 2-D and 3-D, NCHW, float32): groups, depthwise, strides, pads incl. auto_pad, dilations, fused activation.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { as2d, as3d, forwardWindow, kernelShapeOf, windowArgs } from './conv-geometry.js';
import { activationArgs } from './activation.js';

function geometry(c: OpCtx) {
  const x = c.shape(0), w = c.shape(1);
  if (x.length < 3 || x.length > 5) c.fail('AOTC0011', `Conv on rank-${x.length} input is not supported (1-D, 2-D and 3-D convolutions are)`);
  if (w.length !== x.length) c.fail('AOTC0013', `weight rank ${w.length} does not match input rank ${x.length}`);
  const group = c.int('group', 1);
  const [n, ch] = x, m = w[0];
  if (group < 1 || ch % group !== 0 || m % group !== 0 || w[1] !== ch / group) {
    c.fail('AOTC0013', `channels do not match: input ${ch}, weight [${w}], group ${group}`);
  }
  const kernel = kernelShapeOf(c, w);
  const win = forwardWindow(c, x.slice(2), kernel);
  return { n, ch, m, group, win };
}

export const conv: OpDef = {
  op: 'Conv',
  infer(c) {
    c.requireDType(0, ['float32']);
    c.requireDType(1, ['float32']);
    const { n, m, win } = geometry(c);
    if (c.hasInput(2) && numel(c.shape(2)) !== m) c.fail('AOTC0013', `bias has ${numel(c.shape(2))} elements, expected ${m}`);
    return [{ dtype: 'float32', shape: [n, m, ...win.outSize] }];
  },
  macs(c) {
    const out = c.output(0).shape;
    return numel(out) * numel(c.shape(1).slice(1));
  },
  lower(c) {
    const { n, ch, m, group, win } = geometry(c);
    const bias = c.hasInput(2) ? A.in(2) : A.null();
    if (win.inSize.length === 3) {
      return [{
        kernel: 'conv3d_ncdhw_f32',
        args: [A.in(0), A.in(1), bias, A.out(0), A.int(n), A.int(ch), A.int(m), A.int(group),
          ...windowArgs(as3d(win)), ...activationArgs(c)],
      }];
    }
    const g2 = as2d(win);
    return [{
      kernel: 'conv2d_nchw_f32',
      args: [
        A.in(0), A.in(1), bias, A.out(0),
        A.int(n), A.int(ch), A.int(g2.ih), A.int(g2.iw), A.int(m), A.int(g2.oh), A.int(g2.ow),
        A.int(g2.kh), A.int(g2.kw), A.int(group), A.int(g2.sh), A.int(g2.sw), A.int(g2.dh), A.int(g2.dw),
        A.int(g2.pt), A.int(g2.pl), ...activationArgs(c),
      ],
    }];
  },
};
