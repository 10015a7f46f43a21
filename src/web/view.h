/* Views: registry values as JSON for templates and the API, rendered by zhifa, not the database. */
#ifndef ZF_WEB_VIEW_H
#define ZF_WEB_VIEW_H
#include <jansson.h>
#include <stdint.h>

#include "core/registry.h"
#include "app/registry.h"
#include "web/http.h"

/* A body as JSON. FULL adds state details and version (staff, API). New reference. */
json_t *zf_view_body(const struct zf_body *b, int full);

/* An officer as JSON with the verdict for TODAY ("verdict", "verdict_label",
 * dates also as "valid_to_cn" 2026年3月5日). FULL adds state reason, legal
 * qualification, review start and version. New reference. */
json_t *zf_view_officer(const struct zf_officer *o, struct zf_date today, int full);

/* A history entry as JSON with before/after parsed and the changed keys listed. */
json_t *zf_view_history(const struct zf_history *h);

/* S as a JSON string, "" for NULL. New reference. */
json_t *zf_view_str(const char *s);

/* An instant T (Unix seconds) as RFC 3339 UTC ("2026-03-05T06:30:00Z"), null
 * for 0. New reference. */
json_t *zf_view_instant(int64_t t);

/* "2026年3月5日" for an ISO date string, or the input when it is not one. */
json_t *zf_view_date_cn(const char *iso);

/* Today for the request (the app's clock). */
struct zf_date zf_view_today(struct zf_req *req);

/* Reads body / officer ID as the actor may see it, as JSON (FULL view). */
int zf_view_body_get(struct zf_req *req, int64_t id, int full, json_t **out, struct zf_err *err);
int zf_view_officer_get(struct zf_req *req, int64_t id, int full, json_t **out,
			struct zf_err *err);

/* Lists the bodies ACTOR may see as JSON (ACTIVE_ONLY drops suspended ones);
 * FULL as for zf_view_body. 0 or an error in ERR. */
int zf_view_body_list(struct zf_req *req, int full, int active_only, json_t **out,
		      struct zf_err *err);

/* Lists the officers of BODY_ID (0 = all) ACTOR may see as JSON. */
int zf_view_officer_list(struct zf_req *req, int64_t body_id, int full, json_t **out,
			 struct zf_err *err);

/* Reads the officer list's query parameters of REQ (body, q, cert_no, after,
 * limit) into IN, whose strings are REQ's until it completes. ZF_EINVAL with
 * a field error for a body or limit that is not a number; the rest is
 * checked by zf_app_officer_page. */
int zf_view_officer_find(struct zf_req *req, struct zf_officer_find *in, struct zf_err *err);

/* One page P of an officer list found by IN as JSON for the templates and
 * the API: "officers" (zf_view_officer, FULL), "count" (on this page),
 * "count_label" ("共 N 人" when the page is the whole list, "本页 N 人"
 * otherwise: no COUNT query, so a page stays as fast at any size), "next"
 * (PATH with the filters kept, SHOW too when not NULL, and the cursor of the
 * following page; null on the last), "first" (the same without the cursor,
 * null on the first page), "q" and "cert_no" as used. New reference. */
json_t *zf_view_officer_page(struct zf_req *req, const char *path, const struct zf_officer_find *in,
			     const struct zf_officer_page *p, const char *show, int full);

/* Reads the optional id in query parameter NAME into *ID (0 when absent);
 * ZF_EINVAL with a field error (LABEL names it) when it is not a positive id. */
int zf_view_query_id(struct zf_req *req, const char *name, const char *label, int64_t *id,
		     struct zf_err *err);

/* Lets shared caches (nginx) keep a public page or API answer for a minute
 * when nobody is signed in; answers to signed-in users stay uncached. The
 * answer varies with the cookie and Authorization headers, and says so. */
void zf_view_public_cache(struct zf_req *req);

/* zf_view_public_cache, and the server keeps the answer (zf_resp_keep) for
 * pages built only from bodies, officers and publications — what the
 * portal's generation follows — and today's date: until one of them
 * changes, at most a minute and never past midnight (certificate states are
 * computed for today). */
void zf_view_registry_cache(struct zf_req *req);

/* Parses the numeric path argument I; answers 404 itself and returns -1 when
 * it is not a positive id. */
int zf_view_arg_id(struct zf_req *req, int i, int64_t *id);

#endif
