/* convtranspose3d_ncdhw_f32__ref.c: portable float32 3-D transposed convolution, NCDHW, (C, M/group, kD, kH, kW) weights. */
/* Window arrays (3 entries, depth/height/width): in, out, k (kernel), s (strides), d (dilations), pad (begin pads). */
/* Scatter form: every input element adds its weighted kernel footprint to the output; then the fused activation. */
static void aotc_convtranspose3d_ncdhw_f32__ref(const float *AOTC_RESTRICT x, const float *AOTC_RESTRICT w,
                                                const float *AOTC_RESTRICT bias, float *AOTC_RESTRICT y,
                                                int32_t n, int32_t c, int32_t m, int32_t group,
                                                const int32_t *in, const int32_t *out, const int32_t *k,
                                                const int32_t *s, const int32_t *d, const int32_t *pad,
                                                int32_t act, float p0, float p1) {
    const int32_t id = in[0], ih = in[1], iw = in[2], od = out[0], oh = out[1], ow = out[2];
    const int32_t kd = k[0], kh = k[1], kw = k[2];
    const int32_t cg = c / group, mg = m / group;
    const size_t isz = (size_t)id * ih * iw, osz = (size_t)od * oh * ow, ksz = (size_t)kd * kh * kw;
    for (int32_t b = 0; b < n; b++) {
        float *yb = y + (size_t)b * m * osz;
        for (int32_t oc = 0; oc < m; oc++) {
            const float b0 = bias ? bias[oc] : 0.0f;
            for (size_t i = 0; i < osz; i++) yb[(size_t)oc * osz + i] = b0;
        }
        for (int32_t ic = 0; ic < c; ic++) {
            const int32_t g = ic / cg;
            const float *xc = x + ((size_t)b * c + ic) * isz;
            for (int32_t iz = 0; iz < id; iz++) {
                const int32_t z0 = iz * s[0] - pad[0];
                int32_t kz0, kz1;
                aotc_window_taps(z0, d[0], kd, od, &kz0, &kz1);
                for (int32_t iy = 0; iy < ih; iy++) {
                    const int32_t y0 = iy * s[1] - pad[1];
                    int32_t ky0, ky1;
                    aotc_window_taps(y0, d[1], kh, oh, &ky0, &ky1);
                    for (int32_t ix = 0; ix < iw; ix++) {
                        const int32_t x0 = ix * s[2] - pad[2];
                        int32_t kx0, kx1;
                        aotc_window_taps(x0, d[2], kw, ow, &kx0, &kx1);
                        const float xv = xc[((size_t)iz * ih + iy) * iw + ix];
                        for (int32_t mo = 0; mo < mg; mo++) {
                            const float *wm = w + ((size_t)ic * mg + mo) * ksz;
                            float *ym = yb + (size_t)(g * mg + mo) * osz;
                            for (int32_t kz = kz0; kz < kz1; kz++) {
                                const int32_t oz = z0 + kz * d[0];
                                for (int32_t ky = ky0; ky < ky1; ky++) {
                                    float *yr = ym + ((size_t)oz * oh + (y0 + ky * d[1])) * ow;
                                    const float *wr = wm + ((size_t)kz * kh + ky) * kw;
                                    for (int32_t kx = kx0; kx < kx1; kx++) yr[x0 + kx * d[2]] += xv * wr[kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (act != AOTC_ACT_NONE) {
            for (size_t i = 0; i < (size_t)m * osz; i++) yb[i] = aotc_act_f32(yb[i], act, p0, p1);
        }
    }
}
