// Registration list of the dense op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const DENSE_OPS: OpDef[] = [];
