// Registration list of the window op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { convTranspose } from './conv-transpose.js';
import { maxPool } from './max-pool.js';
import { averagePool, lpPool } from './average-pool.js';
import { globalAveragePool, globalLpPool, globalMaxPool } from './global-pool.js';
import { maxUnpool } from './max-unpool.js';

export const WINDOW_OPS: OpDef[] = [
  convTranspose, maxPool, averagePool, lpPool, globalAveragePool, globalMaxPool, globalLpPool, maxUnpool,
];
