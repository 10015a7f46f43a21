/* Use cases of publicity after decisions and inspections (事后公开): drafts generated with redaction, publisher review, publication with a record-log commitment to the exact bytes, withdrawal, expiry, early removal, correction requests, and the public reads (lists, search, feeds, open data). */
#ifndef ZF_APP_PUBLICATION_H
#define ZF_APP_PUBLICATION_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "util/arena.h"

enum zf_pub_kind { ZF_PUB_DECISION = 1, ZF_PUB_INSPECTION = 2 };

/* One publication as staff see it (public reads get the same struct with
 * only public fields set; TEXT and SALT only while published). */
struct zf_publication {
	int64_t id, body_id, case_id, doc_id;
	const char *body_name;
	int kind;                  /* enum zf_pub_kind */
	const char *state;         /* draft, published, withdrawn, expired, removed, rejected */
	const char *title, *party_name, *doc_number, *violation;
	const char *decided_on, *due_on, *period_end;  /* YYYY-MM-DD ("" when unset) */
	const char *text;          /* the exact published bytes, UTF-8 */
	const char *salt;          /* 64 hex: commitment = SHA-256(salt || text) */
	int64_t published_at, ended_at;
	const char *end_reason;
	int64_t log_index;         /* leaf index of the publication entry, -1 while pending */
	int64_t version;
	int64_t history_id;        /* the history row the publication entry commits to (0 unknown) */
};

/* ---- generation (called when a decision or inspection end is recorded) ---- */

/* Creates the draft publication of the decision document DOC_ID of case
 * CASE_ID inside the step's transaction (app/tx.h), when the body's
 * publication settings say the decision is published (art. 48; settings
 * keys documented in docs/publicity.md): redacted text (core/redact.h),
 * due date 7 working days after the decision (20 for inspection results),
 * history row + log entry. Minors' and confidential cases get no draft (the
 * reason is recorded on the case). */
struct zf_tx;
int zf_app_pub_draft_for_step(struct zf_tx *tx, int64_t case_id, int64_t step_id,
			      struct zf_err *err);

/* ---- publisher (公示管理员) ---- */

/* Publications of the actor's body (supervisors: all) in STATE (NULL =
 * drafts due first), with due/overdue flags. */
int zf_app_pub_queue(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     const char *state, struct zf_publication **out, size_t *n, struct zf_err *err);

/* Reads publication ID for staff (ZF_PERM_CASE_READ of its body). */
int zf_app_pub_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		   int64_t id, struct zf_publication *out, struct zf_err *err);

/* Publishes draft ID (role publisher of its body, who handled no step of
 * the case: ZF_EDENIED naming the rule otherwise) with TEXT the reviewed
 * redacted text (NULL = as drafted; re-checked by the redaction rules:
 * an identifier pattern left in is refused naming it): fresh salt, period
 * end from the body's settings, state published, history + log entry
 * whose data is exactly TEXT, the n-gram index updated; at VERSION. */
int zf_app_pub_publish(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		       const char *text, int64_t version, struct zf_err *err);

/* Ends publication ID: WHY "withdrawn" (the decision was changed, revoked,
 * confirmed illegal or void — due within 3 working days of that record),
 * "removed" (early removal such as 信用修复, by a leader or publisher) with
 * REASON shown on the portal; the text and salt are cleared, the index
 * entries removed, history + log entry. */
int zf_app_pub_end(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		   const char *why, const char *reason, struct zf_err *err);

/* Housekeeping: published items past period_end become "expired" (text and
 * salt cleared, index removed, logged). *N gets the number. */
int zf_app_pub_expire(struct zf_app *app, int64_t *n, struct zf_err *err);

/* ---- the public ---- */

struct zf_pub_query {
	int kind;                  /* enum zf_pub_kind; 0 = both */
	const char *q;             /* free text (1+ characters; Chinese by unigram/bigram) */
	const char *party;         /* party name contains */
	const char *doc_number;
	int64_t body_id;           /* 0 = any */
	const char *from, *to;     /* decided_on range, YYYY-MM-DD */
	const char *violation;
	int64_t before_id;         /* paging */
	int limit;                 /* 1..100 (0 = 20) */
};

/* Published items matching Q, newest first (only live ones; by id, so
 * BEFORE_ID pages on). Q->q is normalised and split by core/ngram.h: one
 * character matches by its unigram, more by all their bigrams, then the
 * item's searchable text must contain every run of the query. PARTY and
 * DOC_NUMBER match as "contains", VIOLATION exactly, FROM/TO inclusively.
 * ZF_EINVAL naming the field for a query over ZF_NGRAM_QUERY_MAX
 * characters, a bad date or limit. Text set, salt NULL. */
int zf_app_pub_search(struct zf_app *app, struct zf_arena *a, const struct zf_pub_query *q,
		      struct zf_publication **out, size_t *n, struct zf_err *err);

/* The portal's generation in *GEN: it changes whenever a publication or a
 * body changed (store: zf_store_portal_generation), so a page rendered from
 * them may be reused while it stays the same. Read from the database at most
 * once a second, and at once after a write transaction committed in this
 * process (changes by other servers on the same database are seen within a
 * second). 0, or the database's error (then nothing may be reused). */
int zf_app_pub_generation(struct zf_app *app, int64_t *gen);

/* One published item for the public (ZF_ENOTFOUND unless live; an ended
 * item answers its state, end date and reason with no text). */
int zf_app_pub_public(struct zf_app *app, struct zf_arena *a, int64_t id,
		      struct zf_publication *out, struct zf_err *err);

/* ---- the search index (app/pub_search.c) ---- */

/* The searchable text of P as the index holds it, normalised (core/ngram.h):
 * title, party name, document number, body name, violation and text, one
 * per line; allocated in A (NULL when out of memory). The index maintainer
 * and the search's final check both use it. */
struct zf_db;
char *zf_app_pub_searchable(struct zf_arena *a, const struct zf_publication *p);

/* Replaces the rows of publication P->id in publication_gram with the
 * grams of zf_app_pub_searchable(P) (on DB, inside the caller's
 * transaction); P NULL-safe fields: NULL counts as "". */
int zf_app_pub_index_put(struct zf_db *db, struct zf_arena *a, const struct zf_publication *p,
			 struct zf_err *err);

/* Removes the index rows of publication ID (on DB, in the caller's transaction). */
int zf_app_pub_index_drop(struct zf_db *db, int64_t id, struct zf_err *err);

/* One page of live items of KIND (0 = both) for open data: ids below
 * BEFORE_ID (0 = from the newest), newest first, at most LIMIT (1..1000);
 * the list fields only (TEXT and SALT NULL). */
int zf_app_pub_open_page(struct zf_app *app, struct zf_arena *a, int kind, int64_t before_id,
			 int limit, struct zf_publication **out, size_t *n, struct zf_err *err);

/* ---- correction requests (异议/纠错) ---- */

/* Files a request against live publication PUB_ID by anyone: name, contact
 * (phone or e-mail, never published), content (10..2000 chars); tracking
 * number "JC<year>-<6 digits>-<4 random characters>" (not enumerable) into
 * TRACKING (32 bytes), deadline (a body setting, default 15
 * working days) into DUE (11 bytes); logged without personal data. */
int zf_app_correction_file(struct zf_app *app, const struct zf_actor *actor, int64_t pub_id,
			   const char *name, const char *contact, const char *content,
			   char tracking[32], char due[11], struct zf_err *err);

/* ---- additions (publication core) ---- */

/* A correction request as the publisher sees it. */
struct zf_correction {
	int64_t id, publication_id, body_id;
	const char *tracking_no, *pub_title;
	const char *name, *contact, *content;
	int64_t filed_at;
	const char *due_on, *state, *answer;   /* state: open, answered */
	int64_t answered_at;
	int overdue;                           /* open past its due date */
};

/* Correction requests of the actor's body (supervisors: all) in STATE
 * (NULL = all; open first, by due date). Publishers, leaders, supervisors. */
int zf_app_correction_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			   const char *state, struct zf_correction **out, size_t *n,
			   struct zf_err *err);

/* Records ANSWER (1..2000 chars) to open request ID (publisher or leader of
 * its body); logged as a JSON with ids and dates only. */
int zf_app_correction_answer(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			     const char *answer, struct zf_err *err);

/* Called by the case engine inside a step's transaction when step STEP_ID
 * of CASE_ID recorded a change, revocation, 确认违法 or 确认无效 of the
 * decision (revocation; reconsideration_result / litigation_result with
 * such a result): every published item of the case gets a withdrawal due
 * 3 working days after the record's date, drafts are rejected. Part of
 * zf_app_pub_draft_for_step (which dispatches on the step's code). */

/* 1 when ACTOR (publisher) handled case CASE_ID: an assigned officer or the
 * performer of any step. For the pages' hints. */
int zf_app_pub_handled(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
		       struct zf_err *err);

/* Extra fields of a publication for the publisher's page (zf_app_pub_get
 * fills them into these when OUT_EXTRA is given). */
struct zf_pub_extra {
	const char *hidden;          /* what redaction hid (kinds, counts) */
	const char *withdraw_due;    /* "" when none */
	const char *withdraw_reason;
	const char *doc_data_json;   /* the decision's canonical data */
	int overdue;                 /* draft past due_on, or withdrawal past withdraw_due */
	int due_soon;                /* within 2 working days */
};
int zf_app_pub_get_extra(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, struct zf_publication *out, struct zf_pub_extra *extra,
			 struct zf_err *err);

/* Looks correction request TRACKING (its tracking number) up for anyone
 * (the public lookup page): tracking number, publication, filing date,
 * deadline, state and answer into *OUT (strings in A); name, contact and
 * content are left NULL — never shown to the public. TRACKING is trimmed
 * and its letters upper-cased first (the random part may be typed in lower
 * case). ZF_ENOTFOUND for an unknown number, and for a malformed one (not
 * "JC<year>-<6 digits>-<4 characters>") with a message saying the form. */
int zf_app_correction_lookup(struct zf_app *app, struct zf_arena *a, const char *tracking,
			     struct zf_correction *out, struct zf_err *err);

/* Rejects draft ID (role publisher of its body) with REASON (1..500
 * chars, kept as the end reason, internal): state rejected, the drafted
 * text cleared, history + log entry (a small JSON: ids, date, reason); at
 * VERSION (0 = any). The decision is then not published. */
int zf_app_pub_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		      const char *reason, int64_t version, struct zf_err *err);

#endif
