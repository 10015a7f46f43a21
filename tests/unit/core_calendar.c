/* Unit tests of core/calendar.c: the shipped 2025–2027 years, working-day and calendar-day deadlines, and the checks on year files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "unit.h"

struct fixture {
	struct zf_calendar *cal; /* the built-in years */
	struct zf_err err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || zf_calendar_builtin(&f->cal, &f->err) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	zf_calendar_free(f->cal);
	free(f);
	return 0;
}

static struct zf_date day(const char *iso)
{
	struct zf_date d = {0, 0, 0};

	assert_int_equal(zf_date_parse(iso, &d), 0);
	return d;
}

/* Asserts that the due date DUE is ISO with the provisional flag PROV. */
static void assert_due(struct zf_due due, const char *iso, int prov)
{
	char got[11];

	zf_date_iso(due.date, got);
	assert_string_equal(got, iso);
	assert_int_equal(due.provisional, prov);
}

static void working(struct fixture *f, const char *from, int n, const char *want, int prov)
{
	struct zf_due due = {{0, 0, 0}, -1};

	assert_int_equal(zf_calendar_add_working(f->cal, day(from), n, &due, &f->err), 0);
	assert_due(due, want, prov);
}

static void calendar_days(struct fixture *f, const char *from, int n, const char *want, int prov)
{
	struct zf_due due = {{0, 0, 0}, -1};

	assert_int_equal(zf_calendar_add_days(f->cal, day(from), n, &due, &f->err), 0);
	assert_due(due, want, prov);
}

static void months(struct fixture *f, const char *from, int n, const char *want)
{
	struct zf_due due = {{0, 0, 0}, -1};

	assert_int_equal(zf_calendar_add_months(f->cal, day(from), n, &due, &f->err), 0);
	assert_due(due, want, 0);
}

static void test_builtin_years(void **state)
{
	struct fixture *f = *state;
	struct zf_cal_year_info info;
	int years[8] = {0};

	assert_int_equal(zf_calendar_years(f->cal, years, 8), 3);
	assert_int_equal(years[0], 2025);
	assert_int_equal(years[1], 2026);
	assert_int_equal(years[2], 2027);
	assert_int_equal(zf_calendar_year_status(f->cal, 2025), ZF_CAL_OFFICIAL);
	assert_int_equal(zf_calendar_year_status(f->cal, 2026), ZF_CAL_OFFICIAL);
	assert_int_equal(zf_calendar_year_status(f->cal, 2027), ZF_CAL_PROVISIONAL);
	assert_int_equal(zf_calendar_year_status(f->cal, 2028), ZF_CAL_NONE);
	/* Fewer slots than years: the count still says how many there are. */
	assert_int_equal(zf_calendar_years(f->cal, years, 1), 3);

	/* 2026: 19 weekdays off, 6 make-up days (13 statutory days net). */
	assert_int_equal(zf_calendar_year_info(f->cal, 2026, &info, &f->err), 0);
	assert_int_equal(info.year, 2026);
	assert_int_equal(info.status, ZF_CAL_OFFICIAL);
	assert_int_equal(info.days_off, 19);
	assert_int_equal(info.makeup_days, 6);
	assert_non_null(strstr(info.source, "2025-11-04"));
	assert_int_equal(zf_calendar_year_info(f->cal, 2025, &info, &f->err), 0);
	assert_int_equal(info.days_off, 18);
	assert_int_equal(info.makeup_days, 5);
	assert_non_null(strstr(info.source, "国办发明电〔2024〕12号"));
	/* 2027 provisional: the 补假 keep 13 weekdays off, no 调休 yet. */
	assert_int_equal(zf_calendar_year_info(f->cal, 2027, &info, &f->err), 0);
	assert_int_equal(info.status, ZF_CAL_PROVISIONAL);
	assert_int_equal(info.days_off, 13);
	assert_int_equal(info.makeup_days, 0);
	assert_int_equal(zf_calendar_year_info(f->cal, 2028, &info, &f->err), ZF_ENOTFOUND);
}

static void test_days_described(void **state)
{
	struct fixture *f = *state;
	struct zf_cal_day d;

	assert_int_equal(zf_calendar_day(f->cal, day("2026-02-17"), &d, &f->err), 0);
	assert_int_equal(d.working, 0);
	assert_int_equal(d.status, ZF_CAL_OFFICIAL);
	assert_string_equal(d.name, "春节");
	assert_int_equal(zf_calendar_day(f->cal, day("2026-02-14"), &d, &f->err), 0);
	assert_int_equal(d.working, 1);
	assert_string_equal(d.name, "春节调休");
	assert_int_equal(zf_calendar_day(f->cal, day("2026-03-03"), &d, &f->err), 0);
	assert_int_equal(d.working, 1);
	assert_null(d.name);
	assert_int_equal(zf_calendar_day(f->cal, day("2026-03-07"), &d, &f->err), 0);
	assert_int_equal(d.working, 0);
	assert_null(d.name);
	assert_int_equal(zf_calendar_day(f->cal, day("2027-02-09"), &d, &f->err), 0);
	assert_int_equal(d.working, 0);
	assert_int_equal(d.status, ZF_CAL_PROVISIONAL);
	assert_int_equal(zf_calendar_day(f->cal, day("2024-06-03"), &d, &f->err), ZF_ENOTFOUND);
	assert_string_equal(f->err.msg, "2024年的工作日历尚未载入");
}

/* Every 2026 调休 Saturday and Sunday is a working day: the day after the
 * Friday before it is that day, not the Monday after. */
static void test_makeup_days_are_working_days_2026(void **state)
{
	struct fixture *f = *state;
	static const char *const makeup[] = {"2026-01-04", "2026-02-14", "2026-02-28",
					     "2026-05-09", "2026-09-20", "2026-10-10"};
	struct zf_cal_day d;

	for (size_t i = 0; i < sizeof(makeup) / sizeof(makeup[0]); i++) {
		assert_int_equal(zf_calendar_day(f->cal, day(makeup[i]), &d, &f->err), 0);
		assert_int_equal(d.working, 1);
		assert_non_null(strstr(d.name, "调休"));
	}
	working(f, "2025-12-31", 1, "2026-01-04", 0); /* 元旦 1–3 off */
	working(f, "2026-02-13", 1, "2026-02-14", 0);
	working(f, "2026-02-27", 1, "2026-02-28", 0);
	working(f, "2026-05-08", 1, "2026-05-09", 0);
	working(f, "2026-09-18", 1, "2026-09-20", 0); /* Saturday 19 is a rest day */
	working(f, "2026-10-09", 1, "2026-10-10", 0);
	/* An ordinary Saturday is not. */
	working(f, "2026-03-06", 1, "2026-03-09", 0);
}

static void test_spring_festival_2026(void **state)
{
	struct fixture *f = *state;

	/* 13 Fri, 14 Sat (调休), 15–23 off, 24, 25, 26. */
	working(f, "2026-02-12", 5, "2026-02-26", 0);
	working(f, "2026-02-12", 2, "2026-02-14", 0);
	working(f, "2026-02-12", 3, "2026-02-24", 0);
	/* 7 working days (service) from the last day before the holiday. */
	working(f, "2026-02-13", 7, "2026-03-02", 0); /* 28 Feb (调休) counts */
}

static void test_national_day_2026(void **state)
{
	struct fixture *f = *state;

	working(f, "2026-09-30", 1, "2026-10-08", 0);
	working(f, "2026-09-30", 2, "2026-10-09", 0);
	working(f, "2026-09-30", 3, "2026-10-10", 0);
	working(f, "2026-09-30", 4, "2026-10-12", 0);
	/* 中秋 25–27 and 国庆 with the 9-20 调休 in between. */
	working(f, "2026-09-24", 5, "2026-10-09", 0);
}

static void test_spring_festival_and_national_day_2025(void **state)
{
	struct fixture *f = *state;

	/* 26 Sun (调休), 27, then 28 Jan – 4 Feb off, 5, 6, 7, 8 Sat (调休). */
	working(f, "2025-01-24", 5, "2025-02-07", 0);
	working(f, "2025-01-24", 6, "2025-02-08", 0);
	/* 28 Sep Sun (调休), 29, 30, then 1–8 Oct off, 9, 10, 11 Sat (调休), 13. */
	working(f, "2025-09-26", 5, "2025-10-10", 0);
	working(f, "2025-09-26", 6, "2025-10-11", 0);
	working(f, "2025-09-26", 7, "2025-10-13", 0);
	/* 劳动节 2025: 27 Apr Sun (调休), 28, 29, 30, then 1–5 May off. */
	working(f, "2025-04-25", 5, "2025-05-06", 0);
}

static void test_calendar_days_roll_over(void **state)
{
	struct fixture *f = *state;

	calendar_days(f, "2026-09-16", 15, "2026-10-08", 0); /* lands on 10-01 */
	calendar_days(f, "2026-02-01", 15, "2026-02-24", 0); /* lands on 02-16 */
	calendar_days(f, "2026-03-06", 15, "2026-03-23", 0); /* lands on a Saturday */
	calendar_days(f, "2026-02-13", 15, "2026-02-28", 0); /* a 调休 Saturday stays */
	calendar_days(f, "2026-01-28", 15, "2026-02-12", 0); /* an ordinary Thursday */
	calendar_days(f, "2026-07-03", 90, "2026-10-08", 0); /* the 90-day limit */
	calendar_days(f, "2025-12-18", 60, "2026-02-24", 0); /* across the year end */
	calendar_days(f, "2026-10-01", 0, "2026-10-08", 0);  /* 0 days: the day itself */
	calendar_days(f, "2026-12-20", 12, "2027-01-04", 1); /* rolls into 2027 */
}

static void test_months(void **state)
{
	struct fixture *f = *state;

	months(f, "2026-01-31", 1, "2026-02-28"); /* last day of February, a 调休 Saturday */
	months(f, "2026-07-05", 3, "2026-10-08"); /* 10-05 is off */
	months(f, "2025-11-30", 3, "2026-02-28");
	months(f, "2026-08-31", 1, "2026-09-30");
	months(f, "2025-03-14", 12, "2026-03-16"); /* 3-14 is a Saturday */
}

static void test_provisional_2027(void **state)
{
	struct fixture *f = *state;

	working(f, "2026-12-28", 3, "2026-12-31", 0);
	working(f, "2026-12-30", 5, "2027-01-07", 1); /* 元旦 2027 off */
	working(f, "2027-02-04", 1, "2027-02-11", 1); /* 春节 5–10 Feb (暂定) */
	working(f, "2027-09-30", 1, "2027-10-06", 1);
	calendar_days(f, "2027-01-20", 20, "2027-02-11", 1);
}

static void test_uncovered_year(void **state)
{
	struct fixture *f = *state;
	struct zf_due due;
	int n = 0;

	assert_int_equal(zf_calendar_add_working(f->cal, day("2027-12-30"), 5, &due, &f->err),
			 ZF_ENOTFOUND);
	assert_string_equal(f->err.msg, "2028年的工作日历尚未载入");
	assert_int_equal(zf_calendar_add_days(f->cal, day("2027-12-20"), 15, &due, &f->err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_calendar_add_months(f->cal, day("2027-11-01"), 3, &due, &f->err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_calendar_working_between(f->cal, day("2024-12-20"), day("2025-01-10"),
						     &n, &f->err),
			 ZF_ENOTFOUND);
	assert_string_equal(f->err.msg, "2024年的工作日历尚未载入");
	/* The start day itself is not counted, so it need not be covered. */
	working(f, "2024-12-31", 1, "2025-01-02", 0);
	/* Nonsense arguments are refused, not guessed. */
	assert_int_equal(zf_calendar_add_working(f->cal, day("2026-03-02"), 0, &due, &f->err),
			 ZF_EINVAL);
	assert_int_equal(zf_calendar_add_days(f->cal, day("2026-03-02"), -1, &due, &f->err),
			 ZF_EINVAL);
}

static void test_working_between(void **state)
{
	struct fixture *f = *state;
	int n = 99;

	assert_int_equal(zf_calendar_working_between(f->cal, day("2026-02-12"), day("2026-02-26"),
						     &n, &f->err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(zf_calendar_working_between(f->cal, day("2026-02-26"), day("2026-02-12"),
						     &n, &f->err), 0);
	assert_int_equal(n, -5);
	assert_int_equal(zf_calendar_working_between(f->cal, day("2026-09-30"), day("2026-10-08"),
						     &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(zf_calendar_working_between(f->cal, day("2026-03-02"), day("2026-03-02"),
						     &n, &f->err), 0);
	assert_int_equal(n, 0);
	/* A holiday-only span: no working day left. */
	assert_int_equal(zf_calendar_working_between(f->cal, day("2026-10-01"), day("2026-10-07"),
						     &n, &f->err), 0);
	assert_int_equal(n, 0);
	/* A whole year: 2026 has 261 weekdays, 19 off, 6 make-up. */
	assert_int_equal(zf_calendar_working_between(f->cal, day("2025-12-31"), day("2026-12-31"),
						     &n, &f->err), 0);
	assert_int_equal(n, 261 - 19 + 6);
}

/* A 2026 year file with HOLIDAYS (the JSON array body) and STATUS. */
static int load_2026(struct fixture *f, struct zf_calendar *c, const char *status,
		     const char *holidays)
{
	char json[2048];

	snprintf(json, sizeof(json),
		 "{\"format\":\"zhifa-calendar/v1\",\"year\":2026,\"status\":\"%s\","
		 "\"source\":\"测试\",\"holidays\":[%s]}",
		 status, holidays);
	return zf_calendar_load(c, json, strlen(json), NULL, &f->err);
}

static void refused(struct fixture *f, struct zf_calendar *c, const char *json, const char *says)
{
	zf_err_clear(&f->err);
	assert_int_equal(zf_calendar_load(c, json, strlen(json), NULL, &f->err), ZF_EINVAL);
	if (!strstr(f->err.msg, says))
		fail_msg("message \"%s\" lacks \"%s\"", f->err.msg, says);
}

static void refused_holidays(struct fixture *f, struct zf_calendar *c, const char *holidays,
			     const char *says)
{
	zf_err_clear(&f->err);
	assert_int_equal(load_2026(f, c, "official", holidays), ZF_EINVAL);
	if (!strstr(f->err.msg, says))
		fail_msg("message \"%s\" lacks \"%s\"", f->err.msg, says);
}

static void test_load_validation(void **state)
{
	struct fixture *f = *state;
	struct zf_calendar *c = NULL;
	int year = 0;

	assert_int_equal(zf_calendar_new(&c, &f->err), 0);
	/* Dates. */
	refused_holidays(f, c, "{\"name\":\"春节\",\"off\":[\"2026-02-15\",\"2026-02-30\"]}",
			 "2026-02-30");
	refused_holidays(f, c, "{\"name\":\"元旦\",\"off\":\"2025-12-31\"}", "不在2026年内");
	refused_holidays(f, c, "{\"name\":\"元旦\",\"off\":\"2026/01/01\"}", "YYYY-MM-DD");
	refused_holidays(f, c, "{\"name\":\"元旦\",\"off\":[\"2026-01-03\",\"2026-01-01\"]}",
			 "末日早于首日");
	refused_holidays(f, c, "{\"name\":\"元旦\",\"off\":[\"2026-01-01\"]}", "off");
	/* Duplicates: within a range list, across holidays, in make-up days. */
	refused_holidays(f, c,
			 "{\"name\":\"元旦\",\"off\":[\"2026-01-01\",\"2026-01-03\"]},"
			 "{\"name\":\"新年\",\"off\":\"2026-01-02\"}",
			 "重复");
	refused_holidays(f, c,
			 "{\"name\":\"春节\",\"off\":\"2026-02-16\","
			 "\"makeup\":[\"2026-02-14\",\"2026-02-14\"]}",
			 "重复");
	/* A make-up day must be a Saturday or Sunday, and not also off. */
	refused_holidays(f, c, "{\"name\":\"春节\",\"off\":\"2026-02-16\",\"makeup\":[\"2026-02-13\"]}",
			 "周一至周五");
	refused_holidays(f, c,
			 "{\"name\":\"春节\",\"off\":[\"2026-02-14\",\"2026-02-16\"],"
			 "\"makeup\":[\"2026-02-14\"]}",
			 "既列为放假日又列为调休上班日");
	/* Names, shape, unknown keys. */
	refused_holidays(f, c, "{\"name\":\"\",\"off\":\"2026-01-01\"}", "不能为空");
	refused_holidays(f, c, "{\"name\":\"元旦\"}", "缺少放假日期");
	refused_holidays(f, c, "{\"name\":\"元旦\",\"off\":\"2026-01-01\",\"of\":1}", "“of”");
	refused_holidays(f, c, "", "holidays");
	/* The envelope. */
	refused(f, c, "[]", "JSON 对象");
	refused(f, c, "{\"format\":\"zhifa-calendar/v2\"}", "format");
	refused(f, c, "{\"format\":\"zhifa-calendar/v1\",\"year\":1999}", "year");
	refused(f, c, "{\"format\":\"zhifa-calendar/v1\",\"year\":2026,\"status\":\"draft\"}",
		"status");
	refused(f, c, "{\"format\":\"zhifa-calendar/v1\",\"year\":2026,\"status\":\"official\"}",
		"source");
	refused(f, c, "{\"format\":\"zhifa-calendar/v1\",\"format\":\"zhifa-calendar/v1\"}", "JSON");
	refused(f, c, "{\"format\":", "JSON");
	/* Nothing was added by the refusals. */
	assert_int_equal(zf_calendar_years(c, NULL, 0), 0);

	/* A good file is taken, and its year reported. */
	const char *ok = "{\"format\":\"zhifa-calendar/v1\",\"year\":2030,\"status\":\"official\","
			 "\"source\":\"测试\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2030-01-01\"}]}";
	assert_int_equal(zf_calendar_load(c, ok, strlen(ok), &year, &f->err), 0);
	assert_int_equal(year, 2030);
	assert_int_equal(zf_calendar_year_status(c, 2030), ZF_CAL_OFFICIAL);
	zf_calendar_free(c);
}

static void test_official_replaces_provisional_not_back(void **state)
{
	struct fixture *f = *state;
	struct zf_cal_day d;
	struct zf_due due;
	const char *official2027 =
		"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"official\","
		"\"source\":\"国务院办公厅关于2027年部分节假日安排的通知\",\"holidays\":["
		"{\"name\":\"春节\",\"off\":[\"2027-02-05\",\"2027-02-11\"],\"makeup\":[\"2027-02-20\"]}]}";
	const char *provisional2027 =
		"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"provisional\","
		"\"source\":\"暂定\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2027-01-01\"}]}";

	working(f, "2027-02-04", 1, "2027-02-11", 1);
	assert_int_equal(zf_calendar_load(f->cal, official2027, strlen(official2027), NULL, &f->err),
			 0);
	assert_int_equal(zf_calendar_year_status(f->cal, 2027), ZF_CAL_OFFICIAL);
	/* The deadline moves and is no longer 暂定. */
	working(f, "2027-02-04", 1, "2027-02-12", 0);
	assert_int_equal(zf_calendar_day(f->cal, day("2027-02-20"), &d, &f->err), 0);
	assert_int_equal(d.working, 1);
	/* 元旦 of the provisional file is gone: the new file replaced the year. */
	assert_int_equal(zf_calendar_day(f->cal, day("2027-01-01"), &d, &f->err), 0);
	assert_int_equal(d.working, 1);

	/* A provisional file never replaces an official year. */
	assert_int_equal(zf_calendar_load(f->cal, provisional2027, strlen(provisional2027), NULL,
					  &f->err),
			 ZF_ECONFLICT);
	assert_non_null(strstr(f->err.msg, "2027"));
	assert_int_equal(zf_calendar_year_status(f->cal, 2027), ZF_CAL_OFFICIAL);
	assert_int_equal(zf_calendar_add_working(f->cal, day("2027-02-04"), 1, &due, &f->err), 0);
	assert_due(due, "2027-02-12", 0);

	/* An official file replaces an official one (a corrected notice). */
	assert_int_equal(load_2026(f, f->cal, "official",
				   "{\"name\":\"元旦\",\"off\":\"2026-01-01\"}"), 0);
	working(f, "2026-02-12", 5, "2026-02-19", 0);
	/* A provisional file over an official built-in year is refused too. */
	assert_int_equal(load_2026(f, f->cal, "provisional",
				   "{\"name\":\"元旦\",\"off\":\"2026-01-01\"}"), ZF_ECONFLICT);
}

static void test_provisional_replaces_provisional(void **state)
{
	struct fixture *f = *state;
	const char *p2027 = "{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"provisional\","
			    "\"source\":\"暂定（修订）\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2027-01-01\"}]}";
	struct zf_cal_year_info info;

	assert_int_equal(zf_calendar_load(f->cal, p2027, strlen(p2027), NULL, &f->err), 0);
	assert_int_equal(zf_calendar_year_info(f->cal, 2027, &info, &f->err), 0);
	assert_string_equal(info.source, "暂定（修订）");
	working(f, "2027-02-04", 1, "2027-02-05", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_years),
		cmocka_unit_test(test_days_described),
		cmocka_unit_test(test_makeup_days_are_working_days_2026),
		cmocka_unit_test(test_spring_festival_2026),
		cmocka_unit_test(test_national_day_2026),
		cmocka_unit_test(test_spring_festival_and_national_day_2025),
		cmocka_unit_test(test_calendar_days_roll_over),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_provisional_2027),
		cmocka_unit_test(test_uncovered_year),
		cmocka_unit_test(test_working_between),
		cmocka_unit_test(test_load_validation),
		cmocka_unit_test(test_official_replaces_provisional_not_back),
		cmocka_unit_test(test_provisional_replaces_provisional),
	};
	return run_fresh(tests, setup, teardown);
}
