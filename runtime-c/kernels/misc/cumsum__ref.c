/* cumsum__ref.c: CumSum along one axis (outer x len x inner), inclusive/exclusive, forward/reverse; dtype by kind code. */
static void aotc_cumsum__ref(const void *x, void *y, int32_t kind, int32_t outer, int32_t len, int32_t inner,
                             int32_t exclusive, int32_t reverse) {
    /* Row k of the scan is y[k] = y[k-1] + x[k] (exclusive: + x[k-1], first row 0); integers wrap (unsigned math). */
#define AOTC_CUMSUM_ROWS(T, U)                                                                  \
    {                                                                                           \
        const T *xs = (const T *)x;                                                             \
        T *ys = (T *)y;                                                                         \
        for (int32_t o = 0; o < outer; o++) {                                                   \
            for (int32_t k = 0; k < len; k++) {                                                 \
                const int32_t j = reverse ? len - 1 - k : k, jp = reverse ? j + 1 : j - 1;      \
                T *yr = ys + ((size_t)o * len + j) * inner;                                     \
                if (k == 0) { /* no previous row: never form a pointer before the buffer */       \
                    const T *x0 = xs + ((size_t)o * len + j) * inner;                           \
                    for (int32_t i = 0; i < inner; i++) yr[i] = exclusive ? (T)0 : x0[i];       \
                } else {                                                                        \
                    const T *xr = xs + ((size_t)o * len + (exclusive ? jp : j)) * inner;        \
                    const T *yp = ys + ((size_t)o * len + jp) * inner;                          \
                    for (int32_t i = 0; i < inner; i++) yr[i] = (T)((U)yp[i] + (U)xr[i]);       \
                }                                                                               \
            }                                                                                   \
        }                                                                                       \
    }
    switch (kind) {
        case 0: AOTC_CUMSUM_ROWS(float, float) break;
        case 1: AOTC_CUMSUM_ROWS(double, double) break;
        case 2: AOTC_CUMSUM_ROWS(int32_t, uint32_t) break;
        case 3: AOTC_CUMSUM_ROWS(int64_t, uint64_t) break;
        case 4: AOTC_CUMSUM_ROWS(uint32_t, uint32_t) break;
        default: AOTC_CUMSUM_ROWS(uint64_t, uint64_t) break;
    }
#undef AOTC_CUMSUM_ROWS
}
