/* Use cases of signing in and of account administration: login, sessions, API tokens, audit. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "core/registry.h"
#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/registry.h"
#include "util/arena.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/password.h"
#include "util/str.h"

#define POOL_WAIT_MS 5000
#define LOGIN_MIN 2
#define LOGIN_MAX 32
#define PW_MIN 8
#define PW_MIN_DEMO 4
#define PW_MAX_CHARS 128
#define TOKEN_DAYS_MAX 3650
#define DAY 86400
/* last_seen is written at most once a minute, not on every request, so a
 * session may end up to a minute before session_idle of true inactivity. */
#define TOUCH_EVERY 60

#define MSG_BAD_LOGIN "登录名或密码错误"
#define MSG_BAD_LOGIN_TOTP "登录名、密码或动态验证码错误"
#define MSG_NEED_LOGIN "请先登录"
#define MSG_SESSION_GONE "登录已失效，请重新登录"
#define MSG_NOMEM "内存不足"

/* A well-formed hash no password matches, verified for unknown logins so that
 * the answer takes as long as for a known one. */
static const char dummy_hash[] = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$"
				 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/* ---- small helpers ---- */

/* Copies untrusted text SRC into DST (N bytes) for the audit trail and the
 * throttle keys: invalid UTF-8 becomes "?", long text is cut on a character
 * boundary. */
static void copy_typed(char *dst, size_t n, const char *src)
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

/* 1 when S is a login name: 2..32 of [a-z0-9_.-], starting with a letter. */
static int login_ok(const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len < LOGIN_MIN || len > LOGIN_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '.' || *p == '-'))
			return 0;
	return 1;
}

/* Adds a field error for PASSWORD when it breaks the rules for ACTOR. */
static void check_password(const struct zf_actor *actor, int demo, const char *password,
			   struct zf_err *err)
{
	size_t min = actor->cli && demo ? PW_MIN_DEMO : PW_MIN, chars;

	if (!password || !zf_str_utf8_ok(password, strlen(password), 0)) {
		zf_err_field(err, "password", "密码含有无效字符");
		return;
	}
	chars = zf_str_chars(password);
	if (chars < min)
		zf_err_field(err, "password", "密码至少需要 %zu 个字符", min);
	else if (chars > PW_MAX_CHARS)
		zf_err_field(err, "password", "密码不能超过 %d 个字符", PW_MAX_CHARS);
}

static int allowed(const struct zf_actor *actor, int perm)
{
	return actor && (actor->cli || zf_role_allows(actor->role, perm));
}

/* The audit outcome word for a use case that ended with RC. */
static const char *outcome_of(int rc)
{
	switch (rc) {
	case 0: return "ok";
	case ZF_EDENIED: return "denied";
	case ZF_EINVAL:
	case ZF_ECONFLICT:
	case ZF_ENOTFOUND: return "invalid";
	default: return "error";
	}
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
	if (zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, &e) == 0)
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
	copy_typed(actor->addr, sizeof(actor->addr), addr);
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
			 const char *acct_key, const char *addr_key, const char *why)
{
	const struct zf_settings *s = &app->settings;
	int64_t now = zf_clock_now(&app->clock);
	struct zf_audit r;
	struct zf_err e;

	zf_err_clear(&e);
	fill_audit(&r, app, who, "login_failed", "", "denied", why);
	if (zf_db_begin(db, 1, &e) ||
	    zf_store_throttle_fail(db, acct_key, now, s->throttle_window, s->throttle_account_max,
				   &e) ||
	    zf_store_throttle_fail(db, addr_key, now, s->throttle_window, s->throttle_addr_max,
				   &e) ||
	    zf_store_audit_add(db, &r, &e) || zf_db_commit(db, &e)) {
		zf_db_rollback(db);
		zf_log(ZF_LOG_ERROR, "recording a failed login: %s", e.msg);
	}
}

/* Creates the session of account A: tokens into OUT, the session row, the
 * account's throttle cleared and the login audited, in one transaction. */
static int session_open(struct zf_app *app, struct zf_db *db, const struct zf_account *a,
			const char *acct_key, const char *addr, struct zf_login *out,
			struct zf_err *err)
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
	/* Sweeping idle sessions here keeps the table small without a timer. */
	if ((rc = zf_store_throttle_clear(db, acct_key, err)) ||
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
	char acct_key[96], addr_key[96];
	const char *why = NULL, *refusal = NULL;
	int64_t now = zf_clock_now(&app->clock), retry = 0, retry_addr = 0;
	int rc, found = 0, pw_ok;

	memset(out, 0, sizeof(*out));
	zf_err_clear(err);
	zf_actor_public(&who, NULL);
	copy_typed(who.login, sizeof(who.login), login);
	copy_typed(who.addr, sizeof(who.addr), addr);
	snprintf(acct_key, sizeof(acct_key), "acct:%s", who.login);
	snprintf(addr_key, sizeof(addr_key), "addr:%s", who.addr);
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
		goto out;

	if ((rc = zf_store_throttle_blocked(db, acct_key, now, &retry, err)) ||
	    (rc = zf_store_throttle_blocked(db, addr_key, now, &retry_addr, err)))
		goto out;
	if (retry_addr > retry)
		retry = retry_addr;
	if (retry > 0) {
		rc = zf_err_set(err, ZF_ETHROTTLE, "登录失败次数过多，请在 %lld 分钟后重试",
				(long long)((retry + 59) / 60));
		if (err)
			err->retry_after = retry > 0x7fffffff ? 0x7fffffff : (int)retry;
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
	} else if (acc.totp_secret && !zf_totp_verify(acc.totp_secret, totp, now))
		why = "wrong one-time code";
	if (why) {
		login_failed(app, db, &who, acct_key, addr_key, why);
		/* The message depends only on what was typed, never on which part
		 * was wrong: naming the code would confirm the password. */
		rc = zf_err_set(err, ZF_EAUTH, "%s",
				totp && *totp ? MSG_BAD_LOGIN_TOTP : MSG_BAD_LOGIN);
		goto out;
	}
	rc = session_open(app, db, &acc, acct_key, addr, out, err);
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
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
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
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
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
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
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

/* ---- account administration ---- */

/* Resolves the body of a new account: 0 is the first body. Field errors on failure. */
static int resolve_body(struct zf_db *db, struct zf_arena *ar, int64_t want, int64_t *body_id,
			struct zf_err *err)
{
	struct zf_body b, *list = NULL;
	size_t n = 0;
	int rc;

	if (want == 0) {
		if ((rc = zf_store_body_list(db, ar, 1, &list, &n, err)))
			return rc;
		if (n == 0)
			return zf_err_field(err, "body", "尚无执法主体，请先添加执法主体");
		*body_id = list[0].id;
		return 0;
	}
	rc = zf_store_body_get(db, ar, want, &b, err);
	if (rc == ZF_ENOTFOUND) {
		err->msg[0] = '\0';
		return zf_err_field(err, "body", "执法主体 %lld 不存在", (long long)want);
	}
	if (rc == 0)
		*body_id = b.id;
	return rc;
}

/* Binds an officer account to the officer holding CERT, who must serve BODY_ID. */
static int resolve_officer(struct zf_db *db, struct zf_arena *ar, const char *cert,
			   int64_t body_id, int64_t *officer_id, struct zf_err *err)
{
	struct zf_officer o;
	char shown[ZF_CERT_MAX * 3 + 1], norm[ZF_CERT_MAX * 3 + 1];
	int rc;

	copy_typed(shown, sizeof(shown), cert);
	if (zf_cert_no_normalize(cert, norm, sizeof(norm)))
		return zf_err_field(err, "officer", "执法证号 %s 格式不正确", shown);
	rc = zf_store_officer_by_cert(db, ar, norm, &o, err);
	if (rc == ZF_ENOTFOUND) {
		err->msg[0] = '\0';
		return zf_err_field(err, "officer", "未找到执法证号为 %s 的执法人员", shown);
	}
	if (rc)
		return rc;
	if (o.body_id != body_id)
		return zf_err_field(err, "officer",
				    "执法证号 %s 的持证人属于%s，与账号所选的执法主体不一致，"
				    "请指定该执法主体",
				    shown, o.body_name ? o.body_name : "其他执法主体");
	*officer_id = o.id;
	return 0;
}

int zf_app_user_add(struct zf_app *app, const struct zf_actor *actor,
		    const struct zf_account_new *in, int64_t *id, char *totp_secret,
		    struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_account acc;
	struct zf_err local;
	char hash[ZF_PW_HASH_MAX] = "", secret[33] = "", target[64], detail[128];
	char shown[LOGIN_MAX + 1];
	int64_t now = zf_clock_now(&app->clock), new_id = 0;
	int rc;

	if (!err)
		err = &local;
	zf_err_clear(err);
	if (id)
		*id = 0;
	if (totp_secret)
		totp_secret[0] = '\0';
	memset(&acc, 0, sizeof(acc));
	copy_typed(shown, sizeof(shown), in->login);
	snprintf(target, sizeof(target), "account:%s", shown);
	if (!allowed(actor, ZF_PERM_ACCOUNT_ADMIN)) {
		rc = zf_err_set(err, ZF_EDENIED, "您的角色无权管理账号");
		goto out;
	}
	if (!login_ok(in->login))
		zf_err_field(err, "login",
			     "登录名须为 2 至 32 个小写字母、数字或 _ . -，并以字母开头");
	if (in->role <= ZF_ROLE_NONE || in->role >= ZF_ROLE_COUNT || !zf_role_word(in->role))
		zf_err_field(err, "role", "角色无效");
	else if (in->role == ZF_ROLE_OFFICER && zf_str_blank(in->officer_cert ? in->officer_cert : ""))
		zf_err_field(err, "officer", "执法人员账号须指定其执法证号");
	else if (in->role != ZF_ROLE_OFFICER && in->officer_cert && !zf_str_blank(in->officer_cert))
		zf_err_field(err, "officer", "只有执法人员账号可以绑定执法证号");
	check_password(actor, in->demo, in->password, err);
	if (err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	/* The slow parts run before the write lock is taken. */
	if (zf_password_hash(in->password, hash, sizeof(hash)) ||
	    (zf_role_is_admin(in->role) && zf_totp_secret_new(secret))) {
		rc = zf_err_set(err, ZF_ERROR, "无法生成密码散列或动态验证码密钥");
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)) ||
	    (rc = zf_db_begin(db, 1, err)))
		goto out;
	if ((rc = resolve_body(db, ar, in->body_id, &acc.body_id, err)))
		goto out;
	if (in->role == ZF_ROLE_OFFICER &&
	    (rc = resolve_officer(db, ar, in->officer_cert, acc.body_id, &acc.officer_id, err)))
		goto out;
	acc.login = in->login;
	acc.role = in->role;
	acc.pw_hash = hash;
	acc.totp_secret = secret[0] ? secret : NULL;
	acc.enabled = 1;
	acc.created_at = acc.pw_changed_at = now;
	if ((rc = zf_store_account_insert(db, &acc, &new_id, err)))
		goto out;
	snprintf(target, sizeof(target), "account:%lld", (long long)new_id);
	snprintf(detail, sizeof(detail), "login=%s role=%s body=%lld officer=%lld", in->login,
		 zf_role_word(in->role), (long long)acc.body_id, (long long)acc.officer_id);
	if ((rc = audit_ok(db, app, actor, "user_add", target, detail, err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
	if (id)
		*id = new_id;
	if (totp_secret)
		zf_strlcpy(totp_secret, secret, 33);
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	zf_wipe(hash, sizeof(hash));
	zf_wipe(secret, sizeof(secret));
	if (rc)
		zf_app_audit(app, actor, "user_add", target, outcome_of(rc), err->msg);
	return rc;
}

/* Looks up the account named LOGIN for an administrative change. */
static int admin_target(struct zf_db *db, struct zf_arena *ar, const char *login,
			struct zf_account *acc, struct zf_err *err)
{
	char shown[LOGIN_MAX + 1];
	int rc = login_ok(login) ? zf_store_account_by_login(db, ar, login, acc, err) : ZF_ENOTFOUND;

	if (rc == ZF_ENOTFOUND) {
		copy_typed(shown, sizeof(shown), login);
		return zf_err_set(err, ZF_ENOTFOUND, "账号 %s 不存在", shown);
	}
	return rc;
}

int zf_app_user_set_enabled(struct zf_app *app, const struct zf_actor *actor, const char *login,
			    int enabled, struct zf_err *err)
{
	const char *action = enabled ? "user_enable" : "user_disable";
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_account acc;
	struct zf_err local;
	char target[64], shown[LOGIN_MAX + 1];
	int rc;

	if (!err)
		err = &local;
	zf_err_clear(err);
	copy_typed(shown, sizeof(shown), login);
	snprintf(target, sizeof(target), "account:%s", shown);
	if (!allowed(actor, ZF_PERM_ACCOUNT_ADMIN)) {
		rc = zf_err_set(err, ZF_EDENIED, "您的角色无权管理账号");
		goto out;
	}
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)) ||
	    (rc = zf_db_begin(db, 1, err)) || (rc = admin_target(db, ar, login, &acc, err)))
		goto out;
	snprintf(target, sizeof(target), "account:%lld", (long long)acc.id);
	/* Locking oneself out would leave no one to undo it from the web. */
	if (!enabled && actor->account_id == acc.id) {
		rc = zf_err_set(err, ZF_EDENIED, "不能停用自己的账号");
		goto out;
	}
	if ((rc = zf_store_account_set_enabled(db, acc.id, enabled, err)) ||
	    (!enabled && (rc = zf_store_session_delete_account(db, acc.id, err))) ||
	    (rc = audit_ok(db, app, actor, action, target, shown, err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	if (rc)
		zf_app_audit(app, actor, action, target, outcome_of(rc), err->msg);
	return rc;
}

int zf_app_user_reset_password(struct zf_app *app, const struct zf_actor *actor,
			       const char *login, const char *password, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_account acc;
	struct zf_err local;
	char hash[ZF_PW_HASH_MAX] = "", target[64], shown[LOGIN_MAX + 1];
	int rc;

	if (!err)
		err = &local;
	zf_err_clear(err);
	copy_typed(shown, sizeof(shown), login);
	snprintf(target, sizeof(target), "account:%s", shown);
	if (!allowed(actor, ZF_PERM_ACCOUNT_ADMIN)) {
		rc = zf_err_set(err, ZF_EDENIED, "您的角色无权管理账号");
		goto out;
	}
	check_password(actor, 0, password, err);
	if (err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if (zf_password_hash(password, hash, sizeof(hash))) {
		rc = zf_err_set(err, ZF_ERROR, "无法生成密码散列");
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)) ||
	    (rc = zf_db_begin(db, 1, err)) || (rc = admin_target(db, ar, login, &acc, err)))
		goto out;
	snprintf(target, sizeof(target), "account:%lld", (long long)acc.id);
	if ((rc = zf_store_account_set_password(db, acc.id, hash, zf_clock_now(&app->clock), err)) ||
	    (rc = zf_store_session_delete_account(db, acc.id, err)) ||
	    (rc = audit_ok(db, app, actor, "user_reset_password", target, shown, err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	zf_wipe(hash, sizeof(hash));
	if (rc)
		zf_app_audit(app, actor, "user_reset_password", target, outcome_of(rc), err->msg);
	return rc;
}

int zf_app_token_add(struct zf_app *app, const struct zf_actor *actor, const char *login,
		     int days, char out[65], int64_t *id, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *ar = NULL;
	struct zf_account acc;
	struct zf_err local;
	char token[65] = "", hash[65], target[64], detail[96], shown[LOGIN_MAX + 1];
	int64_t now = zf_clock_now(&app->clock), new_id = 0;
	int rc;

	if (!err)
		err = &local;
	zf_err_clear(err);
	out[0] = '\0';
	if (id)
		*id = 0;
	copy_typed(shown, sizeof(shown), login);
	snprintf(target, sizeof(target), "account:%s", shown);
	if (!allowed(actor, ZF_PERM_TOKEN_ADMIN)) {
		rc = zf_err_set(err, ZF_EDENIED, "您的角色无权签发 API 令牌");
		goto out;
	}
	if (days == 0)
		days = app->settings.token_days_default;
	if (days < 1 || days > TOKEN_DAYS_MAX) {
		rc = zf_err_field(err, "days", "有效期须为 1 至 %d 天", TOKEN_DAYS_MAX);
		goto out;
	}
	if (!(ar = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)) ||
	    (rc = zf_db_begin(db, 1, err)) || (rc = admin_target(db, ar, login, &acc, err)))
		goto out;
	if (zf_role_is_admin(acc.role)) {
		rc = zf_err_set(err, ZF_EDENIED,
				"系统管理员、安全管理员和审计管理员账号不能使用 API 令牌");
		goto out;
	}
	if (!acc.enabled) {
		rc = zf_err_field(err, "login", "账号 %s 已停用，不能签发 API 令牌", shown);
		goto out;
	}
	if (zf_random_token(token) || zf_sha256_hex(token, hash)) {
		rc = zf_err_set(err, ZF_ERROR, "无法生成 API 令牌");
		goto out;
	}
	if ((rc = zf_store_token_insert(db, hash, acc.id, now, now + (int64_t)days * DAY, &new_id,
					err)))
		goto out;
	snprintf(target, sizeof(target), "token:%lld", (long long)new_id);
	snprintf(detail, sizeof(detail), "account=%s days=%d", shown, days);
	if ((rc = audit_ok(db, app, actor, "token_add", target, detail, err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
	zf_strlcpy(out, token, 65);
	if (id)
		*id = new_id;
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	zf_arena_free(ar);
	zf_wipe(token, sizeof(token));
	if (rc)
		zf_app_audit(app, actor, "token_add", target, outcome_of(rc), err->msg);
	return rc;
}

int zf_app_token_revoke(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_err local;
	char target[64];
	int rc;

	if (!err)
		err = &local;
	zf_err_clear(err);
	snprintf(target, sizeof(target), "token:%lld", (long long)id);
	if (!allowed(actor, ZF_PERM_TOKEN_ADMIN)) {
		rc = zf_err_set(err, ZF_EDENIED, "您的角色无权吊销 API 令牌");
		goto out;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)) ||
	    (rc = zf_db_begin(db, 1, err)) ||
	    (rc = zf_store_token_revoke(db, id, zf_clock_now(&app->clock), err)) ||
	    (rc = audit_ok(db, app, actor, "token_revoke", target, "", err)) ||
	    (rc = zf_db_commit(db, err)))
		goto out;
out:
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	if (rc)
		zf_app_audit(app, actor, "token_revoke", target, outcome_of(rc), err->msg);
	return rc;
}
