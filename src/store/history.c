/* Change history of registry records: appended in the changing transaction, listed newest first. */
#include "store/history.h"
#include "store/repo.h"

/* Where the columns of a history query go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_history, field)
static const struct zf_repo_col history_cols[] = {
	COL(I64, id), COL(I64, at),
	COL(TEXT, entity), COL(I64, entity_id), COL(TEXT, action),
	COL(I64, actor_id), COL(TEXT, actor_login),
	COL(TEXT, before_json), COL(TEXT, after_json),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_history_add(struct zf_db *db, const struct zf_history *h, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(h->at), ZF_ARG_TEXT(h->entity), ZF_ARG_I64(h->entity_id),
		ZF_ARG_TEXT(h->action), ZF_ARG_I64(h->actor_id),
		ZF_ARG_TEXT(zf_repo_nn(h->actor_login)), ZF_ARG_TEXT(h->before_json),
		ZF_ARG_TEXT(h->after_json),
	};

	if (!h->entity || !h->action || !h->after_json)
		return zf_err_set(err, ZF_EINVAL, "变更记录不完整");
	return zf_repo_run(db,
			   "INSERT INTO history (at, entity, entity_id, action, actor_id, "
			   "actor_login, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_history_list(struct zf_db *db, struct zf_arena *a, const char *entity,
			  int64_t entity_id, struct zf_history **out, size_t *n,
			  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(entity)), ZF_ARG_I64(entity_id)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT id, at, entity, entity_id, action, actor_id, actor_login, "
				 "before_json, after_json FROM history "
				 "WHERE entity = ? AND entity_id = ? ORDER BY id DESC",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, history_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
