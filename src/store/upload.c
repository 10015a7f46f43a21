/* Resumable uploads' rows: created open, offset advanced after each durable chunk, completed with digests, closed by termination or expiry. */
#include "store/repo.h"
#include "store/upload.h"

#define MSG_NO_UPLOAD "上传不存在或已结束"
#define UPLOAD_COLUMNS                                                                       \
	"id, body_id, account_id, filename, filetype, length, received, state, sha256, sm3, " \
	"created_at, updated_at, expires_at"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_store_upload, field)
static const struct zf_repo_col upload_cols[] = {
	COL(TEXT, id),	       COL(I64, body_id),     COL(I64, account_id), COL(TEXT, filename),
	COL(TEXT, filetype),   COL(I64, length),      COL(I64, received),   COL(TEXT, state),
	COL(TEXT, sha256),     COL(TEXT, sm3),	      COL(I64, created_at), COL(I64, updated_at),
	COL(I64, expires_at),  ZF_REPO_COL_END};
#undef COL

/* Runs SQL, an UPDATE ... RETURNING length of one upload, with ARGS:
 * ZF_ENOTFOUND when no row was in the state it requires. */
static int change(struct zf_db *db, const char *sql, const struct zf_repo_arg *args, size_t n,
		  struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st, sql, args, n, err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_UPLOAD, err);
}

int zf_store_upload_insert(struct zf_db *db, const struct zf_store_upload *u, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(u->id),	     ZF_ARG_I64(u->body_id),	ZF_ARG_I64(u->account_id),
		ZF_ARG_TEXT(u->filename),    ZF_ARG_TEXT(zf_repo_nn(u->filetype)),
		ZF_ARG_I64(u->length),	     ZF_ARG_I64(u->created_at), ZF_ARG_I64(u->created_at),
		ZF_ARG_I64(u->expires_at)};

	return zf_repo_run(db,
			   "INSERT INTO upload (id, body_id, account_id, filename, filetype, length, "
			   "received, state, created_at, updated_at, expires_at) "
			   "VALUES (?, ?, ?, ?, ?, ?, 0, 'open', ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_upload_get(struct zf_db *db, struct zf_arena *a, const char *id,
			struct zf_store_upload *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_text(db, &st, "SELECT " UPLOAD_COLUMNS " FROM upload WHERE id = ?",
				      id, err);

	return rc ? rc : zf_repo_one(st, a, upload_cols, out, sizeof(*out), MSG_NO_UPLOAD, err);
}

int zf_store_upload_received(struct zf_db *db, const char *id, int64_t received, int64_t now,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(received), ZF_ARG_I64(now), ZF_ARG_TEXT(id)};

	return change(db,
		      "UPDATE upload SET received = ?, updated_at = ? "
		      "WHERE id = ? AND state = 'open' RETURNING length",
		      args, ZF_REPO_NARGS(args), err);
}

int zf_store_upload_complete(struct zf_db *db, const char *id, const char *sha256,
			     const char *sm3, int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(sha256), ZF_ARG_TEXT(zf_repo_nn(sm3)),
					   ZF_ARG_I64(now), ZF_ARG_TEXT(id)};

	return change(db,
		      "UPDATE upload SET received = length, state = 'complete', sha256 = ?, "
		      "sm3 = ?, updated_at = ? WHERE id = ? AND state = 'open' "
		      "RETURNING length",
		      args, ZF_REPO_NARGS(args), err);
}

int zf_store_upload_close(struct zf_db *db, const char *id, const char *state, int64_t now,
			  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(state), ZF_ARG_I64(now), ZF_ARG_TEXT(id)};

	return change(db,
		      "UPDATE upload SET state = ?, updated_at = ? "
		      "WHERE id = ? AND state IN ('open', 'complete') RETURNING length",
		      args, ZF_REPO_NARGS(args), err);
}

int zf_store_upload_expired(struct zf_db *db, struct zf_arena *a, int64_t now, int limit,
			    struct zf_store_upload **rows, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " UPLOAD_COLUMNS " FROM upload "
				 "WHERE state IN ('open', 'complete') AND expires_at < ? "
				 "ORDER BY expires_at, id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	return zf_repo_list(st, rc, a, upload_cols, sizeof(**rows), (void **)rows, n, err);
}
