/* The year files of the working-day calendar an administrator loaded (table calendar_year), kept in load order. */
#ifndef ZF_STORE_CALENDAR_H
#define ZF_STORE_CALENDAR_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One loaded year file. */
struct zf_calendar_file {
	int64_t id;
	int year;
	const char *status;    /* "official" or "provisional" */
	const char *json;      /* the file as loaded */
	const char *sha256;    /* of json, 64 lowercase hex */
	int64_t loaded_at;     /* Unix seconds */
	const char *loaded_by; /* account login, "cli" for the command line */
};

/* Appends F (id ignored; the caller has validated the file) inside the
 * caller's transaction; the new row's id goes to *ID (may be NULL). */
int zf_store_calendar_insert(struct zf_db *db, const struct zf_calendar_file *f, int64_t *id,
			     struct zf_err *err);

/* Lists every loaded file in load order (by id). Array and strings in A;
 * *OUT is NULL when there are none. */
int zf_store_calendar_list(struct zf_db *db, struct zf_arena *a, struct zf_calendar_file **out,
			   size_t *n, struct zf_err *err);

#endif
