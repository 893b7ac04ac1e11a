// Parsing of size limits on the command line: byte sizes (64KiB, 1.5 MB, 4096), percentages (2%), key=value lists.

import { fail } from '../diagnostics/error.js';

/** Decimal (KB, MB, GB) and binary (KiB, MiB, GiB) units; a bare number or `B` is bytes. Case-insensitive. */
const UNITS: Record<string, number> = {
  '': 1, b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3,
};

export const UNITS_HELP = 'sizes are bytes with an optional unit: B, KB/MB/GB (powers of 1000), KiB/MiB/GiB (powers of 1024), e.g. 64KiB, 1.5MB, 4096';

/** A limit: a share of the base value (percent) or a number of bytes. */
export type Limit = { kind: 'percent'; value: number } | { kind: 'bytes'; value: number };

/** Bytes from `64KiB`, `1.5 MB`, `4096`, `512B` (a whole number of bytes after scaling); undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const v = Number(m[1]) * unit;
  return Number.isFinite(v) ? Math.round(v) : undefined;
}

/** A size limit, `2%` or a byte size; undefined when malformed. */
export function parseLimit(text: string): Limit | undefined {
  const pct = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$/.exec(text);
  if (pct) return { kind: 'percent', value: Number(pct[1]) };
  const b = parseByteSize(text);
  return b === undefined ? undefined : { kind: 'bytes', value: b };
}

export const limitText = (l: Limit): string => (l.kind === 'percent' ? `${l.value}%` : `${l.value} B`);

/**
 * Split an option value into `key=value` entries (comma-separated; the option may also be repeated, hence a list).
 * A bare value (no `=`) gets the key `undefined` when `bare` allows it. Keys are checked with `checkKey`, which
 * returns an error message for a bad key. AOTC0061 on any malformed entry.
 */
export function parseEntries(flag: string, values: readonly string[], opts: { bare: boolean; checkKey: (key: string) => string | undefined; example: string }):
  { key: string | undefined; value: string }[] {
  const out: { key: string | undefined; value: string }[] = [];
  for (const raw of values) {
    for (const part of raw.split(',').map((p) => p.trim())) {
      if (part === '') fail('AOTC0061', `${flag} '${raw}' has an empty entry`, undefined, `write it as ${opts.example}`);
      const eq = part.indexOf('=');
      if (eq < 0) {
        if (!opts.bare) fail('AOTC0061', `${flag} entry '${part}' needs a name: name=value`, undefined, `write it as ${opts.example}`);
        out.push({ key: undefined, value: part });
        continue;
      }
      const key = part.slice(0, eq).trim(), value = part.slice(eq + 1).trim();
      const bad = key === '' ? 'an empty name' : opts.checkKey(key);
      if (bad) fail('AOTC0061', `${flag} entry '${part}': ${bad}`, undefined, `write it as ${opts.example}`);
      out.push({ key, value });
    }
  }
  return out;
}
