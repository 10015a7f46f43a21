/* Unit tests of the publication use cases (app/publication.c, pub_draft.c, pub_correction.c) on a decided ordinary penalty under the shipped definition: drafts and their due dates, who may publish, the exact bytes and their commitment, redaction that never leaks, withdrawal after revocation, expiry, removal, rejection and correction requests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/case.h"
#include "app/maintain.h"
#include "app/publication.h"
#include "app/registry.h"
#include "core/role.h"
#include "ledger/entry.h"
#include "store/publication.h"
#include "store_fixture.h"
#include "unit_json.h"

/* 2026-03-02 10:00 Beijing time (a Monday). */
#define T_0302 1772416800
#define DAY 86400

#define PERSON_ID "110101199003078515"
#define PHONE "13912345678"
#define ADDRESS "鹊桥巷七号院"
#define SIG "{\"strokes\":[[10,10,50,40]],\"w\":300,\"h\":100}"

struct ctx {
	struct fixture f;
	char data[80];
	struct zf_app *app;
	int64_t body, o1, o2, o3;
	struct zf_actor off1, leader, reviewer, pubr, pub_handler, cli, anyone;
	int64_t case_id, pub_id;
};


static void step_ok(struct ctx *c, const struct zf_actor *actor, const char *code,
		    const char *values)
{
	json_t *j = J(values);
	int rc = zf_app_case_step(c->app, actor, c->case_id, code, j, 0, NULL, &c->f.err);

	json_decref(j);
	if (rc)
		fail_msg("step %s: %s (%s)", code, c->f.err.msg,
			 c->f.err.nfields ? c->f.err.fields[0].field : "");
}

/* V as decimal text in the fixture's arena, to bind. */
static const char *num(struct ctx *c, int64_t v)
{
	const char *t = zf_arena_printf(c->f.a, "%lld", (long long)v);
	assert_non_null(t);
	return t;
}

static int64_t count(struct ctx *c, const char *sql, ...) __attribute__((sentinel));

/* The integer SQL (a string literal with '?' markers) answers, with the text
 * arguments that follow, up to a NULL, bound to the markers in order (an
 * integer as text: CAST(? AS INTEGER) in the SQL, num() for the value). */
static int64_t count(struct ctx *c, const char *sql, ...)
{
	struct zf_stmt *st;
	const char *v;
	int64_t n = -1;
	int idx = 1;
	va_list ap;

	assert_int_equal(zf_db_prepare(c->f.db, &st, sql, &c->f.err), 0);
	va_start(ap, sql);
	while ((v = va_arg(ap, const char *)))
		assert_int_equal(zf_stmt_bind_text(st, idx++, v), 0);
	va_end(ap);
	assert_int_equal(zf_stmt_one_i64(st, &n, &c->f.err), 0);
	return n;
}

/* A person's ordinary penalty from the source to the decision document (2026-03-02). */
static void decide(struct ctx *c)
{
	const struct zf_violation vt = {.body_id = c->body, .code = "SZ-01", .name = "擅自占用城市道路",
					.legal_basis = "《城市道路管理条例》第二十七条",
					.penalty_basis = "《城市道路管理条例》第四十二条",
					.fine_max = 2000000, .active = 1};
	int64_t vid = 0;
	char in[1024];

	if (zf_app_violation_save(c->app, &c->cli, &vt, &vid, &c->f.err))
		fail_msg("violation: %s", c->f.err.msg);
	json_t *j = J("{\"parties\":[{\"kind\":\"person\",\"name\":\"孙八\",\"id_type\":\"id_card\","
		       "\"id_number\":\"" PERSON_ID "\",\"address\":\"" ADDRESS "\",\"phone\":\"" PHONE "\"}],"
		       "\"values\":{\"date\":\"2026-02-20\",\"source_type\":\"inspection\","
		       "\"found_on\":\"2026-02-20\",\"title\":\"孙八擅自占道案\",\"clue\":\"巡查发现\"}}");
	if (zf_app_case_open(c->app, &c->off1, "penalty_ordinary", j, &c->case_id, &c->f.err))
		fail_msg("open: %s", c->f.err.msg);
	json_decref(j);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"violation_type\":%lld,"
		 "\"act_date\":\"2026-02-20\",\"grounds\":\"有违法事实\",\"opinion\":\"同意\"}",
		 (long long)vid);
	step_ok(c, &c->leader, "filing", in);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"officers\":[%lld,%lld]}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->leader, "assign_officers", in);
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-24\",\"started_at\":\"2026-02-24T09:00\","
		 "\"ended_at\":\"2026-02-24T09:40\",\"place\":\"某路\",\"officers\":[%lld,%lld],"
		 "\"present\":\"当事人\",\"rights_informed\":true,\"record\":\"占道经营\","
		 "\"party_signature\":" SIG ",\"av_exception\":\"设备故障\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, "site_check", in);
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-25\",\"officers\":[%lld,%lld],\"facts\":\"占道\","
		 "\"evidence\":\"笔录\",\"basis\":\"第四十二条\",\"proposal\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"2000\",\"band\":\"general\",\"reason\":\"建议\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, "investigation_report", in);
	step_ok(c, &c->reviewer, "case_review",
		"{\"date\":\"2026-02-26\",\"review_opinion\":\"agree\",\"opinion_text\":\"同意\"}");
	step_ok(c, &c->off1, "notice",
		"{\"date\":\"2026-02-27\",\"facts\":\"占道\",\"evidence\":\"笔录\","
		"\"basis\":\"第四十二条\",\"penalty_types\":[\"fine\"],\"fine\":\"2000\","
		"\"band\":\"general\"}");
	step_ok(c, &c->off1, "notice_service",
		"{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
		"\"served_on\":\"2026-03-02\",\"recipient\":\"孙八\",\"party_signature\":" SIG ","
		"\"av_exception\":\"设备故障\"}");
	step_ok(c, &c->off1, "statement_waiver",
		"{\"date\":\"2026-03-02\",\"statement_waived\":true,\"content\":\"放弃陈述申辩\","
		"\"party_signature\":" SIG "}");
	step_ok(c, &c->leader, "decision",
		"{\"date\":\"2026-03-02\",\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
		"\"fine\":\"2000\",\"band\":\"general\",\"reason\":\"依法决定\"}");
	step_ok(c, &c->off1, "penalty_document",
		"{\"date\":\"2026-03-02\",\"facts\":\"当事人孙八（联系电话" PHONE "）在" ADDRESS
		"门前占道\",\"evidence\":\"笔录\",\"statements\":\"放弃\",\"basis\":\"第四十二条\","
		"\"performance\":\"十五日内缴纳\"}");
	c->pub_id = count(c, "SELECT COALESCE(MAX(id), 0) FROM publication WHERE case_id = "
			  "CAST(? AS INTEGER)", num(c, c->case_id), NULL);
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = T_0302;
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->o1 = fixture_officer(c->f.db, c->body, "张三", "14052400101");
	c->o2 = fixture_officer(c->f.db, c->body, "李四", "14052400102");
	c->o3 = fixture_officer(c->f.db, c->body, "王五", "14052400103");
	fixture_actor(&c->off1, 11, "officer1", ZF_ROLE_OFFICER, c->body, c->o1);
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->reviewer, 15, "reviewer1", ZF_ROLE_REVIEWER, c->body, 0);
	fixture_actor(&c->pubr, 17, "publisher1", ZF_ROLE_PUBLISHER, c->body, 0);
	/* a publisher who is also one of the case's officers */
	fixture_actor(&c->pub_handler, 18, "publisher2", ZF_ROLE_PUBLISHER, c->body, c->o2);
	fixture_actor(&c->anyone, 0, "", ZF_ROLE_NONE, 0, 0);
	zf_actor_cli(&c->cli);
	if (!c->o3)
		return -1;
	decide(c);
	return c->pub_id ? 0 : -1;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

/* Sets the clock to 10:00 Beijing time of ISO (YYYY-MM-DD) plus DAYS days. */
static void clock_on(struct ctx *c, const char *iso, int days)
{
	struct zf_date d;

	assert_int_equal(zf_date_parse(iso, &d), 0);
	c->app->clock.fixed = (zf_date_days(d) + days) * DAY + 2 * 3600;
}

/* None of the party's hidden values in any column of the publication, its
 * grams, its history rows or the record log's pending and integrated entries. */
static void assert_no_leak(struct ctx *c)
{
	static const char *const values[] = {PERSON_ID, PHONE, ADDRESS};
	for (size_t i = 0; i < 3; i++) {
		char v[64]; /* "%VALUE%": the values hold no LIKE wildcard */
		snprintf(v, sizeof(v), "%%%s%%", values[i]);
		assert_int_equal(count(c, "SELECT COUNT(*) FROM publication WHERE text LIKE ? OR "
					    "title LIKE ? OR party_name LIKE ? OR hidden LIKE ? OR "
					    "end_reason LIKE ?", v, v, v, v, v, NULL), 0);
		assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = "
					    "'publication' AND after_json LIKE ?", v, NULL), 0);
		assert_int_equal(count(c, "SELECT (SELECT COUNT(*) FROM log_pending WHERE entry "
					    "LIKE ?) + (SELECT COUNT(*) FROM log_leaf WHERE entry LIKE ?)",
					    v, v, NULL), 0);
	}
	/* the address's bigrams are not searchable */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM publication_gram WHERE gram IN "
			       "('鹊桥', '桥巷', '鹊')", NULL), 0);
}

static void test_draft_due_in_seven_working_days(void **state)
{
	struct ctx *c = *state;
	struct zf_publication p;
	struct zf_pub_extra x;

	assert_int_equal(zf_app_pub_get_extra(c->app, &c->pubr, c->f.a, c->pub_id, &p, &x, &c->f.err), 0);
	assert_string_equal(p.state, "draft");
	assert_string_equal(p.decided_on, "2026-03-02");
	assert_string_equal(p.due_on, "2026-03-11"); /* Mon + 7 working days */
	assert_non_null(strstr(p.text, "孙八"));
	assert_non_null(strstr(x.hidden, "证件号码"));
	assert_non_null(strstr(x.hidden, "联系电话"));
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'publication' AND "
			      "action = 'publication_draft' AND entity_id = CAST(? AS INTEGER)",
			      num(c, c->pub_id), NULL), 1);
	assert_no_leak(c);
}

static void test_who_may_publish(void **state)
{
	struct ctx *c = *state;
	int64_t before = count(c, "SELECT COUNT(*) FROM history", NULL);

	assert_int_equal(zf_app_pub_publish(c->app, &c->leader, c->pub_id, NULL, 0, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_pub_publish(c->app, &c->off1, c->pub_id, NULL, 0, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_pub_publish(c->app, &c->pub_handler, c->pub_id, NULL, 0, &c->f.err), ZF_EDENIED);
	assert_non_null(strstr(c->f.err.msg, "承办或参与办理"));
	assert_int_equal(zf_app_pub_handled(c->app, &c->pub_handler, c->case_id, &c->f.err), 1);
	assert_int_equal(zf_app_pub_handled(c->app, &c->pubr, c->case_id, &c->f.err), 0);
	/* an identifier left in an edited text is refused, naming it */
	assert_int_equal(zf_app_pub_publish(c->app, &c->pubr, c->pub_id, "当事人身份证号 " PERSON_ID "。", 0,
					    &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "text"));
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "text"), "公示文本仍含有"));
	/* a stale version */
	assert_int_equal(zf_app_pub_publish(c->app, &c->pubr, c->pub_id, NULL, 99, &c->f.err), ZF_ECONFLICT);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history", NULL), before);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM publication WHERE state = 'draft'", NULL), 1);
}

/* Publishes the draft with TEXT as publisher1. */
static void publish(struct ctx *c, const char *text)
{
	if (zf_app_pub_publish(c->app, &c->pubr, c->pub_id, text, 0, &c->f.err))
		fail_msg("publish: %s", c->f.err.msg);
}

static void test_publish_commits_to_exact_bytes(void **state)
{
	struct ctx *c = *state;
	const char *text = "行政处罚决定书（审核后）\n当事人：孙八\n罚款：2,000.00元\n";
	struct zf_publication p;
	char commit[65];

	publish(c, text);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	assert_string_equal(p.state, "published");
	assert_string_equal(p.text, text);
	assert_int_equal(strlen(p.salt), 64);
	assert_true(p.history_id > 0);
	assert_true(strcmp(p.period_end, "2026-03-02") > 0);
	/* the history row's data is exactly the text, and the log entry commits to it */
	char hid[24];
	snprintf(hid, sizeof(hid), "%lld", (long long)p.history_id);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE id = ? AND action = "
				    "'publication_publish' AND after_json = ? AND salt = ?",
				    hid, text, p.salt, NULL), 1);
	assert_int_equal(zf_entry_commit(p.salt, text, strlen(text), commit), 0);
	char like[256]; /* the entry's lines; a digest and a number hold no LIKE wildcard */
	snprintf(like, sizeof(like), "%%record history:%lld\ncommit %s\n%%",
		 (long long)p.history_id, commit);
	assert_int_equal(count(c, "SELECT (SELECT COUNT(*) FROM log_pending WHERE entry LIKE ?) "
				    "+ (SELECT COUNT(*) FROM log_leaf WHERE entry LIKE ?)",
				    like, like, NULL), 1);
	/* the public read and search see it; two characters of the party's name find it */
	struct zf_publication pub;
	assert_int_equal(zf_app_pub_public(c->app, c->f.a, c->pub_id, &pub, &c->f.err), 0);
	assert_string_equal(pub.text, text);
	struct zf_pub_query q = {.q = "孙八"};
	struct zf_publication *rows = NULL;
	size_t n = 0;
	assert_int_equal(zf_app_pub_search(c->app, c->f.a, &q, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_true(count(c, "SELECT COUNT(*) FROM publication_gram WHERE publication_id = "
			  "CAST(? AS INTEGER)", num(c, c->pub_id), NULL) > 0);
	/* published once only */
	assert_int_equal(zf_app_pub_publish(c->app, &c->pubr, c->pub_id, NULL, 0, &c->f.err), ZF_ECONFLICT);
	assert_no_leak(c);
}

static void test_revocation_withdrawal(void **state)
{
	struct ctx *c = *state;
	struct zf_publication p;
	struct zf_pub_extra x;

	publish(c, NULL);
	c->app->clock.fixed = T_0302 + 3 * DAY; /* Thu 2026-03-05 */
	step_ok(c, &c->leader, "revocation",
		"{\"date\":\"2026-03-05\",\"revocation\":\"revoke\",\"decision_ref\":\"测试局罚决〔2026〕1号\","
		"\"cause\":\"self\",\"reason\":\"事实认定有误\"}");
	assert_int_equal(zf_app_pub_get_extra(c->app, &c->pubr, c->f.a, c->pub_id, &p, &x, &c->f.err), 0);
	assert_string_equal(p.state, "published");
	assert_string_equal(x.withdraw_due, "2026-03-10"); /* Thu + 3 working days */
	assert_true(*x.withdraw_reason);
	/* the publication is in the publisher's queue */
	struct zf_publication *rows = NULL;
	size_t n = 0;
	assert_int_equal(zf_app_pub_queue(c->app, &c->pubr, c->f.a, NULL, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	/* an officer cannot end it; the publisher withdraws with the recorded reason */
	assert_int_equal(zf_app_pub_end(c->app, &c->off1, c->pub_id, "withdrawn", NULL, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_pub_end(c->app, &c->pubr, c->pub_id, "withdrawn", NULL, &c->f.err), 0);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	assert_string_equal(p.state, "withdrawn");
	assert_string_equal(p.text, "");
	assert_string_equal(p.salt, "");
	assert_string_equal(p.end_reason, x.withdraw_reason);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM publication_gram WHERE publication_id = "
			       "CAST(? AS INTEGER)", num(c, c->pub_id), NULL), 0);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'publication' AND "
			      "action = 'publication_withdraw' AND entity_id = CAST(? AS INTEGER)",
			      num(c, c->pub_id), NULL), 1);
	/* the public sees the state and the reason, no text */
	struct zf_publication pub;
	assert_int_equal(zf_app_pub_public(c->app, c->f.a, c->pub_id, &pub, &c->f.err), 0);
	assert_string_equal(pub.state, "withdrawn");
	assert_string_equal(pub.text, "");
	assert_no_leak(c);
}

static void test_expiry_at_period_end(void **state)
{
	struct ctx *c = *state;
	struct zf_publication p;
	int64_t n = -1;

	publish(c, NULL);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	const char *end = zf_arena_strdup(c->f.a, p.period_end);
	clock_on(c, end, -1);
	assert_int_equal(zf_app_pub_expire(c->app, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	/* on the end date the housekeeping ends it */
	clock_on(c, end, 0);
	assert_int_equal(zf_app_maintain(c->app, &c->f.err), 0);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	assert_string_equal(p.state, "expired");
	assert_string_equal(p.text, "");
	assert_int_equal(count(c, "SELECT COUNT(*) FROM publication_gram", NULL), 0);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE action = 'publication_expire'", NULL), 1);
	assert_int_equal(zf_app_pub_expire(c->app, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
}

static void test_early_removal(void **state)
{
	struct ctx *c = *state;
	struct zf_publication p;

	publish(c, NULL);
	assert_int_equal(zf_app_pub_end(c->app, &c->leader, c->pub_id, "removed", "", &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "reason"));
	assert_int_equal(zf_app_pub_end(c->app, &c->leader, c->pub_id, "gone", "信用修复", &c->f.err), ZF_EINVAL);
	assert_int_equal(zf_app_pub_end(c->app, &c->leader, c->pub_id, "removed", "当事人完成信用修复", &c->f.err), 0);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	assert_string_equal(p.state, "removed");
	assert_string_equal(p.end_reason, "当事人完成信用修复");
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE action = 'publication_remove' "
			      "AND after_json LIKE '%信用修复%'", NULL), 1);
	assert_int_equal(zf_app_pub_end(c->app, &c->leader, c->pub_id, "removed", "再次", &c->f.err), ZF_ECONFLICT);
}

static void test_rejection(void **state)
{
	struct ctx *c = *state;
	struct zf_publication p;
	int64_t before = count(c, "SELECT COUNT(*) FROM history", NULL);

	assert_int_equal(zf_app_pub_reject(c->app, &c->leader, c->pub_id, "不宜公开", 0, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_pub_reject(c->app, &c->pubr, c->pub_id, " ", 0, &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "reason"));
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history", NULL), before);
	assert_int_equal(zf_app_pub_reject(c->app, &c->pubr, c->pub_id, "涉及国家秘密，不予公开", 0, &c->f.err), 0);
	assert_int_equal(zf_app_pub_get(c->app, &c->pubr, c->f.a, c->pub_id, &p, &c->f.err), 0);
	assert_string_equal(p.state, "rejected");
	assert_string_equal(p.text, "");
	assert_string_equal(p.end_reason, "涉及国家秘密，不予公开");
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE action = 'publication_reject' "
			      "AND entity_id = CAST(? AS INTEGER)", num(c, c->pub_id), NULL), 1);
	assert_int_equal(zf_app_pub_public(c->app, c->f.a, c->pub_id, &p, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_pub_publish(c->app, &c->pubr, c->pub_id, NULL, 0, &c->f.err), ZF_ECONFLICT);
}

static void test_correction_request(void **state)
{
	struct ctx *c = *state;
	char tracking[32], due[11];
	struct zf_correction *rows = NULL, got;
	size_t n = 0;

	publish(c, NULL);
	assert_int_equal(zf_app_correction_file(c->app, &c->anyone, c->pub_id, "周某", "13800001111",
						"公示的罚款金额与决定书不一致，请核实更正。", tracking, due,
						&c->f.err), 0);
	/* JC<year>-<sequence, 6 digits>-<4 random characters of the unambiguous alphabet> */
	assert_int_equal(strlen(tracking), strlen("JC2026-000001-ABCD"));
	assert_int_equal(strncmp(tracking, "JC2026-", 7), 0);
	assert_int_equal(strspn(tracking + 7, "0123456789"), 6);
	assert_int_equal(tracking[13], '-');
	assert_int_equal(strspn(tracking + 14, ZF_TRACKING_ALPHABET), ZF_TRACKING_CHECK_LEN);
	assert_true(strcmp(due, "2026-03-02") > 0);
	/* the log entry carries no personal data */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE after_json LIKE '%13800001111%' "
			      "OR after_json LIKE '%周某%'", NULL), 0);
	assert_int_equal(zf_app_correction_list(c->app, &c->pubr, c->f.a, "open", &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	int64_t cid = rows[0].id;
	assert_string_equal(rows[0].contact, "13800001111"); /* the publisher sees it */
	assert_int_equal(zf_app_correction_list(c->app, &c->off1, c->f.a, NULL, &rows, &n, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_correction_answer(c->app, &c->off1, cid, "已核实", &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_correction_answer(c->app, &c->pubr, cid, "", &c->f.err), ZF_EINVAL);
	assert_int_equal(zf_app_correction_answer(c->app, &c->pubr, cid, "经核实，公示信息与决定书一致。",
						  &c->f.err), 0);
	assert_int_equal(zf_app_correction_answer(c->app, &c->pubr, cid, "再答", &c->f.err), ZF_ECONFLICT);
	assert_int_equal(zf_app_correction_lookup(c->app, c->f.a, tracking, &got, &c->f.err), 0);
	assert_string_equal(got.state, "answered");
	assert_string_equal(got.answer, "经核实，公示信息与决定书一致。");
	assert_null(got.contact);
	/* typed in lower case with spaces: normalised and found */
	char typed[40];
	snprintf(typed, sizeof(typed), " %s ", tracking);
	for (char *q = typed; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	assert_int_equal(zf_app_correction_lookup(c->app, c->f.a, typed, &got, &c->f.err), 0);
	assert_string_equal(got.tracking_no, tracking);
	/* the sequence without its random part, or a wrong one: refused */
	char part[40];
	snprintf(part, sizeof(part), "%.13s", tracking);
	assert_int_equal(zf_app_correction_lookup(c->app, c->f.a, part, &got, &c->f.err), ZF_ENOTFOUND);
	assert_non_null(strstr(c->f.err.msg, "格式不正确"));
	snprintf(part, sizeof(part), "%.14s%s", tracking, strcmp(tracking + 14, "2222") ? "2222" : "3333");
	assert_int_equal(zf_app_correction_lookup(c->app, c->f.a, part, &got, &c->f.err), ZF_ENOTFOUND);
	assert_non_null(strstr(c->f.err.msg, "未找到"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_due_in_seven_working_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_may_publish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_commits_to_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revocation_withdrawal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_at_period_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_early_removal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_request, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
