/* Use cases of account administration: adding, disabling, enabling accounts, resetting passwords, API tokens, lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/account.h"
#include "app/auth.h"
#include "app/auth_internal.h"
#include "app/ledger.h"
#include "app/tx.h"
#include "core/registry.h"
#include "core/role.h"
#include "store/account.h"
#include "store/registry.h"
#include "util/crypto.h"
#include "util/password.h"
#include "util/str.h"

#define LOGIN_MIN 2
#define LOGIN_MAX 32
#define PW_MIN 8
#define PW_MIN_DEMO 4
#define PW_MAX_CHARS 128
#define TOKEN_DAYS_MAX 3650
#define DAY 86400

#define MSG_NO_ACCOUNT_ADMIN "您的角色无权管理账号"
#define MSG_ADMIN_CLI_ONLY "三员账号只能由系统部署人员在服务器上用命令行管理"

/* ---- checks ---- */

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

/* Adds a field error for PASSWORD when it breaks the rules for ACTOR;
 * MISSING is the message when it was not given at all. */
static void check_password(const struct zf_actor *actor, int demo, const char *password,
			   const char *missing, struct zf_err *err)
{
	size_t min = actor->cli && demo ? PW_MIN_DEMO : PW_MIN, chars;

	if (!password || !*password) {
		zf_err_field(err, "password", "%s", missing);
		return;
	}
	if (!zf_str_utf8_ok(password, strlen(password), 0)) {
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

/* ZF_EDENIED unless ACTOR may add, disable, enable or reset an account of
 * ROLE. 三员分立: the accounts of the three administrators are managed only
 * by the operator who holds the installation, on the command line. From the
 * web the security administrator could otherwise act as the other two:
 * create an auditor and see its second-factor secret, disable the only
 * auditor, or reset the system administrator's password and sign in as it. */
static int admin_role_check(const struct zf_actor *actor, int role, struct zf_err *err)
{
	if (!actor->cli && zf_role_is_admin(role))
		return zf_err_set(err, ZF_EDENIED, MSG_ADMIN_CLI_ONLY);
	return 0;
}

/* The audit outcome word for a use case that ended with RC. */
static const char *outcome_of(int rc)
{
	switch (rc) {
	case 0: return "ok";
	case ZF_EDENIED:
	case ZF_ETHROTTLE: return "denied";
	case ZF_EINVAL:
	case ZF_ECONFLICT:
	case ZF_ENOTFOUND: return "invalid";
	default: return "error";
	}
}

/* ---- one administrative change ---- */

/* What every change here goes through: the permission check, one write
 * transaction, one audit record of the outcome (inside the transaction on
 * success, on its own after a refusal or failure). */
struct op {
	struct zf_app *app;
	const struct zf_actor *actor;
	const char *action;      /* audit action word */
	struct zf_tx tx;
	struct zf_arena *ar;     /* scratch for the rows read */
	struct zf_err *err;      /* the caller's, or LOCAL */
	struct zf_err local;
	char target[64];         /* audit target: "account:NAME" until the id is known */
	char shown[LOGIN_MAX + 1]; /* the login as typed, safe for messages */
};

/* Starts OP for ACTOR: clears ERR (may be NULL), names the target after LOGIN
 * (may be NULL) and checks PERM; ZF_EDENIED with DENIED as the message. */
static int op_start(struct op *op, struct zf_app *app, const struct zf_actor *actor,
		    const char *action, const char *login, int perm, const char *denied,
		    struct zf_err *err)
{
	memset(op, 0, sizeof(*op));
	op->app = app;
	op->actor = actor;
	op->action = action;
	op->err = err ? err : &op->local;
	zf_err_clear(op->err);
	zf_auth_copy_typed(op->shown, sizeof(op->shown), login);
	snprintf(op->target, sizeof(op->target), "account:%s", op->shown);
	if (!allowed(actor, perm))
		return zf_err_set(op->err, ZF_EDENIED, "%s", denied);
	return 0;
}

/* Looks up the account named LOGIN for an administrative change. */
static int admin_target(struct zf_db *db, struct zf_arena *ar, const char *login,
			struct zf_account *acc, struct zf_err *err)
{
	char shown[LOGIN_MAX + 1];
	int rc = login_ok(login) ? zf_store_account_by_login(db, ar, login, acc, err) : ZF_ENOTFOUND;

	if (rc == ZF_ENOTFOUND) {
		zf_auth_copy_typed(shown, sizeof(shown), login);
		return zf_err_set(err, ZF_ENOTFOUND, "账号 %s 不存在", shown);
	}
	return rc;
}

/* Opens the transaction of OP and, when LOGIN is not NULL, reads that
 * account into ACC (strings in the op's arena) and names it as the target. */
static int op_open(struct op *op, const char *login, struct zf_account *acc)
{
	int rc;

	if (!(op->ar = zf_arena_new(0)))
		return zf_err_set(op->err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if ((rc = zf_tx_begin(&op->tx, op->app, op->actor, op->err)) || !login)
		return rc;
	if ((rc = admin_target(op->tx.db, op->ar, login, acc, op->err)))
		return rc;
	snprintf(op->target, sizeof(op->target), "account:%lld", (long long)acc->id);
	return 0;
}

char *zf_app_account_canonical(const struct zf_account *a)
{
	const char *role = zf_role_word(a->role);
	json_t *j = json_pack("{s:I,s:s,s:s,s:I,s:o,s:b,s:I}", "id", (json_int_t)a->id,
			      "login", a->login ? a->login : "", "role", role ? role : "",
			      "body_id", (json_int_t)a->body_id,
			      "officer_id", a->officer_id ? json_integer(a->officer_id) : json_null(),
			      "enabled", a->enabled, "pw_changed_at", (json_int_t)a->pw_changed_at);
	char *s = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

/* Records in the op's transaction the change ACTION of account ID: its
 * history row (canonical before and after, never a secret) and the record-
 * log entry committing to it. BEFORE is the row before the change (NULL
 * when added). */
static int op_log(struct op *op, const char *action, int64_t id, const struct zf_account *before)
{
	struct zf_account now;
	char *b = NULL, *a = NULL;
	int rc = zf_store_account_get(op->tx.db, op->ar, id, &now, op->err);

	if (rc)
		return rc;
	if ((before && !(b = zf_app_account_canonical(before))) ||
	    !(a = zf_app_account_canonical(&now))) {
		rc = zf_err_set(op->err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	} else {
		struct zf_history h = {.entity = "account", .entity_id = id, .action = action,
				       .before_json = b, .after_json = a};
		rc = zf_app_log_history(&op->tx, &h, NULL, op->err);
	}
	free(b);
	free(a);
	return rc;
}

/* Writes the success record with DETAIL and commits. */
static int op_commit(struct op *op, const char *detail)
{
	int rc = zf_tx_audit(&op->tx, op->action, op->target, "ok", detail, op->err);

	return zf_tx_end(&op->tx, rc, op->err);
}

/* Ends OP with RC: rolls back what was not committed, releases the
 * connection and the arena, audits a failure. Returns RC. */
static int op_end(struct op *op, int rc)
{
	zf_tx_end(&op->tx, ZF_ERROR, NULL);
	zf_arena_free(op->ar);
	if (rc)
		zf_app_audit(op->app, op->actor, op->action, op->target, outcome_of(rc),
			     op->err->msg);
	return rc;
}

/* ---- accounts ---- */

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

	zf_auth_copy_typed(shown, sizeof(shown), cert);
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

/* Adds a field error for every rule IN breaks that needs no database. */
static void check_new_account(const struct zf_actor *actor, const struct zf_account_new *in,
			      struct zf_err *err)
{
	int has_cert = in->officer_cert && !zf_str_blank(in->officer_cert);

	if (!login_ok(in->login))
		zf_err_field(err, "login",
			     "登录名须为 2 至 32 个小写字母、数字或 _ . -，并以字母开头");
	if (in->role == ZF_ROLE_NONE)
		zf_err_field(err, "role", "请选择角色");
	else if (in->role < ZF_ROLE_NONE || in->role >= ZF_ROLE_COUNT || !zf_role_word(in->role))
		zf_err_field(err, "role", "角色无效");
	else if (in->role == ZF_ROLE_OFFICER && !has_cert)
		zf_err_field(err, "officer", "执法人员账号须指定其执法证号");
	else if (in->role != ZF_ROLE_OFFICER && in->role != ZF_ROLE_REVIEWER && has_cert)
		zf_err_field(err, "officer", "只有执法人员和法制审核人员账号可以绑定执法证号");
	check_password(actor, in->demo, in->password, "请输入初始密码", err);
}

int zf_app_user_add(struct zf_app *app, const struct zf_actor *actor,
		    const struct zf_account_new *in, int64_t *id, char *totp_secret,
		    struct zf_err *err)
{
	struct op op;
	struct zf_account acc;
	char hash[ZF_PW_HASH_MAX] = "", secret[33] = "", detail[128];
	int64_t new_id = 0;
	int rc;

	if (id)
		*id = 0;
	if (totp_secret)
		totp_secret[0] = '\0';
	memset(&acc, 0, sizeof(acc));
	if ((rc = op_start(&op, app, actor, "user_add", in->login, ZF_PERM_ACCOUNT_ADMIN,
			   MSG_NO_ACCOUNT_ADMIN, err)) ||
	    (rc = admin_role_check(actor, in->role, op.err)))
		goto out;
	check_new_account(actor, in, op.err);
	if (op.err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	/* The slow parts run before the write lock is taken. */
	if (zf_password_hash(in->password, hash, sizeof(hash)) ||
	    (zf_role_is_admin(in->role) && zf_totp_secret_new(secret))) {
		rc = zf_err_set(op.err, ZF_ERROR, "无法生成密码散列或动态验证码密钥");
		goto out;
	}
	if ((rc = op_open(&op, NULL, NULL)) ||
	    (rc = resolve_body(op.tx.db, op.ar, in->body_id, &acc.body_id, op.err)))
		goto out;
	if ((in->role == ZF_ROLE_OFFICER || (in->role == ZF_ROLE_REVIEWER && in->officer_cert &&
					      !zf_str_blank(in->officer_cert))) &&
	    (rc = resolve_officer(op.tx.db, op.ar, in->officer_cert, acc.body_id, &acc.officer_id,
				  op.err)))
		goto out;
	acc.login = in->login;
	acc.role = in->role;
	acc.pw_hash = hash;
	acc.totp_secret = secret[0] ? secret : NULL;
	acc.enabled = 1;
	acc.created_at = acc.pw_changed_at = op.tx.now;
	if ((rc = zf_store_account_insert(op.tx.db, &acc, &new_id, op.err)) ||
	    (rc = op_log(&op, "account_add", new_id, NULL)))
		goto out;
	snprintf(op.target, sizeof(op.target), "account:%lld", (long long)new_id);
	snprintf(detail, sizeof(detail), "login=%s role=%s body=%lld officer=%lld", in->login,
		 zf_role_word(in->role), (long long)acc.body_id, (long long)acc.officer_id);
	if ((rc = op_commit(&op, detail)))
		goto out;
	if (id)
		*id = new_id;
	if (totp_secret)
		zf_strlcpy(totp_secret, secret, 33);
out:
	zf_wipe(hash, sizeof(hash));
	zf_wipe(secret, sizeof(secret));
	return op_end(&op, rc);
}

int zf_app_user_set_enabled(struct zf_app *app, const struct zf_actor *actor, const char *login,
			    int enabled, struct zf_err *err)
{
	struct op op;
	struct zf_account acc;
	int rc;

	if ((rc = op_start(&op, app, actor, enabled ? "user_enable" : "user_disable", login,
			   ZF_PERM_ACCOUNT_ADMIN, MSG_NO_ACCOUNT_ADMIN, err)) ||
	    (rc = op_open(&op, login, &acc)))
		goto out;
	/* Locking oneself out would leave no one to undo it from the web. */
	if (!enabled && actor->account_id == acc.id) {
		rc = zf_err_set(op.err, ZF_EDENIED, "不能停用自己的账号");
		goto out;
	}
	if ((rc = admin_role_check(actor, acc.role, op.err)))
		goto out;
	if ((rc = zf_store_account_set_enabled(op.tx.db, acc.id, enabled, op.err)) ||
	    (!enabled && (rc = zf_store_session_delete_account(op.tx.db, acc.id, op.err))) ||
	    (rc = op_log(&op, enabled ? "account_enable" : "account_disable", acc.id, &acc)))
		goto out;
	rc = op_commit(&op, op.shown);
out:
	return op_end(&op, rc);
}

int zf_app_user_reset_password(struct zf_app *app, const struct zf_actor *actor,
			       const char *login, const char *password, struct zf_err *err)
{
	struct op op;
	struct zf_account acc;
	char hash[ZF_PW_HASH_MAX] = "";
	int rc;

	if ((rc = op_start(&op, app, actor, "user_reset_password", login, ZF_PERM_ACCOUNT_ADMIN,
			   MSG_NO_ACCOUNT_ADMIN, err)))
		goto out;
	check_password(actor, 0, password, "请输入新密码", op.err);
	if (op.err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	if (zf_password_hash(password, hash, sizeof(hash))) {
		rc = zf_err_set(op.err, ZF_ERROR, "无法生成密码散列");
		goto out;
	}
	if ((rc = op_open(&op, login, &acc)) || (rc = admin_role_check(actor, acc.role, op.err)) ||
	    (rc = zf_store_account_set_password(op.tx.db, acc.id, hash, op.tx.now, op.err)) ||
	    (rc = zf_store_session_delete_account(op.tx.db, acc.id, op.err)) ||
	    (rc = op_log(&op, "account_password_reset", acc.id, &acc)))
		goto out;
	rc = op_commit(&op, op.shown);
out:
	zf_wipe(hash, sizeof(hash));
	return op_end(&op, rc);
}

int zf_app_password_change(struct zf_app *app, const struct zf_actor *actor,
			   const char *current, const char *password, struct zf_err *err)
{
	struct op op;
	struct zf_account acc;
	struct zf_auth_keys keys;
	char hash[ZF_PW_HASH_MAX] = "";
	int rc;

	if ((rc = op_start(&op, app, actor, "password_change", actor ? actor->login : NULL,
			   ZF_PERM_WORKBENCH, "请先登录", err)))
		goto out;
	if (!actor->account_id || actor->via_token) {
		rc = zf_err_set(op.err, ZF_EDENIED, "只能在登录后的页面上修改自己的密码");
		goto out;
	}
	if (!current || !*current)
		zf_err_field(op.err, "current_password", "请输入当前密码");
	check_password(actor, 0, password, "请输入新密码", op.err);
	if (!op.err->nfields && !strcmp(current, password))
		zf_err_field(op.err, "password", "新密码不能与当前密码相同");
	if (op.err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	/* The current password is guessed under the same throttle as at login,
	 * or a session left open would allow unlimited guesses. */
	zf_auth_keys_of(&keys, actor->login, actor->addr);
	if ((rc = op_open(&op, actor->login, &acc)) ||
	    (rc = zf_auth_throttle_check(op.tx.db, &keys, op.tx.now, "密码错误次数过多", op.err)))
		goto out;
	if (!zf_password_verify(current, acc.pw_hash)) {
		/* The failure is counted and committed although the change is refused. */
		if ((rc = zf_auth_throttle_fail(app, op.tx.db, &keys, op.tx.now, op.err)) ||
		    (rc = zf_tx_end(&op.tx, 0, op.err)))
			goto out;
		rc = zf_err_field(op.err, "current_password", "当前密码不正确");
		goto out;
	}
	if (zf_password_hash(password, hash, sizeof(hash))) {
		rc = zf_err_set(op.err, ZF_ERROR, "无法生成密码散列");
		goto out;
	}
	if ((rc = zf_store_account_set_password(op.tx.db, acc.id, hash, op.tx.now, op.err)) ||
	    (rc = zf_store_session_delete_account(op.tx.db, acc.id, op.err)) ||
	    (rc = zf_store_throttle_clear(op.tx.db, keys.pair, op.err)) ||
	    (rc = op_log(&op, "account_password_change", acc.id, &acc)))
		goto out;
	rc = op_commit(&op, "");
out:
	zf_wipe(hash, sizeof(hash));
	return op_end(&op, rc);
}

/* Copies the name of body ID from the N bodies of LIST, or "". */
static const char *body_name_of(const struct zf_body *list, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].id == id)
			return list[i].name ? list[i].name : "";
	return "";
}

/* Fills INFO from account SRC into arena A; the officer is read through DB
 * into scratch arena TMP. */
static int account_info(struct zf_db *db, struct zf_arena *a, struct zf_arena *tmp,
			const struct zf_account *src, const struct zf_body *bodies, size_t nbodies,
			struct zf_account_info *info, struct zf_err *err)
{
	struct zf_officer o;
	int rc;

	memset(info, 0, sizeof(*info));
	info->id = src->id;
	info->role = src->role;
	info->body_id = src->body_id;
	info->officer_id = src->officer_id;
	info->enabled = src->enabled;
	info->has_totp = src->totp_secret && *src->totp_secret;
	info->created_at = src->created_at;
	if (!(info->login = zf_arena_strdup(a, src->login ? src->login : "")) ||
	    !(info->body_name = zf_arena_strdup(a, body_name_of(bodies, nbodies, src->body_id))))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if (!src->officer_id)
		return 0;
	rc = zf_store_officer_get(db, tmp, src->officer_id, &o, err);
	if (rc == ZF_ENOTFOUND) { /* the foreign key forbids it; show the account anyway */
		zf_err_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	if ((o.cert_no && !(info->officer_cert = zf_arena_strdup(a, o.cert_no))) ||
	    (o.name && !(info->officer_name = zf_arena_strdup(a, o.name))))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	return 0;
}

void zf_app_account_wipe(struct zf_account *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (list[i].pw_hash)
			zf_wipe((char *)list[i].pw_hash, strlen(list[i].pw_hash));
		if (list[i].totp_secret)
			zf_wipe((char *)list[i].totp_secret, strlen(list[i].totp_secret));
	}
}

int zf_app_user_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     struct zf_account_info **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_arena *tmp = NULL;
	struct zf_account *list = NULL;
	struct zf_account_info *infos = NULL;
	struct zf_body *bodies = NULL;
	size_t count = 0, nbodies = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!allowed(actor, ZF_PERM_ACCOUNT_ADMIN)) {
		zf_app_audit(app, actor, "user_list", "account", "denied", "");
		return zf_err_set(err, ZF_EDENIED, MSG_NO_ACCOUNT_ADMIN);
	}
	/* The rows carry hashes and secrets: they stay in a scratch arena, wiped. */
	if (!(tmp = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)) ||
	    (rc = zf_store_account_list(db, tmp, &list, &count, err)) ||
	    (rc = zf_store_body_list(db, tmp, 1, &bodies, &nbodies, err)))
		goto out;
	if (count && !(infos = zf_arena_alloc(a, count * sizeof(*infos)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_AUTH_MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < count && !rc; i++)
		rc = account_info(db, a, tmp, &list[i], bodies, nbodies, &infos[i], err);
	if (rc)
		goto out;
	*out = infos;
	*n = count;
out:
	zf_dbpool_put(app->pool, db);
	zf_app_account_wipe(list, count);
	zf_arena_free(tmp);
	return rc;
}

/* ---- API tokens ---- */

int zf_app_token_add(struct zf_app *app, const struct zf_actor *actor, const char *login,
		     int days, char out[65], int64_t *id, struct zf_err *err)
{
	struct op op;
	struct zf_account acc;
	char token[65] = "", hash[65], detail[96];
	int64_t new_id = 0;
	int rc;

	out[0] = '\0';
	if (id)
		*id = 0;
	if ((rc = op_start(&op, app, actor, "token_add", login, ZF_PERM_TOKEN_ADMIN,
			   "您的角色无权签发 API 令牌", err)))
		goto out;
	if (days == 0)
		days = app->settings.token_days_default;
	if (days < 1 || days > TOKEN_DAYS_MAX) {
		rc = zf_err_field(op.err, "days", "有效期须为 1 至 %d 天", TOKEN_DAYS_MAX);
		goto out;
	}
	if ((rc = op_open(&op, login, &acc)))
		goto out;
	if (zf_role_is_admin(acc.role)) {
		rc = zf_err_set(op.err, ZF_EDENIED,
				"系统管理员、安全管理员和审计管理员账号不能使用 API 令牌");
		goto out;
	}
	if (!acc.enabled) {
		rc = zf_err_field(op.err, "login", "账号 %s 已停用，不能签发 API 令牌", op.shown);
		goto out;
	}
	if (zf_random_token(token) || zf_sha256_hex(token, hash)) {
		rc = zf_err_set(op.err, ZF_ERROR, "无法生成 API 令牌");
		goto out;
	}
	if ((rc = zf_store_token_insert(op.tx.db, hash, acc.id, op.tx.now,
					op.tx.now + (int64_t)days * DAY, &new_id, op.err)))
		goto out;
	snprintf(op.target, sizeof(op.target), "token:%lld", (long long)new_id);
	snprintf(detail, sizeof(detail), "account=%s days=%d", op.shown, days);
	if ((rc = op_commit(&op, detail)))
		goto out;
	zf_strlcpy(out, token, 65);
	if (id)
		*id = new_id;
out:
	zf_wipe(token, sizeof(token));
	return op_end(&op, rc);
}

int zf_app_token_revoke(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			struct zf_err *err)
{
	struct op op;
	int rc = op_start(&op, app, actor, "token_revoke", NULL, ZF_PERM_TOKEN_ADMIN,
			  "您的角色无权吊销 API 令牌", err);

	snprintf(op.target, sizeof(op.target), "token:%lld", (long long)id);
	if (rc || (rc = op_open(&op, NULL, NULL)) ||
	    (rc = zf_store_token_revoke(op.tx.db, id, op.tx.now, op.err)))
		goto out;
	rc = op_commit(&op, "");
out:
	return op_end(&op, rc);
}

int zf_app_token_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      struct zf_token **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!allowed(actor, ZF_PERM_TOKEN_ADMIN)) {
		zf_app_audit(app, actor, "token_list", "token", "denied", "");
		return zf_err_set(err, ZF_EDENIED, "您的角色无权查看 API 令牌");
	}
	if (!(rc = zf_dbpool_get(app->pool, &db, ZF_AUTH_POOL_WAIT_MS, err)))
		rc = zf_store_token_list(db, a, 0, out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}
