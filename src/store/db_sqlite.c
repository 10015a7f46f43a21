/* SQLite driver behind db.h: WAL, foreign keys, busy timeout, cached prepared statements. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/db_driver.h"

#define BUCKETS 128

struct sq_stmt {
	struct zf_stmt base;
	struct sq_stmt *next;
	char *sql;
	sqlite3_stmt *st;
	struct sq_db *db;
};

struct sq_db {
	struct zf_db base;
	sqlite3 *h;
	struct sq_stmt *cache[BUCKETS];
};

#define DB(d) ((struct sq_db *)(d))
#define ST(s) ((struct sq_stmt *)(s))

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % BUCKETS;
}

static int map_rc(struct sq_db *db, int rc, struct zf_err *err)
{
	int ext = sqlite3_extended_errcode(db->h);
	const char *m = sqlite3_errmsg(db->h);
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY ||
		    ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return zf_err_set(err, ZF_ECONFLICT, "%s", m);
		return zf_err_set(err, ZF_ERROR, "数据库约束错误: %s", m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return zf_err_set(err, ZF_EUNAVAIL, "数据库繁忙，请稍后重试");
	case SQLITE_NOMEM:
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	case SQLITE_CANTOPEN:
		return zf_err_set(err, ZF_EUNAVAIL, "无法打开数据库: %s", m);
	default:
		return zf_err_set(err, ZF_ERROR, "数据库错误: %s", m);
	}
}

static int sq_exec(struct zf_db *d, const char *sql, struct zf_err *err)
{
	struct sq_db *db = DB(d);
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = map_rc(db, rc, err);
		if (err && msg)
			zf_err_set(err, code, "数据库错误: %s", msg);
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

static void sq_close(struct zf_db *d)
{
	struct sq_db *db = DB(d);
	for (int i = 0; i < BUCKETS; i++)
		for (struct sq_stmt *s = db->cache[i], *n; s; s = n) {
			n = s->next;
			sqlite3_finalize(s->st);
			free(s->sql);
			free(s);
		}
	sqlite3_close(db->h);
	free(db);
}

static int sq_open(struct zf_db **out, const char *url, int create, struct zf_err *err)
{
	struct sq_db *db = calloc(1, sizeof(*db));
	if (!db)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	db->base.ops = &zf_db_sqlite_ops;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(url, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		zf_err_set(err, ZF_EUNAVAIL, "无法打开数据库 %s: %s", url,
			   db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sqlite3_close(db->h);
		free(db);
		return ZF_EUNAVAIL;
	}
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	/* WAL for concurrent readers; synchronous=FULL so an acknowledged
	 * commit survives power loss, not only a process crash. */
	if (sq_exec(&db->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			       "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;", err)) {
		int code = err ? err->code : ZF_ERROR;
		sq_close(&db->base);
		return code;
	}
	*out = &db->base;
	return 0;
}

static int sq_prepare(struct zf_db *d, struct zf_stmt **out, const char *sql, struct zf_err *err)
{
	struct sq_db *db = DB(d);
	unsigned h = hash(sql);
	for (struct sq_stmt *s = db->cache[h]; s; s = s->next)
		if (strcmp(s->sql, sql) == 0) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			*out = &s->base;
			return 0;
		}
	struct sq_stmt *s = calloc(1, sizeof(*s));
	if (!s || !(s->sql = strdup(sql))) {
		free(s);
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
	if (rc != SQLITE_OK) {
		rc = map_rc(db, rc, err);
		free(s->sql);
		free(s);
		return rc;
	}
	s->base.ops = &zf_db_sqlite_ops;
	s->db = db;
	s->next = db->cache[h];
	db->cache[h] = s;
	*out = &s->base;
	return 0;
}

static int sq_bind_text(struct zf_stmt *st, int idx, const char *text)
{
	int rc = text ? sqlite3_bind_text(ST(st)->st, idx, text, -1, SQLITE_TRANSIENT)
		      : sqlite3_bind_null(ST(st)->st, idx);
	return rc == SQLITE_OK ? 0 : ZF_ERROR;
}

static int sq_bind_i64(struct zf_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(ST(st)->st, idx, v) == SQLITE_OK ? 0 : ZF_ERROR;
}

static int sq_bind_null(struct zf_stmt *st, int idx)
{
	return sqlite3_bind_null(ST(st)->st, idx) == SQLITE_OK ? 0 : ZF_ERROR;
}

static int sq_step(struct zf_stmt *st, struct zf_err *err)
{
	int rc = sqlite3_step(ST(st)->st);
	if (rc == SQLITE_ROW)
		return ZF_DB_ROW;
	if (rc == SQLITE_DONE)
		return ZF_DB_DONE;
	return map_rc(ST(st)->db, rc, err);
}

static const char *sq_text(struct zf_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(ST(st)->st, col);
}

static int64_t sq_i64(struct zf_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st)->st, col);
}

static int sq_is_null(struct zf_stmt *st, int col)
{
	return sqlite3_column_type(ST(st)->st, col) == SQLITE_NULL;
}

static void sq_done(struct zf_stmt *st)
{
	sqlite3_reset(ST(st)->st);
	sqlite3_clear_bindings(ST(st)->st);
}

static int sq_in_tx(struct zf_db *d)
{
	return !sqlite3_get_autocommit(DB(d)->h);
}

static void sq_rollback(struct zf_db *d)
{
	if (sq_in_tx(d))
		sqlite3_exec(DB(d)->h, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_begin(struct zf_db *d, int write, struct zf_err *err)
{
	return sq_exec(d, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static int sq_commit(struct zf_db *d, struct zf_err *err)
{
	int rc = sq_exec(d, "COMMIT", err);
	if (rc)
		sq_rollback(d);
	return rc;
}

const struct zf_db_ops zf_db_sqlite_ops = {
	.dialect = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_i64 = sq_bind_i64,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.text = sq_text,
	.i64 = sq_i64,
	.is_null = sq_is_null,
	.done = sq_done,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
};
