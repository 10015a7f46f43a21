/* String checks used on every untrusted input: numbers, UTF-8, lengths. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/str.h"

int zf_str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return ZF_EINVAL;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || !end || *end || v < min || v > max)
		return ZF_EINVAL;
	*out = v;
	return 0;
}

int zf_str_utf8_ok(const char *s, size_t n, int allow_nl)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c == 0 || c == 0x7f)
				return 0;
			if (c < 0x20 && !(allow_nl && (c == '\n' || c == '\r' || c == '\t')))
				return 0;
			p++;
			continue;
		}
		int len;
		unsigned min, cp;
		if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; min = 0x80; }
		else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; min = 0x800; }
		else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; min = 0x10000; }
		else return 0;
		if (e - p < len)
			return 0;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		/* C1 controls */
		if (cp >= 0x80 && cp <= 0x9f)
			return 0;
		p += len;
	}
	return 1;
}

size_t zf_str_chars(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*len = 1;
		return 1;
	}
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80) {
		*len = 3;
		return 1;
	}
	return 0;
}

char *zf_str_trim(char *s)
{
	if (!s)
		return s;
	size_t l;
	char *p = s;
	while (*p && space_at(p, &l))
		p += l;
	size_t n = strlen(p);
	memmove(s, p, n + 1);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) {
			s[--n] = '\0';
		} else if (n >= 3 && space_at(s + n - 3, &l) && l == 3) {
			n -= 3;
			s[n] = '\0';
		} else {
			break;
		}
	}
	return s;
}

int zf_str_blank(const char *s)
{
	size_t l;
	if (!s)
		return 1;
	while (*s && space_at(s, &l))
		s += l;
	return *s == '\0';
}

size_t zf_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);
	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return len;
}
