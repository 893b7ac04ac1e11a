/* maxpool__ref.h: macro template of the max-pooling kernel, instantiated once per element type by maxpool_<t>__ref.c. */
#ifndef AOTC_MAXPOOL_REF_H
#define AOTC_MAXPOOL_REF_H

/*
 * Max over each 3-D window of `nc` planes (pads are ignored, the first maximum wins). Window arrays (3 entries,
 * depth/height/width): in, out, k, s, d, pad (begin). When `ind` is not NULL it receives the int64 flat index
 * of each maximum: plane * (in[0]*in[1]*in[2]) + z*istr[0] + y*istr[1] + x*istr[2] (istr encodes storage_order).
 */
#define AOTC_MAXPOOL(NAME, T)                                                                                     \
    static void NAME(const T *AOTC_RESTRICT x, T *AOTC_RESTRICT y, int64_t *AOTC_RESTRICT ind, int32_t nc,       \
                     const int32_t *in, const int32_t *out, const int32_t *k, const int32_t *s, const int32_t *d, \
                     const int32_t *pad, const int32_t *istr) {                                                  \
        const int32_t ih = in[1], iw = in[2], od = out[0], oh = out[1], ow = out[2];                              \
        const size_t isz = (size_t)in[0] * ih * iw;                                                               \
        for (int32_t p = 0; p < nc; p++) {                                                                        \
            const T *xp = x + (size_t)p * isz;                                                                    \
            for (int32_t oz = 0; oz < od; oz++) {                                                                 \
                const int32_t z0 = oz * s[0] - pad[0];                                                            \
                int32_t kz0, kz1;                                                                                 \
                aotc_window_taps(z0, d[0], k[0], in[0], &kz0, &kz1);                                              \
                for (int32_t oy = 0; oy < oh; oy++) {                                                             \
                    const int32_t y0 = oy * s[1] - pad[1];                                                        \
                    int32_t ky0, ky1;                                                                             \
                    aotc_window_taps(y0, d[1], k[1], ih, &ky0, &ky1);                                             \
                    for (int32_t ox = 0; ox < ow; ox++) {                                                         \
                        const int32_t x0 = ox * s[2] - pad[2];                                                    \
                        int32_t kx0, kx1, found = 0, bz = 0, by = 0, bx = 0;                                      \
                        T best = (T)0;                                                                            \
                        aotc_window_taps(x0, d[2], k[2], iw, &kx0, &kx1);                                         \
                        for (int32_t kz = kz0; kz < kz1; kz++) {                                                  \
                            const int32_t iz = z0 + kz * d[0];                                                    \
                            for (int32_t ky = ky0; ky < ky1; ky++) {                                              \
                                const int32_t iy = y0 + ky * d[1];                                                \
                                const T *xr = xp + ((size_t)iz * ih + iy) * iw;                                   \
                                for (int32_t kx = kx0; kx < kx1; kx++) {                                          \
                                    const T v = xr[x0 + kx * d[2]];                                               \
                                    if (!found || v > best) {                                                     \
                                        best = v; found = 1; bz = iz; by = iy; bx = x0 + kx * d[2];               \
                                    }                                                                             \
                                }                                                                                 \
                            }                                                                                     \
                        }                                                                                         \
                        const size_t o = (size_t)p * od * oh * ow + ((size_t)oz * oh + oy) * ow + ox;             \
                        y[o] = best;                                                                              \
                        if (ind) {                                                                                \
                            ind[o] = found ? (int64_t)p * (int64_t)isz + (int64_t)bz * istr[0]                    \
                                                 + (int64_t)by * istr[1] + (int64_t)bx * istr[2]                  \
                                           : -1;                                                                  \
                        }                                                                                         \
                    }                                                                                             \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
    }

#endif
