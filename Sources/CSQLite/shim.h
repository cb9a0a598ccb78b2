#ifndef TOKENHOUND_CSQLITE_SHIM_H
#define TOKENHOUND_CSQLITE_SHIM_H
#include <sqlite3.h>
// SQLITE_TRANSIENT is a macro around a function-pointer cast Swift cannot import.
static inline sqlite3_destructor_type tokenhound_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
