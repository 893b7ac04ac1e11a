// Quantize: TFLite QUANTIZE, float32 → int8/int16/uint8 (round half away from zero) or a requantization between those.

import { allocArray, getElem, setElem, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { multiplyByQuantizedMultiplier as mbqm, roundHalfAway } from '../quant/multiplier.js';
import type { OpCtx, OpDef } from './op-def.js';
import { anyMultiplier, declaredOutDType, inQ, outQ, qKind, qRange, quantOut } from './q-common.js';

const QTYPES: DType[] = ['int8', 'int16', 'uint8'];

/** float → integer as the kernel does it: round(x / scale) in float32, saturated to int32 (NaN → 0), + zero point, clamped. */
export function quantizeF32(x: number, scale: number, zp: number, [lo, hi]: [number, number]): number {
  const r = roundHalfAway(Math.fround(Math.fround(x) / scale));
  const q = Number.isNaN(r) ? 0 : Math.min(2 ** 31 - 1, Math.max(-(2 ** 31), r));
  return Math.min(hi, Math.max(lo, q + zp));
}

/** Requantization multiplier (TFLM PrepareQuantizeReference: the scale ratio in double). */
function requantParams(c: OpCtx): { inZp: number; mult: number; shift: number; outZp: number } {
  const x = inQ(c, 0), y = outQ(c);
  const m = anyMultiplier(c, x.scale / y.scale, 'requantization');
  return { inZp: x.zeroPoint, mult: m.multiplier, shift: m.shift, outZp: y.zeroPoint };
}

export const quantize: OpDef = {
  op: 'Quantize',
  inplace: [[0, 0]],
  infer(c) {
    const tin = c.requireDType(0, ['float32', ...QTYPES]);
    const t = declaredOutDType(c, QTYPES);
    if (tin !== 'float32') requantParams(c);
    return [quantOut(c, t, [...c.shape(0)])];
  },
  fold(c, outs) {
    const x = c.constant(0)!, t = outs[0].dtype, range = qRange(t);
    const y = allocArray(t, x.length);
    if (c.dtype(0) === 'float32') {
      const q = outQ(c);
      for (let i = 0; i < x.length; i++) setElem(y, t, i, quantizeF32(getElem(x, i), q.scale, q.zeroPoint, range));
    } else {
      const p = requantParams(c);
      for (let i = 0; i < x.length; i++) {
        setElem(y, t, i, Math.min(range[1], Math.max(range[0], mbqm(getElem(x, i) - p.inZp, p.mult, p.shift) + p.outZp)));
      }
    }
    return [y];
  },
  lower(c): KernelCall[] {
    const n = numel(c.shape(0)), kind = qKind(c.output(0).dtype);
    if (c.dtype(0) === 'float32') {
      const q = outQ(c);
      return [{ kernel: 'quantize_f32', args: [A.in(0), A.out(0), A.int(kind), A.int(n), A.float(q.scale), A.int(q.zeroPoint)] }];
    }
    const p = requantParams(c);
    return [{
      kernel: 'qrequantize',
      args: [A.in(0), A.out(0), A.int(qKind(c.dtype(0))), A.int(kind), A.int(n), A.int(p.inZp), A.int(p.mult), A.int(p.shift), A.int(p.outZp)],
    }];
  },
};
