/* Unit tests of legal review (app/review*.c) under the shipped ordinary penalty procedure, on SQLite or PostgreSQL: the gate before 负责人决定 on every path, submission, assignment rules, checklist, outcomes, disagreement and collective discussion, advisers, and the record log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/case.h"
#include "app/review.h"
#include "app/review_flow.h"
#include "core/role.h"
#include "util/str.h"
#include "case_fixture.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time (a Monday). */
#define T_0302 1772416800
#define SIG "{\"strokes\":[[10,10,50,40]],\"w\":300,\"h\":100}"

enum { A_OFF1 = 11, A_OFF2 = 12, A_LEADER = 14, A_REV = 15, A_LEADER2 = 17, A_REV_OLD = 18,
       A_REV_NEW = 19, A_CASE_REV = 20 };

struct ctx {
	struct fixture f;
	struct zf_app *app;
	char data[96];
	int64_t body, o1, o2, o_rev, o_old, o_new, o_case_rev;
	struct zf_actor off1, off2, leader, leader2, rev, rev_old, rev_new, case_rev, cli;
};


static void exec(struct ctx *c, const char *sql)
{
	if (zf_db_exec(c->f.db, sql, &c->f.err))
		fail_msg("%s: %s", sql, c->f.err.msg);
}

/* Inserts account ID (LOGIN, ROLE, OFFICER or 0) of the body and the actor A for it. */
static void account(struct ctx *c, struct zf_actor *a, int64_t id, const char *login, int role,
		    int64_t officer)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO account (id, login, role, body_id, officer_id, pw_hash, created_at, "
		 "pw_changed_at) VALUES (%lld, '%s', %d, %lld, %s%lld%s, 'x', 1000, 1000)",
		 (long long)id, login, role, (long long)c->body, officer ? "" : "NULLIF(",
		 (long long)officer, officer ? "" : ", 0)");
	exec(c, sql);
	fixture_actor(a, id, login, role, c->body, officer);
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};
	char sql[256];

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = T_0302;
	zf_procedures_free(c->app->procedures);
	c->app->procedures = NULL;
	if (zf_procedures_load(&c->app->procedures, &vocab, &c->f.err)) {
		fprintf(stderr, "shipped definitions: %s\n", c->f.err.msg);
		return -1;
	}
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->o1 = fixture_officer(c->f.db, c->body, "张三", "14052400101");
	c->o2 = fixture_officer(c->f.db, c->body, "李四", "14052400102");
	c->o_rev = fixture_officer(c->f.db, c->body, "王审", "14052400103");
	c->o_old = fixture_officer(c->f.db, c->body, "老审", "14052400104");
	c->o_new = fixture_officer(c->f.db, c->body, "新审", "14052400105");
	c->o_case_rev = fixture_officer(c->f.db, c->body, "案审", "14052400106");
	snprintf(sql, sizeof(sql), "UPDATE officer SET legal_qual = 1, review_since = '2022-03-01' "
		 "WHERE id = %lld", (long long)c->o_rev);
	exec(c, sql);
	snprintf(sql, sizeof(sql), "UPDATE officer SET review_since = '2019-05-01' WHERE id = %lld",
		 (long long)c->o_old);
	exec(c, sql);
	snprintf(sql, sizeof(sql), "UPDATE officer SET review_since = '2021-07-15' WHERE id = %lld",
		 (long long)c->o_new);
	exec(c, sql);
	snprintf(sql, sizeof(sql), "UPDATE officer SET review_since = '2018-01-01' WHERE id = %lld",
		 (long long)c->o_case_rev);
	exec(c, sql);
	account(c, &c->off1, A_OFF1, "officer1", ZF_ROLE_OFFICER, c->o1);
	account(c, &c->off2, A_OFF2, "officer2", ZF_ROLE_OFFICER, c->o2);
	account(c, &c->leader, A_LEADER, "leader1", ZF_ROLE_LEADER, 0);
	account(c, &c->leader2, A_LEADER2, "leader2", ZF_ROLE_LEADER, 0);
	account(c, &c->rev, A_REV, "reviewer1", ZF_ROLE_REVIEWER, c->o_rev);
	account(c, &c->rev_old, A_REV_OLD, "reviewer2", ZF_ROLE_REVIEWER, c->o_old);
	account(c, &c->rev_new, A_REV_NEW, "reviewer3", ZF_ROLE_REVIEWER, c->o_new);
	account(c, &c->case_rev, A_CASE_REV, "reviewer4", ZF_ROLE_REVIEWER, c->o_case_rev);
	zf_actor_cli(&c->cli);
	return c->body && c->o_case_rev ? 0 : -1;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

static const char decision_5000[] =
	"{\"date\":\"2026-03-02\",\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
	"\"fine\":\"5000\",\"band\":\"general\",\"reason\":\"依法决定\"}";

/* Walks a case of an organisation (fine 5,000元) to just before the
 * decision; DESIGNATED: the leader designates it for legal review. */
static int64_t walk(struct ctx *c, int designated)
{
	const struct zf_violation vt = {.body_id = c->body, .code = "SZ-01", .name = "擅自占用城市道路",
					.legal_basis = "《城市道路管理条例》第二十七条",
					.penalty_basis = "《城市道路管理条例》第四十二条",
					.fine_max = 2000000, .active = 1};
	int64_t id = 0, vid = 0;
	char in[1024];
	json_t *j;

	/* One violation type per body and code: reuse it on a second walk. */
	if (zf_app_violation_save(c->app, &c->cli, &vt, &vid, &c->f.err)) {
		zf_err_clear(&c->f.err);
		vid = fixture_count(&c->f, "SELECT MIN(id) FROM violation_type");
	}
	j = J("{\"parties\":[{\"kind\":\"org\",\"name\":\"某公司\",\"uscc\":\"91350100M000100Y43\"}],"
	       "\"values\":{\"date\":\"2026-02-20\",\"source_type\":\"inspection\","
	       "\"found_on\":\"2026-02-20\",\"title\":\"某公司擅自占道案\",\"clue\":\"巡查发现\"}}");
	if (zf_app_case_open(c->app, &c->off1, "penalty_ordinary", j, &id, &c->f.err))
		fail_msg("open: %s", c->f.err.msg);
	json_decref(j);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"violation_type\":%lld,"
		 "\"act_date\":\"2026-02-20\",\"grounds\":\"有违法事实\",\"opinion\":\"同意\"%s}",
		 (long long)vid, designated ? ",\"designated\":true" : "");
	step_ok(c, &c->leader, id, "filing", in);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"officers\":[%lld,%lld]}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->leader, id, "assign_officers", in);
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-24\",\"started_at\":\"2026-02-24T09:00\","
		 "\"ended_at\":\"2026-02-24T09:40\",\"place\":\"某路\",\"officers\":[%lld,%lld],"
		 "\"present\":\"负责人\",\"rights_informed\":true,\"record\":\"占道经营\","
		 "\"party_signature\":" SIG ",\"av_exception\":\"设备故障\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, id, "site_check", in);
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-25\",\"officers\":[%lld,%lld],\"facts\":\"占道\","
		 "\"evidence\":\"笔录\",\"basis\":\"第四十二条\",\"proposal\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"5000\",\"band\":\"general\",\"reason\":\"建议\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, id, "investigation_report", in);
	step_ok(c, &c->case_rev, id, "case_review",
		"{\"date\":\"2026-02-26\",\"review_opinion\":\"agree\",\"opinion_text\":\"同意\"}");
	step_ok(c, &c->off1, id, "notice",
		"{\"date\":\"2026-02-27\",\"facts\":\"占道\",\"evidence\":\"笔录\","
		"\"basis\":\"第四十二条\",\"penalty_types\":[\"fine\"],\"fine\":\"5000\","
		"\"band\":\"general\"}");
	step_ok(c, &c->off1, id, "notice_service",
		"{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
		"\"served_on\":\"2026-03-02\",\"recipient\":\"负责人\",\"party_signature\":" SIG ","
		"\"av_exception\":\"设备故障\"}");
	step_ok(c, &c->off1, id, "statement_waiver",
		"{\"date\":\"2026-03-02\",\"statement_waived\":true,\"content\":\"放弃陈述申辩\","
		"\"party_signature\":" SIG "}");
	return id;
}

static const char full_package[] =
	"{\"situation\":\"某公司占道经营\",\"evidence\":\"现场检查笔录\",\"basis\":\"第四十二条\","
	"\"discretion\":\"一般情节，罚款5000元\",\"draft\":\"行政处罚决定书草稿\"}";

static int64_t submit(struct ctx *c, const struct zf_actor *actor, int64_t case_id,
		      const char *package)
{
	json_t *p = J(package);
	int64_t id = 0;

	zf_err_clear(&c->f.err);
	if (zf_app_review_submit(c->app, actor, case_id, p, &id, &c->f.err))
		id = 0;
	json_decref(p);
	return id;
}

static int assign(struct ctx *c, const struct zf_actor *actor, int64_t rid, int64_t officer)
{
	zf_err_clear(&c->f.err);
	int rc = zf_app_review_assign(c->app, actor, rid, officer, &c->f.err);
	if (rc && getenv("ZF_TEST_VERBOSE"))
		fprintf(stderr, "assign: %s\n", c->f.err.msg);
	return rc;
}

static int checklist(struct ctx *c, const struct zf_actor *actor, int64_t rid, size_t from,
		     size_t to)
{
	json_t *a = json_object();
	int rc;

	for (size_t i = from; i < to; i++)
		json_object_set_new(a, zf_review_check_key(i),
				    json_pack("{s:s,s:s}", "answer", i == 7 ? "na" : "yes", "note",
					      "经审查符合规定"));
	zf_err_clear(&c->f.err);
	rc = zf_app_review_checklist(c->app, actor, rid, a, &c->f.err);
	json_decref(a);
	return rc;
}

static int conclude(struct ctx *c, const struct zf_actor *actor, int64_t rid, const char *in)
{
	json_t *j = J(in);
	int rc;

	zf_err_clear(&c->f.err);
	rc = zf_app_review_conclude(c->app, actor, rid, j, &c->f.err);
	if (rc && getenv("ZF_TEST_VERBOSE"))
		fprintf(stderr, "conclude: %s (%s)\n", c->f.err.msg,
			c->f.err.nfields ? c->f.err.fields[0].field : "");
	json_decref(j);
	return rc;
}

static int64_t writes(struct ctx *c)
{
	return fixture_count(&c->f, "SELECT (SELECT COUNT(*) FROM history WHERE entity LIKE "
				    "'review%') * 1000 + (SELECT COUNT(*) FROM log_pending)");
}

/* A case no catalog rule catches is decided without any review. */
static void test_not_major_not_held(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 0);

	step_ok(c, &c->leader, id, "decision", decision_5000);
}

/* The whole path: refused without review, incomplete package, assignment
 * rules, checklist before outcome, 纠正 keeps the gate shut (a collective
 * discussion too), resubmission, 同意 opens it, a changed proposal voids it. */
static void test_gate_paths(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 1), rid, rid2, did = 0;
	char in[512];

	/* Major (designated) and never submitted: refused, naming the rule. */
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "重大执法决定"));
	assert_non_null(strstr(c->f.err.msg, "负责人指定"));
	assert_non_null(strstr(c->f.err.msg, "尚未提交法制审核"));
	assert_non_null(zf_err_field_msg(&c->f.err, "legal_review"));

	/* Incomplete package: each missing part named. */
	int64_t before = writes(c);
	assert_int_equal(submit(c, &c->off1, id, "{\"situation\":\"某公司占道经营\",\"basis\":\"第四十二条\"}"), 0);
	assert_int_equal(c->f.err.code, ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "证据清单"));
	assert_non_null(strstr(c->f.err.msg, "决定书草稿"));
	assert_non_null(zf_err_field_msg(&c->f.err, "package.evidence"));
	assert_non_null(zf_err_field_msg(&c->f.err, "package.discretion"));
	assert_null(zf_err_field_msg(&c->f.err, "package.situation"));
	assert_int_equal(writes(c), before);
	/* Not by a reviewer. */
	assert_int_equal(submit(c, &c->rev, id, full_package), 0);
	assert_int_equal(c->f.err.code, ZF_EDENIED);

	rid = submit(c, &c->off1, id, full_package);
	if (!rid)
		fail_msg("submit: %s", c->f.err.msg);
	assert_true(writes(c) > before);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "尚未作出审核意见"));

	/* Assignment: a handler, a post-2021 reviewer without qualification refused. */
	assert_int_equal(assign(c, &c->leader, rid, c->o1), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "reviewer"), "承办或者办理过本案"));
	assert_int_equal(assign(c, &c->leader, rid, c->o_new), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "reviewer"), "第五十八条第二款"));
	assert_int_equal(assign(c, &c->off2, rid, c->o_rev), ZF_EDENIED); /* not the submitter */
	/* Pre-2021 start date without qualification: allowed; the case reviewer too. */
	assert_int_equal(assign(c, &c->leader, rid, c->o_old), 0);
	assert_int_equal(assign(c, &c->leader, rid, c->o_case_rev), 0);
	assert_int_equal(assign(c, &c->off1, rid, c->o_rev), 0);

	/* Only the assigned reviewer; no outcome before the eight points. */
	assert_int_equal(checklist(c, &c->rev_old, rid, 0, 8), ZF_EDENIED);
	assert_int_equal(conclude(c, &c->rev, rid, "{\"outcome\":\"agree\",\"opinion\":\"同意\"}"),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "checklist"));
	assert_int_equal(checklist(c, &c->rev, rid, 0, 5), 0);
	assert_int_equal(conclude(c, &c->rev, rid, "{\"outcome\":\"agree\",\"opinion\":\"同意\"}"),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "checklist"), "执法是否超越"));
	json_t *bad = J("{\"law\":{\"answer\":\"maybe\",\"note\":\"x\"},\"powers\":{\"answer\":\"yes\"}}");
	assert_int_equal(zf_app_review_checklist(c->app, &c->rev, rid, bad, &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "checklist.law"));
	assert_non_null(zf_err_field_msg(&c->f.err, "checklist.powers"));
	json_decref(bad);
	assert_int_equal(checklist(c, &c->rev, rid, 5, 8), 0);
	/* 纠正 needs the corrections listed; then the gate stays shut. */
	assert_int_equal(conclude(c, &c->rev, rid, "{\"outcome\":\"correct\",\"opinion\":\"裁量不当\"}"),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "corrections"));
	assert_int_equal(conclude(c, &c->rev, rid,
				  "{\"outcome\":\"correct\",\"opinion\":\"裁量理由不充分\","
				  "\"corrections\":\"补充裁量理由\"}"),
			 0);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_document WHERE "
					      "doc_type = 'legal_review_opinion' AND number <> ''"),
			 1);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "纠正"));

	/* Disagreement and a collective discussion do not open the gate. */
	assert_int_equal(zf_app_review_disagree(c->app, &c->rev, rid, "不同意", &did, &c->f.err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_review_disagree(c->app, &c->off1, rid, "裁量理由已经充分", &did,
						&c->f.err),
			 0);
	snprintf(in, sizeof(in),
		 "{\"kind\":\"coordination\",\"disagreement_id\":%lld,\"held_on\":\"2026-03-02\","
		 "\"chair\":%d,\"attendees\":[{\"account_id\":%d,\"opinion\":\"维持原拟处理意见\"}],"
		 "\"reviewer_heard\":\"坚持纠正意见\",\"conclusion\":\"revise_proposal\"}",
		 (long long)did, A_LEADER, A_LEADER);
	json_t *disc = J(in);
	int64_t disc_id = 0;
	assert_int_equal(zf_app_review_discuss(c->app, &c->leader, id, disc, &disc_id, &c->f.err),
			 ZF_EINVAL); /* one of two leaders: no quorum */
	assert_non_null(zf_err_field_msg(&c->f.err, "attendees"));
	json_decref(disc);
	snprintf(in, sizeof(in),
		 "{\"kind\":\"coordination\",\"disagreement_id\":%lld,\"held_on\":\"2026-03-02\","
		 "\"chair\":%d,\"attendees\":[{\"account_id\":%d,\"opinion\":\"维持原拟处理意见\"},"
		 "{\"account_id\":%d,\"opinion\":\"同意维持\"}],"
		 "\"reviewer_heard\":\"坚持纠正意见\",\"conclusion\":\"revise_proposal\"}",
		 (long long)did, A_LEADER, A_LEADER, A_LEADER2);
	disc = J(in);
	assert_int_equal(zf_app_review_discuss(c->app, &c->leader, id, disc, &disc_id, &c->f.err), 0);
	json_decref(disc);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM review_disagreement WHERE "
					      "state = 'resolved' AND resolution = 'revise_proposal'"),
			 1);
	/* The coordination is the case's discussion step: numbered minutes,
	 * each attendee's opinion, no art. 57 conclusion. */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_document WHERE "
					      "doc_type = 'discussion_record' AND number <> ''"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM review_discussion WHERE "
					      "kind = 'coordination' AND minutes_json LIKE "
					      "'%维持原拟处理意见%' AND minutes_json LIKE '%同意维持%'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_step WHERE code = "
					      "'discussion' AND values_json LIKE '%coordination%'"),
			 1);

	/* Resubmission: version 2; 同意 opens the gate for that proposal only. */
	rid2 = submit(c, &c->off1, id, full_package);
	assert_true(rid2 > rid);
	assert_int_equal(fixture_count(&c->f, "SELECT MAX(version) FROM review"), 2);
	assert_int_equal(assign(c, &c->leader, rid2, c->o_rev), 0);
	assert_int_equal(checklist(c, &c->rev, rid2, 0, 8), 0);
	int64_t adv = 0;
	json_t *ask = J("{\"name\":\"周律师\",\"kind\":\"counsel\",\"organisation\":\"某律师事务所\","
			 "\"question\":\"裁量是否适当\"}");
	assert_int_equal(zf_app_review_adviser_ask(c->app, &c->rev, rid2, ask, &adv, &c->f.err), 0);
	json_decref(ask);
	assert_int_equal(zf_app_review_adviser_answer(c->app, &c->rev, adv, "裁量适当", &c->f.err), 0);
	assert_int_equal(conclude(c, &c->rev, rid2, "{\"outcome\":\"agree\",\"opinion\":\"同意\"}"), 0);
	/* A lighter fine than reviewed: the proposal changed, refused. */
	assert_int_equal(step(c, &c->leader, id, "decision",
			      "{\"date\":\"2026-03-02\",\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
			      "\"fine\":\"4000\",\"band\":\"general\",\"reason\":\"依法决定\"}"),
			 ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "不一致"));
	assert_true(zf_str_utf8_ok(c->f.err.msg, strlen(c->f.err.msg), 0));
	step_ok(c, &c->leader, id, "decision", decision_5000);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_document WHERE "
					      "doc_type = 'legal_review_opinion' AND number <> ''"),
			 2);
	/* Every write of the workflow: a history row with its log entry. */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity LIKE 'review%'"),
			 15);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history h WHERE entity LIKE "
					      "'review%' AND salt IS NULL"),
			 0);
}

/* A revised opinion after coordination is a new version for the same
 * reviewer; its 同意 opens the gate. 移送 needs the receiving authority. */
static void test_revised_opinion_and_transfer(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 1), rid, did = 0, disc_id = 0;
	char in[512];

	rid = submit(c, &c->leader, id, full_package);
	assert_true(rid > 0);
	assert_int_equal(assign(c, &c->leader, rid, c->o_rev), 0);
	assert_int_equal(checklist(c, &c->rev, rid, 0, 8), 0);
	assert_int_equal(conclude(c, &c->rev, rid, "{\"outcome\":\"transfer\",\"opinion\":\"应移送\"}"),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "transfer_to"));
	assert_int_equal(conclude(c, &c->rev, rid,
				  "{\"outcome\":\"correct\",\"opinion\":\"须纠正\",\"corrections\":\"补证\"}"),
			 0);
	assert_int_equal(zf_app_review_disagree(c->app, &c->leader, rid, "证据已充分", &did, &c->f.err),
			 0);
	snprintf(in, sizeof(in),
		 "{\"kind\":\"coordination\",\"disagreement_id\":%lld,\"held_on\":\"2026-03-02\","
		 "\"chair\":%d,\"attendees\":[{\"account_id\":%d,\"opinion\":\"证据充分\"},"
		 "{\"account_id\":%d,\"opinion\":\"同意\"}],\"reviewer_heard\":\"可以重新审核\","
		 "\"conclusion\":\"revise_opinion\",\"conclusion_text\":\"由法制审核机构重新审核\"}",
		 (long long)did, A_LEADER2, A_LEADER, A_LEADER2);
	json_t *disc = J(in);
	assert_int_equal(zf_app_review_discuss(c->app, &c->leader2, id, disc, &disc_id, &c->f.err), 0);
	json_decref(disc);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	int64_t rid2 = fixture_count(&c->f, "SELECT MAX(id) FROM review");
	assert_true(rid2 > rid);
	assert_int_equal(checklist(c, &c->rev, rid2, 0, 8), 0);
	assert_int_equal(conclude(c, &c->rev, rid2, "{\"outcome\":\"agree\",\"opinion\":\"经协调，同意\"}"),
			 0);
	step_ok(c, &c->leader, id, "decision", decision_5000);

	struct zf_review_disagreement *list = NULL;
	size_t n = 0;
	struct zf_actor sup;
	fixture_actor(&sup, 99, "supervisor1", ZF_ROLE_SUPERVISOR, c->body + 100, 0);
	assert_int_equal(zf_app_review_disagreements(c->app, &sup, c->f.a, &list, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].resolution, "revise_opinion");
	assert_int_equal(zf_app_review_disagreements(c->app, &c->off1, c->f.a, &list, &n, &c->f.err),
			 ZF_EDENIED);
}

/* A case suspected of a crime is major; 移送 must go to a judicial organ. */
static void test_crime_transfer(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 0), rid;
	char in[1024];

	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-03-02\",\"officers\":[%lld,%lld],\"facts\":\"占道\","
		 "\"evidence\":\"笔录\",\"basis\":\"第四十二条\",\"proposal\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"5000\",\"band\":\"general\","
		 "\"crime_suspected\":true,\"reason\":\"建议\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, id, "investigation_report", in);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "涉嫌犯罪"));
	rid = submit(c, &c->off2, id, full_package);
	assert_true(rid > 0);
	assert_int_equal(assign(c, &c->leader, rid, c->o_rev), 0);
	assert_int_equal(checklist(c, &c->rev, rid, 0, 8), 0);
	assert_int_equal(conclude(c, &c->rev, rid,
				  "{\"outcome\":\"transfer\",\"opinion\":\"涉嫌犯罪\",\"transfer_to\":\"某市场监管局\"}"),
			 ZF_EINVAL);
	assert_int_equal(conclude(c, &c->rev, rid,
				  "{\"outcome\":\"transfer\",\"opinion\":\"涉嫌犯罪\",\"transfer_to\":\"某县公安局\","
				  "\"transfer_judicial\":true}"),
			 0);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM review WHERE transfer_no <> ''"), 1);
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "移送"));
}

/* The gate's evaluation names the matching rules: codes and labels stay
 * valid after the catalog is released, also in a copy. */
static void test_gate_matches(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 1);
	struct zf_review_gate *g = calloc(2, sizeof(*g));
	struct zf_tx tx;
	json_t *facts = J("{\"designated\":true,\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
			   "\"fine\":500000,\"band\":\"general\",\"party_kind\":\"org\"}");

	assert_non_null(g);
	assert_int_equal(zf_tx_begin(&tx, c->app, &c->leader, &c->f.err), 0);
	assert_int_equal(zf_app_review_gate(&tx, id, c->body, facts, &g[0], &c->f.err), ZF_EINVAL);
	zf_tx_end(&tx, ZF_EINVAL, &c->f.err);
	json_decref(facts);
	assert_int_equal(g[0].major, 1);
	assert_int_equal(g[0].nmatches, 1);
	assert_non_null(g[0].matches[0].code);
	assert_string_equal(g[0].matches[0].code, "designated");
	assert_non_null(g[0].matches[0].label);
	assert_non_null(strstr(g[0].matches[0].label, "指定"));
	assert_true(g[0].matches[0].why[0] != '\0');
	zf_review_gate_copy(&g[1], &g[0]);
	memset(&g[0], 0, sizeof(g[0]));
	assert_ptr_equal(g[1].matches[0].code, g[1].codes[0]);
	assert_string_equal(g[1].matches[0].code, "designated");
	assert_non_null(strstr(g[1].matches[0].label, "指定"));
	free(g);
}

/* Discussion input: KIND, DISAGREEMENT (0: none), CHAIR, the ATTENDEES
 * (account ids, 0-terminated), CONCLUSION, DEPUTY. */
static json_t *discussion_in(const char *kind, int64_t disagreement, int chair, const int *att,
			     const char *conclusion, int deputy)
{
	json_t *in = json_pack("{s:s,s:s,s:i,s:b,s:s,s:s,s:s,s:s}", "kind", kind, "held_on",
			       "2026-03-02", "chair", chair, "chair_deputy", deputy, "conclusion",
			       conclusion, "conclusion_text", "经集体讨论决定", "reviewer_heard",
			       "法制审核人员坚持纠正意见", "place", "第一会议室");
	json_t *arr = json_array();

	for (size_t i = 0; att[i]; i++)
		json_array_append_new(arr, json_pack("{s:i,s:s}", "account_id", att[i], "opinion",
						     i ? "同意" : "依法处理"));
	json_object_set_new(in, "attendees", arr);
	if (disagreement)
		json_object_set_new(in, "disagreement_id", json_integer(disagreement));
	return in;
}

static int discuss(struct ctx *c, const struct zf_actor *actor, int64_t case_id, json_t *in)
{
	int64_t did = 0;

	zf_err_clear(&c->f.err);
	int rc = zf_app_review_discuss(c->app, actor, case_id, in, &did, &c->f.err);
	if (rc && getenv("ZF_TEST_VERBOSE"))
		fprintf(stderr, "discuss: %s (%s)\n", c->f.err.msg,
			c->f.err.nfields ? c->f.err.fields[0].field : "");
	json_decref(in);
	return rc;
}

/* Art. 57: a 情节复杂 case is decided only after a collective discussion
 * recorded through the same record as coordination (quorum, chair, each
 * opinion, numbered 集体讨论笔录), and only as it concluded; a discussion
 * never opens the gate after a 纠正. */
static void test_art57_discussion(void **state)
{
	struct ctx *c = *state;
	int64_t id = walk(c, 1), rid;
	char in[1024];
	static const int one[] = {A_LEADER, 0}, both[] = {A_LEADER, A_LEADER2, 0};

	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-03-02\",\"officers\":[%lld,%lld],\"facts\":\"占道\","
		 "\"evidence\":\"笔录\",\"basis\":\"第四十二条\",\"proposal\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"5000\",\"band\":\"general\","
		 "\"collective_required\":true,\"reason\":\"建议\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, id, "investigation_report", in);
	/* The discussion step is the workflow's: not performed by hand. */
	assert_int_equal(step(c, &c->leader, id, "discussion",
			      "{\"date\":\"2026-03-02\",\"chair_name\":\"leader1\",\"attendees\":\"leader1\","
			      "\"record\":\"讨论\",\"conclusion\":\"penalty\"}"),
			 ZF_ECONFLICT);
	/* A 纠正 on the (designated, major) proposal. */
	rid = submit(c, &c->off1, id, full_package);
	assert_true(rid > 0);
	assert_int_equal(assign(c, &c->leader, rid, c->o_rev), 0);
	assert_int_equal(checklist(c, &c->rev, rid, 0, 8), 0);
	assert_int_equal(conclude(c, &c->rev, rid,
				  "{\"outcome\":\"correct\",\"opinion\":\"须纠正\",\"corrections\":\"补证\"}"),
			 0);

	int64_t w0 = writes(c);
	/* Not by a handler; no quorum; a chair not among the attendees. */
	assert_int_equal(discuss(c, &c->off1, id, discussion_in("art57", 0, A_LEADER, both, "penalty", 0)),
			 ZF_EDENIED);
	assert_int_equal(discuss(c, &c->leader, id, discussion_in("art57", 0, A_LEADER, one, "penalty", 0)),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "attendees"), "不足法定人数"));
	assert_int_equal(discuss(c, &c->leader, id, discussion_in("art57", 0, A_OFF1, both, "penalty", 0)),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "chair"));
	/* The 主要负责人 is leader2: leader1 chairs only as designated deputy. */
	json_t *st = J("{\"principal_leader\":\"leader2\"}");
	assert_int_equal(zf_app_case_settings_set(c->app, &c->leader, c->body, st, NULL, &c->f.err), 0);
	json_decref(st);
	int64_t w1 = writes(c);
	assert_int_equal(discuss(c, &c->leader, id, discussion_in("art57", 0, A_LEADER, both, "penalty", 0)),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "chair"), "leader2"));
	assert_int_equal(writes(c), w1);
	assert_true(w1 - w0 < 1000); /* the settings change only: no review row */
	int64_t hist = fixture_count(&c->f, "SELECT COUNT(*) FROM history");
	int64_t pend = fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending");
	assert_int_equal(discuss(c, &c->leader, id, discussion_in("art57", 0, A_LEADER, both, "penalty", 1)),
			 0);
	/* One record: the discussion row, the case's discussion step with its
	 * numbered minutes, each a history row with its log entry. */
	int64_t dh = fixture_count(&c->f, "SELECT COUNT(*) FROM history") - hist;
	assert_true(dh >= 2);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending") - pend, dh);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = "
					      "'review_discussion' AND action = 'review_discussion'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = "
					      "'case_step' AND action = 'step_discussion'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM review_discussion WHERE "
					      "kind = 'art57' AND conclusion = 'penalty'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_step WHERE code = 'discussion'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_document WHERE "
					      "doc_type = 'discussion_record' AND number <> ''"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM review_discussion WHERE "
					      "record_json LIKE '%minutes_no%' AND record_json "
					      "LIKE '%同意%'"),
			 1);
	/* The discussion does not open the gate after the 纠正. */
	assert_int_equal(step(c, &c->leader, id, "decision", decision_5000), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "legal_review"));
	/* A decision other than the conclusion is refused (art. 57(2)). */
	assert_int_equal(step(c, &c->leader, id, "decision_other",
			      "{\"date\":\"2026-03-02\",\"decision\":\"transfer\",\"transfer_to\":\"某县公安局\","
			      "\"reason\":\"移送\"}"),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "values.decision"), "集体讨论"));
	/* Resubmitted and agreed: the decision follows the conclusion. */
	rid = submit(c, &c->off1, id, full_package);
	assert_true(rid > 0);
	assert_int_equal(assign(c, &c->leader, rid, c->o_rev), 0);
	assert_int_equal(checklist(c, &c->rev, rid, 0, 8), 0);
	assert_int_equal(conclude(c, &c->rev, rid, "{\"outcome\":\"agree\",\"opinion\":\"同意\"}"), 0);
	step_ok(c, &c->leader, id, "decision", decision_5000);
	/* No discussion after the decision. */
	assert_int_equal(discuss(c, &c->leader, id, discussion_in("art57", 0, A_LEADER2, both, "penalty", 0)),
			 ZF_ECONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_major_not_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revised_opinion_and_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crime_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_matches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_art57_discussion, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
