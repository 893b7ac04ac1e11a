/* batchnorm_f32__ref.c: inference BatchNormalization over channel dim 1 (x is n x c x inner), fused activation. */
static void aotc_batchnorm_f32__ref(const float *x, const float *AOTC_RESTRICT scale, const float *AOTC_RESTRICT bias,
                                    const float *AOTC_RESTRICT mean, const float *AOTC_RESTRICT var, float *y,
                                    int32_t n, int32_t c, int32_t inner, float eps, int32_t act, float p0, float p1) {
    /* x and y may be the same buffer (in place): each element is read before it is written. */
    for (int32_t ch = 0; ch < c; ch++) {
        const float s = scale[ch] / sqrtf(var[ch] + eps);
        const float t = bias[ch] - mean[ch] * s;
        for (int32_t b = 0; b < n; b++) {
            const size_t base = ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
            for (int32_t i = 0; i < inner; i++) y[base + i] = aotc_act_f32(x[base + i] * s + t, act, p0, p1);
        }
    }
}
