/* Repositories of a body's violation types (违法行为) and their discretion bands (tables violation_type, benchmark). */
#ifndef ZF_STORE_VIOLATION_H
#define ZF_STORE_VIOLATION_H
#include <stddef.h>
#include <stdint.h>

#include "core/case_rules.h"
#include "store/db.h"
#include "util/arena.h"

/* Inserts V (id ignored, version 1) with its bands at NOW; the id goes to
 * *ID. ZF_ECONFLICT (field "code") when the body already has V's code. */
int zf_store_violation_insert(struct zf_db *db, const struct zf_violation *v, int64_t now,
			      int64_t *id, struct zf_err *err);

/* Replaces violation V->id at version V->version by V and its bands,
 * bumping the version. ZF_ENOTFOUND when absent, ZF_ECONFLICT when the
 * version is stale or the code taken. */
int zf_store_violation_update(struct zf_db *db, const struct zf_violation *v, int64_t now,
			      struct zf_err *err);

/* Reads violation ID with its bands (by level, then id) into *OUT (in A). */
int zf_store_violation_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			   struct zf_violation *out, struct zf_err *err);

/* Lists the violation types of BODY_ID by code, then id, each with its bands. */
int zf_store_violation_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			    struct zf_violation **out, size_t *n, struct zf_err *err);

#endif
