/* Repositories of evidence items, withdrawals, custody rows, playback sessions and the uploads items are made from: one SQL text per statement for every driver. */
#include <stdio.h>
#include <string.h>

#include "store/evidence.h"
#include "store/repo.h"

#define MSG_NO_EVIDENCE "证据不存在"
#define MSG_NO_UPLOAD "上传不存在"

/* ---- evidence ---- */

#define EV_COLS                                                                               \
	"e.id, e.case_id, e.step_code, COALESCE(e.step_id, 0), e.upload_id, e.sha256, e.sm3, " \
	"e.size, e.filename, e.media_type, e.kind, e.duration_ms, e.codec, e.width, e.height, " \
	"e.device, e.officers_json, e.captured_from, e.captured_to, e.place, "                 \
	"CASE WHEN e.lat_e6 IS NULL THEN 0 ELSE 1 END, COALESCE(e.lat_e6, 0), "                \
	"COALESCE(e.lon_e6, 0), e.description, e.attached_by, e.attached_at, "                 \
	"e.preview_state, e.preview_sha256, c.body_id, c.case_no, COALESCE(ab.login, ''), "    \
	"CASE WHEN w.evidence_id IS NULL THEN 0 ELSE 1 END, COALESCE(w.reason, ''), "          \
	"COALESCE(w.withdrawn_by, 0), COALESCE(wb.login, ''), COALESCE(w.withdrawn_at, 0)"
#define EV_FROM                                                                \
	"FROM evidence e JOIN cases c ON c.id = e.case_id "                    \
	"LEFT JOIN account ab ON ab.id = e.attached_by "                       \
	"LEFT JOIN evidence_withdrawal w ON w.evidence_id = e.id "             \
	"LEFT JOIN account wb ON wb.id = w.withdrawn_by"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_evidence_rec, field)
static const struct zf_repo_col ev_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(TEXT, step_code), COL(I64, step_id),
	COL(TEXT, upload_id), COL(TEXT, sha256), COL(TEXT, sm3), COL(I64, size),
	COL(TEXT, filename), COL(TEXT, media_type), COL(TEXT, kind), COL(I64, duration_ms),
	COL(TEXT, codec), COL(INT, width), COL(INT, height), COL(TEXT, device),
	COL(TEXT, officers_json), COL(I64, captured_from), COL(I64, captured_to),
	COL(TEXT, place), COL(INT, has_coords), COL(I64, lat_e6), COL(I64, lon_e6),
	COL(TEXT, description), COL(I64, attached_by), COL(I64, attached_at),
	COL(TEXT, preview_state), COL(TEXT, preview_sha256), COL(I64, body_id),
	COL(TEXT, case_no), COL(TEXT, attached_login), COL(INT, withdrawn),
	COL(TEXT, withdrawn_reason), COL(I64, withdrawn_by), COL(TEXT, withdrawn_login),
	COL(I64, withdrawn_at), ZF_REPO_COL_END,
};
#undef COL

int zf_store_evidence_insert(struct zf_db *db, const struct zf_evidence_rec *e, int64_t *id,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(e->case_id), ZF_ARG_TEXT(zf_repo_nn(e->step_code)),
		ZF_ARG_REF(e->step_id), ZF_ARG_TEXT(zf_repo_nn(e->upload_id)),
		ZF_ARG_TEXT(zf_repo_nn(e->sha256)), ZF_ARG_TEXT(zf_repo_nn(e->sm3)),
		ZF_ARG_I64(e->size), ZF_ARG_TEXT(zf_repo_nn(e->filename)),
		ZF_ARG_TEXT(zf_repo_nn(e->media_type)), ZF_ARG_TEXT(zf_repo_nn(e->kind)),
		ZF_ARG_I64(e->duration_ms), ZF_ARG_TEXT(zf_repo_nn(e->codec)),
		ZF_ARG_I64(e->width), ZF_ARG_I64(e->height), ZF_ARG_TEXT(zf_repo_nn(e->device)),
		ZF_ARG_TEXT(e->officers_json ? e->officers_json : "[]"),
		ZF_ARG_I64(e->captured_from), ZF_ARG_I64(e->captured_to),
		ZF_ARG_TEXT(zf_repo_nn(e->place)),
		{e->has_coords ? ZF_REPO_ARG_I64 : ZF_REPO_ARG_NULL, e->lat_e6, NULL},
		{e->has_coords ? ZF_REPO_ARG_I64 : ZF_REPO_ARG_NULL, e->lon_e6, NULL},
		ZF_ARG_TEXT(zf_repo_nn(e->description)), ZF_ARG_I64(e->attached_by),
		ZF_ARG_I64(e->attached_at),
		ZF_ARG_TEXT(e->preview_state ? e->preview_state : "none"),
		ZF_ARG_TEXT(zf_repo_nn(e->preview_sha256)),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		"INSERT INTO evidence (case_id, step_code, step_id, upload_id, sha256, sm3, size, "
		"filename, media_type, kind, duration_ms, codec, width, height, device, "
		"officers_json, captured_from, captured_to, place, lat_e6, lon_e6, description, "
		"attached_by, attached_at, preview_state, preview_sha256) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_evidence_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			  struct zf_evidence_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " EV_COLS " " EV_FROM " WHERE e.id = ?", id,
				     err);

	return rc ? rc : zf_repo_one(st, a, ev_cols, out, sizeof(*out), MSG_NO_EVIDENCE, err);
}

/* Runs the list query ST (RC from preparing it) into *OUT and *N. */
static int ev_list(struct zf_stmt *st, int rc, struct zf_arena *a, struct zf_evidence_rec **out,
		   size_t *n, struct zf_err *err)
{
	void *rows = NULL;

	rc = zf_repo_list(st, rc, a, ev_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_evidence_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			   struct zf_evidence_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(
		db, &st, "SELECT " EV_COLS " " EV_FROM " WHERE e.case_id = ? ORDER BY e.id", case_id,
		err);

	return ev_list(st, rc, a, out, n, err);
}

int zf_store_evidence_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			   struct zf_evidence_rec **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " EV_COLS " " EV_FROM " WHERE e.id > ? ORDER BY e.id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	return ev_list(st, rc, a, out, n, err);
}

int zf_store_evidence_unbound(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			      const char *step_code, struct zf_evidence_rec **out, size_t *n,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_TEXT(step_code)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " EV_COLS " " EV_FROM " WHERE e.case_id = ? AND "
				 "e.step_code = ? AND e.step_id IS NULL AND w.evidence_id IS NULL "
				 "ORDER BY e.id",
				 args, ZF_REPO_NARGS(args), err);

	return ev_list(st, rc, a, out, n, err);
}

int zf_store_evidence_bind(struct zf_db *db, int64_t id, int64_t step_id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(step_id), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		"UPDATE evidence SET step_id = ? WHERE id = ? AND step_id IS NULL RETURNING id", args,
		ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_EVIDENCE, err);
}

int zf_store_evidence_preview_pending(struct zf_db *db, struct zf_arena *a,
				      struct zf_evidence_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_text(db, &st,
				      "SELECT " EV_COLS " " EV_FROM " WHERE e.preview_state = ? "
				      "ORDER BY e.id LIMIT 1",
				      "pending", err);

	return rc ? rc : zf_repo_one(st, a, ev_cols, out, sizeof(*out), MSG_NO_EVIDENCE, err);
}

int zf_store_evidence_preview_set(struct zf_db *db, int64_t id, const char *state,
				  const char *sha256, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(state), ZF_ARG_TEXT(zf_repo_nn(sha256)),
					   ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE evidence SET preview_state = ?, preview_sha256 = ? "
				 "WHERE id = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_EVIDENCE, err);
}

int zf_store_evidence_withdraw(struct zf_db *db, int64_t id, const char *reason, int64_t by,
			       int64_t at, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(id), ZF_ARG_TEXT(zf_repo_nn(reason)),
					   ZF_ARG_I64(by), ZF_ARG_I64(at)};
	struct zf_stmt *st = NULL;
	int64_t got = 0;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO evidence_withdrawal (evidence_id, reason, withdrawn_by, "
				 "withdrawn_at) VALUES (?, ?, ?, ?) RETURNING evidence_id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, &got, "reason", "证据已撤回", err);
}

/* ---- uploads ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_evidence_upload, field)
static const struct zf_repo_col upload_cols[] = {
	COL(TEXT, id), COL(I64, body_id), COL(I64, account_id), COL(TEXT, filename),
	COL(TEXT, state), COL(TEXT, sha256), COL(TEXT, sm3), COL(I64, length),
	COL(I64, created_at), ZF_REPO_COL_END,
};
#undef COL

int zf_store_evidence_upload_get(struct zf_db *db, struct zf_arena *a, const char *id,
				 struct zf_evidence_upload *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_text(db, &st,
				      "SELECT id, body_id, account_id, filename, state, sha256, sm3, "
				      "length, created_at FROM upload WHERE id = ?",
				      id, err);

	return rc ? rc
		  : zf_repo_one(st, a, upload_cols, out, sizeof(*out), MSG_NO_UPLOAD, err);
}

int zf_store_evidence_upload_attach(struct zf_db *db, const char *id, int64_t now,
				    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_TEXT(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE upload SET state = 'attached', updated_at = ? "
				 "WHERE id = ? AND state = 'complete' RETURNING 1",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_repo_changed(st, "上传不是待附入的完整文件", err)) != ZF_ENOTFOUND)
		return rc;
	return zf_repo_conflict(err, "upload_id", "该上传已附入案卷或已失效");
}

/* ---- custody ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_custody_rec, field)
static const struct zf_repo_col custody_cols[] = {
	COL(I64, id), COL(I64, evidence_id), COL(TEXT, action), COL(I64, account_id),
	COL(TEXT, login), COL(TEXT, addr), COL(I64, at), COL(TEXT, detail), ZF_REPO_COL_END,
};
#undef COL

#define CUSTODY_COLS "id, evidence_id, action, account_id, login, addr, at, detail"

int zf_store_custody_insert(struct zf_db *db, const struct zf_custody_rec *c, int64_t *id,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(c->evidence_id), ZF_ARG_TEXT(c->action), ZF_ARG_I64(c->account_id),
		ZF_ARG_TEXT(zf_repo_nn(c->login)), ZF_ARG_TEXT(zf_repo_nn(c->addr)),
		ZF_ARG_I64(c->at), ZF_ARG_TEXT(zf_repo_nn(c->detail)),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO evidence_custody (evidence_id, action, account_id, "
				 "login, addr, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_custody_list(struct zf_db *db, struct zf_arena *a, int64_t evidence_id,
			  struct zf_custody_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " CUSTODY_COLS " FROM evidence_custody "
				     "WHERE evidence_id = ? ORDER BY id",
				     evidence_id, err);

	rc = zf_repo_list(st, rc, a, custody_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_custody_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			  struct zf_custody_rec **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " CUSTODY_COLS " FROM evidence_custody WHERE id > ? "
				 "ORDER BY id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, custody_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_custody_last(struct zf_db *db, int64_t evidence_id, const char *action,
			  int64_t *at, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(evidence_id), ZF_ARG_TEXT(action)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT at FROM evidence_custody WHERE evidence_id = ? AND "
				 "action = ? ORDER BY id DESC LIMIT 1",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_stmt_one_i64(st, at, err);
}

/* ---- playback sessions ---- */

int zf_store_evidence_session_add(struct zf_db *db, const char *token_hash, int64_t evidence_id,
				  int64_t account_id, int64_t expires_at, int64_t now,
				  struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(token_hash), ZF_ARG_I64(evidence_id),
					   ZF_ARG_I64(account_id), ZF_ARG_I64(expires_at)};
	int rc = zf_repo_run_i64(db, "DELETE FROM evidence_session WHERE expires_at < ?", now, err);

	return rc ? rc
		  : zf_repo_run(db,
				"INSERT INTO evidence_session (token_hash, evidence_id, account_id, "
				"expires_at) VALUES (?, ?, ?, ?)",
				args, ZF_REPO_NARGS(args), err);
}

int zf_store_evidence_session_live(struct zf_db *db, const char *token_hash,
				   int64_t evidence_id, int64_t account_id, int64_t now,
				   struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(token_hash), ZF_ARG_I64(evidence_id),
					   ZF_ARG_I64(account_id), ZF_ARG_I64(now)};
	struct zf_stmt *st = NULL;
	int64_t one = 0;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT 1 FROM evidence_session WHERE token_hash = ? AND "
				 "evidence_id = ? AND account_id = ? AND expires_at >= ?",
				 args, ZF_REPO_NARGS(args), err);

	if (!rc && (rc = zf_stmt_one_i64(st, &one, err)) == ZF_ENOTFOUND)
		return 0;
	return rc ? rc : 1;
}

/* ---- the log ---- */

struct log_entry_row {
	const char *entry;
	int64_t idx;
};

int zf_store_evidence_log_entry(struct zf_db *db, struct zf_arena *a, int64_t history_id,
				const char **entry, int64_t *idx, struct zf_err *err)
{
	static const struct zf_repo_col cols[] = {
		ZF_REPO_COL(TEXT, struct log_entry_row, entry),
		ZF_REPO_COL(I64, struct log_entry_row, idx), ZF_REPO_COL_END,
	};
	char pat[64];
	struct log_entry_row row = {0};
	struct zf_stmt *st = NULL;
	int rc;

	snprintf(pat, sizeof(pat), "%%\nrecord history:%lld\n%%", (long long)history_id);
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(pat), ZF_ARG_TEXT(pat)};
	rc = zf_repo_prepare(db, &st,
			     "SELECT entry, o FROM (SELECT entry, 0 AS k, idx AS o FROM log_leaf "
			     "WHERE entry LIKE ? UNION ALL SELECT entry, 1 AS k, -1 AS o "
			     "FROM log_pending WHERE entry LIKE ?) t ORDER BY k, o LIMIT 1",
			     args, ZF_REPO_NARGS(args), err);
	if (!rc && !(rc = zf_repo_one(st, a, cols, &row, sizeof(row), "记录日志条目不存在", err)))
		*entry = row.entry;
	if (!rc)
		*idx = row.idx;
	return rc;
}
