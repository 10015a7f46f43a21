/* SQLite driver behind db.h: WAL, foreign keys, busy timeout, cached prepared statements. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/db_driver.h"

#define BUCKETS 128

struct zf_stmt {
	struct zf_stmt *next;
	char *sql;
	sqlite3_stmt *st;
	struct zf_db *db;
};

struct zf_db {
	sqlite3 *h;
	int in_tx;
	struct zf_stmt *cache[BUCKETS];
};

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % BUCKETS;
}

static int map_rc(struct zf_db *db, int rc, struct zf_err *err)
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

int zf_db_open(struct zf_db **out, const char *url, int create, struct zf_err *err)
{
	*out = NULL;
	if (!url || !*url)
		return zf_err_set(err, ZF_EINVAL, "未指定数据库 (--db)");
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return zf_err_set(err, ZF_EUNAVAIL, "此版本尚不支持 PostgreSQL 数据库");
	struct zf_db *db = calloc(1, sizeof(*db));
	if (!db)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
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
	if (zf_db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			   "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;", err)) {
		zf_db_close(db);
		return err ? err->code : ZF_ERROR;
	}
	*out = db;
	return 0;
}

void zf_db_close(struct zf_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < BUCKETS; i++)
		for (struct zf_stmt *s = db->cache[i], *n; s; s = n) {
			n = s->next;
			sqlite3_finalize(s->st);
			free(s->sql);
			free(s);
		}
	sqlite3_close(db->h);
	free(db);
}

const char *zf_db_dialect(const struct zf_db *db)
{
	(void)db;
	return "sqlite";
}

int zf_db_prepare(struct zf_db *db, struct zf_stmt **out, const char *sql, struct zf_err *err)
{
	unsigned h = hash(sql);
	for (struct zf_stmt *s = db->cache[h]; s; s = s->next)
		if (strcmp(s->sql, sql) == 0) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			*out = s;
			return 0;
		}
	struct zf_stmt *s = calloc(1, sizeof(*s));
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
	s->db = db;
	s->next = db->cache[h];
	db->cache[h] = s;
	*out = s;
	return 0;
}

int zf_stmt_bind_text(struct zf_stmt *st, int idx, const char *text)
{
	int rc = text ? sqlite3_bind_text(st->st, idx, text, -1, SQLITE_TRANSIENT)
		      : sqlite3_bind_null(st->st, idx);
	return rc == SQLITE_OK ? 0 : ZF_ERROR;
}

int zf_stmt_bind_i64(struct zf_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st->st, idx, v) == SQLITE_OK ? 0 : ZF_ERROR;
}

int zf_stmt_bind_null(struct zf_stmt *st, int idx)
{
	return sqlite3_bind_null(st->st, idx) == SQLITE_OK ? 0 : ZF_ERROR;
}

int zf_stmt_step(struct zf_stmt *st, struct zf_err *err)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return ZF_DB_ROW;
	if (rc == SQLITE_DONE)
		return ZF_DB_DONE;
	return map_rc(st->db, rc, err);
}

const char *zf_stmt_text(struct zf_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

int64_t zf_stmt_i64(struct zf_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

int zf_stmt_is_null(struct zf_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

void zf_stmt_done(struct zf_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

int zf_db_exec(struct zf_db *db, const char *sql, struct zf_err *err)
{
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

int zf_db_begin(struct zf_db *db, int write, struct zf_err *err)
{
	int rc = zf_db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
	if (rc == 0)
		db->in_tx = 1;
	return rc;
}

int zf_db_commit(struct zf_db *db, struct zf_err *err)
{
	int rc = zf_db_exec(db, "COMMIT", err);
	if (rc == 0)
		db->in_tx = 0;
	else
		zf_db_rollback(db);
	return rc;
}

void zf_db_rollback(struct zf_db *db)
{
	if (db && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db)
		db->in_tx = 0;
}

int zf_db_in_tx(struct zf_db *db)
{
	return db && !sqlite3_get_autocommit(db->h);
}
