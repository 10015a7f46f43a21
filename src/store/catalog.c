/* The bodies' major-decision catalog versions: drafts, approvals and rejections; an approved row is never changed. */
#include "store/catalog.h"
#include "store/repo.h"

#define MSG_NO_CATALOG "没有找到该目录清单版本"
#define MSG_NOT_DRAFT "该目录清单已经审批或者已被新的草稿取代，不能再审批"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_catalog_row, field)
static const struct zf_repo_col catalog_cols[] = {
	COL(I64, id), COL(I64, body_id), COL(I64, version), COL(TEXT, json), COL(TEXT, state),
	COL(I64, drafted_by), COL(TEXT, drafter), COL(I64, drafted_at), COL(I64, decided_by),
	COL(TEXT, decider), COL(I64, decided_at), COL(TEXT, note), ZF_REPO_COL_END};
#undef COL

#define SELECT_ROW                                                                          \
	"SELECT c.id, c.body_id, c.version, c.json, c.state, c.drafted_by, "              \
	"COALESCE(d.login, ''), c.drafted_at, COALESCE(c.decided_by, 0), "               \
	"COALESCE(e.login, ''), COALESCE(c.decided_at, 0), c.note FROM review_catalog c " \
	"LEFT JOIN account d ON d.id = c.drafted_by LEFT JOIN account e ON e.id = c.decided_by "

int zf_store_catalog_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_catalog_row *row, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, SELECT_ROW "WHERE c.id = ?", id, err);

	return rc ? rc : zf_repo_one(st, a, catalog_cols, row, sizeof(*row), MSG_NO_CATALOG, err);
}

int zf_store_catalog_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_catalog_row **rows, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, SELECT_ROW "WHERE c.body_id = ? ORDER BY c.id DESC",
				     body_id, err);

	return zf_repo_list(st, rc, a, catalog_cols, sizeof(**rows), (void **)rows, n, err);
}

int zf_store_catalog_current(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			     struct zf_catalog_row *row, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     SELECT_ROW "WHERE c.body_id = ? AND c.state = 'approved' "
						"ORDER BY c.version DESC LIMIT 1",
				     body_id, err);

	return rc ? rc
		  : zf_repo_one(st, a, catalog_cols, row, sizeof(*row),
				"该执法主体尚无经批准的目录清单", err);
}

int zf_store_catalog_draft(struct zf_db *db, int64_t body_id, const char *json,
			   const char *note, int64_t by, int64_t now, int64_t *id,
			   struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_TEXT(json),
					   ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_TEXT(zf_repo_nn(note))};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_run_i64(db,
				 "UPDATE review_catalog SET state = 'replaced' "
				 "WHERE body_id = ? AND state = 'draft'",
				 body_id, err);

	if (rc || (rc = zf_repo_prepare(db, &st,
					"INSERT INTO review_catalog (body_id, json, state, "
					"drafted_by, drafted_at, note) "
					"VALUES (?, ?, 'draft', ?, ?, ?) RETURNING id",
					args, ZF_REPO_NARGS(args), err)))
		return rc;
	return zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_catalog_approve(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			     int64_t *version, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st,
				      "SELECT COALESCE(MAX(version), 0) + 1 FROM review_catalog "
				      "WHERE body_id = (SELECT body_id FROM review_catalog "
				      "WHERE id = ?)",
				      id, err)) ||
	    (rc = zf_stmt_one_i64(st, &next, err)))
		return rc;
	const struct zf_repo_arg args[] = {ZF_ARG_I64(next), ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_I64(id)};
	if ((rc = zf_repo_prepare(db, &st,
				  "UPDATE review_catalog SET state = 'approved', version = ?, "
				  "decided_by = ?, decided_at = ? "
				  "WHERE id = ? AND state = 'draft' RETURNING id",
				  args, ZF_REPO_NARGS(args), err)))
		return rc;
	if ((rc = zf_repo_changed(st, MSG_NOT_DRAFT, err)))
		return rc == ZF_ENOTFOUND ? zf_err_set(err, ZF_ECONFLICT, MSG_NOT_DRAFT) : rc;
	*version = next;
	return 0;
}

int zf_store_catalog_reject(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			    const char *reason, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_TEXT(zf_repo_nn(reason)), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review_catalog SET state = 'rejected', decided_by = ?, "
				 "decided_at = ?, note = ? WHERE id = ? AND state = 'draft' "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_repo_changed(st, MSG_NOT_DRAFT, err)))
		return rc == ZF_ENOTFOUND ? zf_err_set(err, ZF_ECONFLICT, MSG_NOT_DRAFT) : rc;
	return 0;
}
