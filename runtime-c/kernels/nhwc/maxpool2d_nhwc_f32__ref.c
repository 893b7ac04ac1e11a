/* maxpool2d_nhwc_f32__ref.c: portable float32 2-D max pool, NHWC (padding ignored), fused activation. */
static void aotc_maxpool2d_nhwc_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y,
                                         int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                         int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                         int32_t act, float p0, float p1) {
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            const int32_t ky0 = aotc_max_i32(0, -y0), ky1 = aotc_min_i32(kh, ih - y0);
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                const int32_t kx0 = aotc_max_i32(0, -x0), kx1 = aotc_min_i32(kw, iw - x0);
                float *yp = y + (((size_t)b * oh + oy) * ow + ox) * c;
                for (int32_t ch = 0; ch < c; ch++) {
                    float m = -3.40282347e+38f; /* lowest float, as TFLM starts */
                    for (int32_t ky = ky0; ky < ky1; ky++) {
                        for (int32_t kx = kx0; kx < kx1; kx++) {
                            const float v = x[(((size_t)b * ih + y0 + ky) * iw + x0 + kx) * c + ch];
                            if (m < v) m = v;
                        }
                    }
                    yp[ch] = aotc_act_f32(m, act, p0, p1);
                }
            }
        }
    }
}
