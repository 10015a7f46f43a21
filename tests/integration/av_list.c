/* Integration tests of the AV requirement list (音像记录事项清单): the default on the portal, a draft by a reviewer approved by a leader (not the drafter) and published with its earlier versions, refusals, and a step that needs an AV record refused without one and accepted with an allowed reason that supervisors then see. */
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

/* POSTs a valid list (two rows and a step added, NOTE on the second) as the
 * session's user; the response into *R. */
static void post_valid(struct demo *d, const char *note, struct resp *r)
{
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, r, "n", "2",
					  "i.0.procedure", "compulsory", "i.0.step", "onsite",
					  "i.0.rule", "whole", "i.0.category", "场景类", "i.0.record",
					  "查封扣押全过程", "i.0.exceptions", "设备故障", "i.0.note", "",
					  "i.1.procedure", "inspection", "i.1.step", "site_inspection",
					  "i.1.rule", "av", "i.1.category", "检查类", "i.1.record",
					  "现场检查全程录音录像", "i.1.exceptions", "设备故障\r\n信号干扰\r\n",
					  "i.1.note", note, "add", "penalty_ordinary/inquiry", NULL),
			 0);
}

/* POSTs to PATH (the reason field set when REASON) and checks the status. */
static void post_decide(struct demo *d, const char *path, const char *reason, long status)
{
	struct resp r;

	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "reason", reason ? reason : "", NULL),
			 0);
	if (r.status != status)
		fail_msg("%s: %ld, not %ld: %.600s", path, r.status, status, r.body);
	resp_free(&r);
}

static void test_leader_saves(void **state)
{
	struct demo *d = *state;
	char path[64], url[96];
	struct resp r;

	body_path(d, path, sizeof(path));
	/* an officer cannot change the list */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_int_equal(client_post_form(&d->cl, "/workbench/av-list", 0, &r, "n", "0", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "reviewer1", "demo", NULL), 303);
	demo_get(d, "/workbench/av-list", 200, NULL, "第 0 版", "实施查封、扣押", "保存为草稿",
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
	/* a valid list by reviewer1 is a draft, not in force */
	post_valid(d, "执法记录仪", &r);
	if (r.status != 303)
		fail_msg("save: %ld %.800s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'av_list'"), 1);
	long draft = scalar(d, "SELECT MAX(id) FROM av_list WHERE state = 'draft'");
	struct resp p;
	demo_get(d, "/workbench/av-list?saved=1", 200, &p, "已保存为草稿", "第 0 版",
		 "待审批的草稿", "信号干扰", NULL);
	assert_lacks(p.body, "批准生效");
	resp_free(&p);
	snprintf(url, sizeof(url), "/workbench/av-list/%ld/approve", draft);
	post_decide(d, url, NULL, 403);
	demo_new_session(d);
	demo_get(d, path, 200, NULL, "第 0 版", "默认清单", NULL);
	/* leader1's own draft: leader1 may not approve it, only reject it */
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	post_valid(d, "自拟", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	long own = scalar(d, "SELECT MAX(id) FROM av_list WHERE state = 'draft'");
	assert_true(own > draft);
	snprintf(url, sizeof(url), "/workbench/av-list/%ld/approve", own);
	post_decide(d, url, NULL, 403);
	snprintf(url, sizeof(url), "/workbench/av-list/%ld/reject", own);
	post_decide(d, url, "", 422);
	post_decide(d, url, "内容重复", 303);
	post_decide(d, url, "内容重复", 409);
	/* reviewer1's draft approved by leader1 goes live as version 1 */
	demo_get(d, "/workbench/av-list", 200, NULL, "批准生效", NULL);
	snprintf(url, sizeof(url), "/workbench/av-list/%ld/approve", draft);
	post_decide(d, url, NULL, 303);
	post_decide(d, url, NULL, 409);
	demo_get(d, "/workbench/av-list", 200, NULL, "第 1 版", "信号干扰", NULL);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_list WHERE state = 'rejected'"), 1);
	/* a second draft by reviewer1, approved: version 2, version 1 superseded */
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "reviewer1", "demo", NULL), 303);
	post_valid(d, "执法记录仪（第二版）", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	long second = scalar(d, "SELECT MAX(id) FROM av_list WHERE state = 'draft'");
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	snprintf(url, sizeof(url), "/workbench/av-list/%ld/approve", second);
	post_decide(d, url, NULL, 303);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_list WHERE state = 'superseded' "
				   "AND version = 1 AND live_to > 0"),
			 1);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'av_list'"), 6);
	/* published on the portal: version 2 and the earlier one with its dates */
	demo_new_session(d);
	snprintf(url, sizeof(url), "%s/versions/1", path + 0);
	demo_get(d, path, 200, &p, "第 2 版", "施行日期", "查封扣押全过程", "现场检查全程录音录像",
		 "信号干扰", "执法记录仪（第二版）", "询问", "历次版本", url, "停止施行", "（现行）",
		 NULL);
	assert_lacks(p.body, "默认清单");
	assert_lacks(p.body, "当场处罚");
	assert_lacks(p.body, "自拟");
	resp_free(&p);
	demo_get(d, url, 200, &p, "第 1 版", "停止施行", "已被新版本取代", NULL);
	assert_lacks(p.body, "第二版");
	resp_free(&p);
	snprintf(url, sizeof(url), "%s/versions/3", path);
	demo_get(d, url, 404, NULL, NULL);
	/* the new version is in force: its own reason is allowed now */
	char token[128];
	assert_int_equal(make_token(&d->s, "officer2", token, sizeof(token)), 0);
	assert_int_equal(site_inspection(d, token, "", &r), 422);
	assert_has(r.body, "须附音像记录（录音或录像）后才能完成");
	resp_free(&r);
	if (site_inspection(d, token, ",\"av_exception\":\"信号干扰\"", &r) != 201)
		fail_msg("site_inspection: %ld %.600s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM av_exception WHERE list_version = 2 "
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
