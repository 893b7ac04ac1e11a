/* where__ref.c: dtype-agnostic Where (y = cond ? a : b) with broadcasting over `rank` collapsed dims. */
/* sc/sa/sb are element strides of cond, a and b (0 on broadcast dims); y is contiguous; elem is the byte size. */
static void aotc_where__ref(const uint8_t *AOTC_RESTRICT cond, const void *AOTC_RESTRICT a,
                            const void *AOTC_RESTRICT b, void *AOTC_RESTRICT y, int32_t elem, int32_t rank,
                            const int32_t *shape, const int32_t *sc, const int32_t *sa, const int32_t *sb) {
    const uint8_t *as = (const uint8_t *)a, *bs = (const uint8_t *)b;
    uint8_t *ys = (uint8_t *)y;
    const size_t es = (size_t)elem;
    int32_t idx[AOTC_MAX_RANK] = {0};
    const int32_t inner = shape[rank - 1], c1 = sc[rank - 1], a1 = sa[rank - 1], b1 = sb[rank - 1];
    int32_t outer = 1, ic = 0, ia = 0, ib = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        for (int32_t j = 0; j < inner; j++) {
            const uint8_t *src = cond[ic + j * c1] ? as + (size_t)(ia + j * a1) * es : bs + (size_t)(ib + j * b1) * es;
            memcpy(ys + (size_t)j * es, src, es);
        }
        ys += (size_t)inner * es;
        for (int32_t d = rank - 2; d >= 0; d--) {
            idx[d]++; ic += sc[d]; ia += sa[d]; ib += sb[d];
            if (idx[d] < shape[d]) break;
            ic -= sc[d] * shape[d]; ia -= sa[d] * shape[d]; ib -= sb[d] * shape[d]; idx[d] = 0;
        }
    }
}
