/* onehot__ref.c: OneHot, any index dtype (kind code), any value dtype (element bytes); y[o][d][i] = idx == d ? on : off. */
static AOTC_UNUSED int64_t aotc_onehot_index(const void *p, int32_t kind, int32_t i) {
    double f;
    switch (kind) {
        case 0: f = ((const float *)p)[i]; break;
        case 1: f = ((const double *)p)[i]; break;
        case 2: return ((const int8_t *)p)[i];
        case 3: return ((const int16_t *)p)[i];
        case 4: return ((const int32_t *)p)[i];
        case 5: return ((const int64_t *)p)[i];
        case 6: return ((const uint8_t *)p)[i];
        case 7: return ((const uint16_t *)p)[i];
        case 8: return ((const uint32_t *)p)[i];
        default: {
            const uint64_t u = ((const uint64_t *)p)[i];
            return u > (uint64_t)INT64_MAX ? INT64_MIN : (int64_t)u;
        }
    }
    /* floats are truncated; NaN and huge values select no class */
    return (f > -9.0e18 && f < 9.0e18) ? (int64_t)f : INT64_MIN;
}

static void aotc_onehot__ref(const void *indices, int32_t kind, const void *values, void *y, int32_t elem,
                             int32_t outer, int32_t depth, int32_t inner) {
    const unsigned char *off = (const unsigned char *)values, *on = off + elem;
    unsigned char *out = (unsigned char *)y;
    for (int32_t o = 0; o < outer; o++) {
        for (int32_t d = 0; d < depth; d++) {
            for (int32_t i = 0; i < inner; i++) {
                int64_t ix = aotc_onehot_index(indices, kind, o * inner + i);
                if (ix < 0) ix += depth;
                memcpy(out, ix == d ? on : off, (size_t)elem);
                out += elem;
            }
        }
    }
}
