/* conv2d_s8__dsp.c: int8 2-D convolution (NHWC, OHWI, group 1) as im2col rows and 4-row SMLAD tiles, Armv7E-M DSP. */
#if defined(__ARM_FEATURE_DSP)

/* The kh x kw x c patch of output pixel (b, oy, ox) into row (k values, then zeros up to a multiple of 4). */
static inline AOTC_UNUSED void aotc_im2col_dsp(int8_t *AOTC_RESTRICT row, const int8_t *AOTC_RESTRICT x, int32_t b, int32_t oy,
                                               int32_t ox, int32_t ih, int32_t iw, int32_t c, int32_t kh, int32_t kw,
                                               int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                               int32_t pad_val) {
    const int32_t y0 = oy * sh - pt, x0 = ox * sw - pl;
    int8_t *d = row;
    for (int32_t ky = 0; ky < kh; ky++) {
        const int32_t iy = y0 + ky * dh;
        for (int32_t kx = 0; kx < kw; kx++) {
            const int32_t ix = x0 + kx * dw;
            if (iy >= 0 && iy < ih && ix >= 0 && ix < iw) {
                const int8_t *s = x + (((size_t)b * ih + iy) * iw + ix) * c;
                int32_t i = 0;
                for (; i + 4 <= c; i += 4) memcpy(d + i, s + i, 4);
                for (; i < c; i++) d[i] = s[i];
            } else {
                for (int32_t i = 0; i < c; i++) d[i] = (int8_t)pad_val;
            }
            d += c;
        }
    }
    while ((d - row) & 3) *d++ = 0;
}

/* n words of int8 values from s (any alignment) as packed int16 pairs at d, stride 8 words (one 4-row group column). */
static inline AOTC_UNUSED int32_t *aotc_packrun_dsp(int32_t *d, const int8_t *s, int32_t n) {
    for (; n > 0; n--, s += 4, d += 8) {
        const int32_t v = aotc_ld4_dsp(s);
        d[0] = AOTC_EVEN_DSP(v);
        d[1] = AOTC_ODD_DSP(v);
    }
    return d;
}
static inline AOTC_UNUSED int32_t *aotc_padrun_dsp(int32_t *d, int32_t e, int32_t o, int32_t n) {
    for (; n > 0; n--, d += 8) {
        d[0] = e;
        d[1] = o;
    }
    return d;
}

/* c % 4 == 0: the patch of output pixel (b, oy, ox) straight into row r of the packed 4-row scratch s (see
 * aotc_pack4_dsp), the taps inside the input of each kernel row one contiguous run (dw == 1) or tap by tap. */
static inline AOTC_UNUSED void aotc_patch4_dsp(int32_t *AOTC_RESTRICT s, int32_t r, const int8_t *AOTC_RESTRICT x, int32_t b,
                                               int32_t oy, int32_t ox, int32_t ih, int32_t iw, int32_t c, int32_t kh,
                                               int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt,
                                               int32_t pl, int32_t pad_e, int32_t pad_o) {
    const int32_t y0 = oy * sh - pt, x0 = ox * sw - pl, cq = c >> 2;
    int32_t kx0 = x0 < 0 ? (dw - 1 - x0) / dw : 0, kx1 = (iw - x0 + dw - 1) / dw;
    kx0 = kx0 < kw ? kx0 : kw;
    kx1 = kx1 < kw ? kx1 : kw;
    kx1 = kx1 > kx0 ? kx1 : kx0;
    int32_t *d = s + 2 * r;
    const int8_t *src = x + (((size_t)b * ih + y0) * iw + x0 + kx0 * dw) * c;
    for (int32_t ky = 0; ky < kh; ky++, src += (size_t)dh * iw * c) {
        const int32_t iy = y0 + ky * dh;
        if (iy < 0 || iy >= ih) {
            d = aotc_padrun_dsp(d, pad_e, pad_o, kw * cq);
            continue;
        }
        d = aotc_padrun_dsp(d, pad_e, pad_o, kx0 * cq);
        if (dw == 1) d = aotc_packrun_dsp(d, src, (kx1 - kx0) * cq);
        else for (int32_t kx = kx0; kx < kx1; kx++) d = aotc_packrun_dsp(d, src + (kx - kx0) * dw * c, cq);
        d = aotc_padrun_dsp(d, pad_e, pad_o, (kw - kx1) * cq);
    }
}

static void aotc_conv2d_s8__dsp(const int8_t *AOTC_RESTRICT x, const void *AOTC_RESTRICT wv, const int32_t *AOTC_RESTRICT prm,
                                int8_t *AOTC_RESTRICT y, int32_t *AOTC_RESTRICT scratch,
                                int32_t n, int32_t ih, int32_t iw, int32_t c, int32_t oh, int32_t ow, int32_t oc,
                                int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t pt, int32_t pl,
                                int32_t live, int32_t pad_val, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* Output pixels in raster order, 4 at a time: their patches (padded taps read pad_val, the input zero point: the
     * input offset is folded into the bias) go to int16 pairs (scratch: 8 * kq packed words; directly when c % 4 == 0,
     * else through 4 int8 rows of kq words), then times the weights [live][4 * kq] of the channels whose output is not
     * constant (the model's when k % 4 == 0 and all are live, else a zero-padded copy), 4 * oc accumulator words. */
    const int8_t *w = (const int8_t *)wv;
    const int32_t k = kh * kw * c, kq = (k + 3) >> 2;
    const int32_t full = act_min == -128 && act_max == 127;
    const int32_t pixels = n * oh * ow;
    int8_t *rows = (int8_t *)(scratch + 8 * kq);
    int32_t *acc = scratch + 12 * kq;
    const int32_t pv = (int32_t)(uint8_t)pad_val * 0x01010101, pad_e = AOTC_EVEN_DSP(pv), pad_o = AOTC_ODD_DSP(pv);
    int32_t b = 0, oy = 0, ox = 0;
    for (int32_t p = 0; p < pixels; p += 4) {
        const int32_t m = pixels - p < 4 ? pixels - p : 4;
        for (int32_t r = 0; r < 4; r++) {
            /* rows past the last pixel repeat it (their outputs are not stored) */
            if ((c & 3) == 0) aotc_patch4_dsp(scratch, r, x, b, oy, ox, ih, iw, c, kh, kw, sh, sw, dh, dw, pt, pl, pad_e, pad_o);
            else aotc_im2col_dsp(rows + (size_t)r * 4 * kq, x, b, oy, ox, ih, iw, c, kh, kw, sh, sw, dh, dw, pt, pl, pad_val);
            if (r < m - 1 && ++ox == ow) {
                ox = 0;
                if (++oy == oh) { oy = 0; b++; }
            }
        }
        if (++ox == ow) {
            ox = 0;
            if (++oy == oh) { oy = 0; b++; }
        }
        if (c & 3) aotc_pack4_dsp(scratch, rows, rows + 4 * kq, rows + 8 * kq, rows + 12 * kq, 4 * kq);
        if (m == 4 && full) aotc_gemm4_dsp(scratch, w, prm, y + (size_t)p * oc, oc, 4, kq, oc, live, out_zp, act_min, act_max, 1, acc);
        else aotc_gemm4_dsp(scratch, w, prm, y + (size_t)p * oc, oc, m, kq, oc, live, out_zp, act_min, act_max, full, acc);
    }
}
#endif
