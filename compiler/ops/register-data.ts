// Registration list of the data op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const DATA_OPS: OpDef[] = [];
