/* The working-day calendar: official and provisional years of holidays and make-up days, and deadline arithmetic on it. */
#ifndef ZF_CORE_CALENDAR_H
#define ZF_CORE_CALENDAR_H
#include <stddef.h>

#include "util/err.h"
#include "util/time.h"

/* A set of calendar years. A year file (format "zhifa-calendar/v1", JSON,
 * documented in docs/calendar.md) lists the days off (放假) and the make-up
 * working days (调休上班) of one year, with its status ("official" or
 * "provisional") and source. A working day is Monday to Friday minus the days
 * off, plus the make-up days. */
struct zf_calendar;

enum zf_cal_status {
	ZF_CAL_NONE = 0,        /* no file covers the year */
	ZF_CAL_PROVISIONAL = 1, /* deadlines are 暂定 */
	ZF_CAL_OFFICIAL = 2,
};

/* Why a day is what it is. */
struct zf_cal_day {
	int working;        /* 1 = a working day */
	int status;         /* enum zf_cal_status of its year */
	const char *name;   /* holiday or make-up name ("春节", "春节调休"), or NULL (calendar's) */
};

/* A computed due date. */
struct zf_due {
	struct zf_date date;
	int provisional;    /* 1 when any year used was provisional (暂定) */
};

/* A new calendar holding the years shipped with zhifa (2025 and 2026
 * official, 2027 provisional: src/core/calendars/<year>.json). Free with
 * zf_calendar_free. */
int zf_calendar_builtin(struct zf_calendar **out, struct zf_err *err);

/* An empty calendar. */
int zf_calendar_new(struct zf_calendar **out, struct zf_err *err);
void zf_calendar_free(struct zf_calendar *c);

/* Parses and validates year file JSON (LEN bytes) — format, year 2000..2999,
 * status, every date inside the year and listed once, no make-up day that is
 * a Monday–Friday, no day both off and make-up — and adds it to C, replacing
 * a year of lower or equal status (an official file replaces a provisional
 * one; a provisional file never replaces an official one: ZF_ECONFLICT).
 * The year number goes to *YEAR (may be NULL). ZF_EINVAL with a Chinese
 * message naming what is wrong. */
int zf_calendar_load(struct zf_calendar *c, const char *json, size_t len, int *year,
		     struct zf_err *err);

/* The status of YEAR in C (enum zf_cal_status). */
int zf_calendar_year_status(const struct zf_calendar *c, int year);

/* Describes day D. ZF_ENOTFOUND ("<year>年的工作日历尚未载入") when no file
 * covers D's year. */
int zf_calendar_day(const struct zf_calendar *c, struct zf_date d, struct zf_cal_day *out,
		    struct zf_err *err);

/* The date N working days after FROM (FROM itself not counted; N >= 1): the
 * Nth working day after it (行政处罚法 art. 85, 行政强制法 art. 69). Every
 * year touched must be covered; ZF_ENOTFOUND otherwise. */
int zf_calendar_add_working(const struct zf_calendar *c, struct zf_date from, int n,
			    struct zf_due *out, struct zf_err *err);

/* The date N calendar days after FROM (FROM not counted), rolled over to
 * the next working day when it is not a working day (民事诉讼法 art. 85 by
 * analogy). N >= 0. */
int zf_calendar_add_days(const struct zf_calendar *c, struct zf_date from, int n,
			 struct zf_due *out, struct zf_err *err);

/* The date N months after FROM (the same day of month, or the month's last
 * day), rolled over like zf_calendar_add_days. */
int zf_calendar_add_months(const struct zf_calendar *c, struct zf_date from, int n,
			   struct zf_due *out, struct zf_err *err);

/* Working days from FROM (exclusive) to TO (inclusive); negative when TO is
 * before FROM; 0 when equal. For "days left" (剩余N个工作日). */
int zf_calendar_working_between(const struct zf_calendar *c, struct zf_date from,
				struct zf_date to, int *out, struct zf_err *err);

/* What a year file said. */
struct zf_cal_year_info {
	int year;
	int status;          /* enum zf_cal_status */
	const char *source;  /* borrowed from C */
	int days_off;        /* days off falling Monday to Friday */
	int makeup_days;     /* make-up working days */
};

/* Describes YEAR of C into *OUT; ZF_ENOTFOUND when C lacks it. */
int zf_calendar_year_info(const struct zf_calendar *c, int year, struct zf_cal_year_info *out,
			  struct zf_err *err);

/* The years C holds, ascending, into YEARS (up to CAP); returns how many
 * (may exceed CAP). */
size_t zf_calendar_years(const struct zf_calendar *c, int *years, size_t cap);

#endif
