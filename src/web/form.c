/* Parsers for untrusted request text: url-encoded forms and query strings, cookies, path segments. */
#include <string.h>

#include "util/str.h"
#include "web/form.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int zf_pct_decode(struct zf_arena *a, const char *s, size_t n, int plus, char **out,
		  size_t *outlen)
{
	/* Decoding never grows the text, so N + 1 bytes always suffice. */
	char *d = zf_arena_alloc(a, n + 1);
	size_t j = 0;

	*out = NULL;
	if (!d)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi, lo;
			if (n - i < 3 || (hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0)
				return ZF_EINVAL;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus) {
			d[j++] = ' ';
		} else {
			d[j++] = (char)c;
		}
	}
	d[j] = '\0';
	*out = d;
	if (outlen)
		*outlen = j;
	return 0;
}

/* Counts the '&'-separated pieces of S, stopping once past LIMIT. */
static int count_pairs(const char *s, size_t len, int limit)
{
	int n = 0;
	const char *p = s, *e = s + len;
	while (p < e && n <= limit) {
		const char *amp = memchr(p, '&', (size_t)(e - p));
		const char *end = amp ? amp : e;
		if (end > p)
			n++;
		p = end + 1;
	}
	return n;
}

int zf_form_parse(struct zf_arena *a, const char *s, size_t len, size_t value_limit,
		  struct zf_form *out, struct zf_err *err)
{
	const char *p = s, *e = s + len;
	int npairs, rc;

	out->v = NULL;
	out->n = 0;
	if (!s || !len)
		return 0;
	npairs = count_pairs(s, len, ZF_FORM_MAX_FIELDS);
	if (npairs > ZF_FORM_MAX_FIELDS)
		return zf_err_set(err, ZF_EINVAL, "提交的字段过多（最多 %d 个）", ZF_FORM_MAX_FIELDS);
	if (!(out->v = zf_arena_alloc(a, sizeof(*out->v) * (size_t)(npairs ? npairs : 1))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	while (p < e) {
		const char *amp = memchr(p, '&', (size_t)(e - p));
		const char *end = amp ? amp : e;
		const char *eq = memchr(p, '=', (size_t)(end - p));
		const char *name_end = eq ? eq : end;
		char *name = NULL, *value = NULL;
		size_t nlen = 0, vlen = 0;

		if (end == p) {
			p = end + 1;
			continue;
		}
		rc = zf_pct_decode(a, p, (size_t)(name_end - p), 1, &name, &nlen);
		if (rc == 0) {
			const char *vs = eq ? eq + 1 : end;
			rc = zf_pct_decode(a, vs, (size_t)(end - vs), 1, &value, &vlen);
		}
		if (rc == ZF_ENOMEM)
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		if (rc)
			return zf_err_set(err, ZF_EINVAL, "请求中有无效的百分号编码");
		if (nlen > ZF_FORM_MAX_NAME)
			return zf_err_set(err, ZF_EINVAL, "字段名过长（最多 %d 字节）", ZF_FORM_MAX_NAME);
		if (!zf_str_utf8_ok(name, nlen, 0))
			return zf_err_set(err, ZF_EINVAL, "字段名含有无效字符");
		if (vlen > value_limit)
			return zf_err_set(err, ZF_EINVAL, "字段 %s 的内容过长", name);
		if (!zf_str_utf8_ok(value, vlen, 1))
			return zf_err_set(err, ZF_EINVAL, "字段 %s 含有无效字符，请检查后重新输入", name);
		if (nlen) {
			struct zf_param *pr = &out->v[out->n++];
			pr->name = name;
			pr->value = value;
			pr->len = vlen;
		}
		p = end + 1;
	}
	return 0;
}

const char *zf_form_get(const struct zf_form *f, const char *name)
{
	for (int i = 0; f && i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	return NULL;
}

/* RFC 6265 token characters for cookie names. */
static int is_tchar(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	return !strchr("()<>@,;:\\\"/[]?={}", c);
}

/* RFC 6265 cookie-octet. */
static int is_coctet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
	       (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

static int all_of(const char *s, size_t n, int (*ok)(unsigned char))
{
	for (size_t i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return 0;
	return 1;
}

int zf_cookie_parse(struct zf_arena *a, const char *s, size_t len, struct zf_form *out,
		    struct zf_err *err)
{
	const char *p = s, *e = s + len;

	out->v = NULL;
	out->n = 0;
	if (!s || !len)
		return 0;
	if (!(out->v = zf_arena_alloc(a, sizeof(*out->v) * ZF_COOKIE_MAX)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	while (p < e && out->n < ZF_COOKIE_MAX) {
		const char *semi = memchr(p, ';', (size_t)(e - p));
		const char *end = semi ? semi : e, *ne, *vb, *ve;
		const char *eq;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		ve = end;
		while (ve > p && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		eq = memchr(p, '=', (size_t)(ve - p));
		if (!eq)
			goto next;
		ne = eq;
		vb = eq + 1;
		if (ve - vb >= 2 && *vb == '"' && ve[-1] == '"') {
			vb++;
			ve--;
		}
		if (ne == p || (size_t)(ne - p) > ZF_FORM_MAX_NAME ||
		    (size_t)(ve - vb) > ZF_COOKIE_MAX_VALUE || !all_of(p, (size_t)(ne - p), is_tchar) ||
		    !all_of(vb, (size_t)(ve - vb), is_coctet))
			goto next;
		{
			struct zf_param *pr = &out->v[out->n];
			char *name = zf_arena_strndup(a, p, (size_t)(ne - p));
			char *value = zf_arena_strndup(a, vb, (size_t)(ve - vb));
			if (!name || !value)
				return zf_err_set(err, ZF_ENOMEM, "内存不足");
			pr->name = name;
			pr->value = value;
			pr->len = (size_t)(ve - vb);
			out->n++;
		}
next:
		p = end + 1;
	}
	return 0;
}
