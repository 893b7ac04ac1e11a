/* global_pool_f32__ref.c: float32 global pooling of `nc` planes of `size` elements: mode 0 average, 1 max, 2 Lp norm (p). */
static void aotc_global_pool_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t nc, int32_t size,
                                      int32_t mode, float p) {
    for (int32_t q = 0; q < nc; q++) {
        const float *xp = x + (size_t)q * size;
        float acc;
        if (mode == 1) {
            acc = xp[0];
            for (int32_t i = 1; i < size; i++) acc = xp[i] > acc ? xp[i] : acc;
        } else if (mode == 2) {
            acc = 0.0f;
            if (p == 2.0f) {
                for (int32_t i = 0; i < size; i++) acc += xp[i] * xp[i];
                acc = sqrtf(acc);
            } else if (p == 1.0f) {
                for (int32_t i = 0; i < size; i++) acc += fabsf(xp[i]);
            } else {
                for (int32_t i = 0; i < size; i++) acc += powf(fabsf(xp[i]), p);
                acc = powf(acc, 1.0f / p);
            }
        } else {
            acc = 0.0f;
            for (int32_t i = 0; i < size; i++) acc += xp[i];
            acc /= (float)size;
        }
        y[q] = acc;
    }
}
