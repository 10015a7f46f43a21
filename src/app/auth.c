/* Use cases of signing in: login, sessions, API token resolution, the audit of refusals. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/auth_internal.h"
#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/totp.h"
#include "util/arena.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/password.h"
#include "util/str.h"

/* last_seen is written at most once a minute, not on every request, so a
 * session may end up to a minute before session_idle of true inactivity. */
#define TOUCH_EVERY 60

#define MSG_BAD_LOGIN "登录名或密码错误"
#define MSG_BAD_LOGIN_TOTP "登录名、密码或动态验证码错误"
#define MSG_NEED_LOGIN "请先登录"
#define MSG_SESSION_GONE "登录已失效，请重新登录"

/* A well-formed hash no password matches, verified for unknown logins so that
 * the answer takes as long as for a known one. */
static const char dummy_hash[] = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$"
				 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/* ---- small helpers ---- */

void zf_auth_copy_typed(char *dst, size_t n, const char *src)
{
	size_t len;

	if (!src)
		src = "";
	len = strlen(src);
	if (!zf_str_utf8_ok(src, len, 0)) {
		zf_strlcpy(dst, "?", n);
		return;
	}
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* ---- throttling of failed passwords ----
 *
 * Failures are counted per (account, client address) pair and per client
 * address, never per account alone. A per-account counter would let anyone
 * who knows a login name keep that account locked from everywhere by
 * failing on purpose; with the pair, failures sent from one address block
 * that address for that account only, and the owner signs in from their own
 * address as usual. Guessing stays bounded: settings.throttle_account_max
 * tries per account per window from each address, at most
 * settings.throttle_addr_max per address across all accounts, and the
 * administrators need their second factor besides. */

void zf_auth_keys_of(struct zf_auth_keys *k, const char *login, const char *addr)
{
	char l[64], a[64];

	zf_auth_copy_typed(l, sizeof(l), login);
	zf_auth_copy_typed(a, sizeof(a), addr);
	/* Addresses hold no '@', so the last one ends the login: keys of
	 * different pairs never coincide. */
	snprintf(k->pair, sizeof(k->pair), "acct:%s@%s", l, a);
	snprintf(k->addr, sizeof(k->addr), "addr:%s", a);
}

int zf_auth_throttle_check(struct zf_db *db, const struct zf_auth_keys *k, int64_t now,
			   const char *what, struct zf_err *err)
{
	int64_t retry = 0, retry_addr = 0;
	int rc;

	if ((rc = zf_store_throttle_blocked(db, k->pair, now, &retry, err)) ||
	    (rc = zf_store_throttle_blocked(db, k->addr, now, &retry_addr, err)))
		return rc;
	if (retry_addr > retry)
		retry = retry_addr;
	if (retry <= 0)
		return 0;
	rc = zf_err_set(err, ZF_ETHROTTLE, "%s，请在 %lld 分钟后重试", what,
			(long long)((retry + 59) / 60));
	if (err)
		err->retry_after = retry > 0x7fffffff ? 0x7fffffff : (int)retry;
	return rc;
}

int zf_auth_throttle_fail(const struct zf_app *app, struct zf_db *db,
			  const struct zf_auth_keys *k, int64_t now, struct zf_err *err)
{
	const struct zf_settings *s = &app->settings;
	int rc;

	if ((rc = zf_store_throttle_fail(db, k->pair, now, s->throttle_window,
					 s->throttle_account_max, err)))
		return rc;
	return zf_store_throttle_fail(db, k->addr, now, s->throttle_window, s->throttle_addr_max,
				      err);
}

/* 1 when S is a token as zf_random_token makes them: 64 lowercase hex digits. */
static int token_ok(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

static void fill_audit(struct zf_audit *r, struct zf_app *app, const struct zf_actor *actor,
		       const char *action, const char *target, const char *outcome,
		       const char *detail)
{
	memset(r, 0, sizeof(*r));
	r->at = zf_clock_now(&app->clock);
	if (actor) {
		r->actor_id = actor->account_id;
		r->actor_login = actor->login;
		r->addr = actor->addr;
	}
	r->action = action;
	r->target = target;
	r->outcome = outcome;
	r->detail = detail;
}

/* Writes a success record inside the caller's transaction on DB. */
static int audit_ok(struct zf_db *db, struct zf_app *app, const struct zf_actor *actor,
		    const char *action, const char *target, const char *detail, struct zf_err *err)
{
	struct zf_audit r;

	fill_audit(&r, app, actor, action, target, "ok", detail);
	return zf_store_audit_add(db, &r, err);
}

void zf_app_audit(struct zf_app *app, const struct zf_actor *actor, const char *action,
		  const char *target, const char *outcome, const char *detail)
{
	struct zf_db *db = NULL;
	struct zf_audit r;
	struct zf_err e;

	zf_err_clear(&e);
	fill_audit(&r, app, actor, action, target, outcome, detail);
	if (zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, &e) == 0)
		zf_store_audit_add(db, &r, &e);
	if (e.code)
		zf_log(ZF_LOG_ERROR, "audit record %s/%s lost: %s", action, outcome ? outcome : "",
		       e.msg);
	zf_dbpool_put(app->pool, db);
}

/* Fills ACTOR from account A, acting from ADDR. */
static void actor_from(struct zf_actor *actor, const struct zf_account *a, const char *addr)
{
	zf_actor_public(actor, NULL);
	zf_auth_copy_typed(actor->addr, sizeof(actor->addr), addr);
	actor->account_id = a->id;
	zf_strlcpy(actor->login, a->login ? a->login : "", sizeof(actor->login));
	actor->role = a->role;
	actor->body_id = a->body_id;
	actor->officer_id = a->officer_id;
}

/* ---- login and sessions ---- */

/* Records a failed login for both throttle keys, with its audit record, in one
 * transaction. Errors are logged: the caller's answer stays "wrong credentials". */
static void login_failed(struct zf_app *app, struct zf_db *db, const struct zf_actor *who,
			 const struct zf_auth_keys *keys, const char *why)
{
	int64_t now = zf_clock_now(&app->clock);
	struct zf_audit r;
	struct zf_err e;

	zf_err_clear(&e);
	fill_audit(&r, app, who, "login_failed", "", "denied", why);
	if (zf_db_begin(db, 1, &e) || zf_auth_throttle_fail(app, db, keys, now, &e) ||
	    zf_store_audit_add(db, &r, &e) || zf_db_commit(db, &e)) {
		zf_db_rollback(db);
		zf_log(ZF_LOG_ERROR, "recording a failed login: %s", e.msg);
	}
}

/* Creates the session of account A: tokens into OUT, the session row, the
 * second factor's time step STEP claimed (when not 0), the failures of the
 * pair key PAIR_KEY cleared and the login audited, in one transaction.
 * ZF_ECONFLICT when STEP was used before (nothing is written). */
static int session_open(struct zf_app *app, struct zf_db *db, const struct zf_account *a,
			int64_t step, const char *pair_key, const char *addr,
			struct zf_login *out, struct zf_err *err)
{
	int64_t now = zf_clock_now(&app->clock);
	char hash[65];
	int rc;

	if (zf_random_token(out->token) || zf_random_token(out->csrf) ||
	    zf_sha256_hex(out->token, hash))
		return zf_err_set(err, ZF_ERROR, "无法生成会话令牌");
	actor_from(&out->actor, a, addr);
	if ((rc = zf_db_begin(db, 1, err)))
		return rc;
	/* The claim is part of the transaction, so of two logins with one code
	 * only one commits. Sweeping idle sessions here keeps the table small
	 * without a timer. */
	if ((step && (rc = zf_store_totp_claim(db, a->id, step, err))) ||
	    (rc = zf_store_throttle_clear(db, pair_key, err)) ||
	    (rc = zf_store_session_expire(db, now - app->settings.session_idle, err)) ||
	    (rc = zf_store_session_insert(db, hash, a->id, out->csrf, now, err)) ||
	    (rc = audit_ok(db, app, &out->actor, "login", "", "", err)) ||
	    (rc = zf_db_commit(db, err)))
		zf_db_rollback(db);
	return rc;
}

int zf_app_login(struct zf_app *app, const char *login, const char *password, const char *totp,
		 const char *addr, struct zf_login *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_account acc;
	struct zf_actor who;
	struct zf_auth_keys keys;
	const char *why = NULL, *refusal = NULL;
	int64_t now = zf_clock_now(&app->clock), step = 0;
	int rc, found = 0, pw_ok;

	memset(out, 0, sizeof(*out));
	zf_err_clear(err);
	zf_actor_public(&who, NULL);
	zf_auth_copy_typed(who.login, sizeof(who.login), login);
	zf_auth_copy_typed(who.addr, sizeof(who.addr), addr);
	zf_auth_keys_of(&keys, who.login, who.addr);
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)))
		goto out;

	if ((rc = zf_auth_throttle_check(db, &keys, now, "登录失败次数过多", err))) {
		if (rc == ZF_ETHROTTLE)
			refusal = "throttled";
		goto out;
	}

	rc = zf_store_account_by_login(db, ar, who.login, &acc, err);
	if (rc && rc != ZF_ENOTFOUND)
		goto out;
	found = rc == 0;
	/* scrypt runs for unknown logins too, so timing does not tell them apart. */
	pw_ok = zf_password_verify(password ? password : "", found ? acc.pw_hash : dummy_hash);
	if (!found)
		why = "unknown login";
	else if (!pw_ok)
		why = "wrong password";
	else if (!acc.enabled)
		why = "account disabled";
	else if (zf_role_is_admin(acc.role) && !acc.totp_secret) {
		rc = zf_err_set(err, ZF_EDENIED,
				"管理员账号必须使用动态验证码登录，该账号尚未登记，"
				"请联系安全管理员为其登记动态验证码");
		refusal = "second factor not enrolled";
		goto out;
	} else if (acc.totp_secret && !zf_totp_match(acc.totp_secret, totp, now, &step))
		why = "wrong one-time code";
	if (!why) {
		rc = session_open(app, db, &acc, step, keys.pair, addr, out, err);
		/* A code accepted before is refused as any wrong code is (RFC 6238
		 * section 5.2): whoever saw it typed may not sign in with it. */
		if (rc != ZF_ECONFLICT || !step)
			goto out;
		why = "one-time code used before";
	}
	/* The message depends only on what was typed, never on which part was
	 * wrong: naming the code would confirm the password. */
	login_failed(app, db, &who, &keys, why);
	rc = zf_err_set(err, ZF_EAUTH, "%s", totp && *totp ? MSG_BAD_LOGIN_TOTP : MSG_BAD_LOGIN);
out:
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	if (rc) {
		zf_wipe(out->token, sizeof(out->token));
		zf_wipe(out->csrf, sizeof(out->csrf));
		memset(&out->actor, 0, sizeof(out->actor));
	}
	if (refusal)
		zf_app_audit(app, &who, "login_failed", "", "denied", refusal);
	return rc;
}

int zf_app_session_resolve(struct zf_app *app, const char *token, const char *addr,
			   struct zf_actor *actor, char csrf[65], struct zf_err *err)
{
	const struct zf_settings *s = &app->settings;
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_session sess;
	struct zf_account acc;
	int64_t now = zf_clock_now(&app->clock);
	char hash[65];
	int rc, end = 0;

	zf_actor_public(actor, addr);
	csrf[0] = '\0';
	if (!token_ok(token) || zf_sha256_hex(token, hash))
		return zf_err_set(err, ZF_EAUTH, MSG_NEED_LOGIN);
	if (!(ar = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)))
		goto out;
	rc = zf_store_session_get(db, ar, hash, &sess, err);
	if (rc == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_EAUTH, MSG_SESSION_GONE);
	if (rc)
		goto out;
	if (now - sess.last_seen > s->session_idle || now - sess.created_at > s->session_max) {
		end = 1;
		rc = zf_err_set(err, ZF_EAUTH, "登录已超时，请重新登录");
		goto out;
	}
	rc = zf_store_account_get(db, ar, sess.account_id, &acc, err);
	if (rc == ZF_ENOTFOUND || (rc == 0 && !acc.enabled)) {
		end = 1;
		rc = zf_err_set(err, ZF_EAUTH, MSG_SESSION_GONE);
	}
	if (rc)
		goto out;
	if (now - sess.last_seen >= TOUCH_EVERY &&
	    (rc = zf_store_session_touch(db, sess.id, now, err)))
		goto out;
	actor_from(actor, &acc, addr);
	zf_strlcpy(csrf, sess.csrf ? sess.csrf : "", 65);
out:
	if (end) {
		struct zf_err e;
		zf_err_clear(&e);
		if (zf_store_session_delete(db, hash, &e))
			zf_log(ZF_LOG_WARN, "ending an expired session: %s", e.msg);
	}
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	if (rc)
		zf_actor_public(actor, addr);
	return rc;
}

int zf_app_logout(struct zf_app *app, const char *token, const struct zf_actor *actor,
		  struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_session sess;
	char hash[65];
	int rc;

	if (!token_ok(token) || zf_sha256_hex(token, hash))
		return 0;
	if (!(ar = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)))
		goto out;
	if ((rc = zf_db_begin(db, 1, err)))
		goto out;
	rc = zf_store_session_get(db, ar, hash, &sess, err);
	if (rc == ZF_ENOTFOUND) {
		rc = 0;
		zf_err_clear(err);
		goto out;
	}
	if (rc || (rc = zf_store_session_delete(db, hash, err)) ||
	    (rc = audit_ok(db, app, actor, "logout", "", "", err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	return rc;
}

int zf_app_token_resolve(struct zf_app *app, const char *token, const char *addr,
			 struct zf_actor *actor, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_token tok;
	struct zf_account acc;
	int64_t now = zf_clock_now(&app->clock);
	char hash[65];
	int rc;

	zf_actor_public(actor, addr);
	if (!token_ok(token) || zf_sha256_hex(token, hash))
		return zf_err_set(err, ZF_EAUTH, "API 令牌无效");
	if (!(ar = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)))
		goto out;
	rc = zf_store_token_get(db, ar, hash, &tok, err);
	if (rc == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_EAUTH, "API 令牌无效");
	if (rc)
		goto out;
	if (tok.revoked_at) {
		rc = zf_err_set(err, ZF_EAUTH, "API 令牌已被吊销");
		goto out;
	}
	if (tok.expires_at && now >= tok.expires_at) {
		rc = zf_err_set(err, ZF_EAUTH, "API 令牌已过期，请向安全管理员申请新令牌");
		goto out;
	}
	rc = zf_store_account_get(db, ar, tok.account_id, &acc, err);
	/* A role changed to an administrator after issue loses its tokens too. */
	if (rc == ZF_ENOTFOUND || (rc == 0 && (!acc.enabled || zf_role_is_admin(acc.role))))
		rc = zf_err_set(err, ZF_EAUTH, "API 令牌所属账号已停用");
	if (rc)
		goto out;
	actor_from(actor, &acc, addr);
	actor->via_token = 1;
out:
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	if (rc)
		zf_actor_public(actor, addr);
	return rc;
}
