/* Integration tests of the major-decision catalog pages: the portal shows the default, a reviewer drafts on the workbench, the body's 负责人 approves, the portal shows version 1; the public and officers cannot reach the workbench pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/* The portal page of reviewer1's body. */
static void body_page(struct demo *d, char *out, size_t n)
{
	long body = scalar(d, "SELECT body_id FROM account WHERE login = 'reviewer1'");
	snprintf(out, n, "/review-catalog/%ld", body);
}

static void test_portal_default(void **state)
{
	struct demo *d = *state;
	char path[64];

	body_page(d, path, sizeof(path));
	demo_get(d, "/review-catalog", 200, NULL, "重大执法决定法制审核目录清单", path, NULL);
	demo_get(d, path, 200, NULL, "系统默认示例（第 0 版）", "对公民处以罚款 ≥ 1万元",
		 "对法人或者其他组织处以罚款 ≥ 10万元", "作出吊销许可证件", "经过听证程序作出",
		 "/flowcharts/legal_review.svg", NULL);
	/* linked from the portal's navigation and front page */
	demo_get(d, "/", 200, NULL, "<a href=\"/review-catalog\">法制审核目录</a>",
		 "<a href=\"/review-catalog\">查看法制审核目录清单</a>", NULL);
	demo_get(d, "/review-catalog/999999", 404, NULL, NULL);
}

static void test_public_and_officer_refused(void **state)
{
	struct demo *d = *state;
	struct resp r;

	assert_int_equal(client_get(&d->cl, "/workbench/review/catalog", &r), 0);
	assert_true(r.status == 303 || r.status == 401 || r.status == 403);
	resp_free(&r);
	assert_int_equal(client_get(&d->cl, "/workbench/review/catalog/new", &r), 0);
	assert_true(r.status == 303 || r.status == 401 || r.status == 403);
	resp_free(&r);
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_int_equal(client_get(&d->cl, "/workbench/review/catalog", &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
}

static void test_draft_approve_publish(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char path[64], approve[96];
	long id;

	body_page(d, path, sizeof(path));
	assert_int_equal(client_login(&d->cl, "reviewer1", "demo", NULL), 303);
	demo_get(d, "/workbench/review/catalog/new", 200, NULL, "name=\"type_0\"",
		 "name=\"amount_0\" value=\"10000.00\"", NULL);
	/* A threshold rule without an amount is refused, nothing written. */
	assert_int_equal(client_post_form(&d->cl, "/workbench/review/catalog/new", 0, &r, "count",
					  "1", "type_0", "fine", "label_0", "对公民罚款", "party_0",
					  "person", "cmp_0", ">=", "amount_0", "", NULL),
			 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "第1条规则的金额");
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM review_catalog"), 0);
	/* Two rules: a fine over 5000 元 for persons, any hearing. */
	assert_int_equal(client_post_form(&d->cl, "/workbench/review/catalog/new", 0, &r, "count",
					  "3", "type_0", "fine", "code_0", "fine_person", "label_0",
					  "对公民处以五千元以上罚款", "party_0", "person", "cmp_0", ">",
					  "amount_0", "5000", "type_1", "penalty_type", "label_1",
					  "责令关闭", "pt_1_close", "1", "type_2", "", "note",
					  "本局试行", NULL),
			 0);
	if (r.status != 303)
		fail_msg("draft: %ld\n%.600s", r.status, r.body);
	resp_free(&r);
	id = scalar(d, "SELECT MAX(id) FROM review_catalog WHERE state = 'draft'");
	assert_true(id > 0);
	demo_get(d, "/workbench/review/catalog", 200, NULL, "待批准", "reviewer1", "本局试行", NULL);
	/* The drafter is no 负责人: cannot approve. */
	snprintf(approve, sizeof(approve), "/workbench/review/catalog/%ld/approve", id);
	assert_int_equal(client_post_form(&d->cl, approve, 0, &r, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Still the default on the portal. */
	demo_new_session(d);
	demo_get(d, path, 200, NULL, "第 0 版", NULL);
	/* leader1 approves. */
	assert_int_equal(client_login(&d->cl, "leader1", "demo", NULL), 303);
	demo_get(d, "/workbench/review/catalog", 200, NULL, "批准", "退回理由", NULL);
	assert_int_equal(client_post_form(&d->cl, approve, 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM history WHERE entity = 'review_catalog'"), 2);
	/* The portal shows version 1 with its rules. */
	demo_new_session(d);
	demo_get(d, path, 200, NULL, "现行第 1 版", "对公民处以罚款 &gt; 5000元", "作出责令关闭",
		 NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_default),
		cmocka_unit_test(test_public_and_officer_refused),
		cmocka_unit_test(test_draft_approve_publish),
	};
	struct demo d = {0};
	return demo_run_tests(tests, &d);
}
