/* Repository of the lists published before enforcement (table public_list): one row per version with its drafting, approvals, live period or rejection. */
#ifndef ZF_STORE_PUBLIC_LIST_H
#define ZF_STORE_PUBLIC_LIST_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* A row of public_list; on reads BODY_NAME and the logins of the accounts
 * (DRAFTER, APPROVER, JUSTICE, REJECTER) and the justice account's body
 * name (JUSTICE_BODY) are joined ("" when none). */
struct zf_public_list_rec {
	int64_t id, body_id;
	const char *kind;
	int64_t version;
	const char *json;        /* "" on reads that leave it out */
	const char *state;       /* draft, approved, live, superseded, rejected */
	const char *note;
	int64_t drafted_by, drafted_at, approved_by, approved_at, justice_by, justice_at;
	int64_t live_from, live_to, rejected_by, rejected_at;
	const char *reason;
	const char *body_name, *drafter, *approver, *justice, *justice_body, *rejecter;
};

/* Inserts R as a draft (body, kind, json, note, drafted_by, drafted_at); the
 * id into *ID. */
int zf_store_public_list_add(struct zf_db *db, const struct zf_public_list_rec *r, int64_t *id,
			     struct zf_err *err);

/* Reads version row ID with its JSON; ZF_ENOTFOUND when absent. */
int zf_store_public_list_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			     struct zf_public_list_rec *out, struct zf_err *err);

/* The live row of BODY_ID / KIND with its JSON; ZF_ENOTFOUND when none. */
int zf_store_public_list_live(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *kind, struct zf_public_list_rec *out,
			      struct zf_err *err);

/* The rows of BODY_ID (0 = every body) of KIND (NULL = every kind), without
 * JSON, newest first; PUBLISHED_ONLY keeps live and superseded ones (by
 * version, newest first). At most 1000 (array in A). */
int zf_store_public_list_rows(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *kind, int published_only,
			      struct zf_public_list_rec **out, size_t *n, struct zf_err *err);

/* The rows awaiting the county justice bureau: approved inside their body,
 * of kind KIND, oldest first, without JSON (array in A). */
int zf_store_public_list_queue(struct zf_db *db, struct zf_arena *a, const char *kind,
			       struct zf_public_list_rec **out, size_t *n, struct zf_err *err);

/* Draft ID becomes approved by BY at AT; ZF_ENOTFOUND when it is not a draft. */
int zf_store_public_list_approve(struct zf_db *db, int64_t id, int64_t by, int64_t at,
				 struct zf_err *err);

/* Records the justice bureau's approval of approved row ID (BY, AT);
 * ZF_ENOTFOUND when it is not approved. */
int zf_store_public_list_justice(struct zf_db *db, int64_t id, int64_t by, int64_t at,
				 struct zf_err *err);

/* Approved row ID goes live at AT as the next version of its body and kind
 * (number into *VERSION); the live row before it, when any, becomes
 * superseded with live_to AT (its id into *PREV, 0 when none). Call inside a
 * write transaction. */
int zf_store_public_list_go_live(struct zf_db *db, int64_t id, int64_t at, int64_t *version,
				 int64_t *prev, struct zf_err *err);

/* Row ID in state FROM becomes rejected by BY at AT with REASON;
 * ZF_ENOTFOUND when it is not in state FROM. */
int zf_store_public_list_reject(struct zf_db *db, int64_t id, const char *from, int64_t by,
				int64_t at, const char *reason, struct zf_err *err);

#endif
