/* qrequantize__ref.c: TFLite QUANTIZE between integer dtypes (int8/int16/uint8): offset, multiply by the scale ratio, clamp. */
static void aotc_qrequantize__ref(const void *x, void *y, int32_t in_kind, int32_t out_kind, int32_t n, int32_t in_zp,
                                  int32_t mult, int32_t shift, int32_t out_zp) {
    const int32_t lo = aotc_qmin(out_kind), hi = aotc_qmax(out_kind);
    for (int32_t i = 0; i < n; i++) {
        const int32_t v = aotc_mbqm(aotc_qload(x, i, in_kind) - in_zp, mult, shift) + out_zp;
        aotc_qstore(y, i, out_kind, aotc_qclamp(v, lo, hi));
    }
}
