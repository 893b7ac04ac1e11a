/* qdequantize__ref.c: TFLite DEQUANTIZE int8/int16/uint8 -> float32 as (float)(scale * (q - zero point)) in double; kind 3: float16. */
static void aotc_qdequantize__ref(const void *x, float *y, int32_t kind, int32_t n, double scale, int32_t zp) {
    if (kind == 3) {
        for (int32_t i = 0; i < n; i++) y[i] = aotc_f16_to_f32(((const uint16_t *)x)[i]);
        return;
    }
    for (int32_t i = 0; i < n; i++) y[i] = (float)(scale * (double)(aotc_qload(x, i, kind) - zp));
}
