/* Use cases of officers' training records (培训记录): recording a session for several officers, correcting, listing, and yearly totals against the body's requirement with warnings. */
#ifndef ZF_APP_TRAINING_H
#define ZF_APP_TRAINING_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/training.h" /* struct zf_training: the rows the lists return */
#include "util/arena.h"

/* Who may do what (docs/legal-review.md, "Reviewers and training"):
 * - record and correct: a registrar (ZF_PERM_REGISTRY_WRITE) or a leader
 *   (ZF_PERM_CASE_SETTINGS) of the officer's own body, or the command line;
 *   a registrar of another body, even the registry office, may not (the
 *   body that trains its officers records it);
 * - read (lists, totals, warnings): ZF_PERM_REGISTRY_READ, own body's
 *   officers; roles that see every body (supervisors) and the registrars of
 *   the registry office (who keep every body's officers) any body.
 * Training is never public: the certificate pages do not show it. */

/* The forms of training (培训形式): a fixed list of words with labels. */
struct zf_training_form {
	const char *word;  /* "case_teaching" */
	const char *label; /* "案例教学" */
};

/* The list of forms, in the order a form offers them; *N gets the count. */
const struct zf_training_form *zf_training_forms(size_t *n);

/* The label of form WORD, or "" when WORD is no form. */
const char *zf_training_form_label(const char *word);

/* Parses 学时 as typed ("2", "0.5", "1.5", full-width digits not accepted):
 * at most one decimal, 0..1000, into tenths (*TENTHS). 0 or ZF_EINVAL. */
int zf_training_hours_parse(const char *text, int64_t *tenths);

/* Formats TENTHS of a 学时 as "60" or "59.9" into OUT (24 bytes). */
void zf_training_hours_format(int64_t tenths, char *out);

/* What is recorded of one session (the officers are passed apart). */
struct zf_training_in {
	const char *held_on;   /* YYYY-MM-DD, required, not after today */
	int64_t hours;         /* tenths, 1..10000 (0 only in a correction: withdrawn) */
	const char *topic;     /* required, at most 200 characters */
	const char *form;      /* a word of zf_training_forms */
	const char *organiser; /* optional, at most 200 characters */
	const char *note;      /* optional, at most 2000; a correction's reason (required there) */
};

/* 1 when ACTOR's role may record training at all (registrar, leader, the
 * command line); the body is checked per officer when recording. */
int zf_app_training_can_record(const struct zf_actor *actor);

/* Records one session IN attended by the N officers OFFICERS (1..200, each
 * once): one row per officer, each with its history row (entity
 * "training", action "training_record") and record-log entry, and one audit
 * record, all in one transaction; the new ids go to IDS (N entries, may be
 * NULL). ZF_EDENIED (nothing written but the refusal's audit record) when
 * ACTOR may not record for one of the officers; ZF_EINVAL with field errors
 * named like the form ("held_on", "hours", "topic", "form", "organiser",
 * "note", "officers") in Chinese; ERR may already hold field errors found
 * while reading the input (reported together). ZF_ENOTFOUND for an unknown
 * officer ("officers"). */
int zf_app_training_record(struct zf_app *app, const struct zf_actor *actor,
			   const struct zf_training_in *in, const int64_t *officers, size_t n,
			   int64_t *ids, struct zf_err *err);

/* Corrects row ID: a new row of the same officer with IN (its note, the
 * reason, required) superseding it, logged as "training_correct". Hours 0
 * withdraws the record. ZF_ECONFLICT when ID is already corrected (correct
 * the newest), ZF_ENOTFOUND when absent; refusals as for recording. The new
 * id goes to *NEW_ID (may be NULL). */
int zf_app_training_correct(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			    const struct zf_training_in *in, int64_t *new_id, struct zf_err *err);

/* Reads row ID (for its officer's body's readers). */
int zf_app_training_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t id, struct zf_training *out, struct zf_err *err);

/* Lists the rows of officer OFFICER_ID, or when it is 0 of the officers of
 * BODY_ID (0 = the actor's body), held in YEAR (0 = every year), superseded
 * rows included (corrected_by set), ordered by date. */
int zf_app_training_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t officer_id, int64_t body_id, int year, struct zf_training **out,
			 size_t *n, struct zf_err *err);

/* A warning about an officer's yearly hours. */
enum zf_training_warning {
	ZF_TRAINING_OK = 0,
	ZF_TRAINING_BEHIND = 1, /* this year: below the pro-rata share so far (进度落后) */
	ZF_TRAINING_SHORT = 2,  /* a past year: below the requirement (学时不足) */
};

/* Label of a warning ("", "进度落后", "学时不足"). */
const char *zf_training_warning_label(int warning);

/* One officer's year. */
struct zf_training_total {
	int64_t officer_id;
	const char *name, *cert_no;
	int64_t hours;    /* tenths: current rows (not superseded, not withdrawn) held in the year */
	int64_t sessions;
	int warning;      /* enum zf_training_warning */
};

/* A body's year: what is required and where each officer stands. */
struct zf_training_summary {
	int64_t body_id;
	int year;
	int64_t required; /* tenths: the body's setting "training_hours_required" × 10 */
	int months;       /* months of YEAR completed by today: 12 for a past year, 0 for a future one */
	int64_t expected; /* tenths: required × months / 12, rounded up: below it is a warning */
	struct zf_training_total *rows;
	size_t n;         /* officers: those of the body whose certificate is not 注销/吊销 */
	size_t warnings;  /* rows with a warning */
};

/* The rule of the warnings, pure: an officer with HOURS tenths in a year of
 * which MONTHS are over (0..12), against REQUIRED tenths, is SHORT when the
 * year is over (MONTHS 12) and HOURS < REQUIRED, BEHIND when the year is
 * under way (1..11) and HOURS < ceil(REQUIRED × MONTHS / 12), else OK. In
 * January nothing is expected yet. */
int zf_training_warning_of(int64_t hours, int64_t required, int months);

/* The totals of YEAR (0 = this year) for the officers of BODY_ID (0 = the
 * actor's body), ordered by certificate number, into *OUT (strings in A). */
int zf_app_training_summary(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			    int64_t body_id, int year, struct zf_training_summary *out,
			    struct zf_err *err);

#endif
