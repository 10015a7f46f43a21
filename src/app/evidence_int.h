/* Internals shared by the evidence use cases (app/evidence*.c) and the log walk: canonical JSON of evidence and custody rows, custody records, connection helpers. */
#ifndef ZF_APP_EVIDENCE_INT_H
#define ZF_APP_EVIDENCE_INT_H
#include <stdint.h>

#include "app/evidence.h"
#include "app/tx.h"
#include "store/evidence.h"
#include "util/arena.h"

#define ZF_EV_MSG_NOMEM "内存不足"

/* The canonical JSON (sorted keys, compact; malloc'd, NULL when out of
 * memory) of evidence row E as its attach history row holds it: case_id,
 * step_code, step_id (when WITH_STEP), sha256, sm3, size, filename,
 * media_type, kind, duration_ms, codec, width, height, device, officers
 * (ids), captured_from, captured_to, place, lat_e6/lon_e6 (null without
 * coordinates), description, attached_by. Without WITH_STEP it is the
 * projection of the immutable columns the log walk compares. */
char *zf_ev_canon(const struct zf_evidence_rec *e, int with_step);

/* The same projection (no step_id) of an evidence history's AFTER_JSON:
 * the keys zf_ev_canon writes, taken from it. AFTER itself when it is not
 * a JSON object. Malloc'd; NULL when out of memory. */
char *zf_ev_canon_project(const char *after_json);

/* The canonical JSON of custody row C (evidence_id, action, account_id,
 * login, addr, at, detail), malloc'd; NULL when out of memory. */
char *zf_ev_custody_canon(const struct zf_custody_rec *c);

/* Records custody ACTION of evidence EVIDENCE_ID at AT with DETAIL for
 * TX's actor in TX: the custody row, its history row (entity
 * "evidence_custody", action "evidence_<ACTION>") and log entry. */
int zf_ev_custody(struct zf_tx *tx, int64_t evidence_id, const char *action, int64_t at,
		  const char *detail, struct zf_err *err);

/* The Chinese label of custody ACTION ("" when unknown). */
const char *zf_ev_custody_label(const char *action);

/* The blob store of APP, or NULL with ZF_ENOTSUP in ERR when the
 * application has none open. */
struct zf_blob_store *zf_ev_blobs(struct zf_app *app, struct zf_err *err);

/* Borrows a connection of APP and opens a read snapshot (zf_ev_read_end
 * returns it; NULL is a no-op). */
int zf_ev_read_begin(struct zf_app *app, struct zf_db **db, struct zf_err *err);
void zf_ev_read_end(struct zf_app *app, struct zf_db *db);

#endif
