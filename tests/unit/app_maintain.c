/* Unit tests of the server's housekeeping: idle sessions and audit records past retention go, the rest stays. */
#include "app/app.h"
#include "app/maintain.h"
#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store_fixture.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400

struct ctx {
	struct fixture f;
	struct zf_app *app;
};

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	struct zf_body b = {.name = "测试局", .uscc = "91350100M000100Y43", .state = ZF_BODY_ACTIVE};
	struct zf_account acc = {.login = "clerk", .role = ZF_ROLE_REGISTRAR, .body_id = 1, .pw_hash = "x",
				 .enabled = 1, .created_at = T0, .pw_changed_at = T0};
	int64_t id;
	if (zf_store_body_insert(c->f.db, &b, T0, &id, &c->f.err) ||
	    zf_store_account_insert(c->f.db, &acc, &id, &c->f.err))
		return -1;
	if (zf_app_open(&c->app, c->f.path, c->f.dir, 2, &c->f.err))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	zf_app_close(c->app);
	fixture_close(&c->f);
	return 0;
}

static void add_audit(struct ctx *c, int64_t at)
{
	struct zf_audit r = {.at = at, .actor_login = "clerk", .addr = "127.0.0.1",
			     .action = "login", .target = "", .outcome = "ok", .detail = ""};
	assert_int_equal(zf_store_audit_add(c->f.db, &r, &c->f.err), 0);
}

static int64_t count(struct ctx *c, const char *sql)
{
	struct zf_stmt *st;
	int64_t n = -1;
	assert_int_equal(zf_db_prepare(c->f.db, &st, sql, &c->f.err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &c->f.err), 0);
	return n;
}

static void test_idle_sessions_end(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int64_t idle = c->app->settings.session_idle;
	assert_int_equal(zf_store_session_insert(c->f.db, "old", 1, "c1", T0, &err), 0);
	assert_int_equal(zf_store_session_insert(c->f.db, "fresh", 1, "c2", T0 + idle, &err), 0);
	c->app->clock.fixed = T0 + idle + 60;
	assert_int_equal(zf_app_maintain(c->app, &err), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM session WHERE token_hash = 'old'"), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM session WHERE token_hash = 'fresh'"), 1);
}

/* The retention never drops under six months, whatever the setting says. */
static void test_audit_retention(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int64_t now = T0 + 1000 * DAY;
	add_audit(c, now - 500 * DAY);
	add_audit(c, now - 300 * DAY);
	add_audit(c, now - 100 * DAY);
	c->app->clock.fixed = now;
	assert_int_equal(zf_app_maintain(c->app, &err), 0); /* default: 400 days */
	assert_int_equal(count(c, "SELECT count(*) FROM audit"), 2);
	c->app->settings.audit_keep_days = 30; /* below the minimum: 183 days hold */
	assert_int_equal(zf_app_maintain(c->app, &err), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM audit"), 1);
	assert_int_equal(count(c, "SELECT min(at) FROM audit"), now - 100 * DAY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_sessions_end),
		cmocka_unit_test(test_audit_retention),
	};
	return run_fresh(tests, setup, teardown);
}
