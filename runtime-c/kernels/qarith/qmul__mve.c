/* qmul__mve.c: int8 MUL for Armv8.1-M MVE (Helium), 4 lanes of 32 bits; other cases run the ref. */
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

/*
 * VQRDMULH is the reference's srdhm; |(a + oa)(b + ob)| < 2^16, so the left shift (<= 14) cannot overflow.
 * rdbpot(t, e) is VRSHL by -e of t + (t >> 31 if e > 0); adding zy·2^e before it adds zy after it.
 */
static void aotc_qmul__mve(const void *a, const void *b, void *y, int32_t kind, int32_t rank, const int32_t *shape,
                           const int32_t *sa, const int32_t *sb, const int32_t *p) {
    const int32_t left = p[4] > 0 ? p[4] : 0, e = p[4] > 0 ? 0 : -p[4];
    if (kind != AOTC_QK_I8 || sa[rank - 1] != 1 || sb[rank - 1] != 1 || left > 14 || e > 22
        || p[0] < -128 || p[0] > 128 || p[1] < -128 || p[1] > 128 || p[2] < -128 || p[2] > 127) {
        aotc_qmul__ref(a, b, y, kind, rank, shape, sa, sb, p);
        return;
    }
    const int32x4_t vfix = vdupq_n_s32(e > 0 ? -1 : 0), vc = vdupq_n_s32(p[2] * (INT32_C(1) << e));
    const int32x4_t vlo = vdupq_n_s32(p[5]), vhi = vdupq_n_s32(p[6]);
    const int32_t inner = shape[rank - 1];
    int32_t idx[AOTC_MAX_RANK] = {0};
    int32_t outer = 1, ia = 0, ib = 0, o = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        const int8_t *pa = (const int8_t *)a + ia, *pb = (const int8_t *)b + ib;
        int8_t *py = (int8_t *)y + o;
        for (int32_t j = 0; j < inner; j += 4) {
            const mve_pred16_t pr = vctp32q((uint32_t)(inner - j));
            const int32x4_t va = vaddq_n_s32(vldrbq_z_s32(pa + j, pr), p[0]);
            const int32x4_t vb = vaddq_n_s32(vldrbq_z_s32(pb + j, pr), p[1]);
            int32x4_t t = vqrdmulhq_n_s32(vshlq_r_s32(vmulq_s32(va, vb), left), p[3]);
            t = vrshlq_n_s32(vaddq_s32(vaddq_s32(t, vandq_s32(vshrq_n_s32(t, 31), vfix)), vc), -e);
            vstrbq_p_s32(py + j, vminq_s32(vmaxq_s32(t, vlo), vhi), pr);
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
