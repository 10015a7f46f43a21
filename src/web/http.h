/* What a route handler sees: the request, the actor, and the ways to answer. */
#ifndef ZF_WEB_HTTP_H
#define ZF_WEB_HTTP_H
#include <stddef.h>

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
	zf_handler fn;
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
/* 303 See Other to LOCATION (a local path). */
int zf_resp_redirect(struct zf_req *req, const char *location);
/* Any bytes with a content type; DATA is copied. */
int zf_resp_raw(struct zf_req *req, int status, const char *content_type, const void *data,
		size_t len);
/* Adds a response header (before an answer call). */
int zf_resp_header(struct zf_req *req, const char *name, const char *value);
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
