/* The working-day calendar in force: the years shipped with zhifa plus the years an administrator loaded, and the use cases that load and list them. */
#ifndef ZF_APP_CALENDAR_H
#define ZF_APP_CALENDAR_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/calendar.h"
#include "store/db.h"
#include "util/arena.h"

/* The calendar in force read on DB (inside the caller's transaction or
 * snapshot): the built-in years, then every year file stored in table
 * calendar_year applied over them in load order (an official file replaces
 * a provisional year). Caller frees *OUT with zf_calendar_free. */
int zf_app_calendar_read(struct zf_db *db, struct zf_calendar **out, struct zf_err *err);

/* zf_app_calendar_read on a pooled connection of APP. */
int zf_app_calendar(struct zf_app *app, struct zf_calendar **out, struct zf_err *err);

/* Loads year file JSON (LEN bytes) for ACTOR (ZF_PERM_SETTINGS, or the
 * command line): validated as zf_calendar_load does against the calendar
 * in force (a provisional file over an official year is refused), stored,
 * logged (history entity "calendar", action "calendar_load", the file's
 * SHA-256 and year) and audited, in one transaction. Deadlines of open
 * cases are computed when read, so they follow the new file at once (暂定
 * disappears). *YEAR (may be NULL) gets the year. */
int zf_app_calendar_load(struct zf_app *app, const struct zf_actor *actor, const char *json,
			 size_t len, int *year, struct zf_err *err);

/* One year of the calendar in force. */
struct zf_calendar_year {
	int year;
	int status;               /* enum zf_cal_status */
	const char *source;       /* the notice it follows */
	const char *origin;       /* "内置" or "管理员载入 2026-11-20 by sysadmin" */
	int days_off;             /* days off that are Mon–Fri */
	int makeup_days;          /* make-up working days */
};

/* Lists the years in force, ascending (in A). Any signed-in staff. */
int zf_app_calendar_years(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  struct zf_calendar_year **out, size_t *n, struct zf_err *err);

#endif
