// Tests TFLite-exact requantization parameters and the host model of the fixed-point arithmetic.
import { describe, expect, it } from 'vitest';
import { activationRange, frexp, multiplyByQuantizedMultiplier, quantizeMultiplier, rdbpot, srdhm } from '../../compiler/quant/multiplier.js';

describe('quantizeMultiplier', () => {
  it('matches frexp exactly', () => {
    for (const x of [1, 0.5, 0.75, 3, 1e-10, 123456.789, 2 ** -40, Math.fround(0.1)]) {
      const [m, e] = frexp(x);
      expect(m).toBeGreaterThanOrEqual(0.5);
      expect(m).toBeLessThan(1);
      expect(m * 2 ** e).toBe(x);
    }
  });
  it('gives Q31 multipliers and shifts like TFLite', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 2 ** 30, shift: 0 });
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
    expect(quantizeMultiplier(2 ** -40)).toEqual({ multiplier: 0, shift: 0 });
    // 1 - 2^-33 rounds up to 2^31 and renormalises.
    expect(quantizeMultiplier(1 - 2 ** -33)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    const { multiplier, shift } = quantizeMultiplier(0.0012345);
    expect(multiplier).toBeGreaterThanOrEqual(2 ** 30);
    expect(Math.abs(multiplier * 2 ** (shift - 31) - 0.0012345)).toBeLessThan(1e-12);
  });
});

describe('fixed point', () => {
  it('rounds like gemmlowp', () => {
    expect(rdbpot(5, 1)).toBe(3);
    expect(rdbpot(-5, 1)).toBe(-3);
    expect(rdbpot(-4, 1)).toBe(-2);
    expect(srdhm(-(2 ** 31), -(2 ** 31))).toBe(2 ** 31 - 1);
    expect(srdhm(2 ** 30, 2 ** 30)).toBe(2 ** 29);
  });
  it('requantizes close to the real product', () => {
    let s = 7;
    for (let i = 0; i < 1000; i++) {
      s = (s * 48271) % 2147483647;
      const real = (s % 1000) / 1000 * 0.01 + 1e-5, x = (s % 200001) - 100000;
      const { multiplier, shift } = quantizeMultiplier(real);
      expect(Math.abs(multiplyByQuantizedMultiplier(x, multiplier, shift) - x * real)).toBeLessThanOrEqual(1);
    }
  });
  it('computes fused activation ranges in the output domain', () => {
    expect(activationRange('NONE', 0.1, -128, -128, 127)).toEqual([-128, 127]);
    expect(activationRange('RELU', 0.1, -5, -128, 127)).toEqual([-5, 127]);
    expect(activationRange('RELU6', 0.05, -128, -128, 127)).toEqual([-128, -8]);
  });
});
