/* Change history of registry records: appended in the changing transaction, listed newest first. */
#include <string.h>

#include "store/history.h"
#include "store/repo.h"

int zf_store_history_add(struct zf_db *db, const struct zf_history *h, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if (!h->entity || !h->action || !h->after_json)
		return zf_err_set(err, ZF_EINVAL, "变更记录不完整");
	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO history (at, entity, entity_id, action, actor_id, "
				"actor_login, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_i64(st, 1, h->at) | zf_stmt_bind_text(st, 2, h->entity) |
					zf_stmt_bind_i64(st, 3, h->entity_id) |
					zf_stmt_bind_text(st, 4, h->action) |
					zf_stmt_bind_i64(st, 5, h->actor_id) |
					zf_stmt_bind_text(st, 6, h->actor_login ? h->actor_login : "") |
					zf_stmt_bind_text(st, 7, h->before_json) |
					zf_stmt_bind_text(st, 8, h->after_json),
				err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_history_list(struct zf_db *db, struct zf_arena *a, const char *entity,
			  int64_t entity_id, struct zf_history **out, size_t *n,
			  struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_history *arr = NULL, *grown, *h;
	size_t cap = 0, count = 0;
	int rc, oom = 0;

	*out = NULL;
	*n = 0;
	if ((rc = zf_db_prepare(db, &st,
				"SELECT id, at, entity, entity_id, action, actor_id, actor_login, "
				"before_json, after_json FROM history "
				"WHERE entity = ? AND entity_id = ? ORDER BY id DESC",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_text(st, 1, entity ? entity : "") |
					zf_stmt_bind_i64(st, 2, entity_id),
				err)))
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(a, arr, &cap, count, sizeof(*arr)))) {
			oom = 1;
			break;
		}
		arr = grown;
		h = &arr[count++];
		memset(h, 0, sizeof(*h));
		h->id = zf_stmt_i64(st, 0);
		h->at = zf_stmt_i64(st, 1);
		h->entity = zf_repo_text(st, 2, a, &oom);
		h->entity_id = zf_stmt_i64(st, 3);
		h->action = zf_repo_text(st, 4, a, &oom);
		h->actor_id = zf_stmt_i64(st, 5);
		h->actor_login = zf_repo_text(st, 6, a, &oom);
		h->before_json = zf_repo_text(st, 7, a, &oom);
		h->after_json = zf_repo_text(st, 8, a, &oom);
		if (oom)
			break;
	}
	zf_stmt_done(st);
	if (oom)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (rc != ZF_DB_DONE)
		return rc;
	*out = arr;
	*n = count;
	return 0;
}
