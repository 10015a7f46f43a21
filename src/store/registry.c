/* Repositories of enforcement bodies and officers: one SQL text per statement for every driver. */
#include <string.h>

#include "store/registry.h"
#include "util/buf.h"
#include "store/repo.h"

#define BODY_COLS                                                                      \
	"id, name, uscc, legal_basis, duties, powers, address, phone, supervision, "   \
	"remedy, state, state_date, state_reason, version, created_at, updated_at"

#define OFFICER_COLS                                                                   \
	"o.id, o.body_id, b.name, o.name, o.cert_no, o.issuer, o.domains, o.valid_from, " \
	"o.valid_to, o.state, o.state_date, o.state_reason, o.legal_qual, o.review_since, " \
	"o.version, o.created_at, o.updated_at"

/* Where the columns of BODY_COLS go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_body, field)
static const struct zf_repo_col body_cols[] = {
	COL(I64, id), COL(TEXT, name), COL(TEXT, uscc),
	COL(TEXT, legal_basis), COL(TEXT, duties), COL(TEXT, powers),
	COL(TEXT, address), COL(TEXT, phone), COL(TEXT, supervision), COL(TEXT, remedy),
	COL(INT, state), COL(TEXT, state_date), COL(TEXT, state_reason),
	COL(I64, version), COL(I64, created_at), COL(I64, updated_at),
	ZF_REPO_COL_END,
};
#undef COL

/* Every officer query joins the body for body_name. */
#define OFFICER_FROM "FROM officer o JOIN body b ON b.id = o.body_id"
#define OFFICER_ORDER "ORDER BY o.body_id, o.cert_no, o.id"

#define MSG_USCC_TAKEN "统一社会信用代码已存在"
#define MSG_CERT_TAKEN "执法证号已存在"
#define MSG_NO_BODY "所属执法主体不存在"
#define MSG_NO_OFFICER "执法人员不存在"

/* ---- the write protocol shared by bodies and officers ---- */

/* The writable fields of a body or an officer, bound before the bookkeeping
 * columns: at most created_at and updated_at, or updated_at, id and version. */
#define RECORD_FIELDS 12
#define RECORD_TAIL_MAX 3

/* What writing differs in between bodies and officers. Both start at version
 * 1, bump it on every update and refuse updates of a stale version. */
struct record {
	const char *insert_sql; /* parameters: the fields, created_at, updated_at */
	const char *update_sql; /* the fields, updated_at, then id and version */
	const char *exists_sql; /* SELECT 1 ... WHERE id = ? */
	const char *unique;     /* the form field of the unique key */
	const char *taken;      /* the message when another record holds it */
	/* Puts the RECORD_FIELDS writable fields of REC, in statement order, into ARGS. */
	void (*fields)(const void *rec, struct zf_repo_arg *args);
};

/* Prepares SQL, one of R's statements, binding the fields of REC and then
 * the N (at most RECORD_TAIL_MAX) integers of TAIL. */
static int record_prepare(struct zf_db *db, struct zf_stmt **st, const char *sql,
			  const struct record *r, const void *rec, const int64_t *tail, size_t n,
			  struct zf_err *err)
{
	struct zf_repo_arg args[RECORD_FIELDS + RECORD_TAIL_MAX];

	if (n > RECORD_TAIL_MAX)
		return zf_err_set(err, ZF_ERROR, "数据库参数过多");
	r->fields(rec, args);
	for (size_t i = 0; i < n; i++)
		args[RECORD_FIELDS + i] = (struct zf_repo_arg)ZF_ARG_I64(tail[i]);
	return zf_repo_prepare(db, st, sql, args, RECORD_FIELDS + n, err);
}

/* Inserts REC as R says at NOW; the new id goes to *ID. */
static int record_insert(struct zf_db *db, const struct record *r, const void *rec, int64_t now,
			 int64_t *id, struct zf_err *err)
{
	const int64_t tail[] = {now, now}; /* created_at, updated_at */
	struct zf_stmt *st = NULL;
	int rc = record_prepare(db, &st, r->insert_sql, r, rec, tail, 2, err);

	return rc ? rc : zf_repo_inserted(st, id, r->unique, r->taken, err);
}

/* Updates record ID, when its version is still VERSION, to the fields of REC at NOW. */
static int record_update(struct zf_db *db, const struct record *r, const void *rec, int64_t id,
			 int64_t version, int64_t now, struct zf_err *err)
{
	const int64_t tail[] = {now, id, version}; /* updated_at, then the WHERE clause */
	struct zf_stmt *st = NULL;
	int rc = record_prepare(db, &st, r->update_sql, r, rec, tail, 3, err);

	return rc ? rc : zf_repo_updated(db, st, r->exists_sql, id, r->unique, r->taken, err);
}

/* ---- bodies ---- */

/* The writable fields of a body (name .. state_reason): a record's fields(). */
static void body_fields(const void *rec, struct zf_repo_arg *args)
{
	const struct zf_body *b = rec;
	const struct zf_repo_arg fields[RECORD_FIELDS] = {
		ZF_ARG_TEXT(zf_repo_nn(b->name)), ZF_ARG_TEXT(zf_repo_nn(b->uscc)),
		ZF_ARG_TEXT(zf_repo_nn(b->legal_basis)), ZF_ARG_TEXT(zf_repo_nn(b->duties)),
		ZF_ARG_TEXT(zf_repo_nn(b->powers)), ZF_ARG_TEXT(zf_repo_nn(b->address)),
		ZF_ARG_TEXT(zf_repo_nn(b->phone)), ZF_ARG_TEXT(zf_repo_nn(b->supervision)),
		ZF_ARG_TEXT(zf_repo_nn(b->remedy)),
		ZF_ARG_I64(b->state ? b->state : ZF_BODY_ACTIVE),
		ZF_ARG_TEXT(b->state_date), ZF_ARG_TEXT(b->state_reason),
	};

	memcpy(args, fields, sizeof(fields));
}

/* How bodies are written; the USCC is their unique key. */
static const struct record body_record = {
	.insert_sql =
		"INSERT INTO body (name, uscc, legal_basis, duties, powers, address, phone, "
		"supervision, remedy, state, state_date, state_reason, version, created_at, "
		"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
	.update_sql =
		"UPDATE body SET name = ?, uscc = ?, legal_basis = ?, duties = ?, "
		"powers = ?, address = ?, phone = ?, supervision = ?, remedy = ?, "
		"state = ?, state_date = ?, state_reason = ?, version = version + 1, "
		"updated_at = ? WHERE id = ? AND version = ? RETURNING id",
	.exists_sql = "SELECT 1 FROM body WHERE id = ?",
	.unique = "uscc",
	.taken = MSG_USCC_TAKEN,
	.fields = body_fields,
};

int zf_store_body_insert(struct zf_db *db, const struct zf_body *b, int64_t now,
			 int64_t *id, struct zf_err *err)
{
	return record_insert(db, &body_record, b, now, id, err);
}

int zf_store_body_update(struct zf_db *db, const struct zf_body *b, int64_t now,
			 struct zf_err *err)
{
	return record_update(db, &body_record, b, b->id, b->version, now, err);
}

int zf_store_body_get(struct zf_db *db, struct zf_arena *a, int64_t id,
		      struct zf_body *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st, "SELECT " BODY_COLS " FROM body WHERE id = ?", id,
				      err)))
		return rc;
	return zf_repo_one(st, a, body_cols, out, sizeof(*out), "执法主体不存在", err);
}

int zf_store_body_list(struct zf_db *db, struct zf_arena *a, int all,
		       struct zf_body **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = all ? zf_db_prepare(db, &st, "SELECT " BODY_COLS " FROM body ORDER BY id", err)
		     : zf_db_prepare(db, &st,
				     "SELECT " BODY_COLS " FROM body WHERE state = 1 ORDER BY id", err);

	rc = zf_repo_list(st, rc, a, body_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- officers ---- */

/* Where the columns of OFFICER_COLS go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_officer, field)
#define OFFICER_FIELDS                                                                     \
	COL(I64, id), COL(I64, body_id), COL(TEXT, body_name), COL(TEXT, name),              \
		COL(TEXT, cert_no), COL(TEXT, issuer), COL(TEXT, domains), COL(TEXT, valid_from), \
		COL(TEXT, valid_to), COL(INT, state), COL(TEXT, state_date),                  \
		COL(TEXT, state_reason), COL(INT, legal_qual), COL(TEXT, review_since),       \
		COL(I64, version), COL(I64, created_at), COL(I64, updated_at)
static const struct zf_repo_col officer_cols[] = {OFFICER_FIELDS, ZF_REPO_COL_END};

/* The columns of a page: OFFICER_COLS and whether the body is suspended. */
static const struct zf_repo_col officer_page_cols[] = {OFFICER_FIELDS, COL(INT, body_suspended),
						       ZF_REPO_COL_END};
#undef OFFICER_FIELDS
#undef COL

/* The writable fields of an officer (body_id .. review_since): a record's fields(). */
static void officer_fields(const void *rec, struct zf_repo_arg *args)
{
	const struct zf_officer *o = rec;
	const struct zf_repo_arg fields[RECORD_FIELDS] = {
		ZF_ARG_I64(o->body_id), ZF_ARG_TEXT(zf_repo_nn(o->name)),
		ZF_ARG_TEXT(zf_repo_nn(o->cert_no)), ZF_ARG_TEXT(zf_repo_nn(o->issuer)),
		ZF_ARG_TEXT(zf_repo_nn(o->domains)), ZF_ARG_TEXT(zf_repo_nn(o->valid_from)),
		ZF_ARG_TEXT(zf_repo_nn(o->valid_to)),
		ZF_ARG_I64(o->state ? o->state : ZF_CERT_VALID),
		ZF_ARG_TEXT(o->state_date), ZF_ARG_TEXT(o->state_reason),
		ZF_ARG_I64(o->legal_qual ? 1 : 0), ZF_ARG_TEXT(o->review_since),
	};

	memcpy(args, fields, sizeof(fields));
}

/* How officers are written; the certificate number is their unique key. */
static const struct record officer_record = {
	.insert_sql =
		"INSERT INTO officer (body_id, name, cert_no, issuer, domains, "
		"valid_from, valid_to, state, state_date, state_reason, legal_qual, "
		"review_since, version, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
	.update_sql =
		"UPDATE officer SET body_id = ?, name = ?, cert_no = ?, issuer = ?, "
		"domains = ?, valid_from = ?, valid_to = ?, state = ?, state_date = ?, "
		"state_reason = ?, legal_qual = ?, review_since = ?, "
		"version = version + 1, updated_at = ? "
		"WHERE id = ? AND version = ? RETURNING id",
	.exists_sql = "SELECT 1 FROM officer WHERE id = ?",
	.unique = "cert_no",
	.taken = MSG_CERT_TAKEN,
	.fields = officer_fields,
};

/* Checks that body ID exists before a write refers to it: a failed statement
 * would abort a PostgreSQL transaction, so the check comes first. */
static int body_exists(struct zf_db *db, int64_t id, struct zf_err *err)
{
	int rc = zf_repo_exists(db, "SELECT 1 FROM body WHERE id = ?", id, err);

	if (rc == 0)
		return zf_repo_conflict(err, "body_id", MSG_NO_BODY);
	return rc < 0 ? rc : 0;
}

int zf_store_officer_insert(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    int64_t *id, struct zf_err *err)
{
	int rc = body_exists(db, o->body_id, err);

	return rc ? rc : record_insert(db, &officer_record, o, now, id, err);
}

int zf_store_officer_update(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    struct zf_err *err)
{
	int rc = body_exists(db, o->body_id, err);

	return rc ? rc : record_update(db, &officer_record, o, o->id, o->version, now, err);
}

int zf_store_officer_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_officer *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st, "SELECT " OFFICER_COLS " " OFFICER_FROM " WHERE o.id = ?",
				      id, err)))
		return rc;
	return zf_repo_one(st, a, officer_cols, out, sizeof(*out), MSG_NO_OFFICER, err);
}

int zf_store_officer_by_cert(struct zf_db *db, struct zf_arena *a, const char *cert_no,
			     struct zf_officer *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	if ((rc = zf_repo_prepare_text(db, &st,
				       "SELECT " OFFICER_COLS " " OFFICER_FROM " WHERE o.cert_no = ?",
				       zf_repo_nn(cert_no), err)))
		return rc;
	return zf_repo_one(st, a, officer_cols, out, sizeof(*out), MSG_NO_OFFICER, err);
}

int zf_store_officer_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_officer **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = body_id ? zf_repo_prepare_i64(db, &st,
					       "SELECT " OFFICER_COLS " " OFFICER_FROM
					       " WHERE o.body_id = ? " OFFICER_ORDER,
					       body_id, err)
			 : zf_db_prepare(db, &st,
					 "SELECT " OFFICER_COLS " " OFFICER_FROM " " OFFICER_ORDER, err);

	rc = zf_repo_list(st, rc, a, officer_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* The most parameters a page statement binds. */
#define PAGE_ARGS 12

int zf_store_officer_page(struct zf_db *db, struct zf_arena *a, const struct zf_officer_query *q,
			  struct zf_officer **out, size_t *n, struct zf_err *err)
{
	struct zf_buf sql, name, cert;
	struct zf_repo_arg args[PAGE_ARGS];
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	size_t k = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (q->limit < 1 || q->limit > ZF_STORE_OFFICER_PAGE_MAX)
		return zf_err_set(err, ZF_EINVAL, "每页条数超出范围");
	zf_buf_init(&sql, 4096);
	zf_buf_init(&name, 1024);
	zf_buf_init(&cert, 1024);
	/* The statement is put together from fixed fragments, so that each
	 * filter left out costs nothing and the planner sees plain range and
	 * equality terms on the index; every value is a bound parameter. The
	 * row-value comparison is what makes it a keyset: SQLite (3.15+) and
	 * PostgreSQL both seek the index to it. */
	zf_buf_puts(&sql, "SELECT " OFFICER_COLS ", CASE WHEN b.state = 1 THEN 0 ELSE 1 END "
			  OFFICER_FROM " WHERE (o.body_id, o.cert_no, o.id) > (?, ?, ?)");
	args[k++] = (struct zf_repo_arg)ZF_ARG_I64(q->after.id ? q->after.body_id : 0);
	args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(q->after.id ? zf_repo_nn(q->after.cert_no) : "");
	args[k++] = (struct zf_repo_arg)ZF_ARG_I64(q->after.id);
	if (q->body_id) {
		zf_buf_puts(&sql, " AND o.body_id = ?");
		args[k++] = (struct zf_repo_arg)ZF_ARG_I64(q->body_id);
	}
	if (q->active_bodies)
		zf_buf_puts(&sql, " AND b.state = 1");
	if (q->cert_no && *q->cert_no) {
		zf_buf_puts(&sql, " AND o.cert_no = ?");
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(q->cert_no);
	}
	if (q->q && *q->q) {
		zf_repo_like(&name, q->q);
		if (q->q_cert && *q->q_cert) {
			zf_repo_like(&cert, q->q_cert);
			zf_buf_puts(&sql, " AND (o.name LIKE ? ESCAPE '\\' OR o.cert_no LIKE ? ESCAPE '\\')");
			args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_buf_cstr(&name));
			args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_buf_cstr(&cert));
		} else {
			zf_buf_puts(&sql, " AND o.name LIKE ? ESCAPE '\\'");
			args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_buf_cstr(&name));
		}
	}
	if (q->cert == ZF_OFFICER_CERT_INVALID) {
		zf_buf_puts(&sql, " AND (o.state <> 1 OR b.state <> 1 OR o.valid_to < ? OR o.valid_from > ?)");
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_repo_nn(q->today));
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_repo_nn(q->today));
	} else if (q->cert == ZF_OFFICER_CERT_EXPIRING) {
		zf_buf_puts(&sql, " AND o.state = 1 AND b.state = 1 AND o.valid_from <= ? "
				  "AND o.valid_to >= ? AND o.valid_to <= ?");
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_repo_nn(q->today));
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_repo_nn(q->today));
		args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(zf_repo_nn(q->soon));
	}
	zf_buf_puts(&sql, " " OFFICER_ORDER " LIMIT ?");
	args[k++] = (struct zf_repo_arg)ZF_ARG_I64((int64_t)q->limit);
	if (sql.failed || name.failed || cert.failed)
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	else
		rc = zf_repo_prepare(db, &st, zf_buf_cstr(&sql), args, k, err);
	rc = zf_repo_list(st, rc, a, officer_page_cols, sizeof(**out), &rows, n, err);
	zf_buf_free(&sql);
	zf_buf_free(&name);
	zf_buf_free(&cert);
	*out = rows;
	return rc;
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
