/* conv_s8_core__dsp.h: Armv7E-M DSP building blocks of the int8 convolutions: int16 row packing, SMLAD tiles, requantization. */
#if defined(__ARM_FEATURE_DSP)
#ifndef AOTC_CONV_S8_CORE_DSP_H
#define AOTC_CONV_S8_CORE_DSP_H
#include <arm_acle.h>

/* Inline (and so specialise for constant flags) even where clang would not: the kernels are called by several layers. */
#define AOTC_INLINE_DSP static inline AOTC_UNUSED __attribute__((always_inline))

/* One (possibly unaligned) word of int8 values. */
static inline AOTC_UNUSED int32_t aotc_ld4_dsp(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Bytes b0..b3 of a word as the int16 pairs SMLAD multiplies: (b0, b2) and (b1, b3). */
#define AOTC_EVEN_DSP(v) __sxtb16(v)
#define AOTC_ODD_DSP(v) __sxtb16((int32_t)(((uint32_t)(v) >> 8) | ((uint32_t)(v) << 24)))

/* SMMLAR: (ra * 2^32 + a * m + 2^31) >> 32. */
AOTC_INLINE_DSP int32_t aotc_smmlar_dsp(int32_t a, int32_t m, int32_t ra) {
    return (int32_t)(((int64_t)ra * INT64_C(4294967296) + (int64_t)a * m + INT64_C(2147483648)) >> 32);
}

/*
 * TFLite MultiplyByQuantizedMultiplier + zero point for a per-channel record p. Fast records {bias, m, B, e} (the
 * compiler checks 1 <= e <= 22, B = 2^(e-1) + zp * 2^e, |acc| < 2^30): the doubling high multiply rounds like
 * SaturatingRoundingDoublingHighMul ((2 acc m + 2^31) >> 32), and adding B - [acc < 0] before the arithmetic shift
 * rounds half away from zero like RoundingDivideByPOT (the product has acc's sign: m >= 2^30). `a2` is 2 * acc.
 * Channels whose output is a constant c have the record {0, 0, 2c + 1, 1}: (2c + 1 - [a2 < 0]) >> 1 == c for any a2.
 */
AOTC_INLINE_DSP int32_t aotc_rq2_dsp(int32_t a2, const int32_t *p) {
    return aotc_smmlar_dsp(a2, p[1], p[2] + (a2 >> 31)) >> p[3];
}

/* Either record: generic ones {bias, m, shift, 0} (any multiplier, shift, accumulator) requantize like the reference. */
AOTC_INLINE_DSP int32_t aotc_rq_dsp(int32_t acc, const int32_t *p, int32_t zp) {
    return p[3] ? aotc_rq2_dsp(acc * 2, p) : aotc_mbqm(acc, p[1], p[2]) + zp;
}

/* Clamp to [lo, hi] inside int8: `full` (a compile-time constant at the call) when the range is all of int8. */
AOTC_INLINE_DSP int8_t aotc_clamp_dsp(int32_t r, int32_t lo, int32_t hi, int32_t full) {
    r = __ssat(r, 8);
    if (!full) r = r < lo ? lo : (r > hi ? hi : r);
    return (int8_t)r;
}

/*
 * Pack rows r0..r3 of int8 (k values each, any alignment) into int16 pairs for SMLAD: for each group of 4 values, words
 * (x0,x2),(x1,x3) of row 0, then of rows 1, 2, 3 (8 words). The last group is zero-padded to kq * 4 values.
 */
static inline AOTC_UNUSED void aotc_pack4_dsp(int32_t *AOTC_RESTRICT s, const int8_t *r0, const int8_t *r1,
                                              const int8_t *r2, const int8_t *r3, int32_t k) {
    const int8_t *rows[4] = {r0, r1, r2, r3};
    const int32_t full = k >> 2, tail = k & 3;
    for (int32_t q = 0; q < full; q++) {
        for (int32_t r = 0; r < 4; r++) {
            const int32_t v = aotc_ld4_dsp(rows[r] + 4 * q);
            s[2 * r] = AOTC_EVEN_DSP(v);
            s[2 * r + 1] = AOTC_ODD_DSP(v);
        }
        s += 8;
    }
    if (tail) {
        for (int32_t r = 0; r < 4; r++) {
            uint32_t v = 0;
            for (int32_t i = 0; i < tail; i++) v |= (uint32_t)(uint8_t)rows[r][4 * full + i] << (8 * i);
            s[2 * r] = AOTC_EVEN_DSP((int32_t)v);
            s[2 * r + 1] = AOTC_ODD_DSP((int32_t)v);
        }
    }
}

/* One group of 4 k values in the fixed registers of aotc_gemm4_acc_dsp: weight word from [r1] (r12 even / lr odd
 * pairs), rows 0..3 of the packed scratch from [r0] (two LDMs into r8-r11), accumulators r4..r7. */
#define AOTC_GEMM4_STEP_DSP                      \
    "ldr r12, [r1], #4\n\t"                      \
    "ldmia.w r0!, {r8, r9, r10, r11}\n\t"        \
    "sxtb16 lr, r12, ror #8\n\t"                 \
    "sxtb16 r12, r12\n\t"                        \
    "smlad r4, r8, r12, r4\n\t"                  \
    "smlad r4, r9, lr, r4\n\t"                   \
    "smlad r5, r10, r12, r5\n\t"                 \
    "smlad r5, r11, lr, r5\n\t"                  \
    "ldmia.w r0!, {r8, r9, r10, r11}\n\t"        \
    "smlad r6, r8, r12, r6\n\t"                  \
    "smlad r6, r9, lr, r6\n\t"                   \
    "smlad r7, r10, r12, r7\n\t"                 \
    "smlad r7, r11, lr, r7\n\t"

/*
 * acc[4 o + r] = sum over kq groups of the packed scratch rows r = 0..3 times the int8 weight row o, for
 * o < oc (rows of 4 * kq bytes, consecutive, word aligned): the channel loop in assembly, all in registers (the C version
 * spills the loop state around the 13-register inner loop). AAPCS: r0 xs, r1 w, r2 acc, r3 kq, [sp] oc (>= 1).
 */
static AOTC_UNUSED __attribute__((naked, noinline)) void aotc_gemm4_acc_dsp(AOTC_UNUSED const int32_t *xs,
                                                                          AOTC_UNUSED const int8_t *w,
                                                                          AOTC_UNUSED int32_t *acc, AOTC_UNUSED int32_t kq,
                                                                          AOTC_UNUSED int32_t oc) {
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldr r4, [sp, #36]\n\t"            /* oc */
        "sub sp, sp, #16\n\t"
        "str r0, [sp]\n\t"                 /* xs */
        "str r3, [sp, #4]\n\t"             /* kq */
        "str r4, [sp, #8]\n"               /* channels left */
        "2:\n\t"
        "movs r4, #0\n\t"
        "movs r5, #0\n\t"
        "movs r6, #0\n\t"
        "movs r7, #0\n\t"
        "ldr r0, [sp]\n\t"
        "ldr r3, [sp, #4]\n\t"
        "lsrs r3, r3, #1\n\t"
        "bcc 3f\n\t" AOTC_GEMM4_STEP_DSP
        "3:\n\t"
        "cbz r3, 4f\n"
        "1:\n\t" AOTC_GEMM4_STEP_DSP AOTC_GEMM4_STEP_DSP
        "subs r3, r3, #1\n\t"
        "bne 1b\n"
        "4:\n\t"
        "stmia r2!, {r4, r5, r6, r7}\n\t"
        "ldr r3, [sp, #8]\n\t"
        "subs r3, r3, #1\n\t"
        "str r3, [sp, #8]\n\t"
        "bne 2b\n\t"
        "add sp, sp, #16\n\t"
        "pop {r4-r11, pc}\n\t");
}

/*
 * y[r * ystride + o] for rows r < nrows (<= 4) of the packed scratch, all oc channels: weights [live][4 * kq] int8 (word
 * aligned) of the `live` channels whose output is not constant, per-channel records prm[4 * o] (see aotc_rq_dsp; fast
 * records hold the doubled bias; constant channels have m == 0 and come without weights), zp the output zero point.
 * First the accumulated products of the live channels (acc: 4 * live words), then the requantization of every channel:
 * fast records take bias2 + 2 * products (one ADD with a shifted operand), generic ones bias + products.
 */
AOTC_INLINE_DSP void aotc_gemm4_dsp(const int32_t *xs, const int8_t *w, const int32_t *prm, int8_t *y, int32_t ystride,
                                    int32_t nrows, int32_t kq, int32_t oc, int32_t live, int32_t zp, int32_t lo,
                                    int32_t hi, int32_t full, int32_t *AOTC_RESTRICT acc) {
    if (live > 0) aotc_gemm4_acc_dsp(xs, w, acc, kq, live);
    const int32_t *a = acc, *p = prm;
    for (int32_t o = 0; o < oc; o++, p += 4, y++) {
        if (p[3]) {
            for (int32_t r = 0; r < nrows; r++) {
                y[(size_t)r * ystride] = aotc_clamp_dsp(aotc_rq2_dsp((int32_t)((uint32_t)p[0] + ((uint32_t)a[r] << 1)), p), lo, hi, full);
            }
        } else {
            for (int32_t r = 0; r < nrows; r++) {
                y[(size_t)r * ystride] = aotc_clamp_dsp(aotc_mbqm((int32_t)((uint32_t)p[0] + (uint32_t)a[r]), p[1], p[2]) + zp, lo, hi, 0);
            }
        }
        if (p[1] != 0) a += 4;
    }
}

#endif
#endif
