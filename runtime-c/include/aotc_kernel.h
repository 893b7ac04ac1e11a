/* aotc_kernel.h: shared definitions for every aotc kernel (types, restrict, fused activations). */
#ifndef AOTC_KERNEL_H
#define AOTC_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <math.h>

#if defined(__GNUC__) || defined(__clang__)
#define AOTC_RESTRICT __restrict__
#define AOTC_UNUSED __attribute__((unused))
#else
#define AOTC_RESTRICT
#define AOTC_UNUSED
#endif

#define AOTC_MAX_RANK 8

/* Fused activation kinds (the compiler passes kind, p0, p1 as compile-time constants). */
#define AOTC_ACT_NONE 0
#define AOTC_ACT_CLAMP 1 /* min(max(x, p0), p1): Relu, Relu6, Clip */
#define AOTC_ACT_LEAKY 2 /* x < 0 ? p0 * x : x */

static inline AOTC_UNUSED float aotc_act_f32(float x, int32_t kind, float p0, float p1) {
    if (kind == AOTC_ACT_CLAMP) return x < p0 ? p0 : (x > p1 ? p1 : x);
    if (kind == AOTC_ACT_LEAKY) return x < 0.0f ? p0 * x : x;
    return x;
}

static inline AOTC_UNUSED int32_t aotc_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline AOTC_UNUSED int32_t aotc_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }

#endif
