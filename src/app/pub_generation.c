/* The portal's generation for page caches: read from the database at most once a second, at once after a write committed in this process. */
#include <time.h>

#include "app/publication.h"
#include "store/publication.h"

#define RECHECK_US 1000000 /* another server's change is seen within this */
#define POOL_WAIT_MS 100   /* for a connection to read it */

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int zf_app_pub_generation(struct zf_app *app, int64_t *gen)
{
	int64_t now = mono_us(), commits = atomic_load(&app->commits), n = 0;
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	int rc, fresh;

	pthread_mutex_lock(&app->portal_lock);
	fresh = app->portal_gen_at && now - app->portal_gen_at < RECHECK_US &&
		app->portal_gen_commits == commits;
	*gen = app->portal_gen;
	pthread_mutex_unlock(&app->portal_lock);
	if (fresh)
		return 0;
	/* Read after COMMITS was taken: the value is at least as new as every
	 * commit it counts. */
	/* A busy pool is no reason to wait: the page is then rendered as if
	 * nothing were kept. */
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, &err)))
		return rc;
	rc = zf_store_portal_generation(db, &n, &err);
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	pthread_mutex_lock(&app->portal_lock);
	if (commits >= app->portal_gen_commits) {
		app->portal_gen = n;
		app->portal_gen_at = now;
		app->portal_gen_commits = commits;
	}
	pthread_mutex_unlock(&app->portal_lock);
	*gen = n;
	return 0;
}
