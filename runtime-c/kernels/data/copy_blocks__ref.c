/* copy_blocks__ref.c: copies `rows` blocks of `bytes` bytes between strided positions (Concat and Split parts). */
static void aotc_copy_blocks__ref(const void *AOTC_RESTRICT x, void *AOTC_RESTRICT y, int32_t rows, int32_t bytes,
                                  int32_t xstride, int32_t xoff, int32_t ystride, int32_t yoff) {
    const uint8_t *xs = (const uint8_t *)x + xoff;
    uint8_t *ys = (uint8_t *)y + yoff;
    for (int32_t r = 0; r < rows; r++) {
        memcpy(ys + (size_t)r * (size_t)ystride, xs + (size_t)r * (size_t)xstride, (size_t)bytes);
    }
}
