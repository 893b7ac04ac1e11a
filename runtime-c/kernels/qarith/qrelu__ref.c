/* qrelu__ref.c: quantized RELU family (int8, int16): requantize input to output, clamp to the activation range. */
static void aotc_qrelu__ref(const void *x, void *y, int32_t kind, int32_t n, int32_t in_zp, int32_t mult, int32_t shift,
                            int32_t out_zp, int32_t act_min, int32_t act_max) {
    for (int32_t i = 0; i < n; i++) {
        const int32_t v = out_zp + aotc_mbqm(aotc_qload(x, i, kind) - in_zp, mult, shift);
        aotc_qstore(y, i, kind, aotc_qclamp(v, act_min, act_max));
    }
}
