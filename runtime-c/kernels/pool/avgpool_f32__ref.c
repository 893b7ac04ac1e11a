/* avgpool_f32__ref.c: float32 average pooling over 1-D/2-D/3-D windows of `nc` planes, with or without padding in the count. */
/* Window arrays (3 entries, depth/height/width): in, out, k, s, d, pad (begin pads), pad_end (end pads). */
static void aotc_avgpool_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t nc,
                                  const int32_t *in, const int32_t *out, const int32_t *k, const int32_t *s,
                                  const int32_t *d, const int32_t *pad, const int32_t *pad_end,
                                  int32_t count_include_pad) {
    const int32_t ih = in[1], iw = in[2], od = out[0], oh = out[1], ow = out[2];
    const size_t isz = (size_t)in[0] * ih * iw;
    /* Padded extents: with count_include_pad the divisor counts taps inside [-pad, in + pad_end). */
    const int32_t pd = in[0] + pad[0] + pad_end[0], ph = ih + pad[1] + pad_end[1], pw = iw + pad[2] + pad_end[2];
    for (int32_t p = 0; p < nc; p++) {
        const float *xp = x + (size_t)p * isz;
        float *yp = y + (size_t)p * od * oh * ow;
        for (int32_t oz = 0; oz < od; oz++) {
            const int32_t z0 = oz * s[0] - pad[0];
            int32_t kz0, kz1, cz0, cz1;
            aotc_window_taps(z0, d[0], k[0], in[0], &kz0, &kz1);
            aotc_window_taps(z0 + pad[0], d[0], k[0], pd, &cz0, &cz1);
            for (int32_t oy = 0; oy < oh; oy++) {
                const int32_t y0 = oy * s[1] - pad[1];
                int32_t ky0, ky1, cy0, cy1;
                aotc_window_taps(y0, d[1], k[1], ih, &ky0, &ky1);
                aotc_window_taps(y0 + pad[1], d[1], k[1], ph, &cy0, &cy1);
                for (int32_t ox = 0; ox < ow; ox++) {
                    const int32_t x0 = ox * s[2] - pad[2];
                    int32_t kx0, kx1, cx0, cx1;
                    aotc_window_taps(x0, d[2], k[2], iw, &kx0, &kx1);
                    aotc_window_taps(x0 + pad[2], d[2], k[2], pw, &cx0, &cx1);
                    float sum = 0.0f;
                    for (int32_t kz = kz0; kz < kz1; kz++) {
                        for (int32_t ky = ky0; ky < ky1; ky++) {
                            const float *xr = xp + ((size_t)(z0 + kz * d[0]) * ih + (y0 + ky * d[1])) * iw;
                            for (int32_t kx = kx0; kx < kx1; kx++) sum += xr[x0 + kx * d[2]];
                        }
                    }
                    const int32_t count = count_include_pad ? (cz1 - cz0) * (cy1 - cy0) * (cx1 - cx0)
                                                            : (kz1 - kz0) * (ky1 - ky0) * (kx1 - kx0);
                    yp[((size_t)oz * oh + oy) * ow + ox] = count > 0 ? sum / (float)count : 0.0f;
                }
            }
        }
    }
}
