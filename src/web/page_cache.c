/* Rendered public pages kept in memory: a seeded hash table of MHD responses, least recently used out first, admission on a key's second sight, one lock, reference-counted entries. */
#include <pthread.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/page_cache.h"

#define BUCKETS 4096 /* a power of two */
#define SEEN 8192    /* keys seen once, remembered by hash (a power of two) */
#define ENTRY_OVERHEAD 1024 /* bytes counted for an entry besides body and key: headers, bookkeeping */

struct zf_page {
	struct zf_page *chain;        /* next in the bucket */
	struct zf_page *older, *newer; /* eviction order */
	uint64_t hash;
	int64_t gen, expires;
	unsigned status;
	size_t len, cost;
	int refs;      /* the table's (while in it) and each holder's */
	int in_table;
	struct MHD_Response *resp;
	char etag[96];
	char key[];
};

struct zf_page_cache {
	pthread_mutex_t lock;
	size_t max_bytes, bytes;
	int admit_second;           /* keep a key only when it is put the second time */
	uint64_t seed;              /* random: nobody can aim keys at one bucket */
	struct zf_page *oldest, *newest; /* least and most recently used */
	struct zf_page *buckets[BUCKETS];
	uint64_t seen[SEEN];
};

/* FNV-1a from a random start, then a 64-bit finaliser so the low bits (the
 * bucket) depend on every byte and on the seed. */
static uint64_t hash_of(const struct zf_page_cache *c, const char *s)
{
	uint64_t h = 14695981039346656037ULL ^ c->seed;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h | 1; /* 0 marks an empty slot of SEEN */
}

static void page_destroy(struct zf_page *p)
{
	MHD_destroy_response(p->resp);
	free(p);
}

struct zf_page_cache *zf_page_cache_new(size_t max_bytes, int admit_second)
{
	struct zf_page_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (getrandom(&c->seed, sizeof(c->seed), 0) != (ssize_t)sizeof(c->seed)) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	c->admit_second = admit_second;
	return c;
}

/* Moves P to the most recently used end (lock held). */
static void touch(struct zf_page_cache *c, struct zf_page *p)
{
	if (c->newest == p)
		return;
	if (p->older)
		p->older->newer = p->newer;
	else
		c->oldest = p->newer;
	p->newer->older = p->older;
	p->older = c->newest;
	p->newer = NULL;
	c->newest->newer = p;
	c->newest = p;
}

/* Takes P out of the table and the order (lock held); returns 1 when nobody
 * holds it any more, so the caller destroys it after unlocking. */
static int unlink_page(struct zf_page_cache *c, struct zf_page *p)
{
	struct zf_page **pp = &c->buckets[p->hash & (BUCKETS - 1)];
	while (*pp != p)
		pp = &(*pp)->chain;
	*pp = p->chain;
	if (p->older)
		p->older->newer = p->newer;
	else
		c->oldest = p->newer;
	if (p->newer)
		p->newer->older = p->older;
	else
		c->newest = p->older;
	c->bytes -= p->cost;
	p->in_table = 0;
	return --p->refs == 0;
}

void zf_page_cache_free(struct zf_page_cache *c)
{
	if (!c)
		return;
	while (c->oldest) {
		struct zf_page *p = c->oldest;
		if (unlink_page(c, p))
			page_destroy(p);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The entry for KEY with hash H (lock held), NULL when none. */
static struct zf_page *find(struct zf_page_cache *c, const char *key, uint64_t h)
{
	for (struct zf_page *p = c->buckets[h & (BUCKETS - 1)]; p; p = p->chain)
		if (p->hash == h && !strcmp(p->key, key))
			return p;
	return NULL;
}

struct zf_page *zf_page_cache_get(struct zf_page_cache *c, const char *key, int64_t gen,
				  int64_t now)
{
	uint64_t h = hash_of(c, key);
	struct zf_page *p, *gone = NULL;

	pthread_mutex_lock(&c->lock);
	p = find(c, key, h);
	/* Generations only grow: an entry newer than the caller's reading is
	 * at least as fresh as what the caller would render. */
	if (p && (p->gen < gen || now >= p->expires)) {
		if (unlink_page(c, p))
			gone = p;
		p = NULL;
	}
	if (p) {
		p->refs++;
		touch(c, p);
	}
	pthread_mutex_unlock(&c->lock);
	if (gone)
		page_destroy(gone);
	return p;
}

void zf_page_cache_put(struct zf_page_cache *c, const char *key, int64_t gen, int64_t now, int ttl,
		       unsigned status, size_t len, const char *etag, struct MHD_Response *resp)
{
	size_t klen = strlen(key), cost = len + klen + ENTRY_OVERHEAD;
	struct zf_page *p, *old, *gone = NULL;

	if (len > ZF_PAGE_CACHE_ENTRY_MAX || cost > c->max_bytes / 4 || strlen(etag) >= sizeof(p->etag) ||
	    !(p = malloc(sizeof(*p) + klen + 1))) {
		MHD_destroy_response(resp);
		return;
	}
	*p = (struct zf_page){.hash = hash_of(c, key), .gen = gen, .expires = now + ttl,
			      .status = status, .len = len, .cost = cost, .refs = 1, .in_table = 1,
			      .resp = resp};
	memcpy(p->key, key, klen + 1);
	snprintf(p->etag, sizeof(p->etag), "%s", etag);
	pthread_mutex_lock(&c->lock);
	old = find(c, key, p->hash);
	if (!old && c->admit_second) {
		/* A key seen for the first time is only remembered: a flood of
		 * one-off targets (random queries, hosts) never displaces pages
		 * people ask for again. */
		uint64_t *slot = &c->seen[p->hash & (SEEN - 1)];
		if (*slot != p->hash) {
			*slot = p->hash;
			pthread_mutex_unlock(&c->lock);
			page_destroy(p);
			return;
		}
	}
	if (old && old->gen > gen) {
		/* A slower request rendered an older state: the newer one stays. */
		pthread_mutex_unlock(&c->lock);
		page_destroy(p);
		return;
	}
	if (old && unlink_page(c, old)) {
		old->chain = NULL;
		gone = old;
	}
	/* Make room, least recently used first; entries in use are freed by
	 * their last holder. */
	while (c->oldest && c->bytes + cost > c->max_bytes) {
		struct zf_page *o = c->oldest;
		if (unlink_page(c, o)) {
			o->chain = gone;
			gone = o;
		}
	}
	p->chain = c->buckets[p->hash & (BUCKETS - 1)];
	c->buckets[p->hash & (BUCKETS - 1)] = p;
	p->older = c->newest;
	if (c->newest)
		c->newest->newer = p;
	else
		c->oldest = p;
	c->newest = p;
	c->bytes += cost;
	pthread_mutex_unlock(&c->lock);
	while (gone) {
		struct zf_page *next = gone->chain;
		page_destroy(gone);
		gone = next;
	}
}

struct MHD_Response *zf_page_response(const struct zf_page *p, unsigned *status, size_t *len,
				      const char **etag)
{
	*status = p->status;
	*len = p->len;
	*etag = p->etag;
	return p->resp;
}

void zf_page_cache_release(struct zf_page_cache *c, struct zf_page *p)
{
	int last;

	if (!p)
		return;
	pthread_mutex_lock(&c->lock);
	last = --p->refs == 0;
	pthread_mutex_unlock(&c->lock);
	if (last)
		page_destroy(p);
}
