/* A streaming, bounded parser of multipart/form-data request bodies (RFC 7578): parts are handed to a sink piece by piece, never buffered whole. */
#ifndef ZF_WEB_MULTIPART_H
#define ZF_WEB_MULTIPART_H
#include <stddef.h>

#include "util/err.h"

#define ZF_MULTIPART_HEADERS_MAX 8192 /* bytes of one part's header block */

/* Where the parts go. Each callback returns 0, or an error code (with ERR
 * set) that stops the parser and is returned by zf_multipart_feed. */
struct zf_multipart_sink {
	/* A part begins: its field NAME, FILENAME (NULL for a plain field; the
	 * last path segment of what the browser sent) and CONTENT_TYPE ("" when
	 * none). Strings live until the next call. */
	int (*part)(void *ctx, const char *name, const char *filename, const char *content_type,
		    struct zf_err *err);
	/* N > 0 bytes of the current part's content, in order. */
	int (*data)(void *ctx, const char *p, size_t n, struct zf_err *err);
};

struct zf_multipart;

/* A parser for a body of CONTENT_TYPE ("multipart/form-data; boundary=..."):
 * ZF_EINVAL with a Chinese message when it is not one; ZF_ENOMEM. */
int zf_multipart_new(const char *content_type, const struct zf_multipart_sink *sink, void *ctx,
		     struct zf_multipart **out, struct zf_err *err);

/* Feeds N bytes of the body. A part header block over
 * ZF_MULTIPART_HEADERS_MAX, a part without a form-data name, or bytes after
 * a malformed delimiter are ZF_EINVAL; sink errors are passed on. After an
 * error nothing more is parsed. */
int zf_multipart_feed(struct zf_multipart *m, const char *p, size_t n, struct zf_err *err);

/* 0 when the closing delimiter was seen, else ZF_EINVAL (a cut-off body). */
int zf_multipart_finish(struct zf_multipart *m, struct zf_err *err);

/* Frees M (NULL allowed). */
void zf_multipart_free(struct zf_multipart *m);

#endif
