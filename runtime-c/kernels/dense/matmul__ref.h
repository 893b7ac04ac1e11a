/* matmul__ref.h: macro template of batched matrix multiplication y[t] = a[t] @ b[t] (i-k-j order), fused activation. */
#ifndef AOTC_MATMUL_REF_H
#define AOTC_MATMUL_REF_H

/*
 * For each batch t: A is m x k at a + a_off[t], B is k x n at b + b_off[t] (row-major, element offsets
 * computed at compile time, so batch broadcasting is free), Y is m x n at y + t*m*n. The innermost loop
 * runs over contiguous columns of B and Y so it vectorises. act/p0/p1: AOTC_ACT_* (float32 only).
 */
#define AOTC_MATMUL(NAME, T)                                                                          \
    static void NAME(const T *AOTC_RESTRICT a, const T *AOTC_RESTRICT b, T *AOTC_RESTRICT y,          \
                     int32_t batch, const int32_t *a_off, const int32_t *b_off, int32_t m, int32_t k,  \
                     int32_t n, int32_t act, float p0, float p1) {                                     \
        for (int32_t t = 0; t < batch; t++) {                                                         \
            const T *at = a + a_off[t];                                                               \
            const T *bt = b + b_off[t];                                                               \
            T *yt = y + (size_t)t * (size_t)m * (size_t)n;                                            \
            for (int32_t i = 0; i < m; i++) {                                                         \
                T *yr = yt + (size_t)i * (size_t)n;                                                   \
                const T *ar = at + (size_t)i * (size_t)k;                                             \
                for (int32_t j = 0; j < n; j++) yr[j] = (T)0;                                         \
                for (int32_t kk = 0; kk < k; kk++) {                                                  \
                    const T aik = ar[kk];                                                             \
                    const T *br = bt + (size_t)kk * (size_t)n;                                        \
                    for (int32_t j = 0; j < n; j++) yr[j] += aik * br[j];                             \
                }                                                                                     \
                if (act != AOTC_ACT_NONE) {                                                           \
                    for (int32_t j = 0; j < n; j++) yr[j] = (T)aotc_act_f32((float)yr[j], act, p0, p1); \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
    }

#endif
