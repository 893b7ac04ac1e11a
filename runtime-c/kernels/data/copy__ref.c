/* copy__ref.c: byte copy between two buffers (views that cannot alias, e.g. an input returned as an output). */
static void aotc_copy__ref(const void *x, void *y, int32_t bytes) {
    if (x != y) memmove(y, x, (size_t)bytes);
}
