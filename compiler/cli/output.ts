// Atomic output: build files in a temp dir next to the destination, move them in only when all succeeded.

import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AotcError, fail } from '../diagnostics/error.js';

function cannotWrite(path: string, e: unknown): never {
  if (e instanceof AotcError) throw e;
  return fail('AOTC0062', `cannot write '${path}': ${(e as Error).message}`, { file: path },
    'check that the directory is writable and the disk is not full');
}

/**
 * Create a temp dir beside `outDir`, let `build` write files into it (returning their names), then move each into
 * `outDir` (created if needed; other files there are left alone). On any failure nothing is moved, the temp dir is
 * removed, and so is any parent directory this call created.
 */
export async function commitFiles(outDir: string, build: (tmp: string) => Promise<string[]> | string[]): Promise<string[]> {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) fail('AOTC0062', `output path '${outDir}' exists and is not a directory`, { file: outDir });
  const parent = dirname(outDir);
  let createdParent: string | undefined;
  let tmp: string;
  try {
    createdParent = mkdirSync(parent, { recursive: true });
    try {
      tmp = mkdtempSync(join(parent, `.${basename(outDir)}.aotc-tmp-`));
    } catch (e) {
      // e.g. `-o .` in a folder whose parent is read-only: stage inside the (existing) output folder instead
      if (!existsSync(outDir)) throw e;
      tmp = mkdtempSync(join(outDir, '.aotc-tmp-'));
    }
  } catch (e) {
    return cannotWrite(parent, e);
  }
  let ok = false;
  try {
    const files = await build(tmp);
    try {
      mkdirSync(outDir, { recursive: true });
      for (const f of files) renameSync(join(tmp, f), join(outDir, f));
    } catch (e) {
      cannotWrite(outDir, e);
    }
    ok = true;
    return files;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    if (!ok && createdParent) rmSync(createdParent, { recursive: true, force: true });
  }
}

/** Write one file atomically (temp file in the same directory, then rename). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.aotc-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    cannotWrite(path, e);
  }
}
