/* Helpers shared by the repository modules: row copies, arena arrays, conflict messages (not for app/). */
#ifndef ZF_STORE_REPO_H
#define ZF_STORE_REPO_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* Copies text column COL of the current row of ST into A and returns it;
 * NULL for SQL NULL. When the copy fails for lack of memory, returns NULL and
 * sets *OOM to 1, so a caller checks OOM once after reading a whole row. */
const char *zf_repo_text(struct zf_stmt *st, int col, struct zf_arena *a, int *oom);

/* S, or "" for NULL: NOT NULL text columns with a default of '' take "". */
const char *zf_repo_nn(const char *s);

/* Makes room for element N in the arena array ARR of *CAP elements of SIZE
 * bytes, doubling it (the old copy stays in the arena until it is freed).
 * Returns ARR or the new array, NULL when out of memory or on overflow. */
void *zf_repo_grow(struct zf_arena *a, void *arr, size_t *cap, size_t n, size_t size);

/* Checks the accumulated result RC of binding parameters to ST: 0 passes;
 * otherwise resets ST and returns ZF_ERROR with a message in ERR. */
int zf_repo_bound(struct zf_stmt *st, int rc, struct zf_err *err);

/* Sets ERR to ZF_ECONFLICT with MSG (Chinese, naming the field) as the overall
 * message and as the field error of FIELD, so forms show it beside the field.
 * Returns ZF_ECONFLICT. ERR may be NULL. */
int zf_repo_conflict(struct zf_err *err, const char *field, const char *msg);

/* Called when an optimistic-lock UPDATE ... WHERE id = ? AND version = ?
 * RETURNING id changed no row: runs EXISTS_SQL (a literal selecting one
 * column with one '?' for ID) and returns ZF_ENOTFOUND when the record is
 * gone, ZF_ECONFLICT when someone else changed it, or a database error. */
int zf_repo_stale(struct zf_db *db, const char *exists_sql, int64_t id, struct zf_err *err);

#endif
