/* hardmax_f32__ref.c: Hardmax along one axis of an (outer, n, inner) view: 1 at the first maximum, else 0. */
static void aotc_hardmax_f32__ref(const float *x, float *y, int32_t outer, int32_t n, int32_t inner) {
    /* Element j of a row is at stride `inner`. x and y may be the same buffer (in place). */
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t i = 0; i < inner; i++) {
            const size_t base = (size_t)o * (size_t)n * (size_t)inner + (size_t)i;
            int32_t best = 0;
            for (int32_t j = 1; j < n; j++) {
                if (x[base + (size_t)j * inner] > x[base + (size_t)best * inner]) best = j;
            }
            for (int32_t j = 0; j < n; j++) y[base + (size_t)j * inner] = j == best ? 1.0f : 0.0f;
        }
    }
}
