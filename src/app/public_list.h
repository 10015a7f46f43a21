/* The lists published before enforcement (事前公开) per body and kind: drafts, the body's approval by someone other than the drafter, the county justice bureau's approval of the 行政执法事项清单, going live (superseding the version before) and rejection, each step a history row and record-log entry; the reads of the portal and the workbench. */
#ifndef ZF_APP_PUBLIC_LIST_H
#define ZF_APP_PUBLIC_LIST_H
#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "core/public_list.h"
#include "store/public_list.h"

/* Who does what (docs/publicity.md):
 *  - draft: a reviewer (法制审核人员) or leader (负责人) of the body;
 *  - approve inside the body: a leader of the body other than the drafter;
 *    every kind but "items" goes live then;
 *  - justice: a supervisor (监督人员, county justice bureau) records the
 *    审核 of an approved "items" list, which then goes live;
 *  - reject with a reason: a leader of the body (a draft) or a supervisor
 *    (an approved "items" list).
 * Each step writes a history row (entity "public_list", the row id; actions
 * public_list_draft / _approve / _justice / _live / _supersede / _reject)
 * with its record-log entry and an audit record, in one transaction. */

/* Stores LIST (validated as KIND, core/public_list.h) as a draft of the
 * actor's body with NOTE (0..500 characters: why it changes, e.g. a law
 * changed); the new row id into *ID (may be NULL). */
int zf_app_public_list_draft(struct zf_app *app, const struct zf_actor *actor, const char *kind,
			     const json_t *list, const char *note, int64_t *id,
			     struct zf_err *err);

/* The body's approval of draft ID; *LIVE (may be NULL) becomes 1 when the
 * list went live with it. */
int zf_app_public_list_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			       int *live, struct zf_err *err);

/* The county justice bureau's approval (审核) of approved items list ID,
 * which goes live. */
int zf_app_public_list_justice(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			       struct zf_err *err);

/* Sends draft or approved row ID back with REASON (2..500 characters). */
int zf_app_public_list_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			      const char *reason, struct zf_err *err);

/* Row ID with its JSON as ACTOR may see it: live and superseded versions
 * are public; others only for staff of the body and supervisors
 * (ZF_ENOTFOUND otherwise). */
int zf_app_public_list_get(struct zf_app *app, const struct zf_actor *actor,
			   struct zf_arena *a, int64_t id, struct zf_public_list_rec *out,
			   struct zf_err *err);

/* The live version of BODY_ID / KIND (public); ZF_ENOTFOUND when none. */
int zf_app_public_list_live(struct zf_app *app, struct zf_arena *a, int64_t body_id,
			    const char *kind, struct zf_public_list_rec *out,
			    struct zf_err *err);

/* The versions of BODY_ID (0 = every body) and KIND (NULL = every kind)
 * without JSON: the published ones (live, superseded) for the public
 * (ALL 0), or every row for staff of the body and supervisors (ALL 1,
 * checked against ACTOR). Newest first per body and kind. */
int zf_app_public_list_rows(struct zf_app *app, const struct zf_actor *actor,
			    struct zf_arena *a, int64_t body_id, const char *kind, int all,
			    struct zf_public_list_rec **out, size_t *n, struct zf_err *err);

/* The items lists awaiting the justice bureau (supervisors only). */
int zf_app_public_list_queue(struct zf_app *app, const struct zf_actor *actor,
			     struct zf_arena *a, struct zf_public_list_rec **out, size_t *n,
			     struct zf_err *err);

/* The benchmarks (裁量基准) draft generated from the active violation types
 * and bands of the actor's body (core: zf_public_list_benchmarks). New
 * reference into *OUT. */
int zf_app_public_list_benchmarks(struct zf_app *app, const struct zf_actor *actor,
				  json_t **out, struct zf_err *err);

#endif
