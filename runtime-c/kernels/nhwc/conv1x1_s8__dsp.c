/* conv1x1_s8__dsp.c: int8 matrix product (1x1 convolution, fully connected with >= 4 rows), Armv7E-M DSP (SMLAD). */
#if defined(__ARM_FEATURE_DSP)
static void aotc_conv1x1_s8__dsp(const int8_t *AOTC_RESTRICT x, const void *AOTC_RESTRICT wv,
                                 const int32_t *AOTC_RESTRICT prm, int8_t *AOTC_RESTRICT y, int32_t *AOTC_RESTRICT scratch,
                                 int32_t rows, int32_t k, int32_t oc, int32_t live, int32_t out_zp, int32_t act_min,
                                 int32_t act_max) {
    /* y[r, o] = requant(prm bias[o] + sum_i x[r, i] * w[o, i]): rows in groups of 4 packed to int16 pairs in scratch
     * (8 * ceil(k / 4) words, then 4 * oc words of accumulators), each weight word extended once per group. prm:
     * requantization records per channel (see aotc_gemm4_dsp). w: the model's weights [oc][k] (k % 4 == 0, every channel
     * live) or a copy of the live channels' rows zero-padded to a multiple of 4 (int32 words). */
    const int8_t *w = (const int8_t *)wv;
    const int32_t kq = (k + 3) >> 2;
    int32_t *acc = scratch + 8 * kq;
    const int32_t full = act_min == -128 && act_max == 127;
    for (int32_t r = 0; r < rows; r += 4) {
        const int32_t n = rows - r < 4 ? rows - r : 4;
        const int8_t *xr = x + (size_t)r * k;
        aotc_pack4_dsp(scratch, xr, xr + (n > 1 ? k : 0), xr + (n > 2 ? 2 * k : 0), xr + (n > 3 ? 3 * k : 0), k);
        if (n == 4 && full) aotc_gemm4_dsp(scratch, w, prm, y + (size_t)r * oc, oc, 4, kq, oc, live, out_zp, act_min, act_max, 1, acc);
        else aotc_gemm4_dsp(scratch, w, prm, y + (size_t)r * oc, oc, n, kq, oc, live, out_zp, act_min, act_max, full, acc);
    }
}
#endif
