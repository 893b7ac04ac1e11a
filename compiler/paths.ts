// Locations of the project's own files (runtime-c, templates) from source or from the built dist/.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'runtime-c'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('aotc: cannot find the package root (runtime-c/ and templates/)');
}

export const PACKAGE_ROOT = findRoot();
export const RUNTIME_DIR = join(PACKAGE_ROOT, 'runtime-c');
export const KERNELS_DIR = join(RUNTIME_DIR, 'kernels');
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
