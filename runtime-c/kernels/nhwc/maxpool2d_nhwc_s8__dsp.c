/* maxpool2d_nhwc_s8__dsp.c: int8 NHWC max pool for Armv7E-M / Armv8-M DSP: SSUB8 + SEL on 8 / 4 channels per tap. */
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>

/* Bytewise signed max of the word at p and m (SSUB8 sets GE where the new value >= m). */
static inline AOTC_UNUSED uint32_t aotc_maxpool_s8_max4(uint32_t m, const int8_t *p) {
    uint32_t w;
    memcpy(&w, p, 4);
    (void)__ssub8((int8x4_t)w, (int8x4_t)m);
    return __sel(w, m);
}

static inline AOTC_UNUSED void aotc_maxpool_s8_store4(int8_t *y, uint32_t w, uint32_t lo4, uint32_t hi4) {
    if (lo4 != 0x80808080u) {
        (void)__ssub8((int8x4_t)w, (int8x4_t)lo4);
        w = __sel(w, lo4);
    }
    if (hi4 != 0x7f7f7f7fu) {
        (void)__ssub8((int8x4_t)w, (int8x4_t)hi4);
        w = __sel(hi4, w);
    }
    memcpy(y, &w, 4);
}

static void aotc_maxpool2d_nhwc_s8__dsp(const int8_t *AOTC_RESTRICT x, int8_t *AOTC_RESTRICT y,
                                        int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                        int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                        int32_t act_min, int32_t act_max) {
    const uint32_t lo4 = ((uint32_t)act_min & 0xffu) * 0x01010101u, hi4 = ((uint32_t)act_max & 0xffu) * 0x01010101u;
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
                int32_t ch = 0;
                for (; ch + 8 <= c; ch += 8) {
                    uint32_t m0 = 0x80808080u, m1 = 0x80808080u;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) {
                            m0 = aotc_maxpool_s8_max4(m0, p);
                            m1 = aotc_maxpool_s8_max4(m1, p + 4);
                        }
                    }
                    aotc_maxpool_s8_store4(yp + ch, m0, lo4, hi4);
                    aotc_maxpool_s8_store4(yp + ch + 4, m1, lo4, hi4);
                }
                for (; ch + 4 <= c; ch += 4) {
                    uint32_t m0 = 0x80808080u;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) m0 = aotc_maxpool_s8_max4(m0, p);
                    }
                    aotc_maxpool_s8_store4(yp + ch, m0, lo4, hi4);
                }
                for (; ch < c; ch++) {
                    int32_t m = -128;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        for (int32_t kx = 0; kx < nx; kx++) m = r[kx * c] > m ? r[kx * c] : m;
                    }
                    yp[ch] = (int8_t)(m < act_min ? act_min : (m > act_max ? act_max : m));
                }
            }
        }
    }
}
#endif
