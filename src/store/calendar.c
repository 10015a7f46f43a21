/* The loaded year files of the working-day calendar: appended, listed in load order. */
#include "store/calendar.h"
#include "store/repo.h"

/* Where the columns of a calendar_year query go, in order. */
#define COL(kind, field) ZF_REPO_COL(kind, struct zf_calendar_file, field)
static const struct zf_repo_col file_cols[] = {
	COL(I64, id), COL(INT, year), COL(TEXT, status), COL(TEXT, json),
	COL(TEXT, sha256), COL(I64, loaded_at), COL(TEXT, loaded_by),
	ZF_REPO_COL_END,
};
#undef COL

int zf_store_calendar_insert(struct zf_db *db, const struct zf_calendar_file *f, int64_t *id,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(f->year), ZF_ARG_TEXT(f->status), ZF_ARG_TEXT(f->json),
		ZF_ARG_TEXT(f->sha256), ZF_ARG_I64(f->loaded_at),
		ZF_ARG_TEXT(zf_repo_nn(f->loaded_by)),
	};
	struct zf_stmt *st = NULL;
	int64_t dummy = 0;
	int rc;

	if (!f->status || !f->json || !f->sha256)
		return zf_err_set(err, ZF_EINVAL, "年历记录不完整");
	if ((rc = zf_repo_prepare(db, &st,
				  "INSERT INTO calendar_year (year, status, json, sha256, loaded_at, "
				  "loaded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				  args, ZF_REPO_NARGS(args), err)))
		return rc;
	return zf_repo_inserted(st, id ? id : &dummy, NULL, NULL, err);
}

int zf_store_calendar_list(struct zf_db *db, struct zf_arena *a, struct zf_calendar_file **out,
			   size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_db_prepare(db, &st,
			       "SELECT id, year, status, json, sha256, loaded_at, loaded_by "
			       "FROM calendar_year ORDER BY id",
			       err);

	rc = zf_repo_list(st, rc, a, file_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
