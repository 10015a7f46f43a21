/* Parsers for untrusted request text: url-encoded forms and query strings, cookies, path segments. */
#ifndef ZF_WEB_FORM_H
#define ZF_WEB_FORM_H
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define ZF_FORM_MAX_FIELDS 200 /* name=value pairs in one form or query string */
#define ZF_FORM_MAX_NAME 64    /* bytes of a decoded field name */
#define ZF_COOKIE_MAX 64       /* cookies kept from one request; the rest are ignored */
#define ZF_COOKIE_MAX_VALUE 4096

/* One decoded name/value pair; both strings are NUL-terminated and owned by
 * the arena the parser was given. LEN is the value's length in bytes. */
struct zf_param {
	const char *name;
	const char *value;
	size_t len;
};

/* A list of pairs in the order received (duplicates kept). */
struct zf_form {
	struct zf_param *v;
	int n;
};

/* Parses LEN bytes of application/x-www-form-urlencoded text S (a body or a
 * query string, not NUL-terminated necessarily) into OUT, allocating from A.
 * '+' decodes to a space and %XX to its byte; empty pairs ("a=1&&b=2") and
 * pairs with an empty name are skipped; a pair without '=' has value "".
 * Refused with ZF_EINVAL and a Chinese message in ERR: more than
 * ZF_FORM_MAX_FIELDS pairs, a name longer than ZF_FORM_MAX_NAME bytes, a value
 * longer than VALUE_LIMIT bytes, an invalid percent escape, invalid UTF-8, NUL
 * or control characters (tab, CR and LF are allowed in values only).
 * ZF_ENOMEM when the arena is exhausted. OUT is emptied first. */
int zf_form_parse(struct zf_arena *a, const char *s, size_t len, size_t value_limit,
		  struct zf_form *out, struct zf_err *err);

/* Returns the value of the first pair named NAME in F, or NULL. Borrowed from
 * the arena F was parsed into. */
const char *zf_form_get(const struct zf_form *f, const char *name);

/* Parses a Cookie header value S of LEN bytes ("a=1; b=\"2\"") into OUT,
 * allocating from A. Malformed pairs (no '=', a name that is not an RFC 6265
 * token, bytes outside cookie-octet, too long) are skipped rather than
 * failing the request, since other software on the same host may set odd
 * cookies; at most ZF_COOKIE_MAX cookies are kept. Returns 0, or ZF_ENOMEM. */
int zf_cookie_parse(struct zf_arena *a, const char *s, size_t len, struct zf_form *out,
		    struct zf_err *err);

/* Percent-decodes N bytes at S into a NUL-terminated arena string *OUT
 * (length *OUTLEN, may be NULL). PLUS = 1 turns '+' into a space (forms),
 * 0 keeps it (paths). ZF_EINVAL on an invalid escape, ZF_ENOMEM when out of
 * memory. The result is not checked for UTF-8: callers do that. */
int zf_pct_decode(struct zf_arena *a, const char *s, size_t n, int plus, char **out,
		  size_t *outlen);

#endif
