/* softmax_f32__ref.c: numerically stable Softmax along one axis of an (outer, n, inner) view. */
static void aotc_softmax_f32__ref(const float *x, float *y, int32_t outer, int32_t n, int32_t inner) {
    /* Element j of a row is at stride `inner`. x and y may be the same buffer (in place). */
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t i = 0; i < inner; i++) {
            const size_t base = (size_t)o * (size_t)n * (size_t)inner + (size_t)i;
            float mx = -INFINITY, sum = 0.0f;
            for (int32_t j = 0; j < n; j++) mx = fmaxf(mx, x[base + (size_t)j * inner]);
            for (int32_t j = 0; j < n; j++) {
                const float e = expf(x[base + (size_t)j * inner] - mx);
                y[base + (size_t)j * inner] = e;
                sum += e;
            }
            const float inv = 1.0f / sum;
            for (int32_t j = 0; j < n; j++) y[base + (size_t)j * inner] *= inv;
        }
    }
}
