/* qmean__ref.c: TFLite quantized MEAN (int8, int16): int32 sums over reduced runs, count folded into the multiplier. */
/* Outputs enumerate the kept runs (nk sizes ks, element strides kst) in order; each sums its reduced runs (nr, rs, rst). */
static void aotc_qmean__ref(const void *x, void *y, int32_t kind, int32_t nk, const int32_t *ks, const int32_t *kst,
                            int32_t nr, const int32_t *rs, const int32_t *rst, int32_t count, int32_t in_zp,
                            int32_t mult, int32_t shift, int32_t out_zp) {
    int32_t ki[AOTC_MAX_RANK] = {0}, n_out = 1, n_red = 1, base = 0;
    const int32_t lo = aotc_qmin(kind), hi = aotc_qmax(kind);
    for (int32_t d = 0; d < nk; d++) n_out *= ks[d];
    for (int32_t d = 0; d < nr; d++) n_red *= rs[d];
    for (int32_t o = 0; o < n_out; o++) {
        int32_t ri[AOTC_MAX_RANK] = {0}, off = base;
        uint32_t sum = 0u; /* int32 accumulation, wrapping like the reference */
        for (int32_t r = 0; r < n_red; r++) {
            sum += (uint32_t)aotc_qload(x, off, kind);
            for (int32_t d = nr - 1; d >= 0; d--) {
                ri[d]++; off += rst[d];
                if (ri[d] < rs[d]) break;
                off -= rst[d] * rs[d]; ri[d] = 0;
            }
        }
        const int32_t shifted = (int32_t)(uint32_t)((int64_t)(int32_t)sum - (int64_t)in_zp * count);
        aotc_qstore(y, o, kind, aotc_qclamp(aotc_mbqm(shifted, mult, shift) + out_zp, lo, hi));
        for (int32_t d = nk - 1; d >= 0; d--) {
            ki[d]++; base += kst[d];
            if (ki[d] < ks[d]) break;
            base -= kst[d] * ks[d]; ki[d] = 0;
        }
    }
}
