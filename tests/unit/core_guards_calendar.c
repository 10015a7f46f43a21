/* Unit tests of the guards that count days on the working-day calendar: period_over (working days, calendar days, months; settings; until; waiver) and hearing_notice, across 春节 and 国庆 2026 and a provisional 2027. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/case_rules.h"
#include "unit.h"
#include "unit_json.h"

/* The 2026 arrangement (国务院办公厅 2025-11-04) and a provisional 2027 with
 * only 元旦, in the format of docs/calendar.md. */
static const char year2026[] =
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2026,\"status\":\"official\","
	"\"source\":\"国务院办公厅关于2026年部分节假日安排的通知\",\"holidays\":["
	"{\"name\":\"元旦\",\"off\":[\"2026-01-01\",\"2026-01-03\"],\"makeup\":[\"2026-01-04\"]},"
	"{\"name\":\"春节\",\"off\":[\"2026-02-15\",\"2026-02-23\"],"
	"\"makeup\":[\"2026-02-14\",\"2026-02-28\"]},"
	"{\"name\":\"国庆节\",\"off\":[\"2026-10-01\",\"2026-10-07\"],"
	"\"makeup\":[\"2026-09-20\",\"2026-10-10\"]}]}";
static const char year2027[] =
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"provisional\","
	"\"source\":\"暂定\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2027-01-01\"}]}";

static const char *const statement_until[] = {"statement", "hearing_request"};

static const struct zf_deadline_def deadlines[] = {
	{.code = "statement", .label = "陈述申辩期限", .from_step = "notice_service",
	 .from_field = "served_on", .unit = ZF_DU_WORKING, .setting = "statement_days",
	 .until = (const char **)statement_until, .nuntil = 2, .kind = ZF_DK_WAIT},
	{.code = "payment", .label = "缴纳罚款期限", .from_step = "decision_service",
	 .from_field = "served_on", .unit = ZF_DU_CALENDAR, .count = 15, .kind = ZF_DK_WAIT},
	{.code = "court", .label = "申请法院强制执行期限", .from_step = "remedy_lapsed",
	 .unit = ZF_DU_MONTHS, .count = 3, .kind = ZF_DK_WAIT},
	{.code = "restatement", .label = "重新告知后的陈述、申辩期限", .from_step = "renotice",
	 .from_field = "served_on", .unit = ZF_DU_WORKING, .setting = "statement_days",
	 .kind = ZF_DK_WAIT},
};

static const struct zf_step_def steps[] = {
	{.code = "notice_service", .name = "送达告知书"},
	{.code = "renotice", .name = "重新告知", .optional = 1},
};

static const struct zf_procedure proc = {
	.code = "penalty_ordinary", .name = "行政处罚普通程序", .kind = "penalty",
	.steps = steps, .nsteps = 2, .deadlines = deadlines, .ndeadlines = 4,
};

struct fixture {
	struct zf_calendar *cal;
	struct zf_guard_ctx ctx;
	struct zf_guard_step done[3];
	json_t *values, *served[3], *facts, *settings;
	struct zf_err err;
};

static struct fixture fx;

static int setup(void **state)
{
	struct zf_err err;
	(void)state;
	memset(&fx, 0, sizeof(fx));
	zf_err_clear(&err);
	if (zf_calendar_new(&fx.cal, &err) ||
	    zf_calendar_load(fx.cal, year2026, strlen(year2026), NULL, &err) ||
	    zf_calendar_load(fx.cal, year2027, strlen(year2027), NULL, &err))
		fail_msg("calendar: %s", err.msg);
	fx.ctx.proc = &proc;
	fx.ctx.cal = fx.cal;
	fx.ctx.done = fx.done;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	zf_calendar_free(fx.cal);
	json_decref(fx.values);
	for (size_t i = 0; i < 3; i++)
		json_decref(fx.served[i]);
	json_decref(fx.facts);
	json_decref(fx.settings);
	return 0;
}

/* Completed step CODE on date ON with values "served_on": SERVED (or none). */
static void done_step(size_t i, const char *code, struct zf_date on, const char *served)
{
	char text[64];
	fx.done[i].id = (int64_t)i + 1;
	fx.done[i].code = code;
	fx.done[i].on = on;
	if (served) {
		snprintf(text, sizeof(text), "{\"served_on\":\"%s\"}", served);
		json_decref(fx.served[i]);
		fx.served[i] = J(text);
		fx.done[i].values = fx.served[i];
	}
	if (fx.ctx.ndone < i + 1)
		fx.ctx.ndone = i + 1;
}

static struct zf_date D(int y, int m, int d)
{
	struct zf_date r = {y, m, d};
	return r;
}

static int check(const char *guard, struct zf_date today)
{
	fx.ctx.today = today;
	zf_err_clear(&fx.err);
	return zf_guard_check(guard, &fx.ctx, &fx.err);
}

static void refused(const char *guard, struct zf_date today, const char *fragment)
{
	if (check(guard, today) != ZF_EINVAL)
		fail_msg("%s passed on %d-%d-%d, wanted \"%s\"", guard, today.y, today.m, today.d,
			 fragment);
	if (!strstr(fx.err.msg, fragment))
		fail_msg("message \"%s\" lacks \"%s\"", fx.err.msg, fragment);
}

static void passes(const char *guard, struct zf_date today)
{
	if (check(guard, today) != 0)
		fail_msg("%s refused on %d-%d-%d: %s", guard, today.y, today.m, today.d, fx.err.msg);
}

/* Served Tuesday 10 February 2026: 11, 12, 13 Feb, the make-up Saturday 14
 * Feb, then 春节 15–23 Feb: the fifth working day is Tuesday 24 Feb. */
static void statement_across_spring_festival(void **state)
{
	(void)state;
	refused("period_over:statement", D(2026, 2, 20), "陈述申辩期限尚未开始计算（“送达告知书”尚未完成）");
	/* An optional step not taken (重新告知) starts no period. */
	passes("period_over:restatement", D(2026, 2, 20));
	done_step(1, "renotice", D(2026, 2, 12), "2026-02-12");
	refused("period_over:restatement", D(2026, 2, 25), "2026年2月26日");
	fx.ctx.ndone = 0;
	done_step(0, "notice_service", D(2026, 2, 10), "2026-02-10");
	refused("period_over:statement", D(2026, 2, 24), "陈述申辩期限至2026年2月24日届满");
	assert_non_null(strstr(fx.err.msg, "第六十二条"));
	passes("period_over:statement", D(2026, 2, 25));
	/* The service date is the field's, not the completion date. */
	done_step(0, "notice_service", D(2026, 2, 12), "2026-02-12");
	refused("period_over:statement", D(2026, 2, 25), "2026年2月26日");
	passes("period_over:statement", D(2026, 2, 27));
}

static void statement_setting_until_waiver(void **state)
{
	(void)state;
	done_step(0, "notice_service", D(2026, 2, 10), "2026-02-10");
	/* A body setting of 3 working days: 13 February. */
	fx.settings = J("{\"statement_days\":3}");
	fx.ctx.settings = fx.settings;
	refused("period_over:statement", D(2026, 2, 13), "2026年2月13日");
	passes("period_over:statement", D(2026, 2, 14));
	fx.ctx.settings = NULL;
	/* The party made its statement: the period is closed. */
	done_step(1, "statement", D(2026, 2, 12), NULL);
	passes("period_over:statement", D(2026, 2, 12));
	fx.ctx.ndone = 1;
	refused("period_over:statement", D(2026, 2, 12), "届满");
	/* Waived in writing (art. 62). */
	fx.facts = J("{\"statement_waived\":true}");
	fx.ctx.facts = fx.facts;
	passes("period_over:statement", D(2026, 2, 12));
}

/* Served 20 September 2026: + 15 days = 5 October, inside 国庆 (1–7 Oct):
 * the period ends on Thursday 8 October. */
static void payment_calendar_days(void **state)
{
	(void)state;
	done_step(0, "decision_service", D(2026, 9, 20), "2026-09-20");
	refused("period_over:payment", D(2026, 10, 8), "缴纳罚款期限至2026年10月8日届满");
	passes("period_over:payment", D(2026, 10, 9));
}

/* 31 July 2026 + 3 months = 31 October, a Saturday: Monday 2 November. */
static void court_months(void **state)
{
	(void)state;
	done_step(0, "remedy_lapsed", D(2026, 7, 31), NULL);
	refused("period_over:court", D(2026, 11, 2), "2026年11月2日");
	passes("period_over:court", D(2026, 11, 3));
}

/* A provisional year is named 暂定; a year without a file refuses. */
static void provisional_and_missing(void **state)
{
	(void)state;
	done_step(0, "notice_service", D(2026, 12, 29), "2026-12-29");
	/* 30, 31 Dec, (元旦 1 Jan 2027 off), 4, 5, 6 Jan. */
	refused("period_over:statement", D(2027, 1, 6), "2027年1月6日（暂定）届满");
	passes("period_over:statement", D(2027, 1, 7));
	done_step(0, "notice_service", D(2027, 12, 28), "2027-12-28");
	refused("period_over:statement", D(2028, 1, 10), "无法计算陈述申辩期限");
	refused("period_over:nope", D(2026, 1, 5), "没有期限");
}

/* Notified Monday 28 September 2026: 29, 30 Sep, (国庆 1–7 Oct), 8, 9 Oct,
 * the make-up Saturday 10 Oct, 12, 13 Oct: the hearing may be on 13 Oct. */
static void hearing_notice_across_national_day(void **state)
{
	(void)state;
	fx.values = J("{\"notified_on\":\"2026-09-28\",\"hearing_date\":\"2026-10-13\"}");
	fx.ctx.values = fx.values;
	passes("hearing_notice", D(2026, 9, 28));
	json_object_set_new(fx.values, "hearing_date", json_string("2026-10-12"));
	refused("hearing_notice", D(2026, 9, 28), "听证日期不得早于2026年10月13日");
	assert_non_null(strstr(fx.err.msg, "第六十四条第二项"));
	assert_non_null(zf_err_field_msg(&fx.err, "hearing_date"));
	/* Without notified_on, the step date counts. */
	json_object_del(fx.values, "notified_on");
	json_object_set_new(fx.values, "date", json_string("2026-09-29"));
	json_object_set_new(fx.values, "hearing_date", json_string("2026-10-13"));
	refused("hearing_notice", D(2026, 9, 20), "2026年10月14日");
	json_object_set_new(fx.values, "hearing_date", json_string("2026-10-14"));
	passes("hearing_notice", D(2026, 9, 20));
	/* Into the provisional year. */
	json_object_set_new(fx.values, "date", json_string("2026-12-29"));
	json_object_set_new(fx.values, "hearing_date", json_string("2027-01-07"));
	refused("hearing_notice", D(2026, 12, 29), "（暂定）");
	json_object_set_new(fx.values, "hearing_date", json_string("2027-01-08"));
	passes("hearing_notice", D(2026, 12, 29));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statement_across_spring_festival),
		cmocka_unit_test(statement_setting_until_waiver),
		cmocka_unit_test(payment_calendar_days),
		cmocka_unit_test(court_months),
		cmocka_unit_test(provisional_and_missing),
		cmocka_unit_test(hearing_notice_across_national_day),
	};
	return run_fresh(tests, setup, teardown);
}
