/* Repositories of staff accounts, sessions, API tokens and the login throttle. */
#include <stdint.h>

#include "store/account.h"
#include "store/repo.h"

#define ACCOUNT_COLS                                                                   \
	"id, login, role, body_id, COALESCE(officer_id, 0), pw_hash, totp_secret, enabled, " \
	"created_at, pw_changed_at"

#define TOKEN_COLS                                                                     \
	"t.id, t.account_id, a.login, t.created_at, t.expires_at, t.revoked_at"

/* Where the columns of ACCOUNT_COLS go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_account, field)
static const struct zf_repo_col account_cols[] = {
	COL(I64, id), COL(TEXT, login), COL(INT, role), COL(I64, body_id), COL(I64, officer_id),
	COL(TEXT, pw_hash), COL(TEXT, totp_secret), COL(INT, enabled),
	COL(I64, created_at), COL(I64, pw_changed_at),
	ZF_REPO_COL_END,
};
#undef COL

/* ---- accounts ---- */

int zf_store_account_insert(struct zf_db *db, const struct zf_account *a, int64_t *id,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(a->login)), ZF_ARG_I64(a->role), ZF_ARG_I64(a->body_id),
		ZF_ARG_REF(a->officer_id), ZF_ARG_TEXT(zf_repo_nn(a->pw_hash)),
		ZF_ARG_TEXT(a->totp_secret), ZF_ARG_I64(a->enabled ? 1 : 0),
		ZF_ARG_I64(a->created_at), ZF_ARG_I64(a->pw_changed_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO account (login, role, body_id, officer_id, pw_hash, "
				 "totp_secret, enabled, created_at, pw_changed_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, "login", "登录名已存在", err);
}

int zf_store_account_get(struct zf_db *db, struct zf_arena *ar, int64_t id,
			 struct zf_account *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?",
				      id, err)))
		return rc;
	return zf_repo_one(st, ar, account_cols, out, sizeof(*out), "账号不存在", err);
}

int zf_store_account_by_login(struct zf_db *db, struct zf_arena *ar, const char *login,
			      struct zf_account *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_text(db, &st, "SELECT " ACCOUNT_COLS " FROM account WHERE login = ?",
				       zf_repo_nn(login), err)))
		return rc;
	return zf_repo_one(st, ar, account_cols, out, sizeof(*out), "账号不存在", err);
}

int zf_store_account_list(struct zf_db *db, struct zf_arena *ar, struct zf_account **out,
			  size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account ORDER BY login", err);

	rc = zf_repo_list(st, rc, ar, account_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* Runs SQL, an UPDATE ... WHERE id = ? RETURNING id of one account, with ARGS. */
static int account_update(struct zf_db *db, const char *sql, const struct zf_repo_arg *args,
			  size_t n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st, sql, args, n, err);

	return rc ? rc : zf_repo_changed(st, "账号不存在", err);
}

int zf_store_account_set_enabled(struct zf_db *db, int64_t id, int enabled, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(enabled ? 1 : 0), ZF_ARG_I64(id)};

	return account_update(db, "UPDATE account SET enabled = ? WHERE id = ? RETURNING id", args,
			      ZF_REPO_NARGS(args), err);
}

int zf_store_account_set_password(struct zf_db *db, int64_t id, const char *pw_hash,
				  int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(pw_hash), ZF_ARG_I64(now), ZF_ARG_I64(id)};

	if (!pw_hash || !*pw_hash)
		return zf_err_set(err, ZF_EINVAL, "密码散列不能为空");
	return account_update(db,
			      "UPDATE account SET pw_hash = ?, pw_changed_at = ? WHERE id = ? "
			      "RETURNING id",
			      args, ZF_REPO_NARGS(args), err);
}

int zf_store_account_set_totp(struct zf_db *db, int64_t id, const char *secret,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(secret && *secret ? secret : NULL),
					   ZF_ARG_I64(id)};

	return account_update(db, "UPDATE account SET totp_secret = ? WHERE id = ? RETURNING id",
			      args, ZF_REPO_NARGS(args), err);
}

/* ---- sessions ---- */

/* Where the columns of a session query go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_session, field)
static const struct zf_repo_col session_cols[] = {
	COL(I64, id), COL(I64, account_id), COL(TEXT, csrf),
	COL(I64, created_at), COL(I64, last_seen),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_session_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			    const char *csrf, int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(token_hash)), ZF_ARG_I64(account_id),
		ZF_ARG_TEXT(zf_repo_nn(csrf)), ZF_ARG_I64(now), ZF_ARG_I64(now),
	};

	return zf_repo_run(db,
			   "INSERT INTO session (token_hash, account_id, csrf, created_at, last_seen) "
			   "VALUES (?, ?, ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_session_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
			 struct zf_session *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_text(db, &st,
				       "SELECT id, account_id, csrf, created_at, last_seen FROM session "
				       "WHERE token_hash = ?",
				       zf_repo_nn(token_hash), err)))
		return rc;
	return zf_repo_one(st, ar, session_cols, out, sizeof(*out), "会话不存在", err);
}

int zf_store_session_touch(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_I64(id)};

	return zf_repo_run(db, "UPDATE session SET last_seen = ? WHERE id = ?", args,
			   ZF_REPO_NARGS(args), err);
}

int zf_store_session_delete(struct zf_db *db, const char *token_hash, struct zf_err *err)
{
	return zf_repo_run_text(db, "DELETE FROM session WHERE token_hash = ?", zf_repo_nn(token_hash),
				err);
}

int zf_store_session_delete_account(struct zf_db *db, int64_t account_id, struct zf_err *err)
{
	return zf_repo_run_i64(db, "DELETE FROM session WHERE account_id = ?", account_id, err);
}

int zf_store_session_expire(struct zf_db *db, int64_t cutoff, struct zf_err *err)
{
	return zf_repo_run_i64(db, "DELETE FROM session WHERE last_seen < ?", cutoff, err);
}

/* ---- API tokens ---- */

/* Where the columns of TOKEN_COLS go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_token, field)
static const struct zf_repo_col token_cols[] = {
	COL(I64, id), COL(I64, account_id), COL(TEXT, login),
	COL(I64, created_at), COL(I64, expires_at), COL(I64, revoked_at),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_token_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			  int64_t now, int64_t expires_at, int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(token_hash)),
					   ZF_ARG_I64(account_id), ZF_ARG_I64(now),
					   ZF_ARG_I64(expires_at)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO api_token (token_hash, account_id, created_at, expires_at, "
				 "revoked_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_token_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
		       struct zf_token *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_text(db, &st,
				       "SELECT " TOKEN_COLS " FROM api_token t "
				       "JOIN account a ON a.id = t.account_id WHERE t.token_hash = ?",
				       zf_repo_nn(token_hash), err)))
		return rc;
	return zf_repo_one(st, ar, token_cols, out, sizeof(*out), "令牌不存在", err);
}

int zf_store_token_revoke(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err)
{
	/* revoked_at = 0 means "not revoked": a revocation at instant 0 would undo itself. */
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now > 0 ? now : 1), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at = 0 "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "令牌不存在或已吊销", err);
}

int zf_store_token_list(struct zf_db *db, struct zf_arena *ar, int64_t account_id,
			struct zf_token **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = account_id ? zf_repo_prepare_i64(db, &st,
						  "SELECT " TOKEN_COLS " FROM api_token t "
						  "JOIN account a ON a.id = t.account_id "
						  "WHERE t.account_id = ? ORDER BY t.id",
						  account_id, err)
			    : zf_db_prepare(db, &st,
					    "SELECT " TOKEN_COLS " FROM api_token t "
					    "JOIN account a ON a.id = t.account_id ORDER BY t.id",
					    err);

	rc = zf_repo_list(st, rc, ar, token_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- login throttle ---- */

int zf_store_throttle_blocked(struct zf_db *db, const char *key, int64_t now, int64_t *retry,
			      struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t until = 0;
	int rc;

	*retry = 0;
	if ((rc = zf_repo_prepare_text(db, &st, "SELECT blocked_until FROM throttle WHERE key = ?",
				       zf_repo_nn(key), err)))
		return rc;
	rc = zf_stmt_one_i64(st, &until, err);
	if (rc == ZF_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (until > now)
		*retry = until - now;
	return 0;
}

int zf_store_throttle_fail(struct zf_db *db, const char *key, int64_t now, int64_t window,
			   int max, struct zf_err *err)
{
	int64_t fresh_block;

	if (window < 1 || window > (int64_t)1 << 31 || now < 0 || now > INT64_MAX / 2 || max < 1)
		return zf_err_set(err, ZF_EINVAL, "登录限制参数无效");
	/* What a new window holds after this failure. */
	fresh_block = max <= 1 ? now + window : 0;
	/* One statement, so concurrent failures of one key neither collide on the
	 * insert nor lose a count. On conflict the SET expressions read the old
	 * row: a window that has ended restarts with this failure; otherwise the
	 * count grows and reaching MAX blocks the key until the window ends. */
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(key)), ZF_ARG_I64(now), ZF_ARG_I64(fresh_block),
		ZF_ARG_I64(window), ZF_ARG_I64(window), ZF_ARG_I64(window),
		ZF_ARG_I64(max), ZF_ARG_I64(window),
	};

	return zf_repo_run(db,
			   "INSERT INTO throttle (key, window_start, failures, blocked_until) "
			   "VALUES (?, ?, 1, ?) "
			   "ON CONFLICT (key) DO UPDATE SET "
			   "window_start = CASE WHEN excluded.window_start >= "
			   "throttle.window_start + ? THEN excluded.window_start "
			   "ELSE throttle.window_start END, "
			   "failures = CASE WHEN excluded.window_start >= "
			   "throttle.window_start + ? THEN 1 ELSE throttle.failures + 1 END, "
			   "blocked_until = CASE WHEN excluded.window_start >= "
			   "throttle.window_start + ? THEN excluded.blocked_until "
			   "WHEN throttle.failures + 1 >= ? THEN throttle.window_start + ? "
			   "ELSE throttle.blocked_until END",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_throttle_clear(struct zf_db *db, const char *key, struct zf_err *err)
{
	return zf_repo_run_text(db, "DELETE FROM throttle WHERE key = ?", zf_repo_nn(key), err);
}
