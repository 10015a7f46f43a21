/* C2SP tlog-tiles: tile paths (x001/x234/067 index encoding), tile widths, uint16-prefixed entry bundles. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ledger/tile.h"

#define TILE_LEVEL_MAX 63

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses a canonical decimal of 1..MAXLEN digits (no leading zeros) within
 * [MIN, MAX] at *S; advances *S past it. 0 or -1. */
static int small_number(const char **s, int min, int max, int maxlen, int *out)
{
	const char *p = *s;
	int v = 0, len = 0;

	if (p[0] == '0' && is_digit(p[1]))
		return -1;
	while (is_digit(*p)) {
		if (++len > maxlen)
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	if (len == 0 || v < min || v > max)
		return -1;
	*s = p;
	*out = v;
	return 0;
}

/* Parses the index N: 3-digit elements, each but the last prefixed with 'x'
 * and followed by '/', the first of several not 000. Advances *S. 0 or -1. */
static int tile_index(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	int elems = 0;

	for (;;) {
		int more = *p == 'x';
		if (more)
			p++;
		if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]))
			return -1;
		unsigned d = (unsigned)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
		if (elems == 0 && more && d == 0)
			return -1; /* a leading x000 element: not the shortest form */
		if (v > (UINT64_MAX - d) / 1000)
			return -1;
		v = v * 1000 + d;
		p += 3;
		elems++;
		if (!more)
			break;
		if (*p++ != '/')
			return -1;
	}
	*s = p;
	*out = v;
	return 0;
}

int zf_tile_parse(const char *path, struct zf_tile *out)
{
	struct zf_tile t = {0, 0, ZF_TILE_WIDTH};
	const char *p = path;

	if (strncmp(p, "entries/", 8) == 0) {
		t.level = -1;
		p += 8;
	} else if (small_number(&p, 0, TILE_LEVEL_MAX, 2, &t.level) || *p++ != '/') {
		return -1;
	}
	if (tile_index(&p, &t.n))
		return -1;
	if (strncmp(p, ".p/", 3) == 0) {
		p += 3;
		if (small_number(&p, 1, ZF_TILE_WIDTH - 1, 3, &t.width))
			return -1;
	}
	if (*p)
		return -1;
	*out = t;
	return 0;
}

int zf_tile_path(const struct zf_tile *t, char *out, size_t n)
{
	char groups[8][4];
	int ng = 0;
	uint64_t v = t->n;
	size_t len = 0;
	int w;

	if (t->level < -1 || t->level > TILE_LEVEL_MAX || t->width < 1 || t->width > ZF_TILE_WIDTH)
		return -1;
	do {
		snprintf(groups[ng++], sizeof(groups[0]), "%03u", (unsigned)(v % 1000));
		v /= 1000;
	} while (v);
	if (t->level < 0)
		w = snprintf(out, n, "entries/");
	else
		w = snprintf(out, n, "%d/", t->level);
	if (w < 0 || (size_t)w >= n)
		return -1;
	len = (size_t)w;
	for (int i = ng - 1; i >= 0; i--) {
		w = snprintf(out + len, n - len, "%s%s%s", i ? "x" : "", groups[i], i ? "/" : "");
		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
	}
	if (t->width < ZF_TILE_WIDTH) {
		w = snprintf(out + len, n - len, ".p/%d", t->width);
		if (w < 0 || (size_t)w >= n - len)
			return -1;
	}
	return 0;
}

int zf_tile_width(int level, uint64_t n, uint64_t size)
{
	if (level < -1 || level > TILE_LEVEL_MAX)
		return 0;
	int height = 8 * (level < 0 ? 0 : level);
	if (height >= 64)
		return 0;
	/* Complete subtrees at this height, and how many of them precede tile N. */
	uint64_t count = size >> height;
	if (n > UINT64_MAX / ZF_TILE_WIDTH || count <= n * ZF_TILE_WIDTH)
		return 0;
	uint64_t left = count - n * ZF_TILE_WIDTH;
	return left >= ZF_TILE_WIDTH ? ZF_TILE_WIDTH : (int)left;
}

int zf_bundle_add(struct zf_buf *b, const void *entry, size_t n)
{
	unsigned char len[2];

	if (n > ZF_ENTRY_MAX)
		return ZF_EINVAL;
	len[0] = (unsigned char)(n >> 8);
	len[1] = (unsigned char)n;
	if (zf_buf_add(b, len, 2) || zf_buf_add(b, entry, n))
		return ZF_ENOMEM;
	return 0;
}

int zf_bundle_next(const unsigned char *data, size_t len, size_t *pos, const unsigned char **entry,
		   size_t *elen)
{
	size_t p = *pos;

	if (p == len)
		return 0;
	if (p > len || len - p < 2)
		return -1;
	size_t n = (size_t)data[p] << 8 | data[p + 1];
	if (len - p - 2 < n)
		return -1;
	*entry = data + p + 2;
	*elen = n;
	*pos = p + 2 + n;
	return 1;
}
