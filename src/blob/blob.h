/* The evidence byte store: content-addressed by SHA-256, written by streaming (temporary file, fsync, rename, directory fsync), read back with verification, partial areas for resumable uploads; a backend interface an S3-compatible store can implement later. */
#ifndef ZF_BLOB_BLOB_H
#define ZF_BLOB_BLOB_H
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Digest algorithms computed while streaming. SHA-256 always (it is the
 * address); SM3 (GB/T 32905) when a body enables 国密. */
enum { ZF_BLOB_SHA256 = 1, ZF_BLOB_SM3 = 2 };

/* Digests of one byte stream, lowercase hex ("" when not computed). */
struct zf_blob_digest {
	char sha256[65];
	char sm3[65];
	uint64_t size;
};

/* An open store. The local backend (zf_blob_open_local) keeps, under DIR:
 *   sha256/ab/cd/<64 hex>       a stored blob (mode 0440, never rewritten)
 *   partial/<id>                 the bytes of an unfinished upload
 *   tmp/                         temporary files of writers in progress
 *   store-id                     the store's identity (see zf_blob_store_id)
 * Thread-safe: any number of readers and writers at once, in several
 * processes (and several servers when DIR is shared storage). */
struct zf_blob_store;

/* Opens (creating the folders, mode 0750) the local store in DIR. ZF_EINVAL
 * naming the folder when it cannot be created or written. Free with
 * zf_blob_close. */
int zf_blob_open_local(const char *dir, struct zf_blob_store **out, struct zf_err *err);
void zf_blob_close(struct zf_blob_store *s);

/* The store's identity: a random 32-hex name written to DIR/store-id the
 * first time (atomically; an existing one is kept), read into ID (33 bytes).
 * Servers compare it with the one the database records (meta "blob_store_id")
 * so that a server whose folder is not the shared one refuses to start
 * (docs/operations.md). */
int zf_blob_store_id(struct zf_blob_store *s, char id[33], struct zf_err *err);

/* ---- writing a blob by streaming ---- */

/* A blob being written: bytes go to a temporary file while the digests of
 * ALGOS (ZF_BLOB_SHA256 | ZF_BLOB_SM3) are updated; memory stays constant. */
struct zf_blob_writer;

int zf_blob_writer_new(struct zf_blob_store *s, int algos, struct zf_blob_writer **out,
		       struct zf_err *err);
/* Appends N bytes. ZF_ETOOBIG once more than MAX bytes would have been
 * written when the writer was given a limit (zf_blob_writer_limit). */
int zf_blob_write(struct zf_blob_writer *w, const void *p, size_t n, struct zf_err *err);
/* At most MAX bytes will be accepted (0 = no limit). */
void zf_blob_writer_limit(struct zf_blob_writer *w, uint64_t max);
/* Finishes W: fsync, rename to its address, fsync of the directory; when a
 * blob with the same SHA-256 exists already the temporary file is dropped
 * (deduplication). *OUT gets the digests. W is freed whatever the result. */
int zf_blob_commit(struct zf_blob_writer *w, struct zf_blob_digest *out, struct zf_err *err);
/* Drops W and its temporary file (NULL is a no-op). */
void zf_blob_abort(struct zf_blob_writer *w);

/* ---- reading ---- */

/* 1 when the blob SHA256 (64 hex) is stored, 0 when not. */
int zf_blob_exists(struct zf_blob_store *s, const char *sha256);

/* Opens blob SHA256 for reading: *FD (the caller closes it; MHD may take
 * it for a file response) and *SIZE. ZF_ENOTFOUND when absent, ZF_EINVAL
 * for a malformed name. Does not verify: see zf_blob_verify. */
int zf_blob_open_fd(struct zf_blob_store *s, const char *sha256, int *fd, uint64_t *size,
		    struct zf_err *err);

/* Rehashes blob SHA256 (streaming, ALGOS) into *OUT and checks that its
 * SHA-256 is its name: 0 when it is, ZF_EINTEGRITY with a message naming
 * the blob when a byte changed, ZF_ENOTFOUND when it is missing. */
int zf_blob_verify(struct zf_blob_store *s, const char *sha256, int algos,
		   struct zf_blob_digest *out, struct zf_err *err);

/* The local file path of blob SHA256 into OUT (N bytes): for tools that
 * need a file name (ffmpeg); ZF_ENOTSUP on a backend without local files. */
int zf_blob_local_path(struct zf_blob_store *s, const char *sha256, char *out, size_t n,
		       struct zf_err *err);

/* ---- partial uploads (the tus protocol's bytes) ---- */

/* ID is the upload's name: 32 lowercase hex (anything else is ZF_EINVAL). */

/* Creates the empty partial file of upload ID (ZF_ECONFLICT when it exists). */
int zf_blob_part_create(struct zf_blob_store *s, const char *id, struct zf_err *err);

/* An exclusive hold on partial upload ID for appending (an advisory lock on
 * the file, so two requests — in one process or several — never append at
 * once; ZF_EBUSY when another holds it). The part's digests cover its bytes
 * from 0 to the current size: kept in memory for the holder; a part opened
 * without them (another process wrote the prefix, or after a restart) has
 * its stored prefix rehashed first. */
struct zf_blob_part;

/* Opens upload ID for appending at OFFSET, which must be the durable size
 * the caller has on record: bytes past it (a chunk that was never
 * acknowledged) are cut off first. ZF_ENOTFOUND when there is no such part;
 * ZF_ECONFLICT when the file is shorter than OFFSET. ALGOS as for writers. */
int zf_blob_part_open(struct zf_blob_store *s, const char *id, uint64_t offset, int algos,
		      struct zf_blob_part **out, struct zf_err *err);

/* Marks the start of a chunk: zf_blob_part_rollback returns to this point. */
void zf_blob_part_mark(struct zf_blob_part *p);
/* Appends N bytes to the chunk. */
int zf_blob_part_write(struct zf_blob_part *p, const void *data, size_t n, struct zf_err *err);
/* Discards the bytes written since the last mark (file truncated, digests
 * restored): for a chunk whose checksum did not match. */
int zf_blob_part_rollback(struct zf_blob_part *p, struct zf_err *err);
/* Makes the bytes written so far durable (fsync) and returns the new size:
 * the offset to record. */
int zf_blob_part_sync(struct zf_blob_part *p, uint64_t *size, struct zf_err *err);
/* Once every byte is there: fsync, move the part into the store under its
 * SHA-256 (dropping it when that blob exists), *OUT the digests. P is
 * freed whatever the result. */
int zf_blob_part_finish(struct zf_blob_part *p, struct zf_blob_digest *out, struct zf_err *err);
/* Releases the hold (keeps the bytes; their digests stay cached in this
 * process for the next open at the same size). NULL is a no-op. */
void zf_blob_part_close(struct zf_blob_part *p);
/* Deletes the partial file of upload ID (termination, expiry); absent is 0. */
int zf_blob_part_remove(struct zf_blob_store *s, const char *id, struct zf_err *err);

/* ---- digests of memory (chunk checksums, tests) ---- */

/* Hex SHA-256 and SM3 of N bytes at P into OUT (ALGOS as above). */
int zf_blob_digest_mem(const void *p, size_t n, int algos, struct zf_blob_digest *out);

#endif
