/* avgpool2d_nhwc_s8__ref.c: portable int8_t 2-D average pool, NHWC (TFLM: mean over the valid taps, rounded half away from zero). */
static void aotc_avgpool2d_nhwc_s8__ref(const int8_t *AOTC_RESTRICT x, int8_t *AOTC_RESTRICT y,
                                       int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                       int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                       int32_t act_min, int32_t act_max) {
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            const int32_t ky0 = aotc_max_i32(0, -y0), ky1 = aotc_min_i32(kh, ih - y0);
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                const int32_t kx0 = aotc_max_i32(0, -x0), kx1 = aotc_min_i32(kw, iw - x0);
                const int32_t count = (ky1 - ky0) * (kx1 - kx0);
                int8_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * c;
                for (int32_t ch = 0; ch < c; ch++) {
                    int32_t acc = 0;
                    for (int32_t ky = ky0; ky < ky1; ky++) {
                        for (int32_t kx = kx0; kx < kx1; kx++) acc += x[(((size_t)b * ih + y0 + ky) * iw + x0 + kx) * c + ch];
                    }
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    acc = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
                    yp[ch] = (int8_t)acc;
                }
            }
        }
    }
}
