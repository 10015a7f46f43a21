/* Growable byte buffer with a hard size limit and escaping helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void zf_buf_init(struct zf_buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit ? limit : (size_t)64 << 20;
}

void zf_buf_free(struct zf_buf *b)
{
	size_t limit = b->limit;
	free(b->data);
	zf_buf_init(b, limit);
}

static int grow(struct zf_buf *b, size_t extra)
{
	if (b->failed)
		return ZF_ENOMEM;
	if (extra > b->limit || b->len > b->limit - extra) {
		b->failed = 1;
		return ZF_ENOMEM;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return ZF_ENOMEM;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int zf_buf_add(struct zf_buf *b, const void *p, size_t n)
{
	if (grow(b, n))
		return ZF_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int zf_buf_puts(struct zf_buf *b, const char *s)
{
	return s ? zf_buf_add(b, s, strlen(s)) : 0;
}

int zf_buf_printf(struct zf_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n))
		return ZF_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int zf_buf_add_html(struct zf_buf *b, const char *s)
{
	const char *run = s;
	for (; s && *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (zf_buf_add(b, run, (size_t)(s - run)) || zf_buf_puts(b, rep))
			return ZF_ENOMEM;
		run = s + 1;
	}
	return s ? zf_buf_add(b, run, (size_t)(s - run)) : 0;
}

int zf_buf_add_url(struct zf_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			if (zf_buf_add(b, s, 1))
				return ZF_ENOMEM;
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			if (zf_buf_add(b, e, 3))
				return ZF_ENOMEM;
		}
	}
	return 0;
}

const char *zf_buf_cstr(const struct zf_buf *b)
{
	return b->data ? b->data : "";
}

char *zf_buf_take(struct zf_buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	zf_buf_free(b);
	return p;
}
