/* scatter_nd__ref.c: dtype-agnostic ScatterND (reduction none/add/mul/max/min); out-of-range index tuples are skipped. */
/*
 * y = x (x and y may be the same buffer), then for each of n_idx tuples of k indices
 * (i[q] in [-dims[q], dims[q])): y[sum(i[q] * strides[q]) + e] (op)= upd[t * slice + e] for e < slice.
 */
static void aotc_scatter_nd__ref(const void *x, const void *AOTC_RESTRICT idx, const void *AOTC_RESTRICT upd, void *y,
                                 int32_t data_bytes, int32_t n_idx, int32_t k, const int32_t *dims,
                                 const int32_t *strides, int32_t slice, int32_t elem, int32_t idx64, int32_t dtype,
                                 int32_t red) {
    const uint8_t *us = (const uint8_t *)upd;
    uint8_t *ys = (uint8_t *)y;
    const size_t es = (size_t)elem;
    if (x != y) memcpy(y, x, (size_t)data_bytes);
    for (int32_t t = 0; t < n_idx; t++) {
        size_t off = 0;
        int32_t ok = 1;
        for (int32_t q = 0; q < k; q++) {
            const size_t at = (size_t)t * (size_t)k + (size_t)q;
            int64_t i = idx64 ? ((const int64_t *)idx)[at] : (int64_t)((const int32_t *)idx)[at];
            if (i < 0) i += dims[q];
            if (i < 0 || i >= dims[q]) { ok = 0; break; }
            off += (size_t)i * (size_t)strides[q];
        }
        if (!ok) continue;
        if (red == AOTC_SCATTER_NONE) {
            memcpy(ys + off * es, us + (size_t)t * (size_t)slice * es, (size_t)slice * es);
        } else {
            for (int32_t e = 0; e < slice; e++) {
                aotc_scatter_combine__ref(ys + (off + (size_t)e) * es, us + ((size_t)t * (size_t)slice + (size_t)e) * es,
                                          elem, dtype, red);
            }
        }
    }
}
