/* mvn_f32__ref.c: MeanVarianceNormalization: (x - mean) / (sqrt(var) + 1e-9) over a set of reduced axes. */

/* Element offset of flat index `flat` in a row-major walk over `rank` dims with the given element strides. */
static AOTC_UNUSED size_t aotc_mvn_offset__ref(int32_t flat, int32_t rank, const int32_t *shape,
                                               const int32_t *strides) {
    size_t off = 0;
    for (int32_t d = rank - 1; d >= 0; d--) {
        off += (size_t)(flat % shape[d]) * (size_t)strides[d];
        flat /= shape[d];
    }
    return off;
}

static void aotc_mvn_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t nkeep,
                              const int32_t *keep_shape, const int32_t *keep_strides, int32_t nred,
                              const int32_t *red_shape, const int32_t *red_strides) {
    /* keep_*: the dims statistics are taken per; red_*: the reduced dims (element strides into x and y). */
    int32_t outer = 1, count = 1;
    for (int32_t d = 0; d < nkeep; d++) outer *= keep_shape[d];
    for (int32_t d = 0; d < nred; d++) count *= red_shape[d];
    for (int32_t o = 0; o < outer; o++) {
        const size_t base = aotc_mvn_offset__ref(o, nkeep, keep_shape, keep_strides);
        float sum = 0.0f, sq = 0.0f;
        for (int32_t r = 0; r < count; r++) sum += x[base + aotc_mvn_offset__ref(r, nred, red_shape, red_strides)];
        const float mean = count > 0 ? sum / (float)count : 0.0f;
        for (int32_t r = 0; r < count; r++) {
            const float d = x[base + aotc_mvn_offset__ref(r, nred, red_shape, red_strides)] - mean;
            sq += d * d;
        }
        const float inv = 1.0f / (sqrtf(count > 0 ? sq / (float)count : 0.0f) + 1e-9f);
        for (int32_t r = 0; r < count; r++) {
            const size_t i = base + aotc_mvn_offset__ref(r, nred, red_shape, red_strides);
            y[i] = (x[i] - mean) * inv;
        }
    }
}
