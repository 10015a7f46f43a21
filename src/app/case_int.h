/* Internals shared by the case use cases (app/case*.c, app/violation.c): one case loaded with everything its rules look at. */
#ifndef ZF_APP_CASE_INT_H
#define ZF_APP_CASE_INT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/case.h"
#include "app/tx.h"
#include "core/calendar.h"
#include "core/case_rules.h"
#include "core/registry.h"
#include "store/case.h"
#include "util/arena.h"

#define ZF_CASE_MSG_NOMEM "内存不足"

/* One case as the engine sees it inside a transaction or snapshot. */
struct zf_case_ctx {
	struct zf_app *app;
	struct zf_db *db;
	struct zf_arena *a;                  /* strings and arrays below */
	const struct zf_procedure *proc;
	struct zf_case_rec c;                /* id 0 while a case is being opened */
	struct zf_body body;
	json_t *settings;                    /* owned: defaults merged under the case's version */
	json_t *facts;                       /* owned: the facts steps have set */
	struct zf_step_rec *steps; size_t nsteps;
	json_t *values;                      /* owned: array of the steps' values, as STEPS */
	struct zf_guard_step *done;          /* as STEPS, values borrowed from VALUES */
	struct zf_party *parties; size_t nparties;
	struct zf_case_officer_rec *officers; size_t nofficers;
	struct zf_pause_rec *pauses; size_t npauses;
	struct zf_violation violation;       /* id 0 when none */
	struct zf_calendar *cal;             /* owned unless CAL_BORROWED */
	int cal_borrowed;
	struct zf_date today;
	int64_t now;
};

/* Prepares X for a case of BODY_ID not yet stored (opening): body,
 * settings (the body's current version), calendar, no steps. */
int zf_case_ctx_new(struct zf_case_ctx *x, struct zf_app *app, struct zf_db *db,
		    struct zf_arena *a, const struct zf_procedure *proc, int64_t body_id,
		    struct zf_err *err);

/* Loads case CASE_ID with its steps, parties, officers, pauses, violation,
 * settings version and the calendar in force (CAL, borrowed, when not NULL:
 * lists load it once). ZF_ENOTFOUND when absent. */
int zf_case_ctx_load(struct zf_case_ctx *x, struct zf_app *app, struct zf_db *db,
		     struct zf_arena *a, int64_t case_id, struct zf_calendar *cal,
		     struct zf_err *err);

/* Releases what X owns (not the arena); safe on a zeroed or half-loaded X. */
void zf_case_ctx_free(struct zf_case_ctx *x);

/* The settings of BODY_ID: VERSION (-1 = the current one, defaults when the
 * body has none; 0 = the defaults) merged over the defaults, new reference into *OUT; the
 * version read into *GOT (0 = defaults only; may be NULL). */
int zf_case_settings_read(struct zf_db *db, int64_t body_id, int64_t version, json_t **out,
			  int64_t *got, struct zf_err *err);

/* How many times step CODE was completed on X. */
size_t zf_case_done_count(const struct zf_case_ctx *x, const char *code);

/* The index of the newest completion of CODE in X->steps, or -1. */
long zf_case_done_last(const struct zf_case_ctx *x, const char *code);

/* The facts rules evaluate: X's stored facts, then EXTRA's keys (may be
 * NULL), then the engine's own facts (party_kind, party_minor,
 * hearing_eligible, major, collective_required, statement_waived,
 * officers, case_review). New reference, NULL when out of memory. */
json_t *zf_case_facts(const struct zf_case_ctx *x, const json_t *extra);

/* 1 when step S may be performed on X now as far as the procedure goes
 * (state, after, after_any, unless, when on FACTS, repeat, anytime);
 * otherwise 0 with a Chinese reason into WHY (N bytes). CORRECTING: the
 * step corrects an earlier record of itself, so having been done is no
 * obstacle. */
int zf_case_available(const struct zf_case_ctx *x, const struct zf_step_def *s,
		      const json_t *facts, int correcting, char *why, size_t n);

/* Number of officers assigned to X and not recused. */
size_t zf_case_active_officers(const struct zf_case_ctx *x);

/* 1 when OFFICER_ID is assigned to X and not recused. */
int zf_case_officer_active(const struct zf_case_ctx *x, int64_t officer_id);

/* Records step CODE with input IN on X in TX on behalf of a use case outside
 * the pages (the legal-review workflow's timeline record): values checked,
 * then written as zf_app_case_step writes a step (documents, history, log),
 * without the availability and role checks. Step id into *STEP_ID. */
int zf_case_step_record(struct zf_tx *tx, struct zf_case_ctx *x, const char *code,
			const json_t *in, int64_t *step_id, struct zf_err *err);

/* Records step CODE with input IN on X in TX like zf_case_step_record, but
 * after the checks zf_app_case_step makes except the role: availability on
 * X's facts with EXTRA's keys (may be NULL; the use case's own fact, such as
 * discussion_record), values, guards. The collective discussion of art. 57
 * (app/review_coord.c). Step id into *STEP_ID. */
int zf_case_step_record_checked(struct zf_tx *tx, struct zf_case_ctx *x, const char *code,
				const json_t *in, const json_t *extra, int64_t *step_id,
				struct zf_err *err);

/* ---- values ---- */

/* The validated values of a step and what they name. */
struct zf_case_values {
	json_t *values;                    /* owned: normalised values (money in 分) */
	json_t *facts;                     /* owned: the facts the values set */
	struct zf_guard_officer *officers; /* in the arena: officers named */
	size_t nofficers;
	const char *place;                 /* "" when none */
	const char *occurred_on;           /* YYYY-MM-DD */
	int64_t corrects_id;               /* 0 = none */
};

/* Validates IN (a JSON object, may be NULL) against the fields of S on X:
 * types, required, max, options, "when" on X's facts with IN's; "place",
 * "occurred_on" (default today, not in the future) and "corrects" (a step
 * of the case) beside the fields. Field errors "values.<name>". Free OUT
 * with zf_case_values_free. */
int zf_case_values_check(struct zf_case_ctx *x, const struct zf_step_def *s, const json_t *in,
			 struct zf_case_values *out, struct zf_err *err);
void zf_case_values_free(struct zf_case_values *v);

/* Resolves OFFICER_ID of X's body for the guards into *OUT (strings in X's
 * arena). ZF_ENOTFOUND when the body has no such officer. */
int zf_case_officer_resolve(struct zf_case_ctx *x, int64_t officer_id,
			    struct zf_guard_officer *out, struct zf_err *err);

/* Reads party object O (fields as zf_app_case_open describes) into *P
 * (strings in A, trimmed) and validates it; field errors named PREFIX
 * ".<field>" ("parties[0].name"). */
int zf_case_party_parse(struct zf_arena *a, const json_t *o, const char *prefix,
			struct zf_party *p, struct zf_err *err);

/* Party P as a JSON object (new reference, NULL when out of memory). */
json_t *zf_case_party_json(const struct zf_party *p);

/* The display text of VALUE of field F (money, dates, labels, officers ...)
 * into *OUT (in A); NULL for JSON null. */
const char *zf_case_value_text(struct zf_case_ctx *x, const struct zf_field_def *f,
			       const json_t *value);

/* Money in 分 as "5,000.00元（伍仟元整）" into OUT (N >= 192). */
void zf_case_money_text(int64_t fen, char *out, size_t n);

/* ---- documents ---- */

/* Issues every document of step S (new step STEP_ID with values V) on X in
 * TX: its number when numbered, its canonical data, its row, its history
 * row and log entry. */
int zf_case_docs_issue(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
		       int64_t step_id, const struct zf_case_values *v, struct zf_err *err);

/* The parties of X as documents show them (with id_type_label), new reference. */
json_t *zf_case_doc_parties(const struct zf_case_ctx *x);

/* The body's short name for numbers: setting number_prefix, else its name. */
const char *zf_case_number_prefix(const struct zf_case_ctx *x);

/* Takes the next number of DOC_TYPE (pattern PATTERN) of X's body in YEAR
 * into OUT (N bytes), its sequence into *SEQ. */
int zf_case_number_next(struct zf_case_ctx *x, const char *doc_type, const char *pattern,
			int year, char *out, size_t n, int64_t *seq, struct zf_err *err);

/* ---- deadlines ---- */

/* Computes every deadline of X's definition whose start step is completed,
 * in definition order (array in X's arena). */
int zf_case_deadlines_compute(struct zf_case_ctx *x, struct zf_case_deadline **out, size_t *n,
			      struct zf_err *err);

/* ---- reading ---- */

/* Borrows a connection of APP and opens a read snapshot on it; end with
 * zf_case_read_end (DB may be NULL). */
int zf_case_read_begin(struct zf_app *app, struct zf_db **db, struct zf_err *err);
void zf_case_read_end(struct zf_app *app, struct zf_db *db);

/* ---- reading rights ---- */

/* 0 when ACTOR may read cases of BODY_ID; ZF_EDENIED otherwise. */
int zf_case_may_read(const struct zf_actor *actor, int64_t body_id, struct zf_err *err);

/* 1 when ACTOR may see X's personal identifiers in full. */
int zf_case_sees_ids(const struct zf_actor *actor, const struct zf_case_ctx *x);

/* Audits a refusal of ACTION on TARGET with RC's outcome; returns RC. */
int zf_case_refuse(struct zf_app *app, const struct zf_actor *actor, const char *action,
		   const char *target, int rc, struct zf_err *err);

#endif
