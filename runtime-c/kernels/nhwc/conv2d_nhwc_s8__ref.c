/* conv2d_nhwc_s8__ref.c: portable int8 2-D convolution (TFLM ConvPerChannel), NHWC, OHWI weights, groups, dilation. */
static void aotc_conv2d_nhwc_s8__ref(const int8_t *AOTC_RESTRICT x, const int8_t *AOTC_RESTRICT w,
                                     const int32_t *AOTC_RESTRICT bias, int8_t *AOTC_RESTRICT y,
                                     const int32_t *AOTC_RESTRICT mult, const int32_t *AOTC_RESTRICT shift,
                                     int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                     int32_t oc, int32_t kh, int32_t kw, int32_t group,
                                     int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                     int32_t in_off, int32_t pad_val, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* acc = bias[o] + sum over taps of w * (x + in_off), padded taps reading pad_val (in_off folded into bias: pad_val = zp). */
    const int32_t cg = c / group, ocg = oc / group;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                int8_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * oc;
                for (int32_t o = 0; o < oc; o++) {
                    const int32_t c0 = (o / ocg) * cg;
                    const int8_t *wo = w + (size_t)o * kh * kw * cg;
                    int32_t acc = bias ? bias[o] : 0;
                    for (int32_t ky = 0; ky < kh; ky++) {
                        const int32_t iy = y0 + ky * dh;
                        const int32_t row_in = iy >= 0 && iy < ih;
                        for (int32_t kx = 0; kx < kw; kx++) {
                            const int32_t ix = x0 + kx * dw;
                            const int8_t *wp = wo + ((size_t)ky * kw + kx) * cg;
                            if (row_in && ix >= 0 && ix < iw) {
                                const int8_t *xp = x + (((size_t)b * ih + iy) * iw + ix) * c + c0;
                                for (int32_t ci = 0; ci < cg; ci++) acc += (int32_t)wp[ci] * ((int32_t)xp[ci] + in_off);
                            } else if (pad_val != 0) {
                                for (int32_t ci = 0; ci < cg; ci++) acc += (int32_t)wp[ci] * pad_val;
                            }
                        }
                    }
                    acc = aotc_mbqm(acc, mult[o], shift[o]) + out_zp;
                    acc = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
                    yp[o] = (int8_t)acc;
                }
            }
        }
    }
}
