/* Per-request arena: many small allocations freed at once. */
#ifndef ZF_UTIL_ARENA_H
#define ZF_UTIL_ARENA_H
#include <stddef.h>

#include "util/err.h"

struct zf_arena;

/* Creates an arena that refuses to grow past LIMIT bytes (0 = 64 MiB).
 * Returns NULL when out of memory. Free with zf_arena_free. Not thread-safe:
 * one arena belongs to one request. With ZF_ARENA_DEBUG every allocation is
 * its own malloc so sanitizers see overflows. */
struct zf_arena *zf_arena_new(size_t limit);

/* Frees the arena and everything allocated from it; NULL is a no-op. */
void zf_arena_free(struct zf_arena *a);

/* Returns N zeroed bytes aligned for any type, owned by the arena, or NULL
 * when out of memory or over the limit. */
void *zf_arena_alloc(struct zf_arena *a, size_t n);

/* Copies S (NULL gives NULL) into the arena. */
char *zf_arena_strdup(struct zf_arena *a, const char *s);

/* Copies at most N bytes of S into the arena, NUL-terminated. */
char *zf_arena_strndup(struct zf_arena *a, const char *s, size_t n);

/* Formats into the arena; NULL when out of memory. */
char *zf_arena_printf(struct zf_arena *a, const char *fmt, ...) ZF_PRINTF(2, 3);

#endif
