// Tests for the static memory planner: table cases, a seeded property test, checkPlan, and ASCII rendering.

import { describe, expect, it } from "vitest";
import {
  checkPlan,
  lowerBound,
  overlapsInTime,
  planMemory,
  type BufferRequest,
  type MemoryPlan,
} from "../../compiler/memory/planner.js";
import { renderPlanAscii } from "../../compiler/memory/plan-ascii.js";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const req = (id: number, size: number, first: number, last: number): BufferRequest => ({ id, size, first, last });
const offsets = (p: MemoryPlan): number[] => p.buffers.map((b) => b.offset);
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Independent brute-force validity check (does not trust checkPlan). */
function bruteForceValid(p: MemoryPlan): boolean {
  for (const b of p.buffers) if (b.offset % p.alignment !== 0 || b.offset + b.size > p.arenaSize) return false;
  for (let i = 0; i < p.buffers.length; i++) {
    for (let j = i + 1; j < p.buffers.length; j++) {
      const a = p.buffers[i];
      const b = p.buffers[j];
      if (a.size === 0 || b.size === 0) continue;
      const time = a.first <= b.last && b.first <= a.last;
      const addr = a.offset < b.offset + b.size && b.offset < a.offset + a.size;
      if (time && addr) return false;
    }
  }
  return true;
}

/** Greedy property: no lower candidate offset (0 or end of an earlier-placed live buffer) would have fit. */
function isLowestFit(reqs: readonly BufferRequest[], p: MemoryPlan): boolean {
  const al = p.alignment;
  const order = reqs.map((_, i) => i).sort((i, j) => reqs[j].size - reqs[i].size || reqs[i].first - reqs[j].first || reqs[i].id - reqs[j].id);
  const done: number[] = [];
  for (const i of order) {
    const b = p.buffers[i];
    const size = alignUp(b.size, al);
    if (size === 0) continue;
    const live = done.map((k) => p.buffers[k]).filter((o) => overlapsInTime(o, b));
    const fits = (off: number): boolean => live.every((o) => off + size <= o.offset || o.offset + alignUp(o.size, al) <= off);
    const candidates = [0, ...live.map((o) => o.offset + alignUp(o.size, al))];
    if (candidates.some((c) => c < b.offset && fits(c))) return false;
    done.push(i);
  }
  return true;
}

describe("planMemory table cases", () => {
  it("empty input", () => {
    const p = planMemory([], 16);
    expect(p).toEqual({ buffers: [], arenaSize: 0, lowerBound: 0, alignment: 16 });
    expect(checkPlan(p)).toEqual([]);
  });

  it("single buffer", () => {
    const p = planMemory([req(7, 100, 0, 3)], 1);
    expect(p.buffers).toEqual([{ id: 7, size: 100, first: 0, last: 3, offset: 0 }]);
    expect(p.arenaSize).toBe(100);
    expect(p.lowerBound).toBe(100);
  });

  it("disjoint lifetimes reuse offset 0", () => {
    const p = planMemory([req(0, 64, 0, 1), req(1, 128, 2, 3), req(2, 32, 4, 4)], 8);
    expect(offsets(p)).toEqual([0, 0, 0]);
    expect(p.arenaSize).toBe(128);
    expect(p.lowerBound).toBe(128);
  });

  it("overlapping lifetimes are stacked, largest first", () => {
    const p = planMemory([req(0, 10, 0, 2), req(1, 30, 1, 3), req(2, 20, 2, 2)], 1);
    // placement order: 1 (30) at 0, 2 (20) at 30, 0 (10) at 50
    expect(offsets(p)).toEqual([50, 0, 30]);
    expect(p.arenaSize).toBe(60);
    expect(p.lowerBound).toBe(60);
    expect(checkPlan(p)).toEqual([]);
  });

  it("fills a gap below a higher buffer", () => {
    // A (0..1) and B (2..3) share offset 0; C (live with both) goes above A; D fills the gap between B and C.
    const p = planMemory([req(0, 100, 0, 1), req(1, 40, 2, 3), req(2, 50, 0, 3), req(3, 30, 3, 3)], 1);
    // order: 0 (100)@0, 2 (50)@100, 1 (40)@0, 3 (30): live with 1 [0,40) and 2 [100,150) -> gap [40,100) -> 40
    expect(offsets(p)).toEqual([0, 0, 100, 40]);
    expect(p.arenaSize).toBe(150);
  });

  it("ties broken by earlier first, then smaller id", () => {
    const p = planMemory([req(5, 16, 1, 2), req(3, 16, 0, 2), req(4, 16, 1, 2)], 1);
    // order: id3 (first 0)@0, id4 (first 1, id 4)@16, id5@32
    expect(offsets(p)).toEqual([32, 0, 16]);
  });

  it("alignment rounding", () => {
    const p = planMemory([req(0, 1, 0, 0), req(1, 17, 0, 0), req(2, 3, 0, 0)], 16);
    // order: 1 (17 -> 32)@0, 2 (3 -> 16)@32, 0 (1 -> 16)@48
    expect(offsets(p)).toEqual([48, 0, 32]);
    expect(p.arenaSize).toBe(64);
    expect(p.lowerBound).toBe(64);
    expect(lowerBound([req(0, 1, 0, 0), req(1, 17, 0, 0), req(2, 3, 0, 0)])).toBe(21);
    for (const o of offsets(p)) expect(o % 16).toBe(0);
  });

  it("arena size rounded up to alignment", () => {
    const p = planMemory([req(0, 5, 0, 0)], 8);
    expect(p.arenaSize).toBe(8);
  });

  it("zero-size buffers get offset 0 and never collide", () => {
    const p = planMemory([req(0, 0, 0, 5), req(1, 24, 0, 5), req(2, 0, 2, 3)], 8);
    expect(offsets(p)).toEqual([0, 0, 0]);
    expect(p.arenaSize).toBe(24);
    expect(checkPlan(p)).toEqual([]);
    expect(planMemory([req(0, 0, 0, 1)], 4).arenaSize).toBe(0);
  });

  it("output preserves input order and ignores extra properties", () => {
    const input = [{ ...req(9, 8, 0, 0), extra: 1 }, req(2, 16, 0, 0)];
    const p = planMemory(input, 1);
    expect(p.buffers.map((b) => b.id)).toEqual([9, 2]);
    expect(Object.keys(p.buffers[0]).sort()).toEqual(["first", "id", "last", "offset", "size"]);
  });

  it("rejects invalid input", () => {
    expect(() => planMemory([], 0)).toThrow(RangeError);
    expect(() => planMemory([], 3.5)).toThrow(RangeError);
    expect(() => planMemory([req(0, -1, 0, 0)], 1)).toThrow(RangeError);
    expect(() => planMemory([req(0, 1, 3, 2)], 1)).toThrow(RangeError);
    expect(() => planMemory([req(0, 1, 0, 0), req(0, 2, 0, 0)], 1)).toThrow(/duplicate/);
  });

  it("overlapsInTime is inclusive", () => {
    expect(overlapsInTime(req(0, 1, 0, 2), req(1, 1, 2, 4))).toBe(true);
    expect(overlapsInTime(req(0, 1, 0, 1), req(1, 1, 2, 4))).toBe(false);
    expect(overlapsInTime(req(0, 1, 3, 3), req(1, 1, 0, 9))).toBe(true);
  });
});

describe("checkPlan detects broken plans", () => {
  const good = (): MemoryPlan => planMemory([req(0, 32, 0, 2), req(1, 32, 1, 3), req(2, 32, 4, 5)], 16);

  it("accepts a valid plan", () => {
    expect(checkPlan(good())).toEqual([]);
  });

  it("address overlap of simultaneously live buffers", () => {
    const p = good();
    p.buffers[1].offset = p.buffers[0].offset;
    const v = checkPlan(p);
    expect(v.length).toBeGreaterThan(0);
    expect(v.join("\n")).toMatch(/overlap/);
    expect(bruteForceValid(p)).toBe(false);
  });

  it("same address is fine when lifetimes are disjoint", () => {
    const p = good();
    p.buffers[2].offset = p.buffers[1].offset;
    expect(checkPlan(p)).toEqual([]);
  });

  it("misaligned offset", () => {
    const p = good();
    p.arenaSize += 16;
    p.buffers[2].offset = 8;
    expect(checkPlan(p).join("\n")).toMatch(/not aligned/);
  });

  it("arena too small", () => {
    const p = good();
    p.arenaSize -= 16;
    expect(checkPlan(p).join("\n")).toMatch(/exceed arenaSize/);
  });

  it("caps the number of reported violations", () => {
    const reqs = Array.from({ length: 30 }, (_, i) => req(i, 8, 0, 0));
    const p = planMemory(reqs, 8);
    for (const b of p.buffers) b.offset = 0;
    const v = checkPlan(p);
    expect(v.length).toBe(101);
    expect(v[100]).toMatch(/more violation/);
  });
});

describe("planMemory property test", () => {
  it("3,000 random interval sets produce valid, deterministic, order-independent plans", () => {
    const rand = mulberry32(0xa07c);
    const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
    const aligns = [1, 4, 8, 16, 64];
    for (let iter = 0; iter < 3000; iter++) {
      const n = int(1, 60);
      const steps = int(1, 40);
      const alignment = aligns[int(0, aligns.length - 1)];
      const reqs: BufferRequest[] = [];
      for (let i = 0; i < n; i++) {
        const kind = rand();
        const size = kind < 0.05 ? 0 : kind < 0.5 ? int(1, 99) : kind < 0.9 ? int(100, 4099) : int(1, 4) * 1024;
        const first = int(0, steps - 1);
        const last = int(first, steps - 1);
        reqs.push(req(i * 3 + int(0, 2), size, first, last));
      }
      const p = planMemory(reqs, alignment);
      const ctx = `iteration ${iter}: ${JSON.stringify({ alignment, reqs })}`;
      expect(checkPlan(p), ctx).toEqual([]);
      expect(bruteForceValid(p), ctx).toBe(true);
      expect(isLowestFit(reqs, p), ctx).toBe(true);
      expect(p.arenaSize, ctx).toBeGreaterThanOrEqual(p.lowerBound);
      expect(p.lowerBound).toBe(lowerBound(reqs, alignment));
      expect(p.arenaSize % alignment).toBe(0);
      expect(p.arenaSize).toBeLessThanOrEqual(reqs.reduce((s, r) => s + alignUp(r.size, alignment), 0));
      expect(planMemory(reqs, alignment), ctx).toEqual(p);

      // Shuffled input yields the same offset per id (ordering depends only on size, first, id).
      const shuffled = [...reqs];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const q = planMemory(shuffled, alignment);
      const byId = new Map(p.buffers.map((b) => [b.id, b.offset]));
      for (const b of q.buffers) expect(b.offset).toBe(byId.get(b.id));
      expect(q.arenaSize).toBe(p.arenaSize);
    }
  }, 120_000);

  it("plans 2,000 buffers quickly", () => {
    const rand = mulberry32(42);
    const reqs: BufferRequest[] = [];
    for (let i = 0; i < 2000; i++) {
      const first = Math.floor(rand() * 1500);
      const last = first + Math.floor(rand() * 80);
      reqs.push(req(i, 1 + Math.floor(rand() * 200_000), first, last));
    }
    const t0 = performance.now();
    const p = planMemory(reqs, 16);
    const elapsed = performance.now() - t0;
    expect(checkPlan(p)).toEqual([]);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("renderPlanAscii", () => {
  const names = (id: number): string => ["input", "conv1_out", "relu_out", "scratch", "empty"][id];
  const reqs = [req(0, 784, 0, 1), req(1, 3136, 1, 2), req(2, 3136, 2, 3), req(3, 100, 1, 1), req(4, 0, 0, 3)];
  const plan = planMemory(reqs, 16);

  it("shows every name, the arena size and lower bound", () => {
    const out = renderPlanAscii(plan, names);
    for (let i = 0; i < reqs.length; i++) expect(out).toContain(names(i));
    expect(out).toContain(`arena size: ${plan.arenaSize} bytes`);
    expect(out).toContain(`lower bound: ${plan.lowerBound} bytes`);
    // one row per step 0..3, each exactly 64 columns wide between the bars
    const rows = out.split("\n").filter((l) => /^\s+\d+ \|/.test(l));
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r.split("|")[1].length).toBe(64);
    // step 3 has only relu_out (C) live
    expect(rows[3]).toMatch(/C/);
    expect(rows[3]).not.toMatch(/[ABD]/);
  });

  it("respects width and step cap", () => {
    const out = renderPlanAscii(plan, names, { width: 20, steps: 2 });
    const rows = out.split("\n").filter((l) => /^\s+\d+(-\d+)? \|/.test(l));
    expect(rows.length).toBe(2);
    for (const r of rows) expect(r.split("|")[1].length).toBe(20);
  });

  it("handles an empty plan", () => {
    const out = renderPlanAscii(planMemory([], 8), names);
    expect(out).toContain("empty arena");
    expect(out).toContain("arena size: 0 bytes");
  });
});
