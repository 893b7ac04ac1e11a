/* elementwise__ref.h: macro templates the compiler instantiates per (op, dtype): unary and broadcasting binary. */
#ifndef AOTC_ELEMENTWISE_REF_H
#define AOTC_ELEMENTWISE_REF_H

/* y[i] = EXPR(x); p0, p1 are op parameters (alpha, clip bounds ...). x and y may alias (in place). */
#define AOTC_UNARY(NAME, TI, TO, PT, EXPR)                                            \
    static void NAME(const TI *xs, TO *ys, int32_t n, PT p0, PT p1) {                 \
        typedef TI T;                                                                 \
        (void)p0; (void)p1;                                                           \
        for (int32_t i = 0; i < n; i++) { const T x = xs[i]; ys[i] = (TO)(EXPR); }    \
    }

/*
 * y = EXPR(a, b) with numpy broadcasting over `rank` collapsed dims; sa/sb are element strides
 * (0 on broadcast dims). The innermost dim is a separate loop so constant strides vectorise.
 */
#define AOTC_BINARY(NAME, TA, TB, TO, EXPR)                                                           \
    static void NAME(const TA *as, const TB *bs, TO *ys, int32_t rank, const int32_t *shape,         \
                     const int32_t *sa, const int32_t *sb) {                                         \
        typedef TA T;                                                                                 \
        int32_t idx[AOTC_MAX_RANK] = {0};                                                             \
        const int32_t inner = shape[rank - 1], ia1 = sa[rank - 1], ib1 = sb[rank - 1];                \
        int32_t outer = 1, ia = 0, ib = 0, o = 0;                                                     \
        for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];                                     \
        for (int32_t k = 0; k < outer; k++) {                                                         \
            for (int32_t j = 0; j < inner; j++) {                                                     \
                const T a = as[ia + j * ia1]; const TB b = bs[ib + j * ib1];                          \
                ys[o + j] = (TO)(EXPR);                                                               \
            }                                                                                         \
            o += inner;                                                                               \
            for (int32_t d = rank - 2; d >= 0; d--) {                                                 \
                idx[d]++; ia += sa[d]; ib += sb[d];                                                   \
                if (idx[d] < shape[d]) break;                                                         \
                ia -= sa[d] * shape[d]; ib -= sb[d] * shape[d]; idx[d] = 0;                           \
            }                                                                                         \
        }                                                                                             \
    }

#endif
