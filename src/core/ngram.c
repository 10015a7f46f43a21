/* The n-gram tokenizer of publication search: full-width folding, ASCII lower case, unigrams and bigrams of runs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ngram.h"
#include "util/err.h"

/* Decodes the character at S (valid UTF-8): its code point, *LEN its bytes. */
static uint32_t decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1]) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
		*len = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	}
	*len = 1; /* not valid UTF-8: one byte at a time, kept */
	return s[0];
}

static int is_sep(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	       (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

char *zf_ngram_norm(struct zf_arena *a, const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = zf_arena_alloc(a, n + 1); /* folding never lengthens */
	const unsigned char *p = (const unsigned char *)s;

	if (!out)
		return NULL;
	while (*p) {
		size_t len;
		uint32_t c = decode(p, &len);
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		else if (c == 0x3000)
			c = ' ';
		if (c < 0x80) {
			out[j++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
		} else {
			memcpy(out + j, p, len);
			j += len;
		}
		p += len;
	}
	out[j] = '\0';
	return out;
}

/* A growing list of grams in the arena. */
struct grams {
	struct zf_arena *a;
	char **v;
	size_t n, cap;
};

static int add(struct grams *g, const char *p, size_t len)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		char **v = zf_arena_alloc(g->a, cap * sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		if (g->n)
			memcpy(v, g->v, g->n * sizeof(*v));
		g->v = v;
		g->cap = cap;
	}
	if (!(g->v[g->n] = zf_arena_strndup(g->a, p, len)))
		return ZF_ENOMEM;
	g->n++;
	return 0;
}

static int cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorts G and drops duplicates. */
static void uniq(struct grams *g)
{
	size_t k = 0;
	if (!g->n)
		return;
	qsort(g->v, g->n, sizeof(*g->v), cmp);
	for (size_t i = 1; i < g->n; i++)
		if (strcmp(g->v[i], g->v[k]) != 0)
			g->v[++k] = g->v[i];
	g->n = k + 1;
}

/* Walks the runs of NORM: for each character, whether it starts or continues
 * a run; UNI adds unigrams always (index) or only of one-character runs. */
static int grams_of(struct zf_arena *a, const char *norm, int all_uni, char ***out, size_t *n)
{
	struct grams g = {a, NULL, 0, 0};
	const unsigned char *p = (const unsigned char *)norm, *prev = NULL, *run = NULL;
	size_t prev_len = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (;;) {
		size_t len = 0;
		uint32_t c = *p ? decode(p, &len) : ' ';
		int sep = !*p || is_sep(c);
		if (sep) {
			/* end of a run: a one-character run gives its unigram */
			if (!all_uni && run && prev == run && (rc = add(&g, (const char *)run, prev_len)))
				return rc;
			run = prev = NULL;
		} else {
			if (!run)
				run = p;
			if (all_uni && (rc = add(&g, (const char *)p, len)))
				return rc;
			if (prev && (rc = add(&g, (const char *)prev, prev_len + len)))
				return rc;
			prev = p;
			prev_len = len;
		}
		if (!*p)
			break;
		p += len;
	}
	uniq(&g);
	*out = g.v;
	*n = g.n;
	return 0;
}

int zf_ngram_index(struct zf_arena *a, const char *norm, char ***grams, size_t *n)
{
	return grams_of(a, norm, 1, grams, n);
}

int zf_ngram_query(struct zf_arena *a, const char *norm, char ***grams, size_t *n)
{
	return grams_of(a, norm, 0, grams, n);
}

int zf_ngram_runs(struct zf_arena *a, const char *norm, char ***runs, size_t *n)
{
	struct grams g = {a, NULL, 0, 0};
	const unsigned char *p = (const unsigned char *)norm, *run = NULL;
	int rc;

	*runs = NULL;
	*n = 0;
	for (;;) {
		size_t len = 0;
		uint32_t c = *p ? decode(p, &len) : ' ';
		if (!*p || is_sep(c)) {
			if (run && (rc = add(&g, (const char *)run, (size_t)(p - run))))
				return rc;
			run = NULL;
		} else if (!run) {
			run = p;
		}
		if (!*p)
			break;
		p += len;
	}
	*runs = g.v;
	*n = g.n;
	return 0;
}

int zf_ngram_match(const char *norm_text, const char *norm_q)
{
	struct zf_arena *a = zf_arena_new((size_t)1 << 20);
	char **runs = NULL;
	size_t n = 0;
	int ok = a && !zf_ngram_runs(a, norm_q, &runs, &n) && n > 0;

	for (size_t i = 0; ok && i < n; i++)
		ok = strstr(norm_text, runs[i]) != NULL;
	zf_arena_free(a);
	return ok;
}
