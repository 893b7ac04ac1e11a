/* layernorm_f32__ref.c: LayerNormalization over the trailing `inner` elements of each row, optional Mean/InvStdDev. */
static void aotc_layernorm_f32__ref(const float *x, const float *AOTC_RESTRICT scale, const float *AOTC_RESTRICT bias,
                                    float *y, float *AOTC_RESTRICT mean_out, float *AOTC_RESTRICT inv_std_out,
                                    int32_t outer, int32_t inner, int32_t scale_step, int32_t bias_step, float eps) {
    /*
     * scale[j * scale_step], bias[j * bias_step]: step 1 for a full scale/bias, 0 for a single element; bias,
     * mean_out and inv_std_out may be NULL. x and y may be the same buffer (in place).
     */
    for (int32_t o = 0; o < outer; o++) {
        const float *xr = x + (size_t)o * (size_t)inner;
        float *yr = y + (size_t)o * (size_t)inner;
        float sum = 0.0f, sq = 0.0f;
        for (int32_t j = 0; j < inner; j++) sum += xr[j];
        const float mean = inner > 0 ? sum / (float)inner : 0.0f;
        for (int32_t j = 0; j < inner; j++) {
            const float d = xr[j] - mean;
            sq += d * d;
        }
        const float inv_std = 1.0f / sqrtf((inner > 0 ? sq / (float)inner : 0.0f) + eps);
        for (int32_t j = 0; j < inner; j++) {
            const float v = (xr[j] - mean) * inv_std * scale[j * scale_step];
            yr[j] = bias ? v + bias[j * bias_step] : v;
        }
        if (mean_out) mean_out[o] = mean;
        if (inv_std_out) inv_std_out[o] = inv_std;
    }
}
