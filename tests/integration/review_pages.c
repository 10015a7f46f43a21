/* Integration tests of the review pages on the demo: the review page in Chinese (proposal labels, amounts in 元, the checklist beside the case material), legal advisers' forms, the review time limit on the deadline dashboard, and the coordination form with its printable minutes (集体讨论笔录). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "web/case_text.h"

struct fx {
	struct demo d; /* first: the tests' state points at it */
	char leader[128], o1[128];
	long reviewed, waiting; /* the demo's major cases: reviewed (同意), waiting */
	long agree_id, waiting_id;
};

static int fx_setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;

	if (make_token(&d->s, "leader1", f->leader, sizeof(f->leader)) ||
	    make_token(&d->s, "officer1", f->o1, sizeof(f->o1)))
		return -1;
	f->reviewed = db_scalar(&d->s, "SELECT case_id FROM review WHERE outcome = 'agree'");
	f->agree_id = db_scalar(&d->s, "SELECT id FROM review WHERE outcome = 'agree'");
	f->waiting = db_scalar(&d->s, "SELECT case_id FROM review WHERE state = 'submitted'");
	f->waiting_id = db_scalar(&d->s, "SELECT id FROM review WHERE state = 'submitted'");
	return f->reviewed > 0 && f->waiting > 0 ? 0 : -1;
}

static void login(struct fx *f, const char *who)
{
	demo_new_session(&f->d);
	assert_int_equal(client_login(&f->d.cl, who, "demo", NULL), 303);
}

/* The body of GET PATH (status 200); caller frees R. */
static void page(struct fx *f, const char *path, struct resp *r)
{
	demo_get(&f->d, path, 200, r, NULL);
}

/* The review page shows the proposal in Chinese: the fine in 元 with two
 * decimals, the penalty type and band by their labels, no raw words; the
 * checklist comes after the case material (the side column). */
static void test_review_page_chinese(void **state)
{
	struct fx *f = *state;
	struct resp r = {0};
	char path[96], money[40];

	snprintf(path, sizeof(path), "/api/v1/cases/%ld/reviews", f->reviewed);
	struct resp a = {0};
	assert_int_equal(client_json(&f->d.cl, "GET", path, NULL, f->leader, NULL, &a), 0);
	json_t *j = resp_json(&a);
	resp_free(&a);
	json_t *v = json_array_get(json_object_get(j, "versions"), 0);
	json_int_t fine = json_integer_value(json_object_get(json_object_get(v, "proposal"), "fine"));
	assert_true(fine > 0);
	zf_case_text_money(fine, money);
	json_decref(j);

	login(f, "reviewer1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", f->agree_id);
	page(f, path, &r);
	assert_has(r.body, "拟作出的决定");
	assert_has(r.body, "罚款金额");
	assert_has(r.body, money);
	assert_has(r.body, "<dd>罚款</dd>");
	assert_has(r.body, "<dd>一般</dd>");
	assert_has(r.body, "未举行听证");
	assert_null(strstr(r.body, "penalty_types"));
	assert_null(strstr(r.body, "<dd>general</dd>"));
	/* The catalog rule that made it major, with its label. */
	assert_has(r.body, "属于重大执法决定的情形");
	assert_has(r.body, "<strong>");
	/* Case material first, the checklist in the side column after it. */
	const char *mat = strstr(r.body, "id=\"review-case\""), *side = strstr(r.body, "id=\"review-side\"");
	assert_non_null(mat);
	assert_non_null(side);
	assert_true(mat < side);
	assert_has(r.body, "办案经过和文书");
	assert_has(r.body, "证据与音像记录");
	resp_free(&r);
	/* The 法制审核 link in the navigation, the catalog from the queue. */
	page(f, "/workbench/reviews", &r);
	assert_has(r.body, "<a href=\"/workbench/reviews\">法制审核</a>");
	assert_has(r.body, "/workbench/review/catalog");
	resp_free(&r);
	login(f, "officer1");
	page(f, "/workbench", &r);
	assert_null(strstr(r.body, "<a href=\"/workbench/reviews\">法制审核</a>"));
	resp_free(&r);
}

/* The deadline dashboard lists the open review with its due date. */
static void test_dashboard(void **state)
{
	struct fx *f = *state;
	struct resp r = {0};
	char due[40], link[64];

	snprintf(due, sizeof(due), "%ld年%ld月%ld日",
		 scalar(&f->d, "SELECT CAST(substr(due_on, 1, 4) AS integer) FROM review WHERE state = 'submitted'"),
		 scalar(&f->d, "SELECT CAST(substr(due_on, 6, 2) AS integer) FROM review WHERE state = 'submitted'"),
		 scalar(&f->d, "SELECT CAST(substr(due_on, 9, 2) AS integer) FROM review WHERE state = 'submitted'"));
	snprintf(link, sizeof(link), "/workbench/reviews/%ld", f->waiting_id);
	login(f, "leader1");
	page(f, "/workbench/deadlines", &r);
	const char *sec = strstr(r.body, "法制审核期限");
	assert_non_null(sec);
	assert_has(sec, link);
	assert_has(sec, due);
	assert_has(sec, "尚未指定");
	resp_free(&r);
}

/* A handler asks a legal adviser and records the written opinion; both show
 * on the review page. */
static void test_adviser(void **state)
{
	struct fx *f = *state;
	struct resp r = {0};
	char path[96], id[24];

	login(f, "officer1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", f->waiting_id);
	demo_get(&f->d, path, 200, NULL, "征求法律顾问、公职律师意见", NULL);
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/adviser", f->waiting_id);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "name", "王律师", "kind",
					  "public_lawyer", "organisation", "县司法局", "question",
					  "罚款幅度是否适当", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(id, sizeof(id), "%ld", scalar(&f->d, "SELECT max(id) FROM review_adviser"));
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", f->waiting_id);
	demo_get(&f->d, path, 200, NULL, "公职律师：王律师", "罚款幅度是否适当", "记录书面意见", NULL);
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/adviser_opinion", f->waiting_id);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "adviser_id", id, "opinion", "", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "书面意见");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "adviser_id", id, "opinion",
					  "罚款在裁量基准幅度内，适当", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", f->waiting_id);
	demo_get(&f->d, path, 200, NULL, "罚款在裁量基准幅度内，适当", NULL);
}

/* 纠正 → the handler disagrees → the leader records the collective
 * discussion on the review page; the minutes page shows every opinion. */
static void test_discussion(void **state)
{
	struct fx *f = *state;
	struct resp r = {0};
	char path[128], loc[128], rev[24], leader[24];

	snprintf(rev, sizeof(rev), "%ld", scalar(&f->d, "SELECT officer_id FROM account WHERE login = 'reviewer1'"));
	snprintf(leader, sizeof(leader), "%ld", scalar(&f->d, "SELECT id FROM account WHERE login = 'leader1'"));
	login(f, "leader1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/assign", f->waiting_id);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reviewer_id", rev, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	login(f, "reviewer1");
	review_conclude(&f->d, f->waiting_id, "no", "裁量过重", "correct", "罚款偏高",
			"按一般情节下限处罚");
	login(f, "officer1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/disagree", f->waiting_id);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reasons", "当事人屡教不改，不宜从轻", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	login(f, "leader1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", f->waiting_id);
	demo_get(&f->d, path, 200, NULL, "记录集体讨论", "当事人屡教不改", "attendee_0", NULL);
	char did[24];
	snprintf(did, sizeof(did), "%ld", scalar(&f->d, "SELECT max(id) FROM review_disagreement"));
	snprintf(rev, sizeof(rev), "%ld", f->waiting_id);
	snprintf(path, sizeof(path), "/workbench/cases/%ld/discussions", f->waiting);
	/* The reviewer not heard: refused on the review page, keeping what was typed. */
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "kind", "coordination",
					  "review_id", rev, "disagreement_id", did, "held_on",
					  "2025-01-06", "chair", leader, "attendee_0", leader,
					  "opinion_0", "同意承办机构意见", "conclusion", "revise_opinion",
					  NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "听取法制审核人员的意见");
	assert_has(r.body, "同意承办机构意见");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "kind", "coordination",
					  "review_id", rev, "disagreement_id", did, "held_on",
					  "2025-01-06", "chair", leader, "attendee_0", leader,
					  "opinion_0", "同意承办机构意见", "reviewer_heard",
					  "审核人员坚持从轻意见", "conclusion", "revise_opinion",
					  "conclusion_text", "由法制审核机构重新审核", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_location(&r, loc, sizeof(loc));
	resp_free(&r);
	assert_has(loc, "/discussions/");
	demo_get(&f->d, loc, 200, NULL, "集体讨论笔录", "print-page", "leader1", "同意承办机构意见",
		 "审核人员坚持从轻意见", "由法制审核机构重新出具审核意见", "2025年1月6日", NULL);
	/* Supervisors see the resolution. */
	login(f, "supervisor1");
	demo_get(&f->d, "/workbench/disagreements", 200, NULL, "法制审核机构重新出具审核意见", NULL);
	demo_get(&f->d, loc, 200, NULL, "集体讨论笔录", NULL);
}

int main(void)
{
	static struct fx f;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_page_chinese),
		cmocka_unit_test(test_dashboard),
		cmocka_unit_test(test_adviser),
		cmocka_unit_test(test_discussion),
	};
	f.d.setup = fx_setup;
	return demo_run_tests(tests, &f.d);
}
