// MaxPool (1-D/2-D/3-D; float32, float64, int8, uint8): pads, auto_pad, ceil_mode, dilations, optional int64 Indices (storage_order).

import { numel } from '../ir/graph.js';
import { dtypeShort } from '../ir/dtype.js';
import { A } from '../kernels/call.js';
import type { OpDef } from './op-def.js';
import { windowArgs } from './conv-geometry.js';
import { poolGeometry } from './pool-window.js';

export const maxPool: OpDef = {
  op: 'MaxPool',
  infer(c) {
    c.requireDType(0, ['float32', 'float64', 'int8', 'uint8']);
    const { out } = poolGeometry(c);
    const order = c.int('storage_order', 0);
    if (order !== 0 && order !== 1) c.fail('AOTC0011', `storage_order ${order} is not supported (0 row-major or 1 column-major)`);
    return [out, { dtype: 'int64', shape: out.shape }];
  },
  macs(c) { return numel(c.output(0).shape) * numel(c.ints('kernel_shape')); },
  lower(c) {
    const { n, ch, win, w3 } = poolGeometry(c);
    // Index strides of the original spatial dims (row-major, or column-major for storage_order 1), padded to 3-D.
    const dims = win.inSize, r = dims.length;
    const strides = new Array<number>(r);
    let acc = 1;
    if (c.int('storage_order', 0) === 1) for (let i = 0; i < r; i++) { strides[i] = acc; acc *= dims[i]; }
    else for (let i = r - 1; i >= 0; i--) { strides[i] = acc; acc *= dims[i]; }
    const istr = [...new Array(3 - r).fill(0), ...strides];
    const withIndices = c.node.outputs.length > 1;
    return [{
      kernel: `maxpool_${dtypeShort(c.dtype(0))}`,
      args: [A.in(0), A.out(0), withIndices ? A.out(1) : A.null(), A.int(n * ch), ...windowArgs(w3), A.ints(istr)],
    }];
  },
};
