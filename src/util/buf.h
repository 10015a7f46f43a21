/* Growable byte buffer with a hard size limit. */
#ifndef ZF_UTIL_BUF_H
#define ZF_UTIL_BUF_H
#include <stddef.h>

#include "util/err.h"

struct zf_buf {
	char *data;   /* malloc'd, NUL-terminated after every successful add */
	size_t len, cap, limit;
	int failed;   /* set once an add failed (out of memory or over limit) */
};

/* Initialises B with LIMIT bytes maximum (0 = 64 MiB). Nothing allocated yet. */
void zf_buf_init(struct zf_buf *b, size_t limit);

/* Frees the data of B and resets it; B itself is the caller's. */
void zf_buf_free(struct zf_buf *b);

/* Appends N bytes; returns 0 or ZF_ENOMEM (and sets b->failed). */
int zf_buf_add(struct zf_buf *b, const void *p, size_t n);

/* Appends the string S (NULL appends nothing). */
int zf_buf_puts(struct zf_buf *b, const char *s);

/* Appends formatted text. */
int zf_buf_printf(struct zf_buf *b, const char *fmt, ...) ZF_PRINTF(2, 3);

/* Appends S with &<>"' escaped for HTML text and attribute values. */
int zf_buf_add_html(struct zf_buf *b, const char *s);

/* Appends S percent-encoded for a URL path segment or query value. */
int zf_buf_add_url(struct zf_buf *b, const char *s);

/* Returns the data (never NULL: "" for an empty buffer). */
const char *zf_buf_cstr(const struct zf_buf *b);

/* Detaches the data (caller frees with free()); B is reset. */
char *zf_buf_take(struct zf_buf *b);

#endif
