/* Inside app/: the AV list in force read on a connection the caller holds (the case engine's transaction). */
#ifndef ZF_APP_AV_LIST_INT_H
#define ZF_APP_AV_LIST_INT_H
#include <jansson.h>
#include <stdint.h>

#include "core/procedure.h"
#include "store/db.h"

/* The AV list in force for BODY_ID on DB: its newest stored version, or the
 * default of SET (version 0, time 0). New reference into *OUT; *VERSION and
 * *AT (its time) may be NULL. */
int zf_app_av_list_read(struct zf_db *db, const struct zf_procedures *set, int64_t body_id,
			json_t **out, int64_t *version, int64_t *at, struct zf_err *err);

#endif
