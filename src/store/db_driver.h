/* Driver-level helpers shared by the store modules (not for app/). */
#ifndef ZF_STORE_DB_DRIVER_H
#define ZF_STORE_DB_DRIVER_H
#include "store/db.h"

/* 1 when a transaction is open on DB. */
int zf_db_in_tx(struct zf_db *db);

#endif
