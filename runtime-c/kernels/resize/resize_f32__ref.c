/* resize_f32__ref.c: separable float32 resampling: per pass y[o][j][i] = sum_t w[j][t] * x[o][idx[j][t]][i]. */
static void aotc_resize_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, float *AOTC_RESTRICT scratch,
                                 int32_t half, int32_t npass, const int32_t *geom, const int32_t *idx, const float *w,
                                 float extrap) {
    /* geom: (outer, in, out, inner, taps) per pass; idx/w: out*taps per pass (idx[j*taps] < 0: extrapolation);
       passes ping-pong through scratch[0..half) and scratch[half..). */
    const float *src = x;
    for (int32_t p = 0; p < npass; p++) {
        const int32_t *g = geom + 5 * p;
        const int32_t outer = g[0], in = g[1], out = g[2], inner = g[3], k = g[4];
        float *dst = p == npass - 1 ? y : scratch + (p % 2) * half;
        for (int32_t o = 0; o < outer; o++) {
            const float *so = src + (size_t)o * in * inner;
            for (int32_t j = 0; j < out; j++) {
                const int32_t *ix = idx + (size_t)j * k;
                const float *wj = w + (size_t)j * k;
                float *d = dst + ((size_t)o * out + j) * inner;
                if (ix[0] < 0) {
                    for (int32_t i = 0; i < inner; i++) d[i] = extrap;
                    continue;
                }
                const float *s0 = so + (size_t)ix[0] * inner;
                for (int32_t i = 0; i < inner; i++) d[i] = wj[0] * s0[i];
                for (int32_t t = 1; t < k; t++) {
                    const float wt = wj[t];
                    const float *st = so + (size_t)ix[t] * inner;
                    if (wt == 0.0f) continue;
                    for (int32_t i = 0; i < inner; i++) d[i] += wt * st[i];
                }
            }
        }
        idx += (size_t)out * k;
        w += (size_t)out * k;
        src = dst;
    }
}
