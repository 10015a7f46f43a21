/* Repository of a body's versioned case settings (table case_setting). */
#ifndef ZF_STORE_CASE_SETTING_H
#define ZF_STORE_CASE_SETTING_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* The newest settings version of BODY_ID: its JSON text (in A) into *JSON
 * and its number into *VERSION; ZF_ENOTFOUND when the body has none. */
int zf_store_case_setting_latest(struct zf_db *db, struct zf_arena *a, int64_t body_id,
				 const char **json, int64_t *version, struct zf_err *err);

/* The JSON text of VERSION of BODY_ID into *JSON (in A); ZF_ENOTFOUND when absent. */
int zf_store_case_setting_get(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      int64_t version, const char **json, struct zf_err *err);

/* Stores JSON as the next version of BODY_ID (1 for the first) at NOW by
 * account BY; the number goes to *VERSION. Call inside a write transaction. */
int zf_store_case_setting_add(struct zf_db *db, int64_t body_id, const char *json, int64_t now,
			      int64_t by, int64_t *version, struct zf_err *err);

#endif
