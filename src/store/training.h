/* Repository of officers' training records (table training): insert-only rows, a correction superseding its row. */
#ifndef ZF_STORE_TRAINING_H
#define ZF_STORE_TRAINING_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One training record of one officer. Strings are borrowed (arena or
 * caller); NULL = empty. */
struct zf_training {
	int64_t id;
	int64_t officer_id;
	int64_t body_id;          /* the officer's body when recorded */
	const char *officer_name; /* filled by reads, ignored on writes */
	const char *cert_no;      /* filled by reads, ignored on writes */
	const char *held_on;      /* YYYY-MM-DD */
	int64_t hours;            /* tenths of a 学时 */
	const char *topic;
	const char *form;         /* a word of the list in app/training.h */
	const char *organiser;
	const char *note;         /* for a correction: its reason */
	int64_t recorded_by;      /* account id, 0 = command line */
	int64_t recorded_at;      /* Unix seconds */
	int64_t corrects_id;      /* the row this one supersedes, 0 = none */
	int64_t corrected_by;     /* filled by reads: the row superseding this one, 0 = current */
	int64_t history_id;       /* filled by reads: the history row committing to it, 0 = none */
};

/* A total of current rows: officer OFFICER_ID attended SESSIONS trainings
 * of HOURS tenths of a 学时 in all. */
struct zf_training_sum {
	int64_t officer_id;
	int64_t hours;
	int64_t sessions;
};

/* Inserts T (id and read-only fields ignored); the new id goes to *ID.
 * ZF_ECONFLICT when T->corrects_id is already corrected. Call inside a
 * write transaction. */
int zf_store_training_insert(struct zf_db *db, const struct zf_training *t, int64_t *id,
			     struct zf_err *err);

/* Reads row ID into *OUT (strings in A). ZF_ENOTFOUND when absent. */
int zf_store_training_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			  struct zf_training *out, struct zf_err *err);

/* Lists rows held FROM..TO (inclusive dates; NULL = open) of officer
 * OFFICER_ID, or else of the officers now in body BODY_ID (0 and 0 = all),
 * superseded ones included (corrected_by set), ordered by held_on, then id. */
int zf_store_training_list(struct zf_db *db, struct zf_arena *a, int64_t officer_id,
			   int64_t body_id, const char *from, const char *to,
			   struct zf_training **out, size_t *n, struct zf_err *err);

/* One page of every row by id: up to LIMIT rows with id > AFTER (the
 * record log's verification walks the table with it). */
int zf_store_training_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			   struct zf_training **out, size_t *n, struct zf_err *err);

/* The totals of current rows held FROM..TO (inclusive) per officer now in
 * body BODY_ID, or of officer OFFICER_ID when it is not 0; officers without
 * rows are absent. Ordered by officer id. */
int zf_store_training_sums(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			   int64_t officer_id, const char *from, const char *to,
			   struct zf_training_sum **out, size_t *n, struct zf_err *err);

#endif
