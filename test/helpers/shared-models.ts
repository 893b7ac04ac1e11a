// Paths of ../shared/models and a guard: missing files fail the test under CI and skip it elsewhere.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'vitest';
import { PACKAGE_ROOT } from '../../compiler/paths.js';

export const SHARED_MODELS = resolve(PACKAGE_ROOT, '..', 'shared', 'models');
export const sharedModel = (rel: string) => join(SHARED_MODELS, rel);

/** `it` that needs the listed shared files: under CI=true a missing file is a failure, else the test is skipped. */
export function itWithModels(name: string, files: string[], fn: () => unknown, timeout?: number): void {
  const missing = files.filter((f) => !existsSync(sharedModel(f)));
  if (missing.length && !process.env.CI) { it.skip(`${name} (missing ${missing.join(', ')})`, fn); return; }
  it(name, () => {
    if (missing.length) throw new Error(`shared models missing under CI: ${missing.join(', ')}`);
    return fn();
  }, timeout);
}
