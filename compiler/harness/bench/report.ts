// docs/BENCHMARKS.md: the results of one `npm run bench` run as markdown, merged with the existing file (the previous
// run moves under History, history rows accumulate, the hand-written Notes section is kept).

import type { Latency, InstructionCount } from './host-bench.js';
import type { MachineInfo } from './machine.js';

export interface OutputCheck {
  /** Bytes equal to TFLM's output on the same input. */
  equal: boolean;
  differing: number;
  /** Largest |difference| as int8 values (outputs are int8), 0 when equal. */
  maxAbs: number;
}

export interface RuntimeResult {
  latency?: Latency;
  instructions?: InstructionCount;
  output?: OutputCheck;
  error?: string;
}

export interface ModelResult {
  model: string;
  macs: number;
  input: string;
  output: string;
  /** The bundle's output bytes as hex, and their SHA-256 (the doc shows the hex of at most 64 bytes). */
  outputHex: string;
  outputSha256: string;
  bundle: RuntimeResult;
  bundleNative: RuntimeResult;
  tflm: RuntimeResult;
  litert: RuntimeResult;
  litertRef: RuntimeResult;
}

export interface OverheadResult {
  model: string;
  tflm?: Latency;
  tflmInstructions?: number;
  litert?: Latency;
  litertInstructions?: number;
}

export interface BenchRun {
  date: string;
  command: string;
  aotcVersion: string;
  machine: MachineInfo;
  versions: Record<string, string | null>;
  bundleFlags: string;
  secondsPerRound: number;
  rounds: number;
  seed: number;
  models: ModelResult[];
  overhead?: OverheadResult;
  goal: number;
}

export const MARK = {
  latest: ['<!-- bench:latest:begin -->', '<!-- bench:latest:end -->'],
  notes: ['<!-- bench:notes:begin -->', '<!-- bench:notes:end -->'],
  rows: ['<!-- bench:history-rows:begin -->', '<!-- bench:history-rows:end -->'],
  runs: ['<!-- bench:history-runs:begin -->', '<!-- bench:history-runs:end -->'],
} as const;

/** The text between a begin/end marker pair (trimmed), or undefined when the markers are absent. */
export function extractBlock(text: string, [begin, end]: readonly [string, string]): string | undefined {
  const a = text.indexOf(begin);
  const b = text.indexOf(end, a + begin.length);
  if (a < 0 || b < 0) return undefined;
  return text.slice(a + begin.length, b).trim();
}

/** Compare two int8 outputs byte by byte. */
export function compareInt8(a: Uint8Array, b: Uint8Array): OutputCheck {
  let differing = Math.abs(a.length - b.length), maxAbs = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      differing++;
      maxAbs = Math.max(maxAbs, Math.abs(((a[i]! << 24) >> 24) - ((b[i]! << 24) >> 24)));
    }
  }
  return { equal: differing === 0, differing, maxAbs };
}

export const us = (ns: number): string => {
  const v = ns / 1000;
  return v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0);
};
export const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined, digits = 2): string =>
  (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(digits)}×` : '–');

/** The output bytes as hex (the first 32 bytes when longer than 64) with the length and SHA-256. */
export function outputText(x: Pick<ModelResult, 'outputHex' | 'outputSha256'>): string {
  const n = x.outputHex.length / 2;
  const hex = n <= 64 ? x.outputHex : `${x.outputHex.slice(0, 64)}...`;
  return `\`${hex}\` (${n} bytes${n <= 64 ? '' : ', first 32 shown'}, sha256 \`${x.outputSha256.slice(0, 16)}...\`)`;
}

function lat(r: RuntimeResult): string {
  return r.latency ? us(r.latency.medianNs) : r.error ? 'error' : '–';
}

function outputCell(r: RuntimeResult): string {
  if (!r.output) return '–';
  return r.output.equal ? 'identical' : `${r.output.differing} B differ (max ${r.output.maxAbs})`;
}

function runtimeRows(m: ModelResult): string[][] {
  const base = m.bundle.latency?.medianNs;
  const rows: [string, RuntimeResult][] = [
    ['aotc bundle (default flags, x86-64 baseline)', m.bundle], ['aotc bundle, -march=native', m.bundleNative],
    ['TFLite Micro (Python binding)', m.tflm], ['LiteRT, XNNPACK delegate, 1 thread', m.litert],
    ['LiteRT, BUILTIN_REF kernels, 1 thread', m.litertRef],
  ];
  return rows.map(([name, r]) => {
    const l = r.latency, n = r.instructions;
    return [
      name, l ? us(l.medianNs) : r.error ? `error: ${r.error.slice(0, 80)}` : '–', l ? us(l.minNs) : '–',
      l ? `${grouped(l.runs)} × ${l.rounds}` : '–', l && base ? ratio(l.medianNs, base) : '–',
      n ? grouped(n.perCall) : '–', n && m.macs ? (m.macs / n.perCall).toFixed(2) : '–', outputCell(r),
    ];
  });
}

function mdTable(headers: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** One summary row per model (also the History row format, with the date in front). */
export function summaryRow(m: ModelResult): string[] {
  const b = m.bundle, t = m.tflm;
  return [
    m.model, grouped(m.macs), lat(b), lat(m.bundleNative), lat(t), lat(m.litert), lat(m.litertRef),
    ratio(b.latency?.medianNs, t.latency?.medianNs), ratio(b.latency?.minNs, t.latency?.minNs), b.instructions ? grouped(b.instructions.perCall) : '–',
    t.instructions ? grouped(t.instructions.perCall) : '–', ratio(b.instructions?.perCall, t.instructions?.perCall),
    b.instructions && m.macs ? (m.macs / b.instructions.perCall).toFixed(2) : '–',
    t.instructions && m.macs ? (m.macs / t.instructions.perCall).toFixed(2) : '–',
    b.output ? (b.output.equal ? 'yes' : 'NO') : '–',
  ];
}

export const SUMMARY_HEADERS = ['model', 'MACs', 'bundle µs', 'bundle native µs', 'TFLM µs', 'LiteRT µs', 'LiteRT ref µs',
  'bundle/TFLM time', 'bundle/TFLM min time', 'bundle instr', 'TFLM instr', 'bundle/TFLM instr', 'MACs/instr bundle', 'MACs/instr TFLM',
  'bundle = TFLM bytes'];
const SUMMARY_ALIGN: ('l' | 'r')[] = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];
const HISTORY_HEADERS = ['date', ...SUMMARY_HEADERS];

function profileLines(label: string, n: InstructionCount | undefined, count = 4): string[] {
  if (!n || n.profile.length === 0) return [];
  const top = n.profile.filter((p) => p.percent >= 0.1).slice(0, count).map((p) => `\`${shortFn(p.fn)}\` ${p.percent.toFixed(1)} %`);
  return [`- ${label}: ${top.join(', ')}`];
}

/** Drop C++ parameter lists and namespaces' noise so a function name fits in a table. */
export function shortFn(fn: string): string {
  let s = fn, depth = 0, out = '';
  for (const ch of s) {
    if (ch === '(') { if (depth++ === 0) out += '()'; continue; }
    if (ch === ')') { depth--; continue; }
    if (depth === 0) out += ch;
  }
  s = out.replace(/\(\)\(\)/g, '()').replace(/tflite::micro::/g, '').replace(/\(anonymous namespace\)::/g, '');
  return s.length > 90 ? `${s.slice(0, 87)}...` : s;
}

/** The "latest run" block (between the latest markers). */
export function renderLatest(run: BenchRun): string {
  const m = run.machine, v = run.versions;
  const lines: string[] = [];
  lines.push(`### Run of ${run.date}`, '');
  lines.push(`- Command: \`${run.command}\` (aotc ${run.aotcVersion})`);
  lines.push(`- Machine: ${m.cpu}, ${m.logicalCpus} logical CPUs (SIMD: ${m.simd.join(', ') || 'none listed'}), ${m.os}, Linux ${m.kernel}; `
    + `1-minute load average at start ${m.load1 ?? '?'} (the machine is shared: latencies are medians of the least disturbed round)`);
  lines.push(`- Compiler: ${m.compiler}; bundle flags \`${run.bundleFlags}\` (no -march: baseline x86-64, SSE2) plus \`-gdwarf-4\` `
    + '(debug info only, the code is the same; it lets callgrind attribute inlined kernels to their source); the -march=native column uses `-march=native` instead of -gdwarf-4');
  lines.push(`- Interpreters: tflite-micro ${v['tflite-micro'] ?? '?'}, ai-edge-litert ${v['ai-edge-litert'] ?? '?'}, Python ${v.python ?? '?'}, numpy ${v.numpy ?? '?'}; one thread everywhere`);
  lines.push(`- Input: one seeded random input per model (seed ${run.seed}, int8 uniform over [-128, 127]); the same bytes go to every runtime`);
  lines.push(`- Latency: median ns per inference after warm-up, ${run.rounds} interleaved rounds of about ${run.secondsPerRound} s per runtime, `
    + 'the round with the lowest median is reported (min = fastest single inference of all rounds). Bundle: the harness `time` mode '
    + '(clock_gettime around each `<name>_run`). Interpreters: `time.perf_counter_ns()` around `interpreter.invoke()` in Python '
    + '(inputs set again, untimed, before every invoke: TFLM may reuse the input tensor\'s arena bytes), so their times include the Python binding\'s call overhead (see below)');
  lines.push('- Instructions: valgrind callgrind, `--toggle-collect` and `--dump-after` on the entry function, one dump per call, steady-state call reported. '
    + 'Bundle: `<name>_run_with_weights` in the same default-flags runner that is timed (no -march, so valgrind 3.19 can run it). '
    + 'TFLM: `tflite::micro::MicroInterpreter::Invoke()` in the Python process (the .so has symbols). LiteRT: `tflite::Subgraph::Invoke()` '
    + '(under valgrind XNNPACK sees no AVX-512 and runs its AVX2 kernels, so its count is not the code that was timed)');
  lines.push(`- MACs: aotc's count (conv: output elements × kh·kw·cin/group, depthwise: × kh·kw, FC: × in features, pools counted as window MACs).`);
  lines.push(`- Goal: bundle/TFLM time ≤ ${run.goal}×.`, '');

  lines.push('#### Summary', '');
  lines.push(mdTable(SUMMARY_HEADERS, run.models.map(summaryRow), SUMMARY_ALIGN), '');
  const missed = run.models.filter((x) => x.bundle.latency && x.tflm.latency && x.bundle.latency.medianNs / x.tflm.latency.medianNs > run.goal);
  lines.push(missed.length === 0 ? `All models meet the goal (bundle ≤ ${run.goal}× TFLM).`
    : `Goal (≤ ${run.goal}× TFLM) missed on: ${missed.map((x) => `${x.model} (${ratio(x.bundle.latency!.medianNs, x.tflm.latency!.medianNs)})`).join(', ')}.`, '');

  for (const x of run.models) {
    lines.push(`#### ${x.model}`, '');
    lines.push(`Input ${x.input}, output ${x.output}, ${grouped(x.macs)} MACs.`, '');
    lines.push(mdTable(['runtime', 'median µs', 'min µs', 'runs × rounds', 'time vs bundle', 'instructions / inference', 'MACs / instr', 'output vs TFLM'],
      runtimeRows(x), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']), '');
    lines.push(`Bundle output: ${outputText(x)}`, '');
    const prof = [...profileLines('bundle hot functions (by source lines, inlined kernels included)', x.bundle.instructions, 8), ...profileLines('TFLM hot functions', x.tflm.instructions),
      ...profileLines('LiteRT ref hot functions', x.litertRef.instructions)];
    if (prof.length) lines.push(...prof, '');
  }

  const o = run.overhead;
  if (o) {
    lines.push('#### Python binding overhead', '');
    lines.push(`Measured with the trivial \`${o.model}\` model (TFLM's hello_world: 3 float FULLY_CONNECTED layers, 1→16→16→1, 288 MACs), timed the same way:`, '');
    lines.push(mdTable(['runtime', 'median µs per invoke()', 'min µs', 'instructions inside Invoke'], [
      ['TFLite Micro', o.tflm ? us(o.tflm.medianNs) : '–', o.tflm ? us(o.tflm.minNs) : '–', o.tflmInstructions !== undefined ? grouped(o.tflmInstructions) : '–'],
      ['LiteRT (XNNPACK)', o.litert ? us(o.litert.medianNs) : '–', o.litert ? us(o.litert.minNs) : '–', o.litertInstructions !== undefined ? grouped(o.litertInstructions) : '–'],
    ], ['l', 'r', 'r', 'r']), '');
    lines.push('The work inside Invoke is a few thousand instructions (about a microsecond or less), so nearly all of these times is the '
      + 'Python → C++ call path (`Interpreter.invoke()` → pybind11/SWIG wrapper → Invoke, plus the timer calls). Subtract it from the '
      + 'interpreter latencies above to estimate the C++-only time; it matters only for the smallest model (ad01).', '');
  }
  return lines.join('\n').trimEnd();
}

const DEFAULT_NOTES = '_Hand-written analysis goes here; `npm run bench` keeps this section as it is._';

/** The whole file: new latest block, the kept notes, history rows (new first) and previous runs' blocks (newest first). */
export function renderFile(run: BenchRun, previous: string | undefined): string {
  const prevLatest = previous ? extractBlock(previous, MARK.latest) : undefined;
  const notes = (previous ? extractBlock(previous, MARK.notes) : undefined) || DEFAULT_NOTES;
  const oldRows = previous ? (extractBlock(previous, MARK.rows) ?? '').split('\n').filter((l) => /^\|\s*\d{4}-/.test(l)) : [];
  const oldRuns = previous ? extractBlock(previous, MARK.runs) ?? '' : '';
  const newRows = run.models.map((x) => `| ${[run.date, ...summaryRow(x)].join(' | ')} |`);
  const prevRunBlock = prevLatest ? `<details><summary>${prevLatest.split('\n')[0]!.replace(/^#+\s*/, '')}</summary>\n\n${prevLatest}\n\n</details>` : '';
  const runs = [prevRunBlock, oldRuns].filter(Boolean).join('\n\n');
  return [
    '# Benchmarks: aotc bundle vs TFLite Micro vs LiteRT (x86-64, one thread, MLPerf Tiny int8)',
    '',
    'Generated by `npm run bench` (scripts/bench.ts). Each run replaces "Latest run"; the previous run moves under History and the '
    + 'History table keeps one row per model and run. The Notes section is hand-written and kept as it is.',
    '',
    '## Latest run',
    '',
    MARK.latest[0], renderLatest(run), MARK.latest[1],
    '',
    '## Notes',
    '',
    MARK.notes[0], notes, MARK.notes[1],
    '',
    '## History',
    '',
    MARK.rows[0],
    mdTable(HISTORY_HEADERS, [], ['l', ...SUMMARY_ALIGN]),
    ...newRows, ...oldRows,
    MARK.rows[1],
    '',
    'Previous runs in full (newest first):',
    '',
    MARK.runs[0], runs, MARK.runs[1],
    '',
  ].join('\n');
}
