#ifndef TOKENHOUND_FASTCRC_H
#define TOKENHOUND_FASTCRC_H
#include <stddef.h>
#include <stdint.h>

/// The gzip (IEEE 802.3, reflected 0xEDB88320) CRC-32 of `n` bytes at `p`, continuing from `crc`:
/// the same value as zlib's `crc32(crc, p, n)` (start with 0; feed pieces in order).
/// On x86_64 CPUs with PCLMULQDQ and SSE4.1 it folds 64 bytes per step with carry-less
/// multiplication (about 0.3 instructions a byte with AVX encoding, 0.45 without); short inputs,
/// the last 0-15 bytes and other CPUs use zlib's `crc32_z`.
uint32_t fastcrc_crc32(uint32_t crc, const uint8_t *p, size_t n);

/// The code `fastcrc_crc32` uses on this CPU: 0 zlib's crc32_z, 1 PCLMULQDQ folding in SSE
/// encoding, 2 the same in AVX encoding.
int fastcrc_accelerated(void);

/// `fastcrc_crc32` using at most the code of `max_level` (as for `fastcrc_accelerated`), so tests
/// can check every path this CPU can run.
uint32_t fastcrc_crc32_limited(int max_level, uint32_t crc, const uint8_t *p, size_t n);

#endif
