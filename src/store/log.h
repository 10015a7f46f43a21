/* Repositories of the record log: pending entries, leaves, stored subtree hashes, the tree state, signed checkpoints. */
#ifndef ZF_STORE_LOG_H
#define ZF_STORE_LOG_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* An entry: a pending one (id, created_at) or a leaf (idx, integrated_at).
 * Entries are zhifa-entry/v1 text (ledger/entry.h). */
struct zf_log_row {
	int64_t id;
	const char *entry;
	int64_t at;
};

/* One stored complete-subtree hash (base64) at LEVEL, a multiple of 8. */
struct zf_log_hash {
	int64_t level;
	int64_t idx;
	const char *hash;
};

/* The tree's size and right edge (zf_compact_encode text). */
struct zf_log_state {
	int64_t size;
	const char *compact;
	int64_t updated_at;
};

/* A signed checkpoint: the tree SIZE, its ROOT (base64) and the signed note. */
struct zf_log_checkpoint {
	int64_t size;
	const char *root;
	const char *note;
	int64_t signed_at;
};

/* ---- pending entries (written by every logged change) ---- */

/* Adds ENTRY as pending at NOW; the id goes to *ID (may be NULL). Call in the
 * transaction of the change the entry commits to. */
int zf_store_log_pending_add(struct zf_db *db, int64_t now, const char *entry, int64_t *id,
			     struct zf_err *err);

/* Lists up to LIMIT pending entries with id > AFTER in id order (commit
 * order, since writers are serialised). Array and strings in A. */
int zf_store_log_pending_list(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			      struct zf_log_row **out, size_t *n, struct zf_err *err);

/* Deletes the pending entries with id <= LAST (once they are leaves);
 * *COUNT gets how many went. */
int zf_store_log_pending_delete_upto(struct zf_db *db, int64_t last, int64_t *count,
				     struct zf_err *err);

/* 1 when some entry is pending, 0 when none, or an error. */
int zf_store_log_pending_any(struct zf_db *db, struct zf_err *err);

/* ---- the tree (written by the sequencer under the write lock) ---- */

/* Adds leaf IDX with ENTRY integrated at NOW. ZF_ECONFLICT when IDX exists. */
int zf_store_log_leaf_add(struct zf_db *db, int64_t idx, const char *entry, int64_t now,
			  struct zf_err *err);

/* Lists the leaves with LO <= idx < HI in index order (at most HI-LO rows). */
int zf_store_log_leaf_range(struct zf_db *db, struct zf_arena *a, int64_t lo, int64_t hi,
			    struct zf_log_row **out, size_t *n, struct zf_err *err);

/* Adds the hash (base64) of the complete subtree at LEVEL with index IDX. */
int zf_store_log_hash_add(struct zf_db *db, int64_t level, int64_t idx, const char *hash,
			  struct zf_err *err);

/* Lists the stored hashes at LEVEL with LO <= idx < HI in index order. */
int zf_store_log_hash_range(struct zf_db *db, struct zf_arena *a, int64_t level, int64_t lo,
			    int64_t hi, struct zf_log_hash **out, size_t *n, struct zf_err *err);

/* Lists up to LIMIT stored hashes after (LEVEL, IDX) in (level, idx) order:
 * the whole table read page by page. */
int zf_store_log_hash_page(struct zf_db *db, struct zf_arena *a, int64_t level, int64_t idx,
			   int limit, struct zf_log_hash **out, size_t *n, struct zf_err *err);

/* Creates the state row of the empty tree unless it exists. */
int zf_store_log_state_init(struct zf_db *db, struct zf_err *err);

/* Reads the state; the empty tree (size 0, compact "0") when there is no
 * state row yet. */
int zf_store_log_state_get(struct zf_db *db, struct zf_arena *a, struct zf_log_state *out,
			   struct zf_err *err);

/* Moves the state from size OLD to SIZE with COMPACT at NOW: the
 * serialisation point of the log. ZF_ECONFLICT when the size is no longer
 * OLD (another sequencer integrated meanwhile) or the row is missing. */
int zf_store_log_state_advance(struct zf_db *db, int64_t old, int64_t size, const char *compact,
			       int64_t now, struct zf_err *err);

/* ---- checkpoints ---- */

/* Adds checkpoint CP. ZF_ECONFLICT when one of that size exists. */
int zf_store_log_checkpoint_add(struct zf_db *db, const struct zf_log_checkpoint *cp,
				struct zf_err *err);

/* Reads the checkpoint of the largest size. ZF_ENOTFOUND when none. */
int zf_store_log_checkpoint_latest(struct zf_db *db, struct zf_arena *a,
				   struct zf_log_checkpoint *out, struct zf_err *err);

/* Reads the checkpoint of SIZE. ZF_ENOTFOUND when none. */
int zf_store_log_checkpoint_get(struct zf_db *db, struct zf_arena *a, int64_t size,
				struct zf_log_checkpoint *out, struct zf_err *err);

/* Lists up to LIMIT checkpoints of size > AFTER (-1 for all) by size. */
int zf_store_log_checkpoint_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
				 struct zf_log_checkpoint **out, size_t *n, struct zf_err *err);

#endif
