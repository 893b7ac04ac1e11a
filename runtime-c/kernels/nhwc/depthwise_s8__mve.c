/* depthwise_s8__mve.c: int8 depthwise convolution, per-channel int8 planes, window gathers and VMLADAVA, Armv8.1-M MVE. */
#if defined(__ARM_FEATURE_MVE)

/* Channel plane (ph x pw int8): input element (iy, ix) at x + iy * xsr + ix * xsc (x already offset to the channel) goes
 * to (pt + iy, pl + ix), pad_val elsewhere. */
static inline AOTC_UNUSED void aotc_dw_plane_mve(int8_t *AOTC_RESTRICT d, const int8_t *AOTC_RESTRICT x, int32_t ih, int32_t iw,
                                                 int32_t xsr, int32_t xsc, int32_t pt, int32_t pl, int32_t ph, int32_t pw,
                                                 int32_t pad_val) {
    const int8x16_t pad = vdupq_n_s8((int8_t)pad_val);
    const uint16x8_t offs = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)xsc);
    const int32_t cols = iw < pw - pl ? iw : pw - pl, last = ih < ph - pt ? pt + ih : ph;
    aotc_fill_mve(d, pad, pt * pw);
    for (int32_t py = pt; py < last; py++) {
        int8_t *row = d + (size_t)py * pw;
        aotc_fill_mve(row, pad, pl);
        const int8_t *s = x + (size_t)(py - pt) * xsr;
        for (int32_t i = 0; i < cols; i += 8, s += 8 * xsc) {
            const mve_pred16_t t = vctp16q((uint32_t)(cols - i));
            vstrbq_p_s16(row + pl + i, vldrbq_gather_offset_z_s16(s, offs, t), t);
        }
        aotc_fill_mve(row + pl + cols, pad, pw - pl - cols);
    }
    aotc_fill_mve(d + (size_t)last * pw, pad, (ph - last) * pw);
}

/* 4 outputs of one channel from the plane at r (two gathers, four VMLADAVs), requantized as one vector: with a right
 * shift (e >= 1) the rounding fixup is the sign; `gen`: any shift (aotc_rq_mve's form). `full`: the clamp range is
 * all of int8 (a saturating shift pair). */
#define AOTC_DW4_MVE(r, v)                                                                                         \
    do {                                                                                                          \
        const int8x16_t v0_ = vldrbq_gather_offset_s8((r), goff), v1_ = vldrbq_gather_offset_s8((r), goff2);     \
        v = vaddq_n_s32(aotc_v4_mve(vmladavq_s8(v0_, wa), vmladavq_s8(v0_, wb), vmladavq_s8(v1_, wa),               \
                                    vmladavq_s8(v1_, wb)), bias);                                                 \
        v = vqrdmulhq_n_s32(gen ? vshlq_r_s32(v, l) : v, m);                                                      \
        v = vqaddq_s32(v, vshrq_n_s32(gen ? vandq_s32(v, vdupq_n_s32(ne)) : v, 31));                              \
        v = vaddq_n_s32(vrshlq_n_s32(v, ne), out_zp);                                                             \
        if (full) v = vshrq_n_s32(vqshlq_n_s32(v, 24), 24);                                                       \
        else v = vminq_s32(vmaxq_s32(v, vdupq_n_s32(lo)), vdupq_n_s32(hi));                                       \
    } while (0)

/* The output rows of one channel, 4 outputs per step (the last step of a row stores only the outputs that exist). */
AOTC_INLINE_MVE void aotc_dw_rows_mve(const int8_t *plane, int8x16_t wa, int8x16_t wb, uint8x16_t goff, uint8x16_t goff2,
                                                uint32x4_t yoff, const int32_t *p, int8_t *y, int32_t oh, int32_t ow,
                                                int32_t sh, int32_t sw, int32_t pw, int32_t ysr, int32_t ysc, int32_t out_zp,
                                                int32_t lo, int32_t hi, const int32_t full, const int32_t gen) {
    const int32_t bias = p[0], m = p[1], l = p[2], ne = p[3];
    const int32_t steps = (ow - 1) >> 2;
    for (int32_t oy = 0; oy < oh; oy++) {
        const int8_t *r = plane + (size_t)oy * sh * pw;
        int8_t *yo = y + (size_t)oy * ysr;
        int32x4_t v;
        for (int32_t i = 0; i < steps; i++, r += 4 * sw, yo += 4 * ysc) {
            AOTC_DW4_MVE(r, v);
            vstrbq_scatter_offset_s32(yo, yoff, v);
        }
        AOTC_DW4_MVE(r, v);
        vstrbq_scatter_offset_p_s32(yo, yoff, v, vctp32q((uint32_t)(ow - 4 * steps)));
    }
}

static void aotc_depthwise_s8__mve(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT wk, const int32_t *AOTC_RESTRICT prm,
                                   const int32_t *AOTC_RESTRICT offsets, int8_t *AOTC_RESTRICT y, int8_t *AOTC_RESTRICT scratch,
                                   int32_t n, int32_t c, int32_t ih, int32_t iw, int32_t oh, int32_t ow, int32_t sh, int32_t sw,
                                   int32_t pt, int32_t pl, int32_t ph, int32_t pw, int32_t xsr, int32_t xsc, int32_t ysr,
                                   int32_t ysc, int32_t pad_val, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* Depth multiplier 1. The image may be seen transposed (strides xsr/xsc,
     * ysr/ysc swapped by the compiler). Each channel becomes an int8 plane with the padding materialised (pad_val: the
     * input zero point, the input offset being folded into the bias); one 16-byte gather (offsets: the window of two
     * neighbouring outputs) feeds two VMLADAVAs, with weight vectors wk (per channel: output ox, then ox + 1, zeros
     * elsewhere). prm per channel: {bias, m, l, -e} (left and right shifts). */
    const int32_t full = act_min == -128 && act_max == 127;
    const uint8x16_t goff = vldrbq_u8((const uint8_t *)offsets), goff2 = vaddq_n_u8(goff, (uint8_t)(2 * sw));
    const uint32x4_t yoff = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)ysc);
    for (int32_t b = 0; b < n; b++) {
        const int8_t *xb = x + (size_t)b * ih * iw * c;
        int8_t *yb = y + (size_t)b * oh * ow * c;
        for (int32_t ch = 0; ch < c; ch++) {
            aotc_dw_plane_mve(scratch, xb + ch, ih, iw, xsr, xsc, pt, pl, ph, pw, pad_val);
            const int8x16_t wa = vldrbq_s8((const int8_t *)(wk + 8 * ch)), wb = vldrbq_s8((const int8_t *)(wk + 8 * ch + 4));
            const int32_t *p = prm + 4 * ch;
            const int32_t gen = p[2] != 0 || p[3] == 0;
            if (full && !gen) aotc_dw_rows_mve(scratch, wa, wb, goff, goff2, yoff, p, yb + ch, oh, ow, sh, sw, pw, ysr, ysc, out_zp, act_min, act_max, 1, 0);
            else aotc_dw_rows_mve(scratch, wa, wb, goff, goff2, yoff, p, yb + ch, oh, ow, sh, sw, pw, ysr, ysc, out_zp, act_min, act_max, full, gen);
        }
    }
}
#endif
