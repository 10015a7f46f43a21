/* Reading the audit trail: for the audit administrator only. */
#ifndef ZF_APP_AUDIT_H
#define ZF_APP_AUDIT_H
#include <stddef.h>

#include "app/app.h"
#include "store/audit.h"
#include "util/arena.h"

/* Lists audit records newest first, older than BEFORE_ID (0 = newest), at
 * most LIMIT (1..500). Needs ZF_PERM_AUDIT_READ; the read itself is audited. */
int zf_app_audit_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      int64_t before_id, int limit, struct zf_audit **out, size_t *n,
		      struct zf_err *err);

/* Deletes audit records older than the retention (settings.audit_keep_days,
 * never under 183 days). Run by the server once a day. */
int zf_app_audit_purge(struct zf_app *app, struct zf_err *err);

#endif
