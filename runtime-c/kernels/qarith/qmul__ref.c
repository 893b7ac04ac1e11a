/* qmul__ref.c: TFLite quantized MUL (int8, int16): offset product requantized by one multiplier, numpy broadcasting. */
/* p: a_offset, b_offset, y_offset, y_mult, y_shift, act_min, act_max */
static void aotc_qmul__ref(const void *a, const void *b, void *y, int32_t kind, int32_t rank, const int32_t *shape,
                           const int32_t *sa, const int32_t *sb, const int32_t *p) {
    int32_t idx[AOTC_MAX_RANK] = {0};
    const int32_t inner = shape[rank - 1], ia1 = sa[rank - 1], ib1 = sb[rank - 1];
    int32_t outer = 1, ia = 0, ib = 0, o = 0;
    for (int32_t d = 0; d < rank - 1; d++) outer *= shape[d];
    for (int32_t k = 0; k < outer; k++) {
        for (int32_t j = 0; j < inner; j++) {
            const int32_t va = aotc_qload(a, ia + j * ia1, kind) + p[0];
            const int32_t vb = aotc_qload(b, ib + j * ib1, kind) + p[1];
            const int32_t raw = aotc_mbqm(va * vb, p[3], p[4]) + p[2];
            aotc_qstore(y, o + j, kind, aotc_qclamp(raw, p[5], p[6]));
        }
        o += inner;
        for (int32_t d = rank - 2; d >= 0; d--) {
            idx[d]++; ia += sa[d]; ib += sb[d];
            if (idx[d] < shape[d]) break;
            ia -= sa[d] * shape[d]; ib -= sb[d] * shape[d]; idx[d] = 0;
        }
    }
}
