// Dequantize: TFLite DEQUANTIZE, int8/int16/uint8 → float32 as (float)(scale · (q - zero point)) in double; float16 → float32
// (after the widen-float16 pass a float16 input arrives as float32: then it is a copy).

import { allocArray, getElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpDef } from './op-def.js';
import { inQ, qKind } from './q-common.js';

const F16_KIND = 3; // see qdequantize__ref.c

export const dequantize: OpDef = {
  op: 'Dequantize',
  infer(c) {
    const t = c.requireDType(0, ['int8', 'int16', 'uint8', 'float16', 'float32']);
    if (t !== 'float16' && t !== 'float32') inQ(c, 0);
    return [{ dtype: 'float32', shape: [...c.shape(0)] }];
  },
  fold(c, outs) {
    const x = c.constant(0)!;
    const y = allocArray(outs[0].dtype, x.length) as Float32Array;
    if (c.dtype(0) === 'float16' || c.dtype(0) === 'float32') {
      for (let i = 0; i < x.length; i++) y[i] = getElem(x, i); // float16 constants are held as float32 values
    } else {
      const { scale, zeroPoint } = inQ(c, 0);
      for (let i = 0; i < x.length; i++) y[i] = scale * (getElem(x, i) - zeroPoint); // exact in double; one rounding to float
    }
    return [y];
  },
  lower(c): KernelCall[] {
    const n = numel(c.shape(0));
    if (c.dtype(0) === 'float32') return [{ kernel: 'copy', args: [A.in(0), A.out(0), A.int(4 * n)] }];
    if (c.dtype(0) === 'float16') return [{ kernel: 'qdequantize', args: [A.in(0), A.out(0), A.int(F16_KIND), A.int(n), A.double(0), A.int(0)] }];
    const { scale, zeroPoint } = inQ(c, 0);
    return [{ kernel: 'qdequantize', args: [A.in(0), A.out(0), A.int(qKind(c.dtype(0))), A.int(n), A.double(scale), A.int(zeroPoint)] }];
  },
};
