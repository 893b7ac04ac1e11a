// Concat (inputs joined along an axis) and Split (one input cut into parts along an axis, opset 18 rules).

import { allocArray, dtypeBytes, type NumArray } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';
import { copyElem } from './strided-view.js';

/** Inputs present (Concat has no optional inputs, but be robust to empty names). */
const present = (c: OpCtx): number[] => c.node.inputs.map((_x, i) => i).filter((i) => c.hasInput(i));

function concatGeometry(c: OpCtx) {
  const ins = present(c);
  if (ins.length === 0) c.fail('AOTC0013', 'Concat needs at least one input');
  const s0 = c.shape(ins[0]);
  const rank = s0.length;
  if (rank === 0) c.fail('AOTC0013', 'Concat of scalars is not defined (inputs must have rank >= 1)');
  const axis = c.axis(c.int('axis'), rank);
  const t = c.dtype(ins[0]);
  for (const i of ins) {
    const s = c.shape(i);
    if (c.dtype(i) !== t) c.fail('AOTC0013', `input ${i} has dtype ${c.dtype(i)}, input ${ins[0]} has ${t}`);
    if (s.length !== rank || s.some((d, k) => k !== axis && d !== s0[k])) {
      c.fail('AOTC0021', `input ${i} shape [${s}] does not match [${s0}] outside axis ${axis}`);
    }
  }
  const outer = numel(s0.slice(0, axis)), inner = numel(s0.slice(axis + 1));
  const dims = ins.map((i) => c.shape(i)[axis]);
  return { ins, axis, outer, inner, dims, total: dims.reduce((a, b) => a + b, 0), shape0: s0 };
}

function sameQuant(c: OpCtx, ins: number[]): OutType['quant'] {
  const q = c.input(ins[0]).quant;
  const key = JSON.stringify(q ?? null);
  if (ins.some((i) => JSON.stringify(c.input(i).quant ?? null) !== key)) {
    c.fail('AOTC0011', 'Concat of quantized inputs with different quantization parameters is not supported');
  }
  return q;
}

export const concat: OpDef = {
  op: 'Concat',
  infer(c) {
    const g = concatGeometry(c);
    const shape = [...g.shape0];
    shape[g.axis] = g.total;
    return [{ dtype: c.dtype(g.ins[0]), shape, quant: sameQuant(c, g.ins) }];
  },
  fold(c, outs) {
    const g = concatGeometry(c);
    const y = allocArray(outs[0].dtype, numel(outs[0].shape));
    let before = 0;
    g.ins.forEach((inp, k) => {
      const x = c.constant(inp)!;
      const blk = g.dims[k] * g.inner;
      for (let o = 0; o < g.outer; o++) {
        for (let j = 0; j < blk; j++) copyElem(y, (o * g.total + before) * g.inner + j, x, o * blk + j);
      }
      before += g.dims[k];
    });
    return [y];
  },
  lower(c) {
    const g = concatGeometry(c);
    const elem = dtypeBytes(c.output(0).dtype);
    const calls: KernelCall[] = [];
    let before = 0;
    g.ins.forEach((inp, k) => {
      const bytes = g.dims[k] * g.inner * elem;
      if (bytes > 0 && g.outer > 0) {
        calls.push({
          kernel: 'copy_blocks',
          args: [A.in(inp), A.out(0), A.int(g.outer), A.int(bytes), A.int(bytes), A.int(0),
            A.int(g.total * g.inner * elem), A.int(before * g.inner * elem)],
        });
      }
      before += g.dims[k];
    });
    return calls;
  },
};

function splitGeometry(c: OpCtx) {
  const s = c.shape(0);
  if (s.length === 0) c.fail('AOTC0013', 'Split of a scalar is not defined');
  const axis = c.axis(c.int('axis', 0), s.length);
  const dim = s[axis];
  const nOut = c.node.outputs.length;
  let parts: number[];
  if (c.hasInput(1)) {
    parts = c.constInts(1, 'split');
    if (parts.some((p) => p < 0) || parts.reduce((a, b) => a + b, 0) !== dim) {
      c.fail('AOTC0021', `split [${parts}] does not sum to dimension ${dim} of axis ${axis}`);
    }
  } else {
    const n = c.has('num_outputs') ? c.int('num_outputs') : nOut;
    if (n < 1) c.fail('AOTC0013', `num_outputs ${n} must be positive`);
    if (!c.has('num_outputs') && dim % n !== 0) c.fail('AOTC0021', `dimension ${dim} of axis ${axis} does not split into ${n} equal parts`);
    const chunk = Math.ceil(dim / n);
    parts = Array.from({ length: n }, (_x, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (parts.length !== nOut) c.fail('AOTC0013', `Split into ${parts.length} parts but the node has ${nOut} outputs`);
  return { s, axis, parts, outer: numel(s.slice(0, axis)), inner: numel(s.slice(axis + 1)) };
}

export const split: OpDef = {
  op: 'Split',
  infer(c) {
    const g = splitGeometry(c);
    return g.parts.map((p) => {
      const shape = [...g.s];
      shape[g.axis] = p;
      return { dtype: c.dtype(0), shape, quant: c.input(0).quant };
    });
  },
  fold(c, outs) {
    const g = splitGeometry(c);
    const x = c.constant(0)!;
    const dim = g.s[g.axis];
    let before = 0;
    return g.parts.map((p, k): NumArray => {
      const y = allocArray(outs[k].dtype, numel(outs[k].shape));
      const blk = p * g.inner;
      for (let o = 0; o < g.outer; o++) {
        for (let j = 0; j < blk; j++) copyElem(y, o * blk + j, x, (o * dim + before) * g.inner + j);
      }
      before += p;
      return y;
    });
  },
  lower(c) {
    const g = splitGeometry(c);
    const elem = dtypeBytes(c.dtype(0));
    const dim = g.s[g.axis];
    const calls: KernelCall[] = [];
    let before = 0;
    g.parts.forEach((p, k) => {
      const bytes = p * g.inner * elem;
      if (bytes > 0 && g.outer > 0) {
        calls.push({
          kernel: 'copy_blocks',
          args: [A.in(0), A.out(k), A.int(g.outer), A.int(bytes), A.int(dim * g.inner * elem),
            A.int(before * g.inner * elem), A.int(bytes), A.int(0)],
        });
      }
      before += p;
    });
    return calls;
  },
};
