/* fully_connected_s8__ref.c: portable int8 fully connected layer (TFLM FullyConnected / PerChannel), per-channel requant. */
static void aotc_fully_connected_s8__ref(const int8_t *AOTC_RESTRICT x, const int8_t *AOTC_RESTRICT w,
                                         const int32_t *AOTC_RESTRICT bias, int8_t *AOTC_RESTRICT y,
                                         const int32_t *AOTC_RESTRICT mult, const int32_t *AOTC_RESTRICT shift,
                                         int32_t batches, int32_t k, int32_t oc,
                                         int32_t in_off, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* acc = bias[o] + sum of w * (x + in_off) (in_off is 0 when the compiler folded it into bias). */
    for (int32_t b = 0; b < batches; b++) {
        const int8_t *xb = x + (size_t)b * k;
        for (int32_t o = 0; o < oc; o++) {
            const int8_t *wo = w + (size_t)o * k;
            int32_t acc = bias ? bias[o] : 0;
            for (int32_t i = 0; i < k; i++) acc += (int32_t)wo[i] * ((int32_t)xb[i] + in_off);
            acc = aotc_mbqm(acc, mult[o], shift[o]) + out_zp;
            acc = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
            y[(size_t)b * oc + o] = (int8_t)acc;
        }
    }
}
