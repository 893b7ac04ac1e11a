/* conv2d_nchw_f32__ref.c: portable float32 2-D convolution, NCHW, OIHW weights, groups, dilation, fused activation. */
static void aotc_conv2d_nchw_f32__ref(const float *AOTC_RESTRICT x, const float *AOTC_RESTRICT w,
                                      const float *AOTC_RESTRICT bias, float *AOTC_RESTRICT y,
                                      int32_t n, int32_t c, int32_t ih, int32_t iw, int32_t m, int32_t oh, int32_t ow,
                                      int32_t kh, int32_t kw, int32_t group, int32_t sh, int32_t sw, int32_t dh,
                                      int32_t dw, int32_t pt, int32_t pl, int32_t act, float p0, float p1) {
    const int32_t cg = c / group, mg = m / group;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t g = 0; g < group; g++) {
            for (int32_t mo = 0; mo < mg; mo++) {
                const int32_t oc = g * mg + mo;
                const float *wo = w + (size_t)oc * cg * kh * kw;
                float *yo = y + ((size_t)b * m + oc) * oh * ow;
                for (int32_t oy = 0; oy < oh; oy++) {
                    for (int32_t ox = 0; ox < ow; ox++) {
                        float acc = bias ? bias[oc] : 0.0f;
                        for (int32_t ci = 0; ci < cg; ci++) {
                            const float *xc = x + ((size_t)b * c + g * cg + ci) * ih * iw;
                            const float *wc = wo + (size_t)ci * kh * kw;
                            for (int32_t ky = 0; ky < kh; ky++) {
                                const int32_t iy = oy * sh - pt + ky * dh;
                                if (iy < 0 || iy >= ih) continue;
                                for (int32_t kx = 0; kx < kw; kx++) {
                                    const int32_t ix = ox * sw - pl + kx * dw;
                                    if (ix < 0 || ix >= iw) continue;
                                    acc += xc[iy * iw + ix] * wc[ky * kw + kx];
                                }
                            }
                        }
                        yo[oy * ow + ox] = aotc_act_f32(acc, act, p0, p1);
                    }
                }
            }
        }
    }
}
