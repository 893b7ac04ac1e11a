// Registration list of the qarith op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const QARITH_OPS: OpDef[] = [];
