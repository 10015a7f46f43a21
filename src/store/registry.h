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

/* Where a page of officers starts: after the officer with this key in the
 * order of zf_store_officer_list (body id, certificate number, id). An id of
 * 0 starts at the beginning. CERT_NO is borrowed. */
struct zf_officer_key {
	int64_t body_id;
	const char *cert_no;
	int64_t id;
};

/* The filters and position of one page of officers; strings are borrowed
 * for the duration of the call. */
struct zf_officer_query {
	int64_t body_id;          /* 0 = every body */
	int active_bodies;        /* 1 = only officers of active bodies */
	const char *q;            /* substring of the name (NULL or "" = any) */
	const char *q_cert;       /* with Q: an officer also matches whose certificate
				   * number contains this (NULL = the name only) */
	const char *cert_no;      /* the exact certificate number (NULL or "" = any) */
	int cert;                 /* enum zf_officer_cert_filter (core/registry.h) */
	const char *today;        /* YYYY-MM-DD, for CERT */
	const char *soon;         /* YYYY-MM-DD, the last day EXPIRING covers */
	struct zf_officer_key after;
	size_t limit;             /* rows at most, 1..ZF_STORE_OFFICER_PAGE_MAX */
};

#define ZF_STORE_OFFICER_PAGE_MAX 1000

/* Lists at most Q->limit officers matching Q that come after Q->after in the
 * order of zf_store_officer_list, with body_suspended filled. A keyset
 * query the index officer_body(body_id, cert_no, id) serves: the cost of a
 * page does not grow with how far into the list it is. The array and
 * strings live in A. ZF_EINVAL when the limit is out of range. */
int zf_store_officer_page(struct zf_db *db, struct zf_arena *a, const struct zf_officer_query *q,
			  struct zf_officer **out, size_t *n, struct zf_err *err);

/* Counts rows of the registry: bodies and officers (for the dashboard). */
int zf_store_registry_counts(struct zf_db *db, int64_t *bodies, int64_t *officers,
			     struct zf_err *err);

#endif
