/* Use cases of the registry: enforcement bodies and officers, kept by the registrar, read by all. */
#ifndef ZF_APP_REGISTRY_H
#define ZF_APP_REGISTRY_H
#include <stddef.h>

#include "app/app.h"
#include "core/registry.h"
#include "store/history.h" /* struct zf_history: the change records the history use case returns */
#include "util/arena.h"

/* Lists bodies for ACTOR: the public sees active bodies; staff with
 * ZF_PERM_REGISTRY_READ see all. Array and strings live in A. */
int zf_app_body_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     struct zf_body **out, size_t *n, struct zf_err *err);

/* Reads body ID; the public gets ZF_ENOTFOUND for a suspended body. */
int zf_app_body_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t id, struct zf_body *out, struct zf_err *err);

/* Writes (create, update) accept in ERR the field errors the caller found
 * while reading the input (a form or JSON value of the wrong type): they are
 * reported together with the validator's, and the request is refused and
 * audited like any invalid one. */

/* Creates a body from IN (validated in full; ZF_EINVAL with field errors,
 * ZF_ECONFLICT for a taken USCC, ZF_EDENIED without ZF_PERM_REGISTRY_WRITE).
 * Writes the body, its history and an audit record in one transaction; a
 * refused request writes only its audit record. */
int zf_app_body_create(struct zf_app *app, const struct zf_actor *actor,
		       const struct zf_body *in, int64_t *id, struct zf_err *err);

/* Updates body IN->id at IN->version (ZF_ECONFLICT when stale) the same way.
 * The state is not changed here: use zf_app_body_set_state. */
int zf_app_body_update(struct zf_app *app, const struct zf_actor *actor,
		       const struct zf_body *in, struct zf_err *err);

/* Suspends or reinstates body ID (STATE from enum zf_body_state) with a
 * reason; DATE is the civil date it takes effect (NULL = today). */
int zf_app_body_set_state(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  int state, const char *date, const char *reason, struct zf_err *err);

/* The body whose registrars keep the registry of every body (the registry
 * office): meta "registry_body", or the first body when unset (the one a
 * new installation starts with). 0 when there is none. */
int64_t zf_app_registry_office(struct zf_db *db);

/* Lists officers of BODY_ID (0 = all) for ACTOR; the public sees officers of
 * active bodies only. */
int zf_app_officer_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_officer **out, size_t *n, struct zf_err *err);

/* Paging of the officer lists: default and largest page, longest name query
 * (characters). */
#define ZF_OFFICER_PAGE_SIZE 50
#define ZF_OFFICER_PAGE_MAX 200
#define ZF_OFFICER_Q_MAX 50

/* What a user asked of an officer list (query parameters, unvalidated;
 * strings borrowed for the call). */
struct zf_officer_find {
	int64_t body_id;     /* 0 = every body */
	const char *q;       /* a part of the name; trimmed; NULL or "" = any */
	const char *cert_no; /* a whole certificate number, normalised first */
	const char *after;   /* the NEXT of the previous page; NULL or "" = the first */
	int64_t limit;       /* 0 = ZF_OFFICER_PAGE_SIZE, else 1..ZF_OFFICER_PAGE_MAX */
	int q_cert;          /* staff search: Q also matches a part of the certificate number */
	int cert;            /* enum zf_officer_cert_filter, against today (staff lists) */
};

/* One page of an officer list; everything lives in the caller's arena. */
struct zf_officer_page {
	struct zf_officer *officers;
	size_t n;
	const char *next;    /* cursor of the following page (an opaque word for
			      * "after"), NULL on the last page */
	const char *q;       /* the name query as used (trimmed), "" when none */
	const char *cert_no; /* the certificate number as used (normalised), "" when none */
};

/* Lists one page of officers matching IN for ACTOR in the order of
 * zf_store_officer_list; the public sees officers of active bodies only, as
 * with zf_app_officer_list. ZF_EINVAL with a field error naming "q",
 * "cert_no", "after" or "limit" for bad input; ZF_ENOTFOUND for an unknown
 * body. Reads one page more than it shows only by one row, so a page costs
 * the same wherever it is in a list of any length. */
int zf_app_officer_page(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			const struct zf_officer_find *in, struct zf_officer_page *out,
			struct zf_err *err);

/* Reads officer ID. */
int zf_app_officer_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		       int64_t id, struct zf_officer *out, struct zf_err *err);

/* Looks a certificate up as a citizen does: CERT_NO is normalised first;
 * ZF_ENOTFOUND when unknown, ZF_EINVAL when it cannot be a certificate number. */
int zf_app_certificate_check(struct zf_app *app, const struct zf_actor *actor,
			     struct zf_arena *a, const char *cert_no, struct zf_officer *out,
			     struct zf_err *err);

/* Creates, updates an officer as for bodies. Updating may change the
 * certificate state (有效/暂扣/注销/吊销 with date and reason); the history
 * keeps before and after. */
int zf_app_officer_create(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_officer *in, int64_t *id, struct zf_err *err);
int zf_app_officer_update(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_officer *in, struct zf_err *err);

/* The canonical JSON (keys sorted, compact) of body B and officer O: what
 * their history rows hold and the record log commits to. Derived from the
 * stored fields only (not version or instants), so that a live row can be
 * compared with its latest history. malloc'd (caller frees); NULL when out
 * of memory. */
char *zf_app_body_canonical(const struct zf_body *b);
char *zf_app_officer_canonical(const struct zf_officer *o);

/* History of a body or officer (ENTITY "body" or "officer"), newest first;
 * needs ZF_PERM_REGISTRY_READ. */
int zf_app_registry_history(struct zf_app *app, const struct zf_actor *actor,
			    struct zf_arena *a, const char *entity, int64_t id,
			    struct zf_history **out, size_t *n, struct zf_err *err);

#endif
