/* Publication rules: the 公开期限 of a penalty under the body's settings, and due dates on the working-day calendar. */
#include <string.h>

#include "core/case_rules.h"
#include "core/publish_rules.h"

int zf_penalty_bit(const char *word)
{
	if (!word)
		return ZF_PENALTY_OTHER;
	if (!strcmp(word, "warning"))
		return ZF_PENALTY_WARNING;
	if (!strcmp(word, "criticism"))
		return ZF_PENALTY_CRITICISM;
	if (!strcmp(word, "fine"))
		return ZF_PENALTY_FINE;
	return ZF_PENALTY_OTHER;
}

int zf_pub_period_months(const json_t *settings, int penalty_mask, int64_t fine, int org)
{
	int64_t low = zf_case_setting_int(settings, org ? "low_fine_org" : "low_fine_person");
	int64_t shortm = zf_case_setting_int(settings, "period_short_months");
	int64_t longy = zf_case_setting_int(settings, "period_long_years");
	int rest = penalty_mask & ~ZF_PENALTY_WARNING;

	if (!rest)
		return 0;
	if (rest & ZF_PENALTY_OTHER)
		return (int)(longy * 12);
	if ((rest & ZF_PENALTY_FINE) && fine > low)
		return (int)(longy * 12);
	return (int)shortm;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

struct zf_date zf_pub_period_end(struct zf_date on, int months)
{
	int total = on.y * 12 + (on.m - 1) + months;
	struct zf_date d = {.y = total / 12, .m = total % 12 + 1, .d = on.d};
	int last = month_days(d.y, d.m);

	if (d.d > last)
		d.d = last;
	return d;
}

int zf_pub_due(const struct zf_calendar *cal, struct zf_date on, int n, struct zf_date *out,
	       struct zf_err *err)
{
	struct zf_due due;
	int rc = zf_calendar_add_working(cal, on, n, &due, err);

	if (!rc)
		*out = due.date;
	return rc;
}
