/* Civil dates (Asia/Shanghai) and the settable clock every rule reads. */
#ifndef ZF_UTIL_TIME_H
#define ZF_UTIL_TIME_H
#include <stdint.h>

/* A civil date; legal dates are civil dates in Asia/Shanghai. */
struct zf_date {
	int y, m, d;
};

/* The clock: real time unless FIXED is non-zero (tests, --now). */
struct zf_clock {
	int64_t fixed; /* Unix seconds, 0 = real time */
};

/* Current instant in Unix seconds (UTC). C may be NULL for real time. */
int64_t zf_clock_now(const struct zf_clock *c);

/* Today's civil date in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
struct zf_date zf_clock_today(const struct zf_clock *c);

/* Seconds from now until the next day begins in Asia/Shanghai (1..86400). */
int64_t zf_clock_to_midnight(const struct zf_clock *c);

/* Parses "YYYY-MM-DD" (a real calendar date, years 1900..2999). 0 or ZF_EINVAL. */
int zf_date_parse(const char *s, struct zf_date *out);

/* Formats as "YYYY-MM-DD" into OUT (at least 11 bytes). */
void zf_date_iso(struct zf_date d, char out[11]);

/* Formats as "2026年3月5日" into OUT (at least 24 bytes). */
void zf_date_cn(struct zf_date d, char out[24]);

/* <0, 0, >0 as A is before, equal to, after B. */
int zf_date_cmp(struct zf_date a, struct zf_date b);

/* Days since 1970-01-01 for D (proleptic Gregorian), and back. */
int64_t zf_date_days(struct zf_date d);
struct zf_date zf_date_from_days(int64_t days);

/* Formats instant T (Unix seconds) as Beijing time "2026-03-05 14:30" into OUT (>= 20 bytes). */
void zf_time_local(int64_t t, char out[20]);

/* Formats instant T as RFC 3339 UTC "2026-03-05T06:30:00Z" into OUT (>= 21 bytes). */
void zf_time_rfc3339(int64_t t, char out[21]);

#endif
