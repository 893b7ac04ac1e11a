/* quantize_f32__ref.c: TFLite QUANTIZE float32 -> int8/int16/uint8: round(x / scale) half away from zero, + zero point, clamp. */
static void aotc_quantize_f32__ref(const float *x, void *y, int32_t kind, int32_t n, float scale, int32_t zp) {
    const int32_t lo = aotc_qmin(kind), hi = aotc_qmax(kind);
    for (int32_t i = 0; i < n; i++) {
        const float r = roundf(x[i] / scale);
        int64_t q;
        /* Quotients beyond int32 saturate (the reference's float -> int32 cast is undefined there); NaN -> zero point. */
        if (r != r) q = 0;
        else if (r >= 2147483648.0f) q = INT32_MAX;
        else if (r < -2147483648.0f) q = INT32_MIN;
        else q = (int32_t)r;
        q += zp;
        aotc_qstore(y, i, kind, q < lo ? lo : (q > hi ? hi : (int32_t)q));
    }
}
