/* qsign_flip__ref.c: uint8 <-> int8 with the zero point moved by 128 (the same real values): flips the top bit of each byte. */
static void aotc_qsign_flip__ref(const void *AOTC_RESTRICT x, void *AOTC_RESTRICT y, int32_t n) {
    const uint8_t *xs = (const uint8_t *)x;
    uint8_t *ys = (uint8_t *)y;
    for (int32_t i = 0; i < n; i++) ys[i] = (uint8_t)(xs[i] ^ 0x80u);
}
