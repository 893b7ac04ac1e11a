/* trilu__ref.c: dtype-agnostic Trilu over `batch` rows x cols matrices: keep j - i >= k (upper) or <= k (lower). */
static void aotc_trilu__ref(const void *AOTC_RESTRICT x, void *AOTC_RESTRICT y, int32_t elem, int32_t batch,
                            int32_t rows, int32_t cols, int32_t k, int32_t upper) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    const size_t es = (size_t)elem;
    for (int32_t b = 0; b < batch; b++) {
        for (int32_t i = 0; i < rows; i++) {
            const size_t row = ((size_t)b * (size_t)rows + (size_t)i) * (size_t)cols * es;
            /* Kept columns form one range [lo, hi). */
            const int64_t lo64 = upper ? (int64_t)i + k : 0, hi64 = upper ? cols : (int64_t)i + k + 1;
            const int32_t lo = (int32_t)(lo64 < 0 ? 0 : (lo64 > cols ? cols : lo64));
            const int32_t hi = (int32_t)(hi64 < lo ? lo : (hi64 > cols ? cols : hi64));
            memset(ys + row, 0, (size_t)lo * es);
            memcpy(ys + row + (size_t)lo * es, xs + row + (size_t)lo * es, (size_t)(hi - lo) * es);
            memset(ys + row + (size_t)hi * es, 0, (size_t)(cols - hi) * es);
        }
    }
}
