// TFLite's fixed-point requantization parameters, computed at compile time exactly as TFLite computes them.

/** frexp: x = m · 2^e with 0.5 <= |m| < 1 (m = 0, e = 0 for x = 0), exact for finite doubles. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * 2 ** -e;
  while (Math.abs(m) < 0.5) { m *= 2; e--; }
  while (Math.abs(m) >= 1) { m /= 2; e++; }
  return [m, e];
}

/** C's std::round: halves away from zero. */
export const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

export interface QuantizedMultiplier { multiplier: number; shift: number }

/**
 * TFLite QuantizeMultiplier (double rounding build, as TFLite Micro ships): multiplier in [2^30, 2^31) as Q31,
 * shift > 0 means a left shift. Shifts below -31 give (0, 0).
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const [q, e] = frexp(real);
  let fixed = roundHalfAway(q * 2 ** 31);
  let shift = e;
  if (fixed === 2 ** 31) { fixed /= 2; shift++; }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: fixed, shift };
}

/** TFLite QuantizeMultiplierSmallerThanOneExp: for 0 < real < 1, left shift <= 0. */
export function quantizeMultiplierSmallerThanOne(real: number): QuantizedMultiplier {
  if (!(real > 0 && real < 1)) throw new Error(`multiplier ${real} is not in (0, 1)`);
  return quantizeMultiplier(real);
}

const INT32_MIN = -(2 ** 31), INT32_MAX = 2 ** 31 - 1;

/** Host model of the C kernels' arithmetic (for folding and tests): gemmlowp SaturatingRoundingDoublingHighMul. */
export function srdhm(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C
}

/** gemmlowp RoundingDivideByPOT: round half away from zero. */
export function rdbpot(x: number, exponent: number): number {
  const mask = (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** TFLite MultiplyByQuantizedMultiplier (int32 x, double rounding). */
export function multiplyByQuantizedMultiplier(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  return rdbpot(srdhm(Number(BigInt.asIntN(32, BigInt(x) << BigInt(left))), m), right);
}

/** Quantize a real value into the integer domain of (scale, zeroPoint), TFLite-style (round half away). */
export function quantizeValue(real: number, scale: number, zeroPoint: number): number {
  return zeroPoint + roundHalfAway(real / scale);
}

/**
 * TFLite CalculateActivationRangeQuantized: the clamp range in the output's integer domain for a fused
 * activation ('NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'), intersected with the type's range.
 */
export function activationRange(act: string, scale: number, zeroPoint: number, qmin: number, qmax: number): [number, number] {
  const q = (v: number) => zeroPoint + roundHalfAway(Math.fround(v / scale));
  switch (act) {
    case 'NONE': return [qmin, qmax];
    case 'RELU': return [Math.max(qmin, q(0)), qmax];
    case 'RELU6': return [Math.max(qmin, q(0)), Math.min(qmax, q(6))];
    case 'RELU_N1_TO_1': return [Math.max(qmin, q(-1)), Math.min(qmax, q(1))];
    default: throw new Error(`fused activation ${act} has no quantized range`);
  }
}
