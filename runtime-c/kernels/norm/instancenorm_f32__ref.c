/* instancenorm_f32__ref.c: InstanceNormalization: per (sample, channel) mean/variance over the spatial elements. */
static void aotc_instancenorm_f32__ref(const float *x, const float *AOTC_RESTRICT scale,
                                       const float *AOTC_RESTRICT bias, float *y, int32_t n, int32_t c,
                                       int32_t inner, float eps) {
    /* x and y may be the same buffer (in place): statistics are taken before the row is written. */
    for (int32_t b = 0; b < n; b++) {
        for (int32_t ch = 0; ch < c; ch++) {
            const size_t base = ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
            float sum = 0.0f, sq = 0.0f;
            for (int32_t i = 0; i < inner; i++) sum += x[base + i];
            const float mean = inner > 0 ? sum / (float)inner : 0.0f;
            for (int32_t i = 0; i < inner; i++) {
                const float d = x[base + i] - mean;
                sq += d * d;
            }
            const float var = inner > 0 ? sq / (float)inner : 0.0f;
            const float s = scale[ch] / sqrtf(var + eps);
            const float t = bias[ch] - mean * s;
            for (int32_t i = 0; i < inner; i++) y[base + i] = x[base + i] * s + t;
        }
    }
}
