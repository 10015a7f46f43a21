/* A use case's write transaction: connection, clock reading, actor, audit. */
#include <string.h>

#include "app/tx.h"
#include "store/audit.h"

int zf_tx_begin(struct zf_tx *tx, struct zf_app *app, const struct zf_actor *actor,
		struct zf_err *err)
{
	memset(tx, 0, sizeof(*tx));
	tx->app = app;
	tx->actor = actor;
	tx->now = zf_clock_now(&app->clock);
	int rc = zf_dbpool_get(app->pool, &tx->db, 5000, err);
	if (rc)
		return rc;
	if ((rc = zf_db_begin(tx->db, 1, err))) {
		zf_dbpool_put(app->pool, tx->db);
		tx->db = NULL;
	}
	return rc;
}

int zf_tx_end(struct zf_tx *tx, int rc, struct zf_err *err)
{
	if (!tx->db)
		return rc;
	if (rc == 0 && (rc = zf_db_commit(tx->db, err)) == 0)
		/* What this process just wrote is seen by its next page at once. */
		atomic_fetch_add(&tx->app->commits, 1);
	else if (rc)
		zf_db_rollback(tx->db);
	zf_dbpool_put(tx->app->pool, tx->db);
	tx->db = NULL;
	return rc;
}

int zf_tx_audit(struct zf_tx *tx, const char *action, const char *target, const char *outcome,
		const char *detail, struct zf_err *err)
{
	struct zf_audit r = {
		.at = tx->now, .actor_id = tx->actor->account_id, .actor_login = tx->actor->login,
		.addr = tx->actor->addr, .action = action, .target = target, .outcome = outcome,
		.detail = detail ? detail : "",
	};
	return zf_store_audit_add(tx->db, &r, err);
}
