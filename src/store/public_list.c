/* The versions of the lists published before enforcement (事前公开) and their approvals. */
#include <string.h>

#include "store/public_list.h"
#include "store/repo.h"

#define MSG_NONE "清单版本不存在"
#define MSG_NO_LIVE "该清单尚未公布"

#define SELECT_HEAD "SELECT p.id, p.body_id, p.kind, p.version, "
#define SELECT_TAIL                                                                          \
	"p.state, p.note, p.drafted_by, p.drafted_at, p.approved_by, p.approved_at, "        \
	"p.justice_by, p.justice_at, p.live_from, p.live_to, p.rejected_by, p.rejected_at, " \
	"p.reason, b.name, COALESCE(d.login, ''), COALESCE(ap.login, ''), "                  \
	"COALESCE(j.login, ''), COALESCE(jb.name, ''), COALESCE(r.login, '') "               \
	"FROM public_list p JOIN body b ON b.id = p.body_id "                                \
	"LEFT JOIN account d ON d.id = p.drafted_by "                                        \
	"LEFT JOIN account ap ON ap.id = p.approved_by "                                     \
	"LEFT JOIN account j ON j.id = p.justice_by "                                        \
	"LEFT JOIN body jb ON jb.id = j.body_id "                                            \
	"LEFT JOIN account r ON r.id = p.rejected_by "
#define SELECT_FULL SELECT_HEAD "p.json, " SELECT_TAIL
#define SELECT_BRIEF SELECT_HEAD "'' AS json, " SELECT_TAIL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_public_list_rec, field)
static const struct zf_repo_col cols[] = {
	COL(I64, id),          COL(I64, body_id),     COL(TEXT, kind),        COL(I64, version),
	COL(TEXT, json),       COL(TEXT, state),      COL(TEXT, note),        COL(I64, drafted_by),
	COL(I64, drafted_at),  COL(I64, approved_by), COL(I64, approved_at),  COL(I64, justice_by),
	COL(I64, justice_at),  COL(I64, live_from),   COL(I64, live_to),      COL(I64, rejected_by),
	COL(I64, rejected_at), COL(TEXT, reason),     COL(TEXT, body_name),   COL(TEXT, drafter),
	COL(TEXT, approver),   COL(TEXT, justice),    COL(TEXT, justice_body), COL(TEXT, rejecter),
	ZF_REPO_COL_END};
#undef COL

int zf_store_public_list_add(struct zf_db *db, const struct zf_public_list_rec *r, int64_t *id,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->body_id),         ZF_ARG_TEXT(zf_repo_nn(r->kind)),
		ZF_ARG_TEXT(zf_repo_nn(r->json)), ZF_ARG_TEXT(zf_repo_nn(r->note)),
		ZF_ARG_I64(r->drafted_by),      ZF_ARG_I64(r->drafted_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO public_list (body_id, kind, json, state, note, "
				 "drafted_by, drafted_at) VALUES (?, ?, ?, 'draft', ?, ?, ?) "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_public_list_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			     struct zf_public_list_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, SELECT_FULL "WHERE p.id = ?", id, err);

	return rc ? rc : zf_repo_one(st, a, cols, out, sizeof(*out), MSG_NONE, err);
}

int zf_store_public_list_live(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *kind, struct zf_public_list_rec *out,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_TEXT(zf_repo_nn(kind))};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 SELECT_FULL "WHERE p.body_id = ? AND p.kind = ? AND p.state = 'live' "
					     "ORDER BY p.version DESC LIMIT 1",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_one(st, a, cols, out, sizeof(*out), MSG_NO_LIVE, err);
}

int zf_store_public_list_rows(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *kind, int published_only,
			      struct zf_public_list_rec **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(body_id), ZF_ARG_I64(body_id), ZF_ARG_TEXT(zf_repo_nn(kind)),
		ZF_ARG_TEXT(zf_repo_nn(kind)), ZF_ARG_I64(published_only ? 1 : 0),
	};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 SELECT_BRIEF "WHERE (? = 0 OR p.body_id = ?) AND (? = '' OR p.kind = ?) "
					      "AND (? = 0 OR p.state IN ('live', 'superseded')) "
					      "ORDER BY p.body_id, p.kind, p.version DESC, p.id DESC "
					      "LIMIT 1000",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_public_list_queue(struct zf_db *db, struct zf_arena *a, const char *kind,
			       struct zf_public_list_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_text(db, &st,
				      SELECT_BRIEF "WHERE p.kind = ? AND p.state = 'approved' "
						   "ORDER BY p.approved_at, p.id LIMIT 1000",
				      zf_repo_nn(kind), err);

	rc = zf_repo_list(st, rc, a, cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_public_list_approve(struct zf_db *db, int64_t id, int64_t by, int64_t at,
				 struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(by), ZF_ARG_I64(at), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE public_list SET state = 'approved', approved_by = ?, "
				 "approved_at = ? WHERE id = ? AND state = 'draft' RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "该清单版本不是待审批的草稿", err);
}

int zf_store_public_list_justice(struct zf_db *db, int64_t id, int64_t by, int64_t at,
				 struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(by), ZF_ARG_I64(at), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE public_list SET justice_by = ?, justice_at = ? "
				 "WHERE id = ? AND state = 'approved' RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "该清单版本不在待司法局审核状态", err);
}

struct key_row {
	int64_t body_id;
	const char *kind;
	int64_t next, prev;
};

#define COL(kind, field) ZF_REPO_COL(kind, struct key_row, field)
static const struct zf_repo_col key_cols[] = {COL(I64, body_id), COL(TEXT, kind), COL(I64, next),
					      COL(I64, prev), ZF_REPO_COL_END};
#undef COL

int zf_store_public_list_go_live(struct zf_db *db, int64_t id, int64_t at, int64_t *version,
				 int64_t *prev, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct key_row k;
	struct zf_stmt *st = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	rc = zf_repo_prepare_i64(
		db, &st,
		"SELECT p.body_id, p.kind, "
		"(SELECT COALESCE(MAX(q.version), 0) + 1 FROM public_list q "
		" WHERE q.body_id = p.body_id AND q.kind = p.kind), "
		"(SELECT COALESCE(MAX(q.id), 0) FROM public_list q WHERE q.body_id = p.body_id "
		" AND q.kind = p.kind AND q.state = 'live') "
		"FROM public_list p WHERE p.id = ? AND p.state = 'approved'",
		id, err);
	if (!rc)
		rc = zf_repo_one(st, a, key_cols, &k, sizeof(k), "该清单版本尚未审批", err);
	if (!rc && k.prev) {
		const struct zf_repo_arg args[] = {ZF_ARG_I64(at), ZF_ARG_I64(k.prev)};
		rc = zf_repo_prepare(db, &st,
				     "UPDATE public_list SET state = 'superseded', live_to = ? "
				     "WHERE id = ? AND state = 'live' RETURNING id",
				     args, ZF_REPO_NARGS(args), err);
		rc = rc ? rc : zf_repo_changed(st, MSG_NONE, err);
	}
	if (!rc) {
		const struct zf_repo_arg args[] = {ZF_ARG_I64(k.next), ZF_ARG_I64(at), ZF_ARG_I64(id)};
		rc = zf_repo_prepare(db, &st,
				     "UPDATE public_list SET state = 'live', version = ?, "
				     "live_from = ? WHERE id = ? AND state = 'approved' RETURNING id",
				     args, ZF_REPO_NARGS(args), err);
		rc = rc ? rc : zf_repo_changed(st, MSG_NONE, err);
	}
	if (!rc) {
		*version = k.next;
		if (prev)
			*prev = k.prev;
	}
	zf_arena_free(a);
	return rc;
}

int zf_store_public_list_reject(struct zf_db *db, int64_t id, const char *from, int64_t by,
				int64_t at, const char *reason, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(by), ZF_ARG_I64(at),
					   ZF_ARG_TEXT(zf_repo_nn(reason)), ZF_ARG_I64(id),
					   ZF_ARG_TEXT(zf_repo_nn(from))};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE public_list SET state = 'rejected', rejected_by = ?, "
				 "rejected_at = ?, reason = ? WHERE id = ? AND state = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "该清单版本已不在待审批状态", err);
}
