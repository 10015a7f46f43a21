/* Repository of the AV requirement lists (table av_list), the recorded AV exceptions (av_exception) and what the AV gate reads and writes of evidence: the unbound items of a step, their binding and its custody row. */
#ifndef ZF_STORE_AV_LIST_H
#define ZF_STORE_AV_LIST_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* The live list version of BODY_ID: its JSON text (in A) into *JSON, its
 * number into *VERSION and the time it went live into *AT (may be NULL);
 * ZF_ENOTFOUND when the body has none live. */
int zf_store_av_list_latest(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			    const char **json, int64_t *version, int64_t *at, struct zf_err *err);

/* A row of table av_list (a draft, the live version, a superseded or a
 * rejected one); on reads DRAFTER and APPROVER (logins) are joined. */
struct zf_av_list_rec {
	int64_t id, body_id, version;
	const char *json, *state, *reason;
	int64_t created_at, drafted_by, approved_by, approved_at, live_from, live_to;
	int64_t rejected_by, rejected_at;
	const char *drafter, *approver;
};

/* Stores JSON as a draft of BODY_ID at NOW by account BY; its id into *ID. */
int zf_store_av_list_draft(struct zf_db *db, int64_t body_id, const char *json, int64_t now,
			   int64_t by, int64_t *id, struct zf_err *err);

/* Row ID into *R (strings in A); ZF_ENOTFOUND when there is none. */
int zf_store_av_list_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_av_list_rec *r, struct zf_err *err);

/* The rows of BODY_ID, newest first (array in A; NULL and 0 when none). */
int zf_store_av_list_rows(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_av_list_rec **out, size_t *n, struct zf_err *err);

/* Draft ID goes live at NOW, approved by BY, with its body's next version
 * (into *VERSION); the live version before it is superseded (live_to NOW).
 * ZF_ENOTFOUND when ID is not a draft. Call inside a write transaction. */
int zf_store_av_list_approve(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			     int64_t *version, struct zf_err *err);

/* Draft ID is rejected at NOW by BY for REASON; ZF_ENOTFOUND when ID is not
 * a draft. */
int zf_store_av_list_reject(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			    const char *reason, struct zf_err *err);

/* An evidence item of a step not yet recorded. */
struct zf_av_item {
	int64_t id;
	const char *kind;        /* photo, audio, video, scan, electronic */
};

/* The evidence of CASE_ID attached for STEP_CODE, unbound (step_id NULL)
 * and not withdrawn, by id (array in A; NULL and 0 when none). */
int zf_store_av_unbound(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			const char *step_code, struct zf_av_item **out, size_t *n,
			struct zf_err *err);

/* Binds evidence ID to step record STEP_ID when still unbound;
 * ZF_ENOTFOUND when it is bound already or gone. */
int zf_store_av_bind(struct zf_db *db, int64_t id, int64_t step_id, struct zf_err *err);

/* A row of table av_exception; on reads CASE_NO, TITLE, BODY_NAME and
 * LOGIN (of RECORDED_BY) are joined. */
struct zf_av_exception_rec {
	int64_t id, case_id, step_id;
	const char *step_code, *rule, *reason;
	int64_t list_version, recorded_by, recorded_at;
	const char *case_no, *title, *procedure, *body_name, *login;
};

/* Inserts R (id and joined fields ignored); the id into *ID. */
int zf_store_av_exception_add(struct zf_db *db, const struct zf_av_exception_rec *r, int64_t *id,
			      struct zf_err *err);

/* The exceptions of the cases of BODY_ID (0 = every body), newest first, at
 * most LIMIT (array and strings in A). */
int zf_store_av_exception_list(struct zf_db *db, struct zf_arena *a, int64_t body_id, int limit,
			       struct zf_av_exception_rec **out, size_t *n, struct zf_err *err);

#endif
