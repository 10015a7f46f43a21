/* The audit trail: append-only records of who did what, listed newest first, purged after retention. */
#include <stdint.h>

#include "store/audit.h"
#include "store/repo.h"

/* A page of the audit trail never exceeds this many records. */
#define AUDIT_PAGE_MAX 1000

/* Where the columns of an audit query go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_audit, field)
static const struct zf_repo_col audit_cols[] = {
	COL(I64, id), COL(I64, at),
	COL(I64, actor_id), COL(TEXT, actor_login), COL(TEXT, addr),
	COL(TEXT, action), COL(TEXT, target), COL(TEXT, outcome), COL(TEXT, detail),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_audit_add(struct zf_db *db, const struct zf_audit *r, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->at), ZF_ARG_I64(r->actor_id), ZF_ARG_TEXT(zf_repo_nn(r->actor_login)),
		ZF_ARG_TEXT(zf_repo_nn(r->addr)), ZF_ARG_TEXT(r->action),
		ZF_ARG_TEXT(zf_repo_nn(r->target)), ZF_ARG_TEXT(r->outcome),
		ZF_ARG_TEXT(zf_repo_nn(r->detail)),
	};

	if (!r->action || !r->outcome)
		return zf_err_set(err, ZF_EINVAL, "审计记录不完整");
	return zf_repo_run(db,
			   "INSERT INTO audit (at, actor_id, actor_login, addr, action, target, "
			   "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_audit_list(struct zf_db *db, struct zf_arena *a, int64_t before_id, int limit,
			struct zf_audit **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(before_id > 0 ? before_id : INT64_MAX),
		ZF_ARG_I64(limit >= 1 && limit <= AUDIT_PAGE_MAX ? limit : AUDIT_PAGE_MAX),
	};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT id, at, actor_id, actor_login, addr, action, target, outcome, "
				 "detail FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, audit_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_audit_purge(struct zf_db *db, int64_t cutoff, struct zf_err *err)
{
	return zf_repo_run_i64(db, "DELETE FROM audit WHERE at < ?", cutoff, err);
}
