/* A streaming, bounded parser of multipart/form-data request bodies (RFC 7578): parts are handed to a sink piece by piece, never buffered whole. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/multipart.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define SLICE 65536     /* bytes taken into the window at a time */

enum { M_PREAMBLE, M_AFTER, M_HEADERS, M_BODY, M_DONE, M_FAILED };

struct zf_multipart {
	const struct zf_multipart_sink *sink;
	void *ctx;
	int state;
	char delim[BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
	size_t dlen;
	size_t wlen;
	char win[SLICE + ZF_MULTIPART_HEADERS_MAX + 8];
};

/* The boundary parameter of CT (quoted or not) into OUT; 0 or -1. */
static int boundary_of(const char *ct, char *out, size_t n)
{
	const char *p;
	size_t len;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) || !(p = strcasestr(ct, "boundary=")))
		return -1;
	p += 9;
	if (*p == '"') {
		const char *q = strchr(++p, '"');
		len = q ? (size_t)(q - p) : 0;
	} else {
		len = strcspn(p, "; \t");
	}
	if (!len || len > BOUNDARY_MAX || len >= n)
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

int zf_multipart_new(const char *content_type, const struct zf_multipart_sink *sink, void *ctx,
		     struct zf_multipart **out, struct zf_err *err)
{
	char b[BOUNDARY_MAX + 1];
	struct zf_multipart *m;
	*out = NULL;
	if (boundary_of(content_type, b, sizeof(b)))
		return zf_err_set(err, ZF_EINVAL, "请求应为 multipart/form-data 表单");
	if (!(m = calloc(1, sizeof(*m))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	m->sink = sink;
	m->ctx = ctx;
	m->dlen = (size_t)(stpcpy(stpcpy(m->delim, "\r\n--"), b) - m->delim);
	/* The body's first delimiter has no CRLF before it: pretend it had. */
	memcpy(m->win, "\r\n", 2);
	m->wlen = 2;
	*out = m;
	return 0;
}

/* The value of parameter NAME (quoted) in header line LINE into OUT (bounded). */
static int param_of(const char *line, const char *name, char *out, size_t n)
{
	const char *p = line;
	size_t nl = strlen(name);
	while ((p = strcasestr(p, name))) {
		if ((p == line || p[-1] == ' ' || p[-1] == ';' || p[-1] == '\t') && p[nl] == '=')
			break;
		p += nl;
	}
	if (!p)
		return -1;
	p += nl + 1;
	size_t len = 0;
	if (*p == '"') {
		p++;
		while (p[len] && p[len] != '"')
			len += p[len] == '\\' && p[len + 1] ? 2 : 1;
	} else {
		len = strcspn(p, "; \t");
	}
	if (len >= n)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\' && i + 1 < len)
			i++;
		out[k++] = p[i];
	}
	out[k] = '\0';
	return 0;
}

/* Parses the header block H (NUL-terminated, lines split by CRLF) and tells the sink. */
static int headers(struct zf_multipart *m, char *h, struct zf_err *err)
{
	char name[256] = "", file[1024], ctype[256] = "";
	int has_name = 0, has_file = 0;
	for (char *line = h, *next; line && *line; line = next) {
		char *eol = strstr(line, "\r\n");
		next = eol ? eol + 2 : NULL;
		if (eol)
			*eol = '\0';
		if (!strncasecmp(line, "Content-Disposition:", 20)) {
			has_name = !param_of(line + 20, "name", name, sizeof(name));
			has_file = !param_of(line + 20, "filename", file, sizeof(file));
		} else if (!strncasecmp(line, "Content-Type:", 13)) {
			const char *v = line + 13;
			v += strspn(v, " \t");
			if (strlen(v) < sizeof(ctype))
				memcpy(ctype, v, strlen(v) + 1);
		}
	}
	if (!has_name)
		return zf_err_set(err, ZF_EINVAL, "表单格式有误：缺少字段名");
	const char *base = file;
	if (has_file) {
		const char *slash = strrchr(file, '/'), *back = strrchr(file, '\\');
		if (slash && slash + 1 > base)
			base = slash + 1;
		if (back && back + 1 > base)
			base = back + 1;
	}
	return m->sink->part(m->ctx, name, has_file ? base : NULL, ctype, err);
}

/* Consumes what it can of the window; the rest stays for more bytes. */
static int process(struct zf_multipart *m, struct zf_err *err)
{
	size_t pos = 0;
	int rc = 0;
	while (!rc && pos < m->wlen) {
		char *w = m->win + pos;
		size_t n = m->wlen - pos;
		if (m->state == M_PREAMBLE || m->state == M_BODY) {
			char *d = memmem(w, n, m->delim, m->dlen);
			size_t emit = d ? (size_t)(d - w) : (n >= m->dlen ? n - (m->dlen - 1) : 0);
			if (emit && m->state == M_BODY)
				rc = m->sink->data(m->ctx, w, emit, err);
			pos += emit;
			if (!d)
				break;
			pos += m->dlen;
			m->state = M_AFTER;
		} else if (m->state == M_AFTER) {
			if (n < 2)
				break;
			if (!memcmp(w, "--", 2)) {
				m->state = M_DONE;
			} else if (!memcmp(w, "\r\n", 2)) {
				m->state = M_HEADERS; /* the CRLF stays: headers search "\r\n\r\n" */
			} else {
				rc = zf_err_set(err, ZF_EINVAL, "表单格式有误：分隔符后的内容无效");
			}
		} else if (m->state == M_HEADERS) {
			char *end = memmem(w, n, "\r\n\r\n", 4);
			if (!end) {
				if (n > ZF_MULTIPART_HEADERS_MAX)
					rc = zf_err_set(err, ZF_EINVAL, "表单格式有误：字段头过长");
				break;
			}
			if ((size_t)(end - w) > ZF_MULTIPART_HEADERS_MAX) {
				rc = zf_err_set(err, ZF_EINVAL, "表单格式有误：字段头过长");
				break;
			}
			*end = '\0';
			rc = end == w ? zf_err_set(err, ZF_EINVAL, "表单格式有误：缺少字段名") :
			     headers(m, w + 2, err);
			pos += (size_t)(end - w) + 4;
			m->state = M_BODY;
		} else {
			pos = m->wlen; /* the epilogue is ignored */
		}
	}
	memmove(m->win, m->win + pos, m->wlen - pos);
	m->wlen -= pos;
	return rc;
}

int zf_multipart_feed(struct zf_multipart *m, const char *p, size_t n, struct zf_err *err)
{
	if (m->state == M_FAILED)
		return zf_err_set(err, ZF_EINVAL, "表单格式有误");
	while (n) {
		size_t room = sizeof(m->win) - m->wlen, take = n < SLICE ? n : SLICE;
		if (take > room)
			take = room;
		memcpy(m->win + m->wlen, p, take);
		m->wlen += take;
		p += take;
		n -= take;
		int rc = process(m, err);
		if (rc) {
			m->state = M_FAILED;
			return rc;
		}
	}
	return 0;
}

int zf_multipart_finish(struct zf_multipart *m, struct zf_err *err)
{
	return m->state == M_DONE ? 0 : zf_err_set(err, ZF_EINVAL, "上传的表单不完整，请重新提交");
}

void zf_multipart_free(struct zf_multipart *m)
{
	free(m);
}
