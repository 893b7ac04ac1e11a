// FullyConnected: x [N,K] times weights [OUT,K] plus bias, float32 / int8 / int16x8 (TFLM); also 1×1 Conv2DNhwc's kernel.

import { A, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';
import { requantParams, s16BiasArgs, s8BiasArgs, weightedKind, type NhwcKind } from './nhwc-quant.js';

/**
 * The matrix-product call y[b, o] = Σ_k x[b, k] · w[o, k] + bias[o] for `batches` rows. `conv`: the node is a 1×1
 * Conv2DNhwc (TFLM's 16x8 convolution ignores the zero points, its 16x8 fully connected applies them).
 */
export function fcCall(c: OpCtx, kind: NhwcKind, batches: number, k: number, oc: number, conv: boolean): KernelCall {
  const dims = [A.int(batches), A.int(k), A.int(oc)];
  if (kind === 'f32') {
    return { kernel: 'fully_connected_f32', args: [A.in(0), A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), ...dims, ...activationArgs(c)] };
  }
  const rq = requantParams(c, kind, oc);
  const mid = [A.out(0), A.ints(rq.mult), A.ints(rq.shift), ...dims];
  const act = [A.int(rq.actMin), A.int(rq.actMax)];
  if (kind === 's8') {
    const [bias, inOff] = s8BiasArgs(c, oc, rq);
    return { kernel: 'fully_connected_s8', args: [A.in(0), A.in(1), bias, ...mid, inOff, A.int(rq.outZp), ...act] };
  }
  const [b32, b64, acc32] = s16BiasArgs(c);
  const offsets = conv ? [A.int(0), A.int(0)] : [A.int(-rq.inZp), A.int(rq.outZp)];
  return { kernel: 'fully_connected_s16', args: [A.in(0), A.in(1), b32, b64, ...mid, ...offsets, acc32, ...act] };
}

function dims(c: OpCtx): { n: number; k: number; oc: number } {
  const x = c.shape(0), w = c.shape(1);
  if (x.length !== 2) c.fail('AOTC0021', `FullyConnected needs a rank-2 input [N,K], got [${x}]`);
  if (w.length !== 2 || w[1] !== x[1]) c.fail('AOTC0013', `weights [${w}] do not match the input [${x}] (expected [OUT,${x[1]}])`);
  return { n: x[0], k: x[1], oc: w[0] };
}

export const fullyConnected: OpDef = {
  op: 'FullyConnected',
  infer(c) {
    const { n, oc } = dims(c);
    const kind = weightedKind(c, oc);
    return [{ dtype: c.dtype(0), shape: [n, oc], ...(kind !== 'f32' ? { quant: c.output(0).quant } : {}) }];
  },
  macs(c) { const { n, k, oc } = dims(c); return n * k * oc; },
  lower(c) {
    const { n, k, oc } = dims(c);
    return [fcCall(c, weightedKind(c, oc), n, k, oc, false)];
  },
};
