#ifndef TOKENHOUND_FASTCRC_H
#define TOKENHOUND_FASTCRC_H
#include <stddef.h>
#include <stdint.h>

/// The gzip (IEEE 802.3, reflected 0xEDB88320) CRC-32 of `n` bytes at `p`, continuing from `crc`:
/// the same value as zlib's `crc32(crc, p, n)` (start with 0; feed pieces in order).
/// On x86_64 CPUs with PCLMULQDQ and SSE4.1 it folds 64 bytes per step with carry-less
/// multiplication (well under one instruction per byte); elsewhere it is zlib's `crc32_z`.
uint32_t fastcrc_crc32(uint32_t crc, const uint8_t *p, size_t n);

/// 1 when `fastcrc_crc32` uses the PCLMULQDQ path on this CPU, else 0 (for tests and reports).
int fastcrc_accelerated(void);

#endif
