/* maxpool2d_nhwc_s8__mve.c: int8 NHWC max pool for Armv8.1-M MVE (Helium): VMAX over 16 channels per tap. */
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

static void aotc_maxpool2d_nhwc_s8__mve(const int8_t *AOTC_RESTRICT x, int8_t *AOTC_RESTRICT y,
                                        int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                        int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                        int32_t act_min, int32_t act_max) {
    const int8x16_t vlo = vdupq_n_s8((int8_t)act_min), vhi = vdupq_n_s8((int8_t)act_max);
    const int32_t row = iw * c;
    (void)aotc_maxpool2d_nhwc_s8__ref; /* included with every variant; this one never needs it */
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            const int32_t ky0 = aotc_max_i32(0, -y0), ky1 = aotc_min_i32(kh, ih - y0);
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                const int32_t kx0 = aotc_max_i32(0, -x0), kx1 = aotc_min_i32(kw, iw - x0), nx = kx1 - kx0;
                const int8_t *win = x + (((size_t)b * ih + y0 + ky0) * iw + x0 + kx0) * c;
                int8_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * c;
                for (int32_t ch = 0; ch < c; ch += 16) {
                    const mve_pred16_t pr = vctp8q((uint32_t)(c - ch));
                    int8x16_t m = vlo; /* the clamp's lower bound (>= -128) is also the max's start */
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) m = vmaxq_s8(m, vldrbq_z_s8(p, pr));
                    }
                    vstrbq_p_s8(yp + ch, vminq_s8(m, vhi), pr);
                }
            }
        }
    }
}
#endif
