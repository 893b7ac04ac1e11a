/* scatter_combine__ref.h: element update of the scatter kernels: *dst = src, or dst (+ * max min) src per dtype. */
#ifndef AOTC_SCATTER_COMBINE_REF_H
#define AOTC_SCATTER_COMBINE_REF_H

/* Reductions (ONNX ScatterElements/ScatterND `reduction`) and dtype codes, as the compiler passes them. */
#define AOTC_SCATTER_NONE 0
#define AOTC_SCATTER_ADD 1
#define AOTC_SCATTER_MUL 2
#define AOTC_SCATTER_MAX 3
#define AOTC_SCATTER_MIN 4

/* Integer add/mul wrap (computed in uint64_t) instead of overflowing. */
#define AOTC_SCATTER_APPLY(T, WIDE)                                                             \
    {                                                                                           \
        T a, b;                                                                                 \
        memcpy(&a, dst, sizeof a);                                                              \
        memcpy(&b, src, sizeof b);                                                              \
        switch (red) {                                                                          \
        case AOTC_SCATTER_ADD: a = (T)((WIDE)a + (WIDE)b); break;                               \
        case AOTC_SCATTER_MUL: a = (T)((WIDE)a * (WIDE)b); break;                               \
        case AOTC_SCATTER_MAX: a = a > b ? a : b; break;                                        \
        default: a = a < b ? a : b; break;                                                      \
        }                                                                                       \
        memcpy(dst, &a, sizeof a);                                                              \
    }

/* dtype: 0 f32, 1 f64, 2 i8, 3 i16, 4 i32, 5 i64, 6 u8, 7 u16, 8 u32, 9 u64 (only read when red != NONE). */
static AOTC_UNUSED void aotc_scatter_combine__ref(void *dst, const void *src, int32_t elem, int32_t dtype,
                                                  int32_t red) {
    if (red == AOTC_SCATTER_NONE) { memcpy(dst, src, (size_t)elem); return; }
    switch (dtype) {
    case 0: AOTC_SCATTER_APPLY(float, float) break;
    case 1: AOTC_SCATTER_APPLY(double, double) break;
    case 2: AOTC_SCATTER_APPLY(int8_t, uint64_t) break;
    case 3: AOTC_SCATTER_APPLY(int16_t, uint64_t) break;
    case 4: AOTC_SCATTER_APPLY(int32_t, uint64_t) break;
    case 5: AOTC_SCATTER_APPLY(int64_t, uint64_t) break;
    case 6: AOTC_SCATTER_APPLY(uint8_t, uint64_t) break;
    case 7: AOTC_SCATTER_APPLY(uint16_t, uint64_t) break;
    case 8: AOTC_SCATTER_APPLY(uint32_t, uint64_t) break;
    default: AOTC_SCATTER_APPLY(uint64_t, uint64_t) break;
    }
}

#endif
