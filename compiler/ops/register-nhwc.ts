// Registration list of the nhwc op family (one entry per op file).

import type { OpDef } from './op-def.js';
import { conv2dNhwc } from './conv2d-nhwc.js';
import { fullyConnected } from './fully-connected.js';
import { avgPool2dNhwc, maxPool2dNhwc } from './pool2d-nhwc.js';

export const NHWC_OPS: OpDef[] = [conv2dNhwc, fullyConnected, avgPool2dNhwc, maxPool2dNhwc];
