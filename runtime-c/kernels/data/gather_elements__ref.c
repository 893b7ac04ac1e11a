/* gather_elements__ref.c: dtype-agnostic GatherElements; int32/int64 indices, out-of-range elements become zeros. */
/*
 * For every index i of `shape` (the indices shape), y[i] = x[sum_{d != axis} i[d] * walk[d] + idx[i] * astride]
 * (element units; walk[axis] is 0). `dim` is the data size along the axis.
 */
static void aotc_gather_elements__ref(const void *AOTC_RESTRICT x, const void *AOTC_RESTRICT idx,
                                      void *AOTC_RESTRICT y, int32_t elem, int32_t rank, const int32_t *shape,
                                      const int32_t *walk, int32_t astride, int32_t dim, int32_t idx64) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    const size_t es = (size_t)elem;
    int32_t pos[AOTC_MAX_RANK] = {0};
    int32_t total = 1, off = 0;
    for (int32_t d = 0; d < rank; d++) total *= shape[d];
    for (int32_t f = 0; f < total; f++) {
        int64_t i = idx64 ? ((const int64_t *)idx)[f] : (int64_t)((const int32_t *)idx)[f];
        if (i < 0) i += dim;
        if (i < 0 || i >= dim) memset(ys + (size_t)f * es, 0, es);
        else memcpy(ys + (size_t)f * es, xs + ((size_t)off + (size_t)i * (size_t)astride) * es, es);
        for (int32_t d = rank - 1; d >= 0; d--) {
            pos[d]++;
            off += walk[d];
            if (pos[d] < shape[d]) break;
            off -= walk[d] * shape[d];
            pos[d] = 0;
        }
    }
}
