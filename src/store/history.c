/* Change history of registry records and accounts: appended in the changing transaction, read back by record, by id or page by page. */
#include "store/history.h"
#include "store/repo.h"

#define HISTORY_COLS                                                                   \
	"id, at, entity, entity_id, action, actor_id, actor_login, before_json, "      \
	"after_json, salt"

/* Where the columns of HISTORY_COLS go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_history, field)
static const struct zf_repo_col history_cols[] = {
	COL(I64, id), COL(I64, at),
	COL(TEXT, entity), COL(I64, entity_id), COL(TEXT, action),
	COL(I64, actor_id), COL(TEXT, actor_login),
	COL(TEXT, before_json), COL(TEXT, after_json), COL(TEXT, salt),
	ZF_REPO_COL_END,
};
#undef COL

#define MSG_NO_HISTORY "变更记录不存在"

int zf_store_history_insert(struct zf_db *db, const struct zf_history *h, int64_t *id,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(h->at), ZF_ARG_TEXT(h->entity), ZF_ARG_I64(h->entity_id),
		ZF_ARG_TEXT(h->action), ZF_ARG_I64(h->actor_id),
		ZF_ARG_TEXT(zf_repo_nn(h->actor_login)), ZF_ARG_TEXT(h->before_json),
		ZF_ARG_TEXT(h->after_json), ZF_ARG_TEXT(h->salt),
	};
	struct zf_stmt *st = NULL;
	int64_t dummy = 0;
	int rc;

	if (!h->entity || !h->action || !h->after_json)
		return zf_err_set(err, ZF_EINVAL, "变更记录不完整");
	if ((rc = zf_repo_prepare(db, &st,
				  "INSERT INTO history (at, entity, entity_id, action, actor_id, "
				  "actor_login, before_json, after_json, salt) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				  args, ZF_REPO_NARGS(args), err)))
		return rc;
	return zf_repo_inserted(st, id ? id : &dummy, NULL, NULL, err);
}

int zf_store_history_add(struct zf_db *db, const struct zf_history *h, struct zf_err *err)
{
	return zf_store_history_insert(db, h, NULL, err);
}

int zf_store_history_list(struct zf_db *db, struct zf_arena *a, const char *entity,
			  int64_t entity_id, struct zf_history **out, size_t *n,
			  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(entity)), ZF_ARG_I64(entity_id)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " HISTORY_COLS " FROM history "
				 "WHERE entity = ? AND entity_id = ? ORDER BY id DESC",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, history_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_history_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_history *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " HISTORY_COLS " FROM history WHERE id = ?",
				     id, err);

	return rc ? rc : zf_repo_one(st, a, history_cols, out, sizeof(*out), MSG_NO_HISTORY, err);
}

int zf_store_history_latest(struct zf_db *db, struct zf_arena *a, const char *entity,
			    int64_t entity_id, struct zf_history *out, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(entity)), ZF_ARG_I64(entity_id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " HISTORY_COLS " FROM history "
				 "WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_one(st, a, history_cols, out, sizeof(*out), MSG_NO_HISTORY, err);
}

int zf_store_history_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			  struct zf_history **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " HISTORY_COLS " FROM history WHERE id > ? "
				 "ORDER BY id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, history_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
