/* A use case's write transaction: connection, clock reading, actor, audit. */
#ifndef ZF_APP_TX_H
#define ZF_APP_TX_H
#include "app/app.h"

struct zf_tx {
	struct zf_app *app;
	struct zf_db *db;
	const struct zf_actor *actor;
	int64_t now;   /* one clock reading for the whole use case */
};

/* Borrows a connection and opens a write transaction for ACTOR. */
int zf_tx_begin(struct zf_tx *tx, struct zf_app *app, const struct zf_actor *actor,
		struct zf_err *err);

/* Commits when RC is 0, otherwise rolls back; returns the connection to the
 * pool and the final result (RC, or the commit's error). */
int zf_tx_end(struct zf_tx *tx, int rc, struct zf_err *err);

/* Appends an audit record for the actor inside the transaction. */
int zf_tx_audit(struct zf_tx *tx, const char *action, const char *target, const char *outcome,
		const char *detail, struct zf_err *err);

#endif
