/* qaddsub__dsp.c: int8 ADD / SUB for Armv7E-M / Armv8-M Mainline DSP (SMMULR requantization); other cases run the ref. */
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>

/*
 * Exact rewrites of the reference's fixed-point steps on the int8 ranges (|x + offset| <= 255):
 *  - srdhm(v, m) = (v·m + 2^30) >> 31 (floor) = SMMULR(2v, m) whenever 2v fits in 32 bits, and SMMLAR(2v, m, c) adds c;
 *  - rdbpot(t, e) = (t + (t >> 31) + 2^(e-1)) >> e for e >= 1; adding z·2^e before the shift adds z after it; and the
 *    sign of t may be taken from the product's operand v instead (when they differ t is 0, and both give 0 or z);
 *  - the input whose scale is the larger one has multiplier 2^30, shift 0 (ratio 1/2): its term is (x + offset) << 19.
 * So per element: s2 = 2·(±F ± N) with F the free input's term and N = rdbpot(SMMULR((x + off) << 21, m), e).
 */
/* SMMLAR: a + the rounded high word of b·c. Inline asm: with a constant operand clang expands the 64-bit expression
 * into MUL + UMLAL sequences instead. */
static inline AOTC_UNUSED int32_t aotc_qas_smmlar(int32_t b, int32_t c, int32_t a) {
    int32_t r;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(b), "r"(c), "r"(a));
    return r;
}

/* One output: the doubled sum s2 requantized, offset (c = 2^(e-1) + zy·2^e), saturated to int8. */
static inline AOTC_UNUSED int8_t aotc_qas_out(int32_t s2, int32_t m, int32_t c, int32_t e) {
    return (int8_t)__ssat((aotc_qas_smmlar(s2, m, c) + (s2 >> 31)) >> e, 8);
}

/* y[j] = sat8(rdbpot(SMMULR(2·(F ± N), my), ey) + zy) for n contiguous elements (y may be xf or xn: in place);
 * F2 = xf·f_mul2 + f_add2, N = rdbpot(SMMULR(n_k + (xn << 21), n_m), n_e), weighted by n_sign2 (±2). */
static void aotc_qas_row__dsp(const int8_t *xf, const int8_t *xn, int8_t *y,
                              int32_t n, int32_t f_mul2, int32_t f_add2, int32_t n_sign2, int32_t n_k, int32_t n_m,
                              int32_t n_e, int32_t y_m, int32_t y_e, int32_t y_c) {
    const int32_t n_half = INT32_C(1) << (n_e - 1);
    for (int32_t j = 0; j < n; j++) {
        const int32_t x = n_k + (int32_t)((uint32_t)xn[j] << 21);
        const int32_t nv = (aotc_qas_smmlar(x, n_m, n_half) + (x >> 31)) >> n_e;
        y[j] = aotc_qas_out(nv * n_sign2 + (xf[j] * f_mul2 + f_add2), y_m, y_c, y_e);
    }
}

/* Both inputs have the larger scale (equal scales): both terms are exact shifts. */
static void aotc_qas_row2__dsp(const int8_t *xa, const int8_t *xb, int8_t *y,
                               int32_t n, int32_t b_mul2, int32_t ab_add2, int32_t y_m, int32_t y_e, int32_t y_c) {
    for (int32_t j = 0; j < n; j++) {
        y[j] = aotc_qas_out(xa[j] * (INT32_C(1) << 20) + (xb[j] * b_mul2 + ab_add2), y_m, y_c, y_e);
    }
}

/* The fused activation's clamp over n int8 values, four at a time (SSUB8 sets GE per byte, SEL picks). */
static void aotc_qas_clamp__dsp(int8_t *y, int32_t n, int32_t lo, int32_t hi) {
    const uint32_t lo4 = ((uint32_t)lo & 0xffu) * 0x01010101u, hi4 = ((uint32_t)hi & 0xffu) * 0x01010101u;
    int32_t j = 0;
    for (; j + 4 <= n; j += 4) {
        uint32_t w;
        memcpy(&w, y + j, 4);
        (void)__ssub8((int8x4_t)w, (int8x4_t)lo4);
        w = __sel(w, lo4);
        (void)__ssub8((int8x4_t)w, (int8x4_t)hi4);
        w = __sel(hi4, w);
        memcpy(y + j, &w, 4);
    }
    for (; j < n; j++) y[j] = (int8_t)(y[j] < lo ? lo : (y[j] > hi ? hi : y[j]));
}

static void aotc_qaddsub__dsp(const void *a, const void *b, void *y, int32_t kind, int32_t rank, const int32_t *shape,
                              const int32_t *sa, const int32_t *sb, const int32_t *p) {
    const int32_t a_free = p[2] == (INT32_C(1) << 30) && p[3] == 0, b_free = p[5] == (INT32_C(1) << 30) && p[6] == 0;
    const int32_t y_e = -p[9], sub = p[12] != 0;
    const int offsets_ok = p[1] >= -128 && p[1] <= 128 && p[4] >= -128 && p[4] <= 128 && p[7] >= -128 && p[7] <= 127;
    if (kind != AOTC_QK_I8 || p[0] != 20 || sa[rank - 1] != 1 || sb[rank - 1] != 1 || !offsets_ok || (!a_free && !b_free)
        || y_e < 1 || y_e > 22 || (!a_free && (p[3] > -1 || p[3] < -31)) || (!b_free && (p[6] > -1 || p[6] < -31))) {
        aotc_qaddsub__ref(a, b, y, kind, rank, shape, sa, sb, p);
        return;
    }
    const int32_t inner = shape[rank - 1];
    const int32_t y_c = (INT32_C(1) << (y_e - 1)) + p[7] * (INT32_C(1) << y_e);
    int32_t idx[AOTC_MAX_RANK] = {0};
    int32_t outer = 1, ia = 0, ib = 0, o = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        const int8_t *pa = (const int8_t *)a + ia, *pb = (const int8_t *)b + ib;
        int8_t *py = (int8_t *)y + o;
        if (a_free && b_free) {
            const int32_t bs = sub ? -(INT32_C(1) << 20) : (INT32_C(1) << 20);
            aotc_qas_row2__dsp(pa, pb, py, inner, bs, p[1] * (INT32_C(1) << 20) + p[4] * bs, p[8], y_e, y_c);
        } else if (a_free) { /* s = F(a) ± N(b) */
            aotc_qas_row__dsp(pa, pb, py, inner, INT32_C(1) << 20, p[1] * (INT32_C(1) << 20), sub ? -2 : 2,
                              p[4] * (INT32_C(1) << 21), p[5], -p[6], p[8], y_e, y_c);
        } else { /* s = N(a) ± F(b) */
            const int32_t fs = sub ? -(INT32_C(1) << 20) : (INT32_C(1) << 20);
            aotc_qas_row__dsp(pb, pa, py, inner, fs, p[4] * fs, 2, p[1] * (INT32_C(1) << 21), p[2], -p[3], p[8], y_e, y_c);
        }
        o += inner;
        for (int32_t d = rank - 2; d >= 0; d--) {
            idx[d]++; ia += sa[d]; ib += sb[d];
            if (idx[d] < shape[d]) break;
            ia -= sa[d] * shape[d]; ib -= sb[d] * shape[d]; idx[d] = 0;
        }
    }
    if (p[10] > -128 || p[11] < 127) aotc_qas_clamp__dsp((int8_t *)y, o, p[10], p[11]);
}
#endif
