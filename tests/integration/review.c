/* Integration tests of legal review over the pages (forms with csrf) and the API on the demo: a major case cannot be decided without a 同意 review, submission, assignment, checklist and opinion through the forms, the gate on the API, the disagreements list for supervisors. */
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

struct fx {
	struct demo d; /* first: the tests' state points at it */
	char leader[128], o1[128], reviewer[128];
	long reviewed, waiting; /* the demo's major cases: reviewed (同意), waiting */
	long rev_officer;       /* reviewer1's officer */
};

static int fx_setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;

	if (make_token(&d->s, "leader1", f->leader, sizeof(f->leader)) ||
	    make_token(&d->s, "officer1", f->o1, sizeof(f->o1)) ||
	    make_token(&d->s, "reviewer1", f->reviewer, sizeof(f->reviewer)))
		return -1;
	f->reviewed = db_scalar(&d->s, "SELECT case_id FROM review WHERE outcome = 'agree'");
	f->waiting = db_scalar(&d->s, "SELECT case_id FROM review WHERE state = 'submitted'");
	f->rev_officer = db_scalar(&d->s, "SELECT officer_id FROM account WHERE login = 'reviewer1'");
	return f->reviewed > 0 && f->waiting > 0 && f->rev_officer > 0 ? 0 : -1;
}

/* METHOD PATH with BODY as TOKEN; asserts STATUS; the JSON answer. */
static json_t *api(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long status)
{
	struct resp r = {0};
	json_t *j;

	if (client_json(&f->d.cl, method, path, body, token, NULL, &r))
		fail_msg("%s %s: transport", method, path);
	if (r.status != status)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, status, r.body);
	j = resp_json(&r);
	resp_free(&r);
	return j;
}

static long version_of(struct fx *f, long id)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
	json_t *j = api(f, "GET", path, f->leader, NULL, 200);
	long v = (long)json_integer_value(json_object_get(json_object_get(j, "case"), "version"));
	json_decref(j);
	return v;
}

/* The decision of case ID (fine FINE 元) through the API; returns the answer. */
static json_t *decide(struct fx *f, long id, const char *fine, long status)
{
	char path[96], body[1024], today[16];
	time_t t = time(NULL) + 8 * 3600; /* Beijing */
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/decision", id);
	snprintf(body, sizeof(body),
		 "{\"version\":%ld,\"values\":{\"date\":\"%s\",\"decision\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"%s\",\"band\":\"general\","
		 "\"reason\":\"依法决定\"}}",
		 version_of(f, id), today, fine);
	return api(f, "POST", path, f->leader, body, status);
}

static void login(struct fx *f, const char *who)
{
	demo_new_session(&f->d);
	assert_int_equal(client_login(&f->d.cl, who, "demo", NULL), 303);
}

/* The case page says the case is major and why; the waiting case cannot be
 * decided through the API, the field names the review. */
static void test_gate_api(void **state)
{
	struct fx *f = *state;
	char path[64];
	long before = scalar(&f->d, "SELECT count(*) FROM case_step");

	login(f, "leader1");
	snprintf(path, sizeof(path), "/workbench/cases/%ld", f->waiting);
	demo_get(&f->d, path, 200, NULL, "法制审核", "本案属于重大执法决定", "待指定审核人员", NULL);
	json_t *j = decide(f, f->waiting, "3000", 422);
	json_t *e = json_error_of(j);
	assert_non_null(e);
	assert_has(json_string_value(json_object_get(e, "message")), "重大执法决定");
	assert_has(json_string_value(json_object_get(e, "message")), "尚未作出审核意见");
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_step"), before);
	/* The reviewed case: a changed fine is refused, the reviewed one passes. */
	j = decide(f, f->reviewed, "2000", 422);
	assert_has(json_string_value(json_object_get(json_error_of(j), "message")), "不一致");
	json_decref(j);
	j = decide(f, f->reviewed, "3000", 201);
	json_decref(j);
}

/* Through the forms: submission (incomplete, then complete), assignment,
 * checklist and 同意, then the decision. */
static void test_pages_flow(void **state)
{
	struct fx *f = *state;
	struct resp r = {0};
	char path[96], loc[128];

	login(f, "officer1");
	snprintf(path, sizeof(path), "/workbench/cases/%ld/review", f->waiting);
	demo_get(&f->d, path, 200, NULL, "提交法制审核", NULL);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "situation", "占道堆放建材",
					  "basis", "第四十二条", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "证据清单");
	assert_has(r.body, "决定书草稿");
	resp_free(&r);
	/* Without the csrf token: refused. */
	assert_int_equal(client_post_form(&f->d.cl, path, 1, &r, "situation", "x", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "situation", "占道堆放建材",
					  "evidence", "现场检查笔录", "basis", "第四十二条",
					  "discretion", "一般情节", "draft", "决定书草稿", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_location(&r, loc, sizeof(loc));
	resp_free(&r);
	long rid = scalar(&f->d, "SELECT max(id) FROM review");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", rid);
	assert_string_equal(loc, path);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM review WHERE state = 'superseded'"), 1);

	login(f, "leader1");
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/assign", rid);
	demo_get(&f->d, "/workbench/reviews", 200, NULL, "等待指定审核人员", NULL);
	char officer[24];
	/* officer1 handles the case: refused, naming the rule. */
	snprintf(officer, sizeof(officer), "%ld",
		 scalar(&f->d, "SELECT officer_id FROM account WHERE login = 'officer1'"));
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reviewer_id", officer, NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "承办或者办理过本案");
	resp_free(&r);
	snprintf(officer, sizeof(officer), "%ld", f->rev_officer);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reviewer_id", officer, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	login(f, "reviewer1");
	demo_get(&f->d, "/workbench/reviews", 200, NULL, "指定我审核的", NULL);
	snprintf(path, sizeof(path), "/workbench/reviews/%ld", rid);
	demo_get(&f->d, path, 200, NULL, "审核要点", "行政执法主体是否合法", "与第1版相比", NULL);
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/conclude", rid);
	/* An outcome before the eight points: refused. */
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "answer_subject", "yes",
					  "note_subject", "主体合法", "outcome", "agree", "opinion",
					  "同意", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "审核要点尚未全部填写");
	resp_free(&r);
	review_conclude(&f->d, rid, "yes", "适用正确", "agree", "同意", NULL);
	/* The demo's opinions: 纠正 and the revised 同意 on the reviewed case, and this one. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_document WHERE doc_type = "
				       "'legal_review_opinion'"), 3);

	login(f, "leader1");
	json_decref(decide(f, f->waiting, "3000", 201));
}

/* The API: the case's reviews, the queue for reviewers only, the
 * disagreements for supervisors. */
static void test_api_reads(void **state)
{
	struct fx *f = *state;
	char path[64], tok[128];

	snprintf(path, sizeof(path), "/api/v1/cases/%ld/reviews", f->reviewed);
	json_t *j = api(f, "GET", path, f->o1, NULL, 200);
	assert_true(json_is_true(json_object_get(j, "major")));
	assert_true(json_array_size(json_object_get(j, "versions")) >= 1);
	json_decref(j);
	json_decref(api(f, "GET", "/api/v1/reviews", f->reviewer, NULL, 200));
	json_decref(api(f, "GET", "/api/v1/reviews", f->o1, NULL, 403));
	assert_int_equal(make_token(&f->d.s, "supervisor1", tok, sizeof(tok)), 0);
	json_decref(api(f, "GET", "/api/v1/disagreements", tok, NULL, 200));
	/* A submission with no package through the API: every part named. */
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/reviews", f->reviewed);
	j = api(f, "POST", path, f->o1, "{\"package\":{}}", 422);
	assert_has(json_string_value(json_object_get(json_error_of(j), "message")), "情况说明");
	json_decref(j);
}

int main(void)
{
	static struct fx f;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_api),
		cmocka_unit_test(test_pages_flow),
		cmocka_unit_test(test_api_reads),
	};
	f.d.setup = fx_setup;
	return demo_run_tests(tests, &f.d);
}
