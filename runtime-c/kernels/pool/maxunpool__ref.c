/* maxunpool__ref.c: MaxUnpool for any element type: zero the output, then scatter x to the flat indices `ind`. */
/*
 * Indices are flat positions in the unpooled tensor of 3-D spatial size `inf` (the default output size); each is
 * split into (plane, z, y, x) and stored at the same coordinates of the output of spatial size `out` (taller or
 * shorter dims pad or crop at the end, as ONNX does with output_shape). Out-of-range indices are skipped.
 */
static void aotc_maxunpool__ref(const void *AOTC_RESTRICT x, const int64_t *AOTC_RESTRICT ind, void *AOTC_RESTRICT y,
                                int32_t nx, int32_t nc, const int32_t *inf, const int32_t *out, int32_t elem) {
    const unsigned char *xs = (const unsigned char *)x;
    unsigned char *ys = (unsigned char *)y;
    const int64_t isz = (int64_t)inf[0] * inf[1] * inf[2];
    const size_t osz = (size_t)out[0] * out[1] * out[2];
    memset(ys, 0, (size_t)nc * osz * (size_t)elem);
    for (int32_t i = 0; i < nx; i++) {
        const int64_t j = ind[i];
        if (j < 0 || j >= (int64_t)nc * isz) continue;
        const int64_t plane = j / isz, r = j % isz;
        const int64_t z = r / ((int64_t)inf[1] * inf[2]), yy = (r / inf[2]) % inf[1], xx = r % inf[2];
        if (z >= out[0] || yy >= out[1] || xx >= out[2]) continue;
        const size_t o = (size_t)plane * osz + ((size_t)z * out[1] + (size_t)yy) * out[2] + (size_t)xx;
        memcpy(ys + o * (size_t)elem, xs + (size_t)i * elem, (size_t)elem);
    }
}
