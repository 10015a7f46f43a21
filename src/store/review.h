/* Repositories of legal review (法制审核): the review versions of a case, disagreements, collective discussions, legal advisers' opinions, and the reviewer's qualification read from the officer registry. */
#ifndef ZF_STORE_REVIEW_H
#define ZF_STORE_REVIEW_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* A row of table review: one submission (version) of a case's proposal. */
struct zf_review_rec {
	int64_t id, case_id, body_id, version;
	const char *state;           /* submitted, assigned, concluded, superseded */
	const char *proposal_json, *proposal_sha256;
	int64_t catalog_version;
	const char *matches_json, *package_json;
	int64_t submitted_by, submitted_at;
	const char *due_on;          /* YYYY-MM-DD, the review time limit */
	int64_t reviewer_id;         /* officer, 0 = not assigned */
	const char *reviewer_name;   /* joined, "" when none */
	int64_t assigned_by, assigned_at;
	const char *checklist_json;  /* "" until answered */
	const char *outcome;         /* "", agree, correct, transfer */
	const char *opinion, *corrections, *transfer_to, *opinion_no, *transfer_no, *opinion_json;
	int64_t concluded_by, concluded_at;
	int64_t revises_id;          /* a revised opinion after coordination: the review it revises */
	int64_t updated_at;
	const char *case_no, *case_title; /* joined from cases */
};

/* Inserts R (id, reviewer, checklist and outcome ignored) at R->submitted_at;
 * the id goes to *ID. ZF_ECONFLICT when the case already has R->version. */
int zf_store_review_insert(struct zf_db *db, const struct zf_review_rec *r, int64_t *id,
			   struct zf_err *err);

/* Reads review ID into *OUT (strings in A). ZF_ENOTFOUND when absent. */
int zf_store_review_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			struct zf_review_rec *out, struct zf_err *err);

/* Lists the reviews of CASE_ID, oldest version first. */
int zf_store_review_list_case(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			      struct zf_review_rec **out, size_t *n, struct zf_err *err);

/* Lists the reviews of BODY_ID (0 = every body) in state STATE (NULL = not
 * concluded and not superseded), oldest first, at most 500. */
int zf_store_review_list_body(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *state, struct zf_review_rec **out, size_t *n,
			      struct zf_err *err);

/* The next version number of CASE_ID's reviews into *VERSION. */
int zf_store_review_next_version(struct zf_db *db, int64_t case_id, int64_t *version,
				 struct zf_err *err);

/* Marks the reviews of CASE_ID not yet concluded as superseded at NOW. */
int zf_store_review_supersede(struct zf_db *db, int64_t case_id, int64_t now,
			      struct zf_err *err);

/* Sets the reviewer of review ID (state assigned). ZF_ENOTFOUND when absent. */
int zf_store_review_assign(struct zf_db *db, int64_t id, int64_t reviewer_id, int64_t by,
			   int64_t now, struct zf_err *err);

/* Stores the checklist answers JSON of review ID. */
int zf_store_review_checklist(struct zf_db *db, int64_t id, const char *json, int64_t now,
			      struct zf_err *err);

/* Records R's outcome, opinion, corrections, transfer_to, opinion_no,
 * transfer_no, opinion_json, concluded_by and concluded_at on review R->id
 * (state concluded). */
int zf_store_review_conclude(struct zf_db *db, const struct zf_review_rec *r,
			     struct zf_err *err);

/* The newest concluded review of CASE_ID into *OUT; ZF_ENOTFOUND when none. */
int zf_store_review_last_concluded(struct zf_db *db, struct zf_arena *a, int64_t case_id,
				   struct zf_review_rec *out, struct zf_err *err);

/* ---- reviewers ---- */

/* The qualification of officer ID as the registry records it: body, name,
 * state (1 = 有效), legal_qual (法律职业资格) and review_since (date the
 * officer began review work, "" when unrecorded), strings in A. */
struct zf_reviewer_qual {
	int64_t body_id;
	const char *name;
	int state;
	int legal_qual;
	const char *review_since;
	int accounts;            /* enabled accounts of the officer with role ROLE */
};
int zf_store_reviewer_qual(struct zf_db *db, struct zf_arena *a, int64_t officer_id, int role,
			   struct zf_reviewer_qual *out, struct zf_err *err);

/* An officer of a body with an enabled account of the reviewer role. */
struct zf_review_reviewer {
	int64_t id;
	const char *name, *cert_no, *review_since;
	int legal_qual;
};

/* Lists the officers of BODY_ID with an enabled account of role ROLE, by name. */
int zf_store_review_reviewers(struct zf_db *db, struct zf_arena *a, int64_t body_id, int role,
			      struct zf_review_reviewer **out, size_t *n, struct zf_err *err);

/* The number of enabled accounts of BODY_ID with role ROLE into *N. */
int zf_store_review_role_count(struct zf_db *db, int64_t body_id, int role, int64_t *n,
			       struct zf_err *err);

/* *HANDLED = 1 when OFFICER_ID is or was assigned to CASE_ID or performed a
 * step of it other than a review (case_review, legal_review) under an
 * account of theirs (a handler of the case), else 0. */
int zf_store_review_handled(struct zf_db *db, int64_t case_id, int64_t officer_id, int *handled,
			    struct zf_err *err);

/* ---- disagreements ---- */

struct zf_review_disagreement {
	int64_t id, review_id, case_id, body_id, raised_by;
	const char *raised_as;   /* handler, head */
	const char *reasons;
	const char *state;       /* open, resolved */
	const char *resolution;  /* "", revise_proposal, revise_opinion */
	int64_t discussion_id;
	int64_t created_at, resolved_at;
	const char *case_no, *body_name; /* joined */
};

int zf_store_disagreement_insert(struct zf_db *db, const struct zf_review_disagreement *d,
				 int64_t *id, struct zf_err *err);
int zf_store_disagreement_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			      struct zf_review_disagreement *out, struct zf_err *err);
/* Resolves disagreement ID with RESOLUTION by discussion DISCUSSION_ID at NOW. */
int zf_store_disagreement_resolve(struct zf_db *db, int64_t id, const char *resolution,
				  int64_t discussion_id, int64_t now, struct zf_err *err);
/* Lists the disagreements of BODY_ID (0 = every body), newest first, at most 500. */
int zf_store_disagreement_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			       struct zf_review_disagreement **out, size_t *n, struct zf_err *err);

/* ---- collective discussions ---- */

struct zf_review_discussion {
	int64_t id, case_id, body_id, disagreement_id;
	const char *kind;        /* coordination, art57 */
	const char *held_on, *chair_name, *attendees_json, *reviewer_heard, *minutes_json;
	int64_t chair_id;
	const char *conclusion, *conclusion_text, *record_json;
	int64_t created_by, created_at;
};

int zf_store_discussion_insert(struct zf_db *db, const struct zf_review_discussion *d,
			       int64_t *id, struct zf_err *err);
/* Lists the discussions of CASE_ID, oldest first. */
int zf_store_discussion_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			     struct zf_review_discussion **out, size_t *n, struct zf_err *err);

/* ---- legal advisers ---- */

struct zf_review_adviser {
	int64_t id, review_id;
	const char *name, *kind, *organisation, *question;
	int64_t requested_by, requested_at;
	const char *opinion;
	int64_t answered_at;
};

int zf_store_adviser_insert(struct zf_db *db, const struct zf_review_adviser *r, int64_t *id,
			    struct zf_err *err);
int zf_store_adviser_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_review_adviser *out, struct zf_err *err);
/* Records OPINION on request ID at NOW. */
int zf_store_adviser_answer(struct zf_db *db, int64_t id, const char *opinion, int64_t now,
			    struct zf_err *err);
/* Lists the adviser requests of REVIEW_ID, oldest first. */
int zf_store_adviser_list(struct zf_db *db, struct zf_arena *a, int64_t review_id,
			  struct zf_review_adviser **out, size_t *n, struct zf_err *err);

#endif
