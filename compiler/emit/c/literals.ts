// Exact C literals for numbers (float round-trips, infinities, int64) and arrays.

export function floatLit(x: number): string {
  if (Number.isNaN(x)) return 'NAN';
  if (x === Infinity) return 'INFINITY';
  if (x === -Infinity) return '-INFINITY';
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f > 0 ? 'INFINITY' : '-INFINITY';
  let s = String(f);
  if (Math.fround(Number(s)) !== f) s = f.toPrecision(9);
  if (!/[.eE]/.test(s)) s += '.0';
  return `${s}f`;
}

export function doubleLit(x: number): string {
  if (Number.isNaN(x)) return 'NAN';
  if (x === Infinity) return '((double)INFINITY)';
  if (x === -Infinity) return '(-(double)INFINITY)';
  let s = String(x);
  if (!/[.eE]/.test(s)) s += '.0';
  return s;
}

export function intLit(x: number): string {
  if (!Number.isInteger(x) || x < -2147483648 || x > 2147483647) throw new Error(`int32 literal out of range: ${x}`);
  return x === -2147483648 ? '(-2147483647 - 1)' : String(x);
}

export function i64Lit(x: bigint | number): string {
  const b = BigInt(x);
  if (b === -(2n ** 63n)) return '(-INT64_C(9223372036854775807) - 1)';
  return `INT64_C(${b})`;
}

const HEX_DIGITS = '0123456789abcdef';

/** Comma-separated bytes, 16 per line, for C arrays; written into one buffer (weights are megabytes). */
export function byteRows(bytes: Uint8Array, indent = '    '): string {
  if (bytes.length === 0) return '';
  const rows = Math.ceil(bytes.length / 16);
  const out = Buffer.alloc(rows * (indent.length + 1) + bytes.length * 6 - rows);
  let p = 0;
  for (let i = 0; i < bytes.length; i++) {
    const col = i % 16;
    if (col === 0) { if (i > 0) out[p++] = 10; p += out.write(indent, p, 'latin1'); } else out[p++] = 32;
    out[p++] = 48; out[p++] = 120; // "0x"
    out[p++] = HEX_DIGITS.charCodeAt(bytes[i] >> 4);
    out[p++] = HEX_DIGITS.charCodeAt(bytes[i] & 15);
    out[p++] = 44; // ","
  }
  return out.toString('latin1', 0, p);
}
