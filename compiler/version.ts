// The compiler's version (from package.json) and bundle contract version.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

export const AOTC_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
/** Bumped when the generated header/entry-point contract changes incompatibly. */
export const BUNDLE_ABI_VERSION = 1;
