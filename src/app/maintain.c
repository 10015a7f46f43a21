/* Housekeeping the server runs periodically: expired sessions, old audit records, expired uploads, publications past their period. */
#include "app/audit.h"
#include "app/maintain.h"
#include "app/publication.h"
#include "app/upload.h"
#include "store/account.h"

int zf_app_maintain(struct zf_app *app, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int64_t now = zf_clock_now(&app->clock), expired = 0;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_session_expire(db, now - app->settings.session_idle, err);
	zf_dbpool_put(app->pool, db);
	if (!rc)
		rc = zf_app_audit_purge(app, err);
	if (!rc)
		rc = zf_app_upload_expire(app, &expired, err);
	return rc ? rc : zf_app_pub_expire(app, &expired, err);
}
