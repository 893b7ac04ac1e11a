// QAdd, QSub, QMul: TFLite quantized ADD / SUB / MUL (int8, int16) with numpy broadcasting and a fused clamp range.

import { allocArray, getElem, setElem, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { multiplyByQuantizedMultiplier as mbqm } from '../quant/multiplier.js';
import { broadcastShapes, broadcastStrides, collapseDims, forEachBroadcast } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { actRange, anyMultiplier, inQ, outQ, qKind, quantOut, smallMultiplier } from './q-common.js';

const MAX_RANK = 8; // AOTC_MAX_RANK

type Kind = 'add' | 'sub' | 'mul';

/** Kernel parameter block (layouts documented in qaddsub__ref.c / qmul__ref.c) and the element function for folding. */
function params(c: OpCtx, kind: Kind): { p: number[]; elem: (a: number, b: number) => number } {
  const t = c.dtype(0);
  const a = inQ(c, 0), b = inQ(c, 1), y = outQ(c);
  const [lo, hi] = actRange(c, t);
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  if (kind === 'mul') {
    if (t === 'int16' && (a.zeroPoint !== 0 || b.zeroPoint !== 0 || y.zeroPoint !== 0)) {
      c.fail('AOTC0011', 'int16 MUL needs zero points 0 (TFLite requires symmetric int16 quantization)');
    }
    // TFLM CalculateOpDataMul: the product of the scales in double.
    const m = anyMultiplier(c, a.scale * b.scale / y.scale, 'output');
    const p = [-a.zeroPoint, -b.zeroPoint, y.zeroPoint, m.multiplier, m.shift, lo, hi];
    return { p, elem: (va, vb) => clamp(mbqm((va - a.zeroPoint) * (vb - b.zeroPoint), m.multiplier, m.shift) + y.zeroPoint) };
  }
  const leftShift = t === 'int16' ? 15 : 20;
  // TFLM CalculateOpDataAdd / CalculateOpDataSub: the ratios in double. (The TFLM source of SUB divides in float32
  // first; the pip tflite-micro build the oracle runs computes SUB in double, like ADD: measured, see the tests.)
  const twiceMax = 2 * Math.max(a.scale, b.scale);
  const ra = a.scale / twiceMax, rb = b.scale / twiceMax, ry = twiceMax / (2 ** leftShift * y.scale);
  const ma = smallMultiplier(c, ra, 'input 0'), mb = smallMultiplier(c, rb, 'input 1'), my = smallMultiplier(c, ry, 'output');
  const sub = kind === 'sub' ? 1 : 0;
  const p = [leftShift, -a.zeroPoint, ma.multiplier, ma.shift, -b.zeroPoint, mb.multiplier, mb.shift,
    y.zeroPoint, my.multiplier, my.shift, lo, hi, sub];
  const elem = (va: number, vb: number) => {
    const sa = mbqm((va - a.zeroPoint) * 2 ** leftShift, ma.multiplier, ma.shift);
    const sb = mbqm((vb - b.zeroPoint) * 2 ** leftShift, mb.multiplier, mb.shift);
    return clamp(mbqm(sub ? sa - sb : sa + sb, my.multiplier, my.shift) + y.zeroPoint);
  };
  return { p, elem };
}

function qBinary(op: string, kind: Kind): OpDef {
  const dtypes: DType[] = ['int8', 'int16'];
  return {
    op,
    inplace: [[0, 0], [1, 0]],
    infer(c) {
      const t = c.requireDType(0, dtypes);
      if (c.dtype(1) !== t) c.fail('AOTC0012', `operands have different dtypes (${t} and ${c.dtype(1)})`);
      const shape = broadcastShapes([c.shape(0), c.shape(1)]);
      if (!shape) return c.fail('AOTC0021', `shapes [${c.shape(0)}] and [${c.shape(1)}] do not broadcast`);
      params(c, kind); // validates the quantization now rather than at lowering
      return [quantOut(c, t, shape)];
    },
    fold(c, outs) {
      const { elem } = params(c, kind);
      const x = c.constant(0)!, w = c.constant(1)!, out = outs[0];
      const y = allocArray(out.dtype, numel(out.shape));
      const st = [broadcastStrides(c.shape(0), out.shape), broadcastStrides(c.shape(1), out.shape)];
      forEachBroadcast(out.shape, st, (i, [ia, ib]) => setElem(y, out.dtype, i, elem(getElem(x, ia), getElem(w, ib))));
      return [y];
    },
    lower(c): KernelCall[] {
      const out = c.output(0);
      const st = [broadcastStrides(c.shape(0), out.shape), broadcastStrides(c.shape(1), out.shape)];
      const { shape, strides } = collapseDims(out.shape, st);
      if (shape.length > MAX_RANK) c.fail('AOTC0011', `broadcasting over ${shape.length} irreducible dimensions (at most ${MAX_RANK})`);
      return [{
        kernel: kind === 'mul' ? 'qmul' : 'qadd_sub',
        args: [A.in(0), A.in(1), A.out(0), A.int(qKind(c.dtype(0))), A.int(shape.length), A.ints(shape),
          A.ints(strides[0]), A.ints(strides[1]), A.ints(params(c, kind).p)],
      }];
    },
  };
}

export const qAdd = qBinary('QAdd', 'add');
export const qSub = qBinary('QSub', 'sub');
export const qMul = qBinary('QMul', 'mul');
