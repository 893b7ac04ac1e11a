/* qleaky_relu__ref.c: TFLite quantized LEAKY_RELU (int8, int16): identity multiplier for x >= 0, alpha multiplier below. */
/* p: in_zp, out_zp, identity_mult, identity_shift, alpha_mult (absolute value), alpha_shift, alpha_negative */
static void aotc_qleaky_relu__ref(const void *x, void *y, int32_t kind, int32_t n, const int32_t *p) {
    const int32_t lo = aotc_qmin(kind), hi = aotc_qmax(kind);
    for (int32_t i = 0; i < n; i++) {
        const int32_t in = aotc_qload(x, i, kind) - p[0];
        int32_t v = p[1];
        if (in >= 0) {
            v += aotc_mbqm(in, p[2], p[3]);
        } else {
            const int32_t s = aotc_mbqm(in, p[4], p[5]);
            v += p[6] ? -s : s;
        }
        aotc_qstore(y, i, kind, aotc_qclamp(v, lo, hi));
    }
}
