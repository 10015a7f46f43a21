/* Publication rules (公示期限与时限): which penalty gets which 公开期限, and the due dates of publication, withdrawal and correction answers on the working-day calendar. */
#ifndef ZF_CORE_PUBLISH_RULES_H
#define ZF_CORE_PUBLISH_RULES_H
#include <stdint.h>

#include <jansson.h>

#include "core/calendar.h"
#include "util/err.h"
#include "util/time.h"

/* Penalty types as bits (the words of the procedures' penalty_types). */
enum {
	ZF_PENALTY_WARNING = 1 << 0,   /* warning */
	ZF_PENALTY_CRITICISM = 1 << 1, /* criticism 通报批评 */
	ZF_PENALTY_FINE = 1 << 2,      /* fine */
	ZF_PENALTY_OTHER = 1 << 3,     /* any other type (confiscation, permits, ...) */
};

/* The bit of penalty type WORD ("fine"); ZF_PENALTY_OTHER for any other word. */
int zf_penalty_bit(const char *word);

/* Working days to publish: decisions 7, inspection results 20. */
#define ZF_PUB_DECISION_DAYS 7
#define ZF_PUB_INSPECTION_DAYS 20
/* Working days to withdraw after the change or revocation record. */
#define ZF_PUB_WITHDRAW_DAYS 3

/* 0 = no 公开期限 applies (warning only: not published); otherwise the
 * months of the period for PENALTY_MASK with FINE (分) to an organisation
 * (ORG) or a person under the body's SETTINGS (core/case_settings.c keys
 * low_fine_person, low_fine_org, period_short_months, period_long_years):
 * short when the only penalties are 通报批评 and/or a fine at most the low
 * threshold (a warning beside them does not lengthen it); long otherwise. */
int zf_pub_period_months(const json_t *settings, int penalty_mask, int64_t fine, int org);

/* The period's end: PUBLISHED_ON plus MONTHS calendar months (the same day
 * of month or the month's last day), not rolled to a working day (the
 * portal hides the item on that day). */
struct zf_date zf_pub_period_end(struct zf_date published_on, int months);

/* The due date N working days after ON (ON not counted). ZF_ENOTFOUND when
 * the calendar lacks a year. */
int zf_pub_due(const struct zf_calendar *cal, struct zf_date on, int n, struct zf_date *out,
	       struct zf_err *err);

#endif
