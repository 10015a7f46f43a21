/* Unit tests of the lists published before enforcement (app/public_list.c) on a fresh database (SQLite, or PostgreSQL with ZF_TEST_PG): who drafts and approves, the drafter never approving, the items list waiting for the justice bureau, other kinds going live at the body's approval, superseding, rejection, the public reads, and every step logged. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/public_list.h"
#include "core/role.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time. */
#define T_0302 1772416800

struct ctx {
	struct fixture f; /* first: the fixture's state points at it */
	char data[128];
	struct zf_app *app;
	int64_t body, other_body;
	struct zf_actor leader, leader2, reviewer, officer, supervisor, other_leader, pub;
};


static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = T_0302;
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->other_body = fixture_body(c->f.db, "县司法局", "91330100MA27XL0E2W");
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->leader2, 16, "leader2", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->reviewer, 15, "reviewer1", ZF_ROLE_REVIEWER, c->body, 0);
	fixture_actor(&c->officer, 11, "officer1", ZF_ROLE_OFFICER, c->body, 0);
	fixture_actor(&c->supervisor, 18, "supervisor1", ZF_ROLE_SUPERVISOR, c->other_body, 0);
	fixture_actor(&c->other_leader, 19, "leader9", ZF_ROLE_LEADER, c->other_body, 0);
	memset(&c->pub, 0, sizeof(c->pub));
	return c->body && c->other_body ? 0 : -1;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

static int64_t count(struct ctx *c, const char *sql)
{
	return fixture_count(&c->f, sql);
}

/* History rows of the lists, their log entries and audit records, summed. */
static int64_t written(struct ctx *c)
{
	return count(c, "SELECT (SELECT COUNT(*) FROM public_list) + "
			"(SELECT COUNT(*) FROM history WHERE entity = 'public_list') + "
			"(SELECT COUNT(*) FROM log_pending)");
}

static json_t *checks_list(const char *ratio)
{
	json_t *rows = json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:s}]", "subject", "测试局", "basis",
				 "《旅游法》", "object", "旅行社", "content", "许可", "ratio", ratio,
				 "method", "双随机", "frequency", "每年");
	return zf_public_list_new("random_checks", rows);
}

static json_t *items_list(const char *name)
{
	json_t *rows = json_pack("[{s:s,s:s,s:s,s:s,s:s}]", "code", "A-1", "name", name, "category",
				 "处罚", "body", "测试局", "basis", "《条例》第四条");
	return zf_public_list_new("items", rows);
}

static int64_t draft(struct ctx *c, const struct zf_actor *a, const char *kind, json_t *list)
{
	struct zf_err err = {0};
	int64_t id = 0;
	int rc = zf_app_public_list_draft(c->app, a, kind, list, "法律修改", &id, &err);

	json_decref(list);
	if (rc)
		fail_msg("draft: %d %s", rc, err.msg);
	return id;
}

static const char *state_of(struct ctx *c, int64_t id, int64_t *version)
{
	static char st[16];
	struct zf_public_list_rec r;
	struct zf_err err = {0};

	if (zf_store_public_list_get(c->f.db, c->f.a, id, &r, &err))
		fail_msg("get %lld: %s", (long long)id, err.msg);
	snprintf(st, sizeof(st), "%s", r.state);
	if (version)
		*version = r.version;
	return st;
}

static void test_draft_refusals(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int64_t before = written(c);
	json_t *l = checks_list("5%");

	assert_int_equal(zf_app_public_list_draft(c->app, &c->officer, "random_checks", l, "", NULL, &err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_public_list_draft(c->app, &c->supervisor, "random_checks", l, "",
						  NULL, &err),
			 ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_public_list_draft(c->app, &c->reviewer, "nosuch", l, "", NULL, &err),
			 ZF_EINVAL);
	json_decref(l);
	zf_err_clear(&err);
	l = checks_list("");
	assert_int_equal(zf_app_public_list_draft(c->app, &c->reviewer, "random_checks", l, "", NULL,
						  &err),
			 ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "items[0].ratio"), "请填写第1行的抽查比例"));
	json_decref(l);
	assert_int_equal(written(c), before);
	/* refusals are audited */
	assert_true(count(c, "SELECT COUNT(*) FROM audit WHERE action = 'public_list_draft' AND "
			     "outcome <> 'ok'") >= 3);
}

static void test_other_kinds_live_at_inside_approval(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int live = -1;
	int64_t v = 0;
	int64_t id = draft(c, &c->reviewer, "random_checks", checks_list("5%"));

	assert_string_equal(state_of(c, id, NULL), "draft");
	/* not a leader, a leader of another body, the public: refused */
	assert_int_equal(zf_app_public_list_approve(c->app, &c->reviewer, id, &live, &err), ZF_EDENIED);
	assert_int_equal(zf_app_public_list_approve(c->app, &c->other_leader, id, &live, &err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_public_list_approve(c->app, &c->supervisor, id, &live, &err),
			 ZF_EDENIED);
	assert_string_equal(state_of(c, id, NULL), "draft");
	/* the public cannot see a draft */
	struct zf_public_list_rec r;
	assert_int_equal(zf_app_public_list_get(c->app, &c->pub, c->f.a, id, &r, &err), ZF_ENOTFOUND);
	int64_t logged = count(c, "SELECT COUNT(*) FROM log_pending");
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id, &live, &err), 0);
	assert_int_equal(live, 1);
	assert_string_equal(state_of(c, id, &v), "live");
	assert_int_equal(v, 1);
	/* approve + live: two history rows, two log entries, one audit record */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM log_pending"), logged + 2);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'public_list' AND "
				  "action IN ('public_list_draft', 'public_list_approve', "
				  "'public_list_live')"),
			 3);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM audit WHERE action = 'public_list_approve' "
				  "AND outcome = 'ok'"),
			 1);
	assert_int_equal(zf_app_public_list_get(c->app, &c->pub, c->f.a, id, &r, &err), 0);
	assert_non_null(strstr(r.json, "双随机"));
	/* approving twice: refused */
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id, &live, &err), ZF_ECONFLICT);
}

static void test_drafter_cannot_approve(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int live = 0;
	int64_t id = draft(c, &c->leader, "service_guides",
			   zf_public_list_new("service_guides",
					      json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}]",
							"name", "审批", "basis", "法", "accepting", "窗口",
							"approving", "局", "conditions", "条件", "materials",
							"材料", "process", "流程", "time_limit", "10日",
							"fees", "不收费", "supervision", "电话", "remedy",
							"复议", "hours", "工作日", "address", "地址",
							"phone", "0356-6200000")));

	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id, &live, &err), ZF_EDENIED);
	assert_non_null(strstr(err.msg, "起草人不能审批"));
	assert_string_equal(state_of(c, id, NULL), "draft");
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader2, id, &live, &err), 0);
	assert_int_equal(live, 1);
}

static void test_items_need_justice_and_supersede(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	struct zf_public_list_rec r, *rows = NULL;
	size_t n = 0;
	int live = -1;
	int64_t v = 0;
	int64_t id1 = draft(c, &c->reviewer, "items", items_list("第一版事项"));

	assert_int_equal(zf_app_public_list_justice(c->app, &c->supervisor, id1, &err), ZF_ECONFLICT);
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id1, &live, &err), 0);
	assert_int_equal(live, 0);
	assert_string_equal(state_of(c, id1, NULL), "approved");
	assert_int_equal(zf_app_public_list_live(c->app, c->f.a, c->body, "items", &r, &err),
			 ZF_ENOTFOUND);
	/* in the supervisors' queue, nobody else's */
	assert_int_equal(zf_app_public_list_queue(c->app, &c->leader, c->f.a, &rows, &n, &err), ZF_EDENIED);
	assert_int_equal(zf_app_public_list_queue(c->app, &c->supervisor, c->f.a, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id1);
	/* the body's leader cannot do the justice bureau's part */
	assert_int_equal(zf_app_public_list_justice(c->app, &c->leader, id1, &err), ZF_EDENIED);
	assert_int_equal(zf_app_public_list_justice(c->app, &c->supervisor, id1, &err), 0);
	assert_string_equal(state_of(c, id1, &v), "live");
	assert_int_equal(v, 1);
	assert_int_equal(zf_app_public_list_live(c->app, c->f.a, c->body, "items", &r, &err), 0);
	assert_int_equal(r.justice_by, c->supervisor.account_id);
	assert_int_equal(r.justice_at, T_0302);
	/* a second version supersedes the first */
	c->app->clock.fixed = T_0302 + 86400;
	int64_t id2 = draft(c, &c->reviewer, "items", items_list("第二版事项"));
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id2, &live, &err), 0);
	assert_string_equal(state_of(c, id1, NULL), "live");
	assert_int_equal(zf_app_public_list_justice(c->app, &c->supervisor, id2, &err), 0);
	assert_string_equal(state_of(c, id1, NULL), "superseded");
	assert_string_equal(state_of(c, id2, &v), "live");
	assert_int_equal(v, 2);
	assert_int_equal(zf_app_public_list_get(c->app, &c->pub, c->f.a, id1, &r, &err), 0);
	assert_int_equal(r.live_from, T_0302);
	assert_int_equal(r.live_to, T_0302 + 86400);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE action = 'public_list_supersede'"),
			 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM public_list WHERE kind = 'items' AND "
				  "state = 'live'"),
			 1);
	/* the public sees both published versions, newest first; staff also drafts */
	assert_int_equal(zf_app_public_list_rows(c->app, &c->pub, c->f.a, c->body, "items", 0, &rows,
						 &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].version, 2);
	assert_string_equal(rows[0].json, "");
	assert_int_equal(zf_app_public_list_rows(c->app, &c->pub, c->f.a, c->body, "items", 1, &rows,
						 &n, &err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_public_list_rows(c->app, &c->other_leader, c->f.a, c->body, NULL, 1,
						 &rows, &n, &err),
			 ZF_EDENIED);
	/* every step in the record log: 2 x (draft, approve, justice, live) + supersede */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'public_list' AND "
				  "salt IS NOT NULL"),
			 9);
}

static void test_reject(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int live = 0;
	int64_t id = draft(c, &c->reviewer, "random_checks", checks_list("5%"));
	int64_t before = written(c);

	assert_int_equal(zf_app_public_list_reject(c->app, &c->leader, id, "", &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "reason"));
	assert_int_equal(zf_app_public_list_reject(c->app, &c->supervisor, id, "不行", &err), ZF_EDENIED);
	assert_int_equal(written(c), before);
	assert_int_equal(zf_app_public_list_reject(c->app, &c->leader, id, "比例依据不足", &err), 0);
	assert_string_equal(state_of(c, id, NULL), "rejected");
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, id, &live, &err), ZF_ECONFLICT);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM public_list WHERE reason = '比例依据不足'"), 1);
	/* the justice bureau sends an approved items list back */
	int64_t it = draft(c, &c->reviewer, "items", items_list("待审"));
	assert_int_equal(zf_app_public_list_approve(c->app, &c->leader, it, &live, &err), 0);
	assert_int_equal(zf_app_public_list_reject(c->app, &c->leader, it, "撤回", &err), ZF_EDENIED);
	assert_int_equal(zf_app_public_list_reject(c->app, &c->supervisor, it, "法律依据不全", &err), 0);
	assert_string_equal(state_of(c, it, NULL), "rejected");
	assert_int_equal(zf_app_public_list_justice(c->app, &c->supervisor, it, &err), ZF_ECONFLICT);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE action = 'public_list_reject'"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_kinds_live_at_inside_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drafter_cannot_approve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_items_need_justice_and_supersede, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
