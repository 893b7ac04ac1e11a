/* reverse_sequence__ref.c: dtype-agnostic ReverseSequence; each length is clamped to [0, steps]. */
/* Element (t, b) is at t * tstride + b * bstride bytes and holds inner_bytes contiguous bytes. */
static void aotc_reverse_sequence__ref(const void *AOTC_RESTRICT x, const void *AOTC_RESTRICT lens,
                                       void *AOTC_RESTRICT y, int32_t steps, int32_t batch, int32_t tstride,
                                       int32_t bstride, int32_t inner_bytes, int32_t lens64) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    for (int32_t b = 0; b < batch; b++) {
        int64_t len = lens64 ? ((const int64_t *)lens)[b] : (int64_t)((const int32_t *)lens)[b];
        if (len < 0) len = 0;
        if (len > steps) len = steps;
        for (int32_t t = 0; t < steps; t++) {
            const int32_t src = t < len ? (int32_t)len - 1 - t : t;
            memcpy(ys + (size_t)t * (size_t)tstride + (size_t)b * (size_t)bstride,
                   xs + (size_t)src * (size_t)tstride + (size_t)b * (size_t)bstride, (size_t)inner_bytes);
        }
    }
}
