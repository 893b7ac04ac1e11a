/* loss__ref.h: macro templates the compiler instantiates per dtype: log-softmax over axis 1 and negative log-likelihood loss. */
#ifndef AOTC_LOSS_REF_H
#define AOTC_LOSS_REF_H

/* y = log_softmax(x) over the middle dim of a contiguous [outer, c, inner] view (max-shifted, stable). */
#define AOTC_LOSS_LOG_SOFTMAX(NAME, T, F_EXP, F_LOG)                                                      \
    static void NAME(const T *AOTC_RESTRICT xs, T *AOTC_RESTRICT ys, int32_t outer, int32_t c,            \
                     int32_t inner) {                                                                      \
        for (int32_t o = 0; o < outer; o++) {                                                              \
            for (int32_t i = 0; i < inner; i++) {                                                          \
                const T *x = xs + (size_t)o * c * inner + i;                                               \
                T *y = ys + (size_t)o * c * inner + i;                                                     \
                T m = x[0], s = 0;                                                                         \
                for (int32_t j = 1; j < c; j++) if (x[(size_t)j * inner] > m) m = x[(size_t)j * inner];    \
                for (int32_t j = 0; j < c; j++) s += F_EXP(x[(size_t)j * inner] - m);                      \
                const T shift = m + F_LOG(s);                                                              \
                for (int32_t j = 0; j < c; j++) y[(size_t)j * inner] = x[(size_t)j * inner] - shift;       \
            }                                                                                              \
        }                                                                                                  \
    }

/*
 * Negative log-likelihood: x is [n, c, d] (log-probabilities), t [n, d] class indices, w [c] class weights or
 * NULL. Per element loss = -x[b, t, j] * w[t], 0 (and weight 0) where t == ignore (when has_ignore) or t is out
 * of [0, c). reduction 0: y is [n, d]; 1: y[0] = sum; 2: y[0] = sum / sum of the weights used.
 */
#define AOTC_LOSS_NLL(NAME, T, TT)                                                                        \
    static void NAME(const T *AOTC_RESTRICT x, const TT *AOTC_RESTRICT t, const T *AOTC_RESTRICT w,       \
                     T *AOTC_RESTRICT y, int32_t n, int32_t c, int32_t d, int32_t reduction,               \
                     int32_t has_ignore, int64_t ignore) {                                                 \
        T sum = 0, wsum = 0;                                                                               \
        for (int32_t b = 0; b < n; b++) {                                                                  \
            for (int32_t j = 0; j < d; j++) {                                                              \
                const int64_t tv = (int64_t)t[(size_t)b * d + j];                                          \
                T l = 0, wt = 0;                                                                           \
                if (!(has_ignore && tv == ignore) && tv >= 0 && tv < c) {                                  \
                    wt = w ? w[tv] : (T)1;                                                                 \
                    l = -x[((size_t)b * c + (size_t)tv) * d + j] * wt;                                     \
                }                                                                                          \
                if (reduction == 0) y[(size_t)b * d + j] = l;                                              \
                else { sum += l; wsum += wt; }                                                             \
            }                                                                                              \
        }                                                                                                  \
        if (reduction == 1) y[0] = sum;                                                                    \
        else if (reduction == 2) y[0] = sum / wsum;                                                        \
    }

#endif
