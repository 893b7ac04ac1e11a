// Registration list of the misc op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { castLike } from './cast-like.js';
import { eyeLike } from './eye-like.js';
import { range } from './range.js';
import { oneHot } from './one-hot.js';
import { cumSum } from './cum-sum.js';
import { nonZero, uniqueOp } from './nonzero-unique.js';
import { pad } from './pad.js';
import { resize } from './resize.js';

export const MISC_OPS: OpDef[] = [castLike, eyeLike, range, oneHot, cumSum, nonZero, uniqueOp, pad, resize];
