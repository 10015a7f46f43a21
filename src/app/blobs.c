/* The application's evidence store: the accessor and the identity check that keeps every server of an installation on one shared blob folder. */
#include <stdio.h>
#include <string.h>

#include "app/blobs.h"
#include "app/upload.h"
#include "blob/blob.h"
#include "store/schema.h"
#include "util/arena.h"

#define META_KEY "blob_store_id"

struct zf_blob_store *zf_app_blobs(struct zf_app *app)
{
	return app->blobs;
}

/* The database's recorded store id into ID ("" when none). */
static int recorded_id(struct zf_db *db, char id[33], struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	char *v = NULL;
	int rc;

	id[0] = '\0';
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	rc = zf_store_meta_get(db, a, META_KEY, &v, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		rc = 0;
	} else if (rc == 0 && v) {
		snprintf(id, 33, "%s", v);
	}
	zf_arena_free(a);
	return rc;
}

int zf_app_blobs_bind(struct zf_app *app, struct zf_err *err)
{
	struct zf_db *db = NULL;
	char mine[33], theirs[33];
	int rc;

	if ((rc = zf_blob_store_id(app->blobs, mine, err)))
		return rc;
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	/* First server (or init): record ours, then read back what won. */
	if (!(rc = recorded_id(db, theirs, err)) && !theirs[0] &&
	    !(rc = zf_store_meta_set(db, META_KEY, mine, err)))
		rc = recorded_id(db, theirs, err);
	zf_dbpool_put(app->pool, db);
	if (rc == 0 && strcmp(mine, theirs) != 0)
		rc = zf_err_set(err, ZF_ECONFLICT,
				/* err->msg holds 256 bytes: the ids are shortened */
				"证据文件目录 %s/blobs 不是共用的证据存储（标识 %.8s，数据库记录 %.8s）；"
				"多台服务器须挂载同一共享目录，见 docs/operations.md",
				*app->data_dir ? app->data_dir : ".", mine, theirs);
	return rc;
}
