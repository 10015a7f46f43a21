/* Integration tests of the AV requirement list (音像记录事项清单): the default on the portal, a new version saved by a leader and published, refusals, and a step that needs an AV record refused without one and accepted with an allowed reason that supervisors then see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define SIG "{\"strokes\":[[10,12,40,44,90,30]],\"w\":320,\"h\":160}"

/* The body of leader1 as a path of the portal. */
static void body_path(struct demo *d, char *out, size_t n)
{
	snprintf(out, n, "/av-list/%ld", scalar(d, "SELECT body_id FROM account WHERE login = 'leader1'"));
}

static void test_portal_default(void **state)
{
	struct demo *d = *state;
	char path[64];

	body_path(d, path, sizeof(path));
	demo_get(d, "/", 200, NULL, "href=\"/av-list\"", NULL);
	demo_get(d, "/av-list", 200, NULL, "音像记录事项清单", path, NULL);
	demo_get(d, path, 200, NULL, "第 0 版", "默认清单", "实施查封、扣押", "全过程音像记录",
		 "现场检查", "音像或照片记录", "设备故障", "场景类", "约谈类", NULL);
	demo_get(d, "/av-list/99999", 404, NULL, NULL);
	demo_get(d, "/av-list/x", 404, NULL, NULL);
}

/* POSTs the step SITE_INSPECTION of the demo's inspection case as officer2
 * with EXTRA (",..." or "") inside the values; returns the status and puts
 * the answer's body into R. */
static long site_inspection(struct demo *d, const char *token, const char *extra, struct resp *r)
{
	long id = scalar(d, "SELECT id FROM cases WHERE procedure = 'inspection' ORDER BY id LIMIT 1");
	char sql[160], body[2048], path[96], day[11];
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(sql, sizeof(sql), "SELECT MIN(officer_id) FROM case_officer WHERE case_id = %ld", id);
	long o1 = scalar(d, sql);
	snprintf(sql, sizeof(sql), "SELECT MAX(officer_id) FROM case_officer WHERE case_id = %ld", id);
	long o2 = scalar(d, sql);
	snprintf(sql, sizeof(sql), "SELECT version FROM cases WHERE id = %ld", id);
	long version = scalar(d, sql);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/site_inspection", id);
	snprintf(body, sizeof(body),
		 "{\"version\":%ld,\"values\":{\"date\":\"%s\",\"started_at\":\"%sT00:01\","
		 "\"ended_at\":\"%sT00:02\",\"place\":\"民宿门前\",\"officers\":[%ld,%ld],"
		 "\"present\":\"李某某\",\"rights_informed\":true,\"record\":\"门前整洁\","
		 "\"issues_found\":false,\"party_signature\":" SIG "%s}}",
		 version, day, day, day, o1, o2, extra);
	assert_int_equal(client_json(&d->cl, "POST", path, body, token, NULL, r), 0);
	return r->status;
}

static void test_step_needs_av(void **state)
{
	struct demo *d = *state;
	char token[128];
	struct resp r;

	assert_int_equal(make_token(&d->s, "officer2", token, sizeof(token)), 0);
	/* no record, no reason: refused, saying what is missing */
	assert_int_equal(site_inspection(d, token, "", &r), 422);
	assert_has(r.body, "「现场检查」须附音像记录（录音、录像）或照片后才能完成");
	assert_has(r.body, "\"evidence\"");
	resp_free(&r);
	/* a reason the list does not allow: refused, naming the allowed ones */
	assert_int_equal(site_inspection(d, token, ",\"av_exception\":\"忘带了\"", &r), 422);
	assert_has(r.body, "设备故障、现场条件不允许");
	resp_free(&r);
	/* an allowed reason: recorded */
	long before = scalar(d, "SELECT COUNT(*) FROM av_exception");
	if (site_inspection(d, token, ",\"av_exception\":\"设备故障\"", &r) != 201)
		fail_msg("site_inspection: %ld %.600s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_exception"), before + 1);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_exception WHERE step_code = "
				   "'site_inspection' AND reason = '设备故障'"),
			 1);
	/* listed for supervisors */
	assert_int_equal(client_login(&d->cl, "supervisor1", "demo", NULL), 303);
	demo_get(d, "/workbench/av-exceptions", 200, NULL, "未能音像记录的情形",
		 "太行云居民宿市容环境卫生专项检查（示例）", "现场检查", "音像或照片记录", "设备故障",
		 NULL);
	/* an officer may not see that list */
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/workbench/av-exceptions", 403, NULL, NULL);
}

static void test_leader_saves(void **state)
{
	struct demo *d = *state;
	char path[64];
	struct resp r;

	body_path(d, path, sizeof(path));
	/* an officer cannot change the list */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, &r, "n", "0", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	demo_get(d, "/workbench/av-list", 200, NULL, "第 0 版", "实施查封、扣押", "保存为新版本",
		 NULL);
	/* dropping the whole-process step is refused with the field's message */
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, &r, "n", "0", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "「实施查封、扣押」依法须全过程音像记录，不能从清单中删去");
	resp_free(&r);
	/* lowering it too, named beside its row */
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, &r, "n", "1",
					  "i.0.procedure", "compulsory", "i.0.step", "onsite",
					  "i.0.rule", "av", "i.0.category", "场景类", "i.0.record", "",
					  "i.0.exceptions", "", "i.0.note", "", NULL),
			 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "不能降低要求");
	resp_free(&r);
	long logged = scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'av_list'");
	assert_int_equal(logged, 0);
	/* a valid list: two rows and a step added */
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, &r, "n", "2",
					  "i.0.procedure", "compulsory", "i.0.step", "onsite",
					  "i.0.rule", "whole", "i.0.category", "场景类", "i.0.record",
					  "查封扣押全过程", "i.0.exceptions", "设备故障", "i.0.note", "",
					  "i.1.procedure", "inspection", "i.1.step", "site_inspection",
					  "i.1.rule", "av", "i.1.category", "检查类", "i.1.record",
					  "现场检查全程录音录像", "i.1.exceptions", "设备故障\r\n信号干扰\r\n",
					  "i.1.note", "执法记录仪", "add", "penalty_ordinary/inquiry", NULL),
			 0);
	if (r.status != 303)
		fail_msg("save: %ld %.800s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'av_list'"), 1);
	demo_get(d, "/workbench/av-list?saved=1", 200, NULL, "已保存为新版本", "第 1 版", "信号干扰",
		 NULL);
	/* published on the portal */
	demo_new_session(d);
	struct resp p;
	demo_get(d, path, 200, &p, "第 1 版", "施行日期", "查封扣押全过程", "现场检查全程录音录像",
		 "信号干扰", "执法记录仪", "询问", NULL);
	assert_lacks(p.body, "默认清单");
	assert_lacks(p.body, "当场处罚");
	resp_free(&p);
	/* the new version is in force: its own reason is allowed now */
	char token[128];
	assert_int_equal(make_token(&d->s, "officer2", token, sizeof(token)), 0);
	assert_int_equal(site_inspection(d, token, "", &r), 422);
	assert_has(r.body, "须附音像记录（录音或录像）后才能完成");
	resp_free(&r);
	if (site_inspection(d, token, ",\"av_exception\":\"信号干扰\"", &r) != 201)
		fail_msg("site_inspection: %ld %.600s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_exception WHERE list_version = 1 "
				   "AND reason = '信号干扰'"),
			 1);
	/* the list versions, exceptions and the steps' records they changed
	 * verify, once the server has integrated them into the log */
	long long t0 = now_ms();
	while (scalar(d, "SELECT count(*) FROM log_pending") > 0) {
		if (now_ms() - t0 > 15000)
			fail_msg("the log kept entries pending for 15 s");
		usleep(50000);
	}
	char *out = NULL;
	int rc = srv_cli(&d->s, NULL, &out, (const char *const[]){"log", "verify", NULL});
	if (rc) {
		int fd = open(d->s.log, O_RDONLY);
		char *log = fd >= 0 ? read_all(fd) : NULL;
		if (fd >= 0)
			close(fd);
		fail_msg("log verify: %d\n%s\n%s", rc, out ? out : "",
			 log ? log + (strlen(log) > 2000 ? strlen(log) - 2000 : 0) : "");
	}
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_default),
		cmocka_unit_test(test_step_needs_av),
		cmocka_unit_test(test_leader_saves),
	};
	struct demo d = {0};
	return demo_run_tests(tests, &d);
}
