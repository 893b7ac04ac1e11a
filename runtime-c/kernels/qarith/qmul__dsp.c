/* qmul__dsp.c: int8 MUL for Armv7E-M / Armv8-M DSP (SXTAB16 offsets, SMULBB/TT, SMMLAR); other cases run the ref. */
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>

/* SMMLAR: a + the rounded high word of b·c. Inline asm: with a constant operand clang expands the 64-bit expression
 * into MUL + UMLAL sequences instead. */
static inline AOTC_UNUSED int32_t aotc_qmul_smmlar(int32_t b, int32_t c, int32_t a) {
    int32_t r;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(b), "r"(c), "r"(a));
    return r;
}

/* Rotate right by 8 (SXTAB16 takes it as its ROR #8 operand), and the SMULBB / SMULTT halfword products: the ACLE
 * intrinsics with clang (with plain C it folds the later shift into the operands and uses MUL), plain C with
 * arm-none-eabi-gcc 12, whose arm_acle.h lacks __ror, __smulbb and __smultt. */
static inline AOTC_UNUSED uint32_t aotc_qmul_ror8(uint32_t w) { return (w >> 8) | (w << 24); }
#if defined(__clang__)
static inline AOTC_UNUSED int32_t aotc_qmul_bb(int16x2_t a, int16x2_t b) { return __smulbb(a, b); }
static inline AOTC_UNUSED int32_t aotc_qmul_tt(int16x2_t a, int16x2_t b) { return __smultt(a, b); }
#else
static inline AOTC_UNUSED int32_t aotc_qmul_bb(int16x2_t a, int16x2_t b) { return (int32_t)(int16_t)a * (int16_t)b; }
static inline AOTC_UNUSED int32_t aotc_qmul_tt(int16x2_t a, int16x2_t b) { return (a >> 16) * (b >> 16); }
#endif

/*
 * The offset product x = (a + oa)(b + ob) has |x| <= 255^2 < 2^16, so with left <= 14, srdhm(x << left, m) is
 * SMMULR(x << (left + 1), m) exactly ((v·m + 2^30) >> 31 = (2v·m + 2^31) >> 32), and SMMLAR adds c to it.
 * rdbpot(t, e) is (t + (t >> 31 if e > 0) + 2^(e-1)) >> e; adding zy·2^e before the shift adds zy after it; the sign
 * may be taken from the product's operand instead of t (they differ only where t is 0, and both then give zy).
 */
static inline AOTC_UNUSED int32_t aotc_qmul_out(int32_t x, int32_t l, int32_t m, int32_t fixm, int32_t c, int32_t e) {
    const int32_t v = (int32_t)((uint32_t)x << l);
    return __ssat((aotc_qmul_smmlar(v, m, c) + ((v >> 31) & fixm)) >> e, 8);
}

static void aotc_qmul__dsp(const void *a, const void *b, void *y, int32_t kind, int32_t rank, const int32_t *shape,
                           const int32_t *sa, const int32_t *sb, const int32_t *p) {
    const int32_t left = p[4] > 0 ? p[4] : 0, e = p[4] > 0 ? 0 : -p[4];
    if (kind != AOTC_QK_I8 || sa[rank - 1] != 1 || sb[rank - 1] != 1 || left > 14 || e > 22
        || p[0] < -128 || p[0] > 128 || p[1] < -128 || p[1] > 128 || p[2] < -128 || p[2] > 127) {
        aotc_qmul__ref(a, b, y, kind, rank, shape, sa, sb, p);
        return;
    }
    const int32_t l = left + 1, m = p[3], fixm = e > 0 ? -1 : 0;
    const int32_t c = (e > 0 ? (INT32_C(1) << (e - 1)) : 0) + p[2] * (INT32_C(1) << e);
    const int32_t lo = p[5], hi = p[6];
    /* the offsets in both halfwords, for SXTAB16 */
    const int16x2_t oa2 = (int16x2_t)(((uint32_t)p[0] & 0xffffu) * 0x10001u);
    const int16x2_t ob2 = (int16x2_t)(((uint32_t)p[1] & 0xffffu) * 0x10001u);
    const uint32_t lo4 = ((uint32_t)lo & 0xffu) * 0x01010101u, hi4 = ((uint32_t)hi & 0xffu) * 0x01010101u;
    const int32_t inner = shape[rank - 1];
    int32_t idx[AOTC_MAX_RANK] = {0};
    int32_t outer = 1, ia = 0, ib = 0, o = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        const int8_t *pa = (const int8_t *)a + ia, *pb = (const int8_t *)b + ib;
        int8_t *py = (int8_t *)y + o;
        int32_t j = 0;
        for (; j + 4 <= inner; j += 4) {
            uint32_t wa, wb, w;
            memcpy(&wa, pa + j, 4);
            memcpy(&wb, pb + j, 4);
            const int16x2_t a02 = __sxtab16(oa2, (int8x4_t)wa), a13 = __sxtab16(oa2, (int8x4_t)aotc_qmul_ror8(wa));
            const int16x2_t b02 = __sxtab16(ob2, (int8x4_t)wb), b13 = __sxtab16(ob2, (int8x4_t)aotc_qmul_ror8(wb));
            const int32_t v0 = aotc_qmul_out(aotc_qmul_bb(a02, b02), l, m, fixm, c, e);
            const int32_t v1 = aotc_qmul_out(aotc_qmul_bb(a13, b13), l, m, fixm, c, e);
            const int32_t v2 = aotc_qmul_out(aotc_qmul_tt(a02, b02), l, m, fixm, c, e);
            const int32_t v3 = aotc_qmul_out(aotc_qmul_tt(a13, b13), l, m, fixm, c, e);
            w = ((uint32_t)v0 & 0xffu) | (((uint32_t)v1 & 0xffu) << 8) | (((uint32_t)v2 & 0xffu) << 16)
                | ((uint32_t)v3 << 24);
            if (lo4 != 0x80808080u) { /* GE per byte where w >= lo: keep w there */
                (void)__ssub8((int8x4_t)w, (int8x4_t)lo4);
                w = __sel(w, lo4);
            }
            if (hi4 != 0x7f7f7f7fu) {
                (void)__ssub8((int8x4_t)w, (int8x4_t)hi4);
                w = __sel(hi4, w);
            }
            memcpy(py + j, &w, 4);
        }
        for (; j < inner; j++) {
            const int32_t v = aotc_qmul_out((pa[j] + p[0]) * (pb[j] + p[1]), l, m, fixm, c, e);
            py[j] = (int8_t)(v < lo ? lo : (v > hi ? hi : v));
        }
        o += inner;
        for (int32_t d = rank - 2; d >= 0; d--) {
            idx[d]++; ia += sa[d]; ib += sb[d];
            if (idx[d] < shape[d]) break;
            ia -= sa[d] * shape[d]; ib -= sb[d] * shape[d]; idx[d] = 0;
        }
    }
}
#endif
