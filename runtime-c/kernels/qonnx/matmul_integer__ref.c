/* matmul_integer__ref.c: ONNX MatMulInteger / QLinearMatMul / QGemm: exact int32 sums, raw or requantized like ONNX Runtime. */
static void aotc_matmul_integer__ref(const void *AOTC_RESTRICT a, int32_t akind, const void *AOTC_RESTRICT b, int32_t bkind,
                                     const int32_t *AOTC_RESTRICT bias, void *AOTC_RESTRICT y, int32_t ykind,
                                     int32_t batches, const int32_t *AOTC_RESTRICT a_off, const int32_t *AOTC_RESTRICT b_off,
                                     int32_t m, int32_t k, int32_t n, int32_t b_ks, int32_t b_ns,
                                     int32_t a_zp, const int32_t *AOTC_RESTRICT b_zp,
                                     const float *AOTC_RESTRICT scale, int32_t y_zp, int32_t y_lo, int32_t y_hi) {
    /* y[bt][i][j] = bias[j] + sum_p (a[a_off[bt] + i*k + p] - a_zp) * (b[b_off[bt] + p*b_ks + j*b_ns] - b_zp[j]);
     * scale == NULL: raw int32; else clamp(round_half_even((float)acc * scale[j]) + y_zp, y_lo, y_hi). */
    size_t yi = 0;
    for (int32_t bt = 0; bt < batches; bt++) {
        for (int32_t i = 0; i < m; i++) {
            const size_t ar = (size_t)a_off[bt] + (size_t)i * k;
            for (int32_t j = 0; j < n; j++, yi++) {
                const size_t bc = (size_t)b_off[bt] + (size_t)j * b_ns;
                const int32_t bz = b_zp[j];
                int32_t acc = bias ? bias[j] : 0;
                for (int32_t p = 0; p < k; p++) {
                    acc += (aotc_qonnx_load(a, ar + p, akind) - a_zp) * (aotc_qonnx_load(b, bc + (size_t)p * b_ks, bkind) - bz);
                }
                if (!scale) ((int32_t *)y)[yi] = acc;
                else aotc_qonnx_store(y, yi, ykind, aotc_qonnx_quantize((float)acc * scale[j], y_zp, y_lo, y_hi));
            }
        }
    }
}
