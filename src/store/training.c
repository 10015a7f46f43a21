/* Repository of officers' training records: insert-only rows, read with who supersedes them, summed per officer. */
#include <stddef.h>

#include "store/repo.h"
#include "store/training.h"

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_training, field)
#define TRAINING_COLS                                                                       \
	"t.id, t.officer_id, t.body_id, o.name, o.cert_no, t.held_on, t.hours, t.topic, "   \
	"t.form, t.organiser, t.note, t.recorded_by, t.recorded_at, "                       \
	"COALESCE(t.corrects_id, 0), COALESCE((SELECT c.id FROM training c "                \
	"WHERE c.corrects_id = t.id), 0), COALESCE((SELECT MAX(h.id) FROM history h "      \
	"WHERE h.entity = 'training' AND h.entity_id = t.id), 0) "                          \
	"FROM training t JOIN officer o ON o.id = t.officer_id "

static const struct zf_repo_col training_cols[] = {
	COL(I64, id), COL(I64, officer_id), COL(I64, body_id), COL(TEXT, officer_name),
	COL(TEXT, cert_no), COL(TEXT, held_on), COL(I64, hours), COL(TEXT, topic),
	COL(TEXT, form), COL(TEXT, organiser), COL(TEXT, note), COL(I64, recorded_by),
	COL(I64, recorded_at), COL(I64, corrects_id), COL(I64, corrected_by),
	COL(I64, history_id), ZF_REPO_COL_END,
};
#undef COL

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_training_sum, field)
static const struct zf_repo_col sum_cols[] = {
	COL(I64, officer_id), COL(I64, hours), COL(I64, sessions), ZF_REPO_COL_END,
};
#undef COL

int zf_store_training_insert(struct zf_db *db, const struct zf_training *t, int64_t *id,
			     struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(t->officer_id), ZF_ARG_I64(t->body_id),
		ZF_ARG_TEXT(zf_repo_nn(t->held_on)), ZF_ARG_I64(t->hours),
		ZF_ARG_TEXT(zf_repo_nn(t->topic)), ZF_ARG_TEXT(zf_repo_nn(t->form)),
		ZF_ARG_TEXT(zf_repo_nn(t->organiser)), ZF_ARG_TEXT(zf_repo_nn(t->note)),
		ZF_ARG_I64(t->recorded_by), ZF_ARG_I64(t->recorded_at), ZF_ARG_REF(t->corrects_id),
	};
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO training (officer_id, body_id, held_on, hours, topic, "
				 "form, organiser, note, recorded_by, recorded_at, corrects_id) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	if (rc)
		return rc;
	return zf_repo_inserted(st, id, t->corrects_id ? "id" : NULL,
				"这条培训记录已经更正过，请更正最新的记录", err);
}

int zf_store_training_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			  struct zf_training *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " TRAINING_COLS "WHERE t.id = ?", id, err);

	if (rc)
		return rc;
	return zf_repo_one(st, a, training_cols, out, sizeof(*out), "培训记录不存在", err);
}

int zf_store_training_list(struct zf_db *db, struct zf_arena *a, int64_t officer_id,
			   int64_t body_id, const char *from, const char *to,
			   struct zf_training **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(officer_id), ZF_ARG_I64(officer_id), ZF_ARG_I64(body_id),
		ZF_ARG_I64(body_id), ZF_ARG_TEXT(from ? from : "0000-00-00"),
		ZF_ARG_TEXT(to ? to : "9999-99-99"),
	};
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " TRAINING_COLS
				 "WHERE (? = 0 OR t.officer_id = ?) AND (? = 0 OR o.body_id = ?) "
				 "AND t.held_on >= ? AND t.held_on <= ? ORDER BY t.held_on, t.id",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, training_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_training_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			   struct zf_training **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	const struct zf_repo_arg args[] = {ZF_ARG_I64(after), ZF_ARG_I64(limit)};
	int rc = zf_repo_prepare(db, &st, "SELECT " TRAINING_COLS "WHERE t.id > ? ORDER BY t.id LIMIT ?",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, training_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_training_sums(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			   int64_t officer_id, const char *from, const char *to,
			   struct zf_training_sum **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(officer_id), ZF_ARG_I64(officer_id), ZF_ARG_I64(officer_id),
		ZF_ARG_I64(body_id), ZF_ARG_TEXT(from ? from : "0000-00-00"),
		ZF_ARG_TEXT(to ? to : "9999-99-99"),
	};
	int rc = zf_repo_prepare(db, &st,
				 "SELECT t.officer_id, SUM(t.hours), COUNT(*) FROM training t "
				 "JOIN officer o ON o.id = t.officer_id "
				 "WHERE (? = 0 OR t.officer_id = ?) AND (? <> 0 OR o.body_id = ?) "
				 "AND t.held_on >= ? AND t.held_on <= ? AND t.hours > 0 "
				 "AND NOT EXISTS (SELECT 1 FROM training c WHERE c.corrects_id = t.id) "
				 "GROUP BY t.officer_id ORDER BY t.officer_id",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, sum_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
