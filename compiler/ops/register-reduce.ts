// Registration list of the reduce op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const REDUCE_OPS: OpDef[] = [];
