/* Repositories of enforcement bodies and officers (tables body, officer). */
#ifndef ZF_STORE_REGISTRY_H
#define ZF_STORE_REGISTRY_H
#include <stddef.h>

#include "core/registry.h"
#include "store/db.h"
#include "util/arena.h"

/* Inserts B (id and version ignored; version starts at 1) at time NOW; the new
 * id goes to *ID. ZF_ECONFLICT when the USCC is taken. */
int zf_store_body_insert(struct zf_db *db, const struct zf_body *b, int64_t now,
			 int64_t *id, struct zf_err *err);

/* Updates every field of B where id = b->id and version = b->version, bumping
 * version. ZF_ENOTFOUND when absent, ZF_ECONFLICT when the version is stale
 * or the USCC is taken by another body. */
int zf_store_body_update(struct zf_db *db, const struct zf_body *b, int64_t now,
			 struct zf_err *err);

/* Reads body ID into *OUT; strings live in A. ZF_ENOTFOUND when absent. */
int zf_store_body_get(struct zf_db *db, struct zf_arena *a, int64_t id,
		      struct zf_body *out, struct zf_err *err);

/* Lists bodies ordered by id; suspended ones only with ALL. The array and
 * strings live in A. */
int zf_store_body_list(struct zf_db *db, struct zf_arena *a, int all,
		       struct zf_body **out, size_t *n, struct zf_err *err);

/* Inserts O as for bodies. ZF_ECONFLICT when the certificate number is taken,
 * or the body does not exist. */
int zf_store_officer_insert(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    int64_t *id, struct zf_err *err);

/* Updates O by id and version as for bodies. */
int zf_store_officer_update(struct zf_db *db, const struct zf_officer *o, int64_t now,
			    struct zf_err *err);

/* Reads officer ID (with body_name) into *OUT. ZF_ENOTFOUND when absent. */
int zf_store_officer_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_officer *out, struct zf_err *err);

/* Reads the officer holding certificate CERT_NO (exact, normalised) into *OUT. */
int zf_store_officer_by_cert(struct zf_db *db, struct zf_arena *a, const char *cert_no,
			     struct zf_officer *out, struct zf_err *err);

/* Lists officers of BODY_ID (0 = all bodies) ordered by body id, then
 * certificate number, then id. */
int zf_store_officer_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			  struct zf_officer **out, size_t *n, struct zf_err *err);

/* Counts rows of the registry: bodies and officers (for the dashboard). */
int zf_store_registry_counts(struct zf_db *db, int64_t *bodies, int64_t *officers,
			     struct zf_err *err);

#endif
