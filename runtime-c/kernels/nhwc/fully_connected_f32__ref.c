/* fully_connected_f32__ref.c: portable float32 fully connected layer y[b,o] = x[b,:] . w[o,:] + bias[o], fused activation. */
static void aotc_fully_connected_f32__ref(const float *AOTC_RESTRICT x, const float *AOTC_RESTRICT w,
                                          const float *AOTC_RESTRICT bias, float *AOTC_RESTRICT y,
                                          int32_t batches, int32_t k, int32_t oc, int32_t act, float p0, float p1) {
    for (int32_t b = 0; b < batches; b++) {
        const float *xb = x + (size_t)b * k;
        for (int32_t o = 0; o < oc; o++) {
            const float *wo = w + (size_t)o * k;
            float acc = 0.0f;
            for (int32_t i = 0; i < k; i++) acc += xb[i] * wo[i];
            y[(size_t)b * oc + o] = aotc_act_f32(acc + (bias ? bias[o] : 0.0f), act, p0, p1);
        }
    }
}
