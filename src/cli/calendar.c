/* zhifa calendar: deadlines on the working-day calendar, and loading and listing its year files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "cli/cli.h"
#include "cli/logcheck.h"
#include "util/str.h"

/* A year file is a few kilobytes (core/calendar.c refuses more than 64 KiB). */
#define YEAR_FILE_MAX (64 * 1024)

static void help(void)
{
	printf("usage:\n"
	       "  zhifa calendar due --from YYYY-MM-DD (--working-days N | --days N)\n"
	       "                     [--db PATH|URL [--data DIR]]\n"
	       "  zhifa calendar load FILE --db PATH|URL [--data DIR]\n"
	       "  zhifa calendar list --db PATH|URL [--data DIR]\n\n"
	       "due prints the due date as YYYY-MM-DD, followed by \" 暂定\" when a\n"
	       "provisional year was used. --working-days counts the Nth working day\n"
	       "after --from (行政处罚法 art. 85, 行政强制法 art. 69); --days counts\n"
	       "calendar days and moves a last day that is not a working day to the next\n"
	       "working day. --from itself is not counted. With --db the calendar in force\n"
	       "in that database is used, otherwise the one built into zhifa. When no\n"
	       "calendar covers a year the count reaches, due fails with a message.\n\n"
	       "load validates the year file FILE (format zhifa-calendar/v1, see\n"
	       "docs/calendar.md) and stores it: an official file replaces a provisional\n"
	       "year; a provisional file never replaces an official one.\n\n"
	       "list prints one year a line, tab-separated: year, status (正式 or 暂定),\n"
	       "origin (内置 or who loaded it), weekdays off, make-up working days, source.\n");
}

static const char *status_label(int status)
{
	return status == ZF_CAL_OFFICIAL ? "正式" : "暂定";
}

/* What "due" was asked. */
struct due_args {
	const char *from;
	const char *working;
	const char *days;
};

static int due(struct zf_app *app, const struct due_args *d, struct zf_err *err)
{
	struct zf_calendar *cal = NULL;
	struct zf_date from;
	struct zf_due out;
	int64_t n = 0;
	char iso[11];
	int rc;

	if (zf_date_parse(d->from, &from))
		return zf_err_set(err, ZF_EINVAL, "起算日期（--from）应为 YYYY-MM-DD 格式的真实日期");
	if (d->working ? zf_str_to_i64(d->working, 1, 100000, &n) :
			 zf_str_to_i64(d->days, 0, 400000, &n))
		return zf_err_set(err, ZF_EINVAL, d->working ? "工作日天数（--working-days）应为正整数" :
				  "天数（--days）应为非负整数");
	rc = app ? zf_app_calendar(app, &cal, err) : zf_calendar_builtin(&cal, err);
	if (!rc)
		rc = d->working ? zf_calendar_add_working(cal, from, (int)n, &out, err) :
				  zf_calendar_add_days(cal, from, (int)n, &out, err);
	if (!rc) {
		zf_date_iso(out.date, iso);
		printf("%s%s\n", iso, out.provisional ? " 暂定" : "");
	}
	zf_calendar_free(cal);
	return rc;
}

static int load(struct zf_app *app, const char *path, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_buf b = {0};
	int year = 0;
	int rc = zf_cli_read_file(path, YEAR_FILE_MAX, &b, err);

	zf_actor_cli(&cli);
	if (!rc && !(rc = zf_app_calendar_load(app, &cli, b.data, b.len, &year, err))) {
		struct zf_calendar *cal = NULL;
		int status = ZF_CAL_NONE;
		if (!zf_app_calendar(app, &cal, NULL))
			status = zf_calendar_year_status(cal, year);
		zf_calendar_free(cal);
		printf("已载入%d年工作日历（%s）\n", year, status_label(status));
	}
	zf_buf_free(&b);
	return rc;
}

static int list(struct zf_app *app, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_calendar_year *y = NULL;
	size_t n = 0;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	zf_actor_cli(&cli);
	if (!(rc = zf_app_calendar_years(app, &cli, a, &y, &n, err)))
		for (size_t i = 0; i < n; i++)
			printf("%d\t%s\t%s\t%d\t%d\t%s\n", y[i].year, status_label(y[i].status),
			       y[i].origin, y[i].days_off, y[i].makeup_days, y[i].source);
	zf_arena_free(a);
	return rc;
}

int zf_cmd_calendar(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"from", required_argument, 0, 'f'}, {"working-days", required_argument, 0, 'w'},
		{"days", required_argument, 0, 'n'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	struct due_args d = {0};
	const char *db = NULL, *data = NULL, *verb = NULL;
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	int c, rc;

	if ((rc = zf_cli_verb(argc, argv, help, &verb)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'f': d.from = optarg; break;
		case 'w': d.working = optarg; break;
		case 'n': d.days = optarg; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("calendar", "unknown option");
		}
	}
	int is_due = !strcmp(verb, "due"), is_load = !strcmp(verb, "load");
	if (!is_due && !is_load && strcmp(verb, "list"))
		return zf_cli_usage("calendar", "unknown action (due, load, list)");
	if (is_due && (!d.from || !d.working == !d.days))
		return zf_cli_usage("calendar", "due needs --from and one of --working-days, --days");
	if (!is_due && !db)
		return zf_cli_usage("calendar", "--db is required");
	if (argc != optind + is_load)
		return zf_cli_usage("calendar", is_load ? "load needs one FILE" : "unexpected argument");
	if (db && (rc = zf_cli_open(&app, db, data, &err)))
		goto out;
	if (is_due)
		rc = due(app, &d, &err);
	else if (is_load)
		rc = load(app, argv[optind], &err);
	else
		rc = list(app, &err);
out:
	zf_app_close(app);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
