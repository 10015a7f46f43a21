/* The deadlines of a case computed when read, on the calendar in force: due dates, pauses subtracted, days left, and an error rather than a guess where no calendar covers them. */
#include <string.h>

#include "app/case_int.h"

#define SOON_DAYS 2

/* The start date of deadline D: the date field of the step at index IDX, or its date. */
static struct zf_date start_of(const struct zf_case_ctx *x, const struct zf_deadline_def *d,
			       long idx)
{
	struct zf_date on = x->done[idx].on;
	const char *v = d->from_field
				? json_string_value(json_object_get(x->done[idx].values, d->from_field))
				: NULL;
	char day[11];

	if (v && strlen(v) >= 10) {
		memcpy(day, v, 10);
		day[10] = '\0';
		zf_date_parse(day, &on);
	}
	return on;
}

/* Calendar days of X's pauses from FROM on (an open pause runs to today). */
static int64_t paused_days(const struct zf_case_ctx *x, struct zf_date from)
{
	int64_t total = 0, lo = zf_date_days(from), today = zf_date_days(x->today);

	for (size_t i = 0; i < x->npauses; i++) {
		struct zf_date s, e;
		int64_t a, b;

		if (zf_date_parse(x->pauses[i].start_on, &s))
			continue;
		a = zf_date_days(s);
		b = x->pauses[i].end_on && zf_date_parse(x->pauses[i].end_on, &e) == 0
			    ? zf_date_days(e)
			    : today;
		if (a < lo)
			a = lo;
		if (b > a)
			total += b - a;
	}
	return total;
}

/* 1 when one of D's until steps was completed after the step at index IDX. */
static int met(const struct zf_case_ctx *x, const struct zf_deadline_def *d, long idx)
{
	for (size_t i = (size_t)idx + 1; i < x->nsteps; i++)
		for (size_t k = 0; k < d->nuntil; k++)
			if (!strcmp(x->steps[i].code, d->until[k]))
				return 1;
	return 0;
}

/* Computes deadline D started by the step at index IDX into *OUT. */
static void compute(struct zf_case_ctx *x, const struct zf_deadline_def *d, long idx,
		    struct zf_case_deadline *out)
{
	struct zf_date from = start_of(x, d, idx);
	int64_t count = d->setting ? zf_case_setting_int(x->settings, d->setting) : d->count;
	struct zf_due due = {.date = from};
	struct zf_err e = {0};
	char iso[11];
	int rc = 0, left = 0;

	memset(out, 0, sizeof(*out));
	out->code = d->code;
	out->label = d->label;
	out->kind = d->kind;
	out->due = out->message = "";
	if (count < 0 || count > 100000)
		count = 0;
	if (d->unit == ZF_DU_WORKING && count > 0)
		rc = zf_calendar_add_working(x->cal, from, (int)count, &due, &e);
	else if (d->unit == ZF_DU_MONTHS)
		rc = zf_calendar_add_months(x->cal, from, (int)count, &due, &e);
	else if (d->unit != ZF_DU_WORKING)
		rc = zf_calendar_add_days(x->cal, from, (int)count, &due, &e);
	if (!rc && d->pausable && (out->paused_days = paused_days(x, from)) > 0) {
		struct zf_due ext;
		if (!(rc = zf_calendar_add_days(x->cal, due.date, (int)out->paused_days, &ext, &e))) {
			ext.provisional |= due.provisional;
			due = ext;
		}
	}
	out->state = met(x, d, idx) ? ZF_DL_MET : ZF_DL_OPEN;
	if (!rc && out->state == ZF_DL_OPEN)
		rc = zf_calendar_working_between(x->cal, x->today, due.date, &left, &e);
	if (rc && out->state == ZF_DL_MET) {
		out->level = "met"; /* done: the date it had is moot */
		return;
	}
	if (rc) {
		out->state = ZF_DL_NONE;
		out->level = "error";
		out->message = zf_arena_strdup(x->a, e.msg);
		return;
	}
	zf_date_iso(due.date, iso);
	out->due = zf_arena_strdup(x->a, iso);
	out->provisional = due.provisional;
	out->days_left = left;
	/* A waiting period that has run out lets the case go on: nothing is late. */
	if (d->kind == ZF_DK_WAIT && left < 0)
		out->level = "met";
	else
		out->level = out->state == ZF_DL_MET ? "met" : left < 0 ? "overdue" :
			     left <= SOON_DAYS ? "soon" : "ok";
}

int zf_case_deadlines_compute(struct zf_case_ctx *x, struct zf_case_deadline **out, size_t *n,
			      struct zf_err *err)
{
	struct zf_case_deadline *d = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (x->proc->ndeadlines &&
	    !(d = zf_arena_alloc(x->a, x->proc->ndeadlines * sizeof(*d))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < x->proc->ndeadlines; i++) {
		const struct zf_deadline_def *def = &x->proc->deadlines[i];
		long idx = zf_case_done_last(x, def->from_step);

		if (idx < 0)
			continue;
		compute(x, def, idx, &d[k]);
		if (!d[k].due || !d[k].message || !d[k].level)
			return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		k++;
	}
	*out = d;
	*n = k;
	return 0;
}
