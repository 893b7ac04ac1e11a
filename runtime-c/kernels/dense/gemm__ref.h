/* gemm__ref.h: macro template of Y = alpha * op(A) @ op(B) + beta * C (C broadcast by strides), fused activation. */
#ifndef AOTC_GEMM_REF_H
#define AOTC_GEMM_REF_H

/*
 * op(A) is m x k (A stored k x m when trans_a), op(B) is k x n (B stored n x k when trans_b). C (may be NULL)
 * is read at c[i * c_rs + j * c_cs] (strides 0 on broadcast dims). Without trans_b the innermost loop runs
 * over contiguous columns of B and Y (i-k-j, vectorises); with trans_b it is a contiguous dot product with
 * 8 partial sums.
 * PT is the type of alpha/beta (float for float32, double otherwise); act/p0/p1: AOTC_ACT_* (float32 only).
 */
#define AOTC_GEMM(NAME, T, PT)                                                                              \
    static void NAME(const T *AOTC_RESTRICT a, const T *AOTC_RESTRICT b, const T *AOTC_RESTRICT c,          \
                     T *AOTC_RESTRICT y, int32_t m, int32_t n, int32_t k, int32_t trans_a, int32_t trans_b, \
                     PT alpha, PT beta, int32_t c_rs, int32_t c_cs, int32_t act, float p0, float p1) {      \
        for (int32_t i = 0; i < m; i++) {                                                                   \
            T *yr = y + (size_t)i * (size_t)n;                                                              \
            if (c) {                                                                                        \
                for (int32_t j = 0; j < n; j++) yr[j] = (T)(beta * c[(size_t)i * c_rs + (size_t)j * c_cs]); \
            } else {                                                                                        \
                for (int32_t j = 0; j < n; j++) yr[j] = (T)0;                                               \
            }                                                                                               \
            if (!trans_b) {                                                                                 \
                for (int32_t kk = 0; kk < k; kk++) {                                                        \
                    const T aik = (T)(alpha * (trans_a ? a[(size_t)kk * m + i] : a[(size_t)i * k + kk]));   \
                    const T *br = b + (size_t)kk * (size_t)n;                                               \
                    for (int32_t j = 0; j < n; j++) yr[j] += aik * br[j];                                   \
                }                                                                                           \
            } else {                                                                                        \
                for (int32_t j = 0; j < n; j++) {                                                           \
                    const T *br = b + (size_t)j * (size_t)k;                                                \
                    T acc = (T)0;                                                                           \
                    if (trans_a) {                                                                          \
                        for (int32_t kk = 0; kk < k; kk++) acc += a[(size_t)kk * m + i] * br[kk];           \
                    } else {                                                                                \
                        /* 8 independent partial sums: a fixed summation order that vectorises. */          \
                        const T *ar = a + (size_t)i * (size_t)k;                                            \
                        T part[8] = {(T)0, (T)0, (T)0, (T)0, (T)0, (T)0, (T)0, (T)0};                        \
                        int32_t kk = 0;                                                                     \
                        for (; kk + 8 <= k; kk += 8) {                                                      \
                            for (int32_t l = 0; l < 8; l++) part[l] += ar[kk + l] * br[kk + l];             \
                        }                                                                                   \
                        acc = ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7])); \
                        for (; kk < k; kk++) acc += ar[kk] * br[kk];                                        \
                    }                                                                                       \
                    yr[j] += (T)(alpha * acc);                                                              \
                }                                                                                           \
            }                                                                                               \
            if (act != AOTC_ACT_NONE) {                                                                     \
                for (int32_t j = 0; j < n; j++) yr[j] = (T)aotc_act_f32((float)yr[j], act, p0, p1);        \
            }                                                                                               \
        }                                                                                                   \
    }

#endif
