/* dwconv2d_nhwc_s16__ref.c: portable int16x8 depthwise 2-D convolution (TFLM 16x8, int64 accumulator), weights [C*M,KH,KW,1]. */
static void aotc_dwconv2d_nhwc_s16__ref(const int16_t *AOTC_RESTRICT x, const int8_t *AOTC_RESTRICT w,
                                        const int64_t *AOTC_RESTRICT bias, int16_t *AOTC_RESTRICT y,
                                        const int32_t *AOTC_RESTRICT mult, const int32_t *AOTC_RESTRICT shift,
                                        int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                        int32_t dm, int32_t kh, int32_t kw,
                                        int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                        int32_t act_min, int32_t act_max) {
    const int32_t oc = c * dm;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                int16_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * oc;
                for (int32_t o = 0; o < oc; o++) {
                    const int32_t ci = o / dm;
                    const int8_t *wo = w + (size_t)o * kh * kw;
                    int64_t acc = bias ? bias[o] : 0;
                    int32_t r;
                    for (int32_t ky = 0; ky < kh; ky++) {
                        const int32_t iy = y0 + ky * dh;
                        if (iy < 0 || iy >= ih) continue;
                        for (int32_t kx = 0; kx < kw; kx++) {
                            const int32_t ix = x0 + kx * dw;
                            if (ix < 0 || ix >= iw) continue;
                            acc += (int32_t)wo[ky * kw + kx] * (int32_t)x[(((size_t)b * ih + iy) * iw + ix) * c + ci];
                        }
                    }
                    r = aotc_mbqm64(acc, mult[o], shift[o]);
                    r = r < act_min ? act_min : (r > act_max ? act_max : r);
                    yp[o] = (int16_t)r;
                }
            }
        }
    }
}
