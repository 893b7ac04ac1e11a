/* conv3d_ncdhw_f32__ref.c: portable float32 3-D convolution, NCDHW, OIDHW weights, groups, dilation, fused activation. */
/* Window arrays (3 entries, depth/height/width): in, out, k (kernel), s (strides), d (dilations), pad (begin pads). */
static void aotc_conv3d_ncdhw_f32__ref(const float *AOTC_RESTRICT x, const float *AOTC_RESTRICT w,
                                       const float *AOTC_RESTRICT bias, float *AOTC_RESTRICT y,
                                       int32_t n, int32_t c, int32_t m, int32_t group,
                                       const int32_t *in, const int32_t *out, const int32_t *k, const int32_t *s,
                                       const int32_t *d, const int32_t *pad, int32_t act, float p0, float p1) {
    const int32_t id = in[0], ih = in[1], iw = in[2], od = out[0], oh = out[1], ow = out[2];
    const int32_t kd = k[0], kh = k[1], kw = k[2];
    const int32_t cg = c / group, mg = m / group;
    const size_t isz = (size_t)id * ih * iw, osz = (size_t)od * oh * ow, ksz = (size_t)kd * kh * kw;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oc = 0; oc < m; oc++) {
            const float *xg = x + ((size_t)b * c + (size_t)(oc / mg) * cg) * isz;
            const float *wo = w + (size_t)oc * cg * ksz;
            float *yo = y + ((size_t)b * m + oc) * osz;
            const float b0 = bias ? bias[oc] : 0.0f;
            for (int32_t oz = 0; oz < od; oz++) {
                const int32_t z0 = oz * s[0] - pad[0];
                int32_t kz0, kz1;
                aotc_window_taps(z0, d[0], kd, id, &kz0, &kz1);
                for (int32_t oy = 0; oy < oh; oy++) {
                    const int32_t y0 = oy * s[1] - pad[1];
                    int32_t ky0, ky1;
                    aotc_window_taps(y0, d[1], kh, ih, &ky0, &ky1);
                    for (int32_t ox = 0; ox < ow; ox++) {
                        const int32_t x0 = ox * s[2] - pad[2];
                        int32_t kx0, kx1;
                        aotc_window_taps(x0, d[2], kw, iw, &kx0, &kx1);
                        float acc = b0;
                        for (int32_t ci = 0; ci < cg; ci++) {
                            const float *xc = xg + (size_t)ci * isz;
                            const float *wc = wo + (size_t)ci * ksz;
                            for (int32_t kz = kz0; kz < kz1; kz++) {
                                const int32_t iz = z0 + kz * d[0];
                                for (int32_t ky = ky0; ky < ky1; ky++) {
                                    const float *xr = xc + ((size_t)iz * ih + (y0 + ky * d[1])) * iw;
                                    const float *wr = wc + ((size_t)kz * kh + ky) * kw;
                                    for (int32_t kx = kx0; kx < kx1; kx++) acc += xr[x0 + kx * d[2]] * wr[kx];
                                }
                            }
                        }
                        yo[((size_t)oz * oh + oy) * ow + ox] = aotc_act_f32(acc, act, p0, p1);
                    }
                }
            }
        }
    }
}
