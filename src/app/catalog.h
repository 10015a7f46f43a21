/* Use cases of the major-decision catalog (重大执法决定法制审核目录清单) per body: versions, drafts, approval by the body's 负责人, rejection, and what the portal publishes. zf_app_catalog_current (the catalog in force) is declared in app/review.h. */
#ifndef ZF_APP_CATALOG_H
#define ZF_APP_CATALOG_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/catalog.h"
#include "util/arena.h"

/* Every version (drafts, approved, rejected, replaced) of body BODY_ID's
 * catalog, newest first, into *ROWS (in A) and *N. ACTOR needs
 * ZF_PERM_REVIEW, and BODY_ID must be its own body unless its role reads
 * every body (supervisor). ZF_EDENIED otherwise (audited). */
int zf_app_catalog_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_catalog_row **rows, size_t *n,
			struct zf_err *err);

/* Row ID into *ROW (strings in A) under the rules of zf_app_catalog_list;
 * ZF_ENOTFOUND when absent. */
int zf_app_catalog_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		       int64_t id, struct zf_catalog_row *row, struct zf_err *err);

/* The approved versions of BODY_ID, newest first (what the portal lists;
 * anyone may read them), into *ROWS (in A) and *N. */
int zf_app_catalog_published(struct zf_app *app, struct zf_arena *a, int64_t body_id,
			     struct zf_catalog_row **rows, size_t *n, struct zf_err *err);

/* Saves CAT (borrowed; must pass zf_catalog_check, else ZF_EINVAL with its
 * field errors and nothing written) with NOTE (may be NULL, at most 500
 * characters) as a new draft of ACTOR's body, replacing the body's earlier
 * draft. ACTOR must be a 法制审核人员 (reviewer) or 负责人 (leader) of a body
 * (ZF_EDENIED). History row (entity "review_catalog", action
 * "catalog_draft") and record-log entry in the same transaction; audited.
 * The new row's id into *ID (may be NULL). */
int zf_app_catalog_draft(struct zf_app *app, const struct zf_actor *actor, const json_t *cat,
			 const char *note, int64_t *id, struct zf_err *err);

/* Approves draft ID: ACTOR must be the 负责人 (leader) of the draft's body
 * and not its drafter ("two different people"), else ZF_EDENIED with a
 * Chinese message. The draft becomes the body's next version (into
 * *VERSION, may be NULL) and the catalog in force. ZF_ECONFLICT when ID is
 * no longer a draft. Logged ("catalog_approve") and audited. */
int zf_app_catalog_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			   int64_t *version, struct zf_err *err);

/* Rejects draft ID with REASON (2..500 characters, field "reason"): ACTOR
 * must be the 负责人 of the draft's body. Logged ("catalog_reject") and
 * audited; ZF_ECONFLICT when ID is no longer a draft. */
int zf_app_catalog_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  const char *reason, struct zf_err *err);

#endif
