/* arg_reduce__ref.h: macro template the compiler instantiates per (ArgMax/ArgMin rule, dtype): index of the best along an axis. */
#ifndef AOTC_ARG_REDUCE_REF_H
#define AOTC_ARG_REDUCE_REF_H

/*
 * y[o, i] = index j of the best x[o, j, i] over j < n (n >= 1) in a contiguous [outer, n, inner] view.
 * BETTER is an expression over `x` (candidate) and `best` (current), true when x replaces best.
 */
#define AOTC_ARG_REDUCE(NAME, T, BETTER)                                                                  \
    static void NAME(const T *AOTC_RESTRICT xs, int64_t *AOTC_RESTRICT ys, int32_t outer, int32_t n,      \
                     int32_t inner) {                                                                      \
        for (int32_t o = 0; o < outer; o++) {                                                              \
            const T *xo = xs + (size_t)o * n * inner;                                                      \
            for (int32_t i = 0; i < inner; i++) {                                                          \
                T best = xo[i];                                                                            \
                int32_t at = 0;                                                                            \
                for (int32_t j = 1; j < n; j++) {                                                          \
                    const T x = xo[(size_t)j * inner + i];                                                 \
                    if (BETTER) { best = x; at = j; }                                                      \
                }                                                                                          \
                ys[(size_t)o * inner + i] = at;                                                            \
            }                                                                                              \
        }                                                                                                  \
    }

#endif
