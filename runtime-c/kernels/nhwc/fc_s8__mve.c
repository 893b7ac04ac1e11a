/* fc_s8__mve.c: int8 fully connected layer with few rows, Armv8.1-M MVE (VMLADAVA, 1 row x 4 channels per tile). */
#if defined(__ARM_FEATURE_MVE)
static void aotc_fc_s8__mve(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT wv, const int32_t *AOTC_RESTRICT prm,
                            int8_t *AOTC_RESTRICT y, int32_t rows, int32_t k, int32_t oc, int32_t out_zp,
                            int32_t act_min, int32_t act_max) {
    /* w: channels in groups of 4 (zero-padded), per group and 16 k values the 16 weights of each channel (zero-padded);
     * prm per group 16 words: bias, m, l, ne (4 lanes each). */
    const int32x4_t vlo = vdupq_n_s32(act_min), vhi = vdupq_n_s32(act_max);
    for (int32_t r = 0; r < rows; r++) {
        const int8_t *xr = x + (size_t)r * k, *w = (const int8_t *)wv;
        const int32_t *p = prm;
        for (int32_t o = 0; o < oc; o += 4, p += 16) {
            int32_t a0 = p[0], a1 = p[1], a2 = p[2], a3 = p[3];
            const int8_t *xp = xr;
            for (int32_t i = 0; i < k; i += 16) {
                const int8x16_t v = vldrbq_z_s8(xp, vctp8q((uint32_t)(k - i)));
                a0 = vmladavaq_s8(a0, v, vldrbq_s8(w));
                a1 = vmladavaq_s8(a1, v, vldrbq_s8(w + 16));
                a2 = vmladavaq_s8(a2, v, vldrbq_s8(w + 32));
                a3 = vmladavaq_s8(a3, v, vldrbq_s8(w + 48));
                xp += 16; w += 64;
            }
            const int32x4_t q = aotc_rq_mve(aotc_v4_mve(a0, a1, a2, a3), vldrwq_s32(p + 4), vldrwq_s32(p + 8), vldrwq_s32(p + 12), out_zp, vlo, vhi);
            vstrbq_p_s32(y + (size_t)r * oc + o, q, vctp32q((uint32_t)(oc - o)));
        }
    }
}
#endif
