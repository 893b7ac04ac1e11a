// Reduce* ops (Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare) as table rows over one kernel template.

import { allocArray, dtypeBytes, dtypeC, dtypeShort, getElem, isFloat, isSigned, setElem, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { reduceAxes, reducedShape, reduceRuns, type Run } from './reduce-geometry.js';

const FLOATS: DType[] = ['float32', 'float64'];
const NUMERIC: DType[] = [...FLOATS, 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];

/** C spellings for one instance: T (element), ACC (accumulator), F(f) → f / ff for float32. */
interface Types { t: DType; T: string; ACC: string }

interface ReduceRow {
  op: string;
  /** Kernel-name part, e.g. 'sum_square'. */
  kind: string;
  dtypes: DType[];
  /** Accumulate integers in 64 bits (sums, products); otherwise ACC is T. */
  wide: boolean;
  /** Subtract the maximum first (log-sum-exp): the kernel's SHIFT pass computes `m`. */
  shift?: boolean;
  /** C expressions over acc, x, n, m (see runtime-c/kernels/reduce/reduce__ref.h). */
  init: (y: Types) => string;
  step: (y: Types) => string;
  final: (y: Types) => string;
  /** Host reference for folding, over the reduced values (possibly none). */
  js: (xs: number[]) => number;
}

const LIMITS: Partial<Record<DType, [string, string]>> = {
  int8: ['INT8_MIN', 'INT8_MAX'], int16: ['INT16_MIN', 'INT16_MAX'], int32: ['INT32_MIN', 'INT32_MAX'],
  int64: ['INT64_MIN', 'INT64_MAX'], uint8: ['0', 'UINT8_MAX'], uint16: ['0', 'UINT16_MAX'],
  uint32: ['0', 'UINT32_MAX'], uint64: ['0', 'UINT64_MAX'],
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fl = (y: Types) => isFloat(y.t);

export const REDUCE_ROWS: ReduceRow[] = [
  {
    op: 'ReduceSum', kind: 'sum', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})0`, step: (y) => `acc + (${y.ACC})x`, final: () => 'acc', js: sum,
  },
  {
    op: 'ReduceMean', kind: 'mean', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})0`, step: (y) => `acc + (${y.ACC})x`,
    final: (y) => (fl(y) ? `acc / (${y.ACC})n` : `(n != 0 ? acc / (${y.ACC})n : (${y.ACC})0)`),
    js: (xs) => sum(xs) / xs.length,
  },
  {
    op: 'ReduceMax', kind: 'max', dtypes: NUMERIC, wide: false,
    init: (y) => (fl(y) ? `-(${y.ACC})INFINITY` : LIMITS[y.t]![0]),
    step: (y) => (fl(y) ? 'x > acc || x != x ? x : acc' : 'x > acc ? x : acc'),
    final: () => 'acc', js: (xs) => xs.reduce((a, b) => (b > a || Number.isNaN(b) ? b : a), -Infinity),
  },
  {
    op: 'ReduceMin', kind: 'min', dtypes: NUMERIC, wide: false,
    init: (y) => (fl(y) ? `(${y.ACC})INFINITY` : LIMITS[y.t]![1]),
    step: (y) => (fl(y) ? 'x < acc || x != x ? x : acc' : 'x < acc ? x : acc'),
    final: () => 'acc', js: (xs) => xs.reduce((a, b) => (b < a || Number.isNaN(b) ? b : a), Infinity),
  },
  {
    op: 'ReduceProd', kind: 'prod', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})1`, step: (y) => `acc * (${y.ACC})x`, final: () => 'acc',
    js: (xs) => xs.reduce((a, b) => a * b, 1),
  },
  {
    op: 'ReduceL1', kind: 'l1', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})0`,
    step: (y) => (fl(y) ? `acc + ${fn(y, 'fabs')}(x)` : isSigned(y.t) ? `acc + (x < 0 ? -(${y.ACC})x : (${y.ACC})x)` : `acc + (${y.ACC})x`),
    final: () => 'acc', js: (xs) => sum(xs.map(Math.abs)),
  },
  {
    op: 'ReduceL2', kind: 'l2', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})0`, step: (y) => `acc + (${y.ACC})x * (${y.ACC})x`,
    final: (y) => (fl(y) ? `${fn(y, 'sqrt')}(acc)` : 'sqrt((double)acc)'),
    js: (xs) => Math.sqrt(sum(xs.map((x) => x * x))),
  },
  {
    op: 'ReduceLogSum', kind: 'log_sum', dtypes: FLOATS, wide: true,
    init: (y) => `(${y.ACC})0`, step: () => 'acc + x', final: (y) => `${fn(y, 'log')}(acc)`,
    js: (xs) => Math.log(sum(xs)),
  },
  {
    op: 'ReduceLogSumExp', kind: 'log_sum_exp', dtypes: FLOATS, wide: true, shift: true,
    init: (y) => `(${y.ACC})0`, step: (y) => `acc + ${fn(y, 'exp')}(x - m)`, final: (y) => `${fn(y, 'log')}(acc) + m`,
    js: (xs) => {
      const m0 = xs.reduce((a, b) => Math.max(a, b), -Infinity);
      const m = Number.isFinite(m0) ? m0 : 0;
      return Math.log(sum(xs.map((x) => Math.exp(x - m)))) + m;
    },
  },
  {
    op: 'ReduceSumSquare', kind: 'sum_square', dtypes: NUMERIC, wide: true,
    init: (y) => `(${y.ACC})0`, step: (y) => `acc + (${y.ACC})x * (${y.ACC})x`, final: () => 'acc',
    js: (xs) => sum(xs.map((x) => x * x)),
  },
];

/** Math function name for the element type: `expf` for float32, `exp` for float64. */
const fn = (y: Types, f: string) => (y.t === 'float32' ? `${f}f` : f);

function types(row: ReduceRow, t: DType): Types {
  const acc: DType = isFloat(t) || !row.wide ? t : isSigned(t) ? 'int64' : 'uint64';
  return { t, T: dtypeC(t), ACC: dtypeC(acc) };
}

const MAX_RUNS = 8; // AOTC_MAX_RANK in runtime-c/include/aotc_kernel.h

/** Kernel arrays for runs; an empty list becomes one run of size 1 (the kernel wants rank >= 1). */
const runArgs = (runs: Run[]) => {
  const r = runs.length ? runs : [{ size: 1, stride: 0 }];
  return [A.int(r.length), A.ints(r.map((x) => x.size)), A.ints(r.map((x) => x.stride))];
};

function reduceDef(row: ReduceRow): OpDef {
  return {
    op: row.op,
    infer(c) {
      const t = c.requireDType(0, row.dtypes);
      const axes = reduceAxes(c);
      return [{ dtype: t, shape: reducedShape(c.shape(0), axes, c.int('keepdims', 1) !== 0) }];
    },
    fold(c, outs) {
      const x = c.constant(0)!, shape = c.shape(0);
      const { kept, reduced } = reduceRuns(shape, reduceAxes(c));
      const out = allocArray(outs[0].dtype, numel(outs[0].shape));
      const nout = numel(kept.map((r) => r.size)), count = numel(reduced.map((r) => r.size));
      for (let o = 0; o < nout; o++) {
        const base = offsetOf(o, kept);
        const vals: number[] = [];
        for (let k = 0; k < count; k++) vals.push(getElem(x, base + offsetOf(k, reduced)));
        setElem(out, outs[0].dtype, o, foldValue(row.js(vals), outs[0].dtype));
      }
      return [out];
    },
    macs: (c) => numel(c.shape(0)),
    lower(c): KernelCall[] {
      const t = c.dtype(0), y = types(row, t);
      const runs = reduceRuns(c.shape(0), reduceAxes(c));
      const init = row.init(y), step = row.step(y), final = row.final(y);
      if (runs.ori && !row.shift && runs.ori.inner > 1) {
        const { outer, r, inner } = runs.ori;
        const accBytes = y.ACC === y.T ? dtypeBytes(t) : 8;
        return [{
          kernel: 'reduce_ori',
          instance: { macro: 'AOTC_REDUCE_ORI', name: `aotc_reduce_ori_${row.kind}_${dtypeShort(t)}__ref`, params: [y.T, y.ACC, init, step, final] },
          args: [A.in(0), A.out(0), A.scratch(inner * accBytes), A.int(outer), A.int(r), A.int(inner)],
        }];
      }
      if (runs.kept.length > MAX_RUNS || runs.reduced.length > MAX_RUNS) {
        c.fail('AOTC0011', `the reduction alternates kept and reduced axes more than ${MAX_RUNS} times`);
      }
      const shiftFix = row.shift ? `m - m == 0 ? m : (${y.ACC})0` : '0';
      return [{
        kernel: 'reduce',
        instance: {
          macro: 'AOTC_REDUCE', name: `aotc_reduce_${row.kind}_${dtypeShort(t)}__ref`,
          params: [y.T, y.ACC, row.shift ? '1' : '0', shiftFix, init, step, final],
        },
        args: [A.in(0), A.out(0), A.int(numel(runs.kept.map((r) => r.size))), ...runArgs(runs.kept), ...runArgs(runs.reduced)],
      }];
    },
  };
}

/** An infinite result (max/min of nothing) stored as an integer becomes the type's limit, like the C INIT. */
function foldValue(v: number, t: DType): number | bigint {
  if (isFloat(t) || Number.isFinite(v) || Number.isNaN(v)) return v;
  const bits = BigInt(dtypeBytes(t) * 8);
  if (isSigned(t)) return v > 0 ? 2n ** (bits - 1n) - 1n : -(2n ** (bits - 1n));
  return v > 0 ? 2n ** bits - 1n : 0n;
}

/** Element offset of the k-th (row-major) position over runs. */
function offsetOf(k: number, runs: Run[]): number {
  let off = 0;
  for (let d = runs.length - 1; d >= 0; d--) {
    off += (k % runs[d].size) * runs[d].stride;
    k = Math.floor(k / runs[d].size);
  }
  return off;
}

export const REDUCE_OPS_TABLE: OpDef[] = REDUCE_ROWS.map(reduceDef);
