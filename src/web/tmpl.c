/* Page templates: a Mustache subset over jansson values, HTML-escaping by default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/embed.h"
#include "web/tmpl.h"

#define MAX_TAG 256 /* bytes inside {{ }} other than comments */
#define TMPL_PREFIX "web/templates/"
#define TMPL_SUFFIX ".html"

enum { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_PARTIAL, T_COMMENT };

struct node {
	int type;
	int line;
	int end;         /* sections: index of the matching close node */
	const char *s;   /* text (into the template's source copy) or a NUL-terminated name */
	size_t len;
};

struct tmpl {
	char *name;
	char *src;       /* copy of the source; text nodes point into it */
	struct node *nodes;
	int n, cap;
};

struct zf_tmpl_set {
	struct tmpl **t;
	int n, cap;
};

/* ------------------------------------------------------------------ */
/* Compilation                                                         */
/* ------------------------------------------------------------------ */

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++)
		if (t->nodes[i].type != T_TEXT)
			free((char *)t->nodes[i].s);
	free(t->nodes);
	free(t->src);
	free(t->name);
	free(t);
}

static int add_node(struct tmpl *t, int type, int line, const char *s, size_t len)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 32;
		struct node *p = realloc(t->nodes, sizeof(*p) * (size_t)cap);
		if (!p)
			return ZF_ENOMEM;
		t->nodes = p;
		t->cap = cap;
	}
	struct node *nd = &t->nodes[t->n];
	memset(nd, 0, sizeof(*nd));
	nd->type = type;
	nd->line = line;
	nd->len = len;
	if (type == T_TEXT) {
		nd->s = s;
	} else {
		char *c = strndup(s, len);
		if (!c)
			return ZF_ENOMEM;
		nd->s = c;
	}
	t->n++;
	return 0;
}

static int name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* "." or segments of [A-Za-z0-9_-] joined by single dots (DOTS = 0: one segment). */
static int valid_name(const char *s, size_t n, int dots)
{
	if (n == 1 && s[0] == '.')
		return dots;
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (!dots || s[i + 1] == '.')
				return 0;
		} else if (!name_char((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

static int count_lines(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static int perr(struct zf_err *err, const char *name, int line, const char *what)
{
	return zf_err_set(err, ZF_EINVAL, "模板 %s 第 %d 行：%s", name, line, what);
}

/* A section, inverted, close, partial or comment tag alone on its line
 * (only blanks around it) takes the whole line with it, as in Mustache, so
 * templates can put such tags on lines of their own without leaving blank
 * lines in the page. Q is the tag's start, *PP just past its end. */
static void standalone(struct tmpl *t, const char *q, const char **pp, const char *e, int *line)
{
	const char *b = q, *a = *pp;

	while (b > t->src && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	if (b > t->src && b[-1] != '\n')
		return;
	while (a < e && (*a == ' ' || *a == '\t'))
		a++;
	if (a + 1 < e && a[0] == '\r' && a[1] == '\n')
		a++;
	if (a < e && *a != '\n')
		return;
	if (a < e) {
		a++;
		(*line)++;
	}
	/* Blanks before the tag end the text node just added (the previous tag
	 * ends in "}}" or at a newline, so they cannot reach further back). */
	if (b < q && t->n > 0 && t->nodes[t->n - 1].type == T_TEXT)
		t->nodes[t->n - 1].len -= (size_t)(q - b);
	*pp = a;
}

static int compile(struct tmpl *t, struct zf_err *err)
{
	const char *p = t->src, *e = t->src + strlen(t->src);
	int line = 1, open[ZF_TMPL_MAX_DEPTH], nopen = 0, rc;

	while (p < e) {
		const char *q = memmem(p, (size_t)(e - p), "{{", 2);
		const char *cb, *ce, *close;
		int type, tag_line;

		if (!q) {
			if ((rc = add_node(t, T_TEXT, line, p, (size_t)(e - p))))
				return zf_err_set(err, rc, "内存不足");
			break;
		}
		if (q > p && (rc = add_node(t, T_TEXT, line, p, (size_t)(q - p))))
			return zf_err_set(err, rc, "内存不足");
		line += count_lines(p, (size_t)(q - p));
		tag_line = line;
		if (q + 2 < e && q[2] == '{') {
			cb = q + 3;
			close = memmem(cb, (size_t)(e - cb), "}}}", 3);
			if (!close)
				return perr(err, t->name, tag_line, "{{{ 没有对应的 }}}");
			p = close + 3;
			type = T_RAW;
		} else {
			cb = q + 2;
			close = memmem(cb, (size_t)(e - cb), "}}", 2);
			if (!close)
				return perr(err, t->name, tag_line, "{{ 没有对应的 }}");
			p = close + 2;
			type = T_VAR;
		}
		line += count_lines(cb, (size_t)(close - cb));
		ce = close;
		while (cb < ce && (*cb == ' ' || *cb == '\t' || *cb == '\n' || *cb == '\r'))
			cb++;
		if (type == T_VAR && cb < ce) {
			switch (*cb) {
			case '!': type = T_COMMENT; break;
			case '#': type = T_SECTION; cb++; break;
			case '^': type = T_INVERTED; cb++; break;
			case '/': type = T_CLOSE; cb++; break;
			case '>': type = T_PARTIAL; cb++; break;
			case '&': type = T_RAW; cb++; break;
			case '=': return perr(err, t->name, tag_line, "不支持更改分隔符");
			default: break;
			}
		}
		if (type != T_VAR && type != T_RAW)
			standalone(t, q, &p, e, &line);
		if (type == T_COMMENT)
			continue;
		while (cb < ce && (*cb == ' ' || *cb == '\t'))
			cb++;
		while (ce > cb && (ce[-1] == ' ' || ce[-1] == '\t' || ce[-1] == '\n' || ce[-1] == '\r'))
			ce--;
		if (ce - cb > MAX_TAG)
			return perr(err, t->name, tag_line, "标签过长");
		if (!valid_name(cb, (size_t)(ce - cb), type != T_PARTIAL))
			return perr(err, t->name, tag_line, "标签名称无效");
		if (type == T_CLOSE) {
			if (!nopen)
				return perr(err, t->name, tag_line, "{{/...}} 没有对应的开始标签");
			struct node *o = &t->nodes[open[nopen - 1]];
			if (o->len != (size_t)(ce - cb) || memcmp(o->s, cb, o->len) != 0)
				return perr(err, t->name, tag_line, "结束标签与开始标签名称不一致");
			o->end = t->n;
			nopen--;
		}
		if ((type == T_SECTION || type == T_INVERTED) && nopen == ZF_TMPL_MAX_DEPTH)
			return perr(err, t->name, tag_line, "区块嵌套过深");
		if ((rc = add_node(t, type, tag_line, cb, (size_t)(ce - cb))))
			return zf_err_set(err, rc, "内存不足");
		if (type == T_SECTION || type == T_INVERTED)
			open[nopen++] = t->n - 1;
	}
	if (nopen)
		return perr(err, t->name, t->nodes[open[nopen - 1]].line, "区块没有结束标签");
	return 0;
}

static struct tmpl *find(const struct zf_tmpl_set *s, const char *name)
{
	for (int i = 0; s && i < s->n; i++)
		if (strcmp(s->t[i]->name, name) == 0)
			return s->t[i];
	return NULL;
}

struct zf_tmpl_set *zf_tmpl_set_new(void)
{
	return calloc(1, sizeof(struct zf_tmpl_set));
}

void zf_tmpl_set_free(struct zf_tmpl_set *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		tmpl_free(s->t[i]);
	free(s->t);
	free(s);
}

/* A template's name: names without dots joined by '/' ("doc/penalty_decision"). */
static int valid_template_name(const char *s)
{
	const char *slash;

	while ((slash = strchr(s, '/'))) {
		if (!valid_name(s, (size_t)(slash - s), 0))
			return 0;
		s = slash + 1;
	}
	return valid_name(s, strlen(s), 0);
}

int zf_tmpl_set_add(struct zf_tmpl_set *s, const char *name, const char *text, size_t len,
		    struct zf_err *err)
{
	struct tmpl *t = NULL;
	int rc = ZF_ENOMEM;

	if (!valid_template_name(name))
		return zf_err_set(err, ZF_EINVAL, "模板名称 %s 无效", name);
	if (memchr(text, '\0', len))
		return zf_err_set(err, ZF_EINVAL, "模板 %s 含有 NUL 字节", name);
	if (!(t = calloc(1, sizeof(*t))) || !(t->name = strdup(name)) ||
	    !(t->src = strndup(text, len))) {
		zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	if ((rc = compile(t, err)))
		goto out;
	for (int i = 0; i < s->n; i++) {
		if (strcmp(s->t[i]->name, name) == 0) {
			tmpl_free(s->t[i]);
			s->t[i] = t;
			return 0;
		}
	}
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct tmpl **p = realloc(s->t, sizeof(*p) * (size_t)cap);
		if (!p) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			goto out;
		}
		s->t = p;
		s->cap = cap;
	}
	s->t[s->n++] = t;
	return 0;
out:
	tmpl_free(t);
	return rc;
}

int zf_tmpl_set_check(const struct zf_tmpl_set *s, struct zf_err *err)
{
	for (int i = 0; i < s->n; i++) {
		const struct tmpl *t = s->t[i];
		for (int j = 0; j < t->n; j++)
			if (t->nodes[j].type == T_PARTIAL && !find(s, t->nodes[j].s))
				return zf_err_set(err, ZF_EINVAL, "模板 %s 第 %d 行：找不到子模板 %s",
						  t->name, t->nodes[j].line, t->nodes[j].s);
	}
	return 0;
}

int zf_tmpl_set_load_embedded(struct zf_tmpl_set *s, struct zf_err *err)
{
	const size_t plen = strlen(TMPL_PREFIX), slen = strlen(TMPL_SUFFIX);
	char name[128];
	int rc;

	for (const struct zf_embed_file *f = zf_embedded; f->name; f++) {
		size_t n = strlen(f->name);
		if (n <= plen + slen || strncmp(f->name, TMPL_PREFIX, plen) != 0 ||
		    strcmp(f->name + n - slen, TMPL_SUFFIX) != 0)
			continue;
		if (n - plen - slen >= sizeof(name))
			return zf_err_set(err, ZF_EINVAL, "模板名称过长：%s", f->name);
		memcpy(name, f->name + plen, n - plen - slen);
		name[n - plen - slen] = '\0';
		if ((rc = zf_tmpl_set_add(s, name, (const char *)f->data, f->len, err)))
			return rc;
	}
	return zf_tmpl_set_check(s, err);
}

int zf_tmpl_has(const struct zf_tmpl_set *s, const char *name)
{
	return find(s, name) != NULL;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

struct render {
	const struct zf_tmpl_set *set;
	struct zf_buf *out;
	struct zf_err *err;
	json_t *stack[ZF_TMPL_MAX_DEPTH + 1];
	int depth;
	int partials;
};

/* Finds NAME: "." is the innermost value; the first segment of a dotted
 * name is searched from the innermost object outwards, later segments
 * descend strictly. Returns a borrowed value or NULL. */
static json_t *lookup(const struct render *r, const char *name)
{
	const char *dot;
	json_t *v = NULL;

	if (name[0] == '.' && name[1] == '\0')
		return r->depth ? r->stack[r->depth - 1] : NULL;
	dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	for (int i = r->depth - 1; i >= 0 && !v; i--)
		if (json_is_object(r->stack[i]))
			v = json_object_getn(r->stack[i], name, n);
	while (v && dot) {
		name = dot + 1;
		dot = strchr(name, '.');
		n = dot ? (size_t)(dot - name) : strlen(name);
		v = json_is_object(v) ? json_object_getn(v, name, n) : NULL;
	}
	return v;
}

static int truthy(const json_t *v)
{
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_OBJECT: return 1;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return 1;
	default: return 0;
	}
}

static int emit_value(struct render *r, const json_t *v, int raw)
{
	char num[64];
	const char *s = NULL;

	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING: s = json_string_value(v); break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
		break;
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		s = num;
		break;
	case JSON_TRUE: s = "true"; break;
	default: return 0; /* null, false, objects and arrays print nothing */
	}
	return raw ? zf_buf_puts(r->out, s) : zf_buf_add_html(r->out, s);
}

static int render_range(struct render *r, const struct tmpl *t, int from, int to);

static int push_render(struct render *r, const struct tmpl *t, const struct node *nd, int i,
		       json_t *v)
{
	int rc;
	if (r->depth > ZF_TMPL_MAX_DEPTH)
		return zf_err_set(r->err, ZF_EINVAL, "模板 %s 第 %d 行：区块嵌套过深", t->name,
				  nd->line);
	r->stack[r->depth++] = v;
	rc = render_range(r, t, i + 1, nd->end);
	r->depth--;
	return rc;
}

static int render_range(struct render *r, const struct tmpl *t, int from, int to)
{
	int rc;

	for (int i = from; i < to; i++) {
		const struct node *nd = &t->nodes[i];
		json_t *v;

		switch (nd->type) {
		case T_TEXT:
			if (zf_buf_add(r->out, nd->s, nd->len))
				goto toobig;
			break;
		case T_VAR:
		case T_RAW:
			if (emit_value(r, lookup(r, nd->s), nd->type == T_RAW))
				goto toobig;
			break;
		case T_SECTION:
			v = lookup(r, nd->s);
			if (json_is_array(v)) {
				for (size_t k = 0; k < json_array_size(v); k++)
					if ((rc = push_render(r, t, nd, i, json_array_get(v, k))))
						return rc;
			} else if (truthy(v) && (rc = push_render(r, t, nd, i, v))) {
				return rc;
			}
			i = nd->end;
			break;
		case T_INVERTED:
			if (!truthy(lookup(r, nd->s)) && (rc = render_range(r, t, i + 1, nd->end)))
				return rc;
			i = nd->end;
			break;
		case T_PARTIAL: {
			const struct tmpl *p = find(r->set, nd->s);
			if (!p)
				return zf_err_set(r->err, ZF_ENOTFOUND, "模板 %s 第 %d 行：找不到子模板 %s",
						  t->name, nd->line, nd->s);
			if (r->partials >= ZF_TMPL_MAX_PARTIAL)
				return zf_err_set(r->err, ZF_EINVAL, "模板 %s 第 %d 行：子模板嵌套过深",
						  t->name, nd->line);
			r->partials++;
			rc = render_range(r, p, 0, p->n);
			r->partials--;
			if (rc)
				return rc;
			break;
		}
		default: /* T_CLOSE: never reached, sections jump past it */
			break;
		}
	}
	return 0;
toobig:
	return zf_err_set(r->err, ZF_ENOMEM, "页面内容过大");
}

int zf_tmpl_render(const struct zf_tmpl_set *s, const char *name, json_t *ctx,
		   struct zf_buf *out, struct zf_err *err)
{
	struct render r;
	const struct tmpl *t = find(s, name);

	if (!t)
		return zf_err_set(err, ZF_ENOTFOUND, "找不到模板 %s", name);
	memset(&r, 0, sizeof(r));
	r.set = s;
	r.out = out;
	r.err = err;
	if (ctx)
		r.stack[r.depth++] = ctx;
	return render_range(&r, t, 0, t->n);
}
