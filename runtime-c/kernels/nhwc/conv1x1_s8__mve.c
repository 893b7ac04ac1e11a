/* conv1x1_s8__mve.c: int8 matrix product (1x1 convolution, fully connected with >= 2 rows), Armv8.1-M MVE (VMLADAVA). */
#if defined(__ARM_FEATURE_MVE)
static void aotc_conv1x1_s8__mve(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT wv, const int32_t *AOTC_RESTRICT prm,
                                 const int32_t *AOTC_RESTRICT chan, const int32_t *AOTC_RESTRICT dead, int8_t *AOTC_RESTRICT y,
                                 int32_t *AOTC_RESTRICT acc,
                                 int32_t rows, int32_t k, int32_t oc, int32_t live, int32_t ndead, int32_t fast, int32_t out_zp,
                                 int32_t act_min, int32_t act_max) {
    /* y[r, o] = requant(bias[o] + sum_i x[r, i] * w[o, i]): 2 rows x 4 channels per tile, 16 k values per VMLADAVA
     * (a predicated tail for x; weights relaid per group of 4 channels and zero-padded, see aotc_gemm2_mve), for the
     * live channels chan[0..live), with 2 * live + 8 accumulator words in acc; the ndead constant channels ([channel,
     * value] pairs) are only stored. */
    const int8_t *w = (const int8_t *)wv;
    for (int32_t r = 0; r < rows; r += 2) {
        const int8_t *r0 = x + (size_t)r * k;
        const int32_t n = rows - r < 2 ? 1 : 2;
        aotc_gemm2_mve(r0, n > 1 ? r0 + k : r0, w, prm, chan, y + (size_t)r * oc, oc, n, k, live, out_zp, act_min, act_max, fast, acc);
        aotc_dead_mve(y + (size_t)r * oc, oc, n, dead, ndead);
    }
}
#endif
