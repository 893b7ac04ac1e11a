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

/** Comma-separated bytes, 16 per line, for C arrays. */
export function byteRows(bytes: Uint8Array, indent = '    '): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    rows.push(indent + Array.from(bytes.subarray(i, i + 16), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ') + ',');
  }
  return rows.join('\n');
}
