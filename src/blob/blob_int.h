/* Internals of the blob store shared by its files: the backend operations table, the store handle, and streaming digest contexts. */
#ifndef ZF_BLOB_BLOB_INT_H
#define ZF_BLOB_BLOB_INT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "blob/blob.h"

/* Buffer for streaming reads (rehash, verify): fixed, so memory stays flat. */
#define ZF_BLOB_BUF (128 * 1024)
/* Digest states of released parts kept per process (resumed uploads). */
#define ZF_BLOB_CACHE 32

/* Streaming digests of the algorithms chosen at init. */
struct zf_blob_hash {
	int algos;
	EVP_MD_CTX *sha256, *sm3;
};

/* The identity of a partial file's bytes: a cached digest state is valid
 * only for the same file at the same size and modification stamp. */
struct zf_blob_stamp {
	uint64_t size, ino, mtime_ns;
};

/* What a backend implements. A "sink" is a new blob being written; a
 * "parth" is a held partial upload. Every function fills ERR on failure. */
struct zf_blob_ops {
	void (*close)(void *impl);
	int (*store_id)(void *impl, char id[33], struct zf_err *err);
	int (*sink_new)(void *impl, void **sink, struct zf_err *err);
	int (*sink_write)(void *sink, const void *p, size_t n, struct zf_err *err);
	/* Durably stores the sink under SHA256 (dropping it when present) and frees it. */
	int (*sink_commit)(void *sink, const char *sha256, struct zf_err *err);
	void (*sink_abort)(void *sink);
	int (*exists)(void *impl, const char *sha256);
	int (*open_fd)(void *impl, const char *sha256, int *fd, uint64_t *size, struct zf_err *err);
	int (*local_path)(void *impl, const char *sha256, char *out, size_t n, struct zf_err *err);
	int (*part_create)(void *impl, const char *id, struct zf_err *err);
	/* Holds part ID exclusively, cuts it to OFFSET; *ST its stamp after. */
	int (*part_open)(void *impl, const char *id, uint64_t offset, void **parth,
			 struct zf_blob_stamp *st, struct zf_err *err);
	/* Reads up to N bytes at OFF; returns the count (0 at the end) or < 0. */
	long (*part_read)(void *parth, uint64_t off, void *buf, size_t n, struct zf_err *err);
	int (*part_write)(void *parth, const void *p, size_t n, struct zf_err *err);
	int (*part_truncate)(void *parth, uint64_t size, struct zf_err *err);
	int (*part_sync)(void *parth, struct zf_err *err);
	int (*part_stamp)(void *parth, struct zf_blob_stamp *st, struct zf_err *err);
	/* Durably moves the part into the store under SHA256 and frees PARTH. */
	int (*part_finish)(void *parth, const char *sha256, struct zf_err *err);
	/* Releases the hold and frees PARTH. */
	void (*part_close)(void *parth);
	int (*part_remove)(void *impl, const char *id, struct zf_err *err);
};

/* A cached digest state of a released part. */
struct zf_blob_cached {
	char id[33];
	struct zf_blob_stamp st;
	struct zf_blob_hash h;
	uint64_t used; /* LRU tick; 0 = empty slot */
};

struct zf_blob_store {
	const struct zf_blob_ops *ops;
	void *impl;
	EVP_MD *md_sha256, *md_sm3; /* fetched once; md_sm3 NULL when unavailable */
	pthread_mutex_t lock;       /* guards cache and tick */
	uint64_t tick;
	struct zf_blob_cached cache[ZF_BLOB_CACHE];
};

/* The local file-system backend (local.c). */
int zf_blob_local_backend(const char *dir, const struct zf_blob_ops **ops, void **impl,
			  struct zf_err *err);

/* 1 when S is N lowercase hex characters and nothing more. */
int zf_blob_is_hex(const char *s, size_t n);

/* Digest contexts (digest.c). zf_blob_hash_init gets H ready for ALGOS with
 * the store's fetched algorithms (MD256/MDSM3); ZF_ENOTSUP when SM3 is asked
 * for and unavailable. zf_blob_hash_copy makes DST (initialised) a copy of SRC. */
int zf_blob_hash_init(struct zf_blob_hash *h, int algos, const EVP_MD *md256, const EVP_MD *mdsm3,
		      struct zf_err *err);
int zf_blob_hash_update(struct zf_blob_hash *h, const void *p, size_t n, struct zf_err *err);
int zf_blob_hash_copy(struct zf_blob_hash *dst, const struct zf_blob_hash *src, struct zf_err *err);
/* Writes the hex digests of H into OUT (H may go on being used: it finalises copies). */
int zf_blob_hash_final(const struct zf_blob_hash *h, struct zf_blob_digest *out, struct zf_err *err);
void zf_blob_hash_free(struct zf_blob_hash *h);

/* Part digest cache (part.c): drops the entries of upload ID. */
void zf_blob_cache_drop(struct zf_blob_store *s, const char *id);

#endif
