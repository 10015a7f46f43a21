/* The driver interface behind db.h: each driver (SQLite, PostgreSQL) fills one table of operations. */
#ifndef ZF_STORE_DB_DRIVER_H
#define ZF_STORE_DB_DRIVER_H
#include "store/db.h"

/* The operations of one driver; db_common.c dispatches the db.h calls to them.
 * Contracts are those of the db.h function of the same name. */
struct zf_db_ops {
	const char *dialect; /* "sqlite", "postgresql" */
	int (*open)(struct zf_db **out, const char *url, int create, struct zf_err *err);
	void (*close)(struct zf_db *db);
	int (*prepare)(struct zf_db *db, struct zf_stmt **out, const char *sql, struct zf_err *err);
	int (*bind_text)(struct zf_stmt *st, int idx, const char *text);
	int (*bind_i64)(struct zf_stmt *st, int idx, int64_t v);
	int (*bind_null)(struct zf_stmt *st, int idx);
	int (*step)(struct zf_stmt *st, struct zf_err *err);
	const char *(*text)(struct zf_stmt *st, int col);
	int64_t (*i64)(struct zf_stmt *st, int col);
	int (*is_null)(struct zf_stmt *st, int col);
	void (*done)(struct zf_stmt *st);
	int (*exec)(struct zf_db *db, const char *sql, struct zf_err *err);
	int (*begin)(struct zf_db *db, int write, struct zf_err *err);
	int (*commit)(struct zf_db *db, struct zf_err *err);
	void (*rollback)(struct zf_db *db);
	int (*in_tx)(struct zf_db *db);
};

/* Every driver's connection and statement start with these. */
struct zf_db {
	const struct zf_db_ops *ops;
};

struct zf_stmt {
	const struct zf_db_ops *ops;
};

extern const struct zf_db_ops zf_db_sqlite_ops;
extern const struct zf_db_ops zf_db_pg_ops;

/* 1 when a transaction is open on DB. */
int zf_db_in_tx(struct zf_db *db);

/* 1 when URL names a PostgreSQL database (postgresql://, postgres://). */
int zf_db_url_is_pg(const char *url);

#endif
