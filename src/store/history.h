/* Change history of registry records: who, when, what before and after. */
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
};

/* Appends H (id ignored). Call inside the transaction that made the change. */
int zf_store_history_add(struct zf_db *db, const struct zf_history *h, struct zf_err *err);

/* Lists the history of ENTITY/ENTITY_ID, newest first (by id). */
int zf_store_history_list(struct zf_db *db, struct zf_arena *a, const char *entity,
			  int64_t entity_id, struct zf_history **out, size_t *n,
			  struct zf_err *err);

#endif
