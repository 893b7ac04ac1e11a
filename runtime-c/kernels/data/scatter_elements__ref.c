/* scatter_elements__ref.c: dtype-agnostic ScatterElements (reduction none/add/mul/max/min); out-of-range indices are skipped. */
/*
 * y = x (x and y may be the same buffer), then for every index i of `shape` (the indices/updates shape):
 * y[sum_{d != axis} i[d] * walk[d] + idx[i] * astride] (op)= upd[i]  (element units; walk[axis] is 0).
 */
static void aotc_scatter_elements__ref(const void *x, const void *AOTC_RESTRICT idx, const void *AOTC_RESTRICT upd,
                                       void *y, int32_t data_bytes, int32_t elem, int32_t rank, const int32_t *shape,
                                       const int32_t *walk, int32_t astride, int32_t dim, int32_t idx64,
                                       int32_t dtype, int32_t red) {
    const uint8_t *us = (const uint8_t *)upd;
    uint8_t *ys = (uint8_t *)y;
    const size_t es = (size_t)elem;
    int32_t pos[AOTC_MAX_RANK] = {0};
    int32_t total = 1, off = 0;
    if (x != y) memcpy(y, x, (size_t)data_bytes);
    for (int32_t d = 0; d < rank; d++) total *= shape[d];
    for (int32_t f = 0; f < total; f++) {
        int64_t i = idx64 ? ((const int64_t *)idx)[f] : (int64_t)((const int32_t *)idx)[f];
        if (i < 0) i += dim;
        if (i >= 0 && i < dim) {
            aotc_scatter_combine__ref(ys + ((size_t)off + (size_t)i * (size_t)astride) * es, us + (size_t)f * es,
                                      elem, dtype, red);
        }
        for (int32_t d = rank - 1; d >= 0; d--) {
            pos[d]++;
            off += walk[d];
            if (pos[d] < shape[d]) break;
            off -= walk[d] * shape[d];
            pos[d] = 0;
        }
    }
}
