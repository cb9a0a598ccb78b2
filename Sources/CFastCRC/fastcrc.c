// gzip CRC-32 by carry-less multiplication folding.
//
// zlib 1.2.13 (Debian) computes the gzip trailer's CRC-32 with its braided table code, about four
// instructions a byte: 12% of a scan. This folds 64 bytes per step with PCLMULQDQ instead.
//
// Method and constants: V. Gopal, E. Ozturk et al., "Fast CRC Computation for Generic Polynomials
// Using PCLMULQDQ Instruction", Intel, 2009 (bit-reflected constants for the CRC-32 polynomial
// 0x04C11DB7 from the paper's appendix). The code follows the structure of Chromium's zlib
// crc32_simd.c (crc32_sse42_simd_), Copyright 2017 The Chromium Authors, used under its BSD-style
// licence (https://chromium.googlesource.com/chromium/src/+/main/LICENSE); zlib-ng's
// crc32_fold_pclmulqdq.c (Copyright 2013 Intel Corporation, zlib licence) implements the same method.

#include "fastcrc.h"

#include <zlib.h>

#if defined(__x86_64__)
#include <emmintrin.h>
#include <smmintrin.h>
#include <wmmintrin.h>

/// Below this, the set-up and the final reduction cost more than zlib's table code.
enum { FOLD_MINIMUM = 64 };

/// The CRC state `crc` (already inverted, as inside zlib) advanced over `len` bytes at `buf`;
/// `len` >= 64 and a multiple of 16. Inlined into `fold_crc32_sse` and `fold_crc32_avx`.
__attribute__((always_inline, target("pclmul,sse4.1")))
static inline uint32_t fold_crc32(uint32_t crc, const uint8_t *buf, size_t len) {
    // x^(4*128+32) mod P, x^(4*128-32) mod P: fold a lane 512 bits forward.
    const __m128i fold_by_4 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);
    // x^(128+32) mod P, x^(128-32) mod P: fold 128 bits forward.
    const __m128i fold_by_1 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);
    // x^64 mod P: 128 -> 64 bits.
    const __m128i fold_64 = _mm_set_epi64x(0, 0x0163cd6124);
    // P' and mu for the Barrett reduction to 32 bits.
    const __m128i barrett = _mm_set_epi64x(0x01f7011641, 0x01db710641);
    const __m128i low32_of_each_half = _mm_setr_epi32(~0, 0, ~0, 0);

    // Four independent lanes keep the multiplier busy; the initial CRC enters the first lane.
    __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)buf), _mm_cvtsi32_si128((int)crc));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(buf + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(buf + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(buf + 48));
    buf += 64;
    len -= 64;

    while (len >= 64) {
        __m128i al = _mm_clmulepi64_si128(a, fold_by_4, 0x00);
        __m128i bl = _mm_clmulepi64_si128(b, fold_by_4, 0x00);
        __m128i cl = _mm_clmulepi64_si128(c, fold_by_4, 0x00);
        __m128i dl = _mm_clmulepi64_si128(d, fold_by_4, 0x00);
        a = _mm_clmulepi64_si128(a, fold_by_4, 0x11);
        b = _mm_clmulepi64_si128(b, fold_by_4, 0x11);
        c = _mm_clmulepi64_si128(c, fold_by_4, 0x11);
        d = _mm_clmulepi64_si128(d, fold_by_4, 0x11);
        a = _mm_xor_si128(_mm_xor_si128(a, al), _mm_loadu_si128((const __m128i *)(const void *)buf));
        b = _mm_xor_si128(_mm_xor_si128(b, bl), _mm_loadu_si128((const __m128i *)(const void *)(buf + 16)));
        c = _mm_xor_si128(_mm_xor_si128(c, cl), _mm_loadu_si128((const __m128i *)(const void *)(buf + 32)));
        d = _mm_xor_si128(_mm_xor_si128(d, dl), _mm_loadu_si128((const __m128i *)(const void *)(buf + 48)));
        buf += 64;
        len -= 64;
    }

    // Fold the four lanes into one, then any remaining 16-byte blocks into it.
    __m128i x = a;
    const __m128i rest[3] = { b, c, d };
    for (int i = 0; i < 3; i++) {
        __m128i lo = _mm_clmulepi64_si128(x, fold_by_1, 0x00);
        x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, fold_by_1, 0x11), lo), rest[i]);
    }
    while (len >= 16) {
        __m128i lo = _mm_clmulepi64_si128(x, fold_by_1, 0x00);
        x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, fold_by_1, 0x11), lo),
                          _mm_loadu_si128((const __m128i *)(const void *)buf));
        buf += 16;
        len -= 16;
    }

    // 128 -> 64 bits.
    __m128i t = _mm_clmulepi64_si128(x, fold_by_1, 0x10);
    x = _mm_xor_si128(_mm_srli_si128(x, 8), t);
    t = _mm_srli_si128(x, 4);
    x = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x, low32_of_each_half), fold_64, 0x00), t);

    // Barrett reduction 64 -> 32 bits.
    t = _mm_and_si128(x, low32_of_each_half);
    t = _mm_clmulepi64_si128(t, barrett, 0x10);
    t = _mm_and_si128(t, low32_of_each_half);
    t = _mm_clmulepi64_si128(t, barrett, 0x00);
    x = _mm_xor_si128(x, t);
    return (uint32_t)_mm_extract_epi32(x, 1);
}

__attribute__((target("pclmul,sse4.1")))
static uint32_t fold_crc32_sse(uint32_t crc, const uint8_t *buf, size_t len) {
    return fold_crc32(crc, buf, len);
}

/// The same code with VEX encoding: three-operand forms and unaligned memory operands drop the
/// register copies and separate loads, a quarter of the loop's instructions.
__attribute__((target("avx,pclmul,sse4.1")))
static uint32_t fold_crc32_avx(uint32_t crc, const uint8_t *buf, size_t len) {
    return fold_crc32(crc, buf, len);
}

enum FoldLevel { FOLD_UNKNOWN = -1, FOLD_NONE = 0, FOLD_SSE = 1, FOLD_AVX = 2 };
/// Racing first calls all store the same answer.
static int fold_level = FOLD_UNKNOWN;

static int cpu_fold_level(void) {
    int level = __atomic_load_n(&fold_level, __ATOMIC_RELAXED);
    if (level == FOLD_UNKNOWN) {
        __builtin_cpu_init();
        level = !(__builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1")) ? FOLD_NONE
            : __builtin_cpu_supports("avx") ? FOLD_AVX : FOLD_SSE;
        __atomic_store_n(&fold_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

uint32_t fastcrc_crc32_limited(int max_level, uint32_t crc, const uint8_t *p, size_t n) {
    int level;
    if (n >= FOLD_MINIMUM && (level = cpu_fold_level()) != FOLD_NONE && max_level != FOLD_NONE) {
        if (level > max_level) level = max_level;
        size_t folded = n & ~(size_t)15;
        crc = ~(level == FOLD_AVX ? fold_crc32_avx(~crc, p, folded) : fold_crc32_sse(~crc, p, folded));
        p += folded;
        n -= folded;
        if (n == 0) return crc;
    }
    return (uint32_t)crc32_z(crc, p, n);
}

uint32_t fastcrc_crc32(uint32_t crc, const uint8_t *p, size_t n) {
    return fastcrc_crc32_limited(FOLD_AVX, crc, p, n);
}

int fastcrc_accelerated(void) { return cpu_fold_level(); }

#else

uint32_t fastcrc_crc32_limited(int max_level, uint32_t crc, const uint8_t *p, size_t n) {
    (void)max_level;
    return (uint32_t)crc32_z(crc, p, n);
}

uint32_t fastcrc_crc32(uint32_t crc, const uint8_t *p, size_t n) {
    return (uint32_t)crc32_z(crc, p, n);
}

int fastcrc_accelerated(void) { return 0; }

#endif
