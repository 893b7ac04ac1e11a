/* quantize_linear__ref.c: ONNX QuantizeLinear float32 -> int8/uint8, per tensor or per axis: x / scale rounded half to even. */
static void aotc_quantize_linear__ref(const float *AOTC_RESTRICT x, void *AOTC_RESTRICT y, int32_t kind,
                                      int32_t outer, int32_t channels, int32_t inner,
                                      const float *AOTC_RESTRICT scale, const int32_t *AOTC_RESTRICT zp) {
    const int32_t lo = kind == AOTC_QONNX_U8 ? 0 : -128, hi = kind == AOTC_QONNX_U8 ? 255 : 127;
    size_t i = 0;
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t c = 0; c < channels; c++) {
            const float s = scale[c];
            const int32_t z = zp[c];
            for (int32_t k = 0; k < inner; k++, i++) aotc_qonnx_store(y, i, kind, aotc_qonnx_quantize(x[i] / s, z, lo, hi));
        }
    }
}
