/* Repository of publications, their n-gram index and correction requests. */
#include <stdio.h>
#include <string.h>

#include "store/publication.h"
#include "store/repo.h"
#include "util/crypto.h"

#define PUB_COLS                                                                            \
	"SELECT p.id, p.body_id, p.case_id, COALESCE(p.doc_id, 0), p.kind, p.state, p.title, "  \
	"p.party_name, p.doc_number, p.violation, p.decided_on, p.due_on, p.period_end, "       \
	"p.text, p.salt, p.drafted_by, p.drafted_at, p.published_by, p.published_at, "          \
	"p.ended_at, p.end_reason, p.history_id, p.version, p.hidden, p.withdraw_due, "         \
	"p.withdraw_reason, b.name FROM publication p JOIN body b ON b.id = p.body_id "

static const struct zf_repo_col pub_cols[] = {
	ZF_REPO_COL(I64, struct zf_pub_rec, id),
	ZF_REPO_COL(I64, struct zf_pub_rec, body_id),
	ZF_REPO_COL(I64, struct zf_pub_rec, case_id),
	ZF_REPO_COL(I64, struct zf_pub_rec, doc_id),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, kind),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, state),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, title),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, party_name),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, doc_number),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, violation),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, decided_on),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, due_on),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, period_end),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, text),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, salt),
	ZF_REPO_COL(I64, struct zf_pub_rec, drafted_by),
	ZF_REPO_COL(I64, struct zf_pub_rec, drafted_at),
	ZF_REPO_COL(I64, struct zf_pub_rec, published_by),
	ZF_REPO_COL(I64, struct zf_pub_rec, published_at),
	ZF_REPO_COL(I64, struct zf_pub_rec, ended_at),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, end_reason),
	ZF_REPO_COL(I64, struct zf_pub_rec, history_id),
	ZF_REPO_COL(I64, struct zf_pub_rec, version),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, hidden),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, withdraw_due),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, withdraw_reason),
	ZF_REPO_COL(TEXT, struct zf_pub_rec, body_name),
	ZF_REPO_COL_END,
};

#define MSG_MISSING "公示信息不存在"

int zf_store_pub_insert(struct zf_db *db, const struct zf_pub_rec *r, int64_t *id,
			struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->body_id), ZF_ARG_TEXT(r->kind), ZF_ARG_I64(r->case_id),
		ZF_ARG_REF(r->doc_id), ZF_ARG_TEXT(r->state), ZF_ARG_TEXT(zf_repo_nn(r->title)),
		ZF_ARG_TEXT(zf_repo_nn(r->party_name)), ZF_ARG_TEXT(zf_repo_nn(r->doc_number)),
		ZF_ARG_TEXT(zf_repo_nn(r->violation)), ZF_ARG_TEXT(zf_repo_nn(r->decided_on)),
		ZF_ARG_TEXT(zf_repo_nn(r->due_on)), ZF_ARG_TEXT(zf_repo_nn(r->text)),
		ZF_ARG_I64(r->drafted_by), ZF_ARG_I64(r->drafted_at),
		ZF_ARG_TEXT(zf_repo_nn(r->end_reason)), ZF_ARG_I64(r->ended_at),
		ZF_ARG_TEXT(zf_repo_nn(r->hidden)),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		"INSERT INTO publication (body_id, kind, case_id, doc_id, state, title, party_name, "
		"doc_number, violation, decided_on, due_on, text, drafted_by, drafted_at, end_reason, "
		"ended_at, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		args, ZF_REPO_NARGS(args), err);
	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_pub_get(struct zf_db *db, struct zf_arena *a, int64_t id, struct zf_pub_rec *out,
		     struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, PUB_COLS "WHERE p.id = ?", id, err);
	return rc ? rc : zf_repo_one(st, a, pub_cols, out, sizeof(*out), MSG_MISSING, err);
}

int zf_store_pub_update(struct zf_db *db, const struct zf_pub_rec *r, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(r->state), ZF_ARG_TEXT(zf_repo_nn(r->title)),
		ZF_ARG_TEXT(zf_repo_nn(r->text)), ZF_ARG_TEXT(zf_repo_nn(r->salt)),
		ZF_ARG_TEXT(zf_repo_nn(r->period_end)), ZF_ARG_I64(r->published_by),
		ZF_ARG_I64(r->published_at), ZF_ARG_I64(r->ended_at),
		ZF_ARG_TEXT(zf_repo_nn(r->end_reason)), ZF_ARG_I64(r->history_id),
		ZF_ARG_TEXT(zf_repo_nn(r->withdraw_due)), ZF_ARG_TEXT(zf_repo_nn(r->withdraw_reason)),
		ZF_ARG_I64(r->id), ZF_ARG_I64(r->version),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		"UPDATE publication SET state = ?, title = ?, text = ?, salt = ?, period_end = ?, "
		"published_by = ?, published_at = ?, ended_at = ?, end_reason = ?, history_id = ?, "
		"withdraw_due = ?, withdraw_reason = ?, version = version + 1 "
		"WHERE id = ? AND version = ? RETURNING id",
		args, ZF_REPO_NARGS(args), err);
	return rc ? rc
		  : zf_repo_updated(db, st, "SELECT id FROM publication WHERE id = ?", r->id, NULL,
				    NULL, err);
}

int zf_store_pub_list(struct zf_db *db, struct zf_arena *a, int64_t body_id, const char *state,
		      struct zf_pub_rec **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(body_id),
					   ZF_ARG_TEXT(state), ZF_ARG_TEXT(state)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(
		db, &st,
		PUB_COLS "WHERE (? = 0 OR p.body_id = ?) AND ((CAST(? AS TEXT) IS NULL AND "
			 "(p.state = 'draft' OR (p.state = 'published' AND p.withdraw_due <> ''))) "
			 "OR p.state = ?) ORDER BY p.due_on, p.id",
		args, ZF_REPO_NARGS(args), err);
	rc = zf_repo_list(st, rc, a, pub_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_pub_of_case(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			 struct zf_pub_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st, PUB_COLS "WHERE p.case_id = ? ORDER BY p.id", case_id,
				     err);
	rc = zf_repo_list(st, rc, a, pub_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_pub_due_to_expire(struct zf_db *db, struct zf_arena *a, const char *today,
			       struct zf_pub_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_text(db, &st,
				      PUB_COLS "WHERE p.state = 'published' AND p.period_end <> '' "
					       "AND p.period_end <= ? ORDER BY p.id",
				      today, err);
	rc = zf_repo_list(st, rc, a, pub_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_pub_grams_delete(struct zf_db *db, int64_t id, struct zf_err *err)
{
	return zf_repo_run_i64(db, "DELETE FROM publication_gram WHERE publication_id = ?", id, err);
}

int zf_store_pub_grams_set(struct zf_db *db, int64_t id, const char *const *grams, size_t n,
			   struct zf_err *err)
{
	int rc = zf_store_pub_grams_delete(db, id, err);

	for (size_t i = 0; !rc && i < n; i++) {
		const struct zf_repo_arg args[] = {ZF_ARG_TEXT(grams[i]), ZF_ARG_I64(id)};
		rc = zf_repo_run(db,
				 "INSERT INTO publication_gram (gram, publication_id) VALUES (?, ?)",
				 args, ZF_REPO_NARGS(args), err);
	}
	return rc;
}

#define GRAM_COND                                                                     \
	"AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM publication_gram g WHERE " \
	"g.gram = ? AND g.publication_id = p.id)) "

int zf_store_pub_search(struct zf_db *db, struct zf_arena *a, const struct zf_pub_filter *f,
			struct zf_pub_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_repo_arg args[2 * ZF_STORE_PUB_GRAMS_MAX + 17]; /* 16 filters, the grams, the limit */
	char *party = NULL, *viol = NULL;
	size_t k = 0;
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (f->party && *f->party && !(party = zf_arena_printf(a, "%%%s%%", f->party)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (f->violation && *f->violation && !(viol = zf_arena_printf(a, "%%%s%%", f->violation)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
#define TXT(v) (args[k++] = (struct zf_repo_arg)ZF_ARG_TEXT(v))
#define I64(v) (args[k++] = (struct zf_repo_arg)ZF_ARG_I64(v))
	TXT(f->kind);
	TXT(f->kind);
	TXT(party);
	TXT(party);
	TXT(f->doc_number && *f->doc_number ? f->doc_number : NULL);
	TXT(f->doc_number && *f->doc_number ? f->doc_number : NULL);
	TXT(f->from && *f->from ? f->from : NULL);
	TXT(f->from && *f->from ? f->from : NULL);
	TXT(f->to && *f->to ? f->to : NULL);
	TXT(f->to && *f->to ? f->to : NULL);
	TXT(viol);
	TXT(viol);
	I64(f->body_id);
	I64(f->body_id);
	I64(f->before_id);
	I64(f->before_id);
	for (size_t i = 0; i < ZF_STORE_PUB_GRAMS_MAX; i++) {
		const char *g = i < f->ngrams ? f->grams[i] : NULL;
		TXT(g);
		TXT(g);
	}
	I64(f->limit > 0 && f->limit <= 100 ? f->limit : 20);
#undef TXT
#undef I64
	rc = zf_repo_prepare(
		db, &st,
		PUB_COLS "WHERE p.state = 'published' AND (CAST(? AS TEXT) IS NULL OR p.kind = ?) "
			 "AND (CAST(? AS TEXT) IS NULL OR p.party_name LIKE ?) "
			 "AND (CAST(? AS TEXT) IS NULL OR p.doc_number = ?) "
			 "AND (CAST(? AS TEXT) IS NULL OR p.decided_on >= ?) "
			 "AND (CAST(? AS TEXT) IS NULL OR p.decided_on <= ?) "
			 "AND (CAST(? AS TEXT) IS NULL OR p.violation LIKE ?) "
			 "AND (? = 0 OR p.body_id = ?) AND (? = 0 OR p.id < ?) " GRAM_COND GRAM_COND
				 GRAM_COND GRAM_COND GRAM_COND GRAM_COND GRAM_COND GRAM_COND
			 "ORDER BY p.id DESC LIMIT ?",
		args, k, err);
	rc = zf_repo_list(st, rc, a, pub_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- correction requests ---- */

#define CORR_COLS                                                                          \
	"SELECT c.id, c.tracking_no, c.publication_id, c.name, c.contact, c.content, "     \
	"c.filed_at, c.due_on, c.state, c.answer, c.answered_by, c.answered_at, p.body_id, " \
	"p.title FROM correction_request c JOIN publication p ON p.id = c.publication_id "

static const struct zf_repo_col corr_cols[] = {
	ZF_REPO_COL(I64, struct zf_correction_rec, id),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, tracking_no),
	ZF_REPO_COL(I64, struct zf_correction_rec, publication_id),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, name),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, contact),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, content),
	ZF_REPO_COL(I64, struct zf_correction_rec, filed_at),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, due_on),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, state),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, answer),
	ZF_REPO_COL(I64, struct zf_correction_rec, answered_by),
	ZF_REPO_COL(I64, struct zf_correction_rec, answered_at),
	ZF_REPO_COL(I64, struct zf_correction_rec, body_id),
	ZF_REPO_COL(TEXT, struct zf_correction_rec, pub_title),
	ZF_REPO_COL_END,
};

int zf_store_tracking_check(char out[ZF_TRACKING_CHECK_LEN + 1])
{
	static const char alphabet[] = ZF_TRACKING_ALPHABET;
	const unsigned n = sizeof(alphabet) - 1;     /* 31 */
	const unsigned limit = 256 - 256 % n;        /* rejection keeps it uniform */
	unsigned char buf[32];
	size_t got = 0;

	while (got < ZF_TRACKING_CHECK_LEN) {
		if (zf_random(buf, sizeof(buf)))
			return -1;
		for (size_t i = 0; i < sizeof(buf) && got < ZF_TRACKING_CHECK_LEN; i++)
			if (buf[i] < limit)
				out[got++] = alphabet[buf[i] % n];
	}
	out[got] = '\0';
	return 0;
}

int zf_store_correction_insert(struct zf_db *db, const struct zf_correction_rec *r,
			       int filed_year, int64_t *id, char tracking[32], struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc;

	char check[ZF_TRACKING_CHECK_LEN + 1];

	tracking[0] = '\0';
	if (zf_store_tracking_check(check))
		return zf_err_set(err, ZF_ERROR, "无法生成受理编号：随机数不可用");
	if ((rc = zf_db_prepare(db, &st, "SELECT COALESCE(MAX(id), 0) + 1 FROM correction_request",
				err)) ||
	    (rc = zf_stmt_one_i64(st, &next, err)))
		return rc;
	snprintf(tracking, 32, "JC%04d-%06lld-%s", filed_year, (long long)next, check);
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(next),	   ZF_ARG_TEXT(tracking),      ZF_ARG_I64(r->publication_id),
		ZF_ARG_TEXT(r->name),	   ZF_ARG_TEXT(r->contact),    ZF_ARG_TEXT(r->content),
		ZF_ARG_I64(r->filed_at),   ZF_ARG_TEXT(r->due_on),
	};
	rc = zf_repo_prepare(db, &st,
			     "INSERT INTO correction_request (id, tracking_no, publication_id, name, "
			     "contact, content, filed_at, due_on, state) VALUES (?, ?, ?, ?, ?, ?, ?, "
			     "?, 'open') RETURNING id",
			     args, ZF_REPO_NARGS(args), err);
	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_correction_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			    struct zf_correction_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, CORR_COLS "WHERE c.id = ?", id, err);
	return rc ? rc : zf_repo_one(st, a, corr_cols, out, sizeof(*out), "纠错申请不存在", err);
}

int zf_store_correction_by_tracking(struct zf_db *db, struct zf_arena *a, const char *tracking,
				    struct zf_correction_rec *out, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(tracking)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st, CORR_COLS "WHERE c.tracking_no = ?", args, ZF_REPO_NARGS(args), err);
	return rc ? rc : zf_repo_one(st, a, corr_cols, out, sizeof(*out), "未找到该受理编号，请核对", err);
}

int zf_store_correction_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			     const char *state, struct zf_correction_rec **out, size_t *n,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(body_id),
					   ZF_ARG_TEXT(state), ZF_ARG_TEXT(state)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 CORR_COLS "WHERE (? = 0 OR p.body_id = ?) AND (CAST(? AS TEXT) IS "
					   "NULL OR c.state = ?) ORDER BY c.state DESC, c.due_on, c.id",
				 args, ZF_REPO_NARGS(args), err);
	rc = zf_repo_list(st, rc, a, corr_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_correction_answer(struct zf_db *db, int64_t id, const char *answer, int64_t by,
			       int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(answer), ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE correction_request SET state = 'answered', answer = ?, "
				 "answered_by = ?, answered_at = ? WHERE id = ? AND state = 'open' "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);
	if (!rc && (rc = zf_repo_changed(st, "纠错申请不存在或已答复", err)) == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_ECONFLICT, "纠错申请不存在或已答复");
	return rc;
}

int zf_store_portal_generation(struct zf_db *db, int64_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_db_prepare(db, &st, "SELECT n FROM portal_generation WHERE id = 1", err);

	*n = 0;
	if (rc)
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW) {
		*n = zf_stmt_i64(st, 0);
		rc = 0;
	} else if (rc == ZF_DB_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "门户数据版本缺失");
	}
	zf_stmt_done(st);
	return rc;
}
