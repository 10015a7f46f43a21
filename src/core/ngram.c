/* The n-gram tokenizer of full-text search: folds text, splits it into runs of units and lists unigrams and bigrams. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ngram.h"
#include "util/err.h"

/* Decodes one UTF-8 character at S (N bytes left) into *CP; returns its
 * length (1 for an invalid byte, taken as U+FFFD). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] >> 5) == 6 ? 2 : (s[0] >> 4) == 14 ? 3
		     : (s[0] >> 3) == 30 ? 4 : 0;
	uint32_t c;

	if (!len || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	c = len == 1 ? s[0] : len == 2 ? s[0] & 0x1F : len == 3 ? s[0] & 0x0F : s[0] & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

static size_t utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The folded code point of C. */
static uint32_t fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

static int is_word(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* 1 when C (folded) separates runs: controls, ASCII that is not a word
 * character, general punctuation, CJK symbols and punctuation, full-width
 * forms left after folding, the replacement character. */
static int is_sep(uint32_t c)
{
	return c < 0x80 ? !is_word(c)
		       : (c >= 0x80 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) ||
				 (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
				 (c >= 0xFF00 && c <= 0xFF65) || c == 0xFFFD || c == 0x00B7;
}

/* A list of grams being collected. */
struct grams {
	struct zf_arena *a;
	const char **v;
	size_t n, cap;
	int failed;
};

static void add(struct grams *g, const char *p, size_t len)
{
	if (g->failed || !len)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		const char **v = zf_arena_alloc(g->a, cap * sizeof(*v));
		if (!v) {
			g->failed = 1;
			return;
		}
		if (g->n)
			memcpy(v, g->v, g->n * sizeof(*v));
		g->v = v;
		g->cap = cap;
	}
	if (!(g->v[g->n] = zf_arena_strndup(g->a, p, len)))
		g->failed = 1;
	else
		g->n++;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Tokenises S: QUERY 0 = index grams, 1 = query grams. */
static int grams_of(struct zf_arena *a, const char *s, int query, const char ***out, size_t *n)
{
	struct grams g = {.a = a};
	size_t len = s ? strlen(s) : 0, i = 0;
	char unit[ZF_NGRAM_MAX / 2 + 4], prev[ZF_NGRAM_MAX / 2 + 4], pair[ZF_NGRAM_MAX + 8];
	size_t ulen = 0, plen = 0;
	int run_units = 0, have_prev = 0;
	char first[ZF_NGRAM_MAX / 2 + 4];
	size_t flen = 0;

	*out = NULL;
	*n = 0;
	while (i <= len && !g.failed) {
		uint32_t c = 0;
		size_t step = i < len ? utf8_next((const unsigned char *)s + i, len - i, &c) : 1;
		int end = i >= len;

		if (!end)
			c = fold(c);
		/* an ASCII word continues */
		if (!end && is_word(c) && ulen && is_word((unsigned char)unit[0])) {
			if (ulen < ZF_NGRAM_MAX / 2)
				unit[ulen++] = (char)c;
			i += step;
			continue;
		}
		/* the pending unit is complete */
		if (ulen) {
			if (!query)
				add(&g, unit, ulen);
			if (have_prev) {
				memcpy(pair, prev, plen);
				memcpy(pair + plen, unit, ulen);
				add(&g, pair, plen + ulen);
			}
			if (!run_units) {
				memcpy(first, unit, ulen);
				flen = ulen;
			}
			run_units++;
			memcpy(prev, unit, ulen);
			plen = ulen;
			have_prev = 1;
			ulen = 0;
		}
		if (end || is_sep(c)) {
			if (query && run_units == 1)
				add(&g, first, flen);
			run_units = 0;
			have_prev = 0;
			i += step;
			continue;
		}
		ulen = utf8_put(c, unit);
		i += step;
	}
	if (g.failed)
		return ZF_ENOMEM;
	if (g.n) {
		size_t k = 0;
		qsort(g.v, g.n, sizeof(*g.v), cmp_str);
		for (size_t j = 0; j < g.n; j++)
			if (!k || strcmp(g.v[k - 1], g.v[j]))
				g.v[k++] = g.v[j];
		g.n = k;
	}
	*out = g.v;
	*n = g.n;
	return 0;
}

int zf_ngram_index(struct zf_arena *a, const char *s, const char ***out, size_t *n)
{
	return grams_of(a, s, 0, out, n);
}

int zf_ngram_query(struct zf_arena *a, const char *q, const char ***out, size_t *n)
{
	return grams_of(a, q, 1, out, n);
}

char *zf_ngram_norm(struct zf_arena *a, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, j = 0;
	char *out = zf_arena_alloc(a, len * 3 + 1); /* U+FFFD for a byte: 3 bytes */

	if (!out)
		return NULL;
	while (i < len) {
		uint32_t c;
		i += utf8_next((const unsigned char *)s + i, len - i, &c);
		j += utf8_put(fold(c), out + j);
	}
	out[j] = '\0';
	return out;
}

int zf_ngram_runs(struct zf_arena *a, const char *s, const char ***out, size_t *n)
{
	struct grams g = {.a = a};
	const char *norm = zf_ngram_norm(a, s);
	size_t len, i = 0, start = 0;
	int in_run = 0;

	*out = NULL;
	*n = 0;
	if (!norm)
		return ZF_ENOMEM;
	len = strlen(norm);
	while (i <= len) {
		uint32_t c = ' ';
		size_t step = i < len ? utf8_next((const unsigned char *)norm + i, len - i, &c) : 1;
		if (is_sep(c)) {
			if (in_run)
				add(&g, norm + start, i - start);
			in_run = 0;
		} else if (!in_run) {
			in_run = 1;
			start = i;
		}
		i += step;
	}
	if (g.failed)
		return ZF_ENOMEM;
	*out = g.v;
	*n = g.n;
	return 0;
}

int zf_ngram_match(const char *norm_text, const char *q)
{
	struct zf_arena *a = zf_arena_new((size_t)1 << 20);
	const char **runs = NULL;
	size_t n = 0;
	int ok = a && !zf_ngram_runs(a, q, &runs, &n) && n > 0;

	for (size_t i = 0; ok && i < n; i++)
		ok = strstr(norm_text, runs[i]) != NULL;
	zf_arena_free(a);
	return ok;
}
