/* Integration tests of the training pages: the body's year with warnings, recording a session for several officers through the form (with its CSRF token), validation, refusals, an officer's list and a correction, the workbench warning box, and no training data on the public certificate page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define TOPIC "行政复议典型案例研讨（集成测试）"

/* Beijing's civil date now: year and month. */
static void beijing_today(int *y, int *m)
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
}

static long officer_id(struct demo *d, const char *cert)
{
	return db_scalar_args(&d->s, "SELECT id FROM officer WHERE cert_no = ?", cert, NULL);
}

/* The leader's pages: this year, last year with its shortfalls, the home box. */
static void test_year_pages_and_home_warning(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char path[96];
	int y, m;
	beijing_today(&y, &m);
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	demo_get(d, "/workbench/training", 200, &r, "执法人员培训", "每人应完成 60 学时", "记录培训", NULL);
	snprintf(path, sizeof(path), "/training?year=%d\">", y);
	assert_has(r.body, path); /* each officer links to the list of the year shown */
	resp_free(&r);
	/* Last year: every fifth officer missed 20 学时 of 60. */
	snprintf(path, sizeof(path), "/workbench/training?year=%d", y - 1);
	demo_get(d, path, 200, &r, "学时不足", "该年度已结束", NULL);
	assert_true(str_count(r.body, "学时不足</strong>") >= 3);
	resp_free(&r);
	/* The workbench home warns leaders while officers are behind this year. */
	demo_get(d, "/workbench", 200, &r, "执法人员培训", NULL);
	if (m > 1)
		assert_has(r.body, "名执法人员培训学时未达要求");
	else
		assert_lacks(r.body, "名执法人员培训学时未达要求");
	resp_free(&r);
	/* A year out of range. */
	demo_get(d, "/workbench/training?year=12", 422, NULL, "年度", NULL);
}

/* Records a session for two officers through the form; the lists show it;
 * a correction withdraws one; the public certificate page shows nothing of it. */
static void test_record_correct_and_public_page(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char on[24], path[128], loc[160], o1[32], o2[32];
	int y, m;
	beijing_today(&y, &m);
	snprintf(on, sizeof(on), "%04d-01-01", y);
	long id1 = officer_id(d, "14052400101"), id2 = officer_id(d, "14052400102");
	snprintf(o1, sizeof(o1), "officer.%ld", id1);
	snprintf(o2, sizeof(o2), "officer.%ld", id2);
	long rows0 = scalar(d, "SELECT count(*) FROM training");

	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	demo_get(d, "/workbench/training/new", 200, &r, "参加培训的执法人员", "互联网+培训", "以考促学",
		 "name=\"csrf\"", NULL);
	resp_free(&r);
	/* Without the CSRF token: refused, nothing written. */
	assert_int_equal(client_post_form(&d->cl, "/workbench/training/new", 1, &r, "held_on", on, "hours",
					  "1.5", "topic", TOPIC, "form", "online", o1, "1", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Invalid: the messages name the fields, the choices are kept. */
	assert_int_equal(client_post_form(&d->cl, "/workbench/training/new", 0, &r, "held_on", "", "hours",
					  "1.25", "topic", TOPIC, "form", "online", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "请填写培训日期");
	assert_has(r.body, "学时应为");
	assert_has(r.body, "请选择参加培训的执法人员");
	assert_has(r.body, TOPIC);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM training"), rows0);

	assert_int_equal(client_post_form(&d->cl, "/workbench/training/new", 0, &r, "held_on", on, "hours",
					  "1.5", "topic", TOPIC, "form", "online", "organiser", "县司法局",
					  o1, "1", o2, "1", NULL), 0);
	assert_int_equal(r.status, 303);
	snprintf(path, sizeof(path), "/workbench/training?year=%d&saved=2", y);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), path);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM training"), rows0 + 2);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM training WHERE topic = ? AND hours = 15",
					TOPIC, NULL), 2);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM history h JOIN training t ON "
					"h.entity = 'training' AND h.entity_id = t.id WHERE t.topic = ? AND "
					"h.salt IS NOT NULL", TOPIC, NULL), 2);
	demo_get(d, path, 200, NULL, "已记录 2 名执法人员的培训", NULL);

	/* The officer's list, and the record with its correction form. */
	snprintf(path, sizeof(path), "/workbench/officers/%ld/training", id2);
	demo_get(d, path, 200, NULL, TOPIC, "互联网+培训", "1.5", NULL);
	long rec = db_scalar_args(&d->s, "SELECT id FROM training WHERE topic = ? AND officer_id = "
				  "(SELECT id FROM officer WHERE cert_no = '14052400102')", TOPIC, NULL);
	snprintf(path, sizeof(path), "/workbench/training/%ld", rec);
	demo_get(d, path, 200, &r, TOPIC, "保存更正", "更正原因", NULL);
	resp_free(&r);
	/* A correction needs its reason. */
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "held_on", on, "hours", "0", "topic", TOPIC,
					  "form", "online", "note", "", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "请填写更正原因");
	resp_free(&r);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "held_on", on, "hours", "0", "topic", TOPIC,
					  "form", "online", "note", "未实际参加，撤销", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	demo_get(d, path, 200, NULL, "已被更正", NULL);
	snprintf(path, sizeof(path), "/workbench/officers/%ld/training", id2);
	demo_get(d, path, 200, NULL, "已撤销", "已更正", NULL);
	assert_int_equal(scalar(d, "SELECT count(*) FROM training WHERE corrects_id IS NOT NULL"), 1);

	/* The public certificate page and API know nothing of training. */
	demo_new_session(d);
	demo_get(d, "/certificates/14052400102", 200, &r, "14052400102", NULL);
	assert_lacks(r.body, TOPIC);
	assert_lacks(r.body, "培训");
	assert_lacks(r.body, "学时");
	resp_free(&r);
	demo_get(d, "/api/v1/certificates/14052400102", 200, &r, NULL);
	assert_lacks(r.body, "training");
	assert_lacks(r.body, "hours");
	assert_lacks(r.body, TOPIC);
	resp_free(&r);
	/* ... and the public cannot reach the workbench's training pages. */
	assert_int_equal(client_get(&d->cl, "/workbench/training", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
}

/* Officers read their body's training but do not record it. */
static void test_officer_reads_but_may_not_record(void **state)
{
	struct demo *d = *state;
	struct resp r;
	long before = scalar(d, "SELECT count(*) FROM training");
	char o1[32];
	snprintf(o1, sizeof(o1), "officer.%ld", officer_id(d, "14052400101"));
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/workbench/training", 200, &r, "执法人员培训", NULL);
	assert_lacks(r.body, "href=\"/workbench/training/new\"");
	resp_free(&r);
	demo_get(d, "/workbench/training/new", 403, NULL, "权限", NULL);
	assert_int_equal(client_post_form(&d->cl, "/workbench/training/new", 0, &r, "held_on", "2025-01-01",
					  "hours", "2", "topic", "越权", "form", "other", o1, "1", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM training"), before);
	assert_true(scalar(d, "SELECT count(*) FROM audit WHERE action = 'training_record' AND "
			   "outcome = 'denied' AND actor_login = 'officer1'") >= 1);
	/* The workbench home shows officers no training warning. */
	demo_get(d, "/workbench", 200, &r, NULL);
	assert_lacks(r.body, "培训学时未达要求");
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year_pages_and_home_warning),
		cmocka_unit_test(test_record_correct_and_public_page),
		cmocka_unit_test(test_officer_reads_but_may_not_record),
	};
	return demo_run_tests(tests, NULL);
}
