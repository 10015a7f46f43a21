/* Integration tests of the lists published before enforcement (事前公开): the demo's live lists and history on the portal, a reviewer's draft approved by a leader (not by its drafter), the items list waiting for the county justice bureau's supervisor, a pasted CSV, rejection, and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static long bureau(struct demo *d)
{
	return scalar(d, "SELECT body_id FROM account WHERE login = 'leader1'");
}

static void test_portal_demo(void **state)
{
	struct demo *d = *state;
	char path[96], versions[96];
	long b = bureau(d);

	snprintf(path, sizeof(path), "/lists/%ld/items", b);
	snprintf(versions, sizeof(versions), "/lists/%ld/items/versions", b);
	demo_get(d, "/lists", 200, NULL, "执法公示清单", "行政执法事项清单", "随机抽查事项清单",
		 "服务指南", "立案依据和实施程序", "行政裁量基准", "href=\"/flowcharts\"",
		 "href=\"/review-catalog\"", "href=\"/av-list\"", path, NULL);
	demo_get(d, path, 200, NULL, "第 2 版", "查封、扣押违法经营的财物", "140524-QZ-001",
		 "陵川县司法局", "审核", "历次版本", NULL);
	/* the public sees bodies, not the accounts that approved */
	struct resp r;
	demo_get(d, path, 200, &r, NULL);
	if (strstr(r.body, "leader1") || strstr(r.body, "supervisor1") || strstr(r.body, "reviewer1"))
		fail_msg("an account name on the portal");
	resp_free(&r);
	demo_get(d, versions, 200, NULL, "第 2 版", "第 1 版", "已被新版本替代", "现行有效", NULL);
	long v1 = scalar(d, "SELECT id FROM public_list WHERE kind = 'items' AND version = 1");
	snprintf(path, sizeof(path), "/lists/%ld/items/versions/%ld", b, v1);
	demo_get(d, path, 200, NULL, "第 1 版", "已停止施行", "对旅游经营者经营活动的行政检查", NULL);
	snprintf(path, sizeof(path), "/lists/%ld/procedures_basis", b);
	demo_get(d, path, 200, NULL, "立案依据", "href=\"/flowcharts/penalty_ordinary.svg\"", NULL);
	snprintf(path, sizeof(path), "/lists/%ld/benchmarks", b);
	demo_get(d, path, 200, NULL, "裁量阶次", "处罚标准", NULL);
	snprintf(path, sizeof(path), "/lists/%ld/nosuch", b);
	demo_get(d, path, 404, NULL, NULL);
	demo_get(d, "/lists/99999/items", 404, NULL, NULL);
}

/* POSTs a one-row random_checks list as the session of D; returns the status. */
static long post_checks(struct demo *d, const char *ratio, struct resp *r)
{
	assert_int_equal(client_post_form(&d->cl, "/workbench/lists/random_checks/new", 0, r, "n",
					  "1", "i.0.subject", "综合执法局", "i.0.basis",
					  "《旅游法》第八十三条", "i.0.object", "旅行社", "i.0.content",
					  "经营许可", "i.0.ratio", ratio, "i.0.method", "双随机",
					  "i.0.frequency", "每年一次", "note", "法律修改", "action",
					  "save", NULL),
			 0);
	return r->status;
}

static void test_draft_approve_live(void **state)
{
	struct demo *d = *state;
	char loc[128], path[160];
	struct resp r;

	/* an officer may not draft */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/workbench/lists", 403, NULL, NULL);
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "reviewer1", "demo", NULL), 303);
	demo_get(d, "/workbench/lists", 200, NULL, "公示清单", "现行第", "起草新版本", NULL);
	demo_get(d, "/workbench/lists/random_checks/new", 200, NULL, "抽查比例", "示范区内旅行社",
		 NULL);
	/* a blank required cell: refused, named beside its row */
	assert_int_equal(post_checks(d, "", &r), 422);
	assert_has(r.body, "请填写第1行的抽查比例");
	resp_free(&r);
	long drafts = scalar(d, "SELECT COUNT(*) FROM public_list WHERE state = 'draft'");
	assert_int_equal(drafts, 0);
	assert_int_equal(post_checks(d, "10%", &r), 303);
	resp_location(&r, loc, sizeof(loc));
	resp_free(&r);
	demo_get(d, loc, 200, NULL, "已保存为草稿", "待本机关负责人审批", "起草人不能审批", NULL);
	long id = scalar(d, "SELECT MAX(id) FROM public_list");
	/* the drafter cannot approve it (a reviewer is no leader anyway) */
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld/approve", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld", id);
	demo_get(d, path, 200, NULL, "审批并公布", "退回", NULL);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld/approve", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM public_list WHERE kind = 'random_checks' "
				   "AND state = 'live'"),
			 1);
	snprintf(path, sizeof(path), "/lists/%ld/random_checks", bureau(d));
	demo_new_session(d);
	demo_get(d, path, 200, NULL, "第 2 版", "10%", "法律修改", NULL);
	snprintf(path, sizeof(path), "/lists/%ld/random_checks/versions", bureau(d));
	demo_get(d, path, 200, NULL, "第 2 版", "第 1 版", NULL);
}

static void test_items_need_justice(void **state)
{
	struct demo *d = *state;
	char path[160];
	struct resp r;
	const char *csv = "事项编码,事项名称,类别,实施主体,承办机构,法律依据,行使层级\n"
			  "140524-CF-009,对乱设摊点的处罚,处罚,综合执法局,执法一队,"
			  "\"《条例》第十条，第二款\",县级\n";

	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	/* the editor starts from the live version; the category is a choice */
	demo_get(d, "/workbench/lists/items/new", 200, NULL, "<select id=\"f-0-category\"",
		 "<option value=\"处罚\" selected>", "140524-QZ-001", "粘贴表格", NULL);
	/* a pasted CSV with a bad category: the row and the field are named */
	assert_int_equal(client_post_form(&d->cl, "/workbench/lists/items/new", 0, &r, "n", "0",
					  "csv", "A1,名称,罚款,主体,,依据,\n", NULL),
			 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "第1行的类别须为处罚、强制");
	resp_free(&r);
	assert_int_equal(client_post_form(&d->cl, "/workbench/lists/items/new", 0, &r, "n", "0",
					  "csv", csv, NULL),
			 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	long id = scalar(d, "SELECT MAX(id) FROM public_list");
	/* leader1 drafted it: leader1 may not approve it */
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld/approve", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, "起草人不能审批");
	resp_free(&r);
	/* another leader of the bureau approves: not live yet */
	assert_int_equal(db_exec_sql(&d->s, "UPDATE public_list SET drafted_by = "
					    "(SELECT id FROM account WHERE login = 'reviewer1') "
					    "WHERE id = (SELECT MAX(id) FROM public_list)"),
			 0);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM public_list WHERE id = %ld AND state = 'approved'", id);
	assert_int_equal(scalar(d, sql), 1);
	/* the justice bureau's supervisor sees it in the queue and approves */
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "supervisor1", "demo", NULL), 303);
	demo_get(d, "/workbench/lists/justice", 200, NULL, "陵川生态文化旅游示范区综合执法局", NULL);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld", id);
	demo_get(d, path, 200, NULL, "县司法局审核通过并公布", "对乱设摊点的处罚", NULL);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld/justice", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/lists/%ld/items", bureau(d));
	demo_new_session(d);
	demo_get(d, path, 200, NULL, "第 3 版", "《条例》第十条，第二款", NULL);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM public_list WHERE kind = 'items' AND "
				   "state = 'superseded' AND live_to > 0"),
			 2);
	assert_true(scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'public_list' AND "
			      "action = 'public_list_justice'") >= 2);
}

static void test_reject(void **state)
{
	struct demo *d = *state;
	char path[160];
	struct resp r;

	assert_int_equal(client_login(&d->cl, "reviewer1", "demo", NULL), 303);
	assert_int_equal(post_checks(d, "20%", &r), 303);
	resp_free(&r);
	long id = scalar(d, "SELECT MAX(id) FROM public_list");
	demo_new_session(d);
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld/reject", id);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "reason", "", NULL), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(client_post_form(&d->cl, path, 0, &r, "reason", "比例依据不足", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/lists/versions/%ld", id);
	demo_get(d, path, 200, NULL, "已退回", "比例依据不足", NULL);
	/* not on the portal */
	demo_new_session(d);
	snprintf(path, sizeof(path), "/lists/%ld/random_checks/versions/%ld", bureau(d), id);
	demo_get(d, path, 404, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_demo),
		cmocka_unit_test(test_draft_approve_live),
		cmocka_unit_test(test_items_need_justice),
		cmocka_unit_test(test_reject),
	};
	struct demo d = {0};
	return demo_run_tests(tests, &d);
}
