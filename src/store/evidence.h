/* Repositories of evidence items, their withdrawals, custody trail and playback sessions (schema 6): one SQL text per statement for every driver. */
#ifndef ZF_STORE_EVIDENCE_H
#define ZF_STORE_EVIDENCE_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One evidence row (insert-only but for step_id and the preview columns),
 * with what reads join to it. */
struct zf_evidence_rec {
	int64_t id, case_id;
	const char *step_code;
	int64_t step_id;            /* 0 = unbound (NULL) */
	const char *upload_id, *sha256, *sm3;
	int64_t size;
	const char *filename, *media_type;
	const char *kind;           /* "photo", "audio", "video", "scan", "electronic" */
	int64_t duration_ms;
	const char *codec;
	int width, height;
	const char *device;
	const char *officers_json;  /* [officer id, ...] */
	int64_t captured_from, captured_to;
	const char *place;
	int has_coords;             /* 0: lat_e6 / lon_e6 are NULL */
	int64_t lat_e6, lon_e6;
	const char *description;
	int64_t attached_by, attached_at;
	const char *preview_state, *preview_sha256;
	/* read only (joined) */
	int64_t body_id;
	const char *case_no;
	const char *attached_login;
	int withdrawn;
	const char *withdrawn_reason;
	int64_t withdrawn_by;
	const char *withdrawn_login;
	int64_t withdrawn_at;
};

/* Inserts E (id and joined fields ignored) into *ID. */
int zf_store_evidence_insert(struct zf_db *db, const struct zf_evidence_rec *e, int64_t *id,
			     struct zf_err *err);

/* Reads evidence ID (ZF_ENOTFOUND "证据不存在"). */
int zf_store_evidence_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			  struct zf_evidence_rec *out, struct zf_err *err);

/* The evidence of CASE_ID by id. */
int zf_store_evidence_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			   struct zf_evidence_rec **out, size_t *n, struct zf_err *err);

/* Up to LIMIT evidence rows of every case with id > AFTER, by id (walks). */
int zf_store_evidence_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			   struct zf_evidence_rec **out, size_t *n, struct zf_err *err);

/* The evidence of CASE_ID attached for STEP_CODE, unbound and not
 * withdrawn, by id (the AV gate). */
int zf_store_evidence_unbound(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			      const char *step_code, struct zf_evidence_rec **out, size_t *n,
			      struct zf_err *err);

/* Binds unbound evidence ID to STEP_ID (ZF_ENOTFOUND when not unbound). */
int zf_store_evidence_bind(struct zf_db *db, int64_t id, int64_t step_id, struct zf_err *err);

/* The oldest evidence whose preview is "pending" into *OUT; ZF_ENOTFOUND
 * when none. */
int zf_store_evidence_preview_pending(struct zf_db *db, struct zf_arena *a,
				      struct zf_evidence_rec *out, struct zf_err *err);

/* Sets the preview of evidence ID: STATE ("pending", "ready", "failed")
 * and SHA256 ("" when none). */
int zf_store_evidence_preview_set(struct zf_db *db, int64_t id, const char *state,
				  const char *sha256, struct zf_err *err);

/* Records the withdrawal of evidence ID: ZF_ECONFLICT ("证据已撤回") when
 * it is withdrawn already. */
int zf_store_evidence_withdraw(struct zf_db *db, int64_t id, const char *reason, int64_t by,
			       int64_t at, struct zf_err *err);

/* ---- the upload an item is made from (table upload) ---- */

struct zf_evidence_upload {
	const char *id;
	int64_t body_id, account_id;
	const char *filename, *state, *sha256, *sm3;
	int64_t length, created_at;
};

/* Reads upload ID (ZF_ENOTFOUND "上传不存在"). */
int zf_store_evidence_upload_get(struct zf_db *db, struct zf_arena *a, const char *id,
				 struct zf_evidence_upload *out, struct zf_err *err);

/* Marks complete upload ID "attached" at NOW (ZF_ECONFLICT when it is no
 * longer complete). */
int zf_store_evidence_upload_attach(struct zf_db *db, const char *id, int64_t now,
				    struct zf_err *err);

/* ---- custody ---- */

struct zf_custody_rec {
	int64_t id, evidence_id;
	const char *action;
	int64_t account_id;
	const char *login, *addr;
	int64_t at;
	const char *detail;
};

/* Inserts custody row C (id ignored) into *ID. */
int zf_store_custody_insert(struct zf_db *db, const struct zf_custody_rec *c, int64_t *id,
			    struct zf_err *err);

/* The custody trail of EVIDENCE_ID by id. */
int zf_store_custody_list(struct zf_db *db, struct zf_arena *a, int64_t evidence_id,
			  struct zf_custody_rec **out, size_t *n, struct zf_err *err);

/* Up to LIMIT custody rows with id > AFTER, by id (walks). */
int zf_store_custody_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			  struct zf_custody_rec **out, size_t *n, struct zf_err *err);

/* The time of the newest custody row ACTION of EVIDENCE_ID into *AT;
 * ZF_ENOTFOUND when none. */
int zf_store_custody_last(struct zf_db *db, int64_t evidence_id, const char *action,
			  int64_t *at, struct zf_err *err);

/* ---- playback sessions ---- */

/* Stores session TOKEN_HASH (64 hex) of ACCOUNT_ID for EVIDENCE_ID until
 * EXPIRES_AT, dropping the sessions expired before NOW. */
int zf_store_evidence_session_add(struct zf_db *db, const char *token_hash, int64_t evidence_id,
				  int64_t account_id, int64_t expires_at, int64_t now,
				  struct zf_err *err);

/* 1 when TOKEN_HASH is a session of ACCOUNT_ID for EVIDENCE_ID live at NOW,
 * 0 when not, or a negative error. */
int zf_store_evidence_session_live(struct zf_db *db, const char *token_hash,
				   int64_t evidence_id, int64_t account_id, int64_t now,
				   struct zf_err *err);

/* ---- the log ---- */

/* The record-log entry (leaf or pending) committing to history row
 * HISTORY_ID into *ENTRY (in A) and its leaf index into *IDX (-1 while
 * pending); ZF_ENOTFOUND when none. */
int zf_store_evidence_log_entry(struct zf_db *db, struct zf_arena *a, int64_t history_id,
				const char **entry, int64_t *idx, struct zf_err *err);

#endif
