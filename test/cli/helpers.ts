// Helpers for CLI tests: spawn the built CLI (dist/), model paths, tests that need files outside the repo.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/compiler/cli/main.js');
export const NODE_TESTS = '/usr/share/libonnx-testdata/data/node';
export const CONV_DIR = join(NODE_TESTS, 'test_basic_conv_with_padding');
export const CONV = join(CONV_DIR, 'model.onnx');
export const LOOP = join(NODE_TESTS, 'test_loop11/model.onnx');
export const SHARED_ONNX = resolve(ROOT, '../shared/models/onnx');
export const MNIST = join(SHARED_ONNX, 'mnist-8.onnx');

export interface CliResult { code: number; stdout: string; stderr: string }

/** Run `node dist/compiler/cli/main.js ...args` (build dist first: npx tsc -p tsconfig.json). */
export function aotc(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -p tsconfig.json\``);
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, AOTC_DEBUG: '', ...opts.env }, timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh temp dir, removed by cleanupTemp() (each test file calls it in afterAll). */
export function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `aotc-cli-${tag}-`));
  made.push(d);
  return d;
}

export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A test that needs files outside the repository (../shared/models, Debian's libonnx-testdata): runs when they
 * exist; when they are missing it fails under CI (process.env.CI set) and is skipped elsewhere.
 */
export function itWith(files: string[], name: string, fn: () => void | Promise<void>, timeout = 60_000): void {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === 0) it(name, fn, timeout);
  else if (process.env.CI) it(name, () => { throw new Error(`required test files are missing: ${missing.join(', ')}`); });
  else it.skip(`${name} (missing ${missing.join(', ')})`, fn);
}

/** No Node stack trace in the text (lines like "    at fn (file.js:12:3)"). */
export const hasStack = (s: string): boolean => /\n\s+at .*(\.js|\.ts):\d+/.test(s) || /node:internal/.test(s);
