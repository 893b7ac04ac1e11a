/* fully_connected_s16__ref.c: portable int16x8 fully connected layer (TFLM 16x8 FullyConnected, int32 or int64 bias). */
static void aotc_fully_connected_s16__ref(const int16_t *AOTC_RESTRICT x, const int8_t *AOTC_RESTRICT w,
                                          const int32_t *AOTC_RESTRICT bias32, const int64_t *AOTC_RESTRICT bias64,
                                          int16_t *AOTC_RESTRICT y,
                                          const int32_t *AOTC_RESTRICT mult, const int32_t *AOTC_RESTRICT shift,
                                          int32_t batches, int32_t k, int32_t oc, int32_t in_off, int32_t out_zp,
                                          int32_t acc32, int32_t act_min, int32_t act_max) {
    /* acc32: TFLM's int32-bias variant (int32 accumulator, wrapping; int32 requantization); else int64 throughout. */
    for (int32_t b = 0; b < batches; b++) {
        const int16_t *xb = x + (size_t)b * k;
        for (int32_t o = 0; o < oc; o++) {
            const int8_t *wo = w + (size_t)o * k;
            int64_t acc = bias64 ? bias64[o] : (bias32 ? bias32[o] : 0);
            int32_t r;
            for (int32_t i = 0; i < k; i++) acc += (int32_t)wo[i] * ((int32_t)xb[i] + in_off);
            r = acc32 ? aotc_mbqm((int32_t)(uint32_t)(uint64_t)acc, mult[o], shift[o])
                      : aotc_mbqm64(acc, mult[o], shift[o]);
            r += out_zp;
            r = r < act_min ? act_min : (r > act_max ? act_max : r);
            y[(size_t)b * oc + o] = (int16_t)r;
        }
    }
}
