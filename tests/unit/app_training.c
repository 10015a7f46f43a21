/* Unit tests of officers' training records (app/training.c) at a fixed clock: a session for several officers, tenths, totals against the requirement with the boundary, pro-rata warnings, corrections, refusals, validation messages and the record log. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/case.h"
#include "app/ledger.h"
#include "app/training.h"
#include "core/role.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time: two months of 2026 are over. */
#define T_0302 1772416800

struct ctx {
	struct fixture f; /* first: the fixture's state points at it */
	char data[128];
	struct zf_app *app;
	int64_t body, other_body, o1, o2, o3, o4, o_other;
	struct zf_actor leader, registrar, officer, reviewer, supervisor, other_leader,
		other_registrar, cli;
};


static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = T_0302;
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->other_body = fixture_body(c->f.db, "他局", "91330100MA27XL0E2W");
	c->o1 = fixture_officer(c->f.db, c->body, "张三", "14052400101");
	c->o2 = fixture_officer(c->f.db, c->body, "李四", "14052400102");
	c->o3 = fixture_officer(c->f.db, c->body, "王五", "14052400103");
	c->o4 = fixture_officer(c->f.db, c->body, "赵六", "14052400104");
	c->o_other = fixture_officer(c->f.db, c->other_body, "钱七", "14052400199");
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->registrar, 17, "registrar1", ZF_ROLE_REGISTRAR, c->body, 0);
	fixture_actor(&c->officer, 11, "officer1", ZF_ROLE_OFFICER, c->body, 0);
	fixture_actor(&c->reviewer, 15, "reviewer1", ZF_ROLE_REVIEWER, c->body, 0);
	fixture_actor(&c->supervisor, 18, "supervisor1", ZF_ROLE_SUPERVISOR, c->other_body, 0);
	fixture_actor(&c->other_leader, 19, "leader2", ZF_ROLE_LEADER, c->other_body, 0);
	fixture_actor(&c->other_registrar, 20, "registrar2", ZF_ROLE_REGISTRAR, c->other_body, 0);
	zf_actor_cli(&c->cli);
	return c->o4 && c->o_other ? 0 : -1;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

/* Rows of every table a record writes, summed: unchanged when nothing was written. */
static int64_t written(struct ctx *c)
{
	return fixture_count(&c->f, "SELECT (SELECT COUNT(*) FROM training) + "
			     "(SELECT COUNT(*) FROM history) + (SELECT COUNT(*) FROM log_pending)");
}

static struct zf_training_in session(const char *on, int64_t tenths)
{
	struct zf_training_in in = {.held_on = on, .hours = tenths, .topic = "行政处罚法案例研讨",
				    .form = "case_teaching", .organiser = "县司法局", .note = NULL};
	return in;
}

/* Records IN for the N officers OFF as ACTOR; asserts success. */
static void record(struct ctx *c, const struct zf_actor *actor, struct zf_training_in in,
		   const int64_t *off, size_t n, int64_t *ids)
{
	struct zf_err err = {0};
	int rc = zf_app_training_record(c->app, actor, &in, off, n, ids, &err);
	if (rc)
		fail_msg("record: %d %s", rc, err.msg);
}

/* The summary row of officer ID in S. */
static const struct zf_training_total *row_of(const struct zf_training_summary *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->rows[i].officer_id == id)
			return &s->rows[i];
	fail_msg("officer %lld not in the summary", (long long)id);
	return NULL;
}

static void test_hours_and_forms(void **state)
{
	(void)state;
	int64_t t = -1;
	char out[24];

	assert_int_equal(zf_training_hours_parse("0.5", &t), 0);
	assert_int_equal(t, 5);
	assert_int_equal(zf_training_hours_parse("60", &t), 0);
	assert_int_equal(t, 600);
	assert_int_equal(zf_training_hours_parse("59.9", &t), 0);
	assert_int_equal(t, 599);
	assert_int_equal(zf_training_hours_parse("1000", &t), 0);
	assert_int_equal(zf_training_hours_parse("1000.1", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse("1.25", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse("1.", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse(".5", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse("-1", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse("两", &t), ZF_EINVAL);
	assert_int_equal(zf_training_hours_parse("", &t), ZF_EINVAL);
	zf_training_hours_format(599, out);
	assert_string_equal(out, "59.9");
	zf_training_hours_format(600, out);
	assert_string_equal(out, "60");
	zf_training_hours_format(5, out);
	assert_string_equal(out, "0.5");

	size_t n;
	const struct zf_training_form *f = zf_training_forms(&n);
	assert_int_equal(n, 5);
	assert_string_equal(f[0].label, "案例教学");
	assert_string_equal(zf_training_form_label("online"), "互联网+培训");
	assert_string_equal(zf_training_form_label("exam"), "以考促学");
	assert_string_equal(zf_training_form_label("nope"), "");

	/* The boundary: exactly the requirement is no warning, a tenth less is. */
	assert_int_equal(zf_training_warning_of(600, 600, 12), ZF_TRAINING_OK);
	assert_int_equal(zf_training_warning_of(599, 600, 12), ZF_TRAINING_SHORT);
	/* Pro rata: 2 months of 60 学时 = 10 学时 expected. */
	assert_int_equal(zf_training_warning_of(100, 600, 2), ZF_TRAINING_OK);
	assert_int_equal(zf_training_warning_of(99, 600, 2), ZF_TRAINING_BEHIND);
	/* 1 month of 40 学时 = 3.33…, rounded up to 3.4. */
	assert_int_equal(zf_training_warning_of(34, 400, 1), ZF_TRAINING_OK);
	assert_int_equal(zf_training_warning_of(33, 400, 1), ZF_TRAINING_BEHIND);
	/* January and future years expect nothing yet. */
	assert_int_equal(zf_training_warning_of(0, 600, 0), ZF_TRAINING_OK);
	assert_string_equal(zf_training_warning_label(ZF_TRAINING_SHORT), "学时不足");
	assert_string_equal(zf_training_warning_label(ZF_TRAINING_BEHIND), "进度落后");
}

static void test_record_several_totals_boundary_and_log(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_training_summary s;
	int64_t ids[2] = {0, 0}, one[1] = {0};
	const int64_t both[] = {c->o1, c->o2};
	int64_t before = written(c);

	/* One session attended by two officers: two rows. */
	record(c, &c->leader, session("2025-05-10", 595), both, 2, ids);
	assert_true(ids[0] > 0 && ids[1] > ids[0]);
	/* Half a 学时 more for 张三 (60.0), four tenths for 李四 (59.9). */
	record(c, &c->registrar, session("2025-11-03", 5), &c->o1, 1, one);
	record(c, &c->leader, session("2025-12-31", 4), &c->o2, 1, NULL);
	/* Another year does not count in 2025. */
	record(c, &c->leader, session("2026-01-15", 100), &c->o2, 1, NULL);
	assert_int_equal(written(c) - before, 5 * 3);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = 'training' "
				       "AND action = 'training_record' AND salt IS NOT NULL"), 5);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'training_record' "
				       "AND outcome = 'ok'"), 4);
	/* The history row commits to the row's facts. */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = 'training' "
				       "AND after_json LIKE '%\"hours\":595%' AND after_json LIKE "
				       "'%\"form\":\"case_teaching\"%'"), 2);

	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 2025, &s, &err), 0);
	assert_int_equal(s.year, 2025);
	assert_int_equal(s.required, 600);
	assert_int_equal(s.months, 12);
	assert_int_equal(s.expected, 600);
	assert_int_equal(s.n, 4); /* the other body's officer is not listed */
	assert_int_equal(row_of(&s, c->o1)->hours, 600);
	assert_int_equal(row_of(&s, c->o1)->sessions, 2);
	assert_int_equal(row_of(&s, c->o1)->warning, ZF_TRAINING_OK);
	assert_int_equal(row_of(&s, c->o2)->hours, 599);
	assert_int_equal(row_of(&s, c->o2)->warning, ZF_TRAINING_SHORT);
	assert_int_equal(row_of(&s, c->o3)->hours, 0);
	assert_int_equal(row_of(&s, c->o3)->warning, ZF_TRAINING_SHORT);
	assert_int_equal(s.warnings, 3);

	/* The lists: per officer and per body and year. */
	struct zf_training *rows;
	size_t n;
	assert_int_equal(zf_app_training_list(c->app, &c->officer, c->f.a, c->o2, 0, 2025, &rows, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].held_on, "2025-05-10");
	assert_string_equal(rows[0].officer_name, "李四");
	assert_true(rows[0].history_id > 0);
	assert_int_equal(zf_app_training_list(c->app, &c->officer, c->f.a, c->o2, 0, 0, &rows, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(zf_app_training_list(c->app, &c->leader, c->f.a, 0, 0, 2025, &rows, &n, &err), 0);
	assert_int_equal(n, 4);

	/* This year at 2 March: 2 months over, 10 学时 expected. */
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 0, &s, &err), 0);
	assert_int_equal(s.year, 2026);
	assert_int_equal(s.months, 2);
	assert_int_equal(s.expected, 100);
	assert_int_equal(row_of(&s, c->o2)->hours, 100);
	assert_int_equal(row_of(&s, c->o2)->warning, ZF_TRAINING_OK);
	assert_int_equal(row_of(&s, c->o1)->warning, ZF_TRAINING_BEHIND);
	assert_int_equal(s.warnings, 3);

	/* The body's requirement is a case setting. */
	json_t *set = json_pack("{s:i}", "training_hours_required", 50);
	assert_int_equal(zf_app_case_settings_set(c->app, &c->leader, 0, set, NULL, &err), 0);
	json_decref(set);
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 2025, &s, &err), 0);
	assert_int_equal(s.required, 500);
	assert_int_equal(s.warnings, 2);
	/* A future year expects nothing yet. */
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 2027, &s, &err), 0);
	assert_int_equal(s.months, 0);
	assert_int_equal(s.warnings, 0);
}

static void test_correction_supersedes(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_training_summary s;
	struct zf_training t;
	int64_t id = 0, fixed = 0, again = 0;

	record(c, &c->leader, session("2025-06-01", 599), &c->o1, 1, &id);
	struct zf_training_in in = session("2025-06-01", 600);
	/* A correction states its reason. */
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, id, &in, &fixed, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "note"), "更正原因"));
	zf_err_clear(&err);
	in.note = "签到表核对，实际为60学时";
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, id, &in, &fixed, &err), 0);
	assert_true(fixed > id);
	assert_int_equal(zf_app_training_get(c->app, &c->leader, c->f.a, id, &t, &err), 0);
	assert_int_equal(t.corrected_by, fixed);
	assert_int_equal(zf_app_training_get(c->app, &c->leader, c->f.a, fixed, &t, &err), 0);
	assert_int_equal(t.corrects_id, id);
	assert_int_equal(t.corrected_by, 0);
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 2025, &s, &err), 0);
	assert_int_equal(row_of(&s, c->o1)->hours, 600);
	assert_int_equal(row_of(&s, c->o1)->sessions, 1);
	assert_int_equal(row_of(&s, c->o1)->warning, ZF_TRAINING_OK);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = 'training' "
				       "AND action = 'training_correct'"), 1);

	/* The superseded row cannot be corrected twice. */
	zf_err_clear(&err);
	int64_t before = written(c);
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, id, &in, &again, &err), ZF_ECONFLICT);
	assert_int_equal(written(c), before);

	/* Hours 0 withdraws the record. */
	zf_err_clear(&err);
	in.hours = 0;
	in.note = "重复录入，撤销";
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, fixed, &in, &again, &err), 0);
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 2025, &s, &err), 0);
	assert_int_equal(row_of(&s, c->o1)->hours, 0);
	assert_int_equal(row_of(&s, c->o1)->warning, ZF_TRAINING_SHORT);
	/* Rows are never changed: three rows, one per fact. */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM training"), 3);
	/* Unknown rows. */
	zf_err_clear(&err);
	in.note = "x";
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, 9999, &in, NULL, &err), ZF_ENOTFOUND);
}

static void test_permission_refusals(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_training_summary s;
	struct zf_training *rows;
	size_t n;
	const int64_t mixed[] = {c->o1, c->o_other};
	int64_t before = written(c);

	/* Officers and reviewers do not record training. */
	assert_int_equal(zf_app_training_record(c->app, &c->officer, &(struct zf_training_in){0}, &c->o1,
						1, NULL, &err), ZF_EDENIED);
	assert_non_null(strstr(err.msg, "没有权限记录培训"));
	zf_err_clear(&err);
	struct zf_training_in in = session("2025-05-10", 20);
	assert_int_equal(zf_app_training_record(c->app, &c->reviewer, &in, &c->o1, 1, NULL, &err),
			 ZF_EDENIED);
	/* Another body's leader or registrar may not record for this body's officers,
	 * and a list with one such officer writes nothing at all. */
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_record(c->app, &c->other_leader, &in, &c->o1, 1, NULL, &err),
			 ZF_EDENIED);
	assert_non_null(strstr(err.msg, "其他执法主体"));
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_record(c->app, &c->leader, &in, mixed, 2, NULL, &err), ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_record(c->app, &c->other_registrar, &in, &c->o1, 1, NULL, &err),
			 ZF_EDENIED);
	assert_int_equal(written(c), before);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'training_record' "
				       "AND outcome = 'denied'"), 5);
	assert_int_equal(zf_app_training_can_record(&c->officer), 0);
	assert_int_equal(zf_app_training_can_record(&c->registrar), 1);
	assert_int_equal(zf_app_training_can_record(&c->leader), 1);

	/* Reads: the own body; supervisors any body; the public never. */
	record(c, &c->cli, in, &c->o1, 1, NULL);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_summary(c->app, &c->other_leader, c->f.a, c->body, 2025, &s, &err),
			 ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_list(c->app, &c->other_leader, c->f.a, c->o1, 0, 0, &rows, &n, &err),
			 ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_summary(c->app, &c->supervisor, c->f.a, c->body, 2025, &s, &err), 0);
	assert_int_equal(row_of(&s, c->o1)->hours, 20);
	/* The registry office's registrar (the first body here) reads every body. */
	assert_int_equal(zf_app_training_summary(c->app, &c->registrar, c->f.a, c->other_body, 2025, &s,
						 &err), 0);
	assert_int_equal(s.n, 1);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_summary(c->app, &c->other_registrar, c->f.a, c->body, 2025, &s,
						 &err), ZF_EDENIED);
	struct zf_actor pub;
	zf_actor_public(&pub, "127.0.0.1");
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_list(c->app, &pub, c->f.a, c->o1, 0, 0, &rows, &n, &err), ZF_EDENIED);
	/* Corrections: the same rule. */
	zf_err_clear(&err);
	struct zf_training_in fix = session("2025-05-10", 30);
	fix.note = "更正";
	int64_t id = fixture_count(&c->f, "SELECT MAX(id) FROM training");
	assert_int_equal(zf_app_training_correct(c->app, &c->other_leader, id, &fix, NULL, &err), ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_correct(c->app, &c->officer, id, &fix, NULL, &err), ZF_EDENIED);
}

static void test_validation_messages(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_training_in in = {0};
	int64_t before = written(c);

	assert_int_equal(zf_app_training_record(c->app, &c->leader, &in, NULL, 0, NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "held_on"), "培训日期"));
	assert_non_null(strstr(zf_err_field_msg(&err, "hours"), "学时"));
	assert_non_null(strstr(zf_err_field_msg(&err, "topic"), "培训内容"));
	assert_non_null(strstr(zf_err_field_msg(&err, "form"), "培训形式"));
	assert_non_null(strstr(zf_err_field_msg(&err, "officers"), "执法人员"));
	assert_null(zf_err_field_msg(&err, "organiser"));

	zf_err_clear(&err);
	in = session("2026-03-03", 10); /* tomorrow */
	in.form = "lecture";
	const int64_t twice[] = {c->o1, c->o1};
	assert_int_equal(zf_app_training_record(c->app, &c->leader, &in, twice, 2, NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "held_on"), "不能晚于今天"));
	assert_non_null(strstr(zf_err_field_msg(&err, "form"), "案例教学"));
	assert_non_null(strstr(zf_err_field_msg(&err, "officers"), "只能选择一次"));

	zf_err_clear(&err);
	in = session("2026-02-30", 10001);
	assert_int_equal(zf_app_training_record(c->app, &c->leader, &in, &c->o1, 1, NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "held_on"), "有效日期"));
	assert_non_null(strstr(zf_err_field_msg(&err, "hours"), "0.1至1000"));

	/* An unknown officer. */
	zf_err_clear(&err);
	in = session("2026-03-01", 10);
	const int64_t ghost = 99999;
	assert_int_equal(zf_app_training_record(c->app, &c->leader, &in, &ghost, 1, NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "officers"), "不存在"));
	/* Refused inputs write nothing but their audit record. */
	assert_int_equal(written(c), before);
	assert_true(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'training_record' "
				  "AND outcome = 'invalid'") >= 4);
	/* A year out of range. */
	struct zf_training_summary s;
	zf_err_clear(&err);
	assert_int_equal(zf_app_training_summary(c->app, &c->leader, c->f.a, 0, 12, &s, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "year"));
}

/* The record log's verification compares every training row with its history. */
static void test_log_verify_training_rows(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_log_report rep;
	struct zf_ledger *lg = NULL;
	int64_t n0, id = 0;
	const int64_t both[] = {c->o1, c->o2};

	if (zf_app_log_open(&lg, c->app, &err)) /* makes the key */
		fail_msg("log open: %s", err.msg);
	zf_app_log_close(lg);
	if (zf_app_log_verify(c->f.db, c->data, &rep, &err))
		fail_msg("verify: %s", err.msg);
	n0 = rep.records;
	record(c, &c->leader, session("2025-05-10", 20), both, 2, NULL);
	id = fixture_count(&c->f, "SELECT MAX(id) FROM training");
	struct zf_training_in fix = session("2025-05-10", 25);
	fix.note = "签到表核对";
	assert_int_equal(zf_app_training_correct(c->app, &c->leader, id, &fix, NULL, &err), 0);
	if (zf_app_log_verify(c->f.db, c->data, &rep, &err))
		fail_msg("verify: %s", err.msg);
	assert_int_equal(rep.records - n0, 3);

	/* A row changed behind the application's back is found. */
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE training SET hours = 600 WHERE id = 1", &c->f.err), 0);
	zf_err_clear(&err);
	assert_int_not_equal(zf_app_log_verify(c->f.db, c->data, &rep, &err), 0);
	assert_non_null(strstr(err.msg, "training id=1"));
	assert_non_null(strstr(err.msg, "hours"));
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE training SET hours = 20 WHERE id = 1", &c->f.err), 0);
	zf_err_clear(&err);
	assert_int_equal(zf_app_log_verify(c->f.db, c->data, &rep, &err), 0);
	/* ... and so is a row inserted without its history. */
	assert_int_equal(zf_db_exec(c->f.db, "INSERT INTO training (officer_id, body_id, held_on, hours, "
				    "topic, form, recorded_at) VALUES (1, 1, '2025-01-01', 600, 'x', "
				    "'other', 1)", &c->f.err), 0);
	zf_err_clear(&err);
	assert_int_not_equal(zf_app_log_verify(c->f.db, c->data, &rep, &err), 0);
	assert_non_null(strstr(err.msg, "没有记录日志覆盖的变更记录"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours_and_forms),
		cmocka_unit_test(test_record_several_totals_boundary_and_log),
		cmocka_unit_test(test_correction_supersedes),
		cmocka_unit_test(test_permission_refusals),
		cmocka_unit_test(test_validation_messages),
		cmocka_unit_test(test_log_verify_training_rows),
	};
	return run_fresh(tests, setup, teardown);
}
