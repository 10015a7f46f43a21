/* The record log in app/: entries appended by use cases, the sequencer that integrates and signs, what /log/ serves, and the verification from rows. */
#ifndef ZF_APP_LEDGER_H
#define ZF_APP_LEDGER_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/tx.h"
#include "store/db.h"
#include "store/history.h"
#include "util/arena.h"

/* At most this many pending entries are integrated by one sequencer step;
 * the server runs a step every ZF_LOG_PERIOD_MS, at once again after a full
 * batch. */
#define ZF_LOG_BATCH 256
#define ZF_LOG_PERIOD_MS 250

/* The files the log keeps in the data folder: the signing key (mode 0600)
 * and the last checkpoint this installation signed. */
#define ZF_LOG_KEY_FILE "log.key"
#define ZF_LOG_CHECKPOINT_FILE "checkpoint"

/* The default origin of a new log from the host name HOST (gethostname;
 * may be NULL): "<host>/zhifa-log" (lower case, a trailing dot dropped) when
 * HOST is a fully qualified name — it has a dot, does not end in ".local" or
 * ".localdomain", and is printable ASCII without spaces or '+' — otherwise a
 * generated unique "zhifa.invalid/<16 hex>/log". Into OUT (N bytes, at least
 * 64); 0, ZF_EINVAL when HOST's origin does not fit, or ZF_ERROR without
 * randomness. */
int zf_app_log_origin_default(const char *host, char *out, size_t n, struct zf_err *err);

/* ---- appending: inside a use case's write transaction ---- */

/* Appends one pending entry (ledger/entry.h) of TYPE (a word such as
 * "officer_update") committing to row KEY of TABLE, whose canonical data is
 * DATA salted with SALT (64 hex, which the caller keeps beside the row): time
 * tx->now, actor the pseudonym of tx->actor->account_id under the meta secret
 * "actor_secret" (created here, in the transaction, at first use). It
 * commits or rolls back with the change. 0 or an error in ERR. */
int zf_app_log_append(struct zf_tx *tx, const char *type, const char *table, int64_t key,
		      const char *salt, const char *data, struct zf_err *err);

/* Writes history row H with a fresh salt and appends the entry committing to
 * it: type H->action, record "history:<id>", data H->after_json. H's time and
 * actor are set to the transaction's (tx->now, tx->actor). The new row's id
 * goes to *ID (may be NULL). H is borrowed. */
int zf_app_log_history(struct zf_tx *tx, const struct zf_history *h, int64_t *id,
		       struct zf_err *err);

/* ---- signing: the sequencer ---- */

/* What signs the log of one application: its key, the data folder, the
 * verifier of its own checkpoints. */
struct zf_ledger;

/* Opens the signer of APP: loads DATA/log.key (DATA = app->data_dir) and
 * checks that it is the key whose public half the database has on record
 * (meta "log_vkey"). When the key file is missing and the database holds no
 * signed checkpoint (a new installation, or one from before the log), it is
 * created for the origin in meta "origin" (generated when unset), its
 * verifier key recorded, and every live body, officer and account without a
 * logged history row gets one (action "<entity>_baseline"), so that the log
 * covers every record from now on. Refuses (ZF_ECONFLICT, with a message for
 * the operator) a missing key when checkpoints exist, and a key that is not
 * the recorded one. Free with zf_app_log_close. */
int zf_app_log_open(struct zf_ledger **out, struct zf_app *app, struct zf_err *err);
void zf_app_log_close(struct zf_ledger *lg);

/* One sequencer step. Without the write lock, returns at once when nothing
 * is pending and the tree's size has its checkpoint. Otherwise, in one write
 * transaction: takes up to ZF_LOG_BATCH pending entries in id order, makes
 * them leaves size, size+1, ..., stores the new complete-subtree hashes
 * (levels 0, 8, 16, ...), advances the state row (the serialisation point:
 * a concurrent sequencer on another server makes this step give up, which
 * is no error), checks that the tree extends the checkpoint in
 * DATA/checkpoint, signs the new checkpoint and records it; after the
 * commit, replaces DATA/checkpoint atomically. When the tree does not extend
 * the kept checkpoint (a database restored from an older backup, a truncated
 * log) nothing is written and ZF_ECONFLICT tells the operator what is
 * missing. *N (may be NULL) gets the number of entries integrated.
 * Thread-safe for one LG per thread; several processes may run it at once. */
int zf_app_log_step(struct zf_ledger *lg, int *n, struct zf_err *err);

/* ---- serving /log/ (public, read-only) ---- */

/* The latest signed checkpoint (a C2SP signed note) into *NOTE (A's) and
 * *LEN. ZF_ENOTFOUND before the first. */
int zf_app_log_checkpoint(struct zf_app *app, struct zf_arena *a, char **note, size_t *len,
			  struct zf_err *err);

/* The log's verifier key line "<name>+<hex id>+<base64>" into *VKEY (A's).
 * ZF_ENOTFOUND before the key exists. */
int zf_app_log_vkey(struct zf_app *app, struct zf_arena *a, char **vkey, struct zf_err *err);

/* The tlog-tiles resource PATH, the part after "tile/" ("<L>/<N>[.p/<W>]" or
 * "entries/<N>[.p/<W>]"): the tile's hashes or the entry bundle into *DATA
 * (A's) and *LEN; *FULL is 1 for a full tile (immutable). ZF_EINVAL when
 * PATH is not canonical; ZF_ENOTFOUND when the tree has not that tile (yet). */
int zf_app_log_tile(struct zf_app *app, struct zf_arena *a, const char *path, char **data,
		    size_t *len, int *full, struct zf_err *err);

/* A c2sp.org/tlog-proof@v1 file for the entry at INDEX against the latest
 * checkpoint: "extra" holds the entry's bytes (base64), then the index, the
 * inclusion path and the checkpoint. Into *TEXT (A's) and *LEN.
 * ZF_ENOTFOUND when the latest checkpoint does not cover INDEX. */
int zf_app_log_proof(struct zf_app *app, struct zf_arena *a, int64_t index, char **text,
		     size_t *len, struct zf_err *err);

/* ---- verification from the rows ---- */

/* What zf_app_log_verify checked. */
struct zf_log_report {
	int64_t leaves;      /* entries in the tree */
	int64_t pending;     /* entries not yet integrated */
	int64_t history;     /* history rows committed to (salted) */
	int64_t records;     /* live rows compared: registry, accounts, case steps, documents, training */
	int64_t hashes;      /* stored subtree hashes rebuilt */
	int64_t checkpoints; /* signed checkpoints verified */
	int64_t kept_size;   /* size of DATA/checkpoint, -1 when absent */
};

/* Verifies the log of DB from the data itself, in one read snapshot:
 * every entry (leaves, then pending) parses and commits to an existing
 * history row (salt + after_json, type, time, actor pseudonym); every salted
 * history row is committed to by exactly one entry, and no unsalted row
 * follows the first salted one; the leaves are contiguous and rebuild every
 * stored hash and the state row; every checkpoint's root is the rebuilt root
 * at its size, its signature verifies with DATA_DIR/log.key, and each is
 * consistent with the previous one (a proof from the rebuilt tree checked
 * against the two signed roots); DATA_DIR/checkpoint, when present, is
 * signed by the key and contained in the tree; every live body, officer and
 * account equals the after_json of its latest history row, which is
 * salted; every case step and document matches its latest history row,
 * which is salted: a "case_step" row its entity "case_step" on case_id,
 * seq, step code, values, officer ids, occurred_on, place, performed_at and
 * corrects_id (key by key), a "case_document" row its entity "document" on
 * data_json (the same text) and the data's number and doc_type; every
 * evidence item its entity "evidence" on the immutable columns (digests,
 * size, file name, media, capture metadata), every custody row its entity
 * "evidence_custody" whole. Returns 0
 * when all holds; otherwise ZF_ECONFLICT with the first
 * mismatch in ERR (table, key, what differs), or another error when the
 * check could not run. REP (may be NULL) gets the counts. */
int zf_app_log_verify(struct zf_db *db, const char *data_dir, struct zf_log_report *rep,
		      struct zf_err *err);

#endif
