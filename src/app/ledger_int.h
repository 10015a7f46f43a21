/* Internal to app/ledger*.c: the hash reader over the database, the data-folder files, checkpoint notes. */
#ifndef ZF_APP_LEDGER_INT_H
#define ZF_APP_LEDGER_INT_H
#include <stddef.h>
#include <stdint.h>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/err.h"

#define ZF_LOG_READER_SLOTS 4
#define ZF_LOG_TILE_CACHE 128 /* full tile rows an application keeps (8 KiB each) */

/* A bounded, thread-safe LRU cache of FULL tile rows (all 256 hashes
 * present), decoded, keyed by (level, tile). A full row never changes once
 * committed, so any reader of committed data may use it whatever other
 * processes write to the database; partial rows are never cached. One per
 * struct zf_app (app->log_tiles). */
struct zf_log_tiles;

/* *OUT gets a new, empty cache; ZF_ENOMEM-style -1 when out of memory. */
int zf_app_log_tiles_new(struct zf_log_tiles **out);
void zf_app_log_tiles_free(struct zf_log_tiles *c);

/* A zf_hash_reader over the stored hashes of DB (levels 0, 8, 16, ...) that
 * reads a whole tile row at a time and keeps the last few: proofs and roots
 * touch a handful of tiles. Allocate it (it is ~33 KiB), zf_app_log_reader_init,
 * pass it as the reader's context. Errors end up in *ERR (may be NULL). */
struct zf_log_reader {
	struct zf_db *db;
	struct zf_err *err;
	/* Full rows are looked up in and added to it when set: only for reads of
	 * committed data (a read snapshot), never inside a write transaction,
	 * whose rows may yet roll back. NULL after zf_app_log_reader_init. */
	struct zf_log_tiles *cache;
	int next; /* the slot to replace next */
	struct {
		int used;
		int64_t level;
		int64_t tile; /* index of the tile row: idx / 256 */
		int n;        /* hashes present from the row's start */
		zf_hash h[ZF_TILE_WIDTH];
	} slot[ZF_LOG_READER_SLOTS];
};

void zf_app_log_reader_init(struct zf_log_reader *r, struct zf_db *db, struct zf_err *err);

/* The zf_hash_reader of a struct zf_log_reader. */
int zf_app_log_reader_read(void *ctx, int level, uint64_t idx, zf_hash out);

/* DIR/NAME into OUT (N bytes); 0 or ZF_EINVAL when it does not fit. */
int zf_app_log_path(const char *dir, const char *name, char *out, size_t n, struct zf_err *err);

/* Reads the checkpoint kept in DIR (ZF_LOG_CHECKPOINT_FILE) into *NOTE
 * (malloc'd, NUL-terminated; the caller frees) and *LEN. ZF_ENOTFOUND when
 * there is none. */
int zf_app_log_kept_read(const char *dir, char **note, size_t *len, struct zf_err *err);

/* Opens the signed checkpoint NOTE (LEN bytes) with V and parses its body:
 * the origin must be V's key name. *SIZE and ROOT get the tree head.
 * ZF_EINVAL with a message naming WHAT (e.g. "log_checkpoint size 12") when
 * the signature or the body does not hold. */
int zf_app_log_note_open(const struct zf_verifier *v, const char *note, size_t len,
			 const char *what, uint64_t *size, zf_hash root, struct zf_err *err);

/* A live record as the log's walks see it. */
struct zf_log_record {
	const char *table;  /* the row's table, for messages ("body", "case_step", ...) */
	const char *entity; /* the entity of its history rows ("body", "case_step", "document") */
	int64_t id;
	char *canon;        /* its canonical JSON (malloc'd, the callee frees it) */
	/* NULL when CANON is the whole after_json of its history; otherwise what
	 * CANON stands for in an after_json: a malloc'd JSON text compared with
	 * CANON, NULL when out of memory. */
	char *(*project)(const char *after_json);
	const char *hint;   /* why a row may lack a logged history row, for messages */
};

/* What the walks call for each live record R (R->canon is the callee's);
 * A is scratch space that lives through the walk. 0 to go on, anything
 * else stops the walk and is returned. */
typedef int (*zf_log_record_fn)(void *ctx, struct zf_arena *a, struct zf_log_record *r);

/* Walks every live record the log covers and the baseline logs (bodies,
 * officers, accounts) in DB with FN, whole after_json each. Secrets read on
 * the way are wiped. 0, FN's result or an error. */
int zf_app_log_records(struct zf_db *db, zf_log_record_fn fn, void *ctx, struct zf_err *err);

/* Walks the training rows in DB with FN, page by page (entity "training",
 * CANON the row's canonical JSON, the whole after_json of its history row;
 * app/training.c). 0, FN's result or an error. */
int zf_app_log_training_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
				struct zf_err *err);

/* Walks the insert-only case rows in DB with FN, page by page: every step
 * ("case_step", CANON its projection: case_id, seq, step, values, officer
 * ids, occurred_on, place, performed_at, corrects_id, with PROJECT giving
 * the same of a history row) and every document ("case_document", entity
 * "document", CANON {data_json: the text, number, doc_type} of the row,
 * PROJECT giving {data_json: after_json, its number, its doc_type}).
 * 0, FN's result or an error. */
int zf_app_log_case_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
			    struct zf_err *err);

/* Walks the evidence items in DB with FN ("evidence", CANON the projection
 * of the immutable columns — step_id and the preview columns excluded —
 * with PROJECT giving the same of a history row, app/evidence_int.h), then
 * every custody row ("evidence_custody", CANON the whole after_json).
 * 0, FN's result or an error. */
int zf_app_log_evidence_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
				struct zf_err *err);

#endif
