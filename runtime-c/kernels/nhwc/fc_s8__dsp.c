/* fc_s8__dsp.c: int8 fully connected layer with few rows, weights pre-extended to int16 pairs, Armv7E-M DSP (SMLAD). */
#if defined(__ARM_FEATURE_DSP)

/* One group of 4 k values for 4 channels: x pairs from [xs] (LDRD), 8 weight words from [wp] (two LDMs into r8-r11). */
#define AOTC_FC4_STEP_DSP                          \
    "ldrd %[e], %[o], [%[xs]], #8\n\t"             \
    "ldmia.w %[wp]!, {r8, r9, r10, r11}\n\t"       \
    "smlad %[a0], %[e], r8, %[a0]\n\t"             \
    "smlad %[a0], %[o], r9, %[a0]\n\t"             \
    "smlad %[a1], %[e], r10, %[a1]\n\t"            \
    "smlad %[a1], %[o], r11, %[a1]\n\t"            \
    "ldmia.w %[wp]!, {r8, r9, r10, r11}\n\t"       \
    "smlad %[a2], %[e], r8, %[a2]\n\t"             \
    "smlad %[a2], %[o], r9, %[a2]\n\t"             \
    "smlad %[a3], %[e], r10, %[a3]\n\t"            \
    "smlad %[a3], %[o], r11, %[a3]\n\t"

static void aotc_fc_s8__dsp(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT w16,
                            const int32_t *AOTC_RESTRICT prm, int8_t *AOTC_RESTRICT y, int32_t *AOTC_RESTRICT scratch,
                            int32_t rows, int32_t k, int32_t oc, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* y[r, o] = requant(bias[o] + sum_i x[r, i] * w[o, i]). w16: channels in groups of 4 (zero-padded), per group and
     * 4 k values the words (w0,w2),(w1,w3) of each channel; prm: {bias, m, B, e} per (padded) channel. The row is
     * packed into scratch as (x0,x2),(x1,x3) words (2 * ceil(k / 4) words, zero-padded). */
    const int32_t kq = (k + 3) >> 2;
    const int32_t full = act_min == -128 && act_max == 127;
    for (int32_t r = 0; r < rows; r++) {
        const int8_t *xr = x + (size_t)r * k;
        int8_t *yr = y + (size_t)r * oc;
        for (int32_t q = 0; q < kq; q++) {
            uint32_t v = 0;
            if (4 * q + 4 <= k) {
                v = (uint32_t)aotc_ld4_dsp(xr + 4 * q);
            } else {
                for (int32_t i = 0; 4 * q + i < k; i++) v |= (uint32_t)(uint8_t)xr[4 * q + i] << (8 * i);
            }
            scratch[2 * q] = AOTC_EVEN_DSP((int32_t)v);
            scratch[2 * q + 1] = AOTC_ODD_DSP((int32_t)v);
        }
        const int32_t *wp = w16;
        for (int32_t o = 0; o < oc; o += 4) {
            const int32_t *p = prm + 4 * o;
            int32_t a0 = p[0], a1 = p[4], a2 = p[8], a3 = p[12], e, od;
            const int32_t *xs = scratch;
            int32_t n = kq;
            __asm__ volatile("1:\n\t" AOTC_FC4_STEP_DSP
                             "subs %[n], %[n], #1\n\t"
                             "bne 1b\n\t"
                             : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [xs] "+r"(xs), [wp] "+r"(wp),
                               [e] "=&r"(e), [o] "=&r"(od), [n] "+r"(n)
                             :
                             : "r8", "r9", "r10", "r11", "cc", "memory");
            const int32_t left = oc - o;
            if (full) {
                yr[o] = aotc_clamp_dsp(aotc_rq_dsp(a0, p, out_zp), act_min, act_max, 1);
                if (left > 1) yr[o + 1] = aotc_clamp_dsp(aotc_rq_dsp(a1, p + 4, out_zp), act_min, act_max, 1);
                if (left > 2) yr[o + 2] = aotc_clamp_dsp(aotc_rq_dsp(a2, p + 8, out_zp), act_min, act_max, 1);
                if (left > 3) yr[o + 3] = aotc_clamp_dsp(aotc_rq_dsp(a3, p + 12, out_zp), act_min, act_max, 1);
            } else {
                yr[o] = aotc_clamp_dsp(aotc_rq_dsp(a0, p, out_zp), act_min, act_max, 0);
                if (left > 1) yr[o + 1] = aotc_clamp_dsp(aotc_rq_dsp(a1, p + 4, out_zp), act_min, act_max, 0);
                if (left > 2) yr[o + 2] = aotc_clamp_dsp(aotc_rq_dsp(a2, p + 8, out_zp), act_min, act_max, 0);
                if (left > 3) yr[o + 3] = aotc_clamp_dsp(aotc_rq_dsp(a3, p + 12, out_zp), act_min, act_max, 0);
            }
        }
    }
}
#endif
