// The op registry: one line per op file; lookups by IR op name.

import type { OpDef } from './op-def.js';
import { ELEMENTWISE_OPS } from './elementwise.js';
import { STRUCTURAL_OPS } from './structural.js';
import { conv } from './conv.js';
import { WINDOW_OPS } from './register-window.js';
import { DENSE_OPS } from './register-dense.js';
import { DATA_OPS } from './register-data.js';
import { MISC_OPS } from './register-misc.js';
import { REDUCE_OPS } from './register-reduce.js';
import { NHWC_OPS } from './register-nhwc.js';
import { QARITH_OPS } from './register-qarith.js';
import { QONNX_OPS } from './register-qonnx.js';

const REGISTRY = new Map<string, OpDef>();

function register(...defs: OpDef[]): void {
  for (const d of defs) {
    if (REGISTRY.has(d.op)) throw new Error(`op ${d.op} registered twice`);
    REGISTRY.set(d.op, d);
  }
}

register(...ELEMENTWISE_OPS);
register(...STRUCTURAL_OPS);
register(conv);
register(...WINDOW_OPS, ...DENSE_OPS, ...DATA_OPS, ...MISC_OPS, ...REDUCE_OPS, ...NHWC_OPS, ...QARITH_OPS);
register(...QONNX_OPS);

export function getOp(op: string): OpDef | undefined { return REGISTRY.get(op); }
export function supportedOps(): string[] { return [...REGISTRY.keys()].sort(); }
