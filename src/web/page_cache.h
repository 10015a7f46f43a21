/* Rendered public pages kept in memory: answers a handler marked as the same
 * for every anonymous visitor (zf_resp_keep) are kept, under the request's
 * host and target, as ready MHD responses tagged with the portal generation
 * they were rendered at (zf_app_pub_generation) and an expiry; a later
 * anonymous request for the same target is answered from memory while the
 * generation is unchanged and the entry young, or with 304 when it names
 * the entry's ETag. Bounded in bytes; the least recently used entries go
 * first; optionally a key is kept only when it comes a second time, so a
 * flood of one-off targets cannot push out what people ask for. Safe for
 * the server's connection threads. */
#ifndef ZF_WEB_PAGE_CACHE_H
#define ZF_WEB_PAGE_CACHE_H
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#define ZF_PAGE_CACHE_ENTRY_MAX (1 << 20) /* bytes of one kept body at most */

struct zf_page_cache;
struct zf_page; /* one kept answer */

/* A cache of at most MAX_BYTES of bodies (and keys), keeping a key at its
 * second put only when ADMIT_SECOND (by the hash of the keys put once, in a
 * fixed table); NULL when out of memory or without randomness. */
struct zf_page_cache *zf_page_cache_new(size_t max_bytes, int admit_second);

/* Frees C and its entries; none may be held (the server has stopped). */
void zf_page_cache_free(struct zf_page_cache *c);

/* The entry for KEY if it was kept at generation GEN or a later one and its
 * expiry is after NOW (Unix seconds), held for the caller until
 * zf_page_cache_release; NULL otherwise (an entry of an earlier generation
 * or expired is dropped). */
struct zf_page *zf_page_cache_get(struct zf_page_cache *c, const char *key, int64_t gen,
				  int64_t now);

/* Keeps RESP (status STATUS, body of LEN bytes, ETag header value ETAG) for
 * KEY at generation GEN until NOW + TTL, replacing an entry of the same or
 * an earlier generation (one of a later generation stays). Takes over
 * the caller's reference to RESP in every case (it is destroyed when not
 * kept: too big, out of memory). */
void zf_page_cache_put(struct zf_page_cache *c, const char *key, int64_t gen, int64_t now, int ttl,
		       unsigned status, size_t len, const char *etag, struct MHD_Response *resp);

/* What a held entry answers: its response (valid until released), status,
 * body length and ETag. */
struct MHD_Response *zf_page_response(const struct zf_page *p, unsigned *status, size_t *len,
				      const char **etag);

/* Gives back an entry got from zf_page_cache_get. */
void zf_page_cache_release(struct zf_page_cache *c, struct zf_page *p);

#endif
