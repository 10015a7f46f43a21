/* Change history of registry records and accounts: who, when, what before and after, and the salt of its log entry. */
#ifndef ZF_STORE_HISTORY_H
#define ZF_STORE_HISTORY_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct zf_history {
	int64_t id;
	int64_t at;              /* Unix seconds */
	const char *entity;      /* "body", "officer", "account" */
	int64_t entity_id;
	const char *action;      /* "create", "update", "suspend", ... */
	int64_t actor_id;        /* account id, 0 = command line */
	const char *actor_login;
	const char *before_json; /* NULL on create */
	const char *after_json;
	const char *salt;        /* 64 hex: the row is committed to by a record-log
				  * entry (app/ledger.h); NULL for rows from before
				  * the log */
};

/* Appends H (id ignored). Call inside the transaction that made the change. */
int zf_store_history_add(struct zf_db *db, const struct zf_history *h, struct zf_err *err);

/* zf_store_history_add that also puts the new row's id in *ID. */
int zf_store_history_insert(struct zf_db *db, const struct zf_history *h, int64_t *id,
			    struct zf_err *err);

/* Lists the history of ENTITY/ENTITY_ID, newest first (by id). */
int zf_store_history_list(struct zf_db *db, struct zf_arena *a, const char *entity,
			  int64_t entity_id, struct zf_history **out, size_t *n,
			  struct zf_err *err);

/* Reads history row ID into *OUT (strings in A). ZF_ENOTFOUND when absent. */
int zf_store_history_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_history *out, struct zf_err *err);

/* Reads the newest history row of ENTITY/ENTITY_ID (highest id) into *OUT.
 * ZF_ENOTFOUND when the record has none. */
int zf_store_history_latest(struct zf_db *db, struct zf_arena *a, const char *entity,
			    int64_t entity_id, struct zf_history *out, struct zf_err *err);

/* Lists up to LIMIT rows with id > AFTER, oldest first: a whole table read
 * page by page (the log verification). Array and strings in A. */
int zf_store_history_page(struct zf_db *db, struct zf_arena *a, int64_t after, int limit,
			  struct zf_history **out, size_t *n, struct zf_err *err);

#endif
