// ArgMax and ArgMin (axis, keepdims, select_last_index) → int64 indices.

import { allocArray, dtypeC, dtypeShort, getElem, isFloat, setElem, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { axisSplit, reducedShape } from './reduce-geometry.js';

const NUMERIC: DType[] = ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];

function geometry(c: OpCtx) {
  const shape = c.shape(0);
  if (shape.length === 0) c.fail('AOTC0013', `${c.op} needs an input of rank >= 1`);
  const axis = c.axis(c.int('axis', 0), shape.length);
  if (shape[axis] === 0) c.fail('AOTC0021', `${c.op} over axis ${axis} of size 0 has no answer`);
  return { axis, last: c.int('select_last_index', 0) !== 0, ...axisSplit(shape, axis) };
}

/**
 * C condition for "candidate x replaces best": strict for the first index, non-strict for the last; NaN wins
 * like numpy (the first NaN, or the last one with select_last_index).
 */
function betterExpr(max: boolean, last: boolean, t: DType): string {
  const cmp = `x ${max ? '>' : '<'}${last ? '=' : ''} best`;
  if (!isFloat(t)) return cmp;
  return last ? `${cmp} || x != x` : `${cmp} || (x != x && best == best)`;
}

function better(max: boolean, last: boolean): (x: number, best: number) => boolean {
  return (x, best) => {
    if (Number.isNaN(x)) return last || !Number.isNaN(best);
    if (Number.isNaN(best)) return false;
    return max ? (last ? x >= best : x > best) : (last ? x <= best : x < best);
  };
}

function argDef(op: 'ArgMax' | 'ArgMin'): OpDef {
  const max = op === 'ArgMax';
  return {
    op,
    infer(c) {
      c.requireDType(0, NUMERIC);
      const { axis } = geometry(c);
      return [{ dtype: 'int64', shape: reducedShape(c.shape(0), [axis], c.int('keepdims', 1) !== 0) }];
    },
    fold(c, outs) {
      const x = c.constant(0)!;
      const { outer, n, inner, last } = geometry(c);
      const y = allocArray('int64', numel(outs[0].shape));
      const wins = better(max, last);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let at = 0, best = getElem(x, o * n * inner + i);
          for (let j = 1; j < n; j++) {
            const v = getElem(x, (o * n + j) * inner + i);
            if (wins(v, best)) { best = v; at = j; }
          }
          setElem(y, 'int64', o * inner + i, at);
        }
      }
      return [y];
    },
    lower(c) {
      const t = c.dtype(0);
      const { outer, n, inner, last } = geometry(c);
      const name = `aotc_${op.toLowerCase()}${last ? '_last' : ''}_${dtypeShort(t)}__ref`;
      return [{
        kernel: 'arg_reduce',
        instance: { macro: 'AOTC_ARG_REDUCE', name, params: [dtypeC(t), betterExpr(max, last, t)] },
        args: [A.in(0), A.out(0), A.int(outer), A.int(n), A.int(inner)],
      }];
    },
  };
}

export const argMax = argDef('ArgMax');
export const argMin = argDef('ArgMin');
