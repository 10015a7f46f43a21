/* Integration tests of the publisher's workbench (公示) on the demo: the demo's published inspection result on the portal, its feed and open data; a decided case's draft reviewed, edited and published through the page, served on the portal as the exact bytes; a revocation recorded through the API puts the item on the withdrawal list, the publisher withdraws it and the portal shows 已撤回 with the reason; correction requests answered through the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define EDITED "行政处罚决定书\r\n当事人：王某某\r\n违法事实：占用城市道路约8平方米\r\n罚款：2,000.00元\r\n"
#define EDITED_LF "行政处罚决定书\n当事人：王某某\n违法事实：占用城市道路约8平方米\n罚款：2,000.00元\n"

static void as(struct demo *d, const char *login)
{
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, login, "demo", NULL), 303);
}

static void test_refused_roles(void **state)
{
	struct demo *d = *state;

	as(d, "officer1");
	demo_get(d, "/workbench/publications", 403, NULL, "权限", NULL);
	demo_get(d, "/workbench/corrections", 403, NULL, "权限", NULL);
	as(d, "leader1");
	demo_get(d, "/workbench/publications", 200, NULL, "href=\"/workbench/publications\"", "待审核公开",
		 NULL);
}

static void test_publish_via_page(void **state)
{
	struct demo *d = *state;
	long id = scalar(d, "SELECT id FROM publication WHERE state = 'draft'");
	char path[96], id_s[24], ver[24], loc[160];
	struct resp r;

	snprintf(id_s, sizeof(id_s), "%ld", id);
	as(d, "publisher1");
	demo_get(d, "/workbench/publications", 200, NULL, "待审核公开", "王某某", "公开中", "张某某",
		 NULL);
	snprintf(path, sizeof(path), "/workbench/publications/%ld", id);
	demo_get(d, path, 200, NULL, "已隐去的信息", "证件号码", "联系电话", "<textarea",
		 "审核通过并公开", "查看决定书原文", NULL);
	snprintf(ver, sizeof(ver), "%ld", scalar(d, "SELECT version FROM publication WHERE state = 'draft'"));
	snprintf(path, sizeof(path), "/workbench/publications/%ld/publish", id);
	/* an ID number left in the edited text: refused, naming it; nothing published */
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "text", "当事人身份证号140524199003141029",
					  "version", ver, NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "公示文本仍含有");
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM publication WHERE state = 'draft'"), 1);
	/* the edited text as a browser sends a textarea (CR LF): published with LF */
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "text", EDITED, "version", ver, NULL), 0);
	assert_int_equal(r.status, 303);
	assert_has(resp_location(&r, loc, sizeof(loc)), "done=published");
	resp_free(&r);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM publication WHERE id = CAST(? AS INTEGER) "
					"AND state = 'published' AND text = ?", id_s, EDITED_LF, NULL), 1);
	/* on the portal: listed, and the text resource is the exact bytes */
	snprintf(path, sizeof(path), "/decisions/%ld", id);
	demo_new_session(d);
	demo_get(d, "/decisions", 200, NULL, path, NULL);
	snprintf(path, sizeof(path), "/decisions/%ld/text", id);
	assert_int_equal(client_get(&d->cl, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, strlen(EDITED_LF));
	assert_memory_equal(r.body, EDITED_LF, r.len);
	resp_free(&r);
	/* the publish entry is logged with the text as its data */
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM history WHERE entity = 'publication' AND "
					"action = 'publication_publish' AND entity_id = CAST(? AS INTEGER) AND "
					"after_json = ?", id_s, EDITED_LF, NULL), 1);
}

static void test_withdraw_after_revocation(void **state)
{
	struct demo *d = *state;
	long id = scalar(d, "SELECT min(id) FROM publication WHERE state = 'published'");
	char path[128], id_s[24], token[128], body[1024], day[40];
	struct resp r;

	snprintf(id_s, sizeof(id_s), "%ld", id);
	long case_id = db_scalar_args(&d->s, "SELECT case_id FROM publication WHERE id = CAST(? AS INTEGER)",
				      id_s, NULL);
	long ymd = db_scalar_args(&d->s, "SELECT CAST(replace(decided_on, '-', '') AS INTEGER) FROM "
				  "publication WHERE id = CAST(? AS INTEGER)", id_s, NULL);
	snprintf(day, sizeof(day), "%04ld-%02ld-%02ld", ymd / 10000, ymd / 100 % 100, ymd % 100);
	char case_s[24];
	snprintf(case_s, sizeof(case_s), "%ld", case_id);
	long version = db_scalar_args(&d->s, "SELECT version FROM cases WHERE id = CAST(? AS INTEGER)",
				      case_s, NULL);
	assert_int_equal(make_token(&d->s, "leader1", token, sizeof(token)), 0);
	snprintf(body, sizeof(body),
		 "{\"version\":%ld,\"values\":{\"date\":\"%s\",\"revocation\":\"illegal\","
		 "\"decision_ref\":\"示例文号\",\"cause\":\"judgment\",\"reason\":\"人民法院判决确认违法\"}}",
		 version, day);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/revocation", case_id);
	assert_int_equal(client_json(&d->cl, "POST", path, body, token, NULL, &r), 0);
	if (r.status != 201)
		fail_msg("revocation: %ld %.600s", r.status, r.body);
	resp_free(&r);
	/* on the publisher's list of withdrawals due */
	as(d, "publisher1");
	demo_get(d, "/workbench/publications", 200, NULL, "待撤回", "确认违法", NULL);
	snprintf(path, sizeof(path), "/workbench/publications/%ld", id);
	demo_get(d, path, 200, NULL, "撤回期限", "value=\"withdrawn\" checked", NULL);
	snprintf(path, sizeof(path), "/workbench/publications/%ld/end", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "why", "withdrawn", "reason", "", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM publication WHERE id = CAST(? AS INTEGER) "
					"AND state = 'withdrawn' AND text = '' AND salt = ''", id_s, NULL), 1);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM publication_gram WHERE publication_id = "
					"CAST(? AS INTEGER)", id_s, NULL), 0);
	/* the portal says so, with the reason, and no longer serves the text */
	demo_new_session(d);
	snprintf(path, sizeof(path), "/decisions/%ld", id);
	demo_get(d, path, 200, NULL, "已撤回", "确认违法", NULL);
	snprintf(path, sizeof(path), "/decisions/%ld/text", id);
	demo_get(d, path, 404, NULL, NULL);
}

static void test_correction_answer(void **state)
{
	struct demo *d = *state;
	long id = scalar(d, "SELECT max(id) FROM publication WHERE state = 'published' AND kind = 'decision'");
	char path[128], loc[160];
	struct resp r;

	snprintf(path, sizeof(path), "/decisions/%ld/correction", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "name", "周某", "contact", "13800001111",
					  "content", "公示的罚款金额与决定书不一致，请核实。", NULL), 0);
	assert_true(r.status == 200 || r.status == 303);
	resp_free(&r);
	long cid = scalar(d, "SELECT max(id) FROM correction_request");
	as(d, "publisher1");
	demo_get(d, "/workbench/publications", 200, NULL, "待答复的纠错申请", NULL);
	demo_get(d, "/workbench/corrections", 200, NULL, "待答复", NULL);
	snprintf(path, sizeof(path), "/workbench/corrections/%ld", cid);
	demo_get(d, path, 200, NULL, "周某", "13800001111", "记录答复", NULL);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "answer", "", NULL), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "answer", "经核实，公示信息无误。", NULL), 0);
	assert_int_equal(r.status, 303);
	assert_has(resp_location(&r, loc, sizeof(loc)), "answered=1");
	resp_free(&r);
	demo_get(d, path, 200, NULL, "已答复", "经核实，公示信息无误。", NULL);
}

/* The demo's finished inspection: its result (drafted by the 检查结果告知,
 * published by publisher1) is on the portal, its feed and open data. */
static void test_demo_inspection(void **state)
{
	struct demo *d = *state;
	long id = scalar(d, "SELECT id FROM publication WHERE kind = 'inspection' AND state = 'published' "
			    "AND party_name = '陵川县王莽岭山居客栈有限公司（示例）'");
	char path[96], link[64];
	struct resp r;

	assert_true(id > 0);
	assert_int_equal(scalar(d, "SELECT count(*) FROM publication p JOIN cases c ON c.id = p.case_id "
				   "JOIN account a ON a.id = p.published_by WHERE p.kind = 'inspection' AND "
				   "c.procedure = 'inspection' AND a.login = 'publisher1' AND p.text LIKE "
				   "'%责令限期整改%'"), 1);
	snprintf(link, sizeof(link), "/inspections/%ld\"", id);
	demo_new_session(d);
	demo_get(d, "/inspections", 200, NULL, "陵川县王莽岭山居客栈有限公司（示例）", link, NULL);
	snprintf(path, sizeof(path), "/inspections/%ld", id);
	demo_get(d, path, 200, NULL, "检查结果告知书", "发现问题，需要整改", "data-salt=\"", NULL);
	snprintf(path, sizeof(path), "/inspections/%ld/text", id);
	demo_get(d, path, 200, &r, "检查结果：发现问题，责令限期整改", NULL);
	char id_s[24];
	snprintf(id_s, sizeof(id_s), "%ld", id);
	assert_int_equal(db_scalar_args(&d->s, "SELECT count(*) FROM publication WHERE id = CAST(? AS INTEGER) "
					"AND text = ?", id_s, r.body, NULL), 1);
	resp_free(&r);
	/* not a decision */
	snprintf(path, sizeof(path), "/decisions/%ld", id);
	demo_get(d, path, 404, NULL, NULL);
	snprintf(link, sizeof(link), "/inspections/%ld", id);
	demo_get(d, "/feeds/inspections.atom", 200, &r, link, "陵川县王莽岭山居客栈有限公司（示例）", NULL);
	resp_free(&r);
	demo_get(d, "/open/inspections.json", 200, &r, link, "陵川县王莽岭山居客栈有限公司（示例）", NULL);
	resp_free(&r);
	demo_get(d, "/open/inspections.csv", 200, NULL, "陵川县王莽岭山居客栈有限公司（示例）", NULL);
	/* the demo's inspection still to be visited publishes nothing */
	assert_int_equal(scalar(d, "SELECT count(*) FROM publication p JOIN cases c ON c.id = p.case_id WHERE "
				   "c.title = '太行云居民宿市容环境卫生专项检查（示例）'"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_roles),
		cmocka_unit_test(test_demo_inspection),
		cmocka_unit_test(test_publish_via_page),
		cmocka_unit_test(test_withdraw_after_revocation),
		cmocka_unit_test(test_correction_answer),
	};
	struct demo d = {0};
	return demo_run_tests(tests, &d);
}
