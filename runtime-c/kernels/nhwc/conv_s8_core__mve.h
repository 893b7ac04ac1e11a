/* conv_s8_core__mve.h: Armv8.1-M MVE (Helium) building blocks of the int8 convolutions: copies, requantization, 2-row GEMM. */
#if defined(__ARM_FEATURE_MVE)
#ifndef AOTC_CONV_S8_CORE_MVE_H
#define AOTC_CONV_S8_CORE_MVE_H
#include <arm_mve.h>

/* Inline (and so specialise for constant flags) even where clang would not: the kernels are called by several layers. */
#define AOTC_INLINE_MVE static inline AOTC_UNUSED __attribute__((always_inline))

/* n bytes from s to d, and n bytes of v to d: 16-byte vectors in tail-predicated low-overhead loops (written out: clang
 * would turn plain loops into memcpy / memset calls). */
static inline AOTC_UNUSED void aotc_copy_mve(int8_t *d, const int8_t *s, int32_t n) {
    __asm__ volatile("wlstp.8 lr, %[n], 2f\n"
                     "1:\n\t"
                     "vldrb.8 q0, [%[s]], #16\n\t"
                     "vstrb.8 q0, [%[d]], #16\n\t"
                     "letp lr, 1b\n"
                     "2:\n"
                     : [d] "+r"(d), [s] "+r"(s)
                     : [n] "r"(n)
                     : "q0", "lr", "memory");
}
static inline AOTC_UNUSED void aotc_fill_mve(int8_t *d, int8x16_t v, int32_t n) {
    __asm__ volatile("wlstp.8 lr, %[n], 2f\n"
                     "1:\n\t"
                     "vstrb.8 %q[v], [%[d]], #16\n\t"
                     "letp lr, 1b\n"
                     "2:\n"
                     : [d] "+r"(d)
                     : [n] "r"(n), [v] "w"(v)
                     : "lr", "memory");
}

/*
 * TFLite MultiplyByQuantizedMultiplier + zero point + clamp on 4 lanes, exactly: p holds per-lane vectors m (Q31
 * multiplier), l (left shift >= 0), ne (-right shift <= 0). VQRDMULH is SaturatingRoundingDoublingHighMul; the sign
 * fixup (ANDing with ne keeps the sign bit only when there is a right shift) makes VRSHL's round-half-up round half
 * away from zero like RoundingDivideByPOT.
 */
AOTC_INLINE_MVE int32x4_t aotc_rq_mve(int32x4_t acc, int32x4_t m, int32x4_t l, int32x4_t ne, int32_t zp,
                                                int32x4_t lo, int32x4_t hi) {
    int32x4_t v = vqrdmulhq_s32(vshlq_s32(acc, l), m);
    v = vqaddq_s32(v, vshrq_n_s32(vandq_s32(v, ne), 31));
    v = vrshlq_s32(v, ne);
    v = vaddq_n_s32(v, zp);
    return vminq_s32(vmaxq_s32(v, lo), hi);
}

/* The vector (a, b, c, d). */
AOTC_INLINE_MVE int32x4_t aotc_v4_mve(int32_t a, int32_t b, int32_t c, int32_t d) {
    int32x4_t v = vdupq_n_s32(a);
    v = vsetq_lane_s32(b, v, 1);
    v = vsetq_lane_s32(c, v, 2);
    return vsetq_lane_s32(d, v, 3);
}

/* acc[4] as 4 int8 outputs (requantized with the lane vectors at p: m, l, ne) at y + ch[lane], the first n of them. */
AOTC_INLINE_MVE void aotc_store4_mve(int8_t *y, uint32x4_t ch, int32x4_t acc, const int32_t *p, int32_t n, int32_t zp,
                                     int32x4_t lo, int32x4_t hi) {
    vstrbq_scatter_offset_p_s32(y, ch, aotc_rq_mve(acc, vldrwq_s32(p + 4), vldrwq_s32(p + 8), vldrwq_s32(p + 12), zp, lo, hi),
                                vctp32q((uint32_t)n));
}

/* The outputs of the constant channels: dead holds n pairs [channel, value]; rows r < nrows at y + r * ys. */
static inline AOTC_UNUSED void aotc_dead_mve(int8_t *y, int32_t ys, int32_t nrows, const int32_t *dead, int32_t n) {
    for (int32_t r = 0; r < nrows; r++, y += ys) {
        for (int32_t i = 0; i < n; i++) y[dead[2 * i]] = (int8_t)dead[2 * i + 1];
    }
}

/* One block of 16 k values for 2 rows x 4 channels in the fixed registers of aotc_gemm2_acc_mve: weights from [r5]
 * (64 bytes), rows from [r1], [r3] (predicated: `t` suffixes in a VPT block), accumulators r0..r6 even (row 0) and
 * r8, r10, r12, lr (row 1). */
#define AOTC_GEMM2_MACS_MVE                    \
    "vldrb.u8 q0, [r5], #64\n\t"               \
    "vmlava.s8 r0, q2, q0\n\t"                 \
    "vmlava.s8 r8, q3, q0\n\t"                 \
    "vldrb.u8 q1, [r5, #-48]\n\t"              \
    "vmlava.s8 r2, q2, q1\n\t"                 \
    "vmlava.s8 r10, q3, q1\n\t"                \
    "vldrb.u8 q0, [r5, #-32]\n\t"              \
    "vmlava.s8 r4, q2, q0\n\t"                 \
    "vmlava.s8 r12, q3, q0\n\t"                \
    "vldrb.u8 q1, [r5, #-16]\n\t"              \
    "vmlava.s8 r6, q2, q1\n\t"                 \
    "vmlava.s8 lr, q3, q1\n\t"

/*
 * acc[8 j + r * 4 + i] = sum over k of row r (r0, r1: k bytes each, any alignment) times channel i of group j (w: per
 * group and 16 k values the 16 weights of each of its 4 channels, zero-padded), for groups j < groups, k = 16 kb + tail:
 * the loops in assembly (blocks in pairs) with the eight accumulators in the even registers VMLADAVA needs (lr
 * included, so the loops count with SUBS/BNE). AAPCS: r0 r0, r1 r1, r2 w, r3 acc, [sp] kb, [sp, #4] tail, [sp, #8] groups (>= 1).
 */
static AOTC_UNUSED __attribute__((naked, noinline)) void aotc_gemm2_acc_mve(AOTC_UNUSED const int8_t *r0, AOTC_UNUSED const int8_t *r1,
                                                                          AOTC_UNUSED const int8_t *w, AOTC_UNUSED int32_t *acc,
                                                                          AOTC_UNUSED int32_t kb, AOTC_UNUSED int32_t tail,
                                                                          AOTC_UNUSED int32_t groups) {
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "sub sp, sp, #8\n\t"
        "mov r7, r0\n\t"                   /* row bases */
        "mov r11, r1\n\t"
        "mov r5, r2\n\t"                   /* weights */
        "str r3, [sp]\n\t"                 /* acc */
        "ldr r9, [sp, #52]\n\t"
        "str r9, [sp, #4]\n"               /* groups left */
        "2:\n\t"
        "mov r1, r7\n\t"
        "mov r3, r11\n\t"
        "movs r0, #0\n\t"
        "movs r2, #0\n\t"
        "movs r4, #0\n\t"
        "movs r6, #0\n\t"
        "mov.w r8, #0\n\t"
        "mov.w r10, #0\n\t"
        "mov.w r12, #0\n\t"
        "mov.w lr, #0\n\t"
        "ldr r9, [sp, #44]\n\t"            /* kb: an odd block, then pairs */
        "lsrs r9, r9, #1\n\t"
        "bcc 5f\n\t"
        "vldrb.u8 q2, [r1], #16\n\t"
        "vldrb.u8 q3, [r3], #16\n\t" AOTC_GEMM2_MACS_MVE
        "5:\n\t"
        "cmp r9, #0\n\t"
        "beq 3f\n"
        "1:\n\t"
        "vldrb.u8 q2, [r1], #16\n\t"
        "vldrb.u8 q3, [r3], #16\n\t" AOTC_GEMM2_MACS_MVE
        "vldrb.u8 q2, [r1], #16\n\t"
        "vldrb.u8 q3, [r3], #16\n\t" AOTC_GEMM2_MACS_MVE
        "subs r9, r9, #1\n\t"
        "bne 1b\n"
        "3:\n\t"
        "ldr r9, [sp, #48]\n\t"            /* tail */
        "cmp r9, #0\n\t"
        "beq 4f\n\t"
        "vctp.8 r9\n\t"
        "vpstt\n\t"
        "vldrbt.u8 q2, [r1]\n\t"
        "vldrbt.u8 q3, [r3]\n\t" AOTC_GEMM2_MACS_MVE
        "4:\n\t"
        "ldr r9, [sp]\n\t"
        "stmia r9!, {r0, r2, r4, r6, r8, r10, r12, lr}\n\t"
        "str r9, [sp]\n\t"
        "ldr r9, [sp, #4]\n\t"
        "subs r9, r9, #1\n\t"
        "str r9, [sp, #4]\n\t"
        "bne 2b\n\t"
        "add sp, sp, #8\n\t"
        "pop {r4-r11, pc}\n\t");
}

/*
 * y[r * ys + chan[j]] for rows r < nrows (1 or 2) given by r0, r1 (k int8 each, any alignment; r1 == r0 when nrows == 1),
 * for the `live` channels chan[0..live) in groups of 4: w holds per group and 16 k values the 16 weights of each channel
 * (zero-padded to whole blocks and groups), prm per group 16 words: biases, then m, l, ne lane vectors. First the
 * accumulators of every group (acc: 8 words per group), then their requantization, 4 lanes at a time (`fast`: every
 * record has l == 0 and ne < 0, and the clamp range is all of int8).
 */
AOTC_INLINE_MVE void aotc_gemm2_mve(const int8_t *r0, const int8_t *r1, const int8_t *w, const int32_t *prm,
                                    const int32_t *chan, int8_t *y, int32_t ys, int32_t nrows, int32_t k, int32_t live,
                                    int32_t zp, int32_t lo, int32_t hi, int32_t fast, int32_t *AOTC_RESTRICT acc) {
    if (live <= 0) return;
    aotc_gemm2_acc_mve(r0, r1, w, acc, k >> 4, k & 15, (live + 3) >> 2);
    int32_t o = 0;
    if (fast && nrows == 2) {
        /* every channel shifts right (e >= 1, no left shift) and the clamp range is all of int8: the rounding fixup is
         * the sign and the clamp a saturating shift pair */
        for (; o + 4 <= live; o += 4, prm += 16, chan += 4, acc += 8) {
            const int32x4_t bias = vldrwq_s32(prm), m = vldrwq_s32(prm + 4), ne = vldrwq_s32(prm + 12);
            const uint32x4_t ch = vldrwq_u32((const uint32_t *)chan);
            int32x4_t v0 = vqrdmulhq_s32(vaddq_s32(vldrwq_s32(acc), bias), m);
            int32x4_t v1 = vqrdmulhq_s32(vaddq_s32(vldrwq_s32(acc + 4), bias), m);
            v0 = vaddq_n_s32(vrshlq_s32(vqaddq_s32(v0, vshrq_n_s32(v0, 31)), ne), zp);
            v1 = vaddq_n_s32(vrshlq_s32(vqaddq_s32(v1, vshrq_n_s32(v1, 31)), ne), zp);
            vstrbq_scatter_offset_s32(y, ch, vshrq_n_s32(vqshlq_n_s32(v0, 24), 24));
            vstrbq_scatter_offset_s32(y + ys, ch, vshrq_n_s32(vqshlq_n_s32(v1, 24), 24));
        }
    }
    const int32x4_t vlo = vdupq_n_s32(lo), vhi = vdupq_n_s32(hi);
    for (; o < live; o += 4, prm += 16, chan += 4, acc += 8) {
        const int32x4_t bias = vldrwq_s32(prm);
        const uint32x4_t ch = vldrwq_u32((const uint32_t *)chan);
        aotc_store4_mve(y, ch, vaddq_s32(vldrwq_s32(acc), bias), prm, live - o, zp, vlo, vhi);
        if (nrows > 1) aotc_store4_mve(y + ys, ch, vaddq_s32(vldrwq_s32(acc + 4), bias), prm, live - o, zp, vlo, vhi);
    }
}

#endif
#endif
