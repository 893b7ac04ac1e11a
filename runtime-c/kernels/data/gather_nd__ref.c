/* gather_nd__ref.c: dtype-agnostic GatherND with batch dims; out-of-range index tuples yield zero slices. */
/*
 * Per batch (nbatch of them, batch_elems data elements each), n_idx tuples of k indices address
 * offset sum(i[q] * strides[q]) (element units, i[q] in [-dims[q], dims[q])); each copies `slice` elements.
 */
static void aotc_gather_nd__ref(const void *AOTC_RESTRICT x, const void *AOTC_RESTRICT idx, void *AOTC_RESTRICT y,
                                int32_t nbatch, int32_t batch_elems, int32_t n_idx, int32_t k, const int32_t *dims,
                                const int32_t *strides, int32_t slice, int32_t elem, int32_t idx64) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    const size_t sb = (size_t)slice * (size_t)elem;
    for (int32_t b = 0; b < nbatch; b++) {
        for (int32_t j = 0; j < n_idx; j++) {
            const size_t t = (size_t)b * (size_t)n_idx + (size_t)j;
            size_t off = (size_t)b * (size_t)batch_elems;
            int32_t ok = 1;
            for (int32_t q = 0; q < k; q++) {
                const size_t at = t * (size_t)k + (size_t)q;
                int64_t i = idx64 ? ((const int64_t *)idx)[at] : (int64_t)((const int32_t *)idx)[at];
                if (i < 0) i += dims[q];
                if (i < 0 || i >= dims[q]) { ok = 0; break; }
                off += (size_t)i * (size_t)strides[q];
            }
            if (ok) memcpy(ys + t * sb, xs + off * (size_t)elem, sb);
            else memset(ys + t * sb, 0, sb);
        }
    }
}
