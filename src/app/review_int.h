/* Internals shared by the legal-review use cases (app/review_flow.c, app/review_coord.c): one use case's transaction, case and review, and its record-log entries. */
#ifndef ZF_APP_REVIEW_INT_H
#define ZF_APP_REVIEW_INT_H
#include <jansson.h>
#include <stdint.h>

#include "app/case_int.h"
#include "store/review.h"

/* One use case of the workflow: its write transaction, the case and (when
 * started from one) the review. */
struct zf_review_uc {
	struct zf_tx tx;
	int open;
	struct zf_arena *a;
	struct zf_case_ctx x;
	struct zf_review_rec r;
};

/* Opens U for ACTOR: the transaction, review REVIEW_ID when not 0 (its case
 * then) or case CASE_ID, which must be of ACTOR's body. End with
 * zf_review_end whatever it returns. */
int zf_review_begin(struct zf_review_uc *u, struct zf_app *app, const struct zf_actor *actor,
		    int64_t case_id, int64_t review_id, struct zf_err *err);

/* Commits (RC 0) or rolls back U, releases it, audits a refusal of ACTION;
 * returns the final result. */
int zf_review_end(struct zf_review_uc *u, const char *action, int rc, struct zf_err *err);

/* History row (ENTITY, ID, ACTION, DATA with the case id added; DATA is
 * consumed) with its record-log entry and an audit record, in U's transaction. */
int zf_review_log(struct zf_review_uc *u, const char *entity, int64_t id, const char *action,
		  json_t *data, struct zf_err *err);

/* 1 when ACTOR is an officer handling U's case (assigned, not recused). */
int zf_review_handler(const struct zf_review_uc *u, const struct zf_actor *actor);

/* The case's current proposal (its fields as JSON, new reference), its
 * SHA-256, and when MATCHES is not NULL the catalog rules it matches (new
 * reference) under CATALOG_VERSION. */
int zf_review_current(struct zf_review_uc *u, json_t **proposal, char sha[65], json_t **matches,
		      int64_t *catalog_version, struct zf_err *err);

/* The review time limit from today under the body's legal_review_days into
 * DUE ("" when the calendar does not reach it). */
int zf_review_due(struct zf_review_uc *u, char due[11], struct zf_err *err);

/* 0 when officer OFFICER_ID may review U's case (reviewer of the body, did
 * not handle it, art. 58(2) qualification for penalties); field error
 * "reviewer" naming the rule otherwise. */
int zf_review_eligible(struct zf_review_uc *u, int64_t officer_id, struct zf_err *err);

/* The number of the document DOC_TYPE issued with step STEP_ID of U's case
 * into *OUT (in U's arena; "" when unnumbered or not issued). */
int zf_review_doc_number(struct zf_review_uc *u, int64_t step_id, const char *doc_type,
			 const char **out, struct zf_err *err);

#endif
