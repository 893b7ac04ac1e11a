// Registration list of the nhwc op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const NHWC_OPS: OpDef[] = [];
