// Einsum with one or two operands (transpose, sum, diagonal, inner/batched products, ellipsis) as one strided contraction.

import { allocArray, dtypeC, dtypeShort, getElem, setElem, type DType, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { contiguousStrides } from './broadcast.js';

const EINSUM_DTYPES: DType[] = ['float32', 'float64', 'int32', 'int64'];
/** Label dims the kernel's loop nest can hold (AOTC_MAX_RANK). */
const MAX_LABELS = 8;

/** The contraction: label dims (output labels first, then summed ones), with each operand's strides per label. */
export interface EinsumPlan {
  outShape: number[];
  shape: number[];
  nred: number;
  /** strides[operand][label]. */
  strides: number[][];
}

/** Split one term ("ab...c", "...ii") into labels; '...' becomes the ellipsis dims, right-aligned as '0'..'7'. */
function termLabels(c: OpCtx, term: string, rank: number | undefined, ell: number): string[] {
  const parts = term.split('...');
  if (parts.length > 2) c.fail('AOTC0013', `Einsum term '${term}' has more than one ellipsis`);
  for (const p of parts) {
    if (!/^[A-Za-z]*$/.test(p)) c.fail('AOTC0013', `Einsum term '${term}' has characters other than letters and '...'`);
  }
  if (parts.length === 1) {
    if (rank !== undefined && parts[0].length !== rank) c.fail('AOTC0021', `Einsum term '${term}' has ${parts[0].length} labels for a rank-${rank} operand`);
    return [...parts[0]];
  }
  const letters = parts[0].length + parts[1].length;
  const e = rank === undefined ? ell : rank - letters;
  if (e < 0) c.fail('AOTC0021', `Einsum term '${term}' has more labels than the operand's rank ${rank}`);
  const dots = Array.from({ length: e }, (_x, i) => String(ell - e + i));
  return [...parts[0], ...dots, ...parts[1]];
}

export function einsumPlan(c: OpCtx): EinsumPlan {
  const eq = c.str('equation').replace(/\s+/g, '');
  const [lhs, rhs, extra] = eq.split('->');
  if (extra !== undefined) c.fail('AOTC0013', `Einsum equation '${eq}' has more than one '->'`);
  const terms = lhs.split(',');
  const nIn = c.node.inputs.length;
  if (terms.length !== nIn) c.fail('AOTC0013', `Einsum equation '${eq}' has ${terms.length} operand terms for ${nIn} inputs`);
  if (nIn < 1 || nIn > 2) c.fail('AOTC0011', `Einsum with ${nIn} operands is not supported (1 or 2 are)`);
  const shapes = terms.map((_t, i) => c.shape(i));
  // Ellipsis dims: as many as the widest operand's.
  const ell = Math.max(0, ...terms.map((t, i) => (t.includes('...') ? shapes[i].length - t.replace('...', '').length : 0)));
  if (ell > MAX_LABELS) c.fail('AOTC0011', `Einsum with ${ell} ellipsis dimensions is not supported (at most ${MAX_LABELS} labels)`);
  const labels = terms.map((t, i) => termLabels(c, t, shapes[i].length, ell));
  const size = new Map<string, number>();
  labels.forEach((ls, i) => ls.forEach((l, d) => {
    const s = shapes[i][d], prev = size.get(l);
    const isEll = /^[0-9]$/.test(l);
    if (prev === undefined || (isEll && prev === 1)) size.set(l, s);
    else if (prev !== s && !(isEll && s === 1)) c.fail('AOTC0021', `Einsum label '${l}' has sizes ${prev} and ${s}`);
  }));
  const ellLabels = Array.from({ length: ell }, (_x, i) => String(i)).filter((l) => size.has(l));
  let out: string[];
  if (rhs === undefined) {
    const count = new Map<string, number>();
    for (const ls of labels) for (const l of ls) count.set(l, (count.get(l) ?? 0) + 1);
    out = [...ellLabels, ...[...count.keys()].filter((l) => !/^[0-9]$/.test(l) && count.get(l) === 1).sort()];
  } else {
    out = termLabels(c, rhs, undefined, ell).filter((l) => !/^[0-9]$/.test(l) || size.has(l));
  }
  for (const l of out) if (!size.has(l)) c.fail('AOTC0013', `Einsum output label '${l}' does not appear in any input`);
  if (new Set(out).size !== out.length) c.fail('AOTC0013', `Einsum output '${rhs}' repeats a label`);
  const red = [...size.keys()].filter((l) => !out.includes(l));
  const all = [...out, ...red];
  if (all.length > MAX_LABELS) c.fail('AOTC0011', `Einsum with ${all.length} distinct labels is not supported (at most ${MAX_LABELS})`);
  const strides = labels.map((ls, i) => {
    const st = contiguousStrides(shapes[i]);
    return all.map((l) => ls.reduce((acc, x, d) => acc + (x === l && shapes[i][d] !== 1 ? st[d] : 0), 0));
  });
  return { outShape: out.map((l) => size.get(l)!), shape: all.map((l) => size.get(l)!), nred: red.length, strides };
}

export const einsum: OpDef = {
  op: 'Einsum',
  infer(c): OutType[] {
    const t = c.requireDType(0, EINSUM_DTYPES);
    if (c.node.inputs.length === 2 && c.dtype(1) !== t) c.fail('AOTC0012', `Einsum operands have different dtypes (${t} and ${c.dtype(1)})`);
    return [{ dtype: t, shape: einsumPlan(c).outShape }];
  },
  macs(c) {
    return c.node.inputs.length === 2 ? numel(einsumPlan(c).shape) : 0;
  },
  fold(c, outs): NumArray[] {
    const p = einsumPlan(c), t = outs[0].dtype;
    const ops = c.node.inputs.map((_x, i) => c.constant(i)!);
    const y = allocArray(t, numel(p.outShape));
    const rank = p.shape.length, total = numel(p.shape), inner = numel(p.shape.slice(rank - p.nred));
    const idx = new Array(rank).fill(0);
    const off = ops.map(() => 0);
    const acc = new Float64Array(y.length);
    for (let f = 0; f < total; f++) {
      acc[Math.floor(f / inner)] += ops.reduce((v, a, k) => v * getElem(a, off[k]), 1);
      for (let d = rank - 1; d >= 0; d--) {
        idx[d]++;
        off.forEach((_o, k) => { off[k] += p.strides[k][d]; });
        if (idx[d] < p.shape[d]) break;
        off.forEach((_o, k) => { off[k] -= p.strides[k][d] * p.shape[d]; });
        idx[d] = 0;
      }
    }
    acc.forEach((v, i) => setElem(y, t, i, v));
    return [y];
  },
  lower(c) {
    const p = einsumPlan(c), t = c.dtype(0);
    const two = c.node.inputs.length === 2;
    return [{
      kernel: 'einsum',
      instance: { macro: 'AOTC_EINSUM', name: `aotc_einsum_${dtypeShort(t)}__ref`, params: [dtypeC(t)] },
      args: [A.in(0), two ? A.in(1) : A.null(), A.out(0), A.int(p.shape.length), A.int(p.nred), A.ints(p.shape),
        A.ints(p.strides[0]), A.ints(two ? p.strides[1] : p.shape.map(() => 0))],
    }];
  },
};
