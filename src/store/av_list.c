/* The AV requirement lists per body, the recorded AV exceptions, and the evidence rows the AV gate reads and binds. */
#include "store/av_list.h"
#include "store/repo.h"

#define MSG_NO_LIST "该执法主体尚未保存音像记录事项清单"

struct list_row {
	const char *json;
	int64_t version, at;
};

#define COL(kind, field) ZF_REPO_COL(kind, struct list_row, field)
static const struct zf_repo_col list_cols[] = {COL(TEXT, json), COL(I64, version), COL(I64, at),
					       ZF_REPO_COL_END};
#undef COL

int zf_store_av_list_latest(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			    const char **json, int64_t *version, int64_t *at, struct zf_err *err)
{
	struct list_row r;
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT json, version, created_at FROM av_list WHERE body_id = ? "
				     "ORDER BY version DESC LIMIT 1",
				     body_id, err);

	if (rc || (rc = zf_repo_one(st, a, list_cols, &r, sizeof(r), MSG_NO_LIST, err)))
		return rc;
	*json = r.json;
	*version = r.version;
	if (at)
		*at = r.at;
	return 0;
}

int zf_store_av_list_add(struct zf_db *db, int64_t body_id, const char *json, int64_t now,
			 int64_t by, int64_t *version, struct zf_err *err)
{
	return zf_repo_version_add(db,
				   "SELECT COALESCE(MAX(version), 0) + 1 FROM av_list WHERE body_id = ?",
				   "INSERT INTO av_list (body_id, version, json, created_at, created_by) "
				   "VALUES (?, ?, ?, ?, ?)",
				   body_id, json, now, by, version, err);
}

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_av_item, field)
static const struct zf_repo_col item_cols[] = {COL(I64, id), COL(TEXT, kind), ZF_REPO_COL_END};
#undef COL

int zf_store_av_unbound(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			const char *step_code, struct zf_av_item **out, size_t *n,
			struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_TEXT(zf_repo_nn(step_code))};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT e.id, e.kind FROM evidence e WHERE e.case_id = ? "
				 "AND e.step_code = ? AND e.step_id IS NULL AND NOT EXISTS "
				 "(SELECT 1 FROM evidence_withdrawal w WHERE w.evidence_id = e.id) "
				 "ORDER BY e.id",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, item_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_av_bind(struct zf_db *db, int64_t id, int64_t step_id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(step_id), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE evidence SET step_id = ? WHERE id = ? AND step_id IS NULL "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "证据已关联其他办案环节", err);
}

int zf_store_av_exception_add(struct zf_db *db, const struct zf_av_exception_rec *r, int64_t *id,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->case_id), ZF_ARG_I64(r->step_id), ZF_ARG_TEXT(zf_repo_nn(r->step_code)),
		ZF_ARG_TEXT(zf_repo_nn(r->rule)), ZF_ARG_TEXT(zf_repo_nn(r->reason)),
		ZF_ARG_I64(r->list_version), ZF_ARG_I64(r->recorded_by), ZF_ARG_I64(r->recorded_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO av_exception (case_id, step_id, step_code, rule, reason, "
				 "list_version, recorded_by, recorded_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_av_exception_rec, field)
static const struct zf_repo_col exc_cols[] = {
	COL(I64, id),          COL(I64, case_id),     COL(I64, step_id),
	COL(TEXT, step_code),  COL(TEXT, rule),       COL(TEXT, reason),
	COL(I64, list_version), COL(I64, recorded_by), COL(I64, recorded_at),
	COL(TEXT, case_no),    COL(TEXT, title),      COL(TEXT, procedure),
	COL(TEXT, body_name),  COL(TEXT, login),      ZF_REPO_COL_END};
#undef COL

int zf_store_av_exception_list(struct zf_db *db, struct zf_arena *a, int64_t body_id, int limit,
			       struct zf_av_exception_rec **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(body_id),
					   ZF_ARG_I64(limit > 0 && limit <= 500 ? limit : 100)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT x.id, x.case_id, x.step_id, x.step_code, x.rule, x.reason, "
				 "x.list_version, x.recorded_by, x.recorded_at, c.case_no, c.title, "
				 "c.procedure, b.name, COALESCE(u.login, '') FROM av_exception x "
				 "JOIN cases c ON c.id = x.case_id JOIN body b ON b.id = c.body_id "
				 "LEFT JOIN account u ON u.id = x.recorded_by "
				 "WHERE (? = 0 OR c.body_id = ?) "
				 "ORDER BY x.recorded_at DESC, x.id DESC LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, exc_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
