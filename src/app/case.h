/* Use cases of cases (案件): open a case by its procedure's first step, perform every later step under its definition's roles, guards and deadlines, read a case with its timeline, documents and deadlines. */
#ifndef ZF_APP_CASE_H
#define ZF_APP_CASE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/case_rules.h"
#include "core/procedure.h"
#include "util/arena.h"

enum zf_case_state { ZF_CASE_OPEN = 1, ZF_CASE_CLOSED = 2 /* 结案 */, ZF_CASE_ARCHIVED = 3 /* 归档 */ };

struct zf_case {
	int64_t id;
	int64_t body_id;
	const char *body_name;
	const char *procedure;     /* definition code */
	int proc_version;
	const char *proc_sha256;
	int64_t settings_version;
	const char *case_no;       /* 案号, "" until assigned */
	const char *title;         /* 案由, from the opening step */
	int state;                 /* enum zf_case_state */
	const char *last_step;     /* code of the newest completed step */
	const char *last_step_name;
	const char *facts_json;    /* the case facts (JSON object) */
	int64_t violation_id;      /* 0 = none yet */
	const char *opened_on;     /* YYYY-MM-DD */
	int64_t created_by;
	int64_t created_at, updated_at;
	int64_t version;           /* optimistic concurrency: each step increments it */
	const char *next_due;      /* YYYY-MM-DD of the nearest open due deadline, or "" (lists) */
	int overdue;               /* 1 when an open due deadline has passed (lists) */
	const char *party_names;   /* the parties' names, "、" separated (lists); NULL = not read */
};

/* A completed step (immutable). */
struct zf_case_step {
	int64_t id;
	const char *code;
	const char *name;
	int seq;                   /* 1, 2, ... in the case */
	const char *values_json;   /* validated values; identifiers masked for readers
				    * without the need (see zf_app_case_get) */
	const char *officers;      /* names and certificate numbers of the officers named, "、" separated */
	const char *place;         /* "" when none */
	const char *occurred_on;   /* YYYY-MM-DD */
	int64_t performed_at;      /* instant */
	const char *performed_by;  /* login */
	int64_t corrects_id;       /* 0 or the step it corrects */
	int64_t history_id;        /* the history row its log entry commits to */
	int64_t log_index;         /* leaf index once integrated, -1 while pending */
};

struct zf_case_doc {
	int64_t id;
	int64_t step_id;
	const char *doc_type;      /* zf_doc_type code */
	const char *name;          /* 行政处罚决定书 */
	const char *number;        /* 文号, "" when unnumbered */
	const char *data_json;     /* canonical data the document renders (and the log commits to) */
	int64_t issued_at;
	int64_t history_id;
};

enum zf_deadline_state { ZF_DL_OPEN = 1, ZF_DL_MET = 2, ZF_DL_NONE = 3 /* cannot compute */ };

struct zf_case_deadline {
	const char *code;
	const char *label;
	int kind;                  /* enum zf_deadline_kind */
	int state;                 /* enum zf_deadline_state */
	const char *due;           /* YYYY-MM-DD, "" when NONE */
	int provisional;           /* 暂定 */
	int days_left;             /* working days from today (negative = overdue) */
	const char *level;         /* "overdue", "soon" (<= 2 working days), "ok", "met", "error" */
	const char *message;       /* why it cannot be computed, or "" */
	int64_t paused_days;       /* days subtracted (pausable deadlines) */
};

/* A step the actor may perform now. */
struct zf_case_action {
	const char *code;
	const char *name;
};

struct zf_case_officer {
	int64_t officer_id;
	const char *name;
	const char *cert_no;
	int recused;
};

struct zf_case_view {
	struct zf_case c;
	const struct zf_procedure *proc;
	struct zf_party *parties; size_t nparties;   /* identifiers masked unless the actor needs them */
	struct zf_case_officer *officers; size_t nofficers;
	struct zf_case_step *steps; size_t nsteps;   /* oldest first */
	struct zf_case_doc *docs; size_t ndocs;
	struct zf_case_deadline *deadlines; size_t ndeadlines;
	struct zf_case_action *actions; size_t nactions;
	struct zf_hint *hints; size_t nhints;
	struct zf_violation violation;               /* id 0 when none */
};

struct zf_case_filter {
	int64_t body_id;           /* 0 = the actor's body (all bodies for supervisors) */
	int mine;                  /* 1 = cases the actor's officer is assigned to or created */
	int state;                 /* 0 = any */
	const char *procedure;     /* NULL = any */
	const char *q;             /* text in case number, title or party name; NULL = none */
	int overdue;               /* 1 = only cases with an overdue deadline */
	int64_t before_id;         /* paging: ids below this (0 = from the newest) */
	int limit;                 /* 1..200 (0 = 50) */
};

/* The loaded procedure definitions (zf_app_open loads them; never NULL). */
const struct zf_procedures *zf_app_procedures(const struct zf_app *app);

/* Opens a case of PROCEDURE for ACTOR (ZF_PERM_CASE_WRITE, a role the first
 * step allows): INPUT is {"parties":[party, ...], "values":{...}} where a
 * party is {"kind":"person"|"org","name":..,"id_type":..,"id_number":..,
 * "uscc":..,"legal_rep":..,"address":..,"phone":..,"birth_date":..} and
 * values are the first step's fields. Validates everything (field errors
 * named "parties[0].name", "values.facts", ...), records the definition's
 * version and the body's current settings version, performs the first step
 * as zf_app_case_step does, all in one transaction. *ID gets the case id. */
int zf_app_case_open(struct zf_app *app, const struct zf_actor *actor, const char *procedure,
		     const json_t *input, int64_t *id, struct zf_err *err);

/* Performs step CODE of case CASE_ID with VALUES (a JSON object of the
 * step's fields; money as a string of yuan or an integer of 分 under
 * "<name>_fen", dates as "YYYY-MM-DD") for ACTOR, at case version VERSION
 * (ZF_ECONFLICT when the case changed since; 0 = don't check). Refuses,
 * writing nothing but the audit record: a role the step does not allow or
 * a case of another body (ZF_EDENIED); a step not available now (its after
 * / after_any / unless / when, a closed case: ZF_ECONFLICT with a message
 * saying what must come first); invalid values (ZF_EINVAL, field errors);
 * any failing guard (ZF_EINVAL with the guard's message). Otherwise, in one
 * transaction: the step row, its effect (officers, recusal, pause, case
 * number, close, archive), the facts, every document it issues with its
 * next number, a history row + record-log entry for the step and for each
 * document, the case's new version, an audit record. *STEP_ID (may be NULL)
 * gets the new step's id. */
int zf_app_case_step(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
		     const char *code, const json_t *values, int64_t version, int64_t *step_id,
		     struct zf_err *err);

/* Reads case ID for ACTOR (ZF_PERM_CASE_READ; own body unless the role sees
 * all bodies) with everything in *OUT (in A): deadlines computed for today
 * on the calendar, the actions ACTOR may perform now, hints. Personal
 * identifiers of parties are shown in full only to officers assigned to
 * the case, leaders and reviewers of its body; the read of a case with a
 * natural person party is audited. */
int zf_app_case_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t id, struct zf_case_view *out, struct zf_err *err);

/* Lists cases for ACTOR under F, newest first, with next_due and overdue
 * filled. */
int zf_app_case_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     const struct zf_case_filter *f, struct zf_case **out, size_t *n,
		     struct zf_err *err);

/* Reads document DOC_ID of case CASE_ID (as zf_app_case_get allows). */
int zf_app_case_doc(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t case_id, int64_t doc_id, struct zf_case_doc *out, struct zf_err *err);

/* One open deadline of one case, for the deadline dashboard. */
struct zf_deadline_row {
	int64_t case_id;
	const char *case_no;
	const char *title;
	const char *procedure;
	struct zf_case_deadline d;
	const char *body_name;     /* the case's body (supervisors see every body's) */
};

/* Open due deadlines of BODY_ID's open cases (0 = the actor's body; all
 * bodies for supervisors) that are overdue or due within WITHIN working
 * days, most urgent first. */
int zf_app_case_deadlines(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  int64_t body_id, int within, struct zf_deadline_row **out, size_t *n,
			  struct zf_err *err);

/* ---- settings, violation types ---- */

/* The current settings of BODY_ID (defaults merged under the stored
 * version) into *OUT (new reference) and its version (0 = defaults only). */
int zf_app_case_settings(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
			 json_t **out, int64_t *version, struct zf_err *err);

/* Stores S as the next settings version of BODY_ID (ZF_PERM_CASE_SETTINGS,
 * own body), validated, logged (history entity "case_setting"). */
int zf_app_case_settings_set(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
			     const json_t *s, int64_t *version, struct zf_err *err);

/* Lists the violation types of BODY_ID (0 = the actor's body) with their
 * bands (in A). */
int zf_app_violation_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  int64_t body_id, struct zf_violation **out, size_t *n,
			  struct zf_err *err);

/* Reads violation type ID with its bands. */
int zf_app_violation_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, struct zf_violation *out, struct zf_err *err);

/* Creates (IN->id 0) or replaces (a new version of IN->id at IN->version)
 * a violation type with its bands, validated and logged (history entity
 * "violation"); needs ZF_PERM_CASE_SETTINGS in its body. */
int zf_app_violation_save(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_violation *in, int64_t *id, struct zf_err *err);

#endif
