// Window resolution shared by MaxPool, AveragePool and LpPool: kernel_shape, strides, pads, auto_pad, ceil_mode, dilations.

import type { OutType, OpCtx } from './op-def.js';
import { as3d, forwardWindow, type Window, type Window3 } from './conv-geometry.js';

export interface PoolGeometry { n: number; ch: number; win: Window; w3: Window3; out: OutType }

/** Resolve the pooling window of input 0 (rank 3..5: 1-D, 2-D or 3-D spatial); output keeps input 0's dtype. */
export function poolGeometry(c: OpCtx): PoolGeometry {
  const x = c.shape(0);
  if (x.length < 3 || x.length > 5) {
    c.fail('AOTC0011', `${c.op} on rank-${x.length} input is not supported (1-D, 2-D and 3-D pooling are)`);
  }
  const kernel = c.ints('kernel_shape');
  if (kernel.length !== x.length - 2) c.fail('AOTC0013', `kernel_shape [${kernel}] does not match ${x.length - 2} spatial dimensions`);
  const ceil = c.int('ceil_mode', 0);
  if (ceil !== 0 && ceil !== 1) c.fail('AOTC0011', `ceil_mode ${ceil} is not supported (0 or 1)`);
  const win = forwardWindow(c, x.slice(2), kernel, ceil === 1);
  const [n, ch] = x;
  return { n, ch, win, w3: as3d(win), out: { dtype: c.dtype(0), shape: [n, ch, ...win.outSize] } };
}
