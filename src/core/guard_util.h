/* Shared by the guard files (guards*.c): refusals, reading step values by the field-name convention of docs/case-rules.md, and the guards themselves. */
#ifndef ZF_CORE_GUARD_UTIL_H
#define ZF_CORE_GUARD_UTIL_H
#include <jansson.h>
#include <stdint.h>

#include "core/case_rules.h"

/* Sets ERR to ZF_EINVAL with the formatted message (cut at a character
 * boundary) and, when FIELD is not NULL, a field error FIELD with it too.
 * Returns ZF_EINVAL. */
int zf_guard_refuse(struct zf_err *err, const char *field, const char *fmt, ...)
	ZF_PRINTF(3, 4);

/* Value NAME of the step being performed, else the case fact NAME, or NULL. */
const json_t *zf_guard_value(const struct zf_guard_ctx *ctx, const char *name);

/* 1 with the integer (分) in *OUT when value-or-fact NAME is an integer. */
int zf_guard_money(const struct zf_guard_ctx *ctx, const char *name, int64_t *out);

/* 1 when J's member NAME is JSON true. */
int zf_guard_true(const json_t *j, const char *name);

/* 1 when J's member NAME is a string with more than white space. */
int zf_guard_text(const json_t *j, const char *name);

/* The date of J ("YYYY-MM-DD", or the date part of "YYYY-MM-DDTHH:MM"):
 * 0 or ZF_EINVAL. */
int zf_guard_date(const json_t *j, struct zf_date *out);

/* The date the step with VALUES happened: its "date" or "occurred_on" value
 * when present, else FALLBACK. */
struct zf_date zf_guard_step_date(const json_t *values, struct zf_date fallback);

/* The step CODE of procedure P (NULL allowed), or NULL. */
const struct zf_step_def *zf_guard_step_def(const struct zf_procedure *p, const char *code);

/* 1 when step definition S issues document type DOC. */
int zf_guard_step_issues(const struct zf_step_def *s, const char *doc);

/* The latest completed step whose definition issues DOC; when the step's
 * definition is unknown (no procedure), one coded CODE1 or CODE2 (each may
 * be NULL). NULL when none. */
const struct zf_guard_step *zf_guard_done_issuing(const struct zf_guard_ctx *ctx, const char *doc,
						  const char *code1, const char *code2);

/* The latest completed step with code CODE, or NULL. */
const struct zf_guard_step *zf_guard_done_last(const struct zf_guard_ctx *ctx, const char *code);

/* 1 when the case's party is an organisation (fact party_kind "org", else
 * the first party), 0 for a person or when unknown (the lower thresholds). */
int zf_guard_party_org(const struct zf_guard_ctx *ctx);

/* The officer ID among CTX->officers, or NULL. */
const struct zf_guard_officer *zf_guard_officer(const struct zf_guard_ctx *ctx, int64_t id);

/* Rank of a penalty type word by art. 9 (1 lightest .. 5), 6 for a word
 * not in the list (treated as the heaviest). */
int zf_guard_penalty_rank(const char *word);

/* The Chinese name of a penalty type word (the word itself when unknown). */
const char *zf_guard_penalty_label(const char *word);

/* The guards, one per rule (docs/case-rules.md). ARG is the text after ':'
 * or NULL. */
int zf_guard_two_officers(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_officers_assigned(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err);
int zf_guard_not_recused(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_hearing_chair(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_not_heavier(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_statutory_range(const struct zf_guard_ctx *ctx, const char *arg,
			     struct zf_err *err);
int zf_guard_discretion_band(const struct zf_guard_ctx *ctx, const char *arg,
			     struct zf_err *err);
int zf_guard_summary_limits(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_onspot_collection(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err);
int zf_guard_period_over(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_hearing_notice(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);
int zf_guard_electronic_service(const struct zf_guard_ctx *ctx, const char *arg,
				struct zf_err *err);
int zf_guard_party_signature(const struct zf_guard_ctx *ctx, const char *arg,
			     struct zf_err *err);
int zf_guard_emergency_report(const struct zf_guard_ctx *ctx, const char *arg,
			      struct zf_err *err);
int zf_guard_seizure_extension(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err);

/* The band of V at LEVEL, or NULL. */
const struct zf_benchmark *zf_guard_band(const struct zf_violation *v, int level);

/* The band level named by value-or-fact "band" (1..4 or the words minor,
 * general, serious, grave), 0 when absent or unknown. */
int zf_guard_band_level(const struct zf_guard_ctx *ctx);

#endif
