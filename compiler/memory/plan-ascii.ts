// Terminal rendering of a memory plan: time (op steps) down, arena addresses across, plus a legend.

import type { MemoryPlan, PlannedBuffer } from "./planner.js";

const SYMBOLS =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#$%&*+=@?!~^<>/\\";
const EMPTY = ".";

export interface PlanAsciiOptions {
  /** Characters used for the arena axis (default 64). */
  width?: number;
  /** Maximum number of rows; if the plan spans more steps, consecutive steps share a row (default: one row per step). */
  steps?: number;
}

/**
 * Draw a plan as text. Each row is an op step (or a range of steps when `opts.steps` caps the row
 * count); each column is a slice of the arena scaled to `opts.width` characters. A cell shows the
 * symbol of the live buffer that covers most of that slice, or "." if none is live there. A legend
 * maps symbols to names, offsets, sizes and lifetimes; a summary line gives arena size and lower bound.
 */
export function renderPlanAscii(
  plan: MemoryPlan,
  names: (id: number) => string,
  opts: PlanAsciiOptions = {},
): string {
  const width = Math.max(1, Math.floor(opts.width ?? 64));
  const arena = plan.arenaSize;
  const bufs = plan.buffers;
  const lines: string[] = [];

  const pct = arena > 0 ? ` (${((100 * plan.lowerBound) / arena).toFixed(1)}% of arena)` : "";
  const summary =
    `arena size: ${arena} bytes, lower bound: ${plan.lowerBound} bytes${pct}, ` +
    `alignment: ${plan.alignment}, buffers: ${bufs.length}`;

  const symbolOf = new Map<PlannedBuffer, string>();
  bufs.forEach((b, i) => symbolOf.set(b, SYMBOLS[i % SYMBOLS.length]));

  const drawable = bufs.filter((b) => b.size > 0);
  if (arena > 0 && drawable.length > 0) {
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const b of bufs) {
      if (b.first < t0) t0 = b.first;
      if (b.last > t1) t1 = b.last;
    }
    t0 = Math.min(0, t0);
    const span = t1 - t0 + 1;
    const rows = opts.steps !== undefined ? Math.max(1, Math.min(span, Math.floor(opts.steps))) : span;
    const perRow = Math.ceil(span / rows);
    const rowCount = Math.ceil(span / perRow);

    const labels: string[] = [];
    for (let r = 0; r < rowCount; r++) {
      const a = t0 + r * perRow;
      const z = Math.min(t1, a + perRow - 1);
      labels.push(a === z ? `${a}` : `${a}-${z}`);
    }
    const labelW = Math.max(4, ...labels.map((l) => l.length));

    // Address axis: "0" on the left, arena size on the right.
    const right = `${arena}`;
    const axis = right.length + 1 < width ? "0" + " ".repeat(width - 1 - right.length) + right : "0".padEnd(width);
    lines.push(`${"step".padStart(labelW)} |${axis}|`);

    const colStart = (c: number): number => (c * arena) / width;
    for (let r = 0; r < rowCount; r++) {
      const a = t0 + r * perRow;
      const z = a + perRow - 1;
      const best = new Array<number>(width).fill(0);
      const cells = new Array<string>(width).fill(EMPTY);
      for (const b of drawable) {
        if (b.last < a || b.first > z) continue;
        const lo = b.offset;
        const hi = b.offset + b.size;
        const c0 = Math.max(0, Math.floor((lo * width) / arena));
        const c1 = Math.min(width - 1, Math.max(c0, Math.ceil((hi * width) / arena) - 1));
        for (let c = c0; c <= c1; c++) {
          const cover = Math.min(hi, colStart(c + 1)) - Math.max(lo, colStart(c));
          if (cover > best[c]) {
            best[c] = cover;
            cells[c] = symbolOf.get(b)!;
          }
        }
      }
      lines.push(`${labels[r].padStart(labelW)} |${cells.join("")}|`);
    }
    lines.push("");
  } else {
    lines.push("(empty arena)", "");
  }

  // Legend, in input order.
  if (bufs.length > 0) {
    const nameStrs = bufs.map((b) => names(b.id));
    const nameW = Math.max(4, ...nameStrs.map((n) => n.length));
    const offW = Math.max(6, ...bufs.map((b) => `${b.offset}`.length));
    const sizeW = Math.max(4, ...bufs.map((b) => `${b.size}`.length));
    lines.push(`sym  ${"name".padEnd(nameW)}  ${"offset".padStart(offW)}  ${"size".padStart(sizeW)}  steps`);
    bufs.forEach((b, i) => {
      const note = b.size === 0 ? "  (empty, not drawn)" : "";
      lines.push(
        ` ${symbolOf.get(b)}   ${nameStrs[i].padEnd(nameW)}  ${`${b.offset}`.padStart(offW)}  ` +
          `${`${b.size}`.padStart(sizeW)}  ${b.first}..${b.last}${note}`,
      );
    });
    if (bufs.length > SYMBOLS.length) {
      lines.push(`(more than ${SYMBOLS.length} buffers: symbols repeat; use offsets to disambiguate)`);
    }
    lines.push("");
  }
  lines.push(summary);
  return lines.join("\n") + "\n";
}
