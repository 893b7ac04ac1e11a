/* qio__ref.h: element access for quantized kernels that serve several integer dtypes (kind codes below). */
#ifndef AOTC_QIO_REF_H
#define AOTC_QIO_REF_H

#define AOTC_QK_I8 0
#define AOTC_QK_I16 1
#define AOTC_QK_U8 2

static inline AOTC_UNUSED int32_t aotc_qload(const void *p, int32_t i, int32_t kind) {
    if (kind == AOTC_QK_I16) return ((const int16_t *)p)[i];
    if (kind == AOTC_QK_U8) return ((const uint8_t *)p)[i];
    return ((const int8_t *)p)[i];
}

/* Stores v, which the caller has clamped to the dtype's range. */
static inline AOTC_UNUSED void aotc_qstore(void *p, int32_t i, int32_t kind, int32_t v) {
    if (kind == AOTC_QK_I16) ((int16_t *)p)[i] = (int16_t)v;
    else if (kind == AOTC_QK_U8) ((uint8_t *)p)[i] = (uint8_t)v;
    else ((int8_t *)p)[i] = (int8_t)v;
}

static inline AOTC_UNUSED int32_t aotc_qmin(int32_t kind) {
    return kind == AOTC_QK_I16 ? -32768 : kind == AOTC_QK_U8 ? 0 : -128;
}

static inline AOTC_UNUSED int32_t aotc_qmax(int32_t kind) {
    return kind == AOTC_QK_I16 ? 32767 : kind == AOTC_QK_U8 ? 255 : 127;
}

static inline AOTC_UNUSED int32_t aotc_qclamp(int32_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

#endif
