// Tests dtype helpers: float16 conversion (every bit pattern, ties to even) and byte round trips.
import { describe, expect, it } from 'vitest';
import { arrayFrom, DTYPES, f16BitsToF32, f32ToF16Bits, fromBytes, toBytes } from '../../compiler/ir/dtype.js';

describe('float16', () => {
  it('round-trips every non-NaN bit pattern', () => {
    for (let h = 0; h < 0x10000; h++) {
      const f = f16BitsToF32(h);
      if (Number.isNaN(f)) { expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(f)))).toBe(true); continue; }
      expect(f32ToF16Bits(f)).toBe(h);
    }
  });
  it('rounds to nearest even and saturates to infinity', () => {
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even (1.0)
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (1 + 2^-9)
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f32ToF16Bits(2 ** -25)).toBe(0); // tie between 0 and the smallest subnormal → 0
    expect(f32ToF16Bits(-0)).toBe(0x8000);
  });
});

describe('bytes', () => {
  it('round-trips every dtype, also from a Buffer view at an offset', () => {
    for (const t of DTYPES) {
      const a = arrayFrom(t, [0, 1, 2, 3, 100, 7]);
      const bytes = toBytes(a, t);
      const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
      expect(Array.from(fromBytes(pooled, t), Number)).toEqual(Array.from(a, Number));
    }
  });
});
