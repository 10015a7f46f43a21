/* Views: registry values as JSON for templates and the API, rendered by zhifa, not the database. */
#ifndef ZF_WEB_VIEW_H
#define ZF_WEB_VIEW_H
#include <jansson.h>

#include "core/registry.h"
#include "store/history.h"
#include "web/http.h"

/* A body as JSON. FULL adds state details and version (staff, API). New reference. */
json_t *zf_view_body(const struct zf_body *b, int full);

/* An officer as JSON with the verdict for TODAY ("verdict", "verdict_label",
 * dates also as "valid_to_cn" 2026年3月5日). FULL adds state reason, legal
 * qualification, review start and version. New reference. */
json_t *zf_view_officer(const struct zf_officer *o, struct zf_date today, int full);

/* A history entry as JSON with before/after parsed and the changed keys listed. */
json_t *zf_view_history(const struct zf_history *h);

/* "2026年3月5日" for an ISO date string, or the input when it is not one. */
json_t *zf_view_date_cn(const char *iso);

/* Today for the request (the app's clock). */
struct zf_date zf_view_today(struct zf_req *req);

/* Parses the numeric path argument I; answers 404 itself and returns -1 when
 * it is not a positive id. */
int zf_view_arg_id(struct zf_req *req, int i, int64_t *id);

#endif
