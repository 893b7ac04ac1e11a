// Instruction counts per call of one function with valgrind's callgrind (--toggle-collect + --dump-after), and the
// per-function profile of a call, for the benchmark.

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hasProgram, runProgram } from '../../toolchain/process.js';

export interface ProfileRow {
  /** Instructions executed in the function itself (exclusive), and that share of the dump's total, in percent. */
  instructions: number;
  percent: number;
  /** Function name as callgrind shows it (demangled C++), and the object it is in, when given. */
  fn: string;
  object?: string;
}

export interface CallgrindCounts {
  /** Instructions of each call of the toggled function (inclusive of callees), in call order. */
  perCall: number[];
  /** Profile of the last call (steady state), biggest first. */
  profile: ProfileRow[];
  /** The valgrind command line, for the report. */
  command: string;
}

export function hasValgrind(): boolean {
  return hasProgram('valgrind');
}

/** `==123== Collected : 3079520` → 3079520 (the total over the whole run), or undefined. */
export function parseCollected(stderr: string): number | undefined {
  const m = /==\d+== Collected : (\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** The `summary:` (or `totals:`) event count of a callgrind output file (first event, Ir), or undefined. */
export function parseDumpTotal(text: string): number | undefined {
  const m = /^summary:\s+(\d+)/m.exec(text) ?? /^totals:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The part number of a callgrind dump file (`part: 3`), or undefined. */
export function parseDumpPart(text: string): number | undefined {
  const m = /^part:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface CallgrindSelfCost {
  /** Exclusive instructions per function name. */
  byFunction: Map<string, { n: number; object?: string }>;
  /** Exclusive instructions per source file and line (needs debug info; line 0 = no line info). Inlined code counts
   *  at its own source line (the fi=/fe= file switches), so this attributes inlined kernels correctly. */
  byLine: Map<string, Map<number, number>>;
  /** Exclusive instructions per source file and function; lineZero: only those without line info. */
  byFileFunction: Map<string, Map<string, number>>;
  lineZero: Map<string, Map<string, number>>;
  /** The file's `summary:`/`totals:` count (0 when absent). */
  total: number;
}

/**
 * Exclusive (self) instructions of one callgrind output file (positions: line), per function and per source line.
 * Cost lines right after a `calls=` line are the inclusive cost of that call and are not counted; `(id) name` string
 * compression (also defined through cfn=/cfi=/cob=) and relative line positions (+N, -N, *) are resolved.
 * (callgrind_annotate 3.19 misattributes the dumps written by --dump-after to __libc_start_main, so the file is read here.)
 */
export function parseCallgrindCosts(text: string): CallgrindSelfCost {
  const names = new Map<string, string>(), files = new Map<string, string>(), objects = new Map<string, string>();
  const byFunction = new Map<string, { n: number; object?: string }>();
  const byLine = new Map<string, Map<number, number>>();
  const byFileFunction = new Map<string, Map<string, number>>(), lineZero = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, Map<string, number>>, f: string, name: string, n: number) => {
    const inner = m.get(f) ?? new Map<string, number>();
    inner.set(name, (inner.get(name) ?? 0) + n);
    m.set(f, inner);
  };
  const resolve = (v: string, table: Map<string, string>): string => {
    const m = /^\((\d+)\)(?:\s+(.*))?$/.exec(v.trim());
    if (!m) return v.trim();
    if (m[2] !== undefined) table.set(m[1]!, m[2]);
    return table.get(m[1]!) ?? `(${m[1]})`;
  };
  let fn: string | undefined, ob: string | undefined, fl = '???', file = '???', afterCalls = false, total = 0, last = 0;
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    const key = eq > 0 && /^[a-z]+$/.test(line.slice(0, eq)) ? line.slice(0, eq) : '';
    const val = line.slice(eq + 1);
    switch (key) {
      case 'fn': fn = resolve(val, names); file = fl; afterCalls = false; continue;
      case 'fl': fl = file = resolve(val, files); continue;
      case 'fi': case 'fe': file = resolve(val, files); continue;
      case 'cfi': case 'cfl': resolve(val, files); continue;
      case 'cfn': resolve(val, names); continue;
      case 'ob': ob = resolve(val, objects); continue;
      case 'cob': resolve(val, objects); continue;
      case 'calls': afterCalls = true; continue;
      case '': break;
      default: continue; // jump=, jcnd= ... (not collected by default)
    }
    if (line.startsWith('summary:') || line.startsWith('totals:')) { total = total || Number(line.split(':')[1]); continue; }
    const m = /^([+-]\d+|\d+|\*)\s+(\d+)/.exec(line);
    if (!m) continue;
    const pos = m[1]!;
    last = pos === '*' ? last : pos[0] === '+' || pos[0] === '-' ? last + Number(pos) : Number(pos);
    if (afterCalls) { afterCalls = false; continue; }
    if (fn === undefined) continue;
    const n = Number(m[2]);
    const e = byFunction.get(fn) ?? { n: 0, object: ob };
    e.n += n;
    byFunction.set(fn, e);
    const lines = byLine.get(file) ?? new Map<number, number>();
    lines.set(last, (lines.get(last) ?? 0) + n);
    byLine.set(file, lines);
    bump(byFileFunction, file, fn, n);
    if (last === 0) bump(lineZero, file, fn, n);
  }
  return { byFunction, byLine, byFileFunction, lineZero, total };
}

/** Profile rows (biggest first) from named costs; percentages of `total` (or of their sum when total is 0). */
export function profileRows(costs: Iterable<[string, number, string?]>, total = 0): ProfileRow[] {
  const list = [...costs].filter(([, n]) => n > 0);
  const sum = total || list.reduce((a, [, n]) => a + n, 0);
  return list.sort((a, b) => b[1] - a[1]).map(([fn, n, object]) => ({ instructions: n, percent: sum ? (100 * n) / sum : 0, fn, object }));
}

/** Exclusive instructions per function of one callgrind output file, biggest first. */
export function parseCallgrindSelf(text: string): ProfileRow[] {
  const c = parseCallgrindCosts(text);
  return profileRows([...c.byFunction].map(([f, v]): [string, number, string?] => [f, v.n, v.object]), c.total);
}

/**
 * Line ranges of the functions defined in a C file (a definition starts at column 0 with `type name(`; it runs to the
 * next definition). Used to attribute costs of inlined kernels in a generated bundle to the kernel they came from.
 */
export function cFunctionRanges(source: string): { name: string; first: number; last: number }[] {
  const lines = source.split('\n');
  const out: { name: string; first: number; last: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^(?:static\s+|inline\s+|AOTC_UNUSED\s+|const\s+)*[A-Za-z_]\w*[\s*]+([A-Za-z_]\w*)\s*\(/.exec(l);
    if (!m || /;\s*$/.test(l) || /^(?:return|else|if|for|while)\b/.test(l)) return;
    if (out.length) out[out.length - 1]!.last = i;
    out.push({ name: m[1]!, first: i + 1, last: lines.length });
  });
  return out;
}

/**
 * Per-function profile where the lines of `file` (a generated bundle .c with debug info) are attributed to the
 * function whose source lines they are (so kernels inlined into the entry function still show as themselves);
 * other files' costs stay with the function callgrind names.
 */
export function profileBySource(c: CallgrindSelfCost, file: string, source: string): ProfileRow[] {
  const ranges = cFunctionRanges(source);
  const acc = new Map<string, number>();
  const add = (k: string, n: number) => acc.set(k, (acc.get(k) ?? 0) + n);
  const mine = [...c.byLine.keys()].find((f) => f === file || basename(f) === basename(file));
  for (const [line, n] of (mine !== undefined ? c.byLine.get(mine) : undefined) ?? []) {
    if (line === 0) continue; // no line info: by the function callgrind names (below)
    const r = ranges.find((x) => line >= x.first && line <= x.last);
    add(r ? r.name : `${basename(file)}:line ${line}`, n);
  }
  for (const [name, n] of (mine !== undefined ? c.lineZero.get(mine) : undefined) ?? []) add(name, n);
  for (const [f, fns] of c.byFileFunction) {
    if (f !== mine) for (const [name, n] of fns) add(name, n);
  }
  return profileRows([...acc].map(([k, n]): [string, number] => [k, n]), c.total);
}

/**
 * Run `cmd args` under callgrind, collecting only inside `fn` (a callgrind function pattern, e.g. `model_run_with_weights`
 * or `tflite::micro::MicroInterpreter::Invoke()`) and dumping after each of its calls, so every call is counted
 * separately. `outBase` names the output files (`outBase.1`, `.2`, ...; removed afterwards unless keep).
 */
export function callgrindPerCall(cmd: string, args: string[], fn: string, outBase: string,
  opts: { cwd?: string; timeoutMs?: number; top?: number; keep?: boolean; source?: { file: string; text: string } } = {}): CallgrindCounts {
  clearDumps(outBase);
  const vgArgs = ['--tool=callgrind', `--callgrind-out-file=${outBase}`, `--toggle-collect=${fn}`, `--dump-after=${fn}`];
  const command = `valgrind ${vgArgs.join(' ')} ${cmd} ${args.join(' ')}`;
  const r = runProgram('valgrind', [...vgArgs, cmd, ...args], { cwd: opts.cwd, timeoutMs: opts.timeoutMs ?? 1_800_000 });
  if (r.error || r.code !== 0) {
    const tail = (r.stderr || r.error || '').split('\n').filter((l) => l && !/^==\d+==\s*$/.test(l)).slice(-8).join('\n');
    throw new Error(`callgrind run failed (exit ${r.code}${r.signal ? `, ${r.signal}` : ''}): ${command}\n${tail}`);
  }
  const dumps = listDumps(outBase).map((f) => {
    const text = readFileSync(f, 'utf8');
    return { file: f, part: parseDumpPart(text) ?? 0, total: parseDumpTotal(text) ?? 0 };
  }).sort((a, b) => a.part - b.part);
  if (dumps.length === 0) {
    throw new Error(`callgrind wrote no dump after ${fn}: the function was never called, or its name does not match (${command})`);
  }
  const lastText = readFileSync(dumps[dumps.length - 1]!.file, 'utf8');
  const profile = (opts.source ? profileBySource(parseCallgrindCosts(lastText), opts.source.file, opts.source.text)
    : parseCallgrindSelf(lastText)).slice(0, opts.top ?? 8);
  if (!opts.keep) clearDumps(outBase);
  return { perCall: dumps.map((d) => d.total), profile, command };
}

function listDumps(outBase: string): string[] {
  const dir = dirname(outBase), base = basename(outBase);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+$`).test(f)).map((f) => join(dir, f));
}

function clearDumps(outBase: string): void {
  for (const f of listDumps(outBase)) rmSync(f, { force: true });
  rmSync(outBase, { force: true });
}
