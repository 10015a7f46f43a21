/* Unit tests of app/auth.c and app/account.c: login, throttling, TOTP, sessions, tokens, account administration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/account.h"
#include "app/auth.h"
#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/totp.h"
#include "store_fixture.h"
#include "util/password.h"

#define T0 1700000000
#define PW "correct horse battery"

struct ctx {
	struct fixture f;
	struct zf_app *app;
	struct zf_actor cli;
	int64_t body1, body2;
};

/* Per-test setup: two bodies with an officer each, and the app on their database. */
static int setup(void **state)
{
	struct ctx *c;
	struct zf_err err = {0};

	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	c = *state;
	c->body1 = fixture_body(c->f.db, "甲局", "11330000002482014X");
	c->body2 = fixture_body(c->f.db, "乙局", "91330100MA27XL0E2W");
	if (!c->body1 || !c->body2 || !fixture_officer(c->f.db, c->body1, "张三", "A-0001") ||
	    !fixture_officer(c->f.db, c->body2, "李四", "B-0001"))
		goto fail;
	/* The app opens its own connections; the fixture's is not needed. */
	zf_db_close(c->f.db);
	c->f.db = NULL;
	if (zf_app_open(&c->app, c->f.path, c->f.dir, 2, &err)) {
		fprintf(stderr, "zf_app_open: %s\n", err.msg);
		goto fail;
	}
	c->app->clock.fixed = T0;
	zf_actor_cli(&c->cli);
	return 0;
fail:
	fixture_close(&c->f);
	*state = NULL;
	return -1;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	zf_app_close(c->app);
	fixture_close(&c->f);
	return 0;
}

static int64_t add_user(struct ctx *c, const char *login, int role, const char *cert,
			char *totp)
{
	struct zf_account_new in = {0};
	struct zf_err err;
	int64_t id = 0;

	in.login = login;
	in.role = role;
	in.officer_cert = cert;
	in.password = PW;
	zf_err_clear(&err);
	if (zf_app_user_add(c->app, &c->cli, &in, &id, totp, &err))
		fail_msg("user_add %s: %s", login, err.msg);
	return id;
}

/* The newest audit record, copied into the fixture's arena. */
static struct zf_audit last_audit(struct ctx *c)
{
	struct zf_db *db = NULL;
	struct zf_audit *list = NULL, r = {0};
	size_t n = 0;
	struct zf_err err;

	zf_err_clear(&err);
	assert_int_equal(zf_dbpool_get(c->app->pool, &db, 1000, &err), 0);
	assert_int_equal(zf_store_audit_list(db, c->f.a, 0, 1, &list, &n, &err), 0);
	zf_dbpool_put(c->app->pool, db);
	assert_int_equal(n, 1);
	r = list[0];
	return r;
}

static int login(struct ctx *c, const char *user, const char *pw, const char *totp,
		 const char *addr, struct zf_login *out, struct zf_err *err)
{
	zf_err_clear(err);
	return zf_app_login(c->app, user, pw, totp, addr, out, err);
}

/* Adds the publisher "clerk" and signs it in from ADDR into LG. */
static void clerk_signed_in(struct ctx *c, const char *addr, struct zf_login *lg)
{
	struct zf_err err;

	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	assert_int_equal(login(c, "clerk", PW, NULL, addr, lg, &err), 0);
}

/* The session of TOKEN, used from ADDR: its actor goes to A (may be NULL). */
static int resolve(struct ctx *c, const char *token, const char *addr, struct zf_actor *a,
		   struct zf_err *err)
{
	struct zf_actor unused;
	char csrf[65];

	zf_err_clear(err);
	return zf_app_session_resolve(c->app, token, addr, a ? a : &unused, csrf, err);
}

static void test_login_ok_and_session(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_actor a;
	struct zf_err err;
	struct zf_audit r;
	char csrf[65];
	int64_t id = add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);

	assert_int_equal(login(c, "clerk", PW, NULL, "192.0.2.7", &lg, &err), 0);
	assert_int_equal(strlen(lg.token), 64);
	assert_int_equal(strlen(lg.csrf), 64);
	assert_string_not_equal(lg.token, lg.csrf);
	assert_int_equal(lg.actor.account_id, id);
	assert_string_equal(lg.actor.login, "clerk");
	assert_int_equal(lg.actor.role, ZF_ROLE_PUBLISHER);
	assert_int_equal(lg.actor.body_id, c->body1);
	assert_string_equal(lg.actor.addr, "192.0.2.7");
	r = last_audit(c);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.outcome, "ok");
	assert_string_equal(r.actor_login, "clerk");
	assert_int_equal(r.actor_id, id);

	zf_err_clear(&err);
	assert_int_equal(zf_app_session_resolve(c->app, lg.token, "192.0.2.8", &a, csrf, &err), 0);
	assert_int_equal(a.account_id, id);
	assert_int_equal(a.role, ZF_ROLE_PUBLISHER);
	assert_int_equal(a.via_token, 0);
	assert_string_equal(a.addr, "192.0.2.8");
	assert_string_equal(csrf, lg.csrf);

	/* Unknown and malformed tokens. */
	lg.token[0] = lg.token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(zf_app_session_resolve(c->app, lg.token, "x", &a, csrf, &err), ZF_EAUTH);
	assert_int_equal(a.account_id, 0);
	assert_int_equal(zf_app_session_resolve(c->app, "short", "x", &a, csrf, &err), ZF_EAUTH);
	assert_int_equal(zf_app_session_resolve(c->app, NULL, "x", &a, csrf, &err), ZF_EAUTH);
}

static void test_logout(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;

	clerk_signed_in(c, "192.0.2.7", &lg);
	assert_int_equal(zf_app_logout(c->app, lg.token, &lg.actor, &err), 0);
	assert_string_equal(last_audit(c).action, "logout");
	assert_int_equal(resolve(c, lg.token, "x", NULL, &err), ZF_EAUTH);
	/* Twice, or with garbage: ignored. */
	assert_int_equal(zf_app_logout(c->app, lg.token, &lg.actor, &err), 0);
	assert_int_equal(zf_app_logout(c->app, "zz", &lg.actor, &err), 0);
}

static void test_wrong_credentials_are_one_message(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	struct zf_audit r;

	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	assert_int_equal(login(c, "clerk", "wrong password", NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名或密码错误");
	assert_string_equal(lg.token, "");
	r = last_audit(c);
	assert_string_equal(r.action, "login_failed");
	assert_string_equal(r.outcome, "denied");
	assert_string_equal(r.actor_login, "clerk");
	assert_int_equal(r.actor_id, 0);

	assert_int_equal(login(c, "nobody", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名或密码错误");
	assert_int_equal(login(c, "", "", NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(login(c, NULL, NULL, NULL, NULL, &lg, &err), ZF_EAUTH);
	/* Invalid UTF-8 in the login is refused and audited, not stored raw. */
	assert_int_equal(login(c, "\xff\xfe", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(last_audit(c).actor_login, "?");
}

/* Failures count per account and address together: whoever fails from one
 * address blocks that address for the account, never the account's owner
 * signing in from elsewhere. */
static void test_throttle_per_account_and_address(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	int max = c->app->settings.throttle_account_max;
	int64_t window = c->app->settings.throttle_window;

	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	for (int i = 0; i < max; i++) {
		c->app->clock.fixed = T0 + i;
		assert_int_equal(login(c, "clerk", "guess", NULL, "a1", &lg, &err), ZF_EAUTH);
	}
	/* Blocked now from that address, even with the right password. */
	c->app->clock.fixed = T0 + 60;
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_ETHROTTLE);
	assert_true(err.retry_after > 0);
	assert_int_equal(err.retry_after, window - 60);
	assert_non_null(strstr(err.msg, "登录失败次数过多，请在 14 分钟后重试"));
	assert_string_equal(last_audit(c).detail, "throttled");
	assert_string_equal(lg.token, "");

	/* The owner, from another address, is not locked out by them... */
	assert_int_equal(login(c, "clerk", PW, NULL, "a2", &lg, &err), 0);
	assert_string_equal(lg.actor.login, "clerk");
	/* ... and that success does not unblock the address that failed. */
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_ETHROTTLE);

	/* Other accounts from the failing address are not affected. */
	add_user(c, "other", ZF_ROLE_LEADER, NULL, NULL);
	assert_int_equal(login(c, "other", PW, NULL, "a1", &lg, &err), 0);

	/* After the window the address recovers. */
	c->app->clock.fixed = T0 + window;
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
}

static void test_success_clears_account_failures(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	int max = c->app->settings.throttle_account_max;

	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	for (int i = 0; i < max - 1; i++)
		assert_int_equal(login(c, "clerk", "guess", NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
	/* The count starts again: max - 1 more failures do not block. */
	for (int i = 0; i < max - 1; i++)
		assert_int_equal(login(c, "clerk", "guess", NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
}

static void test_throttle_per_address(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	char name[16];

	c->app->settings.throttle_addr_max = 3;
	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "user%d", i);
		assert_int_equal(login(c, name, "guess", NULL, "198.51.100.9", &lg, &err), ZF_EAUTH);
	}
	assert_int_equal(login(c, "clerk", PW, NULL, "198.51.100.9", &lg, &err), ZF_ETHROTTLE);
	assert_true(err.retry_after > 0);
	assert_int_equal(login(c, "clerk", PW, NULL, "198.51.100.10", &lg, &err), 0);
}

static void test_admin_needs_totp(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	struct zf_db *db = NULL;
	char secret[33], code[7], wrong[7];
	int64_t id = add_user(c, "sec", ZF_ROLE_SECADMIN, NULL, secret);

	assert_int_equal(strlen(secret), 32);
	assert_int_equal(zf_totp_code(secret, T0, code), 0);

	assert_int_equal(login(c, "sec", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名或密码错误");
	memcpy(wrong, code, sizeof(wrong));
	wrong[0] = code[0] == '9' ? '0' : (char)(code[0] + 1);
	assert_int_equal(login(c, "sec", PW, wrong, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名、密码或动态验证码错误");
	/* The right code with a wrong password says the same. */
	assert_int_equal(login(c, "sec", "guess", code, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名、密码或动态验证码错误");

	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);
	assert_int_equal(lg.actor.role, ZF_ROLE_SECADMIN);
	/* A code from the previous step is still accepted (clock drift). */
	c->app->clock.fixed = T0 + 60;
	assert_int_equal(zf_totp_code(secret, T0 + 30, code), 0);
	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);

	/* An administrator whose second factor is gone is refused, with a way out. */
	zf_err_clear(&err);
	assert_int_equal(zf_dbpool_get(c->app->pool, &db, 1000, &err), 0);
	assert_int_equal(zf_store_account_set_totp(db, id, NULL, &err), 0);
	zf_dbpool_put(c->app->pool, db);
	assert_int_equal(login(c, "sec", PW, NULL, "a1", &lg, &err), ZF_EDENIED);
	assert_non_null(strstr(err.msg, "安全管理员"));
	assert_string_equal(lg.token, "");
	assert_string_equal(last_audit(c).detail, "second factor not enrolled");
	/* Non-administrators never get a secret. */
	add_user(c, "pub", ZF_ROLE_PUBLISHER, NULL, secret);
	assert_string_equal(secret, "");
}

/* RFC 6238 section 5.2: a one-time code opens one session, never two. */
static void test_totp_code_used_once(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;
	struct zf_db *db = NULL;
	char secret[33], code[7], next[7];
	int64_t step = -1, id = add_user(c, "sec", ZF_ROLE_SECADMIN, NULL, secret);

	/* Which step a code belongs to, within the window of one step either side. */
	assert_int_equal(zf_totp_code(secret, T0, code), 0);
	assert_int_equal(zf_totp_match(secret, code, T0, &step), 1);
	assert_int_equal(step, T0 / 30);
	assert_int_equal(zf_totp_match(secret, code, T0 + 30, &step), 1);
	assert_int_equal(step, T0 / 30);
	assert_int_equal(zf_totp_match(secret, code, T0 - 30, &step), 1);
	assert_int_equal(step, T0 / 30);
	assert_int_equal(zf_totp_match(secret, code, T0 + 90, &step), 0);
	assert_int_equal(step, 0);
	assert_int_equal(zf_totp_match(secret, "12345", T0, &step), 0);
	assert_int_equal(zf_totp_verify(secret, code, T0), 1);

	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);
	/* The same code again: refused like a wrong one, and audited why. */
	assert_int_equal(login(c, "sec", PW, code, "a2", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名、密码或动态验证码错误");
	assert_string_equal(lg.token, "");
	assert_string_equal(last_audit(c).action, "login_failed");
	assert_string_equal(last_audit(c).detail, "one-time code used before");
	/* Still refused a step later, while the code is inside the drift window. */
	c->app->clock.fixed = T0 + 30;
	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), ZF_EAUTH);
	/* The next code works once. */
	assert_int_equal(zf_totp_code(secret, T0 + 30, next), 0);
	assert_int_equal(login(c, "sec", PW, next, "a1", &lg, &err), 0);
	assert_int_equal(login(c, "sec", PW, next, "a1", &lg, &err), ZF_EAUTH);
	/* A device a step ahead: its code is taken, and then the older step is not. */
	c->app->clock.fixed = T0 + 120;
	assert_int_equal(zf_totp_code(secret, T0 + 150, next), 0);
	assert_int_equal(login(c, "sec", PW, next, "a1", &lg, &err), 0);
	assert_int_equal(zf_totp_code(secret, T0 + 120, next), 0);
	assert_int_equal(login(c, "sec", PW, next, "a1", &lg, &err), ZF_EAUTH);

	/* The repository: a step is claimed once, and only when newer. */
	zf_err_clear(&err);
	assert_int_equal(zf_dbpool_get(c->app->pool, &db, 1000, &err), 0);
	assert_int_equal(zf_store_totp_claim(db, id, (T0 + 150) / 30, &err), ZF_ECONFLICT);
	assert_int_equal(zf_store_totp_claim(db, id, (T0 + 180) / 30, &err), 0);
	assert_int_equal(zf_store_totp_claim(db, id, (T0 + 180) / 30, &err), ZF_ECONFLICT);
	assert_int_equal(zf_store_totp_claim(db, 9999, (T0 + 300) / 30, &err), ZF_ECONFLICT);
	zf_dbpool_put(c->app->pool, db);
}

static void test_session_idle_and_max_age(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_actor a;
	struct zf_err err;
	int64_t idle = c->app->settings.session_idle, t = T0;

	clerk_signed_in(c, "a1", &lg);
	/* Activity keeps the session alive past the idle limit counted from login. */
	t += idle - 100;
	c->app->clock.fixed = t;
	assert_int_equal(resolve(c, lg.token, "a1", &a, &err), 0);
	t += idle - 100;
	c->app->clock.fixed = t;
	assert_int_equal(resolve(c, lg.token, "a1", &a, &err), 0);
	/* Idle too long: ended, and gone for good. */
	t += idle + 1;
	c->app->clock.fixed = t;
	assert_int_equal(resolve(c, lg.token, "a1", &a, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录已超时，请重新登录");
	assert_int_equal(a.account_id, 0);
	c->app->clock.fixed = t - idle;
	assert_int_equal(resolve(c, lg.token, "a1", &a, &err), ZF_EAUTH);

	/* The absolute limit ends even an active session. */
	c->app->settings.session_max = 3 * 600;
	c->app->clock.fixed = t = T0 + 100000;
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
	for (int i = 0; i < 3; i++) {
		t += 600;
		c->app->clock.fixed = t;
		assert_int_equal(resolve(c, lg.token, "a1", &a, &err), 0);
	}
	c->app->clock.fixed = t + 1;
	assert_int_equal(resolve(c, lg.token, "a1", &a, &err), ZF_EAUTH);
}

static void test_disable_and_reset_password(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_err err;

	clerk_signed_in(c, "a1", &lg);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "clerk", 0, &err), 0);
	assert_string_equal(last_audit(c).action, "user_disable");
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "clerk", 1, &err), 0);
	assert_string_equal(last_audit(c).action, "user_enable");
	/* Disabling ended the session: enabling again does not bring it back. */
	assert_int_equal(resolve(c, lg.token, "a1", NULL, &err), ZF_EAUTH);

	/* A disabled account cannot sign in, nor use a session opened before. */
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "clerk", 0, &err), 0);
	assert_int_equal(resolve(c, lg.token, "a1", NULL, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "登录名或密码错误");
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "clerk", 1, &err), 0);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), 0);
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "ghost", 0, &err), ZF_ENOTFOUND);
	assert_string_equal(err.msg, "账号 ghost 不存在");

	/* Reset: the old password and the old sessions stop working. */
	assert_int_equal(zf_app_user_reset_password(c->app, &c->cli, "clerk", "new secret 2", &err),
			 0);
	assert_int_equal(resolve(c, lg.token, "a1", NULL, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", "new secret 2", NULL, "a1", &lg, &err), 0);
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_reset_password(c->app, &lg.actor, "clerk", "x", &err),
			 ZF_EDENIED);
}

static void test_user_add_rules(void **state)
{
	struct ctx *c = *state;
	struct zf_account_new in = {0};
	struct zf_login lg;
	struct zf_err err;
	struct zf_actor sec;
	char secret[33], code[7];
	int64_t id = 0;

	/* Officers bind to their certificate; the body must match. */
	id = add_user(c, "zhangsan", ZF_ROLE_OFFICER, "A-0001", NULL);
	assert_int_equal(login(c, "zhangsan", PW, NULL, "a1", &lg, &err), 0);
	assert_true(lg.actor.officer_id > 0);
	assert_int_equal(lg.actor.body_id, c->body1);
	assert_int_equal(lg.actor.account_id, id);

	in.login = "lisi";
	in.role = ZF_ROLE_OFFICER;
	in.officer_cert = "B-0001"; /* serves body 2, account defaults to body 1 */
	in.password = PW;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "officer"));
	assert_non_null(strstr(err.msg, "乙局"));
	assert_string_equal(last_audit(c).outcome, "invalid");
	in.body_id = c->body2;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), 0);

	in.login = "wangwu";
	in.officer_cert = NULL;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "officer"));
	in.officer_cert = "Z-9999";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&err, "officer"), "未找到执法证号为 Z-9999 的执法人员");
	in.role = ZF_ROLE_LEADER;
	in.officer_cert = "A-0001";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "officer"));
	in.officer_cert = NULL;
	in.body_id = 999;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "body"));
	in.body_id = 0;

	/* Login names, roles, passwords: every problem is reported at once. */
	in.login = "1abc";
	in.role = 0;
	in.password = "abc";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "login"));
	assert_non_null(zf_err_field_msg(&err, "role"));
	assert_non_null(zf_err_field_msg(&err, "password"));
	const char *bad[] = {"a", "Abc", "ab c", "ab/c", "abcdefghijabcdefghijabcdefghijabc", "中文"};
	in.role = ZF_ROLE_LEADER;
	in.password = PW;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		in.login = bad[i];
		zf_err_clear(&err);
		assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
		assert_non_null(zf_err_field_msg(&err, "login"));
	}
	in.login = "zhangsan"; /* taken */
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_ECONFLICT);
	assert_string_equal(err.msg, "登录名已存在");

	/* 4 characters do only for the demo loader on the command line. */
	in.login = "demo.user-1";
	in.password = "demo";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), ZF_EINVAL);
	in.demo = 1;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, NULL, &err), 0);
	in.demo = 0;

	add_user(c, "sec", ZF_ROLE_SECADMIN, NULL, secret);
	assert_int_equal(zf_totp_code(secret, T0, code), 0);
	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);
	sec = lg.actor;
	in.login = "web_user";
	in.password = "1234567";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &sec, &in, &id, NULL, &err), ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&err, "password"), "密码至少需要 8 个字符");
	in.password = "12345678";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &sec, &in, &id, NULL, &err), 0);
	assert_int_equal(last_audit(c).actor_id, sec.account_id);

	/* A secadmin cannot disable itself. */
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &sec, "sec", 0, &err), ZF_EDENIED);

	/* Without the permission: refused and audited. */
	assert_int_equal(login(c, "zhangsan", PW, NULL, "a1", &lg, &err), 0);
	in.login = "sneaky";
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &lg.actor, &in, &id, NULL, &err), ZF_EDENIED);
	assert_string_equal(last_audit(c).outcome, "denied");
	assert_string_equal(last_audit(c).actor_login, "zhangsan");
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &lg.actor, "sec", 0, &err), ZF_EDENIED);
}

/* 三员分立: no administrator account is added, disabled, enabled or reset
 * except on the command line, so the security administrator cannot act as
 * another administrator. */
static void test_admin_accounts_cli_only(void **state)
{
	static const int admin_roles[] = {ZF_ROLE_SYSADMIN, ZF_ROLE_SECADMIN, ZF_ROLE_AUDITOR};
	struct ctx *c = *state;
	struct zf_account_new in = {0};
	struct zf_account_info *list = NULL;
	struct zf_login lg;
	struct zf_actor sec;
	struct zf_err err;
	char secret[33], aud_secret[33], code[7];
	int64_t id = 0;
	size_t n = 0;

	add_user(c, "sec", ZF_ROLE_SECADMIN, NULL, secret);
	add_user(c, "aud", ZF_ROLE_AUDITOR, NULL, aud_secret);
	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	assert_int_equal(zf_totp_code(secret, T0, code), 0);
	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);
	sec = lg.actor;

	/* No new administrator from the web, and no secret to see. */
	in.login = "aud2";
	in.password = PW;
	for (size_t i = 0; i < sizeof(admin_roles) / sizeof(admin_roles[0]); i++) {
		in.role = admin_roles[i];
		memset(secret, 'x', sizeof(secret) - 1);
		secret[32] = '\0';
		zf_err_clear(&err);
		assert_int_equal(zf_app_user_add(c->app, &sec, &in, &id, secret, &err), ZF_EDENIED);
		assert_string_equal(err.msg, "三员账号只能由系统部署人员在服务器上用命令行管理");
		assert_string_equal(secret, "");
		assert_int_equal(id, 0);
		assert_string_equal(last_audit(c).action, "user_add");
		assert_string_equal(last_audit(c).outcome, "denied");
	}
	assert_int_equal(zf_app_user_list(c->app, &c->cli, c->f.a, &list, &n, &err), 0);
	assert_int_equal(n, 3);

	/* Nor disabled (not even the only auditor), enabled or reset. */
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &sec, "aud", 0, &err), ZF_EDENIED);
	assert_string_equal(err.msg, "三员账号只能由系统部署人员在服务器上用命令行管理");
	assert_string_equal(last_audit(c).action, "user_disable");
	assert_string_equal(last_audit(c).outcome, "denied");
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &sec, "aud", 1, &err), ZF_EDENIED);
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_reset_password(c->app, &sec, "aud", "taken over 1", &err),
			 ZF_EDENIED);
	assert_string_equal(err.msg, "三员账号只能由系统部署人员在服务器上用命令行管理");
	assert_string_equal(last_audit(c).action, "user_reset_password");
	assert_string_equal(last_audit(c).outcome, "denied");
	assert_int_equal(zf_app_user_list(c->app, &c->cli, c->f.a, &list, &n, &err), 0);
	assert_string_equal(list[0].login, "aud");
	assert_int_equal(list[0].enabled, 1);
	assert_int_equal(login(c, "aud", "taken over 1", NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(zf_totp_code(aud_secret, T0, code), 0);
	assert_int_equal(login(c, "aud", PW, code, "a1", &lg, &err), 0);

	/* Other accounts stay the security administrator's to manage. */
	in.login = "clerk2";
	in.role = ZF_ROLE_LEADER;
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_add(c->app, &sec, &in, &id, NULL, &err), 0);
	assert_int_equal(zf_app_user_set_enabled(c->app, &sec, "clerk", 0, &err), 0);
	assert_int_equal(zf_app_user_set_enabled(c->app, &sec, "clerk", 1, &err), 0);
	assert_int_equal(zf_app_user_reset_password(c->app, &sec, "clerk", "new secret 3", &err), 0);

	/* The command line (the operator holding the installation) manages them all. */
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "aud", 0, &err), 0);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "aud", 1, &err), 0);
	assert_int_equal(zf_app_user_reset_password(c->app, &c->cli, "aud", "new secret 4", &err), 0);
	in.login = "sys2";
	in.role = ZF_ROLE_SYSADMIN;
	assert_int_equal(zf_app_user_add(c->app, &c->cli, &in, &id, secret, &err), 0);
	assert_int_equal(strlen(secret), 32);
}

/* Changing one's password: the current password is guessed under the login
 * throttle, and a missing new password is named as such. */
static void test_password_change(void **state)
{
	struct ctx *c = *state;
	struct zf_login lg;
	struct zf_actor me;
	struct zf_err err;
	int max = c->app->settings.throttle_account_max;
	int64_t window = c->app->settings.throttle_window;

	clerk_signed_in(c, "a1", &lg);
	me = lg.actor;
	zf_err_clear(&err);
	assert_int_equal(zf_app_password_change(c->app, &me, PW, NULL, &err), ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&err, "password"), "请输入新密码");
	zf_err_clear(&err);
	assert_int_equal(zf_app_password_change(c->app, &me, PW, "", &err), ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&err, "password"), "请输入新密码");
	zf_err_clear(&err);
	assert_int_equal(zf_app_password_change(c->app, &me, PW, "\xff\xfe password", &err),
			 ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&err, "password"), "密码含有无效字符");

	/* Wrong current passwords count as failed logins from this address. */
	for (int i = 0; i < max; i++) {
		zf_err_clear(&err);
		assert_int_equal(zf_app_password_change(c->app, &me, "guess 1234", "brand new pw",
							&err), ZF_EINVAL);
		assert_string_equal(zf_err_field_msg(&err, "current_password"), "当前密码不正确");
	}
	/* Blocked now: not even the right one is tried. */
	zf_err_clear(&err);
	assert_int_equal(zf_app_password_change(c->app, &me, PW, "brand new pw", &err),
			 ZF_ETHROTTLE);
	assert_int_equal(err.retry_after, window);
	assert_non_null(strstr(err.msg, "请在 15 分钟后重试"));
	assert_string_equal(last_audit(c).action, "password_change");
	assert_string_equal(last_audit(c).outcome, "denied");
	/* The same counter as signing in from there; other addresses are free. */
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_ETHROTTLE);
	assert_int_equal(login(c, "clerk", PW, NULL, "a2", &lg, &err), 0);

	/* After the window the change goes through, with the password unchanged so far. */
	c->app->clock.fixed = T0 + window;
	zf_err_clear(&err);
	assert_int_equal(zf_app_password_change(c->app, &me, PW, "brand new pw", &err), 0);
	assert_int_equal(login(c, "clerk", PW, NULL, "a1", &lg, &err), ZF_EAUTH);
	assert_int_equal(login(c, "clerk", "brand new pw", NULL, "a1", &lg, &err), 0);
}

static void test_tokens(void **state)
{
	struct ctx *c = *state;
	struct zf_actor a, pub;
	struct zf_err err;
	char tok[65], tok2[65];
	int64_t id = 0, id2 = 0, uid = add_user(c, "feed", ZF_ROLE_PUBLISHER, NULL, NULL);
	int64_t days = c->app->settings.token_days_default;

	zf_err_clear(&err);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed", 0, tok, &id, &err), 0);
	assert_int_equal(strlen(tok), 64);
	assert_true(id > 0);
	assert_string_equal(last_audit(c).action, "token_add");

	assert_int_equal(zf_app_token_resolve(c->app, tok, "203.0.113.1", &a, &err), 0);
	assert_int_equal(a.account_id, uid);
	assert_int_equal(a.via_token, 1);
	assert_int_equal(a.role, ZF_ROLE_PUBLISHER);
	assert_string_equal(a.login, "feed");

	/* Expiry after the default lifetime. */
	c->app->clock.fixed = T0 + days * 86400 - 1;
	assert_int_equal(zf_app_token_resolve(c->app, tok, "x", &a, &err), 0);
	c->app->clock.fixed = T0 + days * 86400;
	assert_int_equal(zf_app_token_resolve(c->app, tok, "x", &a, &err), ZF_EAUTH);
	assert_int_equal(a.account_id, 0);
	c->app->clock.fixed = T0;

	/* Revocation. */
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed", 7, tok2, &id2, &err), 0);
	assert_int_equal(zf_app_token_resolve(c->app, tok2, "x", &a, &err), 0);
	assert_int_equal(zf_app_token_revoke(c->app, &c->cli, id2, &err), 0);
	assert_string_equal(last_audit(c).action, "token_revoke");
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_resolve(c->app, tok2, "x", &a, &err), ZF_EAUTH);
	assert_string_equal(err.msg, "API 令牌已被吊销");
	assert_int_equal(zf_app_token_revoke(c->app, &c->cli, id2, &err), ZF_ENOTFOUND);

	/* A disabled account's tokens stop working, and it gets no new ones. */
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "feed", 0, &err), 0);
	assert_int_equal(zf_app_token_resolve(c->app, tok, "x", &a, &err), ZF_EAUTH);
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed", 7, tok2, &id2, &err), ZF_EINVAL);
	assert_string_equal(tok2, "");

	/* Administrators never get tokens. */
	add_user(c, "audit1", ZF_ROLE_AUDITOR, NULL, NULL);
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "audit1", 7, tok2, &id2, &err),
			 ZF_EDENIED);
	assert_non_null(strstr(err.msg, "不能使用 API 令牌"));
	assert_string_equal(last_audit(c).outcome, "denied");

	/* Limits on the lifetime, unknown accounts, garbage tokens, permissions. */
	add_user(c, "feed2", ZF_ROLE_PUBLISHER, NULL, NULL);
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed2", 3651, tok2, &id2, &err),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "days"));
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed2", -1, tok2, &id2, &err),
			 ZF_EINVAL);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed2", 3650, tok2, &id2, &err), 0);
	assert_int_equal(zf_app_token_resolve(c->app, tok2, "x", &a, &err), 0);
	{
		/* Promoted to an administrator after issue: the token stops working. */
		struct zf_db *db = NULL;
		assert_int_equal(zf_dbpool_get(c->app->pool, &db, 1000, &err), 0);
		assert_int_equal(zf_db_exec(db, "UPDATE account SET role = 8 WHERE login = 'feed2'",
					    &err), 0);
		zf_dbpool_put(c->app->pool, db);
		assert_int_equal(ZF_ROLE_SECADMIN, 8);
		assert_int_equal(zf_app_token_resolve(c->app, tok2, "x", &a, &err), ZF_EAUTH);
	}
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "ghost", 7, tok2, &id2, &err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_app_token_resolve(c->app, "nonsense", "x", &a, &err), ZF_EAUTH);
	assert_int_equal(zf_app_token_resolve(c->app, NULL, "x", &a, &err), ZF_EAUTH);
	zf_actor_public(&pub, "x");
	assert_int_equal(zf_app_token_add(c->app, &pub, "feed2", 7, tok2, &id2, &err), ZF_EDENIED);
	assert_int_equal(zf_app_token_revoke(c->app, &pub, id, &err), ZF_EDENIED);
	assert_int_equal(zf_app_token_add(c->app, NULL, "feed2", 7, tok2, &id2, &err), ZF_EDENIED);
}

/* The account list: every account by login with body and bound officer, no secrets. */
static void test_user_list(void **state)
{
	struct ctx *c = *state;
	struct zf_account_info *list = NULL;
	struct zf_login lg;
	struct zf_actor sec;
	struct zf_err err;
	char secret[33], code[7];
	size_t n = 99;

	add_user(c, "zhangsan", ZF_ROLE_OFFICER, "A-0001", NULL);
	add_user(c, "sec", ZF_ROLE_SECADMIN, NULL, secret);
	add_user(c, "clerk", ZF_ROLE_PUBLISHER, NULL, NULL);
	assert_int_equal(zf_app_user_set_enabled(c->app, &c->cli, "clerk", 0, &err), 0);
	assert_int_equal(zf_totp_code(secret, T0, code), 0);
	assert_int_equal(login(c, "sec", PW, code, "a1", &lg, &err), 0);
	sec = lg.actor;

	zf_err_clear(&err);
	assert_int_equal(zf_app_user_list(c->app, &sec, c->f.a, &list, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].login, "clerk");
	assert_string_equal(list[1].login, "sec");
	assert_string_equal(list[2].login, "zhangsan");
	assert_int_equal(list[0].enabled, 0);
	assert_int_equal(list[0].role, ZF_ROLE_PUBLISHER);
	assert_string_equal(list[0].body_name, "甲局");
	assert_null(list[0].officer_cert);
	assert_int_equal(list[0].has_totp, 0);
	assert_int_equal(list[0].created_at, T0);
	assert_int_equal(list[1].has_totp, 1);
	assert_int_equal(list[1].enabled, 1);
	assert_int_equal(list[1].id, sec.account_id);
	assert_string_equal(list[2].officer_cert, "A-0001");
	assert_string_equal(list[2].officer_name, "张三");
	assert_true(list[2].officer_id > 0);
	assert_int_equal(list[2].body_id, c->body1);

	/* Only the security administrator (and the command line); refusals are audited. */
	assert_int_equal(zf_app_user_list(c->app, &c->cli, c->f.a, &list, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(login(c, "zhangsan", PW, NULL, "a1", &lg, &err), 0);
	zf_err_clear(&err);
	assert_int_equal(zf_app_user_list(c->app, &lg.actor, c->f.a, &list, &n, &err), ZF_EDENIED);
	assert_null(list);
	assert_int_equal(n, 0);
	assert_string_equal(last_audit(c).action, "user_list");
	assert_string_equal(last_audit(c).outcome, "denied");
	assert_string_equal(last_audit(c).actor_login, "zhangsan");
	assert_int_equal(zf_app_user_list(c->app, NULL, c->f.a, &list, &n, &err), ZF_EDENIED);
}

/* The token list: id, account, instants; revocations show. */
static void test_token_list(void **state)
{
	struct ctx *c = *state;
	struct zf_token *list = NULL;
	struct zf_actor pub;
	struct zf_err err;
	char tok[65];
	int64_t id1 = 0, id2 = 0;
	size_t n = 99;

	add_user(c, "feed", ZF_ROLE_PUBLISHER, NULL, NULL);
	add_user(c, "feed2", ZF_ROLE_REVIEWER, NULL, NULL);
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_list(c->app, &c->cli, c->f.a, &list, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed", 7, tok, &id1, &err), 0);
	assert_int_equal(zf_app_token_add(c->app, &c->cli, "feed2", 0, tok, &id2, &err), 0);
	assert_int_equal(zf_app_token_revoke(c->app, &c->cli, id1, &err), 0);
	assert_int_equal(zf_app_token_list(c->app, &c->cli, c->f.a, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, id1);
	assert_string_equal(list[0].login, "feed");
	assert_int_equal(list[0].created_at, T0);
	assert_int_equal(list[0].expires_at, T0 + 7 * 86400);
	assert_int_equal(list[0].revoked_at, T0);
	assert_int_equal(list[1].id, id2);
	assert_string_equal(list[1].login, "feed2");
	assert_int_equal(list[1].revoked_at, 0);
	assert_int_equal(list[1].expires_at,
			 T0 + (int64_t)c->app->settings.token_days_default * 86400);

	zf_actor_public(&pub, "x");
	zf_err_clear(&err);
	assert_int_equal(zf_app_token_list(c->app, &pub, c->f.a, &list, &n, &err), ZF_EDENIED);
	assert_int_equal(n, 0);
	assert_string_equal(last_audit(c).action, "token_list");
	assert_string_equal(last_audit(c).outcome, "denied");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_ok_and_session),
		cmocka_unit_test(test_logout),
		cmocka_unit_test(test_wrong_credentials_are_one_message),
		cmocka_unit_test(test_throttle_per_account_and_address),
		cmocka_unit_test(test_success_clears_account_failures),
		cmocka_unit_test(test_throttle_per_address),
		cmocka_unit_test(test_admin_needs_totp),
		cmocka_unit_test(test_totp_code_used_once),
		cmocka_unit_test(test_session_idle_and_max_age),
		cmocka_unit_test(test_disable_and_reset_password),
		cmocka_unit_test(test_user_add_rules),
		cmocka_unit_test(test_admin_accounts_cli_only),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_user_list),
		cmocka_unit_test(test_token_list),
	};
	return run_fresh(tests, setup, teardown);
}
