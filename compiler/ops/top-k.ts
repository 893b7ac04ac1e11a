// TopK (constant k, axis, largest, sorted): the k largest/smallest values along an axis and their int64 indices.

import { dtypeC, dtypeShort, type DType } from '../ir/dtype.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { axisSplit } from './reduce-geometry.js';

const NUMERIC: DType[] = ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];

function geometry(c: OpCtx) {
  const shape = c.shape(0);
  if (shape.length === 0) c.fail('AOTC0013', 'TopK needs an input of rank >= 1');
  const axis = c.axis(c.int('axis', -1), shape.length);
  const ks = c.constInts(1, 'k');
  if (ks.length !== 1) c.fail('AOTC0013', `k must hold one value, got ${ks.length}`);
  const k = ks[0];
  if (k < 0 || k > shape[axis]) c.fail('AOTC0021', `k = ${k} is out of range for axis ${axis} of size ${shape[axis]}`);
  return { axis, k, largest: c.int('largest', 1) !== 0, ...axisSplit(shape, axis) };
}

export const topK: OpDef = {
  op: 'TopK',
  infer(c) {
    const t = c.requireDType(0, NUMERIC);
    const { axis, k } = geometry(c);
    const shape = [...c.shape(0)];
    shape[axis] = k;
    return [{ dtype: t, shape }, { dtype: 'int64', shape: [...shape] }];
  },
  lower(c) {
    const t = c.dtype(0);
    const { k, largest, outer, n, inner } = geometry(c);
    // Output order is always best-first (also valid for sorted = 0, where ONNX leaves the order open).
    const indices = c.node.outputs.length > 1 ? A.out(1) : A.scratch(8 * outer * k * inner);
    const name = `aotc_top_k_${largest ? 'largest' : 'smallest'}_${dtypeShort(t)}__ref`;
    return [{
      kernel: 'top_k',
      instance: { macro: 'AOTC_TOP_K', name, params: [dtypeC(t), largest ? 'a > b' : 'a < b'] },
      args: [A.in(0), A.out(0), indices, A.int(outer), A.int(n), A.int(inner), A.int(k)],
    }];
  },
};
