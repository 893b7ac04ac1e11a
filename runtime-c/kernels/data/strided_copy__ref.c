/* strided_copy__ref.c: dtype-agnostic strided gather into a contiguous output (Transpose, Slice, Expand, Tile ...). */
/*
 * For every index i of `shape` (rank dims, row-major), copies `run` bytes from
 * x + xoff + sum(i[d] * xstride[d]) to the next `run` bytes of y. Strides are in bytes and may be 0 or negative.
 */
static void aotc_strided_copy__ref(const void *AOTC_RESTRICT x, void *AOTC_RESTRICT y, int32_t rank,
                                   const int32_t *shape, const int32_t *xstride, int32_t xoff, int32_t run) {
    const uint8_t *xs = (const uint8_t *)x + xoff;
    uint8_t *ys = (uint8_t *)y;
    int32_t idx[AOTC_MAX_RANK] = {0};
    const int32_t inner = rank > 0 ? shape[rank - 1] : 1;
    const ptrdiff_t is = rank > 0 ? (ptrdiff_t)xstride[rank - 1] : 0;
    const size_t rs = (size_t)run;
    ptrdiff_t off = 0;
    int32_t outer = 1;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        const uint8_t *src = xs + off;
        switch (run) {
        case 1:
            for (int32_t j = 0; j < inner; j++) ys[j] = src[j * is];
            break;
        case 2:
            for (int32_t j = 0; j < inner; j++) memcpy(ys + (size_t)j * 2u, src + j * is, 2u);
            break;
        case 4:
            for (int32_t j = 0; j < inner; j++) memcpy(ys + (size_t)j * 4u, src + j * is, 4u);
            break;
        case 8:
            for (int32_t j = 0; j < inner; j++) memcpy(ys + (size_t)j * 8u, src + j * is, 8u);
            break;
        default:
            for (int32_t j = 0; j < inner; j++) memcpy(ys + (size_t)j * rs, src + j * is, rs);
            break;
        }
        ys += (size_t)inner * rs;
        for (int32_t d = rank - 2; d >= 0; d--) {
            idx[d]++;
            off += xstride[d];
            if (idx[d] < shape[d]) break;
            off -= (ptrdiff_t)xstride[d] * shape[d];
            idx[d] = 0;
        }
    }
}
