/* Page templates: a Mustache subset over jansson values, HTML-escaping by default.
 *
 * Tags: {{name}} escaped, {{{name}}} and {{&name}} raw (trusted server-made
 * HTML only), {{#name}}...{{/name}} section, {{^name}}...{{/name}} inverted,
 * {{>partial}}, {{! comment}}, dotted names a.b.c and {{.}} for the current
 * value. Names are looked up from the innermost section outwards. */
#ifndef ZF_WEB_TMPL_H
#define ZF_WEB_TMPL_H
#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

#define ZF_TMPL_MAX_DEPTH 32   /* nested sections, at compile and render time */
#define ZF_TMPL_MAX_PARTIAL 8  /* nested partial inclusions */

/* A set of compiled templates, looked up by name. Built once (at server
 * start) and read-only afterwards, so rendering is thread-safe without locks. */
struct zf_tmpl_set;

/* Returns a new empty set, or NULL when out of memory. */
struct zf_tmpl_set *zf_tmpl_set_new(void);

/* Frees S and its templates; NULL is a no-op. */
void zf_tmpl_set_free(struct zf_tmpl_set *s);

/* Compiles LEN bytes of TEXT as template NAME and adds it to S (TEXT is
 * copied). A name already present is replaced. Parse errors return ZF_EINVAL
 * with "模板 NAME 第 N 行：..." in ERR; ZF_ENOMEM when out of memory. */
int zf_tmpl_set_add(struct zf_tmpl_set *s, const char *name, const char *text, size_t len,
		    struct zf_err *err);

/* Compiles every embedded file "web/templates/NAME.html" into S as NAME,
 * then checks that every {{>partial}} names a template of S. Returns the
 * first error (ZF_EINVAL with template name and line). */
int zf_tmpl_set_load_embedded(struct zf_tmpl_set *s, struct zf_err *err);

/* Checks that every partial referenced in S exists: ZF_EINVAL otherwise. */
int zf_tmpl_set_check(const struct zf_tmpl_set *s, struct zf_err *err);

/* 1 when S holds a template named NAME. */
int zf_tmpl_has(const struct zf_tmpl_set *s, const char *name);

/* Renders template NAME with context CTX (borrowed; may be NULL) appending to
 * OUT. ZF_ENOTFOUND for an unknown template or partial, ZF_EINVAL when
 * sections nest deeper than ZF_TMPL_MAX_DEPTH or partials deeper than
 * ZF_TMPL_MAX_PARTIAL, ZF_ENOMEM when OUT reaches its limit. Thread-safe. */
int zf_tmpl_render(const struct zf_tmpl_set *s, const char *name, json_t *ctx,
		   struct zf_buf *out, struct zf_err *err);

#endif
