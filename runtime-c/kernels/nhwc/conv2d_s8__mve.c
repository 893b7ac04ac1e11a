/* conv2d_s8__mve.c: int8 2-D convolution (NHWC, OHWI, group 1) as im2col rows and 2-row VMLADAVA tiles, Armv8.1-M MVE. */
#if defined(__ARM_FEATURE_MVE)

/* The kh x kw x c patch of output pixel (b, oy, ox) into row (k = kh * kw * c bytes): per kernel row, the taps
 * kx0 <= kx < kx1 inside the input are one contiguous run of the NHWC row when dw == 1. */
static inline AOTC_UNUSED void aotc_im2col_mve(int8_t *AOTC_RESTRICT row, const int8_t *AOTC_RESTRICT x, int32_t b, int32_t oy,
                                               int32_t ox, int32_t ih, int32_t iw, int32_t c, int32_t kh, int32_t kw,
                                               int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                               int32_t pad_val) {
    const int32_t y0 = oy * sh - pt, x0 = ox * sw - pl;
    if (dw == 1 && y0 >= 0 && y0 + (kh - 1) * dh < ih && x0 >= 0 && x0 + kw <= iw) {
        /* the window inside the input: kh runs of kw * c bytes */
        const int8_t *s = x + (((size_t)b * ih + y0) * iw + x0) * c;
        for (int32_t ky = 0; ky < kh; ky++, row += kw * c, s += (size_t)dh * iw * c) aotc_copy_mve(row, s, kw * c);
        return;
    }
    const int8x16_t pad = vdupq_n_s8((int8_t)pad_val);
    int32_t kx0 = x0 < 0 ? (dw - 1 - x0) / dw : 0, kx1 = (iw - x0 + dw - 1) / dw;
    kx0 = kx0 < kw ? kx0 : kw;
    kx1 = kx1 < kw ? kx1 : kw;
    kx1 = kx1 > kx0 ? kx1 : kx0;
    const int32_t run = kw * c, left = kx0 * c, mid = (kx1 - kx0) * c;
    const int8_t *s = x + (((size_t)b * ih + y0) * iw + x0 + kx0 * dw) * c;
    for (int32_t ky = 0; ky < kh; ky++, row += run, s += (size_t)dh * iw * c) {
        const int32_t iy = y0 + ky * dh;
        if (iy < 0 || iy >= ih) {
            aotc_fill_mve(row, pad, run);
            continue;
        }
        aotc_fill_mve(row, pad, left);
        if (dw == 1) aotc_copy_mve(row + left, s, mid);
        else for (int32_t kx = kx0; kx < kx1; kx++) aotc_copy_mve(row + kx * c, s + (kx - kx0) * dw * c, c);
        aotc_fill_mve(row + left + mid, pad, run - left - mid);
    }
}

static void aotc_conv2d_s8__mve(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT wv, const int32_t *AOTC_RESTRICT prm,
                                const int32_t *AOTC_RESTRICT chan, const int32_t *AOTC_RESTRICT dead,
                                int8_t *AOTC_RESTRICT y, int8_t *AOTC_RESTRICT scratch,
                                int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow, int32_t oc,
                                int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                int32_t live, int32_t ndead, int32_t fast, int32_t pad_val, int32_t out_zp, int32_t act_min,
                                int32_t act_max) {
    /* Output pixels in raster order, 2 at a time: their patches (padded taps read pad_val, the input zero point: the
     * input offset is folded into the bias) go to 2 scratch rows of k16 bytes (k rounded up to 16, the tail zeroed
     * once; then 2 * live + 8 accumulator words), then through aotc_gemm2_mve with the weights of the live channels chan[0..live) zero-padded to k16; the
     * ndead constant channels ([channel, value] pairs) are only stored. */
    const int32_t k = kh * kw * c, k16 = (k + 15) & ~15, pixels = n * oh * ow;
    int32_t *acc = (int32_t *)(scratch + 2 * k16);
    aotc_fill_mve(scratch + k, vdupq_n_s8(0), k16 - k);
    aotc_fill_mve(scratch + k16 + k, vdupq_n_s8(0), k16 - k);
    int32_t b = 0, oy = 0, ox = 0;
    for (int32_t p = 0; p < pixels; p += 2) {
        const int32_t m = pixels - p < 2 ? pixels - p : 2;
        for (int32_t r = 0; r < m; r++) {
            aotc_im2col_mve(scratch + (size_t)r * k16, x, b, oy, ox, ih, iw, c, kh, kw, sh, sw, dh, dw, pt, pl, pad_val);
            if (++ox == ow) {
                ox = 0;
                if (++oy == oh) { oy = 0; b++; }
            }
        }
        aotc_gemm2_mve(scratch, scratch + (m > 1 ? k16 : 0), (const int8_t *)wv, prm, chan, y + (size_t)p * oc, oc, m, k16,
                       live, out_zp, act_min, act_max, fast, acc);
        aotc_dead_mve(y + (size_t)p * oc, oc, m, dead, ndead);
    }
}
#endif
