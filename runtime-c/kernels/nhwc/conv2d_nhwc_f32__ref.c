/* conv2d_nhwc_f32__ref.c: portable float32 2-D convolution, NHWC input, OHWI weights, groups, dilation, fused activation. */
static void aotc_conv2d_nhwc_f32__ref(const float *AOTC_RESTRICT x, const float *AOTC_RESTRICT w,
                                      const float *AOTC_RESTRICT bias, float *AOTC_RESTRICT y,
                                      int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                      int32_t oc, int32_t kh, int32_t kw, int32_t group,
                                      int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                      int32_t act, float p0, float p1) {
    const int32_t cg = c / group, ocg = oc / group;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                float *yp = y + (((size_t)b * oh + oy) * ow + ox) * oc;
                for (int32_t o = 0; o < oc; o++) {
                    const int32_t c0 = (o / ocg) * cg;
                    const float *wo = w + (size_t)o * kh * kw * cg;
                    float acc = 0.0f;
                    for (int32_t ky = 0; ky < kh; ky++) {
                        const int32_t iy = y0 + ky * dh;
                        if (iy < 0 || iy >= ih) continue;
                        for (int32_t kx = 0; kx < kw; kx++) {
                            const int32_t ix = x0 + kx * dw;
                            if (ix < 0 || ix >= iw) continue;
                            const float *xp = x + (((size_t)b * ih + iy) * iw + ix) * c + c0;
                            const float *wp = wo + ((size_t)ky * kw + kx) * cg;
                            for (int32_t ci = 0; ci < cg; ci++) acc += xp[ci] * wp[ci];
                        }
                    }
                    yp[o] = aotc_act_f32(acc + (bias ? bias[o] : 0.0f), act, p0, p1);
                }
            }
        }
    }
}
