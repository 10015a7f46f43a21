/* Partial uploads: an exclusive hold on the bytes of an unfinished upload, digests carried across chunks (marks for discarding a chunk), kept per process between requests and rebuilt from the stored prefix otherwise. */
#include <stdlib.h>
#include <string.h>

#include "blob/blob_int.h"

struct zf_blob_part {
	struct zf_blob_store *s;
	void *parth;
	char id[33];
	struct zf_blob_hash h, mark; /* digests of [0,size) and of [0,mark_size) */
	uint64_t size, mark_size;
};

static int bad_id(struct zf_err *err)
{
	return zf_err_set(err, ZF_EINVAL, "上传编号无效（应为 32 位十六进制）");
}

static int same_stamp(const struct zf_blob_stamp *a, const struct zf_blob_stamp *b)
{
	return a->size == b->size && a->ino == b->ino && a->mtime_ns == b->mtime_ns;
}

void zf_blob_cache_drop(struct zf_blob_store *s, const char *id)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < ZF_BLOB_CACHE; i++)
		if (s->cache[i].used && strcmp(s->cache[i].id, id) == 0) {
			zf_blob_hash_free(&s->cache[i].h);
			memset(&s->cache[i], 0, sizeof(s->cache[i]));
		}
	pthread_mutex_unlock(&s->lock);
}

/* Moves the cached digests of part ID at stamp ST for ALGOS into *H (which
 * is then owned by the caller); 0 when there were none. */
static int cache_take(struct zf_blob_store *s, const char *id, const struct zf_blob_stamp *st,
		      int algos, struct zf_blob_hash *h)
{
	int found = 0;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < ZF_BLOB_CACHE && !found; i++) {
		struct zf_blob_cached *c = &s->cache[i];

		if (!c->used || strcmp(c->id, id) != 0)
			continue;
		if (same_stamp(&c->st, st) && c->h.algos == algos) {
			*h = c->h;
			found = 1;
		} else {
			zf_blob_hash_free(&c->h); /* stale: the bytes changed since */
		}
		memset(c, 0, sizeof(*c));
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

/* Keeps H (taking it over) as the digests of part ID at stamp ST,
 * evicting the least recently kept entry when full. */
static void cache_put(struct zf_blob_store *s, const char *id, const struct zf_blob_stamp *st,
		      struct zf_blob_hash *h)
{
	struct zf_blob_cached *slot = &s->cache[0];

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < ZF_BLOB_CACHE; i++) {
		struct zf_blob_cached *c = &s->cache[i];

		if (c->used && strcmp(c->id, id) == 0) {
			slot = c;
			break;
		}
		if (c->used < slot->used)
			slot = c;
	}
	zf_blob_hash_free(&slot->h);
	memcpy(slot->id, id, sizeof(slot->id));
	slot->st = *st;
	slot->h = *h;
	slot->used = ++s->tick;
	memset(h, 0, sizeof(*h));
	pthread_mutex_unlock(&s->lock);
}

/* Rebuilds P's digests from its stored bytes [0, P->size). */
static int rehash(struct zf_blob_part *p, struct zf_err *err)
{
	unsigned char *buf = malloc(ZF_BLOB_BUF);
	uint64_t off = 0;
	int rc = 0;

	if (!buf)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	while (off < p->size) {
		size_t want = p->size - off < ZF_BLOB_BUF ? (size_t)(p->size - off) : ZF_BLOB_BUF;
		long r = p->s->ops->part_read(p->parth, off, buf, want, err);

		if (r < 0) {
			rc = (int)r;
			break;
		}
		if (r == 0) {
			rc = zf_err_set(err, ZF_ECONFLICT, "上传 %s 的已存数据不完整", p->id);
			break;
		}
		if ((rc = zf_blob_hash_update(&p->h, buf, (size_t)r, err)) < 0)
			break;
		off += (uint64_t)r;
	}
	free(buf);
	return rc;
}

static void part_free(struct zf_blob_part *p)
{
	zf_blob_hash_free(&p->h);
	zf_blob_hash_free(&p->mark);
	free(p);
}

int zf_blob_part_create(struct zf_blob_store *s, const char *id, struct zf_err *err)
{
	if (!zf_blob_is_hex(id, 32))
		return bad_id(err);
	zf_blob_cache_drop(s, id);
	return s->ops->part_create(s->impl, id, err);
}

int zf_blob_part_open(struct zf_blob_store *s, const char *id, uint64_t offset, int algos,
		      struct zf_blob_part **out, struct zf_err *err)
{
	struct zf_blob_part *p;
	struct zf_blob_stamp st;
	int rc;

	*out = NULL;
	if (!zf_blob_is_hex(id, 32))
		return bad_id(err);
	if (!(p = calloc(1, sizeof(*p))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	p->s = s;
	memcpy(p->id, id, sizeof(p->id));
	algos |= ZF_BLOB_SHA256;
	if ((rc = s->ops->part_open(s->impl, id, offset, &p->parth, &st, err)) < 0) {
		free(p);
		return rc;
	}
	p->size = p->mark_size = offset;
	if (!cache_take(s, id, &st, algos, &p->h)) {
		if ((rc = zf_blob_hash_init(&p->h, algos, s->md_sha256, s->md_sm3, err)) < 0 ||
		    (rc = rehash(p, err)) < 0)
			goto fail;
	}
	if ((rc = zf_blob_hash_init(&p->mark, algos, s->md_sha256, s->md_sm3, err)) < 0 ||
	    (rc = zf_blob_hash_copy(&p->mark, &p->h, err)) < 0)
		goto fail;
	*out = p;
	return 0;
fail:
	s->ops->part_close(p->parth);
	part_free(p);
	return rc;
}

void zf_blob_part_mark(struct zf_blob_part *p)
{
	/* Copying between contexts of the same algorithms cannot fail short of
	 * memory; the size is recorded only when the copy took. */
	if (zf_blob_hash_copy(&p->mark, &p->h, NULL) == 0)
		p->mark_size = p->size;
}

int zf_blob_part_write(struct zf_blob_part *p, const void *data, size_t n, struct zf_err *err)
{
	int rc;

	if ((rc = p->s->ops->part_write(p->parth, data, n, err)) < 0)
		return rc;
	p->size += n;
	return zf_blob_hash_update(&p->h, data, n, err);
}

int zf_blob_part_rollback(struct zf_blob_part *p, struct zf_err *err)
{
	int rc;

	if ((rc = p->s->ops->part_truncate(p->parth, p->mark_size, err)) < 0 ||
	    (rc = zf_blob_hash_copy(&p->h, &p->mark, err)) < 0)
		return rc;
	p->size = p->mark_size;
	return 0;
}

int zf_blob_part_sync(struct zf_blob_part *p, uint64_t *size, struct zf_err *err)
{
	int rc = p->s->ops->part_sync(p->parth, err);

	if (rc == 0)
		*size = p->size;
	return rc;
}

int zf_blob_part_finish(struct zf_blob_part *p, struct zf_blob_digest *out, struct zf_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = zf_blob_hash_final(&p->h, out, err)) < 0) {
		zf_blob_part_close(p);
		return rc;
	}
	out->size = p->size;
	zf_blob_cache_drop(p->s, p->id);
	rc = p->s->ops->part_finish(p->parth, out->sha256, err);
	part_free(p);
	return rc;
}

void zf_blob_part_close(struct zf_blob_part *p)
{
	struct zf_blob_stamp st;

	if (!p)
		return;
	/* The stamp is read while the hold is still ours: nobody changed the bytes. */
	if (p->s->ops->part_stamp(p->parth, &st, NULL) == 0 && st.size == p->size)
		cache_put(p->s, p->id, &st, &p->h);
	p->s->ops->part_close(p->parth);
	part_free(p);
}

int zf_blob_part_remove(struct zf_blob_store *s, const char *id, struct zf_err *err)
{
	if (!zf_blob_is_hex(id, 32))
		return bad_id(err);
	zf_blob_cache_drop(s, id);
	return s->ops->part_remove(s->impl, id, err);
}
