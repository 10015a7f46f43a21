/* Use cases of resumable uploads (the tus 1.0 protocol's state): create, append a chunk, read the offset, terminate, expire; a complete upload becomes a blob, later attached to a case step as evidence (app/evidence.h). */
#ifndef ZF_APP_UPLOAD_H
#define ZF_APP_UPLOAD_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "blob/blob.h"
#include "util/arena.h"

/* Size limits (docs/evidence.md): the default allows body-camera video of
 * at least 8 GiB; a `filetype` in Upload-Metadata selects a tighter one:
 * image/... 64 MiB, audio/... 2 GiB, application/pdf and other documents
 * 256 MiB, video/... the default. Settings may lower or raise them
 * (zf_upload_limits). */
#define ZF_UPLOAD_MAX_DEFAULT ((uint64_t)16 << 30)
#define ZF_UPLOAD_EXPIRE_DAYS_DEFAULT 7

struct zf_upload_limits {
	uint64_t max_default;      /* bytes; >= 8 GiB */
	uint64_t max_image, max_audio, max_document;
	int expire_days;           /* unattached uploads expire after this many days */
};

/* One upload as its owner sees it. */
struct zf_upload {
	char id[33];               /* 32 lowercase hex */
	int64_t body_id, account_id;
	const char *filename;
	const char *filetype;      /* the client's claim, "" when none */
	uint64_t length, received;
	const char *state;         /* "open", "complete", "attached", "terminated", "expired" */
	struct zf_blob_digest digest; /* set when complete */
	int64_t created_at, expires_at;
};

/* The limits in force for APP (settings file / defaults). */
void zf_upload_limits_get(const struct zf_app *app, struct zf_upload_limits *out);

/* The blob store of APP (opened by zf_app_open from DATA/blobs, or the
 * folder settings name; never NULL once the app is open). */
struct zf_blob_store *zf_app_blobs(struct zf_app *app);

/* Creates an upload of LENGTH bytes named FILENAME (1..255 bytes of UTF-8,
 * no '/' or control characters; ZF_EINVAL naming "filename") for ACTOR
 * (ZF_PERM_EVIDENCE_WRITE): LENGTH above the limit FILETYPE selects is
 * ZF_ETOOBIG with a Chinese message giving the limit. The row and the empty
 * partial file are created; *OUT filled (in A). Audited. */
int zf_app_upload_create(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 const char *filename, const char *filetype, uint64_t length,
			 struct zf_upload *out, struct zf_err *err);

/* Reads upload ID for ACTOR: only its owner (and only while open or
 * complete); ZF_ENOTFOUND otherwise (never saying whose it is). */
int zf_app_upload_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      const char *id, struct zf_upload *out, struct zf_err *err);

/* A chunk being appended (one PATCH). */
struct zf_upload_chunk;

/* Begins appending to upload ID at OFFSET (the client's Upload-Offset):
 * ZF_ECONFLICT when OFFSET is not the recorded offset (tus: 409), ZF_EBUSY
 * when another request is appending (423), ZF_ENOTFOUND as for get,
 * ZF_ECONFLICT when complete already. CHECKSUM_ALGO / CHECKSUM (may be
 * NULL: none) are the Upload-Checksum header's parts: "sha1" or "sha256"
 * and the base64 digest of this chunk (anything else ZF_EINVAL; tus: 400).
 * DECLARED is the chunk's Content-Length (-1 when chunked): a chunk that
 * would pass the upload's length is refused (ZF_ETOOBIG). */
int zf_app_upload_chunk_begin(struct zf_app *app, const struct zf_actor *actor,
			      const char *id, uint64_t offset, const char *checksum_algo,
			      const char *checksum, int64_t declared,
			      struct zf_upload_chunk **out, struct zf_err *err);

/* Appends N bytes (ZF_ETOOBIG past the upload's length). */
int zf_app_upload_chunk_write(struct zf_upload_chunk *c, const void *p, size_t n,
			      struct zf_err *err);

/* Ends the chunk and frees C. COMPLETE 1 when the whole request body
 * arrived, 0 when the connection broke. With a checksum: a complete chunk
 * whose digest does not match is discarded (ZF_ECHECKSUM, tus 460), an
 * incomplete one too; without: every byte received is kept. The kept bytes
 * are made durable (fsync) and the offset recorded before this returns;
 * when the upload is then whole it is finished: digests (SHA-256, SM3 when
 * the body enables 国密), moved into the store, state "complete". *OUT
 * (may be NULL) gets the upload after the chunk (in A). */
int zf_app_upload_chunk_end(struct zf_upload_chunk *c, int complete, struct zf_arena *a,
			    struct zf_upload *out, struct zf_err *err);

/* Terminates upload ID (its owner; not once attached): state "terminated",
 * partial bytes deleted. Audited. */
int zf_app_upload_terminate(struct zf_app *app, const struct zf_actor *actor, const char *id,
			    struct zf_err *err);

/* Stores a small file given whole (the page's multipart upload): as
 * create + one chunk + finish, streaming from READ (called until it returns
 * 0; negative = error) so memory stays flat. */
int zf_app_upload_stream(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 const char *filename, const char *filetype, uint64_t length,
			 long (*read)(void *ctx, void *buf, size_t n), void *ctx,
			 struct zf_upload *out, struct zf_err *err);

/* Housekeeping: open or complete uploads past expires_at become "expired"
 * and the partial bytes of open ones are deleted (blobs are never deleted:
 * the bytes of a complete upload may be another item's evidence, being
 * content-addressed). The number expired goes to *N. */
int zf_app_upload_expire(struct zf_app *app, int64_t *n, struct zf_err *err);

#endif
