// TFLite Prepare-time helpers of the gemmlowp-based kernels: input radius, int16 multipliers, softmax input scaling.

import { frexp, quantizeMultiplier, roundHalfAway, type QuantizedMultiplier } from './multiplier.js';

/** TFLite CalculateInputRadius: the largest |input| (in input steps) whose rescaled value still fits the fixed-point range. */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  return Math.floor((2 ** inputIntegerBits - 1) * 2 ** (totalSignedBits - inputIntegerBits) / 2 ** inputLeftShift);
}

/** TFLite DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15. */
export function downScaleInt32ToInt16Multiplier(m: number): number {
  if (m >= 2 ** 31 - 1 - 2 ** 15) return 32767;
  return Math.floor((m + 2 ** 15) / 2 ** 16);
}

/**
 * TFLite PreprocessSoftmaxScaling (double rounding build): beta · input scale on a Q(inputIntegerBits) grid as a
 * multiplier > 1 and a left shift; undefined when the product is <= 1 (TFLite aborts there).
 */
export function preprocessSoftmaxScaling(beta: number, inputScale: number, inputIntegerBits: number): QuantizedMultiplier | undefined {
  const real = Math.min(beta * inputScale * 2 ** (31 - inputIntegerBits), 2 ** 31 - 1);
  if (!(real > 1)) return undefined;
  return quantizeMultiplier(real);
}

/**
 * The input multiplier of TFLite's int8 LOGISTIC and TANH: frexp of scale · 2^(31 - integer bits), rounded to Q31
 * without the carry fix of QuantizeMultiplier (a mantissa rounding up to 2^31 wraps to INT32_MIN there, as on x86).
 */
export function frexpMultiplier(real: number): QuantizedMultiplier {
  const [m, e] = frexp(real);
  const fixed = roundHalfAway(m * 2 ** 31);
  return { multiplier: fixed === 2 ** 31 ? -(2 ** 31) : fixed, shift: e };
}
