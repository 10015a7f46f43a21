/* Repositories of cases: the case row, its parties, officers, insert-only steps and documents, pauses and the document number sequences. */
#ifndef ZF_STORE_CASE_H
#define ZF_STORE_CASE_H
#include <stddef.h>
#include <stdint.h>

#include "core/case_rules.h"
#include "store/db.h"
#include "util/arena.h"

/* A row of table cases (BODY_NAME joined on reads). */
struct zf_case_rec {
	int64_t id;
	int64_t body_id;
	const char *body_name;
	const char *procedure;
	int proc_version;
	const char *proc_sha256;
	int64_t settings_version;
	const char *case_no;
	const char *title;
	int state;
	const char *last_step;
	const char *facts_json;
	int64_t violation_id;  /* 0 = none */
	const char *opened_on;
	int64_t created_by;
	int64_t created_at, updated_at;
	int64_t version;
};

/* Inserts C (id ignored) at C->created_at; the id goes to *ID. The engine
 * inserts version 0: each step, the opening one too, adds one. */
int zf_store_case_insert(struct zf_db *db, const struct zf_case_rec *c, int64_t *id,
			 struct zf_err *err);

/* Reads case ID into *OUT (strings in A). ZF_ENOTFOUND when absent. */
int zf_store_case_get(struct zf_db *db, struct zf_arena *a, int64_t id,
		      struct zf_case_rec *out, struct zf_err *err);

/* Writes case_no, title, state, last_step, facts_json and violation_id of C
 * where id = C->id and version = C->version, bumping version, at NOW.
 * ZF_ENOTFOUND when absent, ZF_ECONFLICT when the version is stale. */
int zf_store_case_update(struct zf_db *db, const struct zf_case_rec *c, int64_t now,
			 struct zf_err *err);

/* What zf_store_case_list selects. */
struct zf_case_query {
	int64_t body_id;         /* 0 = every body */
	int64_t mine_account;    /* with MINE: created by this account ... */
	int64_t mine_officer;    /* ... or this officer assigned (0 = none) */
	int mine;
	int state;               /* 0 = any */
	const char *procedure;   /* NULL = any */
	const char *q;           /* NULL = none: case_no, title or a party's name contains it */
	int64_t before_id;       /* 0 = from the newest */
	int limit;               /* 1..500 */
};

/* Lists cases under Q, newest first (array and strings in A). */
int zf_store_case_list(struct zf_db *db, struct zf_arena *a, const struct zf_case_query *q,
		       struct zf_case_rec **out, size_t *n, struct zf_err *err);

/* ---- parties ---- */

/* Inserts party P of case CASE_ID; the id goes to *ID (may be NULL). */
int zf_store_party_insert(struct zf_db *db, int64_t case_id, const struct zf_party *p,
			  int64_t *id, struct zf_err *err);

/* Lists the parties of CASE_ID in insertion order. */
int zf_store_party_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			struct zf_party **out, size_t *n, struct zf_err *err);

/* ---- officers assigned ---- */

struct zf_case_officer_rec {
	int64_t officer_id;
	const char *name;        /* joined from officer */
	const char *cert_no;
	int64_t assigned_at;
	int recused;
	int64_t recused_at;
	const char *reason;
};

/* Assigns OFFICER_ID to CASE_ID at NOW; an officer already assigned (even
 * recused) is left as he is. */
int zf_store_case_officer_add(struct zf_db *db, int64_t case_id, int64_t officer_id,
			      int64_t now, struct zf_err *err);

/* Marks OFFICER_ID recused on CASE_ID at NOW for REASON. ZF_ENOTFOUND when
 * the officer is not assigned. */
int zf_store_case_officer_recuse(struct zf_db *db, int64_t case_id, int64_t officer_id,
				 int64_t now, const char *reason, struct zf_err *err);

/* Lists the officers of CASE_ID in order of assignment, then id. */
int zf_store_case_officer_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			       struct zf_case_officer_rec **out, size_t *n, struct zf_err *err);

/* ---- steps (insert-only) ---- */

struct zf_step_rec {
	int64_t id;
	int64_t case_id;
	int seq;
	const char *code;
	const char *values_json;
	const char *officers_json;  /* [officer id, ...] */
	const char *place;
	const char *occurred_on;
	int64_t performed_at;
	int64_t performed_by;       /* account id */
	const char *performer;      /* login */
	int64_t corrects_id;        /* 0 = none */
	int64_t history_id;         /* read: its newest history row (entity "case_step"), 0 = none */
};

/* Inserts S with the next seq of its case (S->seq ignored); the id goes to
 * *ID and the seq to *SEQ (may be NULL). */
int zf_store_step_insert(struct zf_db *db, const struct zf_step_rec *s, int64_t *id, int *seq,
			 struct zf_err *err);

/* Lists the steps of CASE_ID by seq. */
int zf_store_step_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		       struct zf_step_rec **out, size_t *n, struct zf_err *err);

/* Lists up to LIMIT steps of every case with id > AFTER, by id: one page of
 * a walk over the table. */
int zf_store_step_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
		       struct zf_step_rec **out, size_t *n, struct zf_err *err);

/* ---- documents (insert-only) ---- */

struct zf_doc_rec {
	int64_t id;
	int64_t case_id;
	int64_t step_id;
	int64_t body_id;
	const char *doc_type;
	int year;                  /* 0 when unnumbered */
	int64_t seq;
	const char *number;        /* "" when unnumbered */
	const char *data_json;
	int64_t issued_at;
	int64_t history_id;        /* read: its history row (entity "document"), 0 = none */
};

/* Inserts D; the id goes to *ID. ZF_ECONFLICT when its number exists in the body. */
int zf_store_doc_insert(struct zf_db *db, const struct zf_doc_rec *d, int64_t *id,
			struct zf_err *err);

/* Lists the documents of CASE_ID by id. */
int zf_store_doc_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		      struct zf_doc_rec **out, size_t *n, struct zf_err *err);

/* Lists up to LIMIT documents of every case with id > AFTER, by id: one
 * page of a walk over the table. */
int zf_store_doc_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
		      struct zf_doc_rec **out, size_t *n, struct zf_err *err);

/* Reads document ID of CASE_ID. ZF_ENOTFOUND when absent. */
int zf_store_doc_get(struct zf_db *db, struct zf_arena *a, int64_t case_id, int64_t id,
		     struct zf_doc_rec *out, struct zf_err *err);

/* Takes the next number of (BODY_ID, YEAR, DOC_TYPE) into *N (1 for the
 * first). Call inside the write transaction that uses the number: writes
 * are serialised, so a number is never given twice, and a rollback gives
 * it back. */
int zf_store_seq_next(struct zf_db *db, int64_t body_id, int year, const char *doc_type,
		      int64_t *n, struct zf_err *err);

/* The number of history rows committed to by a log entry (salted) with
 * LO <= id < HI into *N: the log appends one entry per salted row in id
 * order, so the count below a row is its entry's leaf index. */
int zf_store_history_salted_between(struct zf_db *db, int64_t lo, int64_t hi, int64_t *n,
				    struct zf_err *err);

/* ---- pauses of the time limits ---- */

struct zf_pause_rec {
	int64_t id;
	int64_t case_id;
	const char *kind;
	const char *start_on;
	const char *end_on;        /* NULL while open */
	int64_t start_step;
	int64_t end_step;          /* 0 while open */
};

/* Opens a pause of KIND on CASE_ID from START_ON (step STEP). ZF_ECONFLICT
 * when a pause is already open on the case. */
int zf_store_pause_start(struct zf_db *db, int64_t case_id, const char *kind,
			 const char *start_on, int64_t step, struct zf_err *err);

/* Ends the open pause of CASE_ID on END_ON (step STEP); its kind goes to
 * *KIND (in A, may be NULL). ZF_ENOTFOUND when none is open. */
int zf_store_pause_end(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		       const char *end_on, int64_t step, const char **kind, struct zf_err *err);

/* Lists the pauses of CASE_ID by id. */
int zf_store_pause_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			struct zf_pause_rec **out, size_t *n, struct zf_err *err);

#endif
