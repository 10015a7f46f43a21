/* Per-request arena allocator with a size limit and a sanitizer-friendly debug mode. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

#define CHUNK_MIN 8192
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct zf_arena {
	struct chunk *head;
	size_t total, limit;
};

struct zf_arena *zf_arena_new(size_t limit)
{
	struct zf_arena *a = calloc(1, sizeof(*a));
	if (a)
		a->limit = limit ? limit : (size_t)64 << 20;
	return a;
}

void zf_arena_free(struct zf_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

void *zf_arena_alloc(struct zf_arena *a, size_t n)
{
	if (!a || n > a->limit)
		return NULL;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		return NULL;
	struct chunk *c = a->head;
#ifndef ZF_ARENA_DEBUG
	if (c && c->size - c->used >= need) {
		void *p = c->data + c->used;
		c->used += need;
		memset(p, 0, n);
		return p;
	}
	size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
	/* Near the limit (or under a limit below CHUNK_MIN) a smaller chunk
	 * still serves the request, as the debug build does. */
	if (size > need && a->total + size > a->limit)
		size = a->limit - a->total > need ? a->limit - a->total : need;
#else
	size_t size = need ? need : 1;
#endif
	if (a->total + size > a->limit)
		return NULL;
	c = calloc(1, sizeof(*c) + size);
	if (!c)
		return NULL;
	c->size = size;
	c->used = need;
	a->total += size;
	/* Keep a partly used head in front when the new chunk is a one-off. */
	if (a->head && size == need && a->head->size - a->head->used > 0) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
	}
	return c->data;
}

char *zf_arena_strndup(struct zf_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t len = strnlen(s, n);
	char *p = zf_arena_alloc(a, len + 1);
	if (p)
		memcpy(p, s, len);
	return p;
}

char *zf_arena_strdup(struct zf_arena *a, const char *s)
{
	return s ? zf_arena_strndup(a, s, SIZE_MAX - 1) : NULL;
}

char *zf_arena_printf(struct zf_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = zf_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
