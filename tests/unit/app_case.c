/* Unit tests of the case engine (app/case*.c) on a fresh database at a fixed clock, with a small inline definition: availability, roles, values, effects, numbering, documents, deadlines, masking and the record log. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/case.h"
#include "app/ledger.h"
#include "app/registry.h"
#include "core/role.h"
#include "case_fixture.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time (a Monday). */
#define T_0302 1772416800
/* 2026-11-20 10:00 (deadlines run into 2027, a provisional year). */
#define T_1120 1795140000
/* 2027-12-01 10:00 (deadlines run into 2028, which no calendar covers). */
#define T_271201 1827626400

#define PERSON_ID "110101199003078515"

static const char test_def[] =
	"{\"format\":\"zhifa-procedure/v1\",\"code\":\"t_pen\",\"version\":1,"
	"\"name\":\"测试处罚程序\",\"kind\":\"penalty\",\"basis\":\"《测试法》\","
	"\"facts\":{\"fine\":\"money\",\"decision\":\"enum\"},"
	"\"steps\":["
	"{\"code\":\"source\",\"name\":\"案件来源登记\",\"roles\":[\"officer\"],"
	" \"effect\":\"assign_officers\",\"guards\":[\"two_officers\"],\"documents\":[\"case_source\"],"
	" \"fields\":[{\"name\":\"title\",\"label\":\"案由\",\"type\":\"text\",\"required\":true,\"max\":50},"
	"  {\"name\":\"found_on\",\"label\":\"发现日期\",\"type\":\"date\",\"required\":true},"
	"  {\"name\":\"officers\",\"label\":\"承办人员\",\"type\":\"officers\",\"required\":true}]},"
	"{\"code\":\"filing\",\"name\":\"立案审批\",\"roles\":[\"leader\"],\"after\":[\"source\"],"
	" \"unless\":[\"no_filing\"],\"effect\":\"assign_case_no\",\"documents\":[\"filing_approval\"],"
	" \"fields\":[{\"name\":\"violation_id\",\"label\":\"违法行为\",\"type\":\"int\"}]},"
	"{\"code\":\"no_filing\",\"name\":\"不予立案\",\"roles\":[\"leader\"],\"after\":[\"source\"],"
	" \"unless\":[\"filing\"],\"terminal\":true,\"effect\":\"close\"},"
	"{\"code\":\"notice\",\"name\":\"事先告知\",\"roles\":[\"officer\"],\"handler\":true,"
	" \"after\":[\"filing\"],\"documents\":[\"penalty_notice\"],"
	" \"fields\":[{\"name\":\"served_on\",\"label\":\"送达日期\",\"type\":\"date\",\"required\":true},"
	"  {\"name\":\"fine\",\"label\":\"罚款金额（元）\",\"type\":\"money\",\"fact\":\"fine\",\"required\":true},"
	"  {\"name\":\"penalty_types\",\"label\":\"处罚种类\",\"type\":\"enums\","
	"   \"options\":[[\"warning\",\"警告\"],[\"fine\",\"罚款\"],[\"close\",\"责令关闭\"]]},"
	"  {\"name\":\"late\",\"label\":\"逾期\",\"type\":\"bool\"}]},"
	"{\"code\":\"statement\",\"name\":\"陈述申辩\",\"roles\":[\"officer\"],\"after\":[\"notice\"],"
	" \"optional\":true,\"repeat\":true,"
	" \"fields\":[{\"name\":\"text\",\"label\":\"陈述内容\",\"type\":\"textarea\",\"required\":true},"
	"  {\"name\":\"sig\",\"label\":\"当事人签名\",\"type\":\"signature\"}]},"
	"{\"code\":\"decision\",\"name\":\"负责人决定\",\"roles\":[\"leader\"],\"after\":[\"notice\"],"
	" \"guards\":[\"period_over:statement\",\"not_heavier\"],\"documents\":[\"penalty_decision\"],"
	" \"fields\":[{\"name\":\"decision\",\"label\":\"决定\",\"type\":\"enum\",\"fact\":\"decision\","
	"   \"required\":true,\"options\":[[\"penalty\",\"给予处罚\"],[\"none\",\"不予处罚\"]]},"
	"  {\"name\":\"fine\",\"label\":\"罚款金额（元）\",\"type\":\"money\",\"fact\":\"fine\","
	"   \"required\":true,\"when\":{\"fact\":\"decision\",\"eq\":\"penalty\"}}]},"
	"{\"code\":\"recusal\",\"name\":\"回避申请\",\"roles\":[\"officer\"],\"anytime\":true,"
	" \"repeat\":true,\"effect\":\"recusal_apply\","
	" \"fields\":[{\"name\":\"officer\",\"label\":\"申请回避的执法人员\",\"type\":\"officer\",\"required\":true},"
	"  {\"name\":\"source\",\"label\":\"申请人\",\"type\":\"enum\",\"required\":true,"
	"   \"options\":[[\"self\",\"本人\"],[\"party\",\"当事人\"]]},"
	"  {\"name\":\"reason\",\"label\":\"理由\",\"type\":\"textarea\",\"required\":true}]},"
	"{\"code\":\"recusal_decision\",\"name\":\"回避决定\",\"roles\":[\"leader\"],\"anytime\":true,"
	" \"repeat\":true,\"after\":[\"recusal\"],\"effect\":\"recusal_decide\","
	" \"documents\":[\"recusal_decision\"],"
	" \"fields\":[{\"name\":\"officer\",\"label\":\"执法人员\",\"type\":\"officer\",\"required\":true},"
	"  {\"name\":\"granted\",\"label\":\"准予回避\",\"type\":\"bool\",\"required\":true},"
	"  {\"name\":\"new_officers\",\"label\":\"另行指定承办人员\",\"type\":\"officers\"},"
	"  {\"name\":\"reason\",\"label\":\"理由\",\"type\":\"textarea\"}]},"
	"{\"code\":\"pause\",\"name\":\"期限中止\",\"roles\":[\"leader\"],\"anytime\":true,"
	" \"repeat\":true,\"effect\":\"pause_start\","
	" \"fields\":[{\"name\":\"kind\",\"label\":\"情形\",\"type\":\"enum\",\"required\":true,"
	"   \"options\":[[\"hearing\",\"听证\"],[\"appraisal\",\"鉴定\"],[\"other\",\"其他\"]]},"
	"  {\"name\":\"start_on\",\"label\":\"开始日期\",\"type\":\"date\",\"required\":true}]},"
	"{\"code\":\"resume\",\"name\":\"期限恢复\",\"roles\":[\"leader\"],\"anytime\":true,"
	" \"repeat\":true,\"after\":[\"pause\"],\"effect\":\"pause_end\","
	" \"fields\":[{\"name\":\"end_on\",\"label\":\"结束日期\",\"type\":\"date\",\"required\":true}]},"
	"{\"code\":\"closing\",\"name\":\"结案\",\"roles\":[\"leader\"],\"after\":[\"decision\"],"
	" \"terminal\":true,\"effect\":\"close\",\"documents\":[\"closing_report\"]},"
	"{\"code\":\"archive\",\"name\":\"归档\",\"roles\":[\"officer\"],\"after\":[\"closing\"],"
	" \"effect\":\"archive\"}"
	"],"
	"\"deadlines\":["
	"{\"code\":\"statement\",\"label\":\"陈述申辩期限\",\"from\":{\"step\":\"notice\",\"field\":\"served_on\"},"
	" \"unit\":\"working\",\"count\":5,\"until\":[\"statement\"],\"kind\":\"wait\",\"provisional_ok\":true},"
	"{\"code\":\"decide\",\"label\":\"作出决定期限\",\"from\":{\"step\":\"filing\"},"
	" \"unit\":\"calendar\",\"setting\":\"decision_days\",\"until\":[\"decision\",\"no_filing\"],"
	" \"kind\":\"due\",\"pausable\":true,\"provisional_ok\":true}"
	"]}";

struct ctx {
	struct fixture f;
	struct zf_app *app;
	char data[96];
	int64_t body, other_body, o1, o2, o3, o4, o_other;
	struct zf_actor off1, off2, off3, leader, reviewer, cli, other;
};


static int setup_at(void **state, int64_t now)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	struct zf_procedures *set = NULL;
	const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = now;
	if (zf_procedures_new(&set, &c->f.err) ||
	    zf_procedures_add(set, &vocab, "t_pen.json", test_def, strlen(test_def), &c->f.err)) {
		fprintf(stderr, "definition: %s\n", c->f.err.msg);
		zf_procedures_free(set);
		return -1;
	}
	zf_procedures_free(c->app->procedures);
	c->app->procedures = set;
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->other_body = fixture_body(c->f.db, "他局", "91330100MA27XL0E2W");
	c->o1 = fixture_officer(c->f.db, c->body, "张三", "14052400101");
	c->o2 = fixture_officer(c->f.db, c->body, "李四", "14052400102");
	c->o3 = fixture_officer(c->f.db, c->body, "王五", "14052400103");
	c->o4 = fixture_officer(c->f.db, c->body, "赵六", "14052400104");
	c->o_other = fixture_officer(c->f.db, c->other_body, "钱七", "14052400199");
	fixture_actor(&c->off1, 11, "officer1", ZF_ROLE_OFFICER, c->body, c->o1);
	fixture_actor(&c->off2, 12, "officer2", ZF_ROLE_OFFICER, c->body, c->o2);
	fixture_actor(&c->off3, 13, "officer3", ZF_ROLE_OFFICER, c->body, c->o3);
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->reviewer, 15, "reviewer1", ZF_ROLE_REVIEWER, c->body, 0);
	fixture_actor(&c->other, 16, "other1", ZF_ROLE_OFFICER, c->other_body, c->o_other);
	zf_actor_cli(&c->cli);
	return c->body && c->o4 && c->o_other ? 0 : -1;
}

static int setup(void **state)
{
	return setup_at(state, T_0302);
}

/* The fixture with the definitions shipped with zhifa (not the inline one). */
static int setup_shipped(void **state)
{
	if (setup_at(state, T_0302))
		return -1;
	struct ctx *c = *state;
	zf_procedures_free(c->app->procedures);
	c->app->procedures = NULL;
	const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};
	if (zf_procedures_load(&c->app->procedures, &vocab, &c->f.err)) {
		fprintf(stderr, "shipped definitions: %s\n", c->f.err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

/* Rows of every table a step writes, summed: unchanged when nothing was written. */
static int64_t written(struct ctx *c)
{
	return fixture_count(&c->f, "SELECT (SELECT COUNT(*) FROM case_step) + (SELECT COUNT(*) FROM cases) + "
			"(SELECT COUNT(*) FROM case_document) + (SELECT COUNT(*) FROM history) + "
			"(SELECT COUNT(*) FROM log_pending) + (SELECT COUNT(*) FROM case_officer) + "
			"(SELECT COUNT(*) FROM case_pause) + (SELECT COALESCE(SUM(next), 0) FROM doc_sequence) + "
			"(SELECT COUNT(*) FROM party) + (SELECT COALESCE(SUM(version), 0) FROM cases)");
}

/* Opens a case as officer1 with officers 1 and 2 and a person party. */
static int64_t open_case(struct ctx *c)
{
	char in[512];
	int64_t id = 0;
	json_t *j;

	snprintf(in, sizeof(in),
		 "{\"parties\":[{\"kind\":\"person\",\"name\":\"孙八\",\"id_type\":\"id_card\","
		 "\"id_number\":\"" PERSON_ID "\",\"address\":\"某路1号\"}],"
		 "\"values\":{\"title\":\"擅自占用城市道路\",\"found_on\":\"2026-03-01\","
		 "\"officers\":[%lld,%lld],\"place\":\"某路口\"}}",
		 (long long)c->o1, (long long)c->o2);
	j = J(in);
	if (zf_app_case_open(c->app, &c->off1, "t_pen", j, &id, &c->f.err))
		fail_msg("open: %s (%s)", c->f.err.msg, c->f.err.nfields ? c->f.err.fields[0].field : "");
	json_decref(j);
	return id;
}

/* Inserts an evidence item of KIND for step CODE of case ID, unbound, as
 * the attach use case would leave it (that use case is tested elsewhere);
 * returns its id. */
static int64_t evidence_put(struct ctx *c, int64_t id, const char *code, const char *kind)
{
	static int n;
	char sql[1024];

	n++;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO account (id, login, role, body_id, pw_hash, created_at, pw_changed_at) "
		 "SELECT 900, 'ev_uploader', 2, %lld, 'x', 0, 0 WHERE NOT EXISTS "
		 "(SELECT 1 FROM account WHERE id = 900); "
		 "INSERT INTO upload (id, body_id, account_id, filename, length, received, state, "
		 "sha256, created_at, updated_at, expires_at) VALUES ('%032d', %lld, 900, 'f', 1, 1, "
		 "'attached', 'ab', 0, 0, 0); "
		 "INSERT INTO evidence (case_id, step_code, upload_id, sha256, size, filename, "
		 "media_type, kind, captured_from, captured_to, attached_at) VALUES (%lld, '%s', "
		 "'%032d', 'ab', 1, 'f', 'x/y', '%s', 0, 0, 0)",
		 (long long)c->body, n, (long long)c->body, (long long)id, code, n, kind);
	if (zf_db_exec(c->f.db, sql, &c->f.err))
		fail_msg("evidence_put: %s", c->f.err.msg);
	return fixture_count(&c->f, "SELECT MAX(id) FROM evidence");
}

static void get(struct ctx *c, const struct zf_actor *actor, int64_t id, struct zf_case_view *v)
{
	if (zf_app_case_get(c->app, actor, c->f.a, id, v, &c->f.err))
		fail_msg("get: %s", c->f.err.msg);
}

/* The document of type TYPE in V, or fails. */
static const struct zf_case_doc *doc_of(const struct zf_case_view *v, const char *type)
{
	for (size_t i = 0; i < v->ndocs; i++)
		if (!strcmp(v->docs[i].doc_type, type))
			return &v->docs[i];
	fail_msg("no document %s", type);
	return NULL;
}

static const struct zf_case_deadline *deadline_of(const struct zf_case_view *v, const char *code)
{
	for (size_t i = 0; i < v->ndeadlines; i++)
		if (!strcmp(v->deadlines[i].code, code))
			return &v->deadlines[i];
	fail_msg("no deadline %s", code);
	return NULL;
}

static int has_action(const struct zf_case_view *v, const char *code)
{
	for (size_t i = 0; i < v->nactions; i++)
		if (!strcmp(v->actions[i].code, code))
			return 1;
	return 0;
}

/* ---- tests ---- */

static void test_open_records_everything(void **state)
{
	struct ctx *c = *state;
	struct zf_case_view v;
	int64_t id = open_case(c);

	get(c, &c->off1, id, &v);
	assert_int_equal(v.c.state, ZF_CASE_OPEN);
	assert_string_equal(v.c.title, "擅自占用城市道路");
	assert_string_equal(v.c.procedure, "t_pen");
	assert_int_equal(v.c.proc_version, 1);
	assert_int_equal(strlen(v.c.proc_sha256), 64);
	assert_int_equal(v.c.settings_version, 0); /* the body has no settings yet: defaults */
	assert_string_equal(v.c.opened_on, "2026-03-02");
	assert_string_equal(v.c.case_no, "");
	assert_string_equal(v.c.last_step, "source");
	assert_string_equal(v.c.last_step_name, "案件来源登记");
	assert_int_equal(v.c.version, 1);
	assert_int_equal(v.nparties, 1);
	assert_string_equal(v.parties[0].id_number, PERSON_ID); /* an assigned officer */
	assert_int_equal(v.nofficers, 2);
	assert_int_equal(v.nsteps, 1);
	assert_string_equal(v.steps[0].place, "某路口");
	assert_string_equal(v.steps[0].performed_by, "officer1");
	assert_non_null(strstr(v.steps[0].officers, "张三（执法证号 14052400101）"));
	assert_true(v.steps[0].history_id > 0);
	assert_int_equal(v.ndocs, 1);
	assert_string_equal(v.docs[0].number, ""); /* case_source is unnumbered */
	assert_true(has_action(&v, "recusal"));
	assert_false(has_action(&v, "filing")); /* a leader's step */
	assert_false(has_action(&v, "notice"));

	get(c, &c->leader, id, &v);
	assert_true(has_action(&v, "filing"));
	assert_true(has_action(&v, "no_filing"));
	assert_false(has_action(&v, "resume"));
}

static void test_open_refusals(void **state)
{
	struct ctx *c = *state;
	int64_t before = written(c), id = 0;
	json_t *j;

	/* Bad party and missing values: every error at once, nothing written. */
	j = J("{\"parties\":[{\"kind\":\"person\",\"name\":\"\",\"id_type\":\"id_card\","
	       "\"id_number\":\"110101199003078516\"}],\"values\":{\"found_on\":\"2026-02-30\"}}");
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_open(c->app, &c->off1, "t_pen", j, &id, &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "parties[0].name"));
	assert_non_null(zf_err_field_msg(&c->f.err, "parties[0].id_number"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.title"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.found_on"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.officers"));
	json_decref(j);

	/* A leader may not open (the first step is the officers'). */
	j = J("{\"parties\":[{\"kind\":\"org\",\"name\":\"某公司\",\"uscc\":\"91330100MA27XL0E2W\"}],"
	       "\"values\":{\"title\":\"x\",\"found_on\":\"2026-03-01\",\"officers\":[1,2]}}");
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_open(c->app, &c->leader, "t_pen", j, &id, &c->f.err), ZF_EDENIED);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_open(c->app, &c->off1, "nope", j, &id, &c->f.err), ZF_EINVAL);
	json_decref(j);

	/* One officer only: the two_officers guard. */
	char in[256];
	snprintf(in, sizeof(in),
		 "{\"parties\":[{\"kind\":\"org\",\"name\":\"某公司\",\"uscc\":\"91330100MA27XL0E2W\"}],"
		 "\"values\":{\"title\":\"x\",\"found_on\":\"2026-03-01\",\"officers\":[%lld]}}",
		 (long long)c->o1);
	j = J(in);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_open(c->app, &c->off1, "t_pen", j, &id, &c->f.err), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "两人"));
	json_decref(j);

	/* An officer of another body. */
	snprintf(in, sizeof(in),
		 "{\"parties\":[{\"kind\":\"org\",\"name\":\"某公司\",\"uscc\":\"91330100MA27XL0E2W\"}],"
		 "\"values\":{\"title\":\"x\",\"found_on\":\"2026-03-01\",\"officers\":[%lld,%lld]}}",
		 (long long)c->o1, (long long)c->o_other);
	j = J(in);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_open(c->app, &c->off1, "t_pen", j, &id, &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.officers"));
	json_decref(j);

	assert_int_equal(written(c), before);
	/* Refusals are audited. */
	assert_true(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'case_open' "
			     "AND outcome <> 'ok'") >= 5);
}

static void test_steps_in_order_and_refusals_write_nothing(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c), before;
	struct zf_case_view v;

	before = written(c);
	/* Not available yet: ECONFLICT naming what must come first. */
	assert_int_equal(step(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}"),
			 ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "须先完成「立案审批」"));
	/* The wrong role. */
	assert_int_equal(step(c, &c->off1, id, "filing", "{}"), ZF_EDENIED);
	assert_string_equal(c->f.err.msg, "「立案审批」须由负责人办理");
	/* Another body's officer. */
	assert_int_equal(step(c, &c->other, id, "recusal", "{}"), ZF_EDENIED);
	/* No such step. */
	assert_int_equal(step(c, &c->leader, id, "nope", "{}"), ZF_ENOTFOUND);
	/* A stale version. */
	json_t *empty = J("{}");
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_case_step(c->app, &c->leader, id, "filing", empty, 7, NULL, &c->f.err),
			 ZF_ECONFLICT);
	assert_int_equal(written(c), before);

	step_ok(c, &c->leader, id, "filing", "{}");
	get(c, &c->leader, id, &v);
	assert_string_equal(v.c.case_no, "测试局案〔2026〕1号");
	assert_int_equal(v.c.version, 2);
	assert_false(has_action(&v, "no_filing")); /* unless filing */
	/* Done, not repeatable. */
	assert_int_equal(step(c, &c->leader, id, "filing", "{}"), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "已经办理"));
	assert_int_equal(step(c, &c->leader, id, "no_filing", "{}"), ZF_ECONFLICT);

	/* Handler: an officer not assigned to the case may not serve the notice. */
	before = written(c);
	assert_int_equal(step(c, &c->off3, id, "notice",
			      "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}"), ZF_EDENIED);
	/* Invalid values: field errors, nothing written. */
	assert_int_equal(step(c, &c->off1, id, "notice",
			      "{\"served_on\":\"2026/03/02\",\"fine\":\"12.345\","
			      "\"penalty_types\":[\"fine\",\"jail\"],\"late\":\"maybe\"}"), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.served_on"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.fine"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.penalty_types"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.late"));
	/* A key no field of the step takes is refused, not dropped. */
	assert_int_equal(step(c, &c->off1, id, "notice",
			      "{\"served_on\":\"2026-03-02\",\"fine\":\"100\",\"fien\":\"1\"}"),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.fien"));
	assert_null(zf_err_field_msg(&c->f.err, "values.fine"));
	assert_int_equal(step(c, &c->off1, id, "notice", "{\"fine\":\"100\",\"occurred_on\":\"2026-03-03\"}"),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.served_on"));
	assert_non_null(zf_err_field_msg(&c->f.err, "values.occurred_on")); /* in the future */
	assert_int_equal(written(c), before);
	json_decref(empty);

	/* Money as yuan or as 分. */
	step_ok(c, &c->off1, id, "notice",
		"{\"served_on\":\"2026-03-02\",\"fine_fen\":150000,\"penalty_types\":\"fine,warning\","
		"\"late\":\"0\"}");
	get(c, &c->off1, id, &v);
	assert_string_equal(v.steps[2].values_json,
			    "{\"fine\":150000,\"late\":false,\"penalty_types\":[\"fine\",\"warning\"],"
			    "\"served_on\":\"2026-03-02\"}");
	assert_non_null(strstr(v.c.facts_json, "\"fine\":150000"));
}

static void test_documents_numbering_and_canonical_data(void **state)
{
	struct ctx *c = *state;
	int64_t a = open_case(c), b = open_case(c), seq_before;
	struct zf_case_view v;
	char vals[64];

	step_ok(c, &c->leader, a, "filing", "{}");
	/* A refused step after the case number was taken gives it back. */
	seq_before = written(c);
	snprintf(vals, sizeof(vals), "{\"violation_id\":%d}", 999);
	assert_int_equal(step(c, &c->leader, b, "filing", vals), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.violation_id"));
	assert_int_equal(written(c), seq_before);
	step_ok(c, &c->leader, b, "filing", "{}");
	get(c, &c->leader, b, &v);
	assert_string_equal(v.c.case_no, "测试局案〔2026〕2号");

	step_ok(c, &c->off1, a, "notice",
		"{\"served_on\":\"2026-03-02\",\"fine\":\"1500\",\"penalty_types\":[\"fine\"],\"late\":true}");
	step_ok(c, &c->off1, b, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"20.5\"}");
	get(c, &c->off1, a, &v);
	const struct zf_case_doc *d = doc_of(&v, "penalty_notice");
	assert_string_equal(d->number, "测试局罚告〔2026〕1号");
	assert_string_equal(d->name, "行政处罚事先告知书");
	assert_true(d->history_id > 0);

	json_t *data = J(d->data_json), *text = json_object_get(data, "text");
	assert_string_equal(json_string_value(json_object_get(data, "format")), "zhifa-document/v1");
	assert_string_equal(json_string_value(json_object_get(data, "number")), d->number);
	assert_string_equal(json_string_value(json_object_get(text, "fine")),
			    "1,500.00元（壹仟伍佰元整）");
	assert_string_equal(json_string_value(json_object_get(text, "served_on")), "2026年3月2日");
	assert_string_equal(json_string_value(json_object_get(text, "penalty_types")), "罚款");
	assert_string_equal(json_string_value(json_object_get(text, "late")), "是");
	assert_int_equal(json_object_size(text), json_object_size(json_object_get(data, "values")));
	json_t *cs = json_object_get(data, "case"), *p0 = json_array_get(json_object_get(data, "parties"), 0);
	assert_string_equal(json_string_value(json_object_get(cs, "case_no")), "测试局案〔2026〕1号");
	assert_string_equal(json_string_value(json_object_get(p0, "id_type_label")), "居民身份证");
	assert_string_equal(json_string_value(json_object_get(data, "issued_on_text")), "2026年3月2日");
	assert_int_equal(json_array_size(json_object_get(data, "officers")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "facts_text"), "fine")),
			    "1,500.00元（壹仟伍佰元整）");
	/* Compact with sorted keys: the bytes the log commits to. */
	char *again = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(again, d->data_json);
	free(again);
	json_decref(data);

	get(c, &c->off1, b, &v);
	assert_string_equal(doc_of(&v, "penalty_notice")->number, "测试局罚告〔2026〕2号");
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(DISTINCT number) FROM case_document WHERE number <> ''"),
			 fixture_count(&c->f, "SELECT COUNT(*) FROM case_document WHERE number <> ''"));
}

static void test_statement_period_and_decision(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_case_view v;

	step_ok(c, &c->leader, id, "filing", "{}");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"1500\"}");
	/* The statement period (5 working days from 3-2) runs until 3-9. */
	get(c, &c->leader, id, &v);
	const struct zf_case_deadline *st = deadline_of(&v, "statement");
	assert_string_equal(st->due, "2026-03-09");
	assert_int_equal(st->state, ZF_DL_OPEN);
	assert_int_equal(st->days_left, 5);
	assert_string_equal(st->level, "ok");
	assert_int_equal(st->provisional, 0);
	const struct zf_case_deadline *dd = deadline_of(&v, "decide");
	assert_string_equal(dd->due, "2026-06-01"); /* 90 days: Sunday 5-31, rolled over */
	assert_int_equal(dd->kind, ZF_DK_DUE);
	assert_int_equal(v.c.overdue, 0);
	assert_string_equal(v.c.next_due, dd->due);

	assert_int_equal(step(c, &c->leader, id, "decision", "{\"decision\":\"penalty\",\"fine\":\"1000\"}"),
			 ZF_EINVAL); /* the period is not over */
	/* The field asked only when its condition holds. */
	assert_int_equal(step(c, &c->leader, id, "decision", "{\"decision\":\"none\"}"), ZF_EINVAL);
	step_ok(c, &c->off2, id, "statement", "{\"text\":\"我没有占道\",\"sig\":{\"strokes\":[[1,2,3,4]],\"w\":300,\"h\":100}}");
	get(c, &c->leader, id, &v);
	assert_int_equal(deadline_of(&v, "statement")->state, ZF_DL_MET);
	assert_string_equal(deadline_of(&v, "statement")->level, "met");
	/* Heavier than told: refused. */
	assert_int_equal(step(c, &c->leader, id, "decision", "{\"decision\":\"penalty\",\"fine\":\"2000\"}"),
			 ZF_EINVAL);
	step_ok(c, &c->leader, id, "decision", "{\"decision\":\"penalty\",\"fine\":\"1000\"}");
	get(c, &c->leader, id, &v);
	assert_string_equal(doc_of(&v, "penalty_decision")->number, "测试局罚决〔2026〕1号");
	assert_int_equal(deadline_of(&v, "decide")->state, ZF_DL_MET);
	assert_string_equal(v.c.next_due, "");
	assert_non_null(strstr(v.c.facts_json, "\"decision\":\"penalty\""));
	assert_non_null(strstr(v.c.facts_json, "\"fine\":100000"));

	/* Close, then only archiving and remedies; archive closes the file. */
	step_ok(c, &c->leader, id, "closing", "{}");
	get(c, &c->off1, id, &v);
	assert_int_equal(v.c.state, ZF_CASE_CLOSED);
	assert_true(has_action(&v, "archive"));
	assert_false(has_action(&v, "recusal"));
	assert_int_equal(step(c, &c->off1, id, "statement", "{\"text\":\"再说一次\"}"), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "结案"));
	step_ok(c, &c->off1, id, "archive", "{}");
	get(c, &c->off1, id, &v);
	assert_int_equal(v.c.state, ZF_CASE_ARCHIVED);
	assert_int_equal(v.nactions, 0);
}

/* A waiting period that has run out is no overdue deadline; a due one is. */
static void test_wait_period_over_is_not_late(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_case_view v;

	step_ok(c, &c->leader, id, "filing", "{}");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}");
	c->app->clock.fixed = T_0302 + 18 * 86400; /* 3-20 */
	get(c, &c->leader, id, &v);
	const struct zf_case_deadline *st = deadline_of(&v, "statement");
	assert_int_equal(st->state, ZF_DL_OPEN);
	assert_true(st->days_left < 0);
	assert_string_equal(st->level, "met");
	assert_int_equal(v.c.overdue, 0);
	c->app->clock.fixed = T_0302 + 100 * 86400;
	get(c, &c->leader, id, &v);
	assert_string_equal(deadline_of(&v, "decide")->level, "overdue");
	assert_int_equal(v.c.overdue, 1);
}

/* A correction is a new record of the same step referring to the old one; the old one stays. */
static void test_correction(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_case_view v;
	char vals[256];

	step_ok(c, &c->leader, id, "filing", "{}");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}");
	get(c, &c->off1, id, &v);
	int64_t notice = v.steps[2].id, filing = v.steps[1].id;
	/* Done and not repeatable: only as a correction. */
	assert_int_equal(step(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-01\",\"fine\":\"100\"}"),
			 ZF_ECONFLICT);
	snprintf(vals, sizeof(vals), "{\"served_on\":\"2026-03-01\",\"fine\":\"100\",\"corrects\":%lld}",
		 (long long)filing);
	assert_int_equal(step(c, &c->off1, id, "notice", vals), ZF_ECONFLICT); /* not its own record */
	snprintf(vals, sizeof(vals), "{\"served_on\":\"2026-03-01\",\"fine\":\"100\",\"corrects\":%lld}",
		 (long long)(notice + 1000));
	assert_int_equal(step(c, &c->off1, id, "notice", vals), ZF_ECONFLICT);
	snprintf(vals, sizeof(vals), "{\"served_on\":\"2026-03-01\",\"fine\":\"100\",\"corrects\":%lld}",
		 (long long)notice);
	step_ok(c, &c->off1, id, "notice", vals);
	get(c, &c->off1, id, &v);
	assert_int_equal(v.nsteps, 4);
	assert_int_equal(v.steps[3].corrects_id, notice);
	assert_non_null(strstr(v.steps[2].values_json, "2026-03-02")); /* the old record stays */
	/* Deadlines run from the newest record. */
	assert_string_equal(deadline_of(&v, "statement")->due, "2026-03-06");
}

static void test_recusal(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_case_view v;
	char vals[256];

	snprintf(vals, sizeof(vals), "{\"officer\":%lld,\"source\":\"party\",\"reason\":\"近亲属\"}",
		 (long long)c->o3);
	assert_int_equal(step(c, &c->off1, id, "recusal", vals), ZF_EINVAL); /* not assigned */
	snprintf(vals, sizeof(vals), "{\"officer\":%lld,\"source\":\"party\",\"reason\":\"近亲属\"}",
		 (long long)c->o2);
	step_ok(c, &c->off1, id, "recusal", vals);
	/* Granted without a replacement: fewer than two officers would remain. */
	snprintf(vals, sizeof(vals), "{\"officer\":%lld,\"granted\":true,\"reason\":\"理由成立\"}",
		 (long long)c->o2);
	int64_t before = written(c);
	assert_int_equal(step(c, &c->leader, id, "recusal_decision", vals), ZF_EINVAL);
	assert_non_null(strstr(c->f.err.msg, "不足两名"));
	assert_int_equal(written(c), before);
	snprintf(vals, sizeof(vals),
		 "{\"officer\":%lld,\"granted\":true,\"new_officers\":[%lld],\"reason\":\"理由成立\"}",
		 (long long)c->o2, (long long)c->o3);
	step_ok(c, &c->leader, id, "recusal_decision", vals);
	get(c, &c->leader, id, &v);
	assert_int_equal(v.nofficers, 3);
	for (size_t i = 0; i < v.nofficers; i++)
		assert_int_equal(v.officers[i].recused, v.officers[i].officer_id == c->o2);
	assert_string_equal(doc_of(&v, "recusal_decision")->number, "测试局回避〔2026〕1号");

	/* The recused officer no longer acts; the new one does. */
	step_ok(c, &c->leader, id, "filing", "{}");
	assert_int_equal(step(c, &c->off2, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"10\"}"),
			 ZF_EDENIED);
	step_ok(c, &c->off3, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"10\"}");
	/* Officer 2 no longer sees identifiers in full. */
	get(c, &c->off2, id, &v);
	assert_string_not_equal(v.parties[0].id_number, PERSON_ID);
}

static void test_pause_subtracts(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_case_view v;
	char due[11];

	step_ok(c, &c->leader, id, "filing", "{}");
	get(c, &c->leader, id, &v);
	snprintf(due, sizeof(due), "%s", deadline_of(&v, "decide")->due);
	/* Not an excluded kind under the default settings. */
	assert_int_equal(step(c, &c->leader, id, "pause", "{\"kind\":\"other\",\"start_on\":\"2026-02-20\"}"),
			 ZF_EINVAL);
	assert_int_equal(step(c, &c->leader, id, "resume", "{\"end_on\":\"2026-03-02\"}"), ZF_ECONFLICT);
	step_ok(c, &c->leader, id, "pause", "{\"kind\":\"appraisal\",\"start_on\":\"2026-02-20\"}");
	assert_int_equal(step(c, &c->leader, id, "pause", "{\"kind\":\"hearing\",\"start_on\":\"2026-03-01\"}"),
			 ZF_ECONFLICT); /* one at a time */
	step_ok(c, &c->leader, id, "resume", "{\"end_on\":\"2026-03-02\"}");
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_pause WHERE kind = '鉴定' AND end_on = '2026-03-02'"), 1);
	get(c, &c->leader, id, &v);
	const struct zf_case_deadline *d = deadline_of(&v, "decide");
	/* Only the part after the filing date counts: 3-2 to 3-2 is 0 days. */
	assert_int_equal(d->paused_days, 0);
	assert_string_equal(d->due, due);

	/* A pause from the filing on: the days are added. */
	step_ok(c, &c->leader, id, "pause", "{\"kind\":\"hearing\",\"start_on\":\"2026-03-02\"}");
	c->app->clock.fixed = T_0302 + 10 * 86400; /* still open ten days later */
	get(c, &c->leader, id, &v);
	d = deadline_of(&v, "decide");
	assert_int_equal(d->paused_days, 10);
	assert_string_not_equal(d->due, due);
	assert_true(strcmp(d->due, due) > 0);
}

static void test_masking_and_audit(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c), audits;
	struct zf_case_view v;
	struct zf_case_doc doc;

	audits = fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'case_read'");
	get(c, &c->off3, id, &v); /* not assigned */
	assert_string_equal(v.parties[0].id_number, "110*************15");
	assert_null(strstr(v.docs[0].data_json, PERSON_ID));
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'case_read'"), audits);
	assert_int_equal(zf_app_case_doc(c->app, &c->off3, c->f.a, id, v.docs[0].id, &doc, &c->f.err), 0);
	assert_null(strstr(doc.data_json, PERSON_ID));

	get(c, &c->reviewer, id, &v);
	assert_string_equal(v.parties[0].id_number, PERSON_ID);
	get(c, &c->leader, id, &v);
	assert_string_equal(v.parties[0].id_number, PERSON_ID);
	assert_non_null(strstr(v.docs[0].data_json, PERSON_ID));
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'case_read'"), audits + 2);

	/* Another body: no read at all. */
	assert_int_equal(zf_app_case_get(c->app, &c->other, c->f.a, id, &v, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_case_doc(c->app, &c->other, c->f.a, id, 1, &doc, &c->f.err),
			 ZF_EDENIED);
}

static void test_list_filters(void **state)
{
	struct ctx *c = *state;
	int64_t a = open_case(c), b = open_case(c);
	struct zf_case_filter f = {0};
	struct zf_case *rows;
	size_t n;

	step_ok(c, &c->leader, a, "filing", "{}");
	assert_int_equal(zf_app_case_list(c->app, &c->off1, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, b);
	assert_string_equal(rows[1].next_due, "2026-06-01");
	assert_string_equal(rows[0].next_due, "");
	f.mine = 1;
	assert_int_equal(zf_app_case_list(c->app, &c->off3, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	f.mine = 0;
	f.q = "测试局案";
	assert_int_equal(zf_app_case_list(c->app, &c->off3, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, a);
	f.q = NULL;
	f.body_id = c->other_body;
	assert_int_equal(zf_app_case_list(c->app, &c->off3, c->f.a, &f, &rows, &n, &c->f.err),
			 ZF_EDENIED);
	f.body_id = 0;
	assert_int_equal(zf_app_case_list(c->app, &c->other, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	f.overdue = 1;
	assert_int_equal(zf_app_case_list(c->app, &c->off1, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	c->app->clock.fixed = T_0302 + 120 * 86400;
	assert_int_equal(zf_app_case_list(c->app, &c->off1, c->f.a, &f, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].overdue, 1);

	struct zf_deadline_row *dr;
	assert_int_equal(zf_app_case_deadlines(c->app, &c->leader, c->f.a, 0, 2, &dr, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(dr[0].case_id, a);
	assert_string_equal(dr[0].d.level, "overdue");
	assert_true(dr[0].d.days_left < 0);
}

/* Deadlines running into 2027 are 暂定; into 2028 an error, not a guess. */
static void test_deadlines_provisional_and_missing_year(void **state)
{
	struct ctx *c = *state;
	int64_t id;
	struct zf_case_view v;

	c->app->clock.fixed = T_1120;
	id = open_case(c);
	step_ok(c, &c->leader, id, "filing", "{}");
	get(c, &c->leader, id, &v);
	const struct zf_case_deadline *d = deadline_of(&v, "decide");
	assert_int_equal(d->state, ZF_DL_OPEN);
	assert_int_equal(d->provisional, 1);
	assert_true(strncmp(d->due, "2027-", 5) == 0);
	assert_string_equal(v.c.case_no, "测试局案〔2026〕1号");

	c->app->clock.fixed = T_271201;
	id = open_case(c);
	step_ok(c, &c->leader, id, "filing", "{}");
	get(c, &c->leader, id, &v);
	assert_string_equal(v.c.case_no, "测试局案〔2027〕1号"); /* a new year, a new sequence */
	d = deadline_of(&v, "decide");
	assert_int_equal(d->state, ZF_DL_NONE);
	assert_string_equal(d->level, "error");
	assert_string_equal(d->due, "");
	assert_non_null(strstr(d->message, "2028"));
}

static void test_settings_and_violations(void **state)
{
	struct ctx *c = *state;
	json_t *s = J("{\"number_prefix\":\"测执\",\"excluded_kinds\":[\"其他\"]}"), *got = NULL;
	int64_t ver = 0, id, vid = 0;
	struct zf_case_view v;

	assert_int_equal(zf_app_case_settings_set(c->app, &c->off1, 0, s, &ver, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_case_settings_set(c->app, &c->cli, c->body, s, &ver, &c->f.err), 0);
	assert_int_equal(ver, 1);
	assert_int_equal(zf_app_case_settings(c->app, &c->off1, 0, &got, &ver, &c->f.err), 0);
	assert_int_equal(ver, 1);
	assert_string_equal(json_string_value(json_object_get(got, "number_prefix")), "测执");
	assert_int_equal(json_integer_value(json_object_get(got, "decision_days")), 90);
	json_decref(got);
	json_decref(s);
	s = J("{\"decision_days\":\"ninety\"}");
	assert_int_equal(zf_app_case_settings_set(c->app, &c->cli, c->body, s, &ver, &c->f.err), ZF_EINVAL);
	json_decref(s);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = 'case_setting' AND salt IS NOT NULL"), 1);

	id = open_case(c);
	get(c, &c->leader, id, &v);
	assert_int_equal(v.c.settings_version, 1);
	step_ok(c, &c->leader, id, "pause", "{\"kind\":\"other\",\"start_on\":\"2026-03-02\"}");

	const struct zf_benchmark bands[] = {
		{.level = ZF_BAND_GENERAL, .circumstance = "占道面积十平方米以下", .fine_min = 0, .fine_max = 100000},
	};
	struct zf_violation vt = {.code = "SZ-01", .name = "擅自占用城市道路", .domain = "",
				  .legal_basis = "《城市道路管理条例》第二十七条",
				  .penalty_basis = "《城市道路管理条例》第四十二条", .fine_min = 0,
				  .fine_max = 2000000, .active = 1, .bands = bands, .nbands = 1};
	assert_int_equal(zf_app_violation_save(c->app, &c->off1, &vt, &vid, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_violation_save(c->app, &c->cli, &vt, &vid, &c->f.err), ZF_EINVAL);
	vt.body_id = c->body;
	assert_int_equal(zf_app_violation_save(c->app, &c->cli, &vt, &vid, &c->f.err), 0);
	struct zf_violation *list;
	size_t n;
	assert_int_equal(zf_app_violation_list(c->app, &c->off1, c->f.a, 0, &list, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].nbands, 1);
	assert_int_equal(zf_app_violation_list(c->app, &c->other, c->f.a, c->body, &list, &n, &c->f.err),
			 ZF_EDENIED);

	char vals[64];
	snprintf(vals, sizeof(vals), "{\"violation_id\":%lld}", (long long)vid);
	step_ok(c, &c->leader, id, "filing", vals);
	get(c, &c->leader, id, &v);
	assert_int_equal(v.c.violation_id, vid);
	assert_string_equal(v.violation.name, "擅自占用城市道路");
	assert_string_equal(v.c.case_no, "测执案〔2026〕1号");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}");
	get(c, &c->leader, id, &v);
	json_t *data = J(doc_of(&v, "penalty_notice")->data_json);
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "violation"), "legal_basis")),
			    "《城市道路管理条例》第二十七条");
	json_decref(data);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = 'violation' AND salt IS NOT NULL"), 1);
}

static void test_log_entries(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c);
	struct zf_ledger *lg = NULL;
	struct zf_log_report rep;
	int n = 0;

	step_ok(c, &c->leader, id, "filing", "{}");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}");
	/* Every step and every document: a salted history row with its pending entry. */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history h JOIN case_step s ON h.entity = 'case_step' "
			     "AND h.entity_id = s.id AND h.action = 'step_' || s.code WHERE h.salt IS NOT NULL"), 3);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history h JOIN case_document d ON "
			     "h.entity = 'document' AND h.entity_id = d.id AND h.after_json = d.data_json "
			     "WHERE h.salt IS NOT NULL"), 3);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending"),
			 fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE salt IS NOT NULL"));

	struct zf_case_view v;
	get(c, &c->leader, id, &v);
	for (size_t i = 0; i < v.nsteps; i++)
		assert_int_equal(v.steps[i].log_index, -1); /* pending */

	struct zf_err err = {0};
	if (zf_app_log_open(&lg, c->app, &err))
		fail_msg("log open: %s", err.msg);
	if (zf_app_log_step(lg, &n, &err))
		fail_msg("log step: %s", err.msg);
	assert_true(n >= 6);
	if (zf_app_log_verify(c->f.db, c->data, &rep, &err))
		fail_msg("verify: %s", err.msg);
	assert_int_equal(rep.pending, 0);
	/* Integrated: each step shows the leaf of its own entry. */
	get(c, &c->leader, id, &v);
	for (size_t i = 0; i < v.nsteps; i++) {
		struct zf_stmt *st;
		char want[48];
		assert_true(v.steps[i].log_index >= 0);
		snprintf(want, sizeof(want), "\nrecord history:%lld\n", (long long)v.steps[i].history_id);
		assert_int_equal(zf_db_prepare(c->f.db, &st, "SELECT entry FROM log_leaf WHERE idx = ?",
					       &c->f.err), 0);
		assert_int_equal(zf_stmt_bind_i64(st, 1, v.steps[i].log_index), 0);
		assert_int_equal(zf_stmt_step(st, &c->f.err), ZF_DB_ROW);
		assert_non_null(strstr(zf_stmt_text(st, 0), want));
		zf_stmt_done(st);
	}
	assert_true(v.steps[0].log_index < v.steps[1].log_index);
	/* A later step is pending again until the next sequencer step. */
	step_ok(c, &c->off2, id, "statement", "{\"text\":\"陈述\"}");
	get(c, &c->leader, id, &v);
	assert_int_equal(v.steps[v.nsteps - 1].log_index, -1);
	assert_true(v.steps[v.nsteps - 2].log_index >= 0);
	/* Two steps in a row that issue no document (adjacent history rows)
	 * both show their leaves once integrated. */
	step_ok(c, &c->off2, id, "statement", "{\"text\":\"补充陈述\"}");
	if (zf_app_log_step(lg, &n, &err))
		fail_msg("log step: %s", err.msg);
	get(c, &c->leader, id, &v);
	assert_int_equal(v.steps[v.nsteps - 1].history_id, v.steps[v.nsteps - 2].history_id + 1);
	for (size_t i = 0; i < v.nsteps; i++)
		assert_true(v.steps[i].log_index >= 0);
	zf_app_log_close(lg);
}

/* Runs SQL on C's database, then expects log verify to fail naming each
 * string that follows (up to a NULL), then runs UNDO and expects it to pass. */
static void verify_tamper(struct ctx *c, const char *sql, const char *undo, ...)
{
	struct zf_err err = {0};
	const char *needle;
	va_list ap;

	if (zf_db_exec(c->f.db, sql, &c->f.err))
		fail_msg("%s: %s", sql, c->f.err.msg);
	if (zf_app_log_verify(c->f.db, c->data, NULL, &err) != ZF_ECONFLICT)
		fail_msg("verify after %s: %s", sql, err.msg[0] ? err.msg : "passed");
	va_start(ap, undo);
	while ((needle = va_arg(ap, const char *)))
		if (!strstr(err.msg, needle))
			fail_msg("verify: \"%s\" lacks \"%s\"", err.msg, needle);
	va_end(ap);
	if (zf_db_exec(c->f.db, undo, &c->f.err))
		fail_msg("%s: %s", undo, c->f.err.msg);
	if (zf_app_log_verify(c->f.db, c->data, NULL, &err))
		fail_msg("verify after %s: %s", undo, err.msg);
}

/* log verify compares every step and document row with its history row. */
static void test_log_verify_case_rows(void **state)
{
	struct ctx *c = *state;
	int64_t id = open_case(c), n0 = 0, docs0;
	struct zf_log_report rep;
	struct zf_err err = {0};
	char sql[512], undo[512], want[128], doc_want[128];
	struct zf_ledger *lg = NULL;

	if (zf_app_log_open(&lg, c->app, &err)) /* makes the key */
		fail_msg("log open: %s", err.msg);
	zf_app_log_close(lg);
	if (zf_app_log_verify(c->f.db, c->data, &rep, &err))
		fail_msg("verify: %s", err.msg);
	n0 = rep.records;
	docs0 = fixture_count(&c->f, "SELECT COUNT(*) FROM case_document");
	step_ok(c, &c->leader, id, "filing", "{}");
	step_ok(c, &c->off1, id, "notice", "{\"served_on\":\"2026-03-02\",\"fine\":\"100\"}");
	if (zf_app_log_verify(c->f.db, c->data, &rep, &err))
		fail_msg("verify: %s", err.msg);
	/* Every step and document counted as a compared record. */
	assert_int_equal(rep.records - n0,
			 2 + fixture_count(&c->f, "SELECT COUNT(*) FROM case_document") - docs0);
	open_case(c); /* another case to move a step to */
	snprintf(sql, sizeof(sql), "SELECT MAX(id) FROM case_step WHERE case_id = %lld", (long long)id);
	int64_t step = fixture_count(&c->f, sql);
	snprintf(sql, sizeof(sql),
		 "SELECT MAX(id) FROM case_document WHERE number <> '' AND case_id = %lld",
		 (long long)id);
	int64_t doc = fixture_count(&c->f, sql);
	snprintf(sql, sizeof(sql),
		 "SELECT MAX(id) FROM history WHERE entity = 'case_step' AND entity_id = %lld",
		 (long long)step);
	int64_t hist = fixture_count(&c->f, sql);
	assert_true(step > 0 && doc > 0 && hist > 0);
	snprintf(want, sizeof(want), "case_step id=%lld：字段 ", (long long)step);
	snprintf(doc_want, sizeof(doc_want), "case_document id=%lld：字段 ", (long long)doc);

	static const struct {
		const char *set, *field;
	} steps[] = {
		{"values_json = '{\"fine\":1}'", "values"},
		{"officers_json = '[99]'", "officers"},
		{"occurred_on = '2020-01-01'", "occurred_on"},
		{"place = '别处'", "place"},
		{"performed_at = performed_at + 1", "performed_at"},
		{"seq = seq + 100", "seq"},
		{"code = 'filing'", "step"},
		{"case_id = (SELECT MAX(id) FROM cases), seq = seq + 100", "case_id"},
		{"corrects_id = id", "corrects_id"},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "CREATE TABLE saved AS SELECT * FROM case_step WHERE id = %lld; "
			 "UPDATE case_step SET %s WHERE id = %lld", (long long)step, steps[i].set,
			 (long long)step);
		snprintf(undo, sizeof(undo),
			 "UPDATE case_step SET case_id = (SELECT case_id FROM saved), "
			 "seq = (SELECT seq FROM saved), code = (SELECT code FROM saved), "
			 "values_json = (SELECT values_json FROM saved), "
			 "officers_json = (SELECT officers_json FROM saved), "
			 "occurred_on = (SELECT occurred_on FROM saved), place = (SELECT place FROM saved), "
			 "performed_at = (SELECT performed_at FROM saved), "
			 "corrects_id = (SELECT corrects_id FROM saved) WHERE id = %lld; DROP TABLE saved",
			 (long long)step);
		verify_tamper(c, sql, undo, want, steps[i].field, "与最新变更记录", NULL);
	}
	/* The document's data, its number, its type. */
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved AS SELECT * FROM case_document WHERE id = %lld; "
		 "UPDATE case_document SET data_json = replace(data_json, '\"number\":\"', "
		 "'\"number\":\"X') WHERE id = %lld", (long long)doc, (long long)doc);
	snprintf(undo, sizeof(undo),
		 "UPDATE case_document SET data_json = (SELECT data_json FROM saved), "
		 "number = (SELECT number FROM saved), doc_type = (SELECT doc_type FROM saved) "
		 "WHERE id = %lld; DROP TABLE saved", (long long)doc);
	verify_tamper(c, sql, undo, doc_want, "data_json", NULL);
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved AS SELECT * FROM case_document WHERE id = %lld; "
		 "UPDATE case_document SET number = number || 'X' WHERE id = %lld", (long long)doc,
		 (long long)doc);
	verify_tamper(c, sql, undo, doc_want, "number", NULL);
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved AS SELECT * FROM case_document WHERE id = %lld; "
		 "UPDATE case_document SET doc_type = 'other' WHERE id = %lld", (long long)doc,
		 (long long)doc);
	verify_tamper(c, sql, undo, doc_want, "doc_type", NULL);
	/* Text that is the same JSON but not the same text is a change too. */
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved AS SELECT * FROM case_document WHERE id = %lld; "
		 "UPDATE case_document SET data_json = data_json || ' ' WHERE id = %lld",
		 (long long)doc, (long long)doc);
	verify_tamper(c, sql, undo, doc_want, "data_json", NULL);
	/* A step whose history row is no longer its own. */
	snprintf(sql, sizeof(sql), "UPDATE history SET entity_id = entity_id + 1000 WHERE id = %lld",
		 (long long)hist);
	snprintf(undo, sizeof(undo), "UPDATE history SET entity_id = entity_id - 1000 WHERE id = %lld",
		 (long long)hist);
	snprintf(want, sizeof(want), "case_step id=%lld：没有记录日志覆盖的变更记录", (long long)step);
	verify_tamper(c, sql, undo, want, NULL);
	/* A document row inserted without a history row. */
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved AS SELECT * FROM case_document WHERE id = %lld; "
		 "UPDATE saved SET id = id + 1000, number = number || 'Y'; "
		 "INSERT INTO case_document SELECT * FROM saved", (long long)doc);
	snprintf(undo, sizeof(undo), "DELETE FROM case_document WHERE id = %lld; DROP TABLE saved",
		 (long long)doc + 1000);
	snprintf(want, sizeof(want), "case_document id=%lld：没有记录日志覆盖的变更记录",
		 (long long)doc + 1000);
	verify_tamper(c, sql, undo, want, NULL);
}

/* A violation type of the test body (statutory maximum 2万元); its id. */
static int64_t save_violation(struct ctx *c)
{
	const struct zf_violation vt = {.body_id = c->body, .code = "SZ-01", .name = "擅自占用城市道路",
					.legal_basis = "《城市道路管理条例》第二十七条",
					.penalty_basis = "《城市道路管理条例》第四十二条",
					.fine_max = 2000000, .active = 1};
	int64_t vid = 0;

	if (zf_app_violation_save(c->app, &c->cli, &vt, &vid, &c->f.err))
		fail_msg("violation: %s", c->f.err.msg);
	return vid;
}

#define SIG "{\"strokes\":[[10,10,50,40]],\"w\":300,\"h\":100}"

/* An ordinary penalty under the shipped definition, from the source to the decision document. */
static void test_shipped_ordinary(void **state)
{
	struct ctx *c = *state;
	struct zf_case_view v;
	int64_t id = 0;
	char in[1024];
	json_t *j;

	snprintf(in, sizeof(in),
		 "{\"parties\":[{\"kind\":\"org\",\"name\":\"某公司\",\"uscc\":\"91350100M000100Y43\"}],"
		 "\"values\":{\"date\":\"2026-02-20\",\"source_type\":\"inspection\","
		 "\"found_on\":\"2026-02-20\",\"title\":\"某公司擅自占道案\",\"clue\":\"巡查发现\"}}");
	j = J(in);
	if (zf_app_case_open(c->app, &c->off1, "penalty_ordinary", j, &id, &c->f.err))
		fail_msg("open: %s", c->f.err.msg);
	json_decref(j);
	int64_t vid = save_violation(c);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"violation_type\":%lld,"
		 "\"act_date\":\"2026-02-20\",\"grounds\":\"有违法事实\",\"opinion\":\"同意\"}",
		 (long long)vid);
	step_ok(c, &c->leader, id, "filing", in);
	snprintf(in, sizeof(in), "{\"date\":\"2026-02-23\",\"officers\":[%lld,%lld]}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->leader, id, "assign_officers", in);
	/* Without the party's signature: refused. */
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-24\",\"started_at\":\"2026-02-24T09:00\","
		 "\"ended_at\":\"2026-02-24T09:40\",\"place\":\"某路\",\"officers\":[%lld,%lld],"
		 "\"present\":\"负责人\",\"rights_informed\":true,\"record\":\"占道经营\"%s}",
		 (long long)c->o1, (long long)c->o2, "");
	assert_int_equal(step(c, &c->off1, id, "site_check", in), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "values.party_signature"));
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-24\",\"started_at\":\"2026-02-24T09:00\","
		 "\"ended_at\":\"2026-02-24T09:40\",\"place\":\"某路\",\"officers\":[%lld,%lld],"
		 "\"present\":\"负责人\",\"rights_informed\":true,\"record\":\"占道经营\","
		 "\"party_signature\":" SIG "}",
		 (long long)c->o1, (long long)c->o2);
	/* The AV rule (av_or_photo): without a record, refused; a scan does not count. */
	assert_int_equal(step(c, &c->off1, id, "site_check", in), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "evidence"), "「现场检查（勘验）」须附"));
	int64_t scan = evidence_put(c, id, "site_check", "scan");
	assert_int_equal(step(c, &c->off1, id, "site_check", in), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "evidence"));
	int64_t photo = evidence_put(c, id, "site_check", "photo");
	step_ok(c, &c->off1, id, "site_check", in);
	/* both bound to the step, each with a logged custody row */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM evidence e JOIN case_step s "
					      "ON s.id = e.step_id WHERE s.code = 'site_check'"),
			 2);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM evidence_custody "
					      "WHERE action = 'bind'"),
			 2);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history "
					      "WHERE entity = 'evidence_custody'"),
			 2);
	char like[160];
	snprintf(like, sizeof(like),
		 "SELECT COUNT(*) FROM history WHERE entity = 'case_step' AND action = "
		 "'step_site_check' AND after_json LIKE '%%\"evidence\":[%lld,%lld]%%'",
		 (long long)scan, (long long)photo);
	assert_int_equal(fixture_count(&c->f, like), 1);
	/* An inquiry (rule "av"): a photo is not a recording; a video is. */
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-24\",\"started_at\":\"2026-02-24T10:00\","
		 "\"ended_at\":\"2026-02-24T10:30\",\"place\":\"询问室\",\"officers\":[%lld,%lld],"
		 "\"interviewee\":\"负责人\",\"interviewee_role\":\"legal_rep\","
		 "\"rights_informed\":true,\"record\":\"问答\",\"party_signature\":" SIG "}",
		 (long long)c->o1, (long long)c->o2);
	evidence_put(c, id, "inquiry", "photo");
	assert_int_equal(step(c, &c->off1, id, "inquiry", in), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "evidence"), "录音或录像"));
	int64_t video = evidence_put(c, id, "inquiry", "video");
	/* a withdrawn video does not count */
	char wd[128];
	snprintf(wd, sizeof(wd), "INSERT INTO evidence_withdrawal (evidence_id, reason, withdrawn_at) "
		 "VALUES (%lld, '错传', 0)", (long long)video);
	if (zf_db_exec(c->f.db, wd, &c->f.err))
		fail_msg("withdraw: %s", c->f.err.msg);
	assert_int_equal(step(c, &c->off1, id, "inquiry", in), ZF_EINVAL);
	video = evidence_put(c, id, "inquiry", "video");
	step_ok(c, &c->off1, id, "inquiry", in);
	snprintf(wd, sizeof(wd), "SELECT COUNT(*) FROM evidence WHERE id = %lld AND step_id IS NOT NULL",
		 (long long)video);
	assert_int_equal(fixture_count(&c->f, wd), 1);
	/* the withdrawn one stays unbound */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM evidence WHERE step_code = "
					      "'inquiry' AND step_id IS NULL"),
			 1);
	snprintf(in, sizeof(in),
		 "{\"date\":\"2026-02-25\",\"officers\":[%lld,%lld],\"facts\":\"占道\","
		 "\"evidence\":\"笔录\",\"basis\":\"第四十二条\",\"proposal\":\"penalty\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"5000\",\"band\":\"general\",\"reason\":\"建议\"}",
		 (long long)c->o1, (long long)c->o2);
	step_ok(c, &c->off1, id, "investigation_report", in);
	step_ok(c, &c->reviewer, id, "case_review",
		"{\"date\":\"2026-02-26\",\"review_opinion\":\"agree\",\"opinion_text\":\"同意\"}");
	/* Above the statutory maximum (2万元): refused. */
	assert_int_equal(step(c, &c->off1, id, "notice",
			      "{\"date\":\"2026-02-27\",\"facts\":\"占道\",\"evidence\":\"笔录\","
			      "\"basis\":\"第四十二条\",\"penalty_types\":[\"fine\"],\"fine\":\"25000\","
			      "\"band\":\"general\"}"),
			 ZF_EINVAL);
	step_ok(c, &c->off1, id, "notice",
		"{\"date\":\"2026-02-27\",\"facts\":\"占道\",\"evidence\":\"笔录\","
		"\"basis\":\"第四十二条\",\"penalty_types\":[\"fine\"],\"fine\":\"5000\","
		"\"band\":\"general\"}");
	/* A reason the list does not allow is refused, naming the allowed ones. */
	assert_int_equal(step(c, &c->off1, id, "notice_service",
			      "{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
			      "\"served_on\":\"2026-03-02\",\"recipient\":\"负责人\","
			      "\"party_signature\":" SIG ",\"av_exception\":\"忘带了\"}"),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "av_exception"), "设备故障、现场条件不允许"));
	/* An allowed one lets it go on, recorded and logged for supervisors. */
	step_ok(c, &c->off1, id, "notice_service",
		"{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
		"\"served_on\":\"2026-03-02\",\"recipient\":\"负责人\",\"party_signature\":" SIG ","
		"\"av_exception\":\" 设备故障 \"}");
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM av_exception WHERE reason = "
					      "'设备故障' AND step_code = 'notice_service' AND rule = "
					      "'av_or_photo'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE entity = "
					      "'av_exception'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE action = "
					      "'step_notice_service' AND after_json LIKE "
					      "'%\"av_exception\":\"设备故障\"%'"),
			 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM case_step WHERE code = "
					      "'notice_service' AND values_json LIKE '%av_exception%'"),
			 0);
	get(c, &c->leader, id, &v);
	assert_string_equal(v.c.opened_on, "2026-02-20"); /* the source's date */
	assert_string_equal(v.c.case_no, "测试局案〔2026〕1号");
	assert_string_equal(doc_of(&v, "penalty_notice")->number, "测试局罚告〔2026〕1号");
	assert_string_equal(deadline_of(&v, "statement")->due, "2026-03-09");
	assert_false(has_action(&v, "hearing_request")); /* 5,000元 for an organisation */
	const char *decision = "{\"date\":\"2026-03-02\",\"decision\":\"penalty\","
			       "\"penalty_types\":[\"fine\"],\"fine\":\"5000\",\"band\":\"general\","
			       "\"reason\":\"依法决定\"}";
	assert_int_equal(step(c, &c->leader, id, "decision", decision), ZF_EINVAL);
	step_ok(c, &c->off1, id, "statement_waiver",
		"{\"date\":\"2026-03-02\",\"statement_waived\":true,\"content\":\"放弃陈述申辩\","
		"\"party_signature\":" SIG "}");
	step_ok(c, &c->leader, id, "decision", decision);
	step_ok(c, &c->off1, id, "penalty_document",
		"{\"date\":\"2026-03-02\",\"facts\":\"占道\",\"evidence\":\"笔录\","
		"\"statements\":\"放弃\",\"basis\":\"第四十二条\",\"performance\":\"十五日内缴纳\"}");
	get(c, &c->leader, id, &v);
	const struct zf_case_doc *d = doc_of(&v, "penalty_decision");
	assert_string_equal(d->number, "测试局罚决〔2026〕1号");
	json_t *data = J(d->data_json);
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "facts_text"), "fine")),
			    "5,000.00元（伍仟元整）");
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "violation"), "name")),
			    "擅自占用城市道路");
	json_decref(data);
	assert_int_equal(deadline_of(&v, "decision")->state, ZF_DL_MET);
}

/* The summary procedure refuses a fine above its threshold for a citizen. */
static void test_shipped_summary_limits(void **state)
{
	struct ctx *c = *state;
	int64_t vid = save_violation(c), id = 0, before = written(c);
	char in[1024];
	json_t *j;

	for (int fine = 300; fine >= 200; fine -= 100) {
		snprintf(in, sizeof(in),
			 "{\"parties\":[{\"kind\":\"person\",\"name\":\"孙八\",\"id_type\":\"id_card\","
			 "\"id_number\":\"" PERSON_ID "\"}],"
			 "\"values\":{\"date\":\"2026-03-02\",\"started_at\":\"2026-03-02T09:00\","
			 "\"place\":\"某路\",\"officers\":[%lld,%lld],\"title\":\"乱扔\","
			 "\"violation_type\":%lld,\"facts_certain\":true,\"facts\":\"乱扔\",\"basis\":\"某条\","
			 "\"penalty_types\":[\"fine\"],\"fine\":\"%d\",\"informed\":true,"
			 "\"statement\":\"无\",\"party_signature\":" SIG ",\"av_exception\":\"设备故障\"}}",
			 (long long)c->o1, (long long)c->o2, (long long)vid, fine);
		j = J(in);
		zf_err_clear(&c->f.err);
		int rc = zf_app_case_open(c->app, &c->off1, "penalty_summary", j, &id, &c->f.err);
		json_decref(j);
		if (fine == 300) {
			assert_int_equal(rc, ZF_EINVAL);
			if (!strstr(c->f.err.msg, "简易程序"))
				fail_msg("summary 300: %s", c->f.err.msg);
			assert_int_equal(written(c), before);
		} else if (rc) {
			fail_msg("summary 200: %s", c->f.err.msg);
		}
	}
	struct zf_case_view v;
	get(c, &c->off1, id, &v);
	assert_string_equal(doc_of(&v, "summary_decision")->number, "测试局当罚〔2026〕1号");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_records_everything),
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_steps_in_order_and_refusals_write_nothing),
		cmocka_unit_test(test_documents_numbering_and_canonical_data),
		cmocka_unit_test(test_statement_period_and_decision),
		cmocka_unit_test(test_wait_period_over_is_not_late),
		cmocka_unit_test(test_correction),
		cmocka_unit_test(test_recusal),
		cmocka_unit_test(test_pause_subtracts),
		cmocka_unit_test(test_masking_and_audit),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_deadlines_provisional_and_missing_year),
		cmocka_unit_test(test_settings_and_violations),
		cmocka_unit_test(test_log_entries),
		cmocka_unit_test(test_log_verify_case_rows),
	};
	const struct CMUnitTest shipped[] = {
		cmocka_unit_test(test_shipped_ordinary),
		cmocka_unit_test(test_shipped_summary_limits),
	};
	return run_fresh(tests, setup, teardown) + run_fresh(shipped, setup_shipped, teardown);
}
