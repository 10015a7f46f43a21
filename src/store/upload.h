/* Repository of resumable uploads (table upload): the tus state of each upload. */
#ifndef ZF_STORE_UPLOAD_H
#define ZF_STORE_UPLOAD_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One row of table upload (strings in the caller's arena when read). */
struct zf_store_upload {
	const char *id;
	int64_t body_id, account_id;
	const char *filename, *filetype;
	int64_t length, received;
	const char *state;
	const char *sha256, *sm3;
	int64_t created_at, updated_at, expires_at;
};

/* Inserts U (state "open", received 0); ZF_ECONFLICT when the id exists. */
int zf_store_upload_insert(struct zf_db *db, const struct zf_store_upload *u, struct zf_err *err);

/* Reads upload ID into *OUT (strings in A); ZF_ENOTFOUND when absent. */
int zf_store_upload_get(struct zf_db *db, struct zf_arena *a, const char *id,
			struct zf_store_upload *out, struct zf_err *err);

/* Records RECEIVED (the durable offset) of open upload ID at NOW;
 * ZF_ENOTFOUND when it is not open. */
int zf_store_upload_received(struct zf_db *db, const char *id, int64_t received, int64_t now,
			     struct zf_err *err);

/* Marks open upload ID complete with all its bytes and digests SHA256/SM3. */
int zf_store_upload_complete(struct zf_db *db, const char *id, const char *sha256,
			     const char *sm3, int64_t now, struct zf_err *err);

/* Moves upload ID from "open" or "complete" to STATE ("terminated" or
 * "expired") at NOW; ZF_ENOTFOUND when it is in neither. */
int zf_store_upload_close(struct zf_db *db, const char *id, const char *state, int64_t now,
			  struct zf_err *err);

/* At most LIMIT open or complete uploads whose expires_at is before NOW,
 * oldest first: *ROWS (in A) and *N. */
int zf_store_upload_expired(struct zf_db *db, struct zf_arena *a, int64_t now, int limit,
			    struct zf_store_upload **rows, size_t *n, struct zf_err *err);

#endif
