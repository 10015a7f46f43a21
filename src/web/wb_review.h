/* Legal review on the workbench pages: the case page's review panel and helpers shared by the review pages and the API. */
#ifndef ZF_WEB_WB_REVIEW_H
#define ZF_WEB_WB_REVIEW_H
#include <jansson.h>
#include <stdint.h>

#include "app/review_flow.h"
#include "core/procedure.h"
#include "web/http.h"

/* The review panel of case CASE_ID for its page (NULL when ACTOR may not
 * read it): major, the rules' why texts, versions with links, flags. */
json_t *zf_wb_review_panel(struct zf_req *req, int64_t case_id);

/* Review R as JSON (proposal and package parsed; due_class "ok" | "warn"
 * (≤ 2 working days) | "bad" (overdue) for an open review). */
json_t *zf_wb_review_json(struct zf_req *req, const struct zf_review_rec *r);

/* Proposal PROP (zf_review_proposal's canonical JSON) in Chinese for the
 * review page: [{"key","label","text"}] in a fixed order — the decision
 * kind, penalty types and band by P's option labels, money as "1,234.50元",
 * flags as their phrases, "无" for an empty value. New reference. */
json_t *zf_wb_review_proposal_rows(struct zf_req *req, const struct zf_procedure *p,
				   const json_t *prop);

/* The rows of AFTER whose text differs from the same row of BEFORE (both
 * from zf_wb_review_proposal_rows): [{"field","before","after"}]. */
json_t *zf_wb_review_diff(const json_t *before, const json_t *after);

/* The coordination section of case CASE_ID for the review page of
 * REVIEW_ID: its discussions (with minutes links), the body's leader
 * accounts for the discussion form (checked and opinions kept from the
 * request's form), this review's disagreements and "can_discuss" (a leader
 * and an open disagreement). NULL when ACTOR may not read the case. */
json_t *zf_wb_review_coord(struct zf_req *req, int64_t case_id, int64_t review_id);

#endif
