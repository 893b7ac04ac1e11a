/* qhard_swish__ref.c: TFLite int8 HARD_SWISH: 16-bit fixed point, input on a 2^7 finer grid, reluish factor in [0, 1]. */

/* Two's-complement wrap to int16 (the implicit int -> int16_t conversions of the reference). */
static inline AOTC_UNUSED int32_t aotc_hs_wrap16(int32_t v) {
    const int32_t u = (int32_t)((uint32_t)v & 0xffffu);
    return u >= 32768 ? u - 65536 : u;
}

/* gemmlowp SaturatingRoundingDoublingHighMul on int16. */
static inline AOTC_UNUSED int32_t aotc_hs_srdhm16(int32_t a, int32_t b) {
    if (a == -32768 && b == -32768) return 32767;
    const int32_t ab = a * b;
    return aotc_hs_wrap16((ab + (ab >= 0 ? (1 << 14) : (1 - (1 << 14)))) / (1 << 15));
}

/* The reference's non-rounding SaturatingDoublingHighMul on int16 (truncates toward zero). */
static inline AOTC_UNUSED int32_t aotc_hs_sdhm16(int32_t a, int32_t b) {
    if (a == -32768 && b == -32768) return 32767;
    return aotc_hs_wrap16(a * b / (1 << 15));
}

/* gemmlowp RoundingDivideByPOT instantiated on int16 (mask and threshold live in int16). */
static inline AOTC_UNUSED int32_t aotc_hs_rdbpot16(int32_t x, int32_t e) {
    const int32_t mask = aotc_hs_wrap16((int32_t)(uint32_t)((UINT64_C(1) << e) - 1u));
    const int32_t remainder = aotc_hs_wrap16(x & mask);
    const int32_t threshold = aotc_hs_wrap16((mask >> 1) + (x < 0 ? 1 : 0));
    return aotc_hs_wrap16((x >> e) + (remainder > threshold ? 1 : 0));
}

/* value * 2^amount saturated to int16. */
static inline AOTC_UNUSED int32_t aotc_hs_shl_sat16(int32_t v, int32_t amount) {
    const int64_t r = (int64_t)v * (INT64_C(1) << amount);
    return r > 32767 ? 32767 : (r < -32768 ? -32768 : (int32_t)r);
}

static void aotc_qhard_swish__ref(const int8_t *x, int8_t *y, int32_t n, int32_t in_zp, int32_t out_zp,
                                  int32_t out_mult16, int32_t out_exp, int32_t relu_mult16, int32_t relu_exp) {
    for (int32_t i = 0; i < n; i++) {
        const int32_t hires = aotc_hs_wrap16(aotc_hs_wrap16(x[i] - in_zp) * (1 << 7));
        const int32_t pre_out = aotc_hs_srdhm16(hires, out_mult16);
        int32_t relu = hires;
        if (relu_exp > 0) relu = aotc_hs_shl_sat16(relu, relu_exp - 1);
        relu = aotc_hs_srdhm16(relu, relu_mult16);
        if (relu_exp > 0) relu = aotc_hs_shl_sat16(relu, 1);
        if (relu_exp < 0) relu = aotc_hs_rdbpot16(relu, -relu_exp);
        relu = aotc_hs_wrap16((relu + (1 << 15)) >> 1);
        int32_t v = aotc_hs_rdbpot16(aotc_hs_sdhm16(relu, pre_out), -out_exp);
        v = aotc_hs_wrap16(v + out_zp);
        y[i] = (int8_t)aotc_qclamp(v, -128, 127);
    }
}
