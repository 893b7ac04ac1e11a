// Registration list of the window op family (one entry per op file).

import type { OpDef } from './op-def.js';

export const WINDOW_OPS: OpDef[] = [];
