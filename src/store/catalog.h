/* Repository of the bodies' major-decision catalog versions (table review_catalog). */
#ifndef ZF_STORE_CATALOG_H
#define ZF_STORE_CATALOG_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One drafted version of a body's catalog. Strings are owned by the arena
 * the row was read into. */
struct zf_catalog_row {
	int64_t id;
	int64_t body_id;
	int64_t version;        /* 0 until approved */
	const char *json;       /* zhifa-catalog/v1, compact */
	const char *state;      /* "draft", "approved", "rejected", "replaced" */
	int64_t drafted_by;     /* account id */
	const char *drafter;    /* its login */
	int64_t drafted_at;
	int64_t decided_by;     /* 0 while a draft */
	const char *decider;    /* "" while a draft */
	int64_t decided_at;
	const char *note;       /* the drafter's note, or a rejection's reason */
};

/* Row ID into *ROW (strings in A); ZF_ENOTFOUND when absent. */
int zf_store_catalog_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_catalog_row *row, struct zf_err *err);

/* Every row of BODY_ID, newest first, into *ROWS (in A; NULL when none)
 * and their number into *N. */
int zf_store_catalog_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_catalog_row **rows, size_t *n, struct zf_err *err);

/* The newest approved row of BODY_ID into *ROW; ZF_ENOTFOUND when none. */
int zf_store_catalog_current(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			     struct zf_catalog_row *row, struct zf_err *err);

/* Stores JSON as a new draft of BODY_ID by account BY at NOW with NOTE; the
 * body's earlier drafts become "replaced". The new id goes to *ID. Call
 * inside a write transaction. */
int zf_store_catalog_draft(struct zf_db *db, int64_t body_id, const char *json,
			   const char *note, int64_t by, int64_t now, int64_t *id,
			   struct zf_err *err);

/* Approves draft ID by account BY at NOW: it gets its body's next version
 * number (into *VERSION). ZF_ECONFLICT when ID is no longer a draft. Call
 * inside a write transaction. */
int zf_store_catalog_approve(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			     int64_t *version, struct zf_err *err);

/* Rejects draft ID by account BY at NOW with REASON (into note).
 * ZF_ECONFLICT when ID is no longer a draft. */
int zf_store_catalog_reject(struct zf_db *db, int64_t id, int64_t by, int64_t now,
			    const char *reason, struct zf_err *err);

#endif
