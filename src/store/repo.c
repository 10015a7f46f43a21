/* Helpers shared by the repository modules: bound values, column maps, row lists, write outcomes. */
#include <limits.h>
#include <string.h>

#include "store/repo.h"

#define MSG_NOMEM "内存不足"

/* ---- columns and sizes ---- */

const char *zf_repo_nn(const char *s)
{
	return s ? s : "";
}

void *zf_repo_grow(struct zf_arena *a, void *arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap, bytes;
	void *p;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap : 8;
	while (ncap <= n)
		if (__builtin_mul_overflow(ncap, 2, &ncap))
			return NULL;
	if (__builtin_mul_overflow(ncap, size, &bytes) || !(p = zf_arena_alloc(a, bytes)))
		return NULL;
	if (*cap)
		memcpy(p, arr, *cap * size);
	*cap = ncap;
	return p;
}

/* ---- preparing ---- */

/* Checks the accumulated result RC of binding parameters to ST: 0 passes;
 * otherwise resets ST and returns ZF_ERROR with a message in ERR. */
static int bound(struct zf_stmt *st, int rc, struct zf_err *err)
{
	if (rc == 0)
		return 0;
	zf_stmt_done(st);
	return zf_err_set(err, ZF_ERROR, "数据库参数绑定失败");
}

int zf_repo_prepare(struct zf_db *db, struct zf_stmt **st, const char *sql,
		    const struct zf_repo_arg *args, size_t n, struct zf_err *err)
{
	int rc;

	if (n > INT_MAX - 1)
		return zf_err_set(err, ZF_ERROR, "数据库参数过多");
	if ((rc = zf_db_prepare(db, st, sql, err)))
		return rc;
	/* Bind all, then check once: a failure anywhere resets the statement. */
	for (size_t i = 0; i < n; i++) {
		int idx = (int)i + 1;

		switch (args[i].kind) {
		case ZF_REPO_ARG_I64:
			rc |= zf_stmt_bind_i64(*st, idx, args[i].i);
			break;
		case ZF_REPO_ARG_TEXT:
			rc |= zf_stmt_bind_text(*st, idx, args[i].text);
			break;
		case ZF_REPO_ARG_NULL:
			rc |= zf_stmt_bind_null(*st, idx);
			break;
		}
	}
	return bound(*st, rc, err);
}

int zf_repo_prepare_i64(struct zf_db *db, struct zf_stmt **st, const char *sql, int64_t v,
			struct zf_err *err)
{
	const struct zf_repo_arg arg[] = {ZF_ARG_I64(v)};

	return zf_repo_prepare(db, st, sql, arg, 1, err);
}

int zf_repo_prepare_text(struct zf_db *db, struct zf_stmt **st, const char *sql, const char *v,
			 struct zf_err *err)
{
	const struct zf_repo_arg arg[] = {ZF_ARG_TEXT(v)};

	return zf_repo_prepare(db, st, sql, arg, 1, err);
}

int zf_repo_run(struct zf_db *db, const char *sql, const struct zf_repo_arg *args, size_t n,
		struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st, sql, args, n, err);

	return rc ? rc : zf_stmt_run(st, err);
}

int zf_repo_run_i64(struct zf_db *db, const char *sql, int64_t v, struct zf_err *err)
{
	const struct zf_repo_arg arg[] = {ZF_ARG_I64(v)};

	return zf_repo_run(db, sql, arg, 1, err);
}

int zf_repo_run_text(struct zf_db *db, const char *sql, const char *v, struct zf_err *err)
{
	const struct zf_repo_arg arg[] = {ZF_ARG_TEXT(v)};

	return zf_repo_run(db, sql, arg, 1, err);
}

int zf_repo_exists(struct zf_db *db, const char *sql, int64_t v, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t one = 0;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st, sql, v, err)))
		return rc;
	rc = zf_stmt_one_i64(st, &one, err);
	if (rc == ZF_ENOTFOUND)
		return 0;
	return rc ? rc : 1;
}

/* ---- reading ---- */

/* Reads the current row of ST into ROW (SIZE bytes, cleared first) as COLS
 * say. Returns 0, or ZF_ENOMEM without setting an error when a string copy
 * into A fails. Each entry of COLS names a field of the row's own type
 * (ZF_REPO_COL checks it), so the casts below meet objects of that type. */
static int read_row(struct zf_stmt *st, struct zf_arena *a, const struct zf_repo_col *cols,
		    void *row, size_t size)
{
	unsigned char *p = row;
	const char *s;
	int oom = 0;

	memset(row, 0, size);
	for (int i = 0; cols[i].kind != ZF_REPO_END; i++) {
		void *field = p + cols[i].off;

		switch (cols[i].kind) {
		case ZF_REPO_I64:
			*(int64_t *)field = zf_stmt_i64(st, i);
			break;
		case ZF_REPO_INT:
			*(int *)field = (int)zf_stmt_i64(st, i);
			break;
		case ZF_REPO_TEXT:
			/* NULL stays NULL; a failed copy leaves NULL and is reported once. */
			if ((s = zf_stmt_text(st, i)) && !(*(const char **)field = zf_arena_strdup(a, s)))
				oom = 1;
			break;
		case ZF_REPO_END:
			break;
		}
	}
	return oom ? ZF_ENOMEM : 0;
}

int zf_repo_one(struct zf_stmt *st, struct zf_arena *a, const struct zf_repo_col *cols,
		void *row, size_t size, const char *missing, struct zf_err *err)
{
	int rc = zf_stmt_step(st, err);

	if (rc == ZF_DB_ROW)
		rc = read_row(st, a, cols, row, size) ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM) : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "%s", missing);
	zf_stmt_done(st);
	return rc;
}

int zf_repo_list(struct zf_stmt *st, int rc, struct zf_arena *a, const struct zf_repo_col *cols,
		 size_t size, void **rows, size_t *n, struct zf_err *err)
{
	unsigned char *arr = NULL, *grown;
	size_t cap = 0, count = 0;

	*rows = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		/* zf_repo_grow has checked COUNT * SIZE against overflow. */
		if (!(grown = zf_repo_grow(a, arr, &cap, count, size)) ||
		    read_row(st, a, cols, grown + count * size, size)) {
			rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			break;
		}
		arr = grown;
		count++;
	}
	zf_stmt_done(st);
	if (rc != ZF_DB_DONE)
		return rc;
	*rows = arr;
	*n = count;
	return 0;
}

/* ---- writing ---- */

void zf_repo_like(struct zf_buf *b, const char *q)
{
	zf_buf_puts(b, "%");
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			zf_buf_puts(b, "\\");
		zf_buf_add(b, q, 1);
	}
	zf_buf_puts(b, "%");
}

int zf_repo_conflict(struct zf_err *err, const char *field, const char *msg)
{
	if (err) {
		err->msg[0] = '\0';
		zf_err_field(err, field, "%s", msg);
	}
	return zf_err_set(err, ZF_ECONFLICT, "%s", msg);
}

int zf_repo_inserted(struct zf_stmt *st, int64_t *id, const char *field, const char *msg,
		     struct zf_err *err)
{
	int rc = zf_stmt_one_i64(st, id, err);

	if (rc == ZF_ECONFLICT && field)
		return zf_repo_conflict(err, field, msg);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ERROR, "数据库未返回新记录编号");
	return rc;
}

int zf_repo_changed(struct zf_stmt *st, const char *missing, struct zf_err *err)
{
	int64_t id = 0;
	int rc = zf_stmt_one_i64(st, &id, err);

	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "%s", missing);
	return rc;
}

int zf_repo_updated(struct zf_db *db, struct zf_stmt *st, const char *exists_sql, int64_t id,
		    const char *field, const char *msg, struct zf_err *err)
{
	int64_t got = 0;
	int rc = zf_stmt_one_i64(st, &got, err);

	if (rc == ZF_ECONFLICT)
		return zf_repo_conflict(err, field, msg);
	if (rc != ZF_ENOTFOUND)
		return rc;
	if ((rc = zf_repo_exists(db, exists_sql, id, err)) < 0)
		return rc;
	if (rc == 0)
		return zf_err_set(err, ZF_ENOTFOUND, "记录不存在或已被删除");
	return zf_err_set(err, ZF_ECONFLICT, "记录已被他人修改，请刷新后重试");
}

int zf_repo_version_add(struct zf_db *db, const char *next_sql, const char *insert_sql,
			int64_t body_id, const char *json, int64_t now, int64_t by,
			int64_t *version, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t next = 0;
	int rc;

	if ((rc = zf_repo_prepare_i64(db, &st, next_sql, body_id, err)) ||
	    (rc = zf_stmt_one_i64(st, &next, err)))
		return rc;
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(next), ZF_ARG_TEXT(json),
					   ZF_ARG_I64(now), ZF_ARG_I64(by)};
	if ((rc = zf_repo_run(db, insert_sql, args, ZF_REPO_NARGS(args), err)))
		return rc;
	*version = next;
	return 0;
}
