/* pad_gather__ref.c: y[o0..on] = x[map0[o0]..mapn[on]] over per-axis index maps (-1: fill value); any dtype (bytes). */
static void aotc_pad_gather__ref(const void *x, const void *cval, const int32_t *cbytes, void *y, int32_t elem,
                                 int32_t block, int32_t rank, const int32_t *oshape, const int32_t *istride,
                                 const int32_t *map) {
    /* block: bytes of one innermost unit (elem times merged untouched trailing axes); istride in blocks. */
    const unsigned char *src = (const unsigned char *)x;
    unsigned char *dst = (unsigned char *)y;
    unsigned char fill[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int32_t idx[AOTC_MAX_RANK] = {0}, base[AOTC_MAX_RANK] = {0};
    int32_t outer = 1, at = 0, zero = 1;
    for (int32_t b = 0; b < elem && b < 8; b++) {
        fill[b] = cval ? ((const unsigned char *)cval)[b] : (cbytes ? (unsigned char)cbytes[b] : 0u);
        if (fill[b]) zero = 0;
    }
    for (int32_t d = 0; d < rank; d++) {
        base[d] = at;
        at += oshape[d];
        if (d < rank - 1) outer *= oshape[d];
    }
    const int32_t inner = oshape[rank - 1];
    const int32_t *mlast = map + base[rank - 1];
    for (int32_t k = 0; k < outer; k++) {
        size_t off = 0;
        int32_t valid = 1;
        for (int32_t d = 0; d < rank - 1; d++) {
            const int32_t s = map[base[d] + idx[d]];
            if (s < 0) valid = 0; else off += (size_t)s * (size_t)istride[d];
        }
        for (int32_t j = 0; j < inner;) {
            const int32_t s = valid ? mlast[j] : -1;
            int32_t run = 1;
            if (s < 0) {
                while (j + run < inner && (!valid || mlast[j + run] < 0)) run++;
                if (zero) {
                    memset(dst, 0, (size_t)run * (size_t)block);
                } else {
                    for (size_t b = 0; b < (size_t)run * (size_t)block; b += (size_t)elem) memcpy(dst + b, fill, (size_t)elem);
                }
            } else {
                while (j + run < inner && mlast[j + run] == s + run) run++;
                memcpy(dst, src + (off + (size_t)s) * (size_t)block, (size_t)run * (size_t)block);
            }
            dst += (size_t)run * (size_t)block;
            j += run;
        }
        for (int32_t d = rank - 2; d >= 0; d--) {
            if (++idx[d] < oshape[d]) break;
            idx[d] = 0;
        }
    }
}
