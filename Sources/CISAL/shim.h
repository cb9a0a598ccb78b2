#ifndef TOKENHOUND_CISAL_SHIM_H
#define TOKENHOUND_CISAL_SHIM_H
// Intel ISA-L (Debian libisal-dev): only the igzip inflate API is used, behind the ISAL trait.
#include <isa-l/igzip_lib.h>
#endif
