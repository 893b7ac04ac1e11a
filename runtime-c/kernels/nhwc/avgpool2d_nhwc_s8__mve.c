/* avgpool2d_nhwc_s8__mve.c: int8 NHWC average pool for Armv8.1-M MVE (Helium): 16-bit lane sums of 16 channels per tap. */
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

/*
 * The reference's mean (s ± count/2) / count, truncated, is sign(s)·round_half_up(|s| / count), and for |s| < 2^16
 * that is VRMULH.U32(|s|, M) with M = ceil(2^32 / count) (2^32 - 1 for count 1): the product's error
 * |s|·(M·count - 2^32) / (count·2^32) < 2^-16 never crosses a rounding boundary (they are 1/(2·count) apart).
 */
static inline AOTC_UNUSED int32x4_t aotc_avgpool_s8_mean4(int32x4_t s, uint32x4_t vm, int32x4_t vlo, int32x4_t vhi) {
    int32x4_t m = vreinterpretq_s32_u32(vrmulhq_u32(vreinterpretq_u32_s32(vabsq_s32(s)), vm));
    m = vnegq_m_s32(m, m, vcmpltq_n_s32(s, 0));
    return vminq_s32(vmaxq_s32(m, vlo), vhi);
}

/* Eight 16-bit lane sums to eight means (16-bit lanes, clamped): even and odd lanes widened, then narrowed back. */
static inline AOTC_UNUSED int16x8_t aotc_avgpool_s8_mean8(int16x8_t s, uint32x4_t vm, int32x4_t vlo, int32x4_t vhi) {
    const int32x4_t e = aotc_avgpool_s8_mean4(vmovlbq_s16(s), vm, vlo, vhi);
    const int32x4_t o = aotc_avgpool_s8_mean4(vmovltq_s16(s), vm, vlo, vhi);
    return vmovntq_s32(vmovnbq_s32(vdupq_n_s16(0), e), o);
}

static void aotc_avgpool2d_nhwc_s8__mve(const int8_t *AOTC_RESTRICT x, int8_t *AOTC_RESTRICT y,
                                        int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow,
                                        int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                                        int32_t act_min, int32_t act_max) {
    if (kh * kw > 256) { /* 16-bit lane sums hold any window of at most 256 taps (|sum| <= 128 · 256) */
        aotc_avgpool2d_nhwc_s8__ref(x, y, n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, act_min, act_max);
        return;
    }
    const int32x4_t vlo = vdupq_n_s32(act_min), vhi = vdupq_n_s32(act_max);
    const int32_t row = iw * c;
    for (int32_t b = 0; b < n; b++) {
        for (int32_t oy = 0; oy < oh; oy++) {
            const int32_t y0 = oy * sh - pt;
            const int32_t ky0 = aotc_max_i32(0, -y0), ky1 = aotc_min_i32(kh, ih - y0);
            for (int32_t ox = 0; ox < ow; ox++) {
                const int32_t x0 = ox * sw - pl;
                const int32_t kx0 = aotc_max_i32(0, -x0), kx1 = aotc_min_i32(kw, iw - x0), nx = kx1 - kx0;
                const int32_t count = (ky1 - ky0) * nx;
                const uint32x4_t vm = vdupq_n_u32(count == 1 ? 0xFFFFFFFFu : 0xFFFFFFFFu / (uint32_t)count + 1u);
                const int8_t *win = x + (((size_t)b * ih + y0 + ky0) * iw + x0 + kx0) * c;
                int8_t *yp = y + (((size_t)b * oh + oy) * ow + ox) * c;
                int32_t ch = 0;
                for (; ch + 16 <= c; ch += 16) {
                    int16x8_t a0 = vdupq_n_s16(0), a1 = vdupq_n_s16(0);
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) {
                            a0 = vaddq_s16(a0, vldrbq_s16(p));
                            a1 = vaddq_s16(a1, vldrbq_s16(p + 8));
                        }
                    }
                    vstrbq_s16(yp + ch, aotc_avgpool_s8_mean8(a0, vm, vlo, vhi));
                    vstrbq_s16(yp + ch + 8, aotc_avgpool_s8_mean8(a1, vm, vlo, vhi));
                }
                for (; ch < c; ch += 8) {
                    const mve_pred16_t pr = vctp16q((uint32_t)(c - ch));
                    int16x8_t a0 = vdupq_n_s16(0);
                    const int8_t *r = win + ch;
                    for (int32_t ky = ky0; ky < ky1; ky++, r += row) {
                        const int8_t *p = r;
                        for (int32_t kx = 0; kx < nx; kx++, p += c) a0 = vaddq_s16(a0, vldrbq_z_s16(p, pr));
                    }
                    vstrbq_p_s16(yp + ch, aotc_avgpool_s8_mean8(a0, vm, vlo, vhi), pr);
                }
            }
        }
    }
}
#endif
