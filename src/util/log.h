/* Process log on standard error: one line per event, never secrets. */
#ifndef ZF_UTIL_LOG_H
#define ZF_UTIL_LOG_H
#include "util/err.h"

enum { ZF_LOG_ERROR, ZF_LOG_WARN, ZF_LOG_INFO, ZF_LOG_DEBUG };

/* Sets the most verbose level printed (default ZF_LOG_INFO). Call at start-up. */
void zf_log_level(int level);

/* Writes one line "2026-03-05T06:30:00Z LEVEL message" to stderr. Thread-safe. */
void zf_log(int level, const char *fmt, ...) ZF_PRINTF(2, 3);

#endif
