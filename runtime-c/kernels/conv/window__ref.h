/* window__ref.h: sliding-window helper shared by convolution and pooling kernels (valid tap range). */
#ifndef AOTC_WINDOW_REF_H
#define AOTC_WINDOW_REF_H

/* Taps t in [*lo, *hi), t < k, of a window starting at `start` with dilation `dil` that land in [0, size). */
static inline AOTC_UNUSED void aotc_window_taps(int32_t start, int32_t dil, int32_t k, int32_t size,
                                                int32_t *lo, int32_t *hi) {
    int32_t l = start < 0 ? (-start + dil - 1) / dil : 0;
    int32_t h = start >= size ? 0 : (size - start + dil - 1) / dil;
    if (h > k) h = k;
    if (l > h) l = h;
    *lo = l;
    *hi = h;
}

#endif
