/* gemmlowp__ref.h: gemmlowp fixed-point math on int32 raw values (exp, 1/(1+x), logistic, tanh), as TFLite uses it. */
#ifndef AOTC_GEMMLOWP_REF_H
#define AOTC_GEMMLOWP_REF_H

/* Needs quant/fixedpoint__ref.h (aotc_srdhm, aotc_rdbpot) first. gemmlowp adds int32 raw values without
 * saturation; these wrap like the two's-complement hardware TFLite runs on, without C undefined behaviour. */
static inline AOTC_UNUSED int32_t aotc_gl_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline AOTC_UNUSED int32_t aotc_gl_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline AOTC_UNUSED int32_t aotc_gl_neg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }

/* x * 2^e for 0 <= e < 31, saturating: gemmlowp SaturatingRoundingMultiplyByPOT with a positive exponent. */
static inline AOTC_UNUSED int32_t aotc_gl_shl_sat(int32_t x, int32_t e) {
    const int32_t threshold = (int32_t)((UINT32_C(1) << (31 - e)) - 1u);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << e);
}

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero. */
static inline AOTC_UNUSED int32_t aotc_gl_half_sum(int32_t a, int32_t b) {
    const int64_t sum = (int64_t)a + (int64_t)b;
    return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* Leading zero bits of x (32 for 0). */
static inline AOTC_UNUSED int32_t aotc_gl_clz32(uint32_t x) {
    int32_t n = 0;
    if (x == 0u) return 32;
    while (!(x & 0x80000000u)) { x <<= 1; n++; }
    return n;
}

/* exp(a) for a in [-1/4, 0) (Q0.31): Taylor series around -1/8. */
static inline AOTC_UNUSED int32_t aotc_gl_exp_quarter(int32_t a) {
    const int32_t exp_minus_eighth = 1895147668, one_third = 715827883;
    const int32_t x = aotc_gl_add(a, INT32_C(1) << 28);
    const int32_t x2 = aotc_srdhm(x, x), x3 = aotc_srdhm(x2, x), x4 = aotc_srdhm(x2, x2);
    const int32_t x4_over_4 = aotc_rdbpot(x4, 2);
    const int32_t tail = aotc_rdbpot(aotc_gl_add(aotc_srdhm(aotc_gl_add(x4_over_4, x3), one_third), x2), 1);
    return aotc_gl_add(exp_minus_eighth, aotc_srdhm(exp_minus_eighth, aotc_gl_add(x, tail)));
}

/* exp(a) for a <= 0 with `int_bits` integer bits, result Q0.31: the quarter-interval series times
 * exp(-2^k) factors selected by the bits of the remainder (gemmlowp exp_on_negative_values). */
static inline AOTC_UNUSED int32_t aotc_gl_exp_neg(int32_t a, int32_t int_bits) {
    const int32_t factors[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t frac = 31 - int_bits;
    const int32_t quarter = INT32_C(1) << (frac - 2);
    const int32_t a_mod = aotc_gl_sub(a & (quarter - 1), quarter);
    const int32_t remainder = aotc_gl_sub(a_mod, a);
    int32_t result = aotc_gl_exp_quarter(aotc_gl_shl_sat(a_mod, int_bits));
    for (int32_t k = 0; k < 7; k++) {
        const int32_t exponent = k - 2; /* factor k is exp(-2^exponent) */
        if (int_bits > exponent && (remainder & (INT32_C(1) << (frac + exponent)))) result = aotc_srdhm(result, factors[k]);
    }
    if (int_bits > 5 && a < -(INT32_C(1) << (36 - int_bits))) result = 0;
    if (a == 0) result = INT32_MAX;
    return result;
}

/* Three Newton-Raphson steps for 1/d with d = half_den in [1/2, 1] (Q2.29 result). */
static inline AOTC_UNUSED int32_t aotc_gl_recip_half(int32_t half_den) {
    int32_t x = aotc_gl_add(1515870810, aotc_srdhm(half_den, -1010580540));
    for (int32_t i = 0; i < 3; i++) {
        const int32_t one_minus = aotc_gl_sub(INT32_C(1) << 29, aotc_srdhm(half_den, x));
        x = aotc_gl_add(x, aotc_gl_shl_sat(aotc_srdhm(x, one_minus), 2));
    }
    return x;
}

/* 1 / (1 + a) for a in [0, 1) (Q0.31 in and out). */
static inline AOTC_UNUSED int32_t aotc_gl_one_over_one_plus_x(int32_t a) {
    return aotc_gl_shl_sat(aotc_gl_recip_half(aotc_gl_half_sum(a, INT32_MAX)), 1);
}

/* (1 - a) / (1 + a) for a in [0, 1) (Q0.31 in and out). */
static inline AOTC_UNUSED int32_t aotc_gl_one_minus_x_over_one_plus_x(int32_t a) {
    return aotc_gl_shl_sat(aotc_gl_sub(aotc_gl_recip_half(aotc_gl_half_sum(a, INT32_MAX)), INT32_C(1) << 29), 2);
}

/* logistic(a), a with `int_bits` integer bits, result Q0.31. */
static inline AOTC_UNUSED int32_t aotc_gl_logistic(int32_t a, int32_t int_bits) {
    const int32_t abs_a = a > 0 ? a : aotc_gl_neg(a);
    const int32_t pos = aotc_gl_one_over_one_plus_x(aotc_gl_exp_neg(aotc_gl_neg(abs_a), int_bits));
    if (a == 0) return INT32_C(1) << 30;
    return a > 0 ? pos : aotc_gl_sub(INT32_MAX, pos);
}

/* tanh(a), a with `int_bits` integer bits, result Q0.31. */
static inline AOTC_UNUSED int32_t aotc_gl_tanh(int32_t a, int32_t int_bits) {
    const int32_t n = a < 0 ? a : aotc_gl_neg(a);
    const int32_t t = aotc_gl_one_minus_x_over_one_plus_x(aotc_gl_exp_neg(n, int_bits + 1));
    if (a == 0) return 0;
    return a < 0 ? aotc_gl_neg(t) : t;
}

#endif
