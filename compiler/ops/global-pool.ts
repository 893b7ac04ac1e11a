// GlobalAveragePool, GlobalMaxPool and GlobalLpPool (float32, any spatial rank): one value per (batch, channel) plane.

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';

const MODE = { GlobalAveragePool: 0, GlobalMaxPool: 1, GlobalLpPool: 2 } as const;

function infer(c: OpCtx): OutType[] {
  c.requireDType(0, ['float32']);
  const x = c.shape(0);
  if (x.length < 2) c.fail('AOTC0013', `${c.op} needs an input of rank >= 2 (N, C, spatial...), got rank ${x.length}`);
  if (numel(x.slice(2)) === 0) c.fail('AOTC0021', `${c.op} over an empty spatial extent [${x.slice(2)}]`);
  if (c.op === 'GlobalLpPool' && !(c.float('p', 2) > 0)) c.fail('AOTC0011', `p ${c.float('p', 2)} is not supported (must be positive)`);
  return [{ dtype: 'float32', shape: [x[0], x[1], ...x.slice(2).map(() => 1)] }];
}

function globalPool(op: keyof typeof MODE): OpDef {
  return {
    op,
    infer,
    macs: (c) => numel(c.shape(0)),
    lower(c) {
      const x = c.shape(0);
      return [{
        kernel: 'global_pool_f32',
        args: [A.in(0), A.out(0), A.int(x[0] * x[1]), A.int(numel(x.slice(2))), A.int(MODE[op]),
          A.float(op === 'GlobalLpPool' ? c.float('p', 2) : 0)],
      }];
    },
  };
}

export const globalAveragePool = globalPool('GlobalAveragePool');
export const globalMaxPool = globalPool('GlobalMaxPool');
export const globalLpPool = globalPool('GlobalLpPool');
