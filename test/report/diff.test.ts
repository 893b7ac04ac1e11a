// Size limits parsing, report pairing and deltas, thresholds and budgets, the markdown table, and the
// `aotc size` / `aotc diff` commands (exit codes, AOTC0061 on bad options).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { checkLimits, diffReports, parseBudgets, parseMaxIncrease, type PairDiff } from '../../compiler/report/diff.js';
import { diffMarkdown, diffText } from '../../compiler/report/diff-format.js';
import type { Manifest } from '../../compiler/report/manifest.js';
import type { LoadedReport } from '../../compiler/report/read.js';
import { parseByteSize, parseLimit } from '../../compiler/report/units.js';
import { aotc } from '../cli/helpers.js';
import { cleanupTemp, demoModel, manifestOf, tempDir, writeJson } from './helpers.js';

afterAll(cleanupTemp);
vi.setConfig({ testTimeout: 120_000 });

const code = (f: () => unknown): string => {
  try { f(); } catch (e) { return e instanceof AotcError ? e.code : `not an AotcError: ${String(e)}`; }
  return 'no error';
};

describe('size units', () => {
  it.each([
    ['4096', 4096], ['512B', 512], ['64KiB', 65536], ['64 kib', 65536], ['64KB', 64000], ['1.5MiB', 1572864],
    ['2MB', 2_000_000], ['1GiB', 1024 ** 3], ['0.5KiB', 512],
  ])('%s = %d bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['', 'KiB', '12XB', '-4KiB', '1e3', '64 K', '5%'])('rejects %j', (text) => expect(parseByteSize(text)).toBeUndefined());

  it('reads limits as percent or bytes', () => {
    expect(parseLimit('2%')).toEqual({ kind: 'percent', value: 2 });
    expect(parseLimit('0.5 %')).toEqual({ kind: 'percent', value: 0.5 });
    expect(parseLimit('1KiB')).toEqual({ kind: 'bytes', value: 1024 });
    expect(parseLimit('2%%')).toBeUndefined();
  });

  it('parses --max-increase and --budget lists; bad ones are AOTC0061', () => {
    expect(parseMaxIncrease(['2%']).map((r) => r.metric)).toEqual(['code', 'weights', 'activations', 'io']);
    expect(parseMaxIncrease(['code=1%,ram=1KiB'])).toEqual([
      { metric: 'code', limit: { kind: 'percent', value: 1 } }, { metric: 'ram', limit: { kind: 'bytes', value: 1024 } }]);
    expect(parseBudgets(['flash=64KiB,ram=32KiB', 'cortex-m0:ram=16KB'])).toEqual([
      { metric: 'flash', bytes: 65536 }, { metric: 'ram', bytes: 32768 }, { metric: 'ram', bytes: 16000, target: 'cortex-m0' }]);
    for (const bad of [() => parseMaxIncrease(['two%']), () => parseMaxIncrease(['disk=2%']), () => parseMaxIncrease(['2%,']),
      () => parseBudgets(['64KiB']), () => parseBudgets(['flash=lots']), () => parseBudgets(['rom=1KiB']), () => parseBudgets([':ram=1KiB'])]) {
      expect(code(bad)).toBe('AOTC0061');
    }
  });
});

describe('report comparison', () => {
  const demo = demoModel();
  const base = manifestOf(demo, 'kws_demo.onnx', 'cortex-m7', {}, { text: 10_000, rodata: 40, data: 0, bss: 0 }).m;
  const clone = (m: Manifest): Manifest => JSON.parse(JSON.stringify(m));
  const rep = (m: Manifest, rel = `${m.target}/${m.name}.json`): LoadedReport => ({ path: rel, rel, m });
  const withTarget = (m: Manifest, t: string) => { const c = clone(m); c.target = t; return c; };
  const grow = (m: Manifest, text: number, act = 0) => {
    const c = clone(m);
    c.object!.text = text;
    c.sizes.flash.code = text + 40;
    c.sizes.flash.total = c.sizes.flash.code + c.sizes.flash.weights;
    c.sizes.ram.activations += act;
    c.sizes.ram.total += act;
    return c;
  };

  it('pairs by model × target, most changed first, with added and removed reports', () => {
    const b = [rep(base), rep(withTarget(base, 'cortex-m4')), rep(withTarget(base, 'host')), rep(withTarget(base, 'cortex-m0'))];
    const h = [rep(grow(base, 10_100)), rep(grow(withTarget(base, 'cortex-m4'), 12_000)), rep(withTarget(base, 'host')), rep(withTarget(base, 'cortex-m55'))];
    const pairs = diffReports(b, h);
    expect(pairs.map((p) => `${p.target}:${p.base ? 'b' : '-'}${p.head ? 'h' : '-'}`)).toEqual(
      ['cortex-m0:b-', 'cortex-m55:-h', 'cortex-m4:bh', 'cortex-m7:bh', 'host:bh']);
    const m4 = pairs.find((p) => p.target === 'cortex-m4')!;
    expect(m4.metrics.code).toEqual({ base: 10_040, head: 12_040, delta: 2000, pct: (100 * 2000) / 10_040 });
    expect(m4.sections.text.delta).toBe(2000);
    expect(m4.metrics.weights.delta).toBe(0);
    expect(pairs.find((p) => p.target === 'host')!.changed).toBe(false);
    // --match model: compares targets with each other
    const other = clone(base); other.model.file = 'other.onnx'; other.name = 'other';
    const across = diffReports([rep(withTarget(base, 'cortex-m4'))], [rep(grow(base, 9_000)), rep(other)], 'model');
    expect(across.map((p) => [p.model, p.target])).toEqual([['other', 'cortex-m7'], ['kws_demo', 'cortex-m4 → cortex-m7']]);
    expect(across[1]!.metrics.code.delta).toBe(-1000);
    // without --match model the same folders share nothing
    expect(diffReports([rep(withTarget(base, 'cortex-m4'))], [rep(grow(base, 9_000)), rep(other)]).every((p) => !p.base || !p.head)).toBe(true);
  });

  it('names per-layer changes: kernel variant, placement', () => {
    const h = clone(base);
    h.layers[0]!.kernels = [{ symbol: 'aotc_conv_fast__dsp', isa: 'dsp' }];
    h.layers[1]!.buffers[0]!.offset += 64;
    const [p] = diffReports([rep(base)], [rep(h)]);
    expect(p!.layers.map((c) => [c.head!.index, c.fields])).toEqual([[0, ['kernel']], [1, ['placement']]]);
    const md = diffMarkdown({ baseLabel: 'a', headLabel: 'b', pairs: [p!], breaches: [], limitsText: [] });
    expect(md).toContain('`aotc_conv_fast__dsp (dsp)`');
  });

  it('checks thresholds and budgets and names each breach', () => {
    const pairs = diffReports([rep(base), rep(withTarget(base, 'cortex-m4'))], [rep(grow(base, 10_100, 2048)), rep(grow(withTarget(base, 'cortex-m4'), 12_000))]);
    const flash = pairs[0]!.metrics.flash.head!;
    const limits = (inc: string[], bud: string[]) => checkLimits(pairs, { increase: parseMaxIncrease(inc), budgets: parseBudgets(bud) });
    expect(limits(['50%'], [])).toEqual([]);
    const b = limits(['2%'], []);
    expect(b.map((x) => `${x.pair.split('@')[1]}:${x.metric}`)).toEqual(['cortex-m4:code', 'cortex-m7:activations']);
    expect(b[0]!.message).toMatch(/kws_demo × cortex-m4: code flash grew 10,040 → 12,040 B \(\+2,000 B, \+19\.9%\), more than --max-increase code=2%/);
    expect(limits(['code=100B'], []).length).toBe(1); // +100 B is within 100 B
    expect(limits(['code=99B'], []).length).toBe(2);
    expect(limits([], [`flash=${flash}`])).toEqual([]); // at the budget is within it
    expect(limits([], [`flash=${flash - 1}`]).map((x) => x.message)).toEqual([expect.stringMatching(/kws_demo × cortex-m4: flash total .* exceeds --budget flash=.* by 1 B/)]);
    expect(limits([], ['cortex-m7:ram=1KiB']).map((x) => x.pair.split('@')[1])).toEqual(['cortex-m7']);
    // no object → code not measured: a code/flash budget cannot be met
    const noObj = clone(base); noObj.sizes.flash.code = null; noObj.sizes.flash.total = null;
    const r = checkLimits(diffReports([rep(base)], [rep(noObj)]), { increase: [], budgets: parseBudgets(['flash=1MiB']) });
    expect(r[0]!.message).toMatch(/not measured/);
  });

  it('renders markdown: table, deltas with percentages, folded per-layer detail, breaches', () => {
    const pairs: PairDiff[] = diffReports([rep(base), rep(withTarget(base, 'host'))], [rep(grow(base, 10_500)), rep(withTarget(base, 'host'))]);
    const breaches = checkLimits(pairs, { increase: parseMaxIncrease(['2%']), budgets: [] });
    const md = diffMarkdown({ baseLabel: 'base', headLabel: 'head', pairs, breaches, limitsText: ['--max-increase 2%'] });
    expect(md).toContain('| model | target | code flash | Δ | weights flash | Δ | activations RAM | Δ | io RAM | Δ |');
    expect(md).toContain('| kws_demo | cortex-m7 | **10,540** | +500 (+4.98%) |');
    expect(md).toContain(':x: **1 limit exceeded**');
    expect(md).toMatch(/<details><summary><b>kws_demo × cortex-m7<\/b>: code \+500 B/);
    expect(md).toContain('<details><summary>1 unchanged report</summary>');
    expect(md).toContain('| .text | 10,000 | 10,500 | +500 (+5.00%) |');
    const text = diffText({ baseLabel: 'base', headLabel: 'head', pairs, breaches, limitsText: ['--max-increase 2%'] });
    expect(text).toContain('1 limit(s) exceeded');
  });
});

describe('aotc size / aotc diff', () => {
  const demo = demoModel();
  const m = manifestOf(demo, 'kws_demo.onnx', 'cortex-m7', {}, { text: 10_000, rodata: 40, data: 0, bss: 0 }).m;
  const dir = tempDir('cli');
  const baseDir = join(dir, 'base'), headDir = join(dir, 'head');
  writeJson(baseDir, 'cortex-m7/kws_demo.json', m);
  const big = JSON.parse(JSON.stringify(m)) as Manifest;
  big.object!.text = 11_000; big.sizes.flash.code = 11_040; big.sizes.flash.total = 11_040 + big.sizes.flash.weights;
  writeJson(headDir, 'cortex-m7/kws_demo.json', big);
  mkdirSync(join(dir, 'empty'));

  it('aotc size prints a report, a folder, as text, md and json', () => {
    const t = aotc(['size', join(baseDir, 'cortex-m7')]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('flash        ');
    expect(t.stdout).toContain('code 10,040 B');
    const j = JSON.parse(aotc(['size', join(baseDir, 'cortex-m7/kws_demo.json'), '--format', 'json']).stdout);
    expect(j.reports[0].sizes.flash.code).toBe(10_040);
    expect(j.reports[0].layers.length).toBe(m.layers.length);
    expect(aotc(['size', dir, '--format', 'md']).stdout).toContain('| kws_demo | cortex-m7 |');
    const bad = aotc(['size', baseDir, '--format', 'html']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('AOTC0061')]);
    const none = aotc(['size', join(dir, 'nope')]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('AOTC0061')]);
    expect(aotc(['size', join(dir, 'empty')]).stderr).toContain('no aotc reports');
  });

  it('aotc diff exits 0 within limits, 1 naming each breach, 2 on a bad option', () => {
    const ok = aotc(['diff', baseDir, headDir, '--format', 'md', '--max-increase', '20%']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(':white_check_mark: Within limits');
    const over = aotc(['diff', baseDir, headDir, '--format', 'md', '--max-increase', '2%', '--budget', 'flash=1KiB']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain(':x: **2 limits exceeded**');
    expect(over.stderr).toContain('error AOTC0065: 2 size limits exceeded');
    expect(over.stderr).toContain('code flash grew 10,040 → 11,040 B');
    expect(over.stderr).toContain('exceeds --budget flash=1,024 B (1 KiB)');
    const added = aotc(['diff', join(dir, 'empty'), headDir]);
    expect([added.code, added.stdout]).toEqual([0, expect.stringContaining('1 added')]);
    for (const bad of [['--max-increase', 'lots'], ['--budget', 'flash=64XB'], ['--budget', 'rom=1KiB'], ['--format', 'html'], ['--match', 'name']]) {
      const r = aotc(['diff', baseDir, headDir, ...bad]);
      expect([r.code, r.stderr], bad.join(' ')).toEqual([2, expect.stringContaining('AOTC0061')]);
    }
  });
});
