/* qsoftmax__ref.c: TFLite int8 SOFTMAX over the last axis (gemmlowp exp, Q12 sum, fixed-point reciprocal), int8 or int16 out. */
static void aotc_qsoftmax__ref(const int8_t *x, void *y, int32_t out_kind, int32_t outer, int32_t depth,
                               int32_t beta_mult, int32_t beta_left_shift, int32_t diff_min) {
    const int32_t out_bits = out_kind == AOTC_QK_I16 ? 16 : 8;
    const int32_t out_min = aotc_qmin(out_kind), out_max = aotc_qmax(out_kind);
    /* rows of up to 16 keep their exponentials for the second pass (TFLM computes them twice; same values) */
    int32_t kept[16];
    const int32_t keep = depth <= 16;
    for (int32_t i = 0; i < outer; i++) {
        const int8_t *row = x + (size_t)i * depth;
        int32_t max = -128, sum = 0, bits_over_unit, headroom;
        for (int32_t c = 0; c < depth; c++) max = row[c] > max ? row[c] : max;
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = row[c] - max;
            if (diff < diff_min) continue;
            const int32_t scaled = aotc_srdhm((int32_t)((uint32_t)diff << beta_left_shift), beta_mult);
            const int32_t e = aotc_gl_exp_neg(scaled, 5);
            if (keep) kept[c] = e;
            sum = aotc_gl_add(sum, aotc_rdbpot(e, 12)); /* Q0.31 -> Q12.19 */
        }
        /* 1 / sum: normalise the sum to [1, 2), reciprocal of 1 + fraction, exponent back out. */
        headroom = aotc_gl_clz32((uint32_t)sum);
        bits_over_unit = 12 - headroom;
        const int32_t recip = aotc_gl_one_over_one_plus_x((int32_t)(((uint32_t)sum << headroom) - (UINT32_C(1) << 31)));
        const int32_t exponent = bits_over_unit + 31 - out_bits;
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = row[c] - max;
            int32_t v = out_min;
            if (diff >= diff_min) {
                const int32_t e = keep ? kept[c]
                    : aotc_gl_exp_neg(aotc_srdhm((int32_t)((uint32_t)diff << beta_left_shift), beta_mult), 5);
                /* exponent > 31 (>= 2^(39 - out_bits) equal maxima, TFLM aborts there): the quotient rounds to 0. */
                const int32_t p = exponent > 31 ? 0 : aotc_rdbpot(aotc_srdhm(recip, e), exponent);
                v = aotc_qclamp(p + out_min, out_min, out_max);
            }
            aotc_qstore(y, i * depth + c, out_kind, v);
        }
    }
}
