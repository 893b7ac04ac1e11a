/* lrn_f32__ref.c: LRN across channels: y = x * (bias + alpha / size * sum of x^2 over the channel window)^-beta. */
static void aotc_lrn_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t n, int32_t c,
                              int32_t inner, int32_t before, int32_t after, float alpha_over_size, float beta,
                              float bias) {
    /* The window of channel ch is [ch - before, ch + after] clipped to [0, c). y holds the sums first. */
    for (int32_t b = 0; b < n; b++) {
        for (int32_t ch = 0; ch < c; ch++) {
            float *yr = y + ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
            const int32_t lo = aotc_max_i32(0, ch - before), hi = aotc_min_i32(c - 1, ch + after);
            for (int32_t i = 0; i < inner; i++) yr[i] = 0.0f;
            for (int32_t cc = lo; cc <= hi; cc++) {
                const float *xr = x + ((size_t)b * (size_t)c + (size_t)cc) * (size_t)inner;
                for (int32_t i = 0; i < inner; i++) yr[i] += xr[i] * xr[i];
            }
            const float *xc = x + ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
            for (int32_t i = 0; i < inner; i++) yr[i] = xc[i] / powf(bias + alpha_over_size * yr[i], beta);
        }
    }
}
