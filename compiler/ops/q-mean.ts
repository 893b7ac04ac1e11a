// QMean: TFLite quantized MEAN (int8, int16) over constant axes: int32 sums, the element count folded into the multiplier.

import { allocArray, getElem, setElem } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import { multiplyByQuantizedMultiplier as mbqm } from '../quant/multiplier.js';
import { contiguousStrides, forEachBroadcast } from './broadcast.js';
import type { OpCtx, OpDef } from './op-def.js';
import { anyMultiplier, inQ, outQ, qKind, qRange, quantOut } from './q-common.js';
import { reduceRuns, reducedShape, type Run } from './reduce-geometry.js';

const MAX_RUNS = 8; // AOTC_MAX_RANK

/** The reduced axes: attr `axes` (default: all), normalised and deduplicated like TFLite's ResolveAxis. */
function meanAxes(c: OpCtx): number[] {
  const rank = c.shape(0).length;
  const raw = c.ints('axes', [...Array(rank).keys()]);
  return [...new Set(raw.map((a) => c.axis(a, rank, 'reduction axis')))].sort((a, b) => a - b);
}

/** TFLM QuantizedMeanOrSum: QuantizeMultiplier(in/out scale), then 1/count merged in (shift by floor(log2 count)). */
function meanParams(c: OpCtx, count: number): { inZp: number; mult: number; shift: number; outZp: number } {
  const x = inQ(c, 0), y = outQ(c);
  const m = anyMultiplier(c, x.scale / y.scale, 'output');
  if (count === 0) return { inZp: 0, mult: 0, shift: 0, outZp: 0 }; // TFLM writes zeros
  const s = Math.min(count.toString(2).length - 1, 32, 31 + m.shift);
  if (s < 0) c.fail('AOTC0011', `input/output scale ratio ${x.scale / y.scale} is too small for TFLite's MEAN`);
  const mult = Number((BigInt(m.multiplier) << BigInt(s)) / BigInt(count));
  return { inZp: x.zeroPoint, mult, shift: m.shift - s, outZp: y.zeroPoint };
}

const runArgs = (r: Run[]) => (r.length === 0 ? [A.int(1), A.ints([1]), A.ints([0])]
  : [A.int(r.length), A.ints(r.map((x) => x.size)), A.ints(r.map((x) => x.stride))]);

export const qMean: OpDef = {
  op: 'QMean',
  infer(c) {
    const t = c.requireDType(0, ['int8', 'int16']);
    const axes = meanAxes(c);
    const shape = reducedShape(c.shape(0), axes, c.int('keepdims', 0) !== 0);
    meanParams(c, numel(axes.map((a) => c.shape(0)[a])));
    return [quantOut(c, t, shape)];
  },
  fold(c, outs) {
    const shape = c.shape(0), axes = meanAxes(c), count = numel(axes.map((a) => shape[a]));
    const p = meanParams(c, count), x = c.constant(0)!, t = outs[0].dtype, [qmin, qmax] = qRange(t);
    // Sum every input element into its output slot: the output seen with stride 0 on the reduced axes.
    const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const outStrides = contiguousStrides(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
    const sums = new Array<number>(numel(outs[0].shape)).fill(0);
    forEachBroadcast(shape, [outStrides], (i, [o]) => { sums[o] = (sums[o] + getElem(x, i)) | 0; });
    const y = allocArray(t, sums.length);
    sums.forEach((s, i) => {
      const shifted = Number(BigInt.asIntN(32, BigInt(s) - BigInt(p.inZp) * BigInt(count)));
      setElem(y, t, i, Math.min(qmax, Math.max(qmin, mbqm(shifted, p.mult, p.shift) + p.outZp)));
    });
    return [y];
  },
  lower(c): KernelCall[] {
    const shape = c.shape(0), axes = meanAxes(c), count = numel(axes.map((a) => shape[a]));
    const p = meanParams(c, count);
    const runs = reduceRuns(shape, axes);
    if (runs.kept.length > MAX_RUNS || runs.reduced.length > MAX_RUNS) c.fail('AOTC0011', `rank ${shape.length} is too large`);
    return [{
      kernel: 'qmean',
      args: [A.in(0), A.out(0), A.int(qKind(c.dtype(0))), ...runArgs(runs.kept), ...runArgs(runs.reduced), A.int(count),
        A.int(p.inZp), A.int(p.mult), A.int(p.shift), A.int(p.outZp)],
    }];
  },
};
