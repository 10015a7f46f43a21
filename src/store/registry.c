/* Repositories of enforcement bodies and officers: one SQL text per statement for every driver. */
#include <string.h>

#include "store/registry.h"
#include "store/repo.h"

#define BODY_COLS                                                                      \
	"id, name, uscc, legal_basis, duties, powers, address, phone, supervision, "   \
	"remedy, state, state_date, state_reason, version, created_at, updated_at"

#define OFFICER_COLS                                                                   \
	"o.id, o.body_id, b.name, o.name, o.cert_no, o.issuer, o.domains, o.valid_from, " \
	"o.valid_to, o.state, o.state_date, o.state_reason, o.legal_qual, o.review_since, " \
	"o.version, o.created_at, o.updated_at"

#define MSG_USCC_TAKEN "统一社会信用代码已存在"
#define MSG_CERT_TAKEN "执法证号已存在"
#define MSG_NO_BODY "所属执法主体不存在"

/* ---- bodies ---- */

/* Binds the writable fields of B to parameters 1..12 (name .. state_reason). */
static int bind_body(struct zf_stmt *st, const struct zf_body *b)
{
	return zf_stmt_bind_text(st, 1, zf_repo_nn(b->name)) | zf_stmt_bind_text(st, 2, zf_repo_nn(b->uscc)) |
	       zf_stmt_bind_text(st, 3, zf_repo_nn(b->legal_basis)) |
	       zf_stmt_bind_text(st, 4, zf_repo_nn(b->duties)) | zf_stmt_bind_text(st, 5, zf_repo_nn(b->powers)) |
	       zf_stmt_bind_text(st, 6, zf_repo_nn(b->address)) | zf_stmt_bind_text(st, 7, zf_repo_nn(b->phone)) |
	       zf_stmt_bind_text(st, 8, zf_repo_nn(b->supervision)) |
	       zf_stmt_bind_text(st, 9, zf_repo_nn(b->remedy)) |
	       zf_stmt_bind_i64(st, 10, b->state ? b->state : ZF_BODY_ACTIVE) |
	       zf_stmt_bind_text(st, 11, b->state_date) | zf_stmt_bind_text(st, 12, b->state_reason);
}

/* Reads a row of BODY_COLS into B, strings copied into A. */
static int read_body(struct zf_stmt *st, struct zf_arena *a, struct zf_body *b)
{
	int oom = 0;

	memset(b, 0, sizeof(*b));
	b->id = zf_stmt_i64(st, 0);
	b->name = zf_repo_text(st, 1, a, &oom);
	b->uscc = zf_repo_text(st, 2, a, &oom);
	b->legal_basis = zf_repo_text(st, 3, a, &oom);
	b->duties = zf_repo_text(st, 4, a, &oom);
	b->powers = zf_repo_text(st, 5, a, &oom);
	b->address = zf_repo_text(st, 6, a, &oom);
	b->phone = zf_repo_text(st, 7, a, &oom);
	b->supervision = zf_repo_text(st, 8, a, &oom);
	b->remedy = zf_repo_text(st, 9, a, &oom);
	b->state = (int)zf_stmt_i64(st, 10);
	b->state_date = zf_repo_text(st, 11, a, &oom);
	b->state_reason = zf_repo_text(st, 12, a, &oom);
	b->version = zf_stmt_i64(st, 13);
	b->created_at = zf_stmt_i64(st, 14);
	b->updated_at = zf_stmt_i64(st, 15);
	return oom ? ZF_ENOMEM : 0;
}

int zf_store_body_insert(struct zf_db *db, const struct zf_body *b, int64_t now,
			 int64_t *id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO body (name, uscc, legal_basis, duties, powers, address, "
				"phone, supervision, remedy, state, state_date, state_reason, version, "
				"created_at, updated_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				bind_body(st, b) | zf_stmt_bind_i64(st, 13, now) |
					zf_stmt_bind_i64(st, 14, now),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, id, err);
	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, "uscc", MSG_USCC_TAKEN);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ERROR, "数据库未返回新记录编号");
	return rc;
}

int zf_store_body_update(struct zf_db *db, const struct zf_body *b, int64_t now,
			 struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"UPDATE body SET name = ?, uscc = ?, legal_basis = ?, duties = ?, "
				"powers = ?, address = ?, phone = ?, supervision = ?, remedy = ?, "
				"state = ?, state_date = ?, state_reason = ?, version = version + 1, "
				"updated_at = ? WHERE id = ? AND version = ? RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				bind_body(st, b) | zf_stmt_bind_i64(st, 13, now) |
					zf_stmt_bind_i64(st, 14, b->id) |
					zf_stmt_bind_i64(st, 15, b->version),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, &id, err);
	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, "uscc", MSG_USCC_TAKEN);
	if (rc == ZF_ENOTFOUND)
		return zf_repo_stale(db, "SELECT 1 FROM body WHERE id = ?", b->id, err);
	return rc;
}

int zf_store_body_get(struct zf_db *db, struct zf_arena *a, int64_t id,
		      struct zf_body *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "SELECT " BODY_COLS " FROM body WHERE id = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, id), err)))
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW)
		rc = read_body(st, a, out) ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "执法主体不存在");
	zf_stmt_done(st);
	return rc;
}

int zf_store_body_list(struct zf_db *db, struct zf_arena *a, int all,
		       struct zf_body **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_body *arr = NULL, *grown;
	size_t cap = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = all ? zf_db_prepare(db, &st, "SELECT " BODY_COLS " FROM body ORDER BY id", err)
		 : zf_db_prepare(db, &st,
				 "SELECT " BODY_COLS " FROM body WHERE state = 1 ORDER BY id", err);
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(a, arr, &cap, count, sizeof(*arr))) ||
		    read_body(st, a, &grown[count])) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			break;
		}
		arr = grown;
		count++;
	}
	zf_stmt_done(st);
	if (rc != ZF_DB_DONE)
		return rc;
	*out = arr;
	*n = count;
	return 0;
}

/* ---- officers ---- */

/* Binds the writable fields of O to parameters 1..12 (body_id .. review_since). */
static int bind_officer(struct zf_stmt *st, const struct zf_officer *o)
{
	return zf_stmt_bind_i64(st, 1, o->body_id) | zf_stmt_bind_text(st, 2, zf_repo_nn(o->name)) |
	       zf_stmt_bind_text(st, 3, zf_repo_nn(o->cert_no)) |
	       zf_stmt_bind_text(st, 4, zf_repo_nn(o->issuer)) |
	       zf_stmt_bind_text(st, 5, zf_repo_nn(o->domains)) |
	       zf_stmt_bind_text(st, 6, zf_repo_nn(o->valid_from)) |
	       zf_stmt_bind_text(st, 7, zf_repo_nn(o->valid_to)) |
	       zf_stmt_bind_i64(st, 8, o->state ? o->state : ZF_CERT_VALID) |
	       zf_stmt_bind_text(st, 9, o->state_date) |
	       zf_stmt_bind_text(st, 10, o->state_reason) |
	       zf_stmt_bind_i64(st, 11, o->legal_qual ? 1 : 0) |
	       zf_stmt_bind_text(st, 12, o->review_since);
}

static int read_officer(struct zf_stmt *st, struct zf_arena *a, struct zf_officer *o)
{
	int oom = 0;

	memset(o, 0, sizeof(*o));
	o->id = zf_stmt_i64(st, 0);
	o->body_id = zf_stmt_i64(st, 1);
	o->body_name = zf_repo_text(st, 2, a, &oom);
	o->name = zf_repo_text(st, 3, a, &oom);
	o->cert_no = zf_repo_text(st, 4, a, &oom);
	o->issuer = zf_repo_text(st, 5, a, &oom);
	o->domains = zf_repo_text(st, 6, a, &oom);
	o->valid_from = zf_repo_text(st, 7, a, &oom);
	o->valid_to = zf_repo_text(st, 8, a, &oom);
	o->state = (int)zf_stmt_i64(st, 9);
	o->state_date = zf_repo_text(st, 10, a, &oom);
	o->state_reason = zf_repo_text(st, 11, a, &oom);
	o->legal_qual = (int)zf_stmt_i64(st, 12);
	o->review_since = zf_repo_text(st, 13, a, &oom);
	o->version = zf_stmt_i64(st, 14);
	o->created_at = zf_stmt_i64(st, 15);
	o->updated_at = zf_stmt_i64(st, 16);
	return oom ? ZF_ENOMEM : 0;
}

/* Checks that body ID exists before a write refers to it: a failed statement
 * would abort a PostgreSQL transaction, so the check comes first. */
static int body_exists(struct zf_db *db, int64_t id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t one = 0;
	int rc;

	if ((rc = zf_db_prepare(db, &st, "SELECT 1 FROM body WHERE id = ?", err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, id), err)))
		return rc;
	rc = zf_stmt_one_i64(st, &one, err);
	if (rc == ZF_ENOTFOUND)
		return zf_repo_conflict(err, "body_id", MSG_NO_BODY);
	return rc;
}

int zf_store_officer_insert(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    int64_t *id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = body_exists(db, o->body_id, err)))
		return rc;
	if ((rc = zf_db_prepare(db, &st,
				"INSERT INTO officer (body_id, name, cert_no, issuer, domains, "
				"valid_from, valid_to, state, state_date, state_reason, legal_qual, "
				"review_since, version, created_at, updated_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				bind_officer(st, o) | zf_stmt_bind_i64(st, 13, now) |
					zf_stmt_bind_i64(st, 14, now),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, id, err);
	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, "cert_no", MSG_CERT_TAKEN);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ERROR, "数据库未返回新记录编号");
	return rc;
}

int zf_store_officer_update(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = body_exists(db, o->body_id, err)))
		return rc;
	if ((rc = zf_db_prepare(db, &st,
				"UPDATE officer SET body_id = ?, name = ?, cert_no = ?, issuer = ?, "
				"domains = ?, valid_from = ?, valid_to = ?, state = ?, state_date = ?, "
				"state_reason = ?, legal_qual = ?, review_since = ?, "
				"version = version + 1, updated_at = ? "
				"WHERE id = ? AND version = ? RETURNING id",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st,
				bind_officer(st, o) | zf_stmt_bind_i64(st, 13, now) |
					zf_stmt_bind_i64(st, 14, o->id) |
					zf_stmt_bind_i64(st, 15, o->version),
				err)))
		return rc;
	rc = zf_stmt_one_i64(st, &id, err);
	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, "cert_no", MSG_CERT_TAKEN);
	if (rc == ZF_ENOTFOUND)
		return zf_repo_stale(db, "SELECT 1 FROM officer WHERE id = ?", o->id, err);
	return rc;
}

/* Runs ST (bound, selecting OFFICER_COLS) expecting at most one row into *OUT. */
static int officer_one(struct zf_stmt *st, struct zf_arena *a, struct zf_officer *out,
		       struct zf_err *err)
{
	int rc = zf_stmt_step(st, err);

	if (rc == ZF_DB_ROW)
		rc = read_officer(st, a, out) ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "执法人员不存在");
	zf_stmt_done(st);
	return rc;
}

int zf_store_officer_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_officer *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"SELECT " OFFICER_COLS " FROM officer o JOIN body b ON b.id = o.body_id "
				"WHERE o.id = ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, id), err)))
		return rc;
	return officer_one(st, a, out, err);
}

int zf_store_officer_by_cert(struct zf_db *db, struct zf_arena *a, const char *cert_no,
			     struct zf_officer *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_db_prepare(db, &st,
				"SELECT " OFFICER_COLS " FROM officer o JOIN body b ON b.id = o.body_id "
				"WHERE o.cert_no = ?",
				err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_text(st, 1, zf_repo_nn(cert_no)), err)))
		return rc;
	return officer_one(st, a, out, err);
}

int zf_store_officer_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_officer **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_officer *arr = NULL, *grown;
	size_t cap = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (body_id) {
		rc = zf_db_prepare(db, &st,
				   "SELECT " OFFICER_COLS " FROM officer o JOIN body b ON b.id = o.body_id "
				   "WHERE o.body_id = ? ORDER BY o.body_id, o.cert_no, o.id",
				   err);
		if (rc == 0)
			rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, body_id), err);
	} else {
		rc = zf_db_prepare(db, &st,
				   "SELECT " OFFICER_COLS " FROM officer o JOIN body b ON b.id = o.body_id "
				   "ORDER BY o.body_id, o.cert_no, o.id",
				   err);
	}
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		if (!(grown = zf_repo_grow(a, arr, &cap, count, sizeof(*arr))) ||
		    read_officer(st, a, &grown[count])) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			break;
		}
		arr = grown;
		count++;
	}
	zf_stmt_done(st);
	if (rc != ZF_DB_DONE)
		return rc;
	*out = arr;
	*n = count;
	return 0;
}

int zf_store_registry_counts(struct zf_db *db, int64_t *bodies, int64_t *officers,
			     struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	*bodies = *officers = 0;
	if ((rc = zf_db_prepare(db, &st,
				"SELECT (SELECT COUNT(*) FROM body), (SELECT COUNT(*) FROM officer)",
				err)))
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW) {
		*bodies = zf_stmt_i64(st, 0);
		*officers = zf_stmt_i64(st, 1);
		rc = 0;
	} else if (rc == ZF_DB_DONE) {
		rc = zf_err_set(err, ZF_ERROR, "数据库未返回统计结果");
	}
	zf_stmt_done(st);
	return rc;
}
