/* Helpers of the repository modules (not for app/): bound values, column maps, row lists, writes. */
#ifndef ZF_STORE_REPO_H
#define ZF_STORE_REPO_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- columns and sizes ---- */

/* How a result column is read into the field of a row struct. */
enum zf_repo_kind {
	ZF_REPO_END,  /* ends a column map */
	ZF_REPO_I64,  /* int64_t */
	ZF_REPO_INT,  /* int (enums, flags) */
	ZF_REPO_TEXT, /* const char *, copied into the arena; NULL for SQL NULL */
};

/* One entry of a column map: result column i (0-based, the entry's place in
 * the map) goes to the field at byte offset OFF of the row struct. */
struct zf_repo_col {
	enum zf_repo_kind kind;
	size_t off;
};

#define ZF_REPO_CTYPE_I64 int64_t
#define ZF_REPO_CTYPE_INT int
#define ZF_REPO_CTYPE_TEXT const char *

/* The map entry for FIELD of struct type T read as KIND (I64, INT or TEXT).
 * A field whose type does not fit KIND does not compile. */
#define ZF_REPO_COL(kind, T, field) \
	{ZF_REPO_##kind, _Generic(((T *)0)->field, ZF_REPO_CTYPE_##kind: offsetof(T, field))}

/* Ends a column map. */
#define ZF_REPO_COL_END {ZF_REPO_END, 0}

/* S, or "" for NULL: NOT NULL text columns with a default of '' take "". */
const char *zf_repo_nn(const char *s);

/* Makes room for element N in the arena array ARR of *CAP elements of SIZE
 * bytes, doubling it (the old copy stays in the arena until it is freed).
 * Returns ARR or the new array, NULL when out of memory or when the size
 * would overflow (then *CAP is unchanged). */
void *zf_repo_grow(struct zf_arena *a, void *arr, size_t *cap, size_t n, size_t size);

/* ---- preparing ---- */

/* A value for a statement parameter, made with the ZF_ARG_ macros. */
struct zf_repo_arg {
	enum zf_repo_arg_kind { ZF_REPO_ARG_I64, ZF_REPO_ARG_TEXT, ZF_REPO_ARG_NULL } kind;
	int64_t i;
	const char *text; /* borrowed until bound: binding copies it */
};

#define ZF_ARG_I64(v) {ZF_REPO_ARG_I64, (v), NULL}
/* Text; NULL binds SQL NULL (pass zf_repo_nn(V) for NOT NULL columns). */
#define ZF_ARG_TEXT(v) {ZF_REPO_ARG_TEXT, 0, (v)}
/* An optional reference to another record: id V, or SQL NULL when V is 0
 * (V is evaluated twice). */
#define ZF_ARG_REF(v) {(v) ? ZF_REPO_ARG_I64 : ZF_REPO_ARG_NULL, (v), NULL}

/* The number of values in the array ARGS. */
#define ZF_REPO_NARGS(args) (sizeof(args) / sizeof((args)[0]))

/* Prepares SQL (a literal with N '?') into *ST and binds the N values of ARGS
 * to its parameters in order. On failure *ST is not left pending and the
 * error is returned. */
int zf_repo_prepare(struct zf_db *db, struct zf_stmt **st, const char *sql,
		    const struct zf_repo_arg *args, size_t n, struct zf_err *err);

/* zf_repo_prepare with the one value V, an integer or text (as ZF_ARG_TEXT). */
int zf_repo_prepare_i64(struct zf_db *db, struct zf_stmt **st, const char *sql, int64_t v,
			struct zf_err *err);
int zf_repo_prepare_text(struct zf_db *db, struct zf_stmt **st, const char *sql, const char *v,
			 struct zf_err *err);

/* Runs SQL (returning no rows) with the N values of ARGS bound as for
 * zf_repo_prepare. */
int zf_repo_run(struct zf_db *db, const char *sql, const struct zf_repo_arg *args, size_t n,
		struct zf_err *err);

/* zf_repo_run with the one value V, an integer or text. */
int zf_repo_run_i64(struct zf_db *db, const char *sql, int64_t v, struct zf_err *err);
int zf_repo_run_text(struct zf_db *db, const char *sql, const char *v, struct zf_err *err);

/* Runs SQL (a literal selecting one integer column with one '?' for V):
 * 1 when it yields a row, 0 when none, or a negative error code. */
int zf_repo_exists(struct zf_db *db, const char *sql, int64_t v, struct zf_err *err);

/* Stores JSON as the next version of BODY_ID in a versioned table of rows
 * (body_id, version, json, created_at, created_by): NEXT_SQL selects the
 * next number with one '?' for the body, INSERT_SQL inserts the five values
 * in that order. The number goes to *VERSION. Call inside a write
 * transaction. */
int zf_repo_version_add(struct zf_db *db, const char *next_sql, const char *insert_sql,
			int64_t body_id, const char *json, int64_t now, int64_t by,
			int64_t *version, struct zf_err *err);

/* ---- reading ---- */

/* Runs ST (prepared and bound) expecting at most one row and reads it into
 * ROW, a struct of SIZE bytes that is cleared first, as COLS (a column map of
 * ROW's type) says; strings are copied into A. ZF_ENOTFOUND with MISSING (Chinese) when
 * there is no row, ZF_ENOMEM when a copy fails, or a database error. Calls
 * zf_stmt_done. */
int zf_repo_one(struct zf_stmt *st, struct zf_arena *a, const struct zf_repo_col *cols,
		void *row, size_t size, const char *missing, struct zf_err *err);

/* Finishes a list query. RC is what preparing and binding ST returned: when it
 * is not 0, ST is not run and RC is returned. Otherwise runs ST and reads
 * every row as for zf_repo_one into an array of structs of SIZE bytes grown
 * in A. *ROWS gets the array (owned by A; NULL when there are no rows) and *N
 * the count; on any failure they are NULL and 0. Returns 0, ZF_ENOMEM or a
 * database error. Calls zf_stmt_done. */
int zf_repo_list(struct zf_stmt *st, int rc, struct zf_arena *a, const struct zf_repo_col *cols,
		 size_t size, void **rows, size_t *n, struct zf_err *err);

/* Appends to B the LIKE pattern "%Q%" (a substring match) with Q's
 * wildcards escaped by '\\': the statement says LIKE ? ESCAPE '\\'. A
 * failed append shows in B->failed. */
void zf_repo_like(struct zf_buf *b, const char *q);

/* ---- writing ---- */

/* Sets ERR to ZF_ECONFLICT with MSG (Chinese, naming the field) as the overall
 * message and as the field error of FIELD, so forms show it beside the field.
 * Returns ZF_ECONFLICT. ERR may be NULL. */
int zf_repo_conflict(struct zf_err *err, const char *field, const char *msg);

/* Runs ST, a bound INSERT ... RETURNING id, putting the new id in *ID. When
 * FIELD is set, a key violation becomes zf_repo_conflict(ERR, FIELD, MSG);
 * otherwise ZF_ECONFLICT keeps the driver's message. ZF_ERROR when the
 * database returned no id. */
int zf_repo_inserted(struct zf_stmt *st, int64_t *id, const char *field, const char *msg,
		     struct zf_err *err);

/* Runs ST, a bound UPDATE ... RETURNING id meant to change one row:
 * ZF_ENOTFOUND with MISSING (Chinese) when it changed none. */
int zf_repo_changed(struct zf_stmt *st, const char *missing, struct zf_err *err);

/* Runs ST, a bound optimistic-lock UPDATE ... WHERE id = ? AND version = ?
 * RETURNING id of record ID. A key violation becomes zf_repo_conflict(ERR,
 * FIELD, MSG). When no row changed, runs EXISTS_SQL (as for zf_repo_exists,
 * with ID) and returns ZF_ENOTFOUND when the record is gone, ZF_ECONFLICT
 * when someone else changed it, or a database error. */
int zf_repo_updated(struct zf_db *db, struct zf_stmt *st, const char *exists_sql, int64_t id,
		    const char *field, const char *msg, struct zf_err *err);

#endif
