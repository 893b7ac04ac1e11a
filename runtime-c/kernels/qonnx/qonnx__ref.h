/* qonnx__ref.h: element access and ONNX Runtime's rounding for the ONNX quantized-op kernels (kinds: 0 int8, 1 uint8, 2 int32). */
#ifndef AOTC_QONNX_REF_H
#define AOTC_QONNX_REF_H

#define AOTC_QONNX_I8 0
#define AOTC_QONNX_U8 1
#define AOTC_QONNX_I32 2

static inline AOTC_UNUSED int32_t aotc_qonnx_load(const void *p, size_t i, int32_t kind) {
    if (kind == AOTC_QONNX_U8) return ((const uint8_t *)p)[i];
    if (kind == AOTC_QONNX_I32) return ((const int32_t *)p)[i];
    return ((const int8_t *)p)[i];
}

/* Stores v, which the caller has clamped to the kind's range. */
static inline AOTC_UNUSED void aotc_qonnx_store(void *p, size_t i, int32_t kind, int32_t v) {
    if (kind == AOTC_QONNX_U8) ((uint8_t *)p)[i] = (uint8_t)v;
    else if (kind == AOTC_QONNX_I32) ((int32_t *)p)[i] = v;
    else ((int8_t *)p)[i] = (int8_t)v;
}

/* Round to nearest, ties to even, independent of the floating-point rounding mode (x - floor(x) is exact);
 * for |x| < 2^31 (callers clamp first). */
static inline AOTC_UNUSED int32_t aotc_qonnx_rne(float x) {
    const float f = floorf(x);
    const float d = x - f;
    const int32_t i = (int32_t)f;
    return (d > 0.5f || (d == 0.5f && (i & 1))) ? i + 1 : i;
}

/* ONNX Runtime's quantization of a real-valued v = value / scale: clamp to [lo - zp, hi - zp], round half to even,
 * add the zero point (NaN gives the zero point). */
static inline AOTC_UNUSED int32_t aotc_qonnx_quantize(float v, int32_t zp, int32_t lo, int32_t hi) {
    const float flo = (float)(lo - zp), fhi = (float)(hi - zp);
    if (v != v) return zp;
    v = v < flo ? flo : (v > fhi ? fhi : v);
    return aotc_qonnx_rne(v) + zp;
}

#endif
