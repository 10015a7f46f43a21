/* Driver-independent helpers of db.h and the connection pool. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/db_driver.h"

int zf_db_url_is_pg(const char *url)
{
	return url && (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11));
}

/* The driver of a URL. */
static const struct zf_db_ops *driver_of(const char *url)
{
	return zf_db_url_is_pg(url) ? &zf_db_pg_ops : &zf_db_sqlite_ops;
}

int zf_db_open(struct zf_db **out, const char *url, int create, struct zf_err *err)
{
	*out = NULL;
	if (!url || !*url)
		return zf_err_set(err, ZF_EINVAL, "未指定数据库 (--db)");
	return driver_of(url)->open(out, url, create, err);
}

void zf_db_close(struct zf_db *db)
{
	if (db)
		db->ops->close(db);
}

const char *zf_db_dialect(const struct zf_db *db)
{
	return db->ops->dialect;
}

int zf_db_prepare(struct zf_db *db, struct zf_stmt **out, const char *sql, struct zf_err *err)
{
	return db->ops->prepare(db, out, sql, err);
}

int zf_stmt_bind_text(struct zf_stmt *st, int idx, const char *text)
{
	return st->ops->bind_text(st, idx, text);
}

int zf_stmt_bind_i64(struct zf_stmt *st, int idx, int64_t v)
{
	return st->ops->bind_i64(st, idx, v);
}

int zf_stmt_bind_null(struct zf_stmt *st, int idx)
{
	return st->ops->bind_null(st, idx);
}

int zf_stmt_step(struct zf_stmt *st, struct zf_err *err)
{
	return st->ops->step(st, err);
}

const char *zf_stmt_text(struct zf_stmt *st, int col)
{
	return st->ops->text(st, col);
}

int64_t zf_stmt_i64(struct zf_stmt *st, int col)
{
	return st->ops->i64(st, col);
}

int zf_stmt_is_null(struct zf_stmt *st, int col)
{
	return st->ops->is_null(st, col);
}

void zf_stmt_done(struct zf_stmt *st)
{
	if (st)
		st->ops->done(st);
}

int zf_db_exec(struct zf_db *db, const char *sql, struct zf_err *err)
{
	return db->ops->exec(db, sql, err);
}

int zf_db_begin(struct zf_db *db, int write, struct zf_err *err)
{
	return db->ops->begin(db, write, err);
}

int zf_db_commit(struct zf_db *db, struct zf_err *err)
{
	return db->ops->commit(db, err);
}

void zf_db_rollback(struct zf_db *db)
{
	if (db)
		db->ops->rollback(db);
}

int zf_db_in_tx(struct zf_db *db)
{
	return db && db->ops->in_tx(db);
}

int zf_stmt_one_i64(struct zf_stmt *st, int64_t *out, struct zf_err *err)
{
	int rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW) {
		*out = zf_stmt_i64(st, 0);
		rc = 0;
	} else if (rc == ZF_DB_DONE) {
		rc = ZF_ENOTFOUND;
	}
	zf_stmt_done(st);
	return rc;
}

int zf_stmt_run(struct zf_stmt *st, struct zf_err *err)
{
	int rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW)
		;
	zf_stmt_done(st);
	return rc;
}

struct zf_dbpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *url;
	int size, open;
	int nfree;
	struct zf_db **free_list;
};

int zf_dbpool_new(struct zf_dbpool **out, const char *url, int size, struct zf_err *err)
{
	struct zf_dbpool *p = calloc(1, sizeof(*p));
	if (size < 1)
		size = 1;
	if (!p || !(p->free_list = calloc((size_t)size, sizeof(*p->free_list))) ||
	    !(p->url = strdup(url))) {
		if (p)
			free(p->free_list);
		free(p);
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	p->size = size;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	*out = p;
	return 0;
}

void zf_dbpool_free(struct zf_dbpool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfree; i++)
		zf_db_close(p->free_list[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->free_list);
	free(p->url);
	free(p);
}

int zf_dbpool_get(struct zf_dbpool *p, struct zf_db **out, int wait_ms, struct zf_err *err)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0 && p->open >= p->size) {
		if (pthread_cond_timedwait(&p->cv, &p->mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->mu);
			return zf_err_set(err, ZF_EUNAVAIL, "服务器繁忙，请稍后重试");
		}
	}
	if (p->nfree > 0) {
		*out = p->free_list[--p->nfree];
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	p->open++;
	pthread_mutex_unlock(&p->mu);
	int rc = zf_db_open(out, p->url, 0, err);
	if (rc) {
		pthread_mutex_lock(&p->mu);
		p->open--;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return rc;
}

void zf_dbpool_put(struct zf_dbpool *p, struct zf_db *db)
{
	if (!db)
		return;
	if (zf_db_in_tx(db))
		zf_db_rollback(db);
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
