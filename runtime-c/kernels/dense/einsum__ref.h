/* einsum__ref.h: macro template of a generic one- or two-operand strided contraction (Einsum). */
#ifndef AOTC_EINSUM_REF_H
#define AOTC_EINSUM_REF_H

/*
 * One loop nest over `rank` label dimensions (shape[d]); the first rank - nred are the output's (row-major),
 * the last nred are summed. sa[d], sb[d] are the element strides of each label in a and b (0 when a label is
 * absent or broadcast; a repeated label, i.e. a diagonal, has the sum of its strides). b may be NULL (one
 * operand). y[o] = sum over the reduced labels of a[.] (* b[.]).
 */
#define AOTC_EINSUM(NAME, T)                                                                              \
    static void NAME(const T *AOTC_RESTRICT a, const T *AOTC_RESTRICT b, T *AOTC_RESTRICT y, int32_t rank, \
                     int32_t nred, const int32_t *shape, const int32_t *sa, const int32_t *sb) {          \
        int32_t idx[AOTC_MAX_RANK] = {0};                                                                 \
        int32_t outer = 1, inner = 1;                                                                     \
        size_t ia = 0, ib = 0;                                                                            \
        for (int32_t d = 0; d < rank - nred; d++) outer *= shape[d];                                     \
        for (int32_t d = rank - nred; d < rank; d++) inner *= shape[d];                                  \
        for (int32_t o = 0; o < outer; o++) {                                                             \
            T acc = (T)0;                                                                                 \
            for (int32_t r = 0; r < inner; r++) {                                                         \
                acc += b ? a[ia] * b[ib] : a[ia];                                                         \
                for (int32_t d = rank - 1; d >= 0; d--) {                                                 \
                    idx[d]++; ia += (size_t)sa[d]; ib += (size_t)sb[d];                                   \
                    if (idx[d] < shape[d]) break;                                                         \
                    ia -= (size_t)sa[d] * (size_t)shape[d]; ib -= (size_t)sb[d] * (size_t)shape[d];       \
                    idx[d] = 0;                                                                           \
                }                                                                                         \
            }                                                                                             \
            y[o] = acc;                                                                                   \
        }                                                                                                 \
    }

#endif
