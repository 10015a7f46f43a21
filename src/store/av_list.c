/* The AV requirement lists per body (drafts, the live version, superseded and rejected ones), the recorded AV exceptions, and the evidence rows the AV gate reads and binds. */
#include "store/av_list.h"
#include "store/repo.h"

#define MSG_NO_LIST "该执法主体尚未保存音像记录事项清单"

#define MSG_NO_DRAFT "该音像记录事项清单草稿不存在或者已经审批"

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
				     "SELECT json, version, live_from FROM av_list WHERE body_id = ? "
				     "AND state = 'live' ORDER BY version DESC LIMIT 1",
				     body_id, err);

	if (rc || (rc = zf_repo_one(st, a, list_cols, &r, sizeof(r), MSG_NO_LIST, err)))
		return rc;
	*json = r.json;
	*version = r.version;
	if (at)
		*at = r.at;
	return 0;
}

int zf_store_av_list_draft(struct zf_db *db, int64_t body_id, const char *json, int64_t now,
			   int64_t by, int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_TEXT(json), ZF_ARG_I64(now),
					   ZF_ARG_I64(by), ZF_ARG_I64(by)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO av_list (body_id, version, json, created_at, "
				 "created_by, state, drafted_by) VALUES (?, 0, ?, ?, ?, 'draft', ?) "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

#define SELECT_REC                                                                          \
	"SELECT l.id, l.body_id, l.version, l.json, l.state, l.reason, l.created_at, "      \
	"l.drafted_by, l.approved_by, l.approved_at, l.live_from, l.live_to, "              \
	"l.rejected_by, l.rejected_at, COALESCE(d.login, ''), COALESCE(p.login, '') "       \
	"FROM av_list l LEFT JOIN account d ON d.id = l.drafted_by "                        \
	"LEFT JOIN account p ON p.id = CASE WHEN l.state = 'rejected' THEN l.rejected_by "  \
	"ELSE l.approved_by END "

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_av_list_rec, field)
static const struct zf_repo_col rec_cols[] = {
	COL(I64, id),          COL(I64, body_id),     COL(I64, version),     COL(TEXT, json),
	COL(TEXT, state),      COL(TEXT, reason),     COL(I64, created_at),  COL(I64, drafted_by),
	COL(I64, approved_by), COL(I64, approved_at), COL(I64, live_from),   COL(I64, live_to),
	COL(I64, rejected_by), COL(I64, rejected_at), COL(TEXT, drafter),    COL(TEXT, approver),
	ZF_REPO_COL_END};
#undef COL

int zf_store_av_list_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_av_list_rec *r, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, SELECT_REC "WHERE l.id = ?", id, err);

	return rc ? rc
		  : zf_repo_one(st, a, rec_cols, r, sizeof(*r), "该音像记录事项清单版本不存在",
				err);
}

int zf_store_av_list_rows(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_av_list_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     SELECT_REC "WHERE l.body_id = ? ORDER BY l.id DESC LIMIT 500",
				     body_id, err);

	rc = zf_repo_list(st, rc, a, rec_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_av_list_approve(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			     int64_t *version, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT (SELECT COALESCE(MAX(q.version), 0) + 1 FROM av_list q "
				     "WHERE q.body_id = l.body_id) FROM av_list l "
				     "WHERE l.id = ? AND l.state = 'draft'",
				     id, err);

	if (!rc && (rc = zf_stmt_one_i64(st, &next, err)) == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_ENOTFOUND, MSG_NO_DRAFT);
	if (!rc) {
		const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_I64(id)};
		rc = zf_repo_run(db,
				 "UPDATE av_list SET state = 'superseded', live_to = ? "
				 "WHERE state = 'live' AND body_id = "
				 "(SELECT d.body_id FROM av_list d WHERE d.id = ?)",
				 args, ZF_REPO_NARGS(args), err);
	}
	if (!rc) {
		const struct zf_repo_arg args[] = {ZF_ARG_I64(next), ZF_ARG_I64(by), ZF_ARG_I64(now),
						   ZF_ARG_I64(now), ZF_ARG_I64(id)};
		rc = zf_repo_prepare(db, &st,
				     "UPDATE av_list SET state = 'live', version = ?, "
				     "approved_by = ?, approved_at = ?, live_from = ? "
				     "WHERE id = ? AND state = 'draft' RETURNING id",
				     args, ZF_REPO_NARGS(args), err);
		rc = rc ? rc : zf_repo_changed(st, MSG_NO_DRAFT, err);
	}
	if (!rc)
		*version = next;
	return rc;
}

int zf_store_av_list_reject(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			    const char *reason, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_TEXT(zf_repo_nn(reason)), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE av_list SET state = 'rejected', rejected_by = ?, "
				 "rejected_at = ?, reason = ? WHERE id = ? AND state = 'draft' "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_DRAFT, err);
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
