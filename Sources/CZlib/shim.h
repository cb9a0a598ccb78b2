#ifndef TOKENHOUND_CZLIB_SHIM_H
#define TOKENHOUND_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2/deflateInit2 are macros Swift cannot import; these wrappers pass the
// version and struct size the macros would.
static inline int tokenhound_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2_(strm, windowBits, ZLIB_VERSION, (int)sizeof(z_stream));
}
static inline int tokenhound_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2_(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                         ZLIB_VERSION, (int)sizeof(z_stream));
}
#endif
