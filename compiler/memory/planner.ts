// Static arena memory planner: greedy-by-size offset assignment for buffers with known lifetimes, plus plan checking.

/** A buffer to place: live from op step `first` to op step `last` inclusive; `size` in bytes (>= 0). */
export interface BufferRequest {
  id: number;
  size: number;
  first: number;
  last: number;
}

/** A request with its assigned byte offset inside the arena. */
export interface PlannedBuffer extends BufferRequest {
  offset: number;
}

/** Result of planning: `buffers` is in the same order as the input requests. */
export interface MemoryPlan {
  buffers: PlannedBuffer[];
  arenaSize: number;
  lowerBound: number;
  alignment: number;
}

function alignUp(n: number, alignment: number): number {
  const r = n % alignment;
  return r === 0 ? n : n + (alignment - r);
}

function assertAlignment(alignment: number): void {
  if (!Number.isSafeInteger(alignment) || alignment < 1) {
    throw new RangeError(`memory planner: alignment must be a positive integer, got ${alignment}`);
  }
}

function assertRequest(r: BufferRequest): void {
  if (!Number.isSafeInteger(r.size) || r.size < 0) {
    throw new RangeError(`memory planner: buffer ${r.id} has invalid size ${r.size}`);
  }
  if (!Number.isSafeInteger(r.first) || !Number.isSafeInteger(r.last) || r.first > r.last) {
    throw new RangeError(`memory planner: buffer ${r.id} has invalid lifetime [${r.first}, ${r.last}]`);
  }
}

/** True if the two lifetimes (inclusive step ranges) share at least one step. */
export function overlapsInTime(a: BufferRequest, b: BufferRequest): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Maximum, over all steps, of the sum of (aligned) sizes of the buffers live at that step.
 * No valid plan can have a smaller arena. `alignment` defaults to 1 (raw sizes).
 */
export function lowerBound(requests: readonly BufferRequest[], alignment = 1): number {
  assertAlignment(alignment);
  // Sweep line over events: +size at `first`, -size at `last + 1`; removals sort before additions.
  const events: Array<[step: number, delta: number]> = [];
  for (const r of requests) {
    const s = alignUp(r.size, alignment);
    if (s === 0) continue;
    events.push([r.first, s], [r.last + 1, -s]);
  }
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let live = 0;
  let best = 0;
  for (const [, delta] of events) {
    live += delta;
    if (live > best) best = live;
  }
  return best;
}

interface Placed {
  offset: number;
  end: number; // offset + aligned size (exclusive)
  first: number;
  last: number;
}

/**
 * Assign arena offsets. Buffers are placed largest first (ties: earlier `first`, then smaller id),
 * each at the lowest aligned offset that does not collide in address with an already-placed buffer
 * whose lifetime overlaps. Sizes are rounded up to `alignment` for placement; zero-size buffers get
 * offset 0 and never collide. Ids must be unique. Throws RangeError on invalid input.
 */
export function planMemory(requests: readonly BufferRequest[], alignment: number): MemoryPlan {
  assertAlignment(alignment);
  const seen = new Set<number>();
  for (const r of requests) {
    assertRequest(r);
    if (seen.has(r.id)) throw new RangeError(`memory planner: duplicate buffer id ${r.id}`);
    seen.add(r.id);
  }

  const order = requests.map((_, i) => i);
  order.sort((i, j) => {
    const a = requests[i];
    const b = requests[j];
    return b.size - a.size || a.first - b.first || a.id - b.id;
  });

  const offsets = new Array<number>(requests.length).fill(0);
  // Placed non-empty buffers, kept sorted by offset (then end) so gaps can be scanned in one pass.
  const placed: Placed[] = [];
  let arenaEnd = 0;

  for (const idx of order) {
    const r = requests[idx];
    const size = alignUp(r.size, alignment);
    if (size === 0) continue; // offset stays 0; never collides

    let candidate = 0;
    for (const p of placed) {
      if (p.first > r.last || r.first > p.last) continue; // not live at the same time
      if (candidate + size <= p.offset) break; // fits in the gap before p
      if (p.end > candidate) candidate = p.end;
    }
    offsets[idx] = candidate;
    const entry: Placed = { offset: candidate, end: candidate + size, first: r.first, last: r.last };
    placed.splice(insertionIndex(placed, entry), 0, entry);
    if (entry.end > arenaEnd) arenaEnd = entry.end;
  }

  const buffers: PlannedBuffer[] = requests.map((r, i) => ({
    id: r.id,
    size: r.size,
    first: r.first,
    last: r.last,
    offset: offsets[i],
  }));
  return {
    buffers,
    arenaSize: alignUp(arenaEnd, alignment),
    lowerBound: lowerBound(requests, alignment),
    alignment,
  };
}

/** Binary search: first index whose (offset, end) is greater than the entry's. */
function insertionIndex(placed: readonly Placed[], e: Placed): number {
  let lo = 0;
  let hi = placed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = placed[mid];
    if (p.offset < e.offset || (p.offset === e.offset && p.end <= e.end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MAX_VIOLATIONS = 100;

/**
 * Validate a plan. Returns human-readable violations (empty if the plan is valid): invalid sizes or
 * lifetimes, misaligned or negative offsets, buffers extending past `arenaSize`, and pairs of
 * buffers that are live at the same step and overlap in address. Reports at most 100 violations.
 */
export function checkPlan(plan: MemoryPlan): string[] {
  const out: string[] = [];
  let dropped = 0;
  const report = (msg: string): void => {
    if (out.length < MAX_VIOLATIONS) out.push(msg);
    else dropped++;
  };

  const { alignment, arenaSize } = plan;
  if (!Number.isSafeInteger(alignment) || alignment < 1) {
    return [`alignment ${alignment} is not a positive integer`];
  }
  if (!Number.isSafeInteger(arenaSize) || arenaSize < 0) {
    report(`arenaSize ${arenaSize} is not a non-negative integer`);
  } else if (arenaSize % alignment !== 0) {
    report(`arenaSize ${arenaSize} is not a multiple of alignment ${alignment}`);
  }

  const ok: PlannedBuffer[] = [];
  for (const b of plan.buffers) {
    let valid = true;
    if (!Number.isSafeInteger(b.size) || b.size < 0) {
      report(`buffer ${b.id}: invalid size ${b.size}`);
      valid = false;
    }
    if (!Number.isSafeInteger(b.first) || !Number.isSafeInteger(b.last) || b.first > b.last) {
      report(`buffer ${b.id}: invalid lifetime [${b.first}, ${b.last}]`);
      valid = false;
    }
    if (!Number.isSafeInteger(b.offset) || b.offset < 0) {
      report(`buffer ${b.id}: invalid offset ${b.offset}`);
      valid = false;
    } else if (b.offset % alignment !== 0) {
      report(`buffer ${b.id}: offset ${b.offset} is not aligned to ${alignment}`);
    }
    if (!valid) continue;
    if (b.size > 0 && b.offset + b.size > arenaSize) {
      report(`buffer ${b.id}: bytes [${b.offset}, ${b.offset + b.size}) exceed arenaSize ${arenaSize}`);
    }
    ok.push(b);
  }

  // Pairwise overlap check via a sweep over offsets: only buffers whose address ranges intersect are compared.
  const byOffset = ok.filter((b) => b.size > 0).sort((a, b) => a.offset - b.offset || a.id - b.id);
  for (let i = 0; i < byOffset.length; i++) {
    const a = byOffset[i];
    const aEnd = a.offset + a.size;
    for (let j = i + 1; j < byOffset.length && byOffset[j].offset < aEnd; j++) {
      const b = byOffset[j];
      if (overlapsInTime(a, b)) {
        report(
          `buffers ${a.id} [${a.offset}, ${aEnd}) steps ${a.first}..${a.last} and ` +
            `${b.id} [${b.offset}, ${b.offset + b.size}) steps ${b.first}..${b.last} overlap in address while both live`,
        );
      }
    }
  }

  if (dropped > 0) out.push(`... and ${dropped} more violation(s)`);
  return out;
}
