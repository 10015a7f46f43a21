/* Execution of a penalty: the 加处罚款 surcharge on late payment and the limitation period of art. 36. */
#include "core/case_rules.h"

int64_t zf_surcharge(int64_t fine, struct zf_date due, struct zf_date today, int64_t paused_days)
{
	if (fine <= 0)
		return 0;
	int64_t days = zf_date_days(today) - zf_date_days(due);
	if (paused_days > 0)
		days = days > paused_days ? days - paused_days : 0;
	if (days <= 0)
		return 0;
	/* 34 days of 3 % pass the fine: the cap (art. 72) needs no product. */
	if (days >= 34)
		return fine;
	/* fine * 3 * days / 100 without overflow, rounded down to the 分
	 * (in the party's favour). */
	int64_t per = 3 * days;
	int64_t s = fine / 100 * per + fine % 100 * per / 100;
	return s > fine ? fine : s;
}

/* D plus YEARS years; 29 February becomes 28 February in a common year. */
static struct zf_date add_years(struct zf_date d, int years)
{
	struct zf_date r = {d.y + years, d.m, d.d};
	if (r.m == 2 && r.d == 29 && !((r.y % 4 == 0 && r.y % 100 != 0) || r.y % 400 == 0))
		r.d = 28;
	return r;
}

int zf_limitation_passed(struct zf_date act, struct zf_date on, int safety)
{
	/* The period starts the day after the act and ends on the same date two
	 * (five) years later; a discovery on that day is still in time. */
	return zf_date_cmp(on, add_years(act, safety ? 5 : 2)) > 0;
}
