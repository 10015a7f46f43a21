/* Schema: numbered migrations embedded in the binary, and installation metadata. */
#ifndef ZF_STORE_SCHEMA_H
#define ZF_STORE_SCHEMA_H
#include "store/db.h"
#include "util/arena.h"

/* 1 when DB holds a zhifa schema (table schema_migration), 0 when it holds no
 * tables at all, ZF_ECONFLICT when it holds other tables. */
int zf_store_schema_present(struct zf_db *db, struct zf_err *err);

/* Applies pending migrations for the driver's dialect, each in its own
 * transaction; *APPLIED (may be NULL) gets how many ran. A database holding
 * other programs' tables is refused with ZF_ECONFLICT, untouched. */
int zf_store_migrate(struct zf_db *db, int *applied, struct zf_err *err);

/* Number of migrations for DB's dialect not yet applied (0 when current).
 * A migration whose state cannot be read counts as pending (fails closed). */
int zf_store_migrate_pending(struct zf_db *db);

/* Highest applied migration number, or 0. */
int zf_store_schema_version(struct zf_db *db, int *version, struct zf_err *err);

/* Installation metadata (origin name, ...). Get returns ZF_ENOTFOUND when unset. */
int zf_store_meta_get(struct zf_db *db, struct zf_arena *a, const char *key, char **value,
		      struct zf_err *err);
int zf_store_meta_set(struct zf_db *db, const char *key, const char *value, struct zf_err *err);

#endif
