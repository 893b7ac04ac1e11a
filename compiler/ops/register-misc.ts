// Registration list of the misc op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const MISC_OPS: OpDef[] = [];
