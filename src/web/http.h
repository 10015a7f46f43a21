/* What a route handler sees: the request, the actor, and the ways to answer. */
#ifndef ZF_WEB_HTTP_H
#define ZF_WEB_HTTP_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "util/arena.h"

struct zf_req_priv;

struct zf_req {
	struct zf_arena *arena;  /* freed when the request completes */
	struct zf_app *app;
	const char *method;      /* "GET", "POST", ... */
	const char *path;        /* decoded path without the query string */
	const char *addr;        /* client address (forwarded only from trusted proxies) */
	struct zf_actor actor;   /* public unless a session or token resolved */
	int signed_in;           /* 1 with a valid session or bearer token */
	char csrf[65];           /* the session's CSRF token ("" when public) */
	int is_api;              /* path under /api/: answers are JSON */
	int secure;              /* 1 when the client reached us over TLS (via a trusted proxy) */
	struct zf_req_priv *priv;
};

typedef int (*zf_handler)(struct zf_req *req);

/* Route flags. */
enum {
	ZF_ROUTE_NO_CSRF = 1, /* state-changing route exempt from the CSRF check (login form itself) */
	ZF_ROUTE_STREAM = 2,  /* the body is streamed to the route's STREAM callbacks, never buffered */
	ZF_ROUTE_TUS = 4,     /* a tus 1.0 route: every answer (refusals before the handler
			       * included) carries "Tus-Resumable: 1.0.0" */
	ZF_ROUTE_KEEP = 8,    /* a public page the server may keep (zf_resp_keep): only
			       * these are looked up in the page cache */
};

/* A streamed request body (uploads of any size with flat memory). Identity,
 * permission, origin and CSRF (the X-CSRF-Token header, as for the API) are
 * checked from the headers before the first byte is read; then:
 *   begin  once, before the body: may answer (a refusal: the body is then
 *          drained a little and the connection closed) and sets *STATE;
 *          after a refusal (an answer or non-zero) end is called only when
 *          *STATE was set, with ABORTED 1, to free it;
 *   data   for each piece of the body as it arrives (N > 0), in order;
 *          returning non-zero stops reading (answer set or not): end is
 *          called at once with ABORTED 1, the rest of the body is drained
 *          a little and the answer (500 when none) sent after it;
 *   end    once: ABORTED 0 when the whole body arrived (answer here),
 *          1 when the client went away or the server stops mid-body (no
 *          answer can be sent; keep what must be kept, free STATE).
 * BODY_LIMIT of such a route is the most it accepts (a Content-Length above
 * it is refused with 413 before begin). Request parameters come from the
 * query string only; a page's plain form (not under /api/), which cannot
 * set a header, may carry the CSRF token as the query parameter "csrf". */
struct zf_stream_ops {
	int (*begin)(struct zf_req *req, void **state);
	int (*data)(struct zf_req *req, void *state, const char *p, size_t n);
	int (*end)(struct zf_req *req, void *state, int aborted);
};

/* One route: METHOD and PATTERN ("/officers/<>/edit": each "<>" matches one
 * path segment, read back with zf_req_arg) are allowed for roles holding PERM
 * (enum zf_perm); BODY_LIMIT bytes of request body at most (0 = none
 * accepted). Every other method/path answers 404/405; a role without PERM
 * gets 403 (or a redirect to the login page for the public). */
struct zf_route {
	const char *method;
	const char *pattern;
	int perm;
	size_t body_limit;
	int flags;
	zf_handler fn;                    /* NULL for ZF_ROUTE_STREAM routes */
	const struct zf_stream_ops *stream; /* ZF_ROUTE_STREAM routes only */
};

/* Request accessors. Strings are borrowed until the request completes; NULL
 * when absent. Parameters are parsed from the query string and from an
 * application/x-www-form-urlencoded body; values are valid UTF-8 (requests
 * with invalid UTF-8 are refused before the handler runs). */
const char *zf_req_param(struct zf_req *req, const char *name);  /* body first, then query */
const char *zf_req_query(struct zf_req *req, const char *name);
const char *zf_req_header(struct zf_req *req, const char *name);
const char *zf_req_cookie(struct zf_req *req, const char *name);
/* Raw request body (NUL-terminated) and its length; NULL when none. */
const char *zf_req_body(struct zf_req *req, size_t *len);
/* The I-th "<>" segment of the matched pattern (0-based), decoded. */
const char *zf_req_arg(struct zf_req *req, int i);
/* The body parsed as JSON (depth and size limited), or NULL with a 400 sent. */
json_t *zf_req_json(struct zf_req *req);

/* Answers. Each returns 0; a handler returns what its answer call returned.
 * CTX / BODY ownership passes to the call. */

/* Renders page template NAME (web/templates/NAME.html) inside the layout
 * with CTX, to which the layout's common keys are added (user, csrf, nav, now). */
int zf_resp_html(struct zf_req *req, int status, const char *name, json_t *ctx);
int zf_resp_json(struct zf_req *req, int status, json_t *body);
/* Answers ERR: JSON {"error":{"code","message","fields"}} for the API, an
 * error page otherwise; the status comes from zf_http_status. */
int zf_resp_error(struct zf_req *req, const struct zf_err *err);
/* Answers ERR as zf_resp_error does, except that invalid input (ZF_EINVAL)
 * is 400 with its field errors: the query parameters of a read are wrong,
 * no content was refused. */
int zf_resp_bad_query(struct zf_req *req, const struct zf_err *err);
/* 303 See Other to LOCATION (a local path). */
int zf_resp_redirect(struct zf_req *req, const char *location);
/* Any bytes with a content type; DATA is copied. */
int zf_resp_raw(struct zf_req *req, int status, const char *content_type, const void *data,
		size_t len);
/* Answers LEN bytes of the open file FD from OFFSET (no copy in memory:
 * the kernel sends them). FD passes to the call, which closes it whatever
 * happens. Cache-Control is no-store unless a header was set. */
int zf_resp_file(struct zf_req *req, int status, const char *content_type, int fd,
		 uint64_t offset, uint64_t len);

/* Answers a whole stored file of SIZE bytes at FD with range support
 * (RFC 9110 §14): "Accept-Ranges: bytes"; a single "Range: bytes=a-b",
 * "a-" or "-n" gets 206 with Content-Range; an unsatisfiable range 416
 * with "Content-Range: bytes * /SIZE"; several ranges or a malformed header
 * are answered as without Range (200, the whole file). FD passes to the
 * call. *FIRST (may be NULL) is set to 1 when the answer starts at byte 0
 * (a new download or the first request of a playback). */
int zf_resp_file_ranged(struct zf_req *req, const char *content_type, int fd, uint64_t size,
			int *first);

/* Parses the value of a Range header against SIZE: 0 with [*START, *END]
 * (inclusive) for one satisfiable range; ZF_ENOTFOUND when absent/ignorable
 * (malformed, several ranges: serve the whole); ZF_EINVAL when unsatisfiable
 * (416). */
int zf_http_range_parse(const char *value, uint64_t size, uint64_t *start, uint64_t *end);

/* Adds a response header (before an answer call). */
int zf_resp_header(struct zf_req *req, const char *name, const char *value);
#define ZF_KEEP_MAX 60 /* seconds a kept answer is used at most */

/* Marks the answer (a 200 of a public GET, set before or after the answer
 * call) as the same for every visitor who is not signed in, built only from
 * publications and bodies: the server may keep it in memory (web/page_cache.h)
 * and answer the same request target with it, or with 304 for its ETag,
 * until a publication or body changes or SECONDS pass (at most
 * ZF_KEEP_MAX). Only on routes flagged ZF_ROUTE_KEEP; ignored for
 * signed-in requests and answers that set a cookie or send a file. */
void zf_resp_keep(struct zf_req *req, int seconds);
/* Sets the session cookie (value "" with max_age 0 clears it). */
int zf_resp_session_cookie(struct zf_req *req, const char *value, int max_age);

/* The HTTP status for an error code: the one place they are chosen. */
int zf_http_status(int code);

/* Adds the field errors of ERR to CTX as "errors": {field: message} and
 * "error": message, and copies submitted form params listed in FIELDS
 * (NULL-terminated) to "form", so a refused form keeps what was typed. */
void zf_form_keep(struct zf_req *req, json_t *ctx, const struct zf_err *err,
		  const char *const *fields);

#endif
