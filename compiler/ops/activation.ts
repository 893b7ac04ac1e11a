// Fused activations: the `activation` attribute the fusion pass sets on producers, as kernel arguments.

import { A, type CArg } from '../kernels/call.js';
import type { OpCtx } from './op-def.js';

/** Kinds match AOTC_ACT_* in runtime-c/include/aotc_kernel.h. */
export const ACT = { none: 0, clamp: 1, leaky: 2 } as const;

export interface Activation { kind: number; p0: number; p1: number }

/** Activation ops that can be fused into a float producer, with their parameters; null when not fusable. */
export function fusableActivation(op: string, c: OpCtx): Activation | null {
  switch (op) {
    case 'Relu': return { kind: ACT.clamp, p0: 0, p1: Infinity };
    case 'LeakyRelu': return { kind: ACT.leaky, p0: c.float('alpha', 0.01), p1: 0 };
    case 'Clip': {
      const lo = c.hasInput(1) ? c.constant(1) : undefined;
      const hi = c.hasInput(2) ? c.constant(2) : undefined;
      if ((c.hasInput(1) && !lo) || (c.hasInput(2) && !hi)) return null;
      return { kind: ACT.clamp, p0: lo ? Number(lo[0]) : -Infinity, p1: hi ? Number(hi[0]) : Infinity };
    }
    default: return null;
  }
}

/** The three trailing kernel arguments (kind, p0, p1) for the node's fused activation. */
export function activationArgs(c: OpCtx): CArg[] {
  const kind = c.has('act_kind') ? c.int('act_kind') : ACT.none;
  return [A.int(kind), A.float(c.has('act_p0') ? c.float('act_p0') : 0), A.float(c.has('act_p1') ? c.float('act_p1') : 0)];
}
