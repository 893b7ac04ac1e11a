/* dequantize_linear__ref.c: ONNX DequantizeLinear int8/uint8/int32 -> float32, per tensor or per axis: (float)(x - zp) * scale. */
static void aotc_dequantize_linear__ref(const void *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t kind,
                                        int32_t outer, int32_t channels, int32_t inner,
                                        const float *AOTC_RESTRICT scale, const int32_t *AOTC_RESTRICT zp) {
    size_t i = 0;
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t c = 0; c < channels; c++) {
            const float s = scale[c];
            const int32_t z = zp[c];
            for (int32_t k = 0; k < inner; k++, i++) y[i] = (float)(aotc_qonnx_load(x, i, kind) - z) * s;
        }
    }
}
