/* Repositories of the record log: one SQL text per statement for every driver. */
#include "store/log.h"
#include "store/repo.h"

#define MSG_NO_CHECKPOINT "记录日志还没有检查点"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_log_row, field)
static const struct zf_repo_col row_cols[] = {
	COL(I64, id), COL(TEXT, entry), COL(I64, at), ZF_REPO_COL_END,
};
#undef COL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_log_hash, field)
static const struct zf_repo_col hash_cols[] = {
	COL(I64, level), COL(I64, idx), COL(TEXT, hash), ZF_REPO_COL_END,
};
#undef COL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_log_state, field)
static const struct zf_repo_col state_cols[] = {
	COL(I64, size), COL(TEXT, compact), COL(I64, updated_at), ZF_REPO_COL_END,
};
#undef COL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_log_checkpoint, field)
static const struct zf_repo_col checkpoint_cols[] = {
	COL(I64, size), COL(TEXT, root), COL(TEXT, note), COL(I64, signed_at), ZF_REPO_COL_END,
};
#undef COL

#define CHECKPOINT_COLS "size, root, note, signed_at"

/* ---- pending entries ---- */

int zf_store_log_pending_add(struct zf_db *db, int64_t now, const char *entry, int64_t *id,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_TEXT(entry)};
	struct zf_stmt *st = NULL;
	int64_t dummy = 0;
	int rc;

	if (!entry)
		return zf_err_set(err, ZF_EINVAL, "记录日志条目为空");
	if ((rc = zf_repo_prepare(db, &st,
				  "INSERT INTO log_pending (created_at, entry) VALUES (?, ?) RETURNING id",
				  args, ZF_REPO_NARGS(args), err)))
		return rc;
	return zf_repo_inserted(st, id ? id : &dummy, NULL, NULL, err);
}

int zf_store_log_pending_list(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			      struct zf_log_row **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT id, entry, created_at FROM log_pending WHERE id > ? "
				 "ORDER BY id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, row_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_log_pending_delete_upto(struct zf_db *db, int64_t last, int64_t *count,
				     struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "DELETE FROM log_pending WHERE id <= ? RETURNING id",
				     last, err);

	*count = 0;
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW)
		(*count)++;
	zf_stmt_done(st);
	return rc == ZF_DB_DONE ? 0 : rc;
}

int zf_store_log_pending_any(struct zf_db *db, struct zf_err *err)
{
	return zf_repo_exists(db, "SELECT 1 FROM log_pending WHERE id > ? LIMIT 1", INT64_MIN, err);
}

/* ---- the tree ---- */

int zf_store_log_leaf_add(struct zf_db *db, int64_t idx, const char *entry, int64_t now,
			  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(idx), ZF_ARG_TEXT(entry), ZF_ARG_I64(now)};

	return zf_repo_run(db, "INSERT INTO log_leaf (idx, entry, integrated_at) VALUES (?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_log_leaf_range(struct zf_db *db, struct zf_arena *a, int64_t lo, int64_t hi,
			    struct zf_log_row **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(lo), ZF_ARG_I64(hi)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT idx, entry, integrated_at FROM log_leaf "
				 "WHERE idx >= ? AND idx < ? ORDER BY idx",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, row_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_log_hash_add(struct zf_db *db, int64_t level, int64_t idx, const char *hash,
			  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(level), ZF_ARG_I64(idx), ZF_ARG_TEXT(hash)};

	return zf_repo_run(db, "INSERT INTO log_hash (level, idx, hash) VALUES (?, ?, ?)", args,
			   ZF_REPO_NARGS(args), err);
}

int zf_store_log_hash_range(struct zf_db *db, struct zf_arena *a, int64_t level, int64_t lo,
			    int64_t hi, struct zf_log_hash **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(level), ZF_ARG_I64(lo), ZF_ARG_I64(hi)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT level, idx, hash FROM log_hash "
				 "WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, hash_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_log_hash_page(struct zf_db *db, struct zf_arena *a, int64_t level, int64_t idx,
			   int limit, struct zf_log_hash **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(level), ZF_ARG_I64(level), ZF_ARG_I64(idx),
					   ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT level, idx, hash FROM log_hash "
				 "WHERE level > ? OR (level = ? AND idx > ?) "
				 "ORDER BY level, idx LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, hash_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_log_state_init(struct zf_db *db, struct zf_err *err)
{
	return zf_repo_run(db,
			   "INSERT INTO log_state (id, size, compact, updated_at) "
			   "VALUES (1, 0, '0', 0) ON CONFLICT (id) DO NOTHING",
			   NULL, 0, err);
}

int zf_store_log_state_get(struct zf_db *db, struct zf_arena *a, struct zf_log_state *out,
			   struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_db_prepare(db, &st, "SELECT size, compact, updated_at FROM log_state WHERE id = 1",
			       err);

	if (rc)
		return rc;
	rc = zf_repo_one(st, a, state_cols, out, sizeof(*out), "", err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		out->size = 0;
		out->compact = "0";
		out->updated_at = 0;
		rc = 0;
	}
	return rc;
}

int zf_store_log_state_advance(struct zf_db *db, int64_t old, int64_t size, const char *compact,
			       int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(size), ZF_ARG_TEXT(compact), ZF_ARG_I64(now),
					   ZF_ARG_I64(old)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE log_state SET size = ?, compact = ?, updated_at = ? "
				 "WHERE id = 1 AND size = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	if (rc)
		return rc;
	rc = zf_repo_changed(st, "", err);
	if (rc == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_ECONFLICT, "记录日志的树已被其他进程更新（原大小 %lld）",
				(long long)old);
	return rc;
}

/* ---- checkpoints ---- */

int zf_store_log_checkpoint_add(struct zf_db *db, const struct zf_log_checkpoint *cp,
				struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(cp->size), ZF_ARG_TEXT(cp->root),
					   ZF_ARG_TEXT(cp->note), ZF_ARG_I64(cp->signed_at)};

	return zf_repo_run(db,
			   "INSERT INTO log_checkpoint (size, root, note, signed_at) VALUES (?, ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_log_checkpoint_latest(struct zf_db *db, struct zf_arena *a,
				   struct zf_log_checkpoint *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_db_prepare(db, &st,
			       "SELECT " CHECKPOINT_COLS " FROM log_checkpoint ORDER BY size DESC LIMIT 1",
			       err);

	return rc ? rc : zf_repo_one(st, a, checkpoint_cols, out, sizeof(*out), MSG_NO_CHECKPOINT, err);
}

int zf_store_log_checkpoint_get(struct zf_db *db, struct zf_arena *a, int64_t size,
				struct zf_log_checkpoint *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " CHECKPOINT_COLS " FROM log_checkpoint WHERE size = ?",
				     size, err);

	return rc ? rc : zf_repo_one(st, a, checkpoint_cols, out, sizeof(*out), MSG_NO_CHECKPOINT, err);
}

int zf_store_log_checkpoint_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
				 struct zf_log_checkpoint **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " CHECKPOINT_COLS " FROM log_checkpoint WHERE size > ? "
				 "ORDER BY size LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, checkpoint_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
