/* The audit trail: append-only records of who did what, listed newest first, purged after retention. */
#include <stdint.h>
#include <string.h>

#include "store/audit.h"
#include "store/repo.h"

/* A page of the audit trail never exceeds this many records. */
#define AUDIT_PAGE_MAX 1000

int zf_store_audit_add(struct zf_db *db, const struct zf_audit *r, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if (!r->action || !r->outcome)
		return zf_err_set(err, ZF_EINVAL, "审计记录不完整");
	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO audit (at, actor_id, actor_login, addr, action, target, "
				"outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_i64(st, 1, r->at) | zf_stmt_bind_i64(st, 2, r->actor_id) |
					zf_stmt_bind_text(st, 3, zf_repo_nn(r->actor_login)) |
					zf_stmt_bind_text(st, 4, zf_repo_nn(r->addr)) |
					zf_stmt_bind_text(st, 5, r->action) |
					zf_stmt_bind_text(st, 6, zf_repo_nn(r->target)) |
					zf_stmt_bind_text(st, 7, r->outcome) |
					zf_stmt_bind_text(st, 8, zf_repo_nn(r->detail)),
				err)))
		return rc;
	return zf_stmt_run(st, err);
}

int zf_store_audit_list(struct zf_db *db, struct zf_arena *a, int64_t before_id, int limit,
			struct zf_audit **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_audit *arr = NULL, *grown, *r;
	size_t cap = 0, count = 0;
	int rc, oom = 0;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	if (before_id <= 0)
		before_id = INT64_MAX;
	if ((rc = zf_db_prepare(db, &st,
				"SELECT id, at, actor_id, actor_login, addr, action, target, outcome, "
				"detail FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				zf_stmt_bind_i64(st, 1, before_id) | zf_stmt_bind_i64(st, 2, limit),
				err)))
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(a, arr, &cap, count, sizeof(*arr)))) {
			oom = 1;
			break;
		}
		arr = grown;
		r = &arr[count++];
		memset(r, 0, sizeof(*r));
		r->id = zf_stmt_i64(st, 0);
		r->at = zf_stmt_i64(st, 1);
		r->actor_id = zf_stmt_i64(st, 2);
		r->actor_login = zf_repo_text(st, 3, a, &oom);
		r->addr = zf_repo_text(st, 4, a, &oom);
		r->action = zf_repo_text(st, 5, a, &oom);
		r->target = zf_repo_text(st, 6, a, &oom);
		r->outcome = zf_repo_text(st, 7, a, &oom);
		r->detail = zf_repo_text(st, 8, a, &oom);
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

int zf_store_audit_purge(struct zf_db *db, int64_t cutoff, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "DELETE FROM audit WHERE at < ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, cutoff), err)))
		return rc;
	return zf_stmt_run(st, err);
}
