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

/* IEEE binary16 bits <-> float, round to nearest even (Cast to/from float16; no hardware support needed). */
static inline AOTC_UNUSED float aotc_f16_to_f32(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = ((uint32_t)h >> 10) & 0x1fu, mant = (uint32_t)h & 0x3ffu, bits;
    float f;
    if (exp == 0x1fu) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp != 0u) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant == 0u) {
        bits = sign;
    } else { /* subnormal: normalise the mantissa */
        exp = 113u;
        while (!(mant & 0x400u)) { mant <<= 1; exp--; }
        bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
    }
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline AOTC_UNUSED uint16_t aotc_f32_to_f16(float f) {
    uint32_t x, mant, half, rem;
    int32_t e;
    memcpy(&x, &f, sizeof x);
    const uint32_t sign = (x >> 16) & 0x8000u, exp = (x >> 23) & 0xffu;
    mant = x & 0x7fffffu;
    if (exp == 0xffu) return (uint16_t)(sign | 0x7c00u | (mant ? 0x200u : 0u));
    e = (int32_t)exp - 127 + 15;
    if (e >= 0x1f) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        mant |= 0x800000u;
        const uint32_t shift = (uint32_t)(14 - e), mid = 1u << (shift - 1u);
        half = mant >> shift;
        rem = mant & ((1u << shift) - 1u);
        if (rem > mid || (rem == mid && (half & 1u))) half++;
        return (uint16_t)(sign | half);
    }
    half = ((uint32_t)e << 10) | (mant >> 13);
    rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (half & 1u))) half++;
    return (uint16_t)(sign | half);
}

#endif
