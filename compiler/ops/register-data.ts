// Registration list of the data op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { transpose } from './transpose.js';
import { concat, split } from './concat-split.js';
import { slice } from './slice.js';
import { gather, gatherElements } from './gather.js';
import { gatherND } from './gather-nd.js';
import { expand, tile } from './expand-tile.js';
import { depthToSpaceOp, spaceToDepthOp } from './depth-space.js';
import { where } from './where.js';
import { trilu } from './trilu.js';
import { scatterElements, scatterND } from './scatter.js';
import { compress } from './compress.js';
import { reverseSequence } from './reverse-sequence.js';

export const DATA_OPS: OpDef[] = [
  transpose, concat, split, slice, gather, gatherElements, gatherND, expand, tile, depthToSpaceOp, spaceToDepthOp,
  where, trilu, scatterElements, scatterND, compress, reverseSequence,
];
