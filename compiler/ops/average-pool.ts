// AveragePool (count_include_pad, ceil_mode, auto_pad, dilations) and LpPool (p), 1-D/2-D/3-D, float32.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpDef } from './op-def.js';
import { windowArgs } from './conv-geometry.js';
import { poolGeometry } from './pool-window.js';

export const averagePool: OpDef = {
  op: 'AveragePool',
  infer(c) {
    c.requireDType(0, ['float32']);
    const include = c.int('count_include_pad', 0);
    if (include !== 0 && include !== 1) c.fail('AOTC0011', `count_include_pad ${include} is not supported (0 or 1)`);
    return [poolGeometry(c).out];
  },
  macs(c) { return numel(c.output(0).shape) * numel(c.ints('kernel_shape')); },
  lower(c) {
    const { n, ch, w3 } = poolGeometry(c);
    return [{
      kernel: 'avgpool_f32',
      args: [A.in(0), A.out(0), A.int(n * ch), ...windowArgs(w3), A.ints(w3.padEnd), A.int(c.int('count_include_pad', 0))],
    }];
  },
};

export const lpPool: OpDef = {
  op: 'LpPool',
  infer(c) {
    c.requireDType(0, ['float32']);
    const p = c.float('p', 2);
    if (!(p > 0)) c.fail('AOTC0011', `p ${p} is not supported (must be positive)`);
    return [poolGeometry(c).out];
  },
  macs(c) { return numel(c.output(0).shape) * numel(c.ints('kernel_shape')); },
  lower(c) {
    const { n, ch, w3 } = poolGeometry(c);
    return [{ kernel: 'lppool_f32', args: [A.in(0), A.out(0), A.int(n * ch), ...windowArgs(w3), A.float(c.float('p', 2))] }];
  },
};
