/* reduce__ref.h: macro templates the compiler instantiates per (reduction kind, dtype): general strided and (outer, r, inner). */
#ifndef AOTC_REDUCE_REF_H
#define AOTC_REDUCE_REF_H

/* Advance a row-major index over `rank` dims by one element, keeping the element offset `*off` in step. */
static inline AOTC_UNUSED void aotc_reduce_advance(int32_t rank, const int32_t *shape, const int32_t *stride,
                                                   int32_t *idx, int32_t *off) {
    for (int32_t d = rank - 1; d >= 0; d--) {
        idx[d]++;
        *off += stride[d];
        if (idx[d] < shape[d]) return;
        *off -= stride[d] * shape[d];
        idx[d] = 0;
    }
}

/*
 * General reduction. Kept dims (kshape/kstride, element strides into x, rank >= 1) enumerate the outputs in
 * row-major order; reduced dims (rshape/rstride, rank >= 1) enumerate each output's inputs. Expressions see
 * `acc` (ACC), `x` (T), `n` (number of reduced elements) and `m`: when SHIFT is 1, m = SHIFT_FIX applied to the
 * maximum of the reduced elements (log-sum-exp), else 0. y = FINAL after acc = INIT, then acc = STEP per element.
 */
#define AOTC_REDUCE(NAME, T, ACC, SHIFT, SHIFT_FIX, INIT, STEP, FINAL)                                   \
    static void NAME(const T *AOTC_RESTRICT xs, T *AOTC_RESTRICT ys, int32_t nout, int32_t krank,         \
                     const int32_t *kshape, const int32_t *kstride, int32_t rrank, const int32_t *rshape, \
                     const int32_t *rstride) {                                                             \
        int32_t kidx[AOTC_MAX_RANK] = {0};                                                                 \
        int32_t base = 0, router = 1;                                                                      \
        const int32_t rin = rshape[rrank - 1], rst = rstride[rrank - 1];                                   \
        for (int32_t d = 0; d < rrank - 1; d++) router *= rshape[d];                                       \
        const int32_t n = router * rin;                                                                    \
        (void)n;                                                                                           \
        for (int32_t o = 0; o < nout; o++) {                                                               \
            ACC m = 0;                                                                                     \
            int32_t ridx[AOTC_MAX_RANK] = {0};                                                             \
            int32_t off = 0;                                                                               \
            if (SHIFT) {                                                                                   \
                int32_t first = 1;                                                                         \
                for (int32_t q = 0; q < router; q++) {                                                     \
                    const T *xp = xs + base + off;                                                         \
                    for (int32_t j = 0; j < rin; j++) {                                                    \
                        const T x = xp[j * rst];                                                           \
                        if (first || x > m) m = (ACC)x;                                                    \
                        first = 0;                                                                         \
                    }                                                                                      \
                    aotc_reduce_advance(rrank - 1, rshape, rstride, ridx, &off);                           \
                }                                                                                          \
                m = (SHIFT_FIX);                                                                           \
                off = 0;                                                                                   \
            }                                                                                              \
            ACC acc = (INIT);                                                                              \
            for (int32_t q = 0; q < router; q++) {                                                         \
                const T *xp = xs + base + off;                                                             \
                for (int32_t j = 0; j < rin; j++) {                                                        \
                    const T x = xp[j * rst];                                                               \
                    acc = (STEP);                                                                          \
                }                                                                                          \
                aotc_reduce_advance(rrank - 1, rshape, rstride, ridx, &off);                               \
            }                                                                                              \
            ys[o] = (T)(FINAL);                                                                            \
            aotc_reduce_advance(krank, kshape, kstride, kidx, &base);                                      \
        }                                                                                                  \
    }

/*
 * Reduction of the middle dim of a contiguous [outer, r, inner] view, inner-most loop over `inner` (vectorises);
 * accs is scratch for `inner` accumulators. Same expressions as AOTC_REDUCE (m is 0: no SHIFT kinds here).
 */
#define AOTC_REDUCE_ORI(NAME, T, ACC, INIT, STEP, FINAL)                                                  \
    static void NAME(const T *AOTC_RESTRICT xs, T *AOTC_RESTRICT ys, ACC *AOTC_RESTRICT accs,             \
                     int32_t outer, int32_t r, int32_t inner) {                                            \
        const int32_t n = r;                                                                               \
        const ACC m = 0;                                                                                   \
        (void)n; (void)m;                                                                                  \
        for (int32_t o = 0; o < outer; o++) {                                                              \
            const T *xo = xs + (size_t)o * r * inner;                                                      \
            T *yo = ys + (size_t)o * inner;                                                                \
            for (int32_t i = 0; i < inner; i++) accs[i] = (INIT);                                          \
            for (int32_t k = 0; k < r; k++) {                                                              \
                const T *xk = xo + (size_t)k * inner;                                                      \
                for (int32_t i = 0; i < inner; i++) {                                                      \
                    const ACC acc = accs[i];                                                               \
                    const T x = xk[i];                                                                     \
                    accs[i] = (STEP);                                                                      \
                }                                                                                          \
            }                                                                                              \
            for (int32_t i = 0; i < inner; i++) {                                                          \
                const ACC acc = accs[i];                                                                   \
                yo[i] = (T)(FINAL);                                                                        \
            }                                                                                              \
        }                                                                                                  \
    }

#endif
