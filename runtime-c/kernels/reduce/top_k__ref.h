/* top_k__ref.h: macro template the compiler instantiates per (TopK order, dtype): the k best values and their indices. */
#ifndef AOTC_TOP_K_REF_H
#define AOTC_TOP_K_REF_H

/*
 * For each line x[o, :, i] of a contiguous [outer, n, inner] view, writes the k best values (best first) to
 * v[o, :, i] and their int64 indices to ix[o, :, i] ([outer, k, inner] views). BEFORE is an expression over
 * `a` and `b`, true when a strictly ranks before b; equal values keep the lower index first (insertion is stable).
 */
#define AOTC_TOP_K(NAME, T, BEFORE)                                                                       \
    static void NAME(const T *AOTC_RESTRICT xs, T *AOTC_RESTRICT vs, int64_t *AOTC_RESTRICT is,           \
                     int32_t outer, int32_t n, int32_t inner, int32_t k) {                                 \
        if (k <= 0) return;                                                                                \
        for (int32_t o = 0; o < outer; o++) {                                                              \
            for (int32_t i = 0; i < inner; i++) {                                                          \
                const T *x = xs + (size_t)o * n * inner + i;                                               \
                T *v = vs + (size_t)o * k * inner + i;                                                     \
                int64_t *ix = is + (size_t)o * k * inner + i;                                              \
                int32_t cnt = 0;                                                                           \
                for (int32_t j = 0; j < n; j++) {                                                          \
                    const T a = x[(size_t)j * inner];                                                      \
                    int32_t p;                                                                             \
                    if (cnt < k) {                                                                         \
                        p = cnt++;                                                                         \
                    } else {                                                                               \
                        const T b = v[(size_t)(k - 1) * inner];                                            \
                        if (!(BEFORE)) continue;                                                           \
                        p = k - 1;                                                                         \
                    }                                                                                      \
                    while (p > 0) {                                                                        \
                        const T b = v[(size_t)(p - 1) * inner];                                            \
                        if (!(BEFORE)) break;                                                              \
                        v[(size_t)p * inner] = b;                                                          \
                        ix[(size_t)p * inner] = ix[(size_t)(p - 1) * inner];                               \
                        p--;                                                                               \
                    }                                                                                      \
                    v[(size_t)p * inner] = a;                                                              \
                    ix[(size_t)p * inner] = j;                                                             \
                }                                                                                          \
            }                                                                                              \
        }                                                                                                  \
    }

#endif
