/* The portable database interface: one API, a SQLite and a PostgreSQL driver.
 *
 * SQL is written once for both drivers: '?' parameter markers (a driver rewrites
 * them), RETURNING for generated ids, integers for booleans (0/1), instants
 * (Unix seconds) and money (分), TEXT 'YYYY-MM-DD' for civil dates, every list
 * ordered on a unique key (text columns sort bytewise: COLLATE "C" on
 * PostgreSQL). A '?' whose type nothing around it fixes (`? IS NULL`,
 * `SELECT ?`) is written CAST(? AS TEXT). Nothing is rendered by the database. */
#ifndef ZF_STORE_DB_H
#define ZF_STORE_DB_H
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct zf_db;
struct zf_stmt;

/* Step results. */
enum { ZF_DB_DONE = 0, ZF_DB_ROW = 1 };

/* Opens the database named by URL: a file path (SQLite, created when CREATE
 * is set) or postgresql://... (later). On failure returns ZF_EUNAVAIL or
 * ZF_ERROR with a message in ERR. The handle belongs to one thread at a time;
 * free with zf_db_close. */
int zf_db_open(struct zf_db **out, const char *url, int create, struct zf_err *err);

/* Copies URL into OUT (N bytes) with any password replaced by "***", for
 * messages and logs. */
void zf_db_url_redact(const char *url, char *out, size_t n);

/* Closes DB and its cached statements; NULL is a no-op. */
void zf_db_close(struct zf_db *db);

/* "sqlite" or "postgresql": for the few places where DDL differs. */
const char *zf_db_dialect(const struct zf_db *db);

/* Prepares SQL (cached per connection by its text, so pass string literals).
 * The statement is borrowed: valid until zf_db_close; call zf_stmt_done when
 * finished so it can be reused. */
int zf_db_prepare(struct zf_db *db, struct zf_stmt **out, const char *sql, struct zf_err *err);

/* Binds parameter IDX (1-based). TEXT may be NULL (binds NULL). Copies the value. */
int zf_stmt_bind_text(struct zf_stmt *st, int idx, const char *text);
int zf_stmt_bind_i64(struct zf_stmt *st, int idx, int64_t v);
int zf_stmt_bind_null(struct zf_stmt *st, int idx);

/* Runs the statement: ZF_DB_ROW when a row is ready, ZF_DB_DONE at the end,
 * ZF_ECONFLICT on a unique/foreign key violation, ZF_EUNAVAIL when busy or
 * unreachable, ZF_ERROR otherwise (message in ERR). */
int zf_stmt_step(struct zf_stmt *st, struct zf_err *err);

/* Column values of the current row (0-based). Text is borrowed until the next
 * step or zf_stmt_done; NULL for SQL NULL. */
const char *zf_stmt_text(struct zf_stmt *st, int col);
int64_t zf_stmt_i64(struct zf_stmt *st, int col);
int zf_stmt_is_null(struct zf_stmt *st, int col);

/* Resets and clears bindings so the cached statement can be prepared again. */
void zf_stmt_done(struct zf_stmt *st);

/* Transactions. WRITE=1 takes the write lock at once (BEGIN IMMEDIATE on
 * SQLite) so read-then-write transactions never deadlock. */
int zf_db_begin(struct zf_db *db, int write, struct zf_err *err);
int zf_db_commit(struct zf_db *db, struct zf_err *err);
/* Rolls back if a transaction is open; safe to call when none is. */
void zf_db_rollback(struct zf_db *db);

/* Runs SQL text with no parameters and no rows (DDL, migrations). Several
 * statements separated by ';' are allowed. */
int zf_db_exec(struct zf_db *db, const char *sql, struct zf_err *err);

/* Convenience: runs a prepared statement expecting at most one row with one
 * integer column into *OUT. Returns 0, ZF_ENOTFOUND or an error. The caller
 * has bound parameters. Calls zf_stmt_done. */
int zf_stmt_one_i64(struct zf_stmt *st, int64_t *out, struct zf_err *err);

/* Convenience: runs a statement that returns no rows, then zf_stmt_done. */
int zf_stmt_run(struct zf_stmt *st, struct zf_err *err);

/* A fixed pool of connections shared by server threads. */
struct zf_dbpool;

/* Opens a pool of up to SIZE connections to URL (opened lazily). */
int zf_dbpool_new(struct zf_dbpool **out, const char *url, int size, struct zf_err *err);
void zf_dbpool_free(struct zf_dbpool *p);

/* Borrows a connection, waiting up to WAIT_MS for one. ZF_EUNAVAIL on time-out
 * or when the database cannot be opened. Return it with zf_dbpool_put; a
 * connection returned inside a transaction is rolled back. */
int zf_dbpool_get(struct zf_dbpool *p, struct zf_db **out, int wait_ms, struct zf_err *err);
void zf_dbpool_put(struct zf_dbpool *p, struct zf_db *db);

#endif
