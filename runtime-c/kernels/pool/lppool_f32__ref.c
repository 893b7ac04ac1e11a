/* lppool_f32__ref.c: float32 Lp pooling, (sum |x|^p)^(1/p) over 1-D/2-D/3-D windows of `nc` planes (pads add nothing). */
/* Window arrays (3 entries, depth/height/width): in, out, k, s, d, pad (begin pads). */
static void aotc_lppool_f32__ref(const float *AOTC_RESTRICT x, float *AOTC_RESTRICT y, int32_t nc,
                                 const int32_t *in, const int32_t *out, const int32_t *k, const int32_t *s,
                                 const int32_t *d, const int32_t *pad, float p) {
    const int32_t ih = in[1], iw = in[2], od = out[0], oh = out[1], ow = out[2];
    const size_t isz = (size_t)in[0] * ih * iw;
    for (int32_t q = 0; q < nc; q++) {
        const float *xp = x + (size_t)q * isz;
        float *yp = y + (size_t)q * od * oh * ow;
        for (int32_t oz = 0; oz < od; oz++) {
            const int32_t z0 = oz * s[0] - pad[0];
            int32_t kz0, kz1;
            aotc_window_taps(z0, d[0], k[0], in[0], &kz0, &kz1);
            for (int32_t oy = 0; oy < oh; oy++) {
                const int32_t y0 = oy * s[1] - pad[1];
                int32_t ky0, ky1;
                aotc_window_taps(y0, d[1], k[1], ih, &ky0, &ky1);
                for (int32_t ox = 0; ox < ow; ox++) {
                    const int32_t x0 = ox * s[2] - pad[2];
                    int32_t kx0, kx1;
                    aotc_window_taps(x0, d[2], k[2], iw, &kx0, &kx1);
                    float sum = 0.0f;
                    for (int32_t kz = kz0; kz < kz1; kz++) {
                        for (int32_t ky = ky0; ky < ky1; ky++) {
                            const float *xr = xp + ((size_t)(z0 + kz * d[0]) * ih + (y0 + ky * d[1])) * iw;
                            for (int32_t kx = kx0; kx < kx1; kx++) {
                                const float v = fabsf(xr[x0 + kx * d[2]]);
                                sum += p == 1.0f ? v : (p == 2.0f ? v * v : powf(v, p));
                            }
                        }
                    }
                    yp[((size_t)oz * oh + oy) * ow + ox] = p == 1.0f ? sum : (p == 2.0f ? sqrtf(sum) : powf(sum, 1.0f / p));
                }
            }
        }
    }
}
