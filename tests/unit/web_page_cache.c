/* Unit tests of the page cache (web/page_cache.c): hits only at the same generation and before expiry, replacement, eviction of the least recently used within the byte budget, admission on a key's second sight, entries held while evicted, oversized answers refused; threads hammering one cache. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/page_cache.h"

#define T0 1800000000 /* a Unix time */
#define TTL 60

/* A response whose body is TEXT (copied). */
static struct MHD_Response *resp_of(const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								 MHD_RESPMEM_MUST_COPY);
	assert_non_null(r);
	return r;
}

static void put(struct zf_page_cache *c, const char *key, int64_t gen, int64_t now, const char *body)
{
	char etag[40];
	snprintf(etag, sizeof(etag), "\"%s\"", body);
	zf_page_cache_put(c, key, gen, now, TTL, 200, strlen(body), etag,
			  resp_of(body));
}

/* Asserts KEY answers at GEN and NOW with the ETag of BODY (NULL: a miss). */
static void expect(struct zf_page_cache *c, const char *key, int64_t gen, int64_t now, const char *body)
{
	struct zf_page *p = zf_page_cache_get(c, key, gen, now);
	if (!body) {
		if (p)
			fail_msg("%s: a hit where a miss was due", key);
		return;
	}
	if (!p)
		fail_msg("%s: a miss where %s was due", key, body);
	unsigned status;
	size_t len;
	const char *etag;
	char want[40];
	assert_non_null(zf_page_response(p, &status, &len, &etag));
	snprintf(want, sizeof(want), "\"%s\"", body);
	assert_int_equal(status, 200);
	assert_int_equal(len, strlen(body));
	assert_string_equal(etag, want);
	zf_page_cache_release(c, p);
}

static void test_generation_and_expiry(void **state)
{
	(void)state;
	struct zf_page_cache *c = zf_page_cache_new(1 << 20, 0);
	assert_non_null(c);
	put(c, "http://h/decisions", 7, T0, "list-a");
	expect(c, "http://h/decisions", 7, T0, "list-a");
	expect(c, "http://h/decisions", 7, T0 + TTL - 1, "list-a");
	expect(c, "http://h/decisions?before=9", 7, T0, NULL);
	expect(c, "http://other/decisions", 7, T0, NULL); /* the host is part of the key */
	/* Expired: a miss, and the entry is gone for good. */
	expect(c, "http://h/decisions", 7, T0 + TTL, NULL);
	expect(c, "http://h/decisions", 7, T0, NULL);
	/* A later generation (a publication changed): a miss, the entry dropped. */
	put(c, "http://h/decisions", 7, T0, "list-a");
	expect(c, "http://h/decisions", 6, T0, "list-a"); /* a reader behind: newer is fine */
	expect(c, "http://h/decisions", 8, T0, NULL);
	expect(c, "http://h/decisions", 7, T0, NULL);
	/* A newer answer replaces the old one; an older one never the newer. */
	put(c, "http://h/decisions", 8, T0, "list-b");
	put(c, "http://h/decisions", 9, T0, "list-c");
	put(c, "http://h/decisions", 8, T0, "list-late");
	expect(c, "http://h/decisions", 9, T0, "list-c");
	zf_page_cache_free(c);
}

static void test_eviction(void **state)
{
	(void)state;
	char key[32], body[2048];
	/* Each entry costs its body, key and about 1 KiB of bookkeeping: a
	 * 64 KiB budget holds a few dozen 1 KiB pages. */
	struct zf_page_cache *c = zf_page_cache_new(64 << 10, 0);
	assert_non_null(c);
	memset(body, 'x', 1000);
	body[1000] = '\0';
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "http://h/d/%d", i);
		body[0] = (char)('a' + i % 26);
		zf_page_cache_put(c, key, 1, T0, 60, 200, strlen(body), "\"e\"", resp_of(body));
	}
	int kept = 0, first_kept = -1;
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "http://h/d/%d", i);
		struct zf_page *p = zf_page_cache_get(c, key, 1, T0);
		if (p) {
			kept++;
			if (first_kept < 0)
				first_kept = i;
			zf_page_cache_release(c, p);
		} else if (first_kept >= 0) {
			fail_msg("entry %d gone while the older %d stayed: oldest go first", i, first_kept);
		}
	}
	assert_true(kept >= 20 && kept <= 40);
	assert_int_equal(first_kept, 200 - kept);
	/* An answer above a quarter of the budget is not kept. */
	char *big = calloc(1, 20000);
	assert_non_null(big);
	memset(big, 'y', 19999);
	zf_page_cache_put(c, "http://h/big", 1, T0, 60, 200, strlen(big), "\"b\"", resp_of(big));
	expect(c, "http://h/big", 1, T0, NULL);
	free(big);
	zf_page_cache_free(c);
}

/* An entry held by a request stays valid while it is replaced and evicted;
 * it goes with the last release (ASan checks nothing is used after free or
 * leaked). */
static void test_held_entry(void **state)
{
	(void)state;
	struct zf_page_cache *c = zf_page_cache_new(1 << 20, 0);
	assert_non_null(c);
	put(c, "http://h/d/1", 1, T0, "one");
	struct zf_page *held = zf_page_cache_get(c, "http://h/d/1", 1, T0);
	assert_non_null(held);
	put(c, "http://h/d/1", 2, T0, "two"); /* replaced while held */
	expect(c, "http://h/d/1", 2, T0, "two");
	unsigned status;
	size_t len;
	const char *etag;
	assert_non_null(zf_page_response(held, &status, &len, &etag));
	assert_string_equal(etag, "\"one\"");
	assert_int_equal(len, 3);
	zf_page_cache_release(c, held);
	expect(c, "http://h/d/1", 2, T0, "two");
	zf_page_cache_free(c);
}

/* With admission on second sight: a key put once is only remembered, its
 * second put keeps it; a flood of one-off keys never displaces a kept page. */
static void test_admission(void **state)
{
	(void)state;
	char key[32];
	struct zf_page_cache *c = zf_page_cache_new(64 << 10, 1);
	assert_non_null(c);
	put(c, "http://h/decisions", 1, T0, "list");
	expect(c, "http://h/decisions", 1, T0, NULL);
	put(c, "http://h/decisions", 1, T0, "list");
	expect(c, "http://h/decisions", 1, T0, "list");
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "http://h/search?q=%d", i);
		put(c, key, 1, T0, "one-off");
	}
	expect(c, "http://h/decisions", 1, T0, "list");
	expect(c, "http://h/search?q=7", 1, T0, NULL);
	zf_page_cache_free(c);
}

/* The least recently used entry goes first: a page asked for again stays
 * while newer but unused ones are evicted. */
static void test_lru(void **state)
{
	(void)state;
	char key[32], body[1100];
	struct zf_page_cache *c = zf_page_cache_new(32 << 10, 0);
	assert_non_null(c);
	memset(body, 'z', 1000);
	body[1000] = '\0';
	zf_page_cache_put(c, "http://h/popular", 1, T0, 60, 200, strlen(body), "\"p\"", resp_of(body));
	for (int i = 0; i < 100; i++) {
		struct zf_page *p = zf_page_cache_get(c, "http://h/popular", 1, T0);
		assert_non_null(p);
		zf_page_cache_release(c, p);
		snprintf(key, sizeof(key), "http://h/d/%d", i);
		zf_page_cache_put(c, key, 1, T0, 60, 200, strlen(body), "\"d\"", resp_of(body));
	}
	expect(c, "http://h/d/0", 1, T0, NULL); /* evicted long ago */
	struct zf_page *p = zf_page_cache_get(c, "http://h/popular", 1, T0);
	assert_non_null(p);
	zf_page_cache_release(c, p);
	zf_page_cache_free(c);
}

struct hammer {
	struct zf_page_cache *c;
	int id;
	int hits;
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	char key[32], body[64];
	for (int i = 0; i < 20000; i++) {
		int k = (i * 7 + h->id) % 50;
		snprintf(key, sizeof(key), "http://h/p/%d", k);
		struct zf_page *p = zf_page_cache_get(h->c, key, i / 5000, T0);
		if (p) {
			unsigned status;
			size_t len;
			const char *etag;
			zf_page_response(p, &status, &len, &etag);
			if (status == 200 && len > 0 && etag[0] == '"')
				h->hits++;
			zf_page_cache_release(h->c, p);
		} else {
			snprintf(body, sizeof(body), "page %d of thread %d", k, h->id);
			zf_page_cache_put(h->c, key, i / 5000, T0, 60, 200, strlen(body), "\"x\"",
					  MHD_create_response_from_buffer(strlen(body), body,
									  MHD_RESPMEM_MUST_COPY));
		}
	}
	return NULL;
}

/* Four threads reading, replacing and evicting in a small cache at once. */
static void test_threads(void **state)
{
	(void)state;
	struct zf_page_cache *c = zf_page_cache_new(24 << 10, 0);
	struct hammer h[4];
	pthread_t t[4];
	assert_non_null(c);
	for (int i = 0; i < 4; i++) {
		h[i] = (struct hammer){.c = c, .id = i};
		assert_int_equal(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
	}
	int hits = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		hits += h[i].hits;
	}
	assert_true(hits > 0);
	zf_page_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generation_and_expiry),
		cmocka_unit_test(test_eviction),
		cmocka_unit_test(test_held_entry),
		cmocka_unit_test(test_admission),
		cmocka_unit_test(test_lru),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
