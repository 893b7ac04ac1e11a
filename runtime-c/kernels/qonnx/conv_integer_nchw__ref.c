/* conv_integer_nchw__ref.c: ONNX ConvInteger / QLinearConv (2-D NCHW): exact int32 sums, raw or requantized like ONNX Runtime. */
static void aotc_conv_integer_nchw__ref(const void *AOTC_RESTRICT x, int32_t xkind, const void *AOTC_RESTRICT w, int32_t wkind,
                                        const int32_t *AOTC_RESTRICT bias, void *AOTC_RESTRICT y, int32_t ykind,
                                        int32_t n, int32_t c, int32_t ih, int32_t iw, int32_t m, int32_t oh, int32_t ow,
                                        int32_t kh, int32_t kw, int32_t group, int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                                        int32_t pt, int32_t pl, int32_t x_zp, const int32_t *AOTC_RESTRICT w_zp,
                                        const float *AOTC_RESTRICT scale, int32_t y_zp, int32_t y_lo, int32_t y_hi) {
    /* acc = bias[o] + sum over in-bounds taps of (x - x_zp)(w - w_zp[o]); padded taps contribute 0 (they read x_zp).
     * scale == NULL: y is the int32 sum; else y = clamp(round_half_even((float)acc * scale[o]) + y_zp, y_lo, y_hi). */
    const int32_t cg = c / group, mg = m / group;
    size_t yi = 0;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t o = 0; o < m; o++) {
            const int32_t c0 = (o / mg) * cg, wz = w_zp[o];
            const size_t wo = (size_t)o * cg * kh * kw;
            for (int32_t oy = 0; oy < oh; oy++) {
                for (int32_t ox = 0; ox < ow; ox++, yi++) {
                    int32_t acc = bias ? bias[o] : 0;
                    for (int32_t ci = 0; ci < cg; ci++) {
                        const size_t xc = ((size_t)b * c + c0 + ci) * ih;
                        const size_t wc = wo + (size_t)ci * kh * kw;
                        for (int32_t ky = 0; ky < kh; ky++) {
                            const int32_t iy = oy * sh - pt + ky * dh;
                            if (iy < 0 || iy >= ih) continue;
                            for (int32_t kx = 0; kx < kw; kx++) {
                                const int32_t ix = ox * sw - pl + kx * dw;
                                if (ix < 0 || ix >= iw) continue;
                                const int32_t xv = aotc_qonnx_load(x, (xc + (size_t)iy) * iw + ix, xkind) - x_zp;
                                const int32_t wv = aotc_qonnx_load(w, wc + (size_t)ky * kw + kx, wkind) - wz;
                                acc += xv * wv;
                            }
                        }
                    }
                    if (!scale) ((int32_t *)y)[yi] = acc;
                    else aotc_qonnx_store(y, yi, ykind, aotc_qonnx_quantize((float)acc * scale[o], y_zp, y_lo, y_hi));
                }
            }
        }
    }
}
