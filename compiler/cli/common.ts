// Shared pieces of the CLI commands: reading models, option parsing (--input-shape ...), temp dirs, model compile.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { compileModel, defaultName, type CompileOptions, type Compiled } from '../compile.js';
import { AotcError, fail } from '../diagnostics/error.js';

/** Read a model file; AOTC0001 when it cannot be read. */
export function readModel(file: string): Uint8Array {
  try {
    if (statSync(file).isDirectory()) fail('AOTC0001', `'${file}' is a directory, not a model file`, { file });
    return readFileSync(file);
  } catch (e) {
    if (e instanceof AotcError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return fail('AOTC0001', `cannot read model file '${file}': ${why}`, { file });
  }
}

/**
 * The C compiler to pass on: --cc, else $AOTC_CC, with a relative path made absolute (builds run in temp dirs);
 * undefined lets the toolchain pick clang-19 / clang from PATH.
 */
export function ccOption(cc: string | undefined): string | undefined {
  const c = cc ?? process.env.AOTC_CC;
  return c && c.includes('/') && !isAbsolute(c) ? resolve(c) : c || undefined;
}

/** Parse repeated `name=1x3x224x224` values (a comma also separates dims); AOTC0023 on bad syntax. */
export function parseInputShapes(values: readonly string[] = []): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const raw of values) {
    const eq = raw.lastIndexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : '';
    const dims = eq > 0 ? raw.slice(eq + 1).split(/[x,]/).map((d) => d.trim()) : [];
    if (!name || dims.length === 0 || dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
      fail('AOTC0023', `bad --input-shape '${raw}'`, undefined,
        'write it as name=DIMxDIMx... with positive integer dimensions, e.g. --input-shape input=1x3x224x224');
    }
    if (out.has(name)) fail('AOTC0023', `--input-shape given twice for '${name}'`);
    out.set(name, dims.map(Number));
  }
  return out;
}

/** Every --input-shape name must be a graph input; AOTC0023 listing the inputs otherwise. */
export function checkInputShapeNames(c: Compiled, shapes: Map<string, number[]>): void {
  const names = c.graph.inputs.map((id) => c.graph.values.get(id)!.name);
  const unknown = [...shapes.keys()].filter((k) => !names.includes(k));
  if (unknown.length) {
    fail('AOTC0023', `--input-shape ${unknown.length > 1 ? 'names' : 'name'} ${unknown.map((u) => `'${u}'`).join(', ')} ${unknown.length > 1 ? 'are not inputs' : 'is not an input'} of the model`,
      undefined, `the model's inputs: ${names.map((n) => `'${n}'`).join(', ') || '(none)'}`);
  }
}

/** A --name value must be usable as a C identifier prefix and a file name. */
export function bundleName(model: string, name?: string): string {
  if (name === undefined) return defaultName(model);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    fail('AOTC0061', `--name '${name}' is not a valid C identifier`, undefined,
      `use letters, digits and underscores, not starting with a digit (e.g. --name ${defaultName(name || model)})`);
  }
  return name;
}

/** Positive integer option value (--runs); AOTC0061 otherwise. */
export function intOption(flag: string, v: string | undefined, def: number, min = 0): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    fail('AOTC0061', `${flag} must be an integer >= ${min}, got '${v}'`);
  }
  return Number(v);
}

/** Non-negative number option value (--rtol, --atol); AOTC0061 otherwise. */
export function numberOption(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < 0) fail('AOTC0061', `${flag} must be a non-negative number, got '${v}'`);
  return x;
}

export interface ModelOptions { target?: string; inputShape?: string[]; name?: string }

/** Read and compile a model for `run`, `validate` and `inspect` (no files written). */
export function compileFromFile(model: string, o: ModelOptions, extra: CompileOptions = {}): { bytes: Uint8Array; compiled: Compiled } {
  const bytes = readModel(model);
  const shapes = parseInputShapes(o.inputShape);
  const compiled = compileModel(bytes, model, { target: o.target ?? 'host', name: bundleName(model, o.name), inputShapes: shapes, ...extra });
  checkInputShapeNames(compiled, shapes);
  return { bytes, compiled };
}

/** Run `fn` with a fresh private temp directory, removed afterwards unless AOTC_KEEP_TEMP=1. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'aotc-'));
  try {
    return await fn(dir);
  } finally {
    if (process.env.AOTC_KEEP_TEMP === '1') process.stderr.write(`aotc: kept temp dir ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const modelBase = (file: string): string => basename(file);

export const say = (s: string): void => { process.stdout.write(s.endsWith('\n') ? s : s + '\n'); };
