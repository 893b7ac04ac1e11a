/* gather__ref.c: dtype-agnostic Gather along an axis; int32/int64 indices, negative wrap, out-of-range rows become zeros. */
/* x is [outer, dim, inner_bytes], y is [outer, n_idx, inner_bytes]; idx holds n_idx indices (int64 when idx64). */
static void aotc_gather__ref(const void *AOTC_RESTRICT x, const void *AOTC_RESTRICT idx, void *AOTC_RESTRICT y,
                             int32_t outer, int32_t dim, int32_t n_idx, int32_t inner_bytes, int32_t idx64) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    const size_t ib = (size_t)inner_bytes;
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t j = 0; j < n_idx; j++) {
            int64_t i = idx64 ? ((const int64_t *)idx)[j] : (int64_t)((const int32_t *)idx)[j];
            uint8_t *dst = ys + ((size_t)o * (size_t)n_idx + (size_t)j) * ib;
            if (i < 0) i += dim;
            if (i < 0 || i >= dim) memset(dst, 0, ib);
            else memcpy(dst, xs + ((size_t)o * (size_t)dim + (size_t)i) * ib, ib);
        }
    }
}
