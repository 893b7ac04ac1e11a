// MaxUnpool (1-D/2-D/3-D, any element type): scatters X into zeros at the int64 indices I (positions in the default-size output).

import { numel } from '../ir/graph.js';
import { dtypeBytes } from '../ir/dtype.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';

/** Default (inferred) spatial output size from kernel_shape, strides and pads. */
function inferredSize(c: OpCtx): number[] {
  const x = c.shape(0), r = x.length - 2;
  if (r < 1 || r > 3) c.fail('AOTC0011', `MaxUnpool on rank-${x.length} input is not supported (1-D, 2-D and 3-D are)`);
  const kernel = c.ints('kernel_shape');
  const strides = c.ints('strides', new Array(r).fill(1));
  const pads = c.ints('pads', new Array(2 * r).fill(0));
  if (kernel.length !== r || strides.length !== r || pads.length !== 2 * r) {
    c.fail('AOTC0013', `kernel_shape/strides/pads do not match ${r} spatial dimensions`);
  }
  const out = x.slice(2).map((s, i) => (s - 1) * strides[i] + kernel[i] - pads[i] - pads[i + r]);
  if (out.some((d) => d < 1)) c.fail('AOTC0021', `MaxUnpool output size [${out}] is not positive`);
  return out;
}

const pad3 = (v: number[]) => [...new Array(3 - v.length).fill(1), ...v];

export const maxUnpool: OpDef = {
  op: 'MaxUnpool',
  infer(c) {
    const x = c.shape(0);
    c.requireDType(1, ['int64']);
    if (numel(c.shape(1)) !== numel(x)) c.fail('AOTC0013', `indices [${c.shape(1)}] do not match the input [${x}]`);
    const inferred = inferredSize(c);
    if (c.hasInput(2)) {
      const shape = c.constInts(2, 'output_shape');
      if (shape.length !== x.length || shape[0] !== x[0] || shape[1] !== x[1] || shape.some((d) => d < 1)) {
        c.fail('AOTC0013', `output_shape [${shape}] does not fit the input [${x}]`);
      }
      return [{ dtype: c.dtype(0), shape }];
    }
    return [{ dtype: c.dtype(0), shape: [x[0], x[1], ...inferred] }];
  },
  lower(c) {
    const x = c.shape(0), out = c.output(0);
    return [{
      kernel: 'maxunpool',
      args: [A.in(0), A.in(1), A.out(0), A.int(numel(x)), A.int(x[0] * x[1]), A.ints(pad3(inferredSize(c))),
        A.ints(pad3(out.shape.slice(2))), A.int(dtypeBytes(out.dtype))],
    }];
  },
};
