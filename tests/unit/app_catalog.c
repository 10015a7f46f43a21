/* Unit tests of the catalog use cases on SQLite and PostgreSQL: draft, approval by another person who is the body's 负责人, refusals that write nothing, the version in force, and the log of every write. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/catalog.h"
#include "app/review.h"
#include "core/role.h"
#include "store_fixture.h"

struct ctx {
	struct fixture f;
	struct zf_app *app;
	char data[96];
	int64_t body, other_body;
	struct zf_actor officer, leader, leader2, reviewer, other_leader, public;
};


static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = 1772409600; /* 2026-03-02 */
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->other_body = fixture_body(c->f.db, "他局", "91330100MA27XL0E2W");
	fixture_actor(&c->officer, 11, "officer1", ZF_ROLE_OFFICER, c->body, 0);
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->leader2, 17, "leader2", ZF_ROLE_LEADER, c->body, 0);
	fixture_actor(&c->reviewer, 15, "reviewer1", ZF_ROLE_REVIEWER, c->body, 0);
	fixture_actor(&c->other_leader, 16, "leader9", ZF_ROLE_LEADER, c->other_body, 0);
	zf_actor_public(&c->public, "127.0.0.1");
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

/* Catalog rows, history rows and pending log entries, summed. */
static int64_t written(struct ctx *c)
{
	return fixture_count(&c->f, "SELECT (SELECT COUNT(*) FROM review_catalog) + "
				    "(SELECT COUNT(*) FROM history) + (SELECT COUNT(*) FROM log_pending)");
}

/* A catalog of one fine rule for persons at AMOUNT 分. */
static json_t *fine_catalog(int64_t amount)
{
	json_t *cat = json_pack("{s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:I}]}", "format",
				ZF_CATALOG_FORMAT, "rules", "code", "fine_person", "label",
				"对公民处以五千元以上罚款", "type", "fine", "party", "person", "cmp",
				">", "amount_fen", (json_int_t)amount);
	assert_non_null(cat);
	return cat;
}

/* The current catalog's version and its first rule's amount. */
static int64_t current(struct ctx *c, int64_t *amount)
{
	json_t *cat = NULL;
	int64_t v = -1;

	if (zf_app_catalog_current(c->f.db, c->body, &cat, &v, &c->f.err))
		fail_msg("current: %s", c->f.err.msg);
	*amount = json_integer_value(
		json_object_get(json_array_get(json_object_get(cat, "rules"), 0), "amount_fen"));
	json_decref(cat);
	return v;
}

static void test_default_until_approved(void **state)
{
	struct ctx *c = *state;
	int64_t amount = 0;

	assert_int_equal(current(c, &amount), 0);
	assert_int_equal(amount, 1000000); /* the documented default: 1 万元 for persons */
}

static void test_draft_and_approve(void **state)
{
	struct ctx *c = *state;
	json_t *cat = fine_catalog(500000);
	struct zf_catalog_row *rows = NULL, row;
	int64_t id = 0, v = 0, amount = 0, before;
	size_t n = 0;

	before = fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending");
	if (zf_app_catalog_draft(c->app, &c->reviewer, cat, "依据本局实际修订", &id, &c->f.err))
		fail_msg("draft: %s", c->f.err.msg);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending"), before + 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE "
					      "entity = 'review_catalog' AND action = 'catalog_draft'"),
			 1);
	/* A draft is not in force. */
	assert_int_equal(current(c, &amount), 0);
	if (zf_app_catalog_approve(c->app, &c->leader, id, &v, &c->f.err))
		fail_msg("approve: %s", c->f.err.msg);
	assert_int_equal(v, 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM log_pending"), before + 2);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE "
					      "entity = 'review_catalog' AND action = 'catalog_approve' "
					      "AND salt IS NOT NULL"),
			 1);
	assert_int_equal(current(c, &amount), 1);
	assert_int_equal(amount, 500000);
	/* The row says who and when. */
	assert_int_equal(zf_app_catalog_get(c->app, &c->leader, c->f.a, id, &row, &c->f.err), 0);
	assert_string_equal(row.state, "approved");
	assert_int_equal(row.drafted_by, 15);
	assert_int_equal(row.decided_by, 14);
	assert_int_equal(row.decided_at, 1772409600);
	assert_string_equal(row.note, "依据本局实际修订");
	/* Approved once: not again. */
	assert_int_equal(zf_app_catalog_approve(c->app, &c->leader2, id, &v, &c->f.err),
			 ZF_ECONFLICT);
	/* A second version. */
	json_decref(cat);
	cat = fine_catalog(300000);
	assert_int_equal(zf_app_catalog_draft(c->app, &c->leader2, cat, NULL, &id, &c->f.err), 0);
	assert_int_equal(zf_app_catalog_approve(c->app, &c->leader, id, &v, &c->f.err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(current(c, &amount), 2);
	assert_int_equal(amount, 300000);
	assert_int_equal(zf_app_catalog_published(c->app, c->f.a, c->body, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].version, 2);
	assert_int_equal(rows[1].version, 1);
	/* Audit records of the writes. */
	assert_true(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = "
					 "'catalog_approve' AND outcome = 'ok'") == 2);
	json_decref(cat);
}

static void test_refusals_write_nothing(void **state)
{
	struct ctx *c = *state;
	json_t *cat = fine_catalog(500000);
	int64_t id = 0, v = 0, w;

	assert_int_equal(zf_app_catalog_draft(c->app, &c->leader, cat, "", &id, &c->f.err), 0);
	w = written(c);
	/* The drafter cannot approve it. */
	assert_int_equal(zf_app_catalog_approve(c->app, &c->leader, id, &v, &c->f.err), ZF_EDENIED);
	assert_non_null(strstr(c->f.err.msg, "起草人"));
	/* An officer, a reviewer, another body's leader, the public cannot. */
	assert_int_equal(zf_app_catalog_approve(c->app, &c->officer, id, &v, &c->f.err), ZF_EDENIED);
	assert_non_null(strstr(c->f.err.msg, "负责人"));
	assert_int_equal(zf_app_catalog_approve(c->app, &c->reviewer, id, &v, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_catalog_approve(c->app, &c->other_leader, id, &v, &c->f.err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_catalog_approve(c->app, &c->public, id, &v, &c->f.err), ZF_EDENIED);
	/* Officers cannot draft. */
	assert_int_equal(zf_app_catalog_draft(c->app, &c->officer, cat, "", &id, &c->f.err),
			 ZF_EDENIED);
	/* An invalid catalog is refused with its field. */
	json_object_del(json_array_get(json_object_get(cat, "rules"), 0), "cmp");
	assert_int_equal(zf_app_catalog_draft(c->app, &c->reviewer, cat, "", &id, &c->f.err),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "rules[0].cmp"));
	/* Rejection needs a reason. */
	assert_int_equal(zf_app_catalog_reject(c->app, &c->leader2, id, " ", &c->f.err), ZF_EINVAL);
	assert_int_equal(written(c), w);
	/* Refusals are audited. */
	assert_true(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE outcome = 'denied'") >= 5);
	json_decref(cat);
}

static void test_reject_and_replace(void **state)
{
	struct ctx *c = *state;
	json_t *cat = fine_catalog(500000);
	struct zf_catalog_row *rows = NULL;
	int64_t a = 0, b = 0, v = 0, amount = 0;
	size_t n = 0;

	assert_int_equal(zf_app_catalog_draft(c->app, &c->reviewer, cat, "", &a, &c->f.err), 0);
	assert_int_equal(zf_app_catalog_draft(c->app, &c->reviewer, cat, "第二稿", &b, &c->f.err), 0);
	/* The first draft was replaced: it can no longer be approved. */
	assert_int_equal(zf_app_catalog_approve(c->app, &c->leader, a, &v, &c->f.err), ZF_ECONFLICT);
	assert_int_equal(zf_app_catalog_reject(c->app, &c->leader, b, "罚款数额过低", &c->f.err), 0);
	assert_int_equal(zf_app_catalog_approve(c->app, &c->leader, b, &v, &c->f.err), ZF_ECONFLICT);
	assert_int_equal(current(c, &amount), 0);
	assert_int_equal(zf_app_catalog_list(c->app, &c->reviewer, c->f.a, c->body, &rows, &n,
					     &c->f.err),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].state, "rejected");
	assert_string_equal(rows[0].note, "罚款数额过低");
	assert_string_equal(rows[0].decider, "");
	assert_string_equal(rows[1].state, "replaced");
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM history WHERE "
					      "action = 'catalog_reject'"),
			 1);
	/* Nothing published; other bodies' versions are not listed to a reviewer. */
	assert_int_equal(zf_app_catalog_published(c->app, c->f.a, c->body, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(zf_app_catalog_list(c->app, &c->reviewer, c->f.a, c->other_body, &rows, &n,
					     &c->f.err),
			 ZF_EDENIED);
	assert_int_equal(zf_app_catalog_list(c->app, &c->officer, c->f.a, c->body, &rows, &n,
					     &c->f.err),
			 ZF_EDENIED);
	json_decref(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_until_approved),
		cmocka_unit_test(test_draft_and_approve),
		cmocka_unit_test(test_refusals_write_nothing),
		cmocka_unit_test(test_reject_and_replace),
	};
	return run_fresh(tests, setup, teardown);
}
