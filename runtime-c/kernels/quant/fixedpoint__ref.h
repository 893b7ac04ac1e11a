/* fixedpoint__ref.h: TFLite / gemmlowp fixed-point requantization (double rounding, as TFLite Micro). */
#ifndef AOTC_FIXEDPOINT_REF_H
#define AOTC_FIXEDPOINT_REF_H

/* Q31 product of a and b, rounded to nearest, saturating INT32_MIN * INT32_MIN. */
static inline AOTC_UNUSED int32_t aotc_srdhm(int32_t a, int32_t b) {
    if (a == b && a == INT32_MIN) return INT32_MAX;
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? (INT64_C(1) << 30) : (INT64_C(1) - (INT64_C(1) << 30));
    return (int32_t)((ab + nudge) / (INT64_C(1) << 31));
}

/* x / 2^exponent rounded to nearest, halves away from zero. */
static inline AOTC_UNUSED int32_t aotc_rdbpot(int32_t x, int32_t exponent) {
    const int32_t mask = (int32_t)((UINT32_C(1) << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier: shift > 0 shifts left before the Q31 multiply, < 0 rounds right after. */
static inline AOTC_UNUSED int32_t aotc_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    return aotc_rdbpot(aotc_srdhm((int32_t)(uint32_t)((uint32_t)x << left), multiplier), right);
}

/* TFLite MultiplyByQuantizedMultiplier for int64 accumulators (16x8 conv / fully connected): the Q31 multiplier is
 * reduced to Q15 (rounded, saturated at 0x7FFF), then one rounding right shift by 15 - shift (shift < 8). */
static inline AOTC_UNUSED int32_t aotc_mbqm64(int64_t x, int32_t multiplier, int32_t shift) {
    const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
    const int32_t total = 15 - shift;
    const int64_t r = x * (int64_t)reduced + ((int64_t)1 << (total - 1));
    return (int32_t)(r >> total);
}

#endif
