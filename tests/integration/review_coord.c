/* Integration tests of coordination in legal review through the JSON API on the demo: a legal adviser's opinion attached to the review, a 纠正 not accepted and coordinated by a collective discussion (quorum refused, then recorded with each opinion and numbered minutes), revised proposal and revised opinion, the art. 57 discussion the decision must follow, and every write logged. */
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
	long waiting, rev_officer, leader_id, leader2_id, o1_id, o2_id;
	char today[16];
};

static int fx_setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	time_t t = time(NULL) + 8 * 3600; /* Beijing */
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(f->today, sizeof(f->today), "%Y-%m-%d", &tm);
	if (make_token(&d->s, "leader1", f->leader, sizeof(f->leader)) ||
	    make_token(&d->s, "officer1", f->o1, sizeof(f->o1)) ||
	    make_token(&d->s, "reviewer1", f->reviewer, sizeof(f->reviewer)))
		return -1;
	f->waiting = db_scalar(&d->s, "SELECT case_id FROM review WHERE state = 'submitted'");
	f->rev_officer = db_scalar(&d->s, "SELECT officer_id FROM account WHERE login = 'reviewer1'");
	f->leader_id = db_scalar(&d->s, "SELECT id FROM account WHERE login = 'leader1'");
	f->o1_id = db_scalar(&d->s, "SELECT officer_id FROM account WHERE login = 'officer1'");
	f->o2_id = db_scalar(&d->s, "SELECT officer_id FROM account WHERE login = 'officer2'");
	/* A second leader of the body: the quorum is then more than one. */
	if (db_exec_sql(&d->s, "INSERT INTO account (login, role, body_id, pw_hash, created_at, "
			       "pw_changed_at) SELECT 'leader9', role, body_id, 'x', 1000, 1000 "
			       "FROM account WHERE login = 'leader1'"))
		return -1;
	f->leader2_id = db_scalar(&d->s, "SELECT id FROM account WHERE login = 'leader9'");
	return f->waiting > 0 && f->rev_officer > 0 && f->leader2_id > 0 ? 0 : -1;
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

/* POST /api/v1/reviews/RID/WHAT with BODY as TOKEN; asserts STATUS; the answer's id. */
static long act(struct fx *f, long rid, const char *what, const char *token, const char *body,
		long status)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/reviews/%ld/%s", rid, what);
	json_t *j = api(f, "POST", path, token, body, status);
	long id = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static const char checks[] =
	"{\"answers\":{\"subject\":{\"answer\":\"yes\",\"note\":\"合法\"},"
	"\"qualification\":{\"answer\":\"yes\",\"note\":\"持证\"},"
	"\"procedure\":{\"answer\":\"yes\",\"note\":\"合法\"},\"facts\":{\"answer\":\"yes\",\"note\":\"清楚\"},"
	"\"law\":{\"answer\":\"yes\",\"note\":\"正确\"},\"powers\":{\"answer\":\"yes\",\"note\":\"未越权\"},"
	"\"documents\":{\"answer\":\"yes\",\"note\":\"完备\"},\"crime\":{\"answer\":\"na\",\"note\":\"无\"}}}";

static const char correct[] =
	"{\"outcome\":\"correct\",\"opinion\":\"裁量理由不充分\",\"corrections\":\"补充裁量理由\"}";

/* Step CODE of the waiting case with VALUES as TOKEN; asserts STATUS; the answer. */
static json_t *step(struct fx *f, const char *token, const char *code, const char *values,
		    long status)
{
	char path[96], body[2048];

	snprintf(path, sizeof(path), "/api/v1/cases/%ld", f->waiting);
	json_t *c = api(f, "GET", path, f->leader, NULL, 200);
	long v = (long)json_integer_value(json_object_get(json_object_get(c, "case"), "version"));
	json_decref(c);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/%s", f->waiting, code);
	snprintf(body, sizeof(body), "{\"version\":%ld,\"values\":%s}", v, values);
	return api(f, "POST", path, token, body, status);
}

static json_t *decide(struct fx *f, long status)
{
	char values[512];

	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
		 "\"fine\":\"3000\",\"band\":\"general\",\"reason\":\"依法决定\"}",
		 f->today);
	return step(f, f->leader, "decision", values, status);
}

/* The discussion body: KIND, DISAGREEMENT, CONCLUSION, with the second
 * leader when BOTH. */
static void discussion(struct fx *f, char *out, size_t n, const char *kind, long disagreement,
		       const char *conclusion, int both)
{
	char second[160] = "";

	if (both)
		snprintf(second, sizeof(second), ",{\"account_id\":%ld,\"opinion\":\"同意承办机构意见\"}",
			 f->leader2_id);
	snprintf(out, n,
		 "{\"kind\":\"%s\",\"disagreement_id\":%ld,\"held_on\":\"%s\",\"chair\":%ld,"
		 "\"attendees\":[{\"account_id\":%ld,\"opinion\":\"裁量理由已经充分\"}%s],"
		 "\"reviewer_heard\":\"法制审核人员说明纠正理由\",\"conclusion\":\"%s\","
		 "\"conclusion_text\":\"经集体讨论决定\"}",
		 kind, disagreement, f->today, f->leader_id, f->leader_id, second, conclusion);
}

static long review_writes(struct fx *f)
{
	return scalar(&f->d, "SELECT count(*) FROM history WHERE entity LIKE 'review%'");
}

/* The whole coordination through the API. */
static void test_coordination(void **state)
{
	struct fx *f = *state;
	char body[1536], path[96];
	long rid = scalar(&f->d, "SELECT max(id) FROM review WHERE state = 'submitted'");
	long s0 = scalar(&f->d, "SELECT count(*) FROM case_step WHERE code = 'discussion'");
	long w0 = review_writes(f), d0 = scalar(&f->d, "SELECT count(*) FROM case_document WHERE "
						      "doc_type = 'discussion_record' AND number <> ''");

	snprintf(body, sizeof(body), "{\"reviewer_id\":%ld}", f->rev_officer);
	act(f, rid, "assign", f->leader, body, 200);
	act(f, rid, "checklist", f->reviewer, checks, 200);
	/* A legal adviser's written opinion, attached to the review. */
	long adv = act(f, rid, "advisers", f->reviewer,
		       "{\"name\":\"周律师\",\"kind\":\"public_lawyer\",\"organisation\":\"县司法局\","
		       "\"question\":\"裁量是否适当\"}", 200);
	assert_true(adv > 0);
	snprintf(body, sizeof(body), "{\"adviser_id\":%ld,\"opinion\":\"裁量理由应予补充\"}", adv);
	act(f, rid, "adviser_opinion", f->reviewer, body, 200);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM review_adviser WHERE opinion <> ''"), 1);
	act(f, rid, "conclude", f->reviewer, correct, 200);
	json_decref(decide(f, 422));

	/* Not accepted by the handler: coordination. */
	long dis = act(f, rid, "disagree", f->o1, "{\"reasons\":\"裁量理由已经充分\"}", 200);
	assert_true(dis > 0);
	discussion(f, body, sizeof(body), "coordination", dis, "revise_proposal", 0);
	json_t *j = api(f, "POST", "/api/v1/reviews/0/discussion", f->leader, body, 404);
	json_decref(j);
	snprintf(path, sizeof(path), "/api/v1/reviews/%ld/discussion", rid);
	j = api(f, "POST", path, f->leader, body, 422);
	assert_non_null(strstr(json_string_value(json_object_get(json_error_of(j), "message")),
			       "不足法定人数"));
	json_decref(j);
	discussion(f, body, sizeof(body), "coordination", dis, "revise_proposal", 1);
	assert_true(act(f, rid, "discussion", f->leader, body, 200) > 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_document WHERE doc_type = "
				       "'discussion_record' AND number <> ''"), d0 + 1);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM review_discussion WHERE kind = "
				       "'coordination' AND minutes_json LIKE '%同意承办机构意见%'"), 1);
	/* The demo's coordination is listed for supervisors too (below). */
	/* A revised proposal: still refused until resubmitted and agreed. */
	json_decref(decide(f, 422));
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/reviews", f->waiting);
	j = api(f, "POST", path, f->o1,
		"{\"package\":{\"situation\":\"占道堆放建材\",\"evidence\":\"现场检查笔录\","
		"\"basis\":\"第四十二条\",\"discretion\":\"一般情节，补充裁量理由\",\"draft\":\"草稿\"}}",
		201);
	long rid2 = (long)json_integer_value(json_object_get(j, "review_id"));
	json_decref(j);
	assert_true(rid2 > rid);
	snprintf(body, sizeof(body), "{\"reviewer_id\":%ld}", f->rev_officer);
	act(f, rid2, "assign", f->leader, body, 200);
	act(f, rid2, "checklist", f->reviewer, checks, 200);
	act(f, rid2, "conclude", f->reviewer, correct, 200);
	/* Not accepted by the head: a revised opinion by the review unit. */
	dis = act(f, rid2, "disagree", f->leader, "{\"reasons\":\"已补充裁量理由\"}", 200);
	discussion(f, body, sizeof(body), "coordination", dis, "revise_opinion", 1);
	act(f, rid2, "discussion", f->leader, body, 200);
	json_decref(decide(f, 422));
	long rid3 = scalar(&f->d, "SELECT max(id) FROM review");
	assert_true(rid3 > rid2);
	act(f, rid3, "checklist", f->reviewer, checks, 200);
	act(f, rid3, "conclude", f->reviewer, "{\"outcome\":\"agree\",\"opinion\":\"经协调，同意\"}", 200);

	/* Art. 57: the case is 情节复杂; the decision follows the discussion. */
	char values[1024];
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"officers\":[%ld,%ld],"
		 "\"facts\":\"当事人擅自占用人行道堆放建材约15平方米（示例）\","
		 "\"evidence\":\"现场检查笔录、现场照片（示例）\","
		 "\"basis\":\"《城市道路管理条例》第二十七条第（四）项、第四十二条\","
		 "\"proposal\":\"penalty\",\"penalty_types\":[\"fine\"],\"fine\":\"3000\","
		 "\"band\":\"general\",\"collective_required\":true,\"reason\":\"情节复杂\"}",
		 f->today, f->o1_id, f->o2_id);
	json_decref(step(f, f->o1, "investigation_report", values, 201));
	json_decref(decide(f, 409));
	discussion(f, body, sizeof(body), "art57", 0, "penalty", 1);
	act(f, rid3, "discussion", f->leader, body, 200);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"decision\":\"transfer\",\"transfer_to\":\"某县公安局\","
		 "\"reason\":\"移送\"}", f->today);
	j = step(f, f->leader, "decision_other", values, 422);
	json_t *e = json_error_of(j);
	assert_non_null(strstr(json_string_value(json_object_get(e, "message")), "集体讨论"));
	json_decref(j);
	json_decref(decide(f, 201));

	/* Every write: review rows (3 assign, 3 checklist, 3 conclude, adviser
	 * ask and opinion, 2 disagreements, 3 discussions, 1 submission, 1
	 * revised version), each with its log entry; the discussions on the
	 * case's timeline with numbered minutes. */
	assert_int_equal(review_writes(f) - w0, 17);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM history WHERE entity LIKE 'review%' "
				       "AND salt IS NULL"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_step WHERE code = 'discussion'"), s0 + 3);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_document WHERE doc_type = "
				       "'discussion_record' AND number <> ''"), d0 + 3);
	/* Supervisors see both disagreements with their resolution. */
	char tok[128];
	assert_int_equal(make_token(&f->d.s, "supervisor1", tok, sizeof(tok)), 0);
	j = api(f, "GET", "/api/v1/disagreements", tok, NULL, 200);
	assert_true(json_array_size(json_object_get(j, "disagreements")) >= 3);
	json_decref(j);
}

int main(void)
{
	static struct fx f;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coordination),
	};
	f.d.setup = fx_setup;
	return demo_run_tests(tests, &f.d);
}
