/* depthwise_s8__dsp.c: int8 depthwise convolution, width-3 windows, per-channel int16 planes and SMLAD, Armv7E-M DSP. */
#if defined(__ARM_FEATURE_DSP)

/* n >= 0 int16 elements: *e++ = pad value (fill) or *e++ = *s, s += xsc (copy); simple loops written out (clang's
 * unrolled versions with remainders cost more on the short rows of small planes). */
static inline AOTC_UNUSED int16_t *aotc_dw_fill_dsp(int16_t *e, int32_t v, int32_t n) {
    if (n > 0) {
        __asm__ volatile("1:\n\t"
                         "strh %[v], [%[e]], #2\n\t"
                         "subs %[n], %[n], #1\n\t"
                         "bne 1b\n\t"
                         : [e] "+r"(e), [n] "+r"(n)
                         : [v] "r"(v)
                         : "cc", "memory");
    }
    return e;
}
static inline AOTC_UNUSED int16_t *aotc_dw_copy_dsp(int16_t *e, const int8_t *s, int32_t xsc, int32_t n) {
    int32_t t, u, m = n >> 1;
    if (m > 0) {
        __asm__ volatile("1:\n\t"
                         "ldrsb %[t], [%[s]]\n\t"
                         "ldrsb %[u], [%[s], %[xsc]]\n\t"
                         "add %[s], %[s], %[xsc], lsl #1\n\t"
                         "pkhbt %[t], %[t], %[u], lsl #16\n\t"
                         "str %[t], [%[e]], #4\n\t"
                         "subs %[m], %[m], #1\n\t"
                         "bne 1b\n\t"
                         : [e] "+r"(e), [s] "+r"(s), [m] "+r"(m), [t] "=&r"(t), [u] "=&r"(u)
                         : [xsc] "r"(xsc)
                         : "cc", "memory");
    }
    if (n & 1) *e++ = *s;
    return e;
}

/* A channel as an int16 plane of ph x pw (row stride pws): input element (iy, ix) at x + iy * xsr + ix * xsc goes to (pt + iy, pl + ix),
 * pad_val elsewhere. */
static inline AOTC_UNUSED void aotc_dw_plane_dsp(int16_t *AOTC_RESTRICT d, const int8_t *AOTC_RESTRICT x, int32_t ih,
                                                 int32_t iw, int32_t xsr, int32_t xsc, int32_t pt, int32_t pl, int32_t ph,
                                                 int32_t pw, int32_t pws, int32_t pad_val) {
    const int32_t cols = iw < pw - pl ? iw : pw - pl, rows = ih < ph - pt ? ih : ph - pt;
    for (int32_t py = 0; py < ph; py++, d += pws) {
        const int32_t iy = py - pt;
        if (iy < 0 || iy >= rows) {
            aotc_dw_fill_dsp(d, pad_val, pw);
            continue;
        }
        int16_t *e = aotc_dw_fill_dsp(d, pad_val, pl);
        e = aotc_dw_copy_dsp(e, x + (size_t)iy * xsr, xsc, cols);
        aotc_dw_fill_dsp(e, pad_val, pw - pl - cols);
    }
}

/* One kernel row (plane row pointer q, weight words A = (w0,w1), B = (w1,w2)) for the output pair (a0, a1):
 * stride 1 reads cols ox..ox+3, stride 2 reads 2ox..2ox+4; q is not advanced. */
#define AOTC_DW_ROW_DSP(q, sw, A, B, a0, a1)              \
    do {                                                  \
        int32_t x0_, x2_, x4_;                            \
        memcpy(&x0_, (q), 4);                             \
        memcpy(&x2_, (q) + 2, 4);                         \
        a0 = __smlad(x0_, A, a0);                         \
        a0 = __smlabt(x2_, B, a0);                        \
        if ((sw) == 1) {                                  \
            a1 = __smlatb(x0_, A, a1);                    \
            a1 = __smlad(x2_, B, a1);                     \
        } else {                                          \
            memcpy(&x4_, (q) + 4, 4);                     \
            a1 = __smlad(x2_, A, a1);                     \
            a1 = __smlabt(x4_, B, a1);                    \
        }                                                 \
    } while (0)

/* Requantize and clamp a channel's accumulator: fast records accumulate doubled (see aotc_rq2_dsp), generic ones not. */
#define AOTC_DW_OUT_DSP(a, rec, zp, lo, hi) \
    aotc_clamp_dsp((rec)[3] ? aotc_rq2_dsp((a), (rec)) : aotc_mbqm((a), (rec)[1], (rec)[2]) + (zp), lo, hi, 0)

/* Plane row stride (int16 elements) of the assembly path: rows at fixed byte offsets 0, 128, 256 from one pointer. */
#define AOTC_DW_PS 64

/* The 3 x 3 kernel rows at plane row pointer q (rows at +0, +128, +256 bytes) for one output pair, then its
 * requantization (fast record, full int8 range) and stores at y, y + ys; q advances by one output pair.
 * rec: {2 bias, m, B, e, A0, B0, A1, B1, A2, B2}. */
#define AOTC_DW3_ROW_S1(qoff, woff)                    \
    "ldrd %[x0], %[x2], [%[q], #" qoff "]\n\t"          \
    "ldrd %[A], %[B], [%[w], #" woff "]\n\t"            \
    "smlad %[a0], %[x0], %[A], %[a0]\n\t"              \
    "smlabt %[a0], %[x2], %[B], %[a0]\n\t"             \
    "smlatb %[a1], %[x0], %[A], %[a1]\n\t"             \
    "smlad %[a1], %[x2], %[B], %[a1]\n\t"
#define AOTC_DW3_ROW_S2(qoff, qoff8, woff)             \
    "ldrd %[x0], %[x2], [%[q], #" qoff "]\n\t"          \
    "ldrd %[A], %[B], [%[w], #" woff "]\n\t"            \
    "smlad %[a0], %[x0], %[A], %[a0]\n\t"              \
    "smlabt %[a0], %[x2], %[B], %[a0]\n\t"             \
    "smlad %[a1], %[x2], %[A], %[a1]\n\t"              \
    "ldr %[x0], [%[q], #" qoff8 "]\n\t"                 \
    "smlabt %[a1], %[x0], %[B], %[a1]\n\t"
#define AOTC_DW3_OUT                                   \
    "ldrd %[x0], %[x2], [%[w], #4]\n\t"                \
    "ldr %[A], [%[w], #12]\n\t"                        \
    "add %[B], %[x2], %[a0], asr #31\n\t"              \
    "smmlar %[a0], %[a0], %[x0], %[B]\n\t"             \
    "asr %[a0], %[a0], %[A]\n\t"                       \
    "ssat %[a0], #8, %[a0]\n\t"                        \
    "strb %[a0], [%[y]]\n\t"                           \
    "add %[B], %[x2], %[a1], asr #31\n\t"              \
    "smmlar %[a1], %[a1], %[x0], %[B]\n\t"             \
    "asr %[a1], %[a1], %[A]\n\t"                       \
    "ssat %[a1], #8, %[a1]\n\t"                        \
    "strb %[a1], [%[y], %[ys]]\n\t"                    \
    "add %[y], %[y], %[ys], lsl #1\n\t"
/* After a row: advance the plane pointer and y to the next row, count the rows. */
#define AOTC_DW3_NEXT_ROW                              \
    "ldr %[A], [%[g], #4]\n\t"                         \
    "add %[q], %[q], %[A]\n\t"                         \
    "ldr %[A], [%[g], #8]\n\t"                         \
    "add %[y], %[y], %[A]\n\t"                         \
    "ldr %[A], [%[g], #12]\n\t"                        \
    "subs %[A], %[A], #1\n\t"                          \
    "str %[A], [%[g], #12]\n\t"                        \
    "bne 3b\n\t"
#define AOTC_DW3_OPERANDS                                                                                          \
    : [a0] "=&r"(a0), [a1] "=&r"(a1), [x0] "=&r"(x0), [x2] "=&r"(x2), [A] "=&r"(A), [B] "=&r"(B), [q] "+r"(q),      \
      [y] "+r"(y), [n] "=&r"(n)                                                                                 \
    : [w] "r"(rec), [ys] "r"(ys), [g] "r"(g)                                                                      \
    : "cc", "memory"

/* All output pairs of one channel, 3 x 3 with unit dilation, stride sw, fast record, full int8 range, plane row stride
 * AOTC_DW_PS: `rows` (>= 1) rows of `pairs` (>= 1) pairs; after a row, q advances by qadv bytes and y by yadv. */
static inline AOTC_UNUSED void aotc_dw3_pairs_dsp(const int16_t *q, const int32_t *rec, int8_t *y, int32_t ys, int32_t rows,
                                                  int32_t pairs, int32_t qadv, int32_t yadv, int32_t sw) {
    int32_t a0, a1, x0, x2, A, B, n, g[4] = {pairs, qadv, yadv, rows};
    if (sw == 1) {
        __asm__ volatile("3:\n\t"
                         "ldr %[n], [%[g]]\n"
                         "1:\n\t"
                         "ldr %[a0], [%[w]]\n\t"
                         "mov %[a1], %[a0]\n\t" AOTC_DW3_ROW_S1("0", "16") AOTC_DW3_ROW_S1("128", "24")
                         AOTC_DW3_ROW_S1("256", "32") AOTC_DW3_OUT
                         "add %[q], %[q], #4\n\t"
                         "subs %[n], %[n], #1\n\t"
                         "bne 1b\n\t" AOTC_DW3_NEXT_ROW AOTC_DW3_OPERANDS);
    } else {
        __asm__ volatile("3:\n\t"
                         "ldr %[n], [%[g]]\n"
                         "1:\n\t"
                         "ldr %[a0], [%[w]]\n\t"
                         "mov %[a1], %[a0]\n\t" AOTC_DW3_ROW_S2("0", "8", "16") AOTC_DW3_ROW_S2("128", "136", "24")
                         AOTC_DW3_ROW_S2("256", "264", "32") AOTC_DW3_OUT
                         "add %[q], %[q], #8\n\t"
                         "subs %[n], %[n], #1\n\t"
                         "bne 1b\n\t" AOTC_DW3_NEXT_ROW AOTC_DW3_OPERANDS);
    }
}

/* Output pairs ox, ox + 1 of one channel in C (any kh; the last output of an odd row alone): any record and range. */
static inline AOTC_UNUSED void aotc_dw_pairs_dsp(const int16_t *r, const int32_t *rec, int8_t *y, int32_t ys, int32_t ox0,
                                                 int32_t ow, int32_t kh, int32_t sw, int32_t dh, int32_t pw, int32_t zp,
                                                 int32_t lo, int32_t hi) {
    for (int32_t ox = ox0; ox < ow; ox += 2) {
        int32_t a0 = rec[0], a1 = a0;
        const int16_t *q = r + ox * sw;
        for (int32_t ky = 0; ky < kh; ky++, q += dh * pw) AOTC_DW_ROW_DSP(q, sw, rec[4 + 2 * ky], rec[5 + 2 * ky], a0, a1);
        y[(size_t)ox * ys] = AOTC_DW_OUT_DSP(a0, rec, zp, lo, hi);
        if (ox + 1 < ow) y[(size_t)(ox + 1) * ys] = AOTC_DW_OUT_DSP(a1, rec, zp, lo, hi);
    }
}

static void aotc_depthwise_s8__dsp(const int8_t *AOTC_RESTRICT x, const int32_t *AOTC_RESTRICT rec, int8_t *AOTC_RESTRICT y,
                                   int16_t *AOTC_RESTRICT scratch, int32_t n, int32_t c, int32_t ih, int32_t iw, int32_t oh,
                                   int32_t ow, int32_t kh, int32_t sh, int32_t sw, int32_t dh, int32_t pt, int32_t pl,
                                   int32_t ph, int32_t pw, int32_t pws, int32_t xsr, int32_t xsc, int32_t ysr, int32_t ysc,
                                   int32_t pad_val, int32_t out_zp, int32_t act_min, int32_t act_max) {
    /* Depth multiplier 1, kernel kh x 3, stride sw 1 or 2, no width dilation; the image may be seen transposed (strides
     * xsr/xsc, ysr/ysc swapped by the compiler). Each channel becomes an int16 plane (the padding materialised: pad_val
     * is the input zero point, the input offset being folded into the bias), then output pairs (ox, ox + 1) take the 3
     * taps of each kernel row with SMLAD / SMLABT / SMLATB (in assembly for 3 x 3 with unit dilation when the plane row
     * stride pws is AOTC_DW_PS, the fast records and the full int8 range). rec per channel (4 + 2 kh words): the requantization
     * record (see aotc_rq_dsp), then per kernel row the int16 weight pairs (w0,w1),(w1,w2); fast records and their
     * weights are doubled (doubled accumulators), generic ones not. */
    const int32_t full = act_min == -128 && act_max == 127, rs = 4 + 2 * kh, pairs = ow >> 1;
    const int32_t asm3 = kh == 3 && dh == 1 && pws == AOTC_DW_PS && full && pairs > 0;
    for (int32_t b = 0; b < n; b++) {
        const int8_t *xb = x + (size_t)b * ih * iw * c;
        int8_t *yb = y + (size_t)b * oh * ow * c;
        const int32_t *rc = rec;
        for (int32_t ch = 0; ch < c; ch++, rc += rs) {
            aotc_dw_plane_dsp(scratch, xb + ch, ih, iw, xsr, xsc, pt, pl, ph, pw, pws, pad_val);
            int32_t ox0 = 0;
            if (asm3 && rc[3] != 0) {
                aotc_dw3_pairs_dsp(scratch, rc, yb + ch, ysc, oh, pairs, (int32_t)sizeof(int16_t) * (sh * pws - 2 * pairs * sw),
                                   ysr - 2 * pairs * ysc, sw);
                ox0 = 2 * pairs;
            }
            if (ox0 < ow) {
                for (int32_t oy = 0; oy < oh; oy++) {
                    aotc_dw_pairs_dsp(scratch + (size_t)oy * sh * pws, rc, yb + ch + (size_t)oy * ysr, ysc, ox0, ow, kh, sw, dh,
                                      pws, out_zp, act_min, act_max);
                }
            }
        }
    }
}
#endif
