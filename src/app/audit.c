/* Reading the audit trail: for the audit administrator only. */
#include "app/audit.h"
#include "app/auth.h"
#include "core/role.h"

#define AUDIT_KEEP_MIN_DAYS 183 /* 网络安全法 art. 21: at least six months */

int zf_app_audit_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      int64_t before_id, int limit, struct zf_audit **out, size_t *n,
		      struct zf_err *err)
{
	struct zf_db *db = NULL;
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_AUDIT_READ)) {
		zf_app_audit(app, actor, "audit_read", "audit", "denied", "");
		return zf_err_set(err, ZF_EDENIED, "只有审计管理员可以查看审计记录");
	}
	if (limit < 1 || limit > 500)
		limit = 100;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_audit_list(db, a, before_id, limit, out, n, err);
	zf_dbpool_put(app->pool, db);
	if (!rc)
		zf_app_audit(app, actor, "audit_read", "audit", "ok", "");
	return rc;
}

int zf_app_audit_purge(struct zf_app *app, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int64_t days = app->settings.audit_keep_days;
	if (days < AUDIT_KEEP_MIN_DAYS)
		days = AUDIT_KEEP_MIN_DAYS;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_audit_purge(db, zf_clock_now(&app->clock) - days * 86400, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}
