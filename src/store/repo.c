/* Helpers shared by the repository modules: row copies, arena arrays, conflict messages. */
#include <string.h>

#include "store/repo.h"

const char *zf_repo_text(struct zf_stmt *st, int col, struct zf_arena *a, int *oom)
{
	const char *s = zf_stmt_text(st, col);
	char *copy;

	if (!s)
		return NULL;
	if (!(copy = zf_arena_strdup(a, s)))
		*oom = 1;
	return copy;
}

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

int zf_repo_bound(struct zf_stmt *st, int rc, struct zf_err *err)
{
	if (rc == 0)
		return 0;
	zf_stmt_done(st);
	return zf_err_set(err, ZF_ERROR, "数据库参数绑定失败");
}

int zf_repo_conflict(struct zf_err *err, const char *field, const char *msg)
{
	if (err) {
		err->msg[0] = '\0';
		zf_err_field(err, field, "%s", msg);
	}
	return zf_err_set(err, ZF_ECONFLICT, "%s", msg);
}

int zf_repo_stale(struct zf_db *db, const char *exists_sql, int64_t id, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t found = 0;
	int rc;

	if ((rc = zf_db_prepare(db, &st, exists_sql, err)))
		return rc;
	if ((rc = zf_repo_bound(st, zf_stmt_bind_i64(st, 1, id), err)))
		return rc;
	rc = zf_stmt_one_i64(st, &found, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "记录不存在或已被删除");
	if (rc)
		return rc;
	return zf_err_set(err, ZF_ECONFLICT, "记录已被他人修改，请刷新后重试");
}
