/* qlogistic__ref.c: TFLite int8 LOGISTIC: saturate outside the input radius, else gemmlowp logistic on Q4.27 (output 1/256, -128). */
static void aotc_qlogistic__ref(const int8_t *x, int8_t *y, int32_t n, int32_t in_zp, int32_t radius, int32_t mult,
                                int32_t shift) {
    for (int32_t i = 0; i < n; i++) {
        const int32_t in = x[i] - in_zp;
        if (in <= -radius) { y[i] = -128; continue; }
        if (in >= radius) { y[i] = 127; continue; }
        const int32_t q0 = aotc_gl_logistic(aotc_mbqm(in, mult, shift), 4);
        y[i] = (int8_t)aotc_qclamp(aotc_rdbpot(q0, 23) - 128, -128, 127);
    }
}
