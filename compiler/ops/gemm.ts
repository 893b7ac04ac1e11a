// Gemm: Y = alpha * op(A) @ op(B) + beta * C (transA/transB, optional C broadcast to [M, N]), fused activation.

import { allocArray, dtypeC, dtypeShort, getElem, setElem, type DType, type NumArray } from '../ir/dtype.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { activationArgs } from './activation.js';
import { broadcastShapes, broadcastStrides } from './broadcast.js';

const GEMM_DTYPES: DType[] = ['float32', 'float64', 'int32', 'int64', 'uint32', 'uint64'];

interface GemmPlan {
  m: number; n: number; k: number; transA: boolean; transB: boolean; alpha: number; beta: number;
  /** Strides of C read as [M, N] (0 on broadcast dims); undefined without C. */
  cStrides?: [number, number];
}

function gemmPlan(c: OpCtx): GemmPlan {
  const sa = c.shape(0), sb = c.shape(1);
  if (sa.length !== 2 || sb.length !== 2) c.fail('AOTC0013', `Gemm needs 2-D A and B, got [${sa}] and [${sb}]`);
  const transA = c.int('transA', 0) !== 0, transB = c.int('transB', 0) !== 0;
  const [m, k] = transA ? [sa[1], sa[0]] : sa;
  const [kb, n] = transB ? [sb[1], sb[0]] : sb;
  if (k !== kb) c.fail('AOTC0021', `Gemm inner dimensions differ: op(A) is ${m}x${k}, op(B) is ${kb}x${n}`);
  const plan: GemmPlan = { m, n, k, transA, transB, alpha: c.float('alpha', 1), beta: c.float('beta', 1) };
  if (c.hasInput(2)) {
    const sc = c.shape(2);
    const ok = sc.length <= 2 && broadcastShapes([sc, [m, n]])?.join(',') === `${m},${n}`;
    if (!ok) c.fail('AOTC0021', `Gemm C of shape [${sc}] does not broadcast to [${m}, ${n}]`);
    const st = broadcastStrides(sc, [m, n]);
    plan.cStrides = [st[0], st[1]];
  }
  return plan;
}

export const gemm: OpDef = {
  op: 'Gemm',
  infer(c): OutType[] {
    const t = c.requireDType(0, GEMM_DTYPES);
    for (const i of [1, 2]) {
      if (c.hasInput(i) && c.dtype(i) !== t) c.fail('AOTC0012', `Gemm input ${i} has dtype ${c.dtype(i)}, expected ${t}`);
    }
    const p = gemmPlan(c);
    return [{ dtype: t, shape: [p.m, p.n] }];
  },
  macs(c) {
    const p = gemmPlan(c);
    return p.m * p.n * p.k;
  },
  fold(c, outs): NumArray[] {
    const p = gemmPlan(c), t = outs[0].dtype;
    const a = c.constant(0)!, b = c.constant(1)!, cc = c.constant(2);
    const y = allocArray(t, p.m * p.n);
    for (let i = 0; i < p.m; i++) {
      for (let j = 0; j < p.n; j++) {
        let acc = 0;
        for (let kk = 0; kk < p.k; kk++) {
          const av = getElem(a, p.transA ? kk * p.m + i : i * p.k + kk);
          const bv = getElem(b, p.transB ? j * p.k + kk : kk * p.n + j);
          acc += av * bv;
        }
        let v = p.alpha * acc;
        if (cc && p.cStrides) v += p.beta * getElem(cc, i * p.cStrides[0] + j * p.cStrides[1]);
        setElem(y, t, i * p.n + j, v);
      }
    }
    return [y];
  },
  lower(c) {
    const p = gemmPlan(c), t = c.dtype(0);
    const pt = t === 'float32' ? 'float' : 'double';
    const num = (v: number) => (pt === 'float' ? A.float(v) : A.double(v));
    const [crs, ccs] = p.cStrides ?? [0, 0];
    return [{
      kernel: 'gemm',
      instance: { macro: 'AOTC_GEMM', name: `aotc_gemm_${dtypeShort(t)}__ref`, params: [dtypeC(t), pt] },
      args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), A.int(p.m), A.int(p.n), A.int(p.k),
        A.int(p.transA ? 1 : 0), A.int(p.transB ? 1 : 0), num(p.alpha), num(p.beta), A.int(crs), A.int(ccs),
        ...activationArgs(c)],
    }];
  },
};
