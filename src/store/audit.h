/* The audit trail: logins, failures, logouts, administrative and registry actions. */
#ifndef ZF_STORE_AUDIT_H
#define ZF_STORE_AUDIT_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct zf_audit {
	int64_t id;
	int64_t at;
	int64_t actor_id;        /* 0 = anonymous or command line */
	const char *actor_login; /* as typed for failed logins; "cli" for the command line */
	const char *addr;        /* client address */
	const char *action;      /* "login", "login_failed", "logout", "user_add", ... */
	const char *target;      /* what was acted on, e.g. "officer:12" */
	const char *outcome;     /* "ok", "denied", "invalid", "error" */
	const char *detail;      /* short text, never secrets */
};

/* Appends R (id ignored). */
int zf_store_audit_add(struct zf_db *db, const struct zf_audit *r, struct zf_err *err);

/* Lists records newest first (by id) with id < BEFORE_ID (0 = from the
 * newest), at most LIMIT. */
int zf_store_audit_list(struct zf_db *db, struct zf_arena *a, int64_t before_id, int limit,
			struct zf_audit **out, size_t *n, struct zf_err *err);

/* Deletes records older than CUTOFF; callers never pass a cutoff younger than
 * the retention minimum (app/ enforces 183 days). */
int zf_store_audit_purge(struct zf_db *db, int64_t cutoff, struct zf_err *err);

#endif
