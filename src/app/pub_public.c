/* The public lookup of a correction request (异议/纠错) by its tracking number: state, deadline and answer, never the requester's data. */
#include <string.h>

#include "app/publication.h"
#include "store/db.h"
#include "store/publication.h"

int zf_app_correction_lookup(struct zf_app *app, struct zf_arena *a, const char *tracking,
			     struct zf_correction *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_correction_rec r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!tracking || !*tracking || strlen(tracking) > 31)
		return zf_err_set(err, ZF_ENOTFOUND, "未找到该受理编号，请核对");
	if ((rc = zf_dbpool_get(app->pool, &db, 2000, err)))
		return rc;
	rc = zf_store_correction_by_tracking(db, a, tracking, &r, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	*out = (struct zf_correction){.id = r.id, .publication_id = r.publication_id, .body_id = r.body_id,
				      .tracking_no = r.tracking_no, .pub_title = r.pub_title,
				      .filed_at = r.filed_at, .due_on = r.due_on, .state = r.state,
				      .answer = r.answer, .answered_at = r.answered_at};
	return 0;
}
