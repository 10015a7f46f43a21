/* Repositories of cases, their parties, officers, steps, documents, pauses and number sequences: one SQL text per statement for every driver. */
#include <string.h>

#include "store/case.h"
#include "store/repo.h"
#include "util/buf.h"

#define MSG_NO_CASE "案件不存在"
#define MSG_NO_DOC "文书不存在"

/* ---- cases ---- */

#define CASE_COLS                                                                           \
	"c.id, c.body_id, b.name, c.procedure, c.proc_version, c.proc_sha256, "             \
	"c.settings_version, c.case_no, c.title, c.state, c.last_step, c.facts_json, "      \
	"COALESCE(c.violation_id, 0), c.opened_on, c.created_by, c.created_at, c.updated_at, " \
	"c.version"
#define CASE_FROM "FROM cases c JOIN body b ON b.id = c.body_id"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_case_rec, field)
static const struct zf_repo_col case_cols[] = {
	COL(I64, id), COL(I64, body_id), COL(TEXT, body_name), COL(TEXT, procedure),
	COL(INT, proc_version), COL(TEXT, proc_sha256), COL(I64, settings_version),
	COL(TEXT, case_no), COL(TEXT, title), COL(INT, state), COL(TEXT, last_step),
	COL(TEXT, facts_json), COL(I64, violation_id), COL(TEXT, opened_on),
	COL(I64, created_by), COL(I64, created_at), COL(I64, updated_at), COL(I64, version),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_case_insert(struct zf_db *db, const struct zf_case_rec *c, int64_t *id,
			 struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(c->body_id), ZF_ARG_TEXT(zf_repo_nn(c->procedure)),
		ZF_ARG_I64(c->proc_version), ZF_ARG_TEXT(zf_repo_nn(c->proc_sha256)),
		ZF_ARG_I64(c->settings_version), ZF_ARG_TEXT(zf_repo_nn(c->case_no)),
		ZF_ARG_TEXT(zf_repo_nn(c->title)), ZF_ARG_I64(c->state ? c->state : 1),
		ZF_ARG_TEXT(zf_repo_nn(c->last_step)),
		ZF_ARG_TEXT(c->facts_json ? c->facts_json : "{}"), ZF_ARG_REF(c->violation_id),
		ZF_ARG_TEXT(zf_repo_nn(c->opened_on)), ZF_ARG_I64(c->created_by),
		ZF_ARG_I64(c->created_at), ZF_ARG_I64(c->created_at), ZF_ARG_I64(c->version),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		"INSERT INTO cases (body_id, procedure, proc_version, proc_sha256, "
		"settings_version, case_no, title, state, last_step, facts_json, violation_id, "
		"opened_on, created_by, created_at, updated_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_case_get(struct zf_db *db, struct zf_arena *a, int64_t id,
		      struct zf_case_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " CASE_COLS " " CASE_FROM " WHERE c.id = ?",
				     id, err);

	return rc ? rc : zf_repo_one(st, a, case_cols, out, sizeof(*out), MSG_NO_CASE, err);
}

int zf_store_case_update(struct zf_db *db, const struct zf_case_rec *c, int64_t now,
			 struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(c->case_no)), ZF_ARG_TEXT(zf_repo_nn(c->title)),
		ZF_ARG_I64(c->state), ZF_ARG_TEXT(zf_repo_nn(c->last_step)),
		ZF_ARG_TEXT(c->facts_json ? c->facts_json : "{}"), ZF_ARG_REF(c->violation_id),
		ZF_ARG_I64(now), ZF_ARG_I64(c->id), ZF_ARG_I64(c->version),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE cases SET case_no = ?, title = ?, state = ?, last_step = ?, "
				 "facts_json = ?, violation_id = ?, updated_at = ?, "
				 "version = version + 1 WHERE id = ? AND version = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc
		  : zf_repo_updated(db, st, "SELECT 1 FROM cases WHERE id = ?", c->id, NULL, NULL,
				    err);
}

int zf_store_case_list(struct zf_db *db, struct zf_arena *a, const struct zf_case_query *q,
		       struct zf_case_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_buf like;
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc;

	zf_buf_init(&like, 1024);
	if (q->q && *q->q)
		zf_repo_like(&like, q->q);
	if (like.failed) {
		zf_buf_free(&like);
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	const char *pat = like.len ? zf_buf_cstr(&like) : NULL;
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(q->body_id), ZF_ARG_I64(q->body_id),
		ZF_ARG_I64(q->mine), ZF_ARG_I64(q->mine_account), ZF_ARG_I64(q->mine_officer),
		ZF_ARG_I64(q->state), ZF_ARG_I64(q->state),
		ZF_ARG_TEXT(q->procedure), ZF_ARG_TEXT(q->procedure),
		ZF_ARG_TEXT(pat), ZF_ARG_TEXT(pat), ZF_ARG_TEXT(pat), ZF_ARG_TEXT(pat),
		ZF_ARG_I64(q->before_id), ZF_ARG_I64(q->before_id),
		ZF_ARG_I64(q->limit > 0 && q->limit <= 500 ? q->limit : 50),
	};
	rc = zf_repo_prepare(
		db, &st,
		"SELECT " CASE_COLS " " CASE_FROM " WHERE (? = 0 OR c.body_id = ?) "
		"AND (? = 0 OR c.created_by = ? OR EXISTS (SELECT 1 FROM case_officer o "
		"WHERE o.case_id = c.id AND o.officer_id = ?)) "
		"AND (? = 0 OR c.state = ?) "
		"AND (CAST(? AS TEXT) IS NULL OR c.procedure = ?) "
		"AND (CAST(? AS TEXT) IS NULL OR c.case_no LIKE ? ESCAPE '\\' "
		"OR c.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM party p "
		"WHERE p.case_id = c.id AND p.name LIKE ? ESCAPE '\\')) "
		"AND (? = 0 OR c.id < ?) ORDER BY c.id DESC LIMIT ?",
		args, ZF_REPO_NARGS(args), err);
	rc = zf_repo_list(st, rc, a, case_cols, sizeof(**out), &rows, n, err);
	zf_buf_free(&like);
	*out = rows;
	return rc;
}

/* ---- parties ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_party, field)
static const struct zf_repo_col party_cols[] = {
	COL(I64, id), COL(INT, kind), COL(TEXT, name), COL(TEXT, id_type),
	COL(TEXT, id_number), COL(TEXT, uscc), COL(TEXT, legal_rep), COL(TEXT, address),
	COL(TEXT, phone), COL(TEXT, birth_date), ZF_REPO_COL_END,
};
#undef COL

int zf_store_party_insert(struct zf_db *db, int64_t case_id, const struct zf_party *p,
			  int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(case_id), ZF_ARG_I64(p->kind), ZF_ARG_TEXT(zf_repo_nn(p->name)),
		ZF_ARG_TEXT(zf_repo_nn(p->id_type)), ZF_ARG_TEXT(zf_repo_nn(p->id_number)),
		ZF_ARG_TEXT(zf_repo_nn(p->uscc)), ZF_ARG_TEXT(zf_repo_nn(p->legal_rep)),
		ZF_ARG_TEXT(zf_repo_nn(p->address)), ZF_ARG_TEXT(zf_repo_nn(p->phone)),
		ZF_ARG_TEXT(zf_repo_nn(p->birth_date)),
	};
	struct zf_stmt *st = NULL;
	int64_t tmp = 0;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO party (case_id, kind, name, id_type, id_number, uscc, "
				 "legal_rep, address, phone, birth_date) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id ? id : &tmp, NULL, NULL, err);
}

int zf_store_party_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			struct zf_party **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT id, kind, name, id_type, id_number, uscc, legal_rep, "
				     "address, phone, birth_date FROM party WHERE case_id = ? "
				     "ORDER BY id",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, party_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- officers assigned ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_case_officer_rec, field)
static const struct zf_repo_col case_officer_cols[] = {
	COL(I64, officer_id), COL(TEXT, name), COL(TEXT, cert_no), COL(I64, assigned_at),
	COL(INT, recused), COL(I64, recused_at), COL(TEXT, reason), ZF_REPO_COL_END,
};
#undef COL

int zf_store_case_officer_add(struct zf_db *db, int64_t case_id, int64_t officer_id,
			      int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_I64(officer_id),
					   ZF_ARG_I64(now)};

	return zf_repo_run(db,
			   "INSERT INTO case_officer (case_id, officer_id, assigned_at) "
			   "VALUES (?, ?, ?) ON CONFLICT (case_id, officer_id) DO NOTHING",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_case_officer_recuse(struct zf_db *db, int64_t case_id, int64_t officer_id,
				 int64_t now, const char *reason, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_TEXT(zf_repo_nn(reason)),
					   ZF_ARG_I64(case_id), ZF_ARG_I64(officer_id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE case_officer SET recused = 1, recused_at = ?, reason = ? "
				 "WHERE case_id = ? AND officer_id = ? RETURNING officer_id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, "该执法人员未承办本案", err);
}

int zf_store_case_officer_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			       struct zf_case_officer_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(
		db, &st,
		"SELECT co.officer_id, o.name, o.cert_no, co.assigned_at, co.recused, "
		"co.recused_at, co.reason FROM case_officer co JOIN officer o ON o.id = co.officer_id "
		"WHERE co.case_id = ? ORDER BY co.assigned_at, co.officer_id",
		case_id, err);

	rc = zf_repo_list(st, rc, a, case_officer_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- steps ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_step_rec, field)
#define STEP_COLS                                                                           \
	"s.id, s.case_id, s.seq, s.code, s.values_json, s.officers_json, s.place, "         \
	"s.occurred_on, s.performed_at, s.performed_by, s.performer, "                      \
	"COALESCE(s.corrects_id, 0), COALESCE((SELECT MAX(h.id) FROM history h "            \
	"WHERE h.entity = 'case_step' AND h.entity_id = s.id), 0)"

static const struct zf_repo_col step_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(INT, seq), COL(TEXT, code), COL(TEXT, values_json),
	COL(TEXT, officers_json), COL(TEXT, place), COL(TEXT, occurred_on),
	COL(I64, performed_at), COL(I64, performed_by), COL(TEXT, performer),
	COL(I64, corrects_id), COL(I64, history_id), ZF_REPO_COL_END,
};
#undef COL

int zf_store_step_insert(struct zf_db *db, const struct zf_step_rec *s, int64_t *id, int *seq,
			 struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st,
				      "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_step WHERE case_id = ?",
				      s->case_id, err)) ||
	    (rc = zf_stmt_one_i64(st, &next, err)))
		return rc;
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(s->case_id), ZF_ARG_I64(next), ZF_ARG_TEXT(zf_repo_nn(s->code)),
		ZF_ARG_TEXT(s->values_json ? s->values_json : "{}"),
		ZF_ARG_TEXT(s->officers_json ? s->officers_json : "[]"),
		ZF_ARG_TEXT(zf_repo_nn(s->place)), ZF_ARG_TEXT(zf_repo_nn(s->occurred_on)),
		ZF_ARG_I64(s->performed_at), ZF_ARG_I64(s->performed_by),
		ZF_ARG_TEXT(zf_repo_nn(s->performer)), ZF_ARG_REF(s->corrects_id),
	};
	if ((rc = zf_repo_prepare(db, &st,
				  "INSERT INTO case_step (case_id, seq, code, values_json, "
				  "officers_json, place, occurred_on, performed_at, performed_by, "
				  "performer, corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
				  "RETURNING id",
				  args, ZF_REPO_NARGS(args), err)) ||
	    (rc = zf_repo_inserted(st, id, NULL, NULL, err)))
		return rc;
	if (seq)
		*seq = (int)next;
	return 0;
}

int zf_store_step_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		       struct zf_step_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " STEP_COLS " FROM case_step s WHERE s.case_id = ? "
				     "ORDER BY s.seq",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, step_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* Lists the rows SQL selects with COLS into *OUT (elements of SIZE) given
 * AFTER (an id) and LIMIT: one page of an insert-only table. */
static int page(struct zf_db *db, struct zf_arena *a, const char *sql,
		const struct zf_repo_col *cols, size_t size, int64_t after, int limit, void **out,
		size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st, sql, args, ZF_REPO_NARGS(args), err);

	return zf_repo_list(st, rc, a, cols, size, out, n, err);
}

int zf_store_step_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
		       struct zf_step_rec **out, size_t *n, struct zf_err *err)
{
	void *rows = NULL;
	int rc = page(db, a,
		      "SELECT " STEP_COLS " FROM case_step s WHERE s.id > ? ORDER BY s.id LIMIT ?",
		      step_cols, sizeof(**out), after, limit, &rows, n, err);

	*out = rows;
	return rc;
}

/* ---- documents ---- */

#define DOC_COLS                                                                            \
	"d.id, d.case_id, d.step_id, d.body_id, d.doc_type, d.year, d.seq, d.number, "      \
	"d.data_json, d.issued_at, COALESCE((SELECT MAX(h.id) FROM history h "              \
	"WHERE h.entity = 'document' AND h.entity_id = d.id), 0)"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_doc_rec, field)
static const struct zf_repo_col doc_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(I64, step_id), COL(I64, body_id),
	COL(TEXT, doc_type), COL(INT, year), COL(I64, seq), COL(TEXT, number),
	COL(TEXT, data_json), COL(I64, issued_at), COL(I64, history_id), ZF_REPO_COL_END,
};
#undef COL

int zf_store_doc_insert(struct zf_db *db, const struct zf_doc_rec *d, int64_t *id,
			struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(d->case_id), ZF_ARG_I64(d->step_id), ZF_ARG_I64(d->body_id),
		ZF_ARG_TEXT(zf_repo_nn(d->doc_type)), ZF_ARG_I64(d->year), ZF_ARG_I64(d->seq),
		ZF_ARG_TEXT(zf_repo_nn(d->number)), ZF_ARG_TEXT(zf_repo_nn(d->data_json)),
		ZF_ARG_I64(d->issued_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO case_document (case_id, step_id, body_id, doc_type, "
				 "year, seq, number, data_json, issued_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, "number", "文书编号已存在", err);
}

int zf_store_doc_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		      struct zf_doc_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " DOC_COLS " FROM case_document d WHERE d.case_id = ? "
				     "ORDER BY d.id",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, doc_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_doc_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
		      struct zf_doc_rec **out, size_t *n, struct zf_err *err)
{
	void *rows = NULL;
	int rc = page(db, a,
		      "SELECT " DOC_COLS " FROM case_document d WHERE d.id > ? ORDER BY d.id LIMIT ?",
		      doc_cols, sizeof(**out), after, limit, &rows, n, err);

	*out = rows;
	return rc;
}

int zf_store_doc_get(struct zf_db *db, struct zf_arena *a, int64_t case_id, int64_t id,
		     struct zf_doc_rec *out, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " DOC_COLS " FROM case_document d "
				 "WHERE d.case_id = ? AND d.id = ?",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_one(st, a, doc_cols, out, sizeof(*out), MSG_NO_DOC, err);
}

int zf_store_seq_next(struct zf_db *db, int64_t body_id, int year, const char *doc_type,
		      int64_t *n, struct zf_err *err)
{
	const struct zf_repo_arg key[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(year),
					  ZF_ARG_TEXT(doc_type)};
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc;

	if ((rc = zf_repo_prepare(db, &st,
				  "SELECT next FROM doc_sequence WHERE body_id = ? AND year = ? "
				  "AND doc_type = ?",
				  key, ZF_REPO_NARGS(key), err)))
		return rc;
	rc = zf_stmt_one_i64(st, &next, err);
	if (rc == ZF_ENOTFOUND) {
		const struct zf_repo_arg ins[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(year),
						  ZF_ARG_TEXT(doc_type)};
		if ((rc = zf_repo_run(db,
				      "INSERT INTO doc_sequence (body_id, year, doc_type, next) "
				      "VALUES (?, ?, ?, 2)",
				      ins, ZF_REPO_NARGS(ins), err)))
			return rc;
		*n = 1;
		return 0;
	}
	if (rc)
		return rc;
	const struct zf_repo_arg upd[] = {ZF_ARG_I64(next + 1), ZF_ARG_I64(body_id),
					  ZF_ARG_I64(year), ZF_ARG_TEXT(doc_type)};
	if ((rc = zf_repo_run(db,
			      "UPDATE doc_sequence SET next = ? WHERE body_id = ? AND year = ? "
			      "AND doc_type = ?",
			      upd, ZF_REPO_NARGS(upd), err)))
		return rc;
	*n = next;
	return 0;
}

int zf_store_history_salted_between(struct zf_db *db, int64_t lo, int64_t hi, int64_t *n,
				    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(lo), ZF_ARG_I64(hi)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT COUNT(*) FROM history WHERE salt IS NOT NULL AND id >= ? "
				 "AND id < ?",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_stmt_one_i64(st, n, err);
}

/* ---- pauses ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_pause_rec, field)
static const struct zf_repo_col pause_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(TEXT, kind), COL(TEXT, start_on),
	COL(TEXT, end_on), COL(I64, start_step), COL(I64, end_step), ZF_REPO_COL_END,
};
#undef COL

int zf_store_pause_start(struct zf_db *db, int64_t case_id, const char *kind,
			 const char *start_on, int64_t step, struct zf_err *err)
{
	int rc = zf_repo_exists(db, "SELECT 1 FROM case_pause WHERE case_id = ? AND end_on IS NULL",
				case_id, err);

	if (rc < 0)
		return rc;
	if (rc)
		return zf_repo_conflict(err, "kind", "本案已有未结束的期限中止，请先记录中止结束");
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_TEXT(kind),
					   ZF_ARG_TEXT(start_on), ZF_ARG_I64(step)};
	return zf_repo_run(db,
			   "INSERT INTO case_pause (case_id, kind, start_on, start_step) "
			   "VALUES (?, ?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_pause_end(struct zf_db *db, struct zf_arena *a, int64_t case_id,
		       const char *end_on, int64_t step, const char **kind, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_pause_rec p;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st,
				      "SELECT id, case_id, kind, start_on, end_on, start_step, "
				      "COALESCE(end_step, 0) FROM case_pause "
				      "WHERE case_id = ? AND end_on IS NULL",
				      case_id, err)) ||
	    (rc = zf_repo_one(st, a, pause_cols, &p, sizeof(p), "本案没有未结束的期限中止", err)))
		return rc;
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(end_on), ZF_ARG_I64(step),
					   ZF_ARG_I64(p.id)};
	if ((rc = zf_repo_run(db, "UPDATE case_pause SET end_on = ?, end_step = ? WHERE id = ?",
			      args, ZF_REPO_NARGS(args), err)))
		return rc;
	if (kind)
		*kind = p.kind;
	return 0;
}

int zf_store_pause_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			struct zf_pause_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT id, case_id, kind, start_on, end_on, start_step, "
				     "COALESCE(end_step, 0) FROM case_pause WHERE case_id = ? "
				     "ORDER BY id",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, pause_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
