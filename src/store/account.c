/* Repositories of staff accounts, sessions, API tokens and the login throttle. */
#include <stdint.h>
#include <string.h>

#include "store/account.h"
#include "store/repo.h"

#define ACCOUNT_COLS                                                                   \
	"id, login, role, body_id, COALESCE(officer_id, 0), pw_hash, totp_secret, enabled, " \
	"created_at, pw_changed_at"

#define TOKEN_COLS                                                                     \
	"t.id, t.account_id, a.login, t.created_at, t.expires_at, t.revoked_at"

/* ---- accounts ---- */

static int read_account(struct zf_stmt *st, struct zf_arena *ar, struct zf_account *a)
{
	int oom = 0;

	memset(a, 0, sizeof(*a));
	a->id = zf_stmt_i64(st, 0);
	a->login = zf_repo_text(st, 1, ar, &oom);
	a->role = (int)zf_stmt_i64(st, 2);
	a->body_id = zf_stmt_i64(st, 3);
	a->officer_id = zf_stmt_i64(st, 4);
	a->pw_hash = zf_repo_text(st, 5, ar, &oom);
	a->totp_secret = zf_repo_text(st, 6, ar, &oom);
	a->enabled = (int)zf_stmt_i64(st, 7);
	a->created_at = zf_stmt_i64(st, 8);
	a->pw_changed_at = zf_stmt_i64(st, 9);
	return oom ? ZF_ENOMEM : 0;
}

/* Runs ST (bound, selecting ACCOUNT_COLS) expecting at most one row. */
static int account_one(struct zf_stmt *st, struct zf_arena *ar, struct zf_account *out,
		       struct zf_err *err)
{
	int rc = zf_stmt_step(st, err);

	if (rc == ZF_DB_ROW)
		rc = read_account(st, ar, out) ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "账号不存在");
	zf_stmt_done(st);
	return rc;
}

/* Runs an UPDATE ... RETURNING id on one account: ZF_ENOTFOUND when no row changed. */
static int account_changed(struct zf_stmt *st, struct zf_err *err)
{
	int64_t id = 0;
	int rc = zf_stmt_one_i64(st, &id, err);

	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "账号不存在");
	return rc;
}

int zf_store_account_insert(struct zf_db *db, const struct zf_account *a, int64_t *id,
			    struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO account (login, role, body_id, officer_id, pw_hash, "
				"totp_secret, enabled, created_at, pw_changed_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, zf_repo_nn(a->login)) |
					zf_stmt_bind_i64(st, 2, a->role) |
					zf_stmt_bind_i64(st, 3, a->body_id) |
					(a->officer_id ? zf_stmt_bind_i64(st, 4, a->officer_id)
						       : zf_stmt_bind_null(st, 4)) |
					zf_stmt_bind_text(st, 5, zf_repo_nn(a->pw_hash)) |
					zf_stmt_bind_text(st, 6, a->totp_secret) |
					zf_stmt_bind_i64(st, 7, a->enabled ? 1 : 0) |
					zf_stmt_bind_i64(st, 8, a->created_at) |
					zf_stmt_bind_i64(st, 9, a->pw_changed_at),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, id, err);
	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, "login", "登录名已存在");
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ERROR, "数据库未返回新记录编号");
	return rc;
}

int zf_store_account_get(struct zf_db *db, struct zf_arena *ar, int64_t id,
			 struct zf_account *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, id), err)))
		return rc;
	return account_one(st, ar, out, err);
}

int zf_store_account_by_login(struct zf_db *db, struct zf_arena *ar, const char *login,
			      struct zf_account *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account WHERE login = ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(login)), err)))
		return rc;
	return account_one(st, ar, out, err);
}

int zf_store_account_list(struct zf_db *db, struct zf_arena *ar, struct zf_account **out,
			  size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_account *arr = NULL, *grown;
	size_t cap = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = zf_db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account ORDER BY login",
				err)))
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(ar, arr, &cap, count, sizeof(*arr))) ||
		    read_account(st, ar, &grown[count])) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			break;
		}
		arr = grown;
		count++;
	}
	zf_stmt_done(st);
	if (rc != ZF_DB_DONE)
		return rc;
	*out = arr;
	*n = count;
	return 0;
}

int zf_store_account_set_enabled(struct zf_db *db, int64_t id, int enabled, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "UPDATE account SET enabled = ? WHERE id = ? RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_i64(st, 1, enabled ? 1 : 0) | zf_stmt_bind_i64(st, 2, id),
				err)))
		return rc;
	return account_changed(st, err);
}

int zf_store_account_set_password(struct zf_db *db, int64_t id, const char *pw_hash,
				  int64_t now, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if (!pw_hash || !*pw_hash)
		return zf_err_set(err, ZF_EINVAL, "密码散列不能为空");
	if ((rc = zf_db_prepare(db, &st,
				"UPDATE account SET pw_hash = ?, pw_changed_at = ? WHERE id = ? "
				"RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, pw_hash) | zf_stmt_bind_i64(st, 2, now) |
					zf_stmt_bind_i64(st, 3, id),
				err)))
		return rc;
	return account_changed(st, err);
}

int zf_store_account_set_totp(struct zf_db *db, int64_t id, const char *secret,
			      struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "UPDATE account SET totp_secret = ? WHERE id = ? RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, secret && *secret ? secret : NULL) |
					zf_stmt_bind_i64(st, 2, id),
				err)))
		return rc;
	return account_changed(st, err);
}

/* ---- sessions ---- */

int zf_store_session_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			    const char *csrf, int64_t now, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO session (token_hash, account_id, csrf, created_at, last_seen) "
				"VALUES (?, ?, ?, ?, ?)",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, zf_repo_nn(token_hash)) |
					zf_stmt_bind_i64(st, 2, account_id) |
					zf_stmt_bind_text(st, 3, zf_repo_nn(csrf)) |
					zf_stmt_bind_i64(st, 4, now) | zf_stmt_bind_i64(st, 5, now),
				err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_session_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
			 struct zf_session *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc, oom = 0;

	if ((rc = zf_db_prepare(db, &st,
				"SELECT id, account_id, csrf, created_at, last_seen FROM session "
				"WHERE token_hash = ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(token_hash)), err)))
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = zf_stmt_i64(st, 0);
		out->account_id = zf_stmt_i64(st, 1);
		out->csrf = zf_repo_text(st, 2, ar, &oom);
		out->created_at = zf_stmt_i64(st, 3);
		out->last_seen = zf_stmt_i64(st, 4);
		rc = oom ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
	} else if (rc == ZF_DB_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "会话不存在");
	}
	zf_stmt_done(st);
	return rc;
}

int zf_store_session_touch(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "UPDATE session SET last_seen = ? WHERE id = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, now) | zf_stmt_bind_i64(st, 2, id),
				err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_session_delete(struct zf_db *db, const char *token_hash, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "DELETE FROM session WHERE token_hash = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(token_hash)), err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_session_delete_account(struct zf_db *db, int64_t account_id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "DELETE FROM session WHERE account_id = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, account_id), err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_session_expire(struct zf_db *db, int64_t cutoff, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "DELETE FROM session WHERE last_seen < ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, cutoff), err)))
		return rc;
	return zf_stmt_run(st, err);
}

/* ---- API tokens ---- */

static int read_token(struct zf_stmt *st, struct zf_arena *ar, struct zf_token *t)
{
	int oom = 0;

	memset(t, 0, sizeof(*t));
	t->id = zf_stmt_i64(st, 0);
	t->account_id = zf_stmt_i64(st, 1);
	t->login = zf_repo_text(st, 2, ar, &oom);
	t->created_at = zf_stmt_i64(st, 3);
	t->expires_at = zf_stmt_i64(st, 4);
	t->revoked_at = zf_stmt_i64(st, 5);
	return oom ? ZF_ENOMEM : 0;
}

int zf_store_token_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			  int64_t now, int64_t expires_at, int64_t *id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO api_token (token_hash, account_id, created_at, expires_at, "
				"revoked_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, zf_repo_nn(token_hash)) |
					zf_stmt_bind_i64(st, 2, account_id) |
					zf_stmt_bind_i64(st, 3, now) |
					zf_stmt_bind_i64(st, 4, expires_at),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, id, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ERROR, "数据库未返回新记录编号");
	return rc;
}

int zf_store_token_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
		       struct zf_token *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"SELECT " TOKEN_COLS " FROM api_token t "
				"JOIN account a ON a.id = t.account_id WHERE t.token_hash = ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(token_hash)), err)))
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW)
		rc = read_token(st, ar, out) ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "令牌不存在");
	zf_stmt_done(st);
	return rc;
}

int zf_store_token_revoke(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t got = 0;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at = 0 "
				"RETURNING id",
				err)))
		return rc;
	/* revoked_at = 0 means "not revoked": a revocation at instant 0 would undo itself. */
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_i64(st, 1, now > 0 ? now : 1) | zf_stmt_bind_i64(st, 2, id),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, &got, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "令牌不存在或已吊销");
	return rc;
}

int zf_store_token_list(struct zf_db *db, struct zf_arena *ar, int64_t account_id,
			struct zf_token **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_token *arr = NULL, *grown;
	size_t cap = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (account_id) {
		rc = zf_db_prepare(db, &st,
				   "SELECT " TOKEN_COLS " FROM api_token t "
				   "JOIN account a ON a.id = t.account_id WHERE t.account_id = ? "
				   "ORDER BY t.id",
				   err);
		if (rc == 0)
			rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, account_id), err);
	} else {
		rc = zf_db_prepare(db, &st,
				   "SELECT " TOKEN_COLS " FROM api_token t "
				   "JOIN account a ON a.id = t.account_id ORDER BY t.id",
				   err);
	}
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(ar, arr, &cap, count, sizeof(*arr))) ||
		    read_token(st, ar, &grown[count])) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			break;
		}
		arr = grown;
		count++;
	}
	zf_stmt_done(st);
	if (rc != ZF_DB_DONE)
		return rc;
	*out = arr;
	*n = count;
	return 0;
}

/* ---- login throttle ---- */

int zf_store_throttle_blocked(struct zf_db *db, const char *key, int64_t now, int64_t *retry,
			      struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t until = 0;
	int rc;

	*retry = 0;
	if ((rc = zf_db_prepare(db, &st, "SELECT blocked_until FROM throttle WHERE key = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(key)), err)))
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
	struct zf_stmt *st = NULL;
	int64_t fresh_block;
	int rc;

	if (window < 1 || window > (int64_t)1 << 31 || now < 0 || now > INT64_MAX / 2 || max < 1)
		return zf_err_set(err, ZF_EINVAL, "登录限制参数无效");
	/* What a new window holds after this failure. */
	fresh_block = max <= 1 ? now + window : 0;
	/* One statement, so concurrent failures of one key neither collide on the
	 * insert nor lose a count. On conflict the SET expressions read the old
	 * row: a window that has ended restarts with this failure; otherwise the
	 * count grows and reaching MAX blocks the key until the window ends. */
	if ((rc = zf_db_prepare(db, &st,
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
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, zf_repo_nn(key)) |
					zf_stmt_bind_i64(st, 2, now) |
					zf_stmt_bind_i64(st, 3, fresh_block) |
					zf_stmt_bind_i64(st, 4, window) |
					zf_stmt_bind_i64(st, 5, window) |
					zf_stmt_bind_i64(st, 6, window) |
					zf_stmt_bind_i64(st, 7, max) |
					zf_stmt_bind_i64(st, 8, window),
				err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_throttle_clear(struct zf_db *db, const char *key, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "DELETE FROM throttle WHERE key = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(key)), err)))
		return rc;
	return zf_stmt_run(st, err);
}
