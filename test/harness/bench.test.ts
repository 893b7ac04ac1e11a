// Tests for the benchmark's parsing and report helpers (compiler/harness/bench/*): no timing, no valgrind runs.
import { describe, expect, it } from 'vitest';
import {
  cFunctionRanges, parseCallgrindCosts, parseCallgrindSelf, parseCollected, parseDumpPart, parseDumpTotal, profileBySource,
} from '../../compiler/harness/bench/callgrind.js';
import { bestRound, calibrateRuns } from '../../compiler/harness/bench/host-bench.js';
import { parseScriptReport } from '../../compiler/harness/bench/interpreters.js';
import { parseCpuinfo, parseOsRelease } from '../../compiler/harness/bench/machine.js';
import {
  compareInt8, extractBlock, MARK, outputText, renderFile, shortFn, type BenchRun, type ModelResult,
} from '../../compiler/harness/bench/report.js';

// A --dump-after dump as callgrind 3.19 writes it (string compression on): the call-cost lines after `calls=` are
// inclusive and must not count as self cost.
const DUMP = `# callgrind format
version: 1
part: 4
desc: Trigger: --dump-after=m_run_with_weights
positions: line
events: Ir
summary: 1000

ob=(3) /usr/lib/x86_64-linux-gnu/libc.so.6
fl=(1) ./csu/libc-start.c
fn=(2) __libc_start_main
cfn=(4) main
calls=0 0
58 1000

ob=(5) /tmp/runner
fl=(6) ???
fn=(7) m_run_with_weights
0 10
cfn=(8) aotc_conv
calls=1 0
0 900
+2 5
cfn=(9) aotc_add
calls=1 0
0 85

fn=(8)
0 900

fn=(9)
0 80
* 5

fn=(4)
cfn=(7)
calls=1 0
0 1000

totals: 1000
`;

describe('callgrind parsing', () => {
  it('reads per-function self cost from a dump', () => {
    const rows = parseCallgrindSelf(DUMP);
    expect(rows.map((r) => [r.fn, r.instructions])).toEqual([['aotc_conv', 900], ['aotc_add', 85], ['m_run_with_weights', 15]]);
    expect(rows[0]!.percent).toBeCloseTo(90);
    expect(rows[0]!.object).toBe('/tmp/runner');
  });
  it('reads uncompressed names too', () => {
    const rows = parseCallgrindSelf('summary: 50\nfn=f\n0 20\ncfn=g\ncalls=2 0\n0 30\nfn=g\n0 30\n');
    expect(rows.map((r) => [r.fn, r.instructions])).toEqual([['g', 30], ['f', 20]]);
  });
  it('reads totals, parts and the Collected line', () => {
    expect(parseDumpTotal(DUMP)).toBe(1000);
    expect(parseDumpPart(DUMP)).toBe(4);
    expect(parseDumpTotal('totals: 77\n')).toBe(77);
    expect(parseDumpTotal('nothing')).toBeUndefined();
    expect(parseCollected('==31350== Events    : Ir\n==31350== Collected : 3079520\n')).toBe(3079520);
    expect(parseCollected('no valgrind here')).toBeUndefined();
  });
});

// A bundle file with a kernel inlined into the entry function (fi= switches to the kernel's lines inside m_run).
const BUNDLE_C = [
  '#include "m.h"', // 1
  'static inline AOTC_UNUSED int32_t aotc_mbqm(int32_t x, int32_t m, int32_t s) {', // 2
  '    return x;', // 3
  '}', // 4
  'static void aotc_conv__ref(const int8_t *x,', // 5
  '                           int8_t *y) {', // 6
  '    for (;;) { }', // 7
  '}', // 8
  'static const int32_t aotc_k0[2] = {1, 2};', // 9
  'int m_run_with_weights(const uint8_t *w, uint8_t *m, uint8_t *a) {', // 10
  '    aotc_conv__ref(x, y);', // 11
  '    return 0;', // 12
  '}', // 13
].join('\n');
const INLINED = `positions: line
events: Ir
summary: 200
ob=(1) /tmp/runner
fl=(2) /tmp/b/m.c
fn=(3) m_run_with_weights
11 5
fi=(2)
7 100
+1 20
-5 30
fe=(4) /usr/include/string.h
40 7
fe=(2)
* 3
0 9
12 6
cfn=(5) memcpy
calls=1 0
12 20
fl=(6) ???
fn=(5)
0 20
`;

describe('callgrind source attribution', () => {
  it('finds C function definitions, not prototypes or statements', () => {
    expect(cFunctionRanges(BUNDLE_C)).toEqual([
      { name: 'aotc_mbqm', first: 2, last: 4 }, { name: 'aotc_conv__ref', first: 5, last: 9 }, { name: 'm_run_with_weights', first: 10, last: 13 },
    ]);
    expect(cFunctionRanges('int f(void);\nreturn g(x);\n')).toEqual([]);
  });
  it('resolves relative lines and inline-file switches', () => {
    const c = parseCallgrindCosts(INLINED);
    // "* 3" after `fe=` back to m.c repeats the last line number (40, a line of string.h).
    expect([...c.byLine.get('/tmp/b/m.c')!].sort((a, b) => a[0] - b[0])).toEqual([[0, 9], [3, 30], [7, 100], [8, 20], [11, 5], [12, 6], [40, 3]]);
    expect(c.byLine.get('/usr/include/string.h')).toEqual(new Map([[40, 7]]));
    expect(c.byFunction.get('m_run_with_weights')!.n).toBe(180);
    expect(c.byFunction.get('memcpy')!.n).toBe(20);
    expect(c.lineZero.get('/tmp/b/m.c')).toEqual(new Map([['m_run_with_weights', 9]]));
  });
  it('attributes inlined kernel lines to the kernel', () => {
    const rows = profileBySource(parseCallgrindCosts(INLINED), 'm.c', BUNDLE_C);
    expect(rows.map((r) => [r.fn, r.instructions])).toEqual([
      ['aotc_conv__ref', 120], ['aotc_mbqm', 30], ['m_run_with_weights', 5 + 6 + 9 + 7], ['memcpy', 20], ['m.c:line 40', 3],
    ]);
    expect(rows[0]!.percent).toBeCloseTo(60);
  });
});

describe('timing helpers', () => {
  it('calibrates run counts to the time budget within bounds', () => {
    expect(calibrateRuns(1_000_000, 1)).toBe(1000);
    expect(calibrateRuns(1e9, 1)).toBe(20);
    expect(calibrateRuns(1, 10)).toBe(200_000);
    expect(calibrateRuns(0, 1, 5, 50)).toBe(50);
  });
  it('keeps the least disturbed round and the overall minimum', () => {
    const l = bestRound([{ medianNs: 30, minNs: 20, runs: 5 }, { medianNs: 25, minNs: 24, runs: 6 }, { medianNs: 40, minNs: 19, runs: 7 }]);
    expect(l).toEqual({ medianNs: 25, minNs: 19, runs: 6, rounds: 3, roundMedians: [30, 25, 40] });
    expect(() => bestRound([])).toThrow();
  });
  it('parses the interpreter script report or reports its error line', () => {
    expect(parseScriptReport<{ median_ns: number }>('INFO: x\n{"median_ns": 5}\n', '', 0).median_ns).toBe(5);
    expect(() => parseScriptReport('', 'Traceback\nbench_interpreters: error: boom\n', 4)).toThrow(/exit 4\): bench_interpreters: error: boom/);
  });
});

describe('machine info', () => {
  it('reads the CPU model, SIMD flags and OS name', () => {
    const c = parseCpuinfo('processor\t: 0\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse4_2 avx2 avx512f avx512_vnni\n');
    expect(c).toEqual({ cpu: 'AMD EPYC 9R14', simd: ['sse4_2', 'avx2', 'avx512f', 'avx512_vnni'] });
    expect(parseCpuinfo('')).toEqual({ cpu: 'unknown', simd: [] });
    expect(parseOsRelease('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
  });
});

describe('report', () => {
  it('compares int8 outputs', () => {
    expect(compareInt8(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toEqual({ equal: true, differing: 0, maxAbs: 0 });
    expect(compareInt8(new Uint8Array([0x7f, 0x80]), new Uint8Array([0x7e, 0x7f]))).toEqual({ equal: false, differing: 2, maxAbs: 255 });
    expect(compareInt8(new Uint8Array([1]), new Uint8Array([1, 2])).differing).toBe(1);
  });
  it('shortens C++ names', () => {
    expect(shortFn('tflite::micro::reference_integer_ops::ConvPerChannel(tflite::micro::ConvParams const&, int const*)'))
      .toBe('reference_integer_ops::ConvPerChannel()');
    expect(shortFn('aotc_conv2d_nhwc_s8__ref')).toBe('aotc_conv2d_nhwc_s8__ref');
  });
  it('prints short outputs whole and long ones abbreviated', () => {
    expect(outputText({ outputHex: '7987', outputSha256: 'ab'.repeat(32) })).toBe('`7987` (2 bytes, sha256 `abababababababab...`)');
    expect(outputText({ outputHex: '00'.repeat(640), outputSha256: 'cd'.repeat(32) })).toMatch(/^`0{64}\.\.\.` \(640 bytes, first 32 shown/);
  });

  const model = (name: string, bundleNs: number): ModelResult => ({
    model: name, macs: 1000, input: 'int8[1x4]', output: 'int8[1x2]', outputHex: '0102', outputSha256: '0'.repeat(64),
    bundle: { latency: { medianNs: bundleNs, minNs: bundleNs, runs: 10, rounds: 1, roundMedians: [bundleNs] }, output: { equal: true, differing: 0, maxAbs: 0 } },
    bundleNative: {}, tflm: { latency: { medianNs: 10_000, minNs: 9000, runs: 10, rounds: 1, roundMedians: [10_000] } }, litert: {}, litertRef: { error: 'x' },
  });
  const run = (date: string, bundleNs: number): BenchRun => ({
    date, command: 'npm run bench', aotcVersion: '0.1.0',
    machine: { cpu: 'CPU', simd: [], logicalCpus: 2, os: 'OS', kernel: 'k', load1: 1, compiler: 'clang' },
    versions: {}, bundleFlags: '-O2', secondsPerRound: 1, rounds: 1, seed: 0, models: [model('m1', bundleNs)], goal: 0.2,
  });

  it('moves the previous run to History, accumulates rows and keeps the notes', () => {
    const first = renderFile(run('2026-01-01T00:00:00Z', 3000), undefined);
    expect(first).toContain('Goal (≤ 0.2× TFLM) missed on: m1 (0.30×)');
    const edited = first.replace(/(<!-- bench:notes:begin -->\n)[^]*?(\n<!-- bench:notes:end -->)/, '$1my analysis$2');
    const second = renderFile(run('2026-02-01T00:00:00Z', 1000), edited);
    expect(extractBlock(second, MARK.notes)).toBe('my analysis');
    expect(extractBlock(second, MARK.latest)).toContain('Run of 2026-02-01T00:00:00Z');
    expect(extractBlock(second, MARK.latest)).toContain('All models meet the goal');
    const rows = extractBlock(second, MARK.rows)!.split('\n').filter((l) => /^\| 20/.test(l));
    expect(rows.map((r) => r.slice(2, 12))).toEqual(['2026-02-01', '2026-01-01']);
    expect(rows[1]).toContain('| 0.30× |');
    const runs = extractBlock(second, MARK.runs)!;
    expect(runs).toContain('<summary>Run of 2026-01-01T00:00:00Z</summary>');
    const third = renderFile(run('2026-03-01T00:00:00Z', 1000), second);
    expect(extractBlock(third, MARK.runs)!.indexOf('2026-02-01')).toBeLessThan(extractBlock(third, MARK.runs)!.indexOf('2026-01-01'));
    expect(extractBlock(third, MARK.rows)!.split('\n').filter((l) => /^\| 20/.test(l))).toHaveLength(3);
  });
});
