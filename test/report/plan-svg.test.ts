// The memory-plan SVG and the HTML report: one rectangle per planned buffer, no overlap where lifetimes overlap,
// geometry proportional to bytes and steps, marker lines, and a self-contained deterministic page.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { planSvg, distinctiveNames, fitName } from '../../compiler/report/plan-svg.js';
import { reportHtml } from '../../compiler/report/html.js';
import type { Manifest } from '../../compiler/report/manifest.js';
import { itWithModels, sharedModel } from '../helpers/shared-models.js';
import { cleanupTemp, demoModel, manifestOf, SCRATCH_MODEL } from './helpers.js';

afterAll(cleanupTemp);

interface Rect { x: number; y: number; w: number; h: number; offset: number; bytes: number; first: number; last: number; cls: string }

/** Every <rect> whose class starts with "buf", parsed from its attributes (independent of the renderer's code). */
function bufferRects(svg: string): Rect[] {
  return [...svg.matchAll(/<rect\b([^>]*)\/?>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])))
    .filter((a) => /^buf\b/.test(a.class ?? ''))
    .map((a) => ({
      x: Number(a.x), y: Number(a.y), w: Number(a.width), h: Number(a.height), cls: a.class!,
      offset: Number(a['data-offset']), bytes: Number(a['data-bytes']), first: Number(a['data-first']), last: Number(a['data-last']),
    }));
}

const EPS = 1e-6;
/** Pairs of rectangles that overlap in area while the buffers' lifetimes overlap. */
function overlaps(rs: Rect[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rs.length; i++) {
    for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i]!, b = rs[j]!;
      const live = a.first <= b.last && b.first <= a.last;
      const xs = a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS;
      const ys = a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
      if (live && xs && ys && a.h > 0 && b.h > 0) out.push(`${i}/${j}`);
    }
  }
  return out;
}

function checkPicture(m: Manifest, planBuffers: number): Rect[] {
  const svg = planSvg(m);
  const rects = bufferRects(svg);
  expect(rects.length).toBe(planBuffers);
  expect(rects.length).toBe(m.memory.buffers.length);
  expect(overlaps(rects)).toEqual([]);
  // the geometry is the plan: x spans the live steps, height is proportional to bytes, offset 0 at the bottom
  const drawn = rects.filter((r) => r.bytes > 0);
  const big = drawn.reduce((a, b) => (b.bytes > a.bytes ? b : a)); // the least rounding error per byte
  const pxPerByte = big.h / big.bytes, pxPerStep = drawn[0]!.w / (drawn[0]!.last - drawn[0]!.first + 1);
  const bottom = big.y + big.h + big.offset * pxPerByte;
  for (const r of drawn) {
    expect(r.h / r.bytes).toBeCloseTo(pxPerByte, 1);
    expect(r.w / (r.last - r.first + 1)).toBeCloseTo(pxPerStep, 1);
    expect(Math.abs(r.y + r.h + r.offset * pxPerByte - bottom)).toBeLessThan(0.1);
  }
  m.memory.buffers.forEach((b, i) => expect([rects[i]!.offset, rects[i]!.bytes, rects[i]!.first, rects[i]!.last]).toEqual([b.offset, b.bytes, b.first, b.last]));
  // every rectangle has a hover title; the peak line is drawn
  expect(svg.match(/<g><title>/g)!.length).toBeGreaterThanOrEqual(rects.length);
  expect(svg).toMatch(/<line class="peak"/);
  return rects;
}

describe('memory plan picture', () => {
  const demo = demoModel();

  it('draws the demo model (cortex-m7, host) with one rectangle per buffer and no overlaps', () => {
    for (const target of ['cortex-m7', 'host']) {
      const { m, planBuffers } = manifestOf(demo, 'kws_demo.onnx', target);
      expect(planBuffers).toBeGreaterThan(3);
      checkPicture(m, planBuffers);
    }
  });

  it('draws scratch buffers (hatched) and both lines when the arena exceeds the lower bound', () => {
    const { m, planBuffers } = manifestOf(SCRATCH_MODEL, 'scratch.onnx', 'host');
    const rects = checkPicture(m, planBuffers);
    expect(rects.filter((r) => r.cls.includes('scratch')).length).toBe(1);
    // an arena larger than its lower bound (greedy placement is not always optimal): both lines, two labels
    const { m: demoM, planBuffers: n } = manifestOf(demo, 'kws_demo.onnx', 'cortex-m7', { reuse: false });
    checkPicture(demoM, n);
    demoM.memory.activations += 4096;
    const svg = planSvg(demoM);
    expect(svg).toMatch(/<line class="peak"/);
    expect(svg).toMatch(/<line class="lb"/);
    expect(svg).toContain('peak (arena size)');
  });

  itWithModels('draws the MLPerf Tiny models (many buffers) without overlaps', ['mlperf-tiny/vww_96_int8.tflite', 'mlperf-tiny/kws_ref_model.tflite', 'mlperf-tiny/ad01_int8.tflite'], () => {
    for (const f of ['vww_96_int8.tflite', 'kws_ref_model.tflite', 'ad01_int8.tflite']) {
      const { m, planBuffers } = manifestOf(readFileSync(sharedModel(`mlperf-tiny/${f}`)), f, 'cortex-m55');
      checkPicture(m, planBuffers);
    }
  });

  it('the overlap check catches a broken plan', () => {
    const { m } = manifestOf(demo, 'kws_demo.onnx', 'cortex-m7');
    const live = m.memory.buffers.filter((b) => b.bytes > 0);
    const [a, b] = [live[0]!, live.find((x) => x !== live[0] && x.first <= live[0]!.last && live[0]!.first <= x.last)!];
    b.offset = a.offset; // two live buffers at the same address
    expect(overlaps(bufferRects(planSvg(m)))).not.toEqual([]);
  });

  it('labels buffers with the distinctive part of their names', () => {
    expect(distinctiveNames(['model/act_1/Relu', 'model/act_2/Relu', 'model/pool/AvgPool'])).toEqual(['act_1', 'act_2', 'pool/AvgPool']);
    expect(distinctiveNames(['c1', 'r1'])).toEqual(['c1', 'r1']);
    expect(fitName('model/activation_12/Relu', 18)).toBe('activation_12/Relu');
    expect(fitName('model/activation_12/Relu', 3)).toBe('R…u');
    expect(fitName('activation_12', 7)).toBe('act…_12');
  });
});

describe('HTML report', () => {
  const { m } = manifestOf(demoModel(), 'kws_demo.onnx', 'cortex-m7', {}, { text: 5000, rodata: 40, data: 0, bss: 0 });

  it('is one self-contained, deterministic page with the summary, the plan and the per-layer table', () => {
    const html = reportHtml(m);
    expect(html).toBe(reportHtml(m));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|\bsrc=|url\((?!#)/i);
    expect(html.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
    expect(html).toContain('<svg');
    expect(html).toContain('5,040 B'); // code = .text + .rodata + .data
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(m.layers.length + m.inputs.length + m.outputs.length);
    for (const l of m.layers) expect(html).toContain(`title="${l.name}"`);
  });
});
