/* Repositories of violation types and their discretion bands: a type row and its bands are written together. */
#include "store/repo.h"
#include "store/violation.h"

#define MSG_NO_VIOLATION "违法行为类型不存在"
#define MSG_CODE_TAKEN "违法行为编码已存在"

#define VIOLATION_COLS                                                                   \
	"id, body_id, code, name, matter_code, domain, legal_basis, penalty_basis, "     \
	"fine_min, fine_max, safety, version, active"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_violation, field)
static const struct zf_repo_col violation_cols[] = {
	COL(I64, id), COL(I64, body_id), COL(TEXT, code), COL(TEXT, name),
	COL(TEXT, matter_code), COL(TEXT, domain), COL(TEXT, legal_basis),
	COL(TEXT, penalty_basis), COL(I64, fine_min), COL(I64, fine_max), COL(INT, safety),
	COL(INT, version), COL(INT, active), ZF_REPO_COL_END,
};
#undef COL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_benchmark, field)
static const struct zf_repo_col band_cols[] = {
	COL(I64, id), COL(INT, level), COL(TEXT, circumstance), COL(I64, fine_min),
	COL(I64, fine_max), COL(TEXT, other), ZF_REPO_COL_END,
};
#undef COL

/* Inserts the bands of V as the bands of violation ID. */
static int bands_insert(struct zf_db *db, int64_t id, const struct zf_violation *v,
			struct zf_err *err)
{
	for (size_t i = 0; i < v->nbands; i++) {
		const struct zf_benchmark *b = &v->bands[i];
		const struct zf_repo_arg args[] = {
			ZF_ARG_I64(id), ZF_ARG_I64(b->level), ZF_ARG_TEXT(zf_repo_nn(b->circumstance)),
			ZF_ARG_I64(b->fine_min), ZF_ARG_I64(b->fine_max),
			ZF_ARG_TEXT(zf_repo_nn(b->other)),
		};
		int rc = zf_repo_run(db,
				     "INSERT INTO benchmark (violation_id, level, circumstance, "
				     "fine_min, fine_max, other) VALUES (?, ?, ?, ?, ?, ?)",
				     args, ZF_REPO_NARGS(args), err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Reads the bands of V->id into V (in A). */
static int bands_read(struct zf_db *db, struct zf_arena *a, struct zf_violation *v,
		      struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT id, level, circumstance, fine_min, fine_max, other "
				     "FROM benchmark WHERE violation_id = ? ORDER BY level, id",
				     v->id, err);

	rc = zf_repo_list(st, rc, a, band_cols, sizeof(struct zf_benchmark), &rows, &v->nbands,
			  err);
	v->bands = rows;
	return rc;
}

int zf_store_violation_insert(struct zf_db *db, const struct zf_violation *v, int64_t now,
			      int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(v->body_id), ZF_ARG_TEXT(zf_repo_nn(v->code)),
		ZF_ARG_TEXT(zf_repo_nn(v->name)), ZF_ARG_TEXT(zf_repo_nn(v->matter_code)),
		ZF_ARG_TEXT(zf_repo_nn(v->domain)), ZF_ARG_TEXT(zf_repo_nn(v->legal_basis)),
		ZF_ARG_TEXT(zf_repo_nn(v->penalty_basis)), ZF_ARG_I64(v->fine_min),
		ZF_ARG_I64(v->fine_max), ZF_ARG_I64(v->safety ? 1 : 0), ZF_ARG_I64(v->active ? 1 : 0),
		ZF_ARG_I64(now), ZF_ARG_I64(now),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO violation_type (body_id, code, name, matter_code, "
				 "domain, legal_basis, penalty_basis, fine_min, fine_max, safety, "
				 "active, version, created_at, updated_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_repo_inserted(st, id, "code", MSG_CODE_TAKEN, err)))
		return rc;
	return bands_insert(db, *id, v, err);
}

int zf_store_violation_update(struct zf_db *db, const struct zf_violation *v, int64_t now,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(v->code)), ZF_ARG_TEXT(zf_repo_nn(v->name)),
		ZF_ARG_TEXT(zf_repo_nn(v->matter_code)), ZF_ARG_TEXT(zf_repo_nn(v->domain)),
		ZF_ARG_TEXT(zf_repo_nn(v->legal_basis)), ZF_ARG_TEXT(zf_repo_nn(v->penalty_basis)),
		ZF_ARG_I64(v->fine_min), ZF_ARG_I64(v->fine_max), ZF_ARG_I64(v->safety ? 1 : 0),
		ZF_ARG_I64(v->active ? 1 : 0), ZF_ARG_I64(now), ZF_ARG_I64(v->id),
		ZF_ARG_I64(v->version),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE violation_type SET code = ?, name = ?, matter_code = ?, "
				 "domain = ?, legal_basis = ?, penalty_basis = ?, fine_min = ?, "
				 "fine_max = ?, safety = ?, active = ?, updated_at = ?, "
				 "version = version + 1 WHERE id = ? AND version = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_repo_updated(db, st, "SELECT 1 FROM violation_type WHERE id = ?", v->id,
					"code", MSG_CODE_TAKEN, err)) ||
	    (rc = zf_repo_run_i64(db, "DELETE FROM benchmark WHERE violation_id = ?", v->id, err)))
		return rc;
	return bands_insert(db, v->id, v, err);
}

int zf_store_violation_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			   struct zf_violation *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " VIOLATION_COLS " FROM violation_type WHERE id = ?", id,
				     err);

	if (rc || (rc = zf_repo_one(st, a, violation_cols, out, sizeof(*out), MSG_NO_VIOLATION,
				    err)))
		return rc;
	return bands_read(db, a, out, err);
}

int zf_store_violation_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			    struct zf_violation **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " VIOLATION_COLS " FROM violation_type WHERE body_id = ? "
				     "ORDER BY code, id",
				     body_id, err);

	rc = zf_repo_list(st, rc, a, violation_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	for (size_t i = 0; rc == 0 && i < *n; i++)
		rc = bands_read(db, a, &(*out)[i], err);
	return rc;
}
