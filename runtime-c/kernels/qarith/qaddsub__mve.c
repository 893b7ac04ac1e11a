/* qaddsub__mve.c: int8 ADD / SUB for Armv8.1-M MVE (Helium), 4 lanes of 32 bits; other cases run the ref. */
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

/*
 * VQRDMULH is the reference's srdhm (saturation included). rdbpot(x, e) for e >= 1 is VRSHL by -e (round half up)
 * of x + (x >> 31), and adding z·2^e before it adds z after it. The input with the larger scale has multiplier 2^30,
 * shift 0 (ratio 1/2): its term F is (x + offset) << 19, exactly; the other's N = rdbpot(srdhm((x + off) << 20, m), e).
 */
static void aotc_qas_row__mve(const int8_t *xf, const int8_t *xn, int8_t *y, int32_t n, int32_t f_mul, int32_t f_add,
                              int32_t n_sign, int32_t n_mul, int32_t n_add, int32_t n_m, int32_t n_e, int32_t y_m,
                              int32_t y_e, int32_t y_c, int32_t lo, int32_t hi) {
    const int32x4_t vlo = vdupq_n_s32(lo), vhi = vdupq_n_s32(hi), vfm = vdupq_n_s32(f_mul), vnm = vdupq_n_s32(n_mul);
    for (int32_t j = 0; j < n; j += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(n - j));
        const int32x4_t f = vmlasq_n_s32(vldrbq_z_s32(xf + j, p), vfm, f_add);
        int32x4_t t = vqrdmulhq_n_s32(vmlasq_n_s32(vldrbq_z_s32(xn + j, p), vnm, n_add), n_m);
        t = vrshlq_n_s32(vaddq_s32(t, vshrq_n_s32(t, 31)), -n_e);
        const int32x4_t s = vmlaq_n_s32(f, t, n_sign);
        int32x4_t u = vqrdmulhq_n_s32(s, y_m);
        u = vrshlq_n_s32(vaddq_s32(vaddq_s32(u, vshrq_n_s32(u, 31)), vdupq_n_s32(y_c)), -y_e);
        vstrbq_p_s32(y + j, vminq_s32(vmaxq_s32(u, vlo), vhi), p);
    }
}

static void aotc_qaddsub__mve(const void *a, const void *b, void *y, int32_t kind, int32_t rank, const int32_t *shape,
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
    const int32_t y_c = p[7] * (INT32_C(1) << y_e);
    int32_t idx[AOTC_MAX_RANK] = {0};
    int32_t outer = 1, ia = 0, ib = 0, o = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        const int8_t *pa = (const int8_t *)a + ia, *pb = (const int8_t *)b + ib;
        int8_t *py = (int8_t *)y + o;
        if (a_free && b_free) { /* N(b) = rdbpot(srdhm((x + off) << 21, 2^30), 1) = (x + off) << 19 exactly */
            aotc_qas_row__mve(pa, pb, py, inner, INT32_C(1) << 19, p[1] * (INT32_C(1) << 19), sub ? -1 : 1,
                              INT32_C(1) << 21, p[4] * (INT32_C(1) << 21), INT32_C(1) << 30, 1, p[8], y_e, y_c, p[10],
                              p[11]);
        } else if (a_free) { /* s = F(a) ± N(b) */
            aotc_qas_row__mve(pa, pb, py, inner, INT32_C(1) << 19, p[1] * (INT32_C(1) << 19), sub ? -1 : 1,
                              INT32_C(1) << 20, p[4] * (INT32_C(1) << 20), p[5], -p[6], p[8], y_e, y_c, p[10], p[11]);
        } else { /* s = N(a) ± F(b) */
            const int32_t fs = sub ? -(INT32_C(1) << 19) : (INT32_C(1) << 19);
            aotc_qas_row__mve(pb, pa, py, inner, fs, p[4] * fs, 1, INT32_C(1) << 20, p[1] * (INT32_C(1) << 20), p[2], -p[3],
                              p[8], y_e, y_c, p[10], p[11]);
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
