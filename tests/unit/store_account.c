/* Unit tests of store/account.c and store/audit.c: accounts, sessions, tokens, throttle, audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store_fixture.h"

struct ctx {
	struct fixture f;
	int64_t body;
};

/* Per-test setup: a migrated database with one body. */
static int setup(void **state)
{
	struct ctx *c;

	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	c = *state;
	c->body = fixture_body(c->f.db, "甲局", "11330000002482014X");
	return 0;
}

static int64_t add_account(struct ctx *c, const char *login, int role, const char *totp)
{
	struct zf_account a = {0};
	int64_t id = 0;

	a.login = login;
	a.role = role;
	a.body_id = c->body;
	a.pw_hash = "scrypt$x";
	a.totp_secret = totp;
	a.enabled = 1;
	a.created_at = a.pw_changed_at = 5000;
	if (zf_store_account_insert(c->f.db, &a, &id, &c->f.err))
		return 0;
	return id;
}

static void test_accounts(void **state)
{
	struct ctx *c = *state;
	struct fixture *f = &c->f;
	struct zf_account got, *list = NULL, a = {0};
	size_t n = 0;
	int64_t officer = fixture_officer(f->db, c->body, "张三", "A-0001");
	int64_t id, id2, dup = 0;

	id = add_account(c, "zhangsan", ZF_ROLE_PUBLISHER, NULL);
	assert_true(id > 0);
	id2 = add_account(c, "admin", ZF_ROLE_SECADMIN, "JBSWY3DPEHPK3PXP");
	assert_true(id2 > 0);

	assert_int_equal(zf_store_account_get(f->db, f->a, id, &got, &f->err), 0);
	assert_string_equal(got.login, "zhangsan");
	assert_int_equal(got.role, ZF_ROLE_PUBLISHER);
	assert_int_equal(got.body_id, c->body);
	assert_int_equal(got.officer_id, 0);
	assert_string_equal(got.pw_hash, "scrypt$x");
	assert_null(got.totp_secret);
	assert_int_equal(got.enabled, 1);
	assert_int_equal(got.created_at, 5000);

	assert_int_equal(zf_store_account_by_login(f->db, f->a, "admin", &got, &f->err), 0);
	assert_int_equal(got.id, id2);
	assert_string_equal(got.totp_secret, "JBSWY3DPEHPK3PXP");
	assert_int_equal(zf_store_account_by_login(f->db, f->a, "nobody", &got, &f->err),
			 ZF_ENOTFOUND);

	/* Officer binding round trip. */
	a.login = "officer1";
	a.role = ZF_ROLE_OFFICER;
	a.body_id = c->body;
	a.officer_id = officer;
	a.pw_hash = "h";
	a.enabled = 1;
	assert_int_equal(zf_store_account_insert(f->db, &a, &dup, &f->err), 0);
	assert_int_equal(zf_store_account_get(f->db, f->a, dup, &got, &f->err), 0);
	assert_int_equal(got.officer_id, officer);

	/* Taken login. */
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_account_insert(f->db, &a, &dup, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "登录名已存在");
	assert_string_equal(zf_err_field_msg(&f->err, "login"), "登录名已存在");

	/* Ordered by login, not by id. */
	assert_int_equal(zf_store_account_list(f->db, f->a, &list, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].login, "admin");
	assert_string_equal(list[1].login, "officer1");
	assert_string_equal(list[2].login, "zhangsan");

	assert_int_equal(zf_store_account_set_enabled(f->db, id, 0, &f->err), 0);
	assert_int_equal(zf_store_account_set_password(f->db, id, "scrypt$y", 6000, &f->err), 0);
	assert_int_equal(zf_store_account_set_totp(f->db, id, "MFRGGZDFMZTWQ2LK", &f->err), 0);
	assert_int_equal(zf_store_account_get(f->db, f->a, id, &got, &f->err), 0);
	assert_int_equal(got.enabled, 0);
	assert_string_equal(got.pw_hash, "scrypt$y");
	assert_int_equal(got.pw_changed_at, 6000);
	assert_string_equal(got.totp_secret, "MFRGGZDFMZTWQ2LK");
	assert_int_equal(zf_store_account_set_totp(f->db, id, NULL, &f->err), 0);
	assert_int_equal(zf_store_account_get(f->db, f->a, id, &got, &f->err), 0);
	assert_null(got.totp_secret);

	assert_int_equal(zf_store_account_set_enabled(f->db, 999, 1, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_store_account_set_password(f->db, 999, "h", 1, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_store_account_set_totp(f->db, 999, NULL, &f->err), ZF_ENOTFOUND);
}

static void test_sessions(void **state)
{
	struct ctx *c = *state;
	struct fixture *f = &c->f;
	struct zf_session s;
	int64_t a = add_account(c, "alice", ZF_ROLE_OFFICER, NULL);
	int64_t b = add_account(c, "bob", ZF_ROLE_LEADER, NULL);

	assert_int_equal(zf_store_session_insert(f->db, "h1", a, "csrf1", 100, &f->err), 0);
	assert_int_equal(zf_store_session_insert(f->db, "h2", a, "csrf2", 200, &f->err), 0);
	assert_int_equal(zf_store_session_insert(f->db, "h3", b, "csrf3", 300, &f->err), 0);
	assert_int_equal(zf_store_session_insert(f->db, "h3", b, "csrf4", 300, &f->err),
			 ZF_ECONFLICT);

	assert_int_equal(zf_store_session_get(f->db, f->a, "h1", &s, &f->err), 0);
	assert_int_equal(s.account_id, a);
	assert_string_equal(s.csrf, "csrf1");
	assert_int_equal(s.created_at, 100);
	assert_int_equal(s.last_seen, 100);
	assert_int_equal(zf_store_session_touch(f->db, s.id, 150, &f->err), 0);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h1", &s, &f->err), 0);
	assert_int_equal(s.last_seen, 150);
	assert_int_equal(s.created_at, 100);

	/* Idle since before 160: h1 (150) goes, h2 (200) and h3 stay. */
	assert_int_equal(zf_store_session_expire(f->db, 160, &f->err), 0);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h1", &s, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h2", &s, &f->err), 0);

	assert_int_equal(zf_store_session_delete_account(f->db, a, &f->err), 0);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h2", &s, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h3", &s, &f->err), 0);
	assert_int_equal(zf_store_session_delete(f->db, "h3", &f->err), 0);
	assert_int_equal(zf_store_session_get(f->db, f->a, "h3", &s, &f->err), ZF_ENOTFOUND);
	/* Deleting what is gone is not an error. */
	assert_int_equal(zf_store_session_delete(f->db, "h3", &f->err), 0);
}

static void test_tokens(void **state)
{
	struct ctx *c = *state;
	struct fixture *f = &c->f;
	struct zf_token t, *list = NULL;
	size_t n = 0;
	int64_t a = add_account(c, "alice", ZF_ROLE_OFFICER, NULL);
	int64_t b = add_account(c, "bob", ZF_ROLE_LEADER, NULL);
	int64_t t1 = 0, t2 = 0, t3 = 0;

	assert_int_equal(zf_store_token_insert(f->db, "th1", a, 100, 1000, &t1, &f->err), 0);
	assert_int_equal(zf_store_token_insert(f->db, "th2", b, 110, 0, &t2, &f->err), 0);
	assert_int_equal(zf_store_token_insert(f->db, "th3", a, 120, 2000, &t3, &f->err), 0);
	assert_true(t1 < t2 && t2 < t3);

	assert_int_equal(zf_store_token_get(f->db, f->a, "th1", &t, &f->err), 0);
	assert_int_equal(t.id, t1);
	assert_int_equal(t.account_id, a);
	assert_string_equal(t.login, "alice");
	assert_int_equal(t.created_at, 100);
	assert_int_equal(t.expires_at, 1000);
	assert_int_equal(t.revoked_at, 0);
	assert_int_equal(zf_store_token_get(f->db, f->a, "nope", &t, &f->err), ZF_ENOTFOUND);

	assert_int_equal(zf_store_token_revoke(f->db, t1, 500, &f->err), 0);
	assert_int_equal(zf_store_token_get(f->db, f->a, "th1", &t, &f->err), 0);
	assert_int_equal(t.revoked_at, 500);
	assert_int_equal(zf_store_token_revoke(f->db, t1, 600, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_store_token_revoke(f->db, 999, 600, &f->err), ZF_ENOTFOUND);

	assert_int_equal(zf_store_token_list(f->db, f->a, 0, &list, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, t1);
	assert_int_equal(list[1].id, t2);
	assert_string_equal(list[1].login, "bob");
	assert_int_equal(list[2].id, t3);
	assert_int_equal(zf_store_token_list(f->db, f->a, a, &list, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, t1);
	assert_int_equal(list[1].id, t3);
}

static int64_t blocked(struct fixture *f, const char *key, int64_t now)
{
	int64_t retry = -1;
	assert_int_equal(zf_store_throttle_blocked(f->db, key, now, &retry, &f->err), 0);
	return retry;
}

static void test_throttle_window(void **state)
{
	struct ctx *c = *state;
	struct fixture *f = &c->f;
	const char *k = "acct:alice";
	/* A failure of K at FAIL (none when 0), then blocked() at AT says RETRY. */
	static const struct {
		int64_t fail, at, retry;
	} steps[] = {
		/* Three failures allowed per 100 s window, counted from the first. */
		{1000, 1001, 0}, {1010, 1011, 0}, {1020, 1030, 70}, {0, 1099, 1},
		/* More failures while blocked do not extend the block. */
		{1050, 1050, 50}, {0, 1100, 0},
		/* The window has ended: the next failure starts a fresh one. */
		{1100, 1101, 0}, {1150, 1151, 0}, {1190, 1190, 10},
	};

	assert_int_equal(blocked(f, k, 1000), 0);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].fail)
			assert_int_equal(
				zf_store_throttle_fail(f->db, k, steps[i].fail, 100, 3, &f->err), 0);
		assert_int_equal(blocked(f, k, steps[i].at), steps[i].retry);
	}

	/* Other keys are independent; clearing forgets. */
	assert_int_equal(blocked(f, "addr:10.0.0.1", 1190), 0);
	assert_int_equal(zf_store_throttle_clear(f->db, k, &f->err), 0);
	assert_int_equal(blocked(f, k, 1190), 0);
	assert_int_equal(zf_store_throttle_fail(f->db, k, 1191, 100, 3, &f->err), 0);
	assert_int_equal(blocked(f, k, 1192), 0);

	/* max = 1 blocks on the first failure. */
	assert_int_equal(zf_store_throttle_fail(f->db, "addr:x", 500, 60, 1, &f->err), 0);
	assert_int_equal(blocked(f, "addr:x", 500), 60);

	assert_int_equal(zf_store_throttle_fail(f->db, "addr:y", 500, 0, 3, &f->err), ZF_EINVAL);
}

static void test_audit_order_and_paging(void **state)
{
	struct ctx *c = *state;
	struct fixture *f = &c->f;
	struct zf_audit r = {0}, *list = NULL;
	size_t n = 0;
	char target[32];

	for (int i = 1; i <= 5; i++) {
		snprintf(target, sizeof(target), "officer:%d", i);
		r.at = 1000 * i;
		r.actor_id = i;
		r.actor_login = "cli";
		r.addr = "local";
		r.action = "user_add";
		r.target = target;
		r.outcome = i == 3 ? "denied" : "ok";
		r.detail = i == 2 ? NULL : "详情";
		assert_int_equal(zf_store_audit_add(f->db, &r, &f->err), 0);
	}
	assert_int_equal(zf_store_audit_list(f->db, f->a, 0, 3, &list, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].target, "officer:5");
	assert_string_equal(list[1].target, "officer:4");
	assert_string_equal(list[2].target, "officer:3");
	assert_string_equal(list[2].outcome, "denied");
	assert_string_equal(list[0].detail, "详情");
	assert_string_equal(list[0].addr, "local");
	assert_int_equal(list[0].at, 5000);

	/* Next page. */
	assert_int_equal(zf_store_audit_list(f->db, f->a, list[2].id, 3, &list, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].target, "officer:2");
	assert_string_equal(list[0].detail, "");
	assert_string_equal(list[1].target, "officer:1");

	/* Records older than 3000 go. */
	assert_int_equal(zf_store_audit_purge(f->db, 3000, &f->err), 0);
	assert_int_equal(zf_store_audit_list(f->db, f->a, 0, 100, &list, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[2].target, "officer:3");

	r.action = NULL;
	assert_int_equal(zf_store_audit_add(f->db, &r, &f->err), ZF_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_throttle_window),
		cmocka_unit_test(test_audit_order_and_paging),
	};
	return run_fresh(tests, setup, fixture_teardown);
}
