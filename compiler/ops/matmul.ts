// MatMul (numpy semantics: 1-D operands promoted, batch dims broadcast), float/int dtypes, fused activation.

import { allocArray, dtypeC, dtypeShort, getElem, setElem, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { activationArgs } from './activation.js';
import { broadcastShapes, broadcastStrides, forEachBroadcast } from './broadcast.js';

export const MATMUL_DTYPES: DType[] = ['float32', 'float64', 'int32', 'int64', 'uint32', 'uint64'];

/** The matrix problem behind a MatMul: batches of (m x k) @ (k x n) with per-batch element offsets. */
export interface MatMulPlan {
  m: number; k: number; n: number;
  /** Output shape (1-D operands' promoted dims removed). */
  outShape: number[];
  /** Element offsets of each batch's A and B matrices (batch order = row-major over the broadcast batch dims). */
  aOff: number[]; bOff: number[];
}

export function matmulPlan(c: OpCtx): MatMulPlan {
  const sa = c.shape(0), sb = c.shape(1);
  if (sa.length === 0 || sb.length === 0) c.fail('AOTC0013', 'MatMul operands must have rank >= 1 (got a scalar)');
  const a = sa.length === 1 ? [1, sa[0]] : sa;
  const b = sb.length === 1 ? [sb[0], 1] : sb;
  const m = a[a.length - 2], k = a[a.length - 1], kb = b[b.length - 2], n = b[b.length - 1];
  if (k !== kb) c.fail('AOTC0021', `MatMul inner dimensions differ: [${sa}] @ [${sb}] (${k} vs ${kb})`);
  const ba = a.slice(0, -2), bb = b.slice(0, -2);
  const batch = broadcastShapes([ba, bb]);
  if (!batch) c.fail('AOTC0021', `MatMul batch dimensions [${ba}] and [${bb}] do not broadcast`);
  const outShape = [...batch, ...(sa.length === 1 ? [] : [m]), ...(sb.length === 1 ? [] : [n])];
  const aOff: number[] = [], bOff: number[] = [];
  const st = [broadcastStrides(ba, batch), broadcastStrides(bb, batch)];
  forEachBroadcast(batch, st, (_i, [ia, ib]) => { aOff.push(ia * m * k); bOff.push(ib * k * n); });
  return { m, k, n, outShape, aOff, bOff };
}

export const matmul: OpDef = {
  op: 'MatMul',
  infer(c): OutType[] {
    const t = c.requireDType(0, MATMUL_DTYPES);
    if (c.dtype(1) !== t) c.fail('AOTC0012', `MatMul operands have different dtypes (${t} and ${c.dtype(1)})`);
    return [{ dtype: t, shape: matmulPlan(c).outShape }];
  },
  macs(c) {
    const p = matmulPlan(c);
    return p.aOff.length * p.m * p.k * p.n;
  },
  fold(c, outs): NumArray[] {
    const p = matmulPlan(c), t = outs[0].dtype;
    const a = c.constant(0)!, b = c.constant(1)!;
    const y = allocArray(t, numel(outs[0].shape));
    for (let bt = 0; bt < p.aOff.length; bt++) {
      for (let i = 0; i < p.m; i++) {
        for (let j = 0; j < p.n; j++) {
          let acc = 0;
          for (let kk = 0; kk < p.k; kk++) acc += getElem(a, p.aOff[bt] + i * p.k + kk) * getElem(b, p.bOff[bt] + kk * p.n + j);
          setElem(y, t, (bt * p.m + i) * p.n + j, acc);
        }
      }
    }
    return [y];
  },
  lower(c) {
    const p = matmulPlan(c), t = c.dtype(0);
    return [{
      kernel: 'matmul',
      instance: { macro: 'AOTC_MATMUL', name: `aotc_matmul_${dtypeShort(t)}__ref`, params: [dtypeC(t)] },
      args: [A.in(0), A.in(1), A.out(0), A.int(p.aOff.length), A.ints(p.aOff), A.ints(p.bOff),
        A.int(p.m), A.int(p.k), A.int(p.n), ...activationArgs(c)],
    }];
  },
};
