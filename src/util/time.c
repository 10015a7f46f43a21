/* Civil dates (Asia/Shanghai) and the settable clock every rule reads. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/err.h"
#include "util/time.h"

#define SHANGHAI_OFFSET (8 * 3600)

int64_t zf_clock_now(const struct zf_clock *c)
{
	if (c && c->fixed)
		return c->fixed;
	return (int64_t)time(NULL);
}

/* Days-from-civil after H. Hinnant's public-domain algorithm. */
int64_t zf_date_days(struct zf_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct zf_date zf_date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct zf_date d;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(yoe + era * 400 + (d.m <= 2));
	return d;
}

struct zf_date zf_clock_today(const struct zf_clock *c)
{
	int64_t t = zf_clock_now(c) + SHANGHAI_OFFSET;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	return zf_date_from_days(days);
}

int64_t zf_clock_to_midnight(const struct zf_clock *c)
{
	int64_t t = zf_clock_now(c) + SHANGHAI_OFFSET;
	int64_t into = t % 86400;
	return 86400 - (into < 0 ? into + 86400 : into);
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : n[m - 1];
}

int zf_date_parse(const char *s, struct zf_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return ZF_EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return ZF_EINVAL;
	struct zf_date d;
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (d.y < 1900 || d.y > 2999 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > month_days(d.y, d.m))
		return ZF_EINVAL;
	*out = d;
	return 0;
}

void zf_date_iso(struct zf_date d, char out[11])
{
	/* Unsigned keeps every field at its width, so the result always fits. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
		 (unsigned)d.d % 100u);
}

void zf_date_cn(struct zf_date d, char out[24])
{
	snprintf(out, 24, "%d年%d月%d日", d.y % 10000, d.m % 100, d.d % 100);
}

int zf_date_cmp(struct zf_date a, struct zf_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

void zf_time_local(int64_t t, char out[20])
{
	time_t tt = (time_t)(t + SHANGHAI_OFFSET);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

void zf_time_rfc3339(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
