/* avgpool2d_nhwc_s8__dsp.c: int8 NHWC average pool for Armv7E-M / Armv8-M DSP: SXTAB16 sums of 8 / 4 channels per tap. */
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>

/* The reference's rounded mean: (sum ± count/2) / count, truncating (halves away from zero; sum 0 gives 0 either way). */
static inline AOTC_UNUSED int32_t aotc_avgpool_s8_mean(int32_t sum, int32_t count, int32_t half) {
    const int32_t sg = sum >> 31;
    return (sum + ((half ^ sg) - sg)) / count;
}

/* Four means (sums in the halfwords of s02 = channels 0, 2 and s13 = 1, 3), packed, clamped bytewise, stored. */
static inline AOTC_UNUSED void aotc_avgpool_s8_store4(int8_t *y, int16x2_t s02, int16x2_t s13, int32_t count,
                                                      int32_t half, uint32_t lo4, uint32_t hi4) {
    const int32_t m0 = aotc_avgpool_s8_mean((int16_t)s02, count, half), m2 = aotc_avgpool_s8_mean(s02 >> 16, count, half);
    const int32_t m1 = aotc_avgpool_s8_mean((int16_t)s13, count, half), m3 = aotc_avgpool_s8_mean(s13 >> 16, count, half);
    uint32_t w = ((uint32_t)m0 & 0xffu) | (((uint32_t)m1 & 0xffu) << 8) | (((uint32_t)m2 & 0xffu) << 16)
        | ((uint32_t)m3 << 24);
    if (lo4 != 0x80808080u) { /* GE per byte where w >= lo: keep w there */
        (void)__ssub8((int8x4_t)w, (int8x4_t)lo4);
        w = __sel(w, lo4);
    }
    if (hi4 != 0x7f7f7f7fu) {
        (void)__ssub8((int8x4_t)w, (int8x4_t)hi4);
        w = __sel(hi4, w);
    }
    memcpy(y, &w, 4);
}

static inline AOTC_UNUSED int16x2_t aotc_avgpool_s8_sx02(int16x2_t acc, const int8_t *p) {
    uint32_t w;
    memcpy(&w, p, 4);
    return __sxtab16(acc, (int8x4_t)w);
}

static inline AOTC_UNUSED int16x2_t aotc_avgpool_s8_sx13(int16x2_t acc, const int8_t *p) {
    uint32_t w;
    memcpy(&w, p, 4);
    return __sxtab16(acc, (int8x4_t)((w >> 8) | (w << 24))); /* ROR #8 (gcc 12's arm_acle.h has no __ror) */
}

static void aotc_avgpool2d_nhwc_s8__dsp(const int8_t *AOTC_RESTRICT x, int8_t *AOTC_RESTRICT y,
                                        int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                        int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                        int32_t act_min, int32_t act_max) {
    /* 16-bit lane sums hold any window of at most 256 taps (|sum| <= 128 · 256) */
    if (kh * kw > 256) {
        aotc_avgpool2d_nhwc_s8__ref(x, y, n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, act_min, act_max);
        return;
    }
    const uint32_t lo4 = ((uint32_t)act_min & 0xffu) * 0x01010101u, hi4 = ((uint32_t)act_max & 0xffu) * 0x01010101u;
    const int32_t row = iw * c;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            const int32_t ky0 = aotc_max_i32(0, -y0), ky1 = aotc_min_i32(kh, ih - y0);
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                const int32_t kx0 = aotc_max_i32(0, -x0), kx1 = aotc_min_i32(kw, iw - x0);
                const int32_t count = (ky1 - ky0) * (kx1 - kx0), half = count / 2, nx = kx1 - kx0;
                const int8_t *win = x + (((size_t)b * ih + y0 + ky0) * iw + x0 + kx0) * c;
                int8_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * c;
                int32_t ch = 0;
                for (; ch + 8 <= c; ch += 8) {
                    int16x2_t a02 = 0, a13 = 0, b02 = 0, b13 = 0;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) {
                            a02 = aotc_avgpool_s8_sx02(a02, p);
                            a13 = aotc_avgpool_s8_sx13(a13, p);
                            b02 = aotc_avgpool_s8_sx02(b02, p + 4);
                            b13 = aotc_avgpool_s8_sx13(b13, p + 4);
                        }
                    }
                    aotc_avgpool_s8_store4(yp + ch, a02, a13, count, half, lo4, hi4);
                    aotc_avgpool_s8_store4(yp + ch + 4, b02, b13, count, half, lo4, hi4);
                }
                for (; ch + 4 <= c; ch += 4) {
                    int16x2_t a02 = 0, a13 = 0;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) {
                            a02 = aotc_avgpool_s8_sx02(a02, p);
                            a13 = aotc_avgpool_s8_sx13(a13, p);
                        }
                    }
                    aotc_avgpool_s8_store4(yp + ch, a02, a13, count, half, lo4, hi4);
                }
                for (; ch < c; ch++) {
                    int32_t acc = 0;
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        for (int32_t kx = 0; kx < nx; kx++) acc += r[kx * c];
                    }
                    acc = aotc_avgpool_s8_mean(acc, count, half);
                    yp[ch] = (int8_t)(acc < act_min ? act_min : (acc > act_max ? act_max : acc));
                }
            }
        }
    }
}
#endif
