// Terminal formatting helpers for reports: aligned text tables, byte sizes, counts, shapes, compact JSON.

export type Align = 'l' | 'r';

/** Render rows as an aligned table with a header and a dashed rule; `align` per column (default left). */
export function table(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
    .join('  ').trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n') + '\n';
}

/** 12345 → "12,345". */
export function int(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes with a binary-unit hint: "12,544 B (12.2 KiB)". */
export function bytes(n: number): string {
  if (n < 1024) return `${int(n)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${int(n)} B (${v.toFixed(1)} ${units[u]})`;
}

/** Bytes in the largest binary unit that keeps them >= 1: 4194304 → "4 MiB", 1536 → "1.5 KiB", 512 → "512 B". */
export function binaryUnits(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(2)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(2)} KiB`;
  return `${n} B`;
}

/** A markdown table of cells as given (escape text with mdEscape); `align` per column (default left). */
export function mdTable(heads: string[], rows: string[][], align: readonly Align[] = []): string {
  const rule = heads.map((_, i) => (align[i] === 'r' ? '--:' : ':--'));
  return [heads, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

/** Text for a markdown table cell or HTML-ish context: escapes backslash, pipe and angle brackets. */
export const mdEscape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Large counts in engineering short form: 1234567 → "1.23 M". */
export function count(n: number): string {
  if (n < 1000) return String(n);
  const units = [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const;
  const [u, d] = units.find(([, d]) => n >= d)!;
  return `${(n / d).toFixed(2)} ${u}`;
}

export const shape = (s: readonly number[]): string => (s.length ? s.join('x') : 'scalar');

/** JSON with 2-space indentation, but arrays of numbers/strings (shapes) kept on one line. */
export function compactJson(value: unknown): string {
  const walk = (v: unknown, indent: string): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      const inner = indent + '  ';
      return `[\n${v.map((x) => inner + walk(x, inner)).join(',\n')}\n${indent}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      const inner = indent + '  ';
      return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${walk(x, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return walk(value, '') + '\n';
}
