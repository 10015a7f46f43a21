/* Legal review on the workbench pages: the case page's review panel and helpers shared by the review pages and the API. */
#ifndef ZF_WEB_WB_REVIEW_H
#define ZF_WEB_WB_REVIEW_H
#include <jansson.h>
#include <stdint.h>

#include "app/review_flow.h"
#include "web/http.h"

/* The review panel of case CASE_ID for its page (NULL when ACTOR may not
 * read it): major, the rules' why texts, versions with links, flags. */
json_t *zf_wb_review_panel(struct zf_req *req, int64_t case_id);

/* Review R as JSON (proposal and package parsed; due_class "ok" | "warn"
 * (≤ 2 working days) | "bad" (overdue) for an open review). */
json_t *zf_wb_review_json(struct zf_req *req, const struct zf_review_rec *r);

#endif
