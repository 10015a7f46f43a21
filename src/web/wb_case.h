/* Pieces the workbench case pages share: the case header, deadlines in words, the officers a step may name. */
#ifndef ZF_WEB_WB_CASE_H
#define ZF_WEB_WB_CASE_H
#include <jansson.h>

#include "app/case.h"
#include "core/calendar.h"
#include "web/http.h"

/* A due date DUE (YYYY-MM-DD) as zf_case_text_deadline shows it, its days
 * left counted on CAL (may be NULL: then only OVERDUE colours it); false
 * when DUE is empty. New reference. */
json_t *zf_wb_due_json(struct zf_req *req, const struct zf_calendar *cal, const char *due,
		       int overdue);

/* Deadline D for templates (zf_case_text_deadline). New reference. */
json_t *zf_wb_deadline_of(const struct zf_case_deadline *d);

/* The officers of BODY_ID (0 = every body the actor sees) whose certificate is valid
 * today, as choices {"value": id, "label": "name（执法证号 …）"}. New reference. */
json_t *zf_wb_officer_choices(struct zf_req *req, int64_t body_id);

/* A page context with "title", "case" (案号, 案由, 程序, 状态, 主体, version),
 * "case_url" and "open" for the case in V. New reference. */
json_t *zf_wb_case_header(struct zf_req *req, const struct zf_case_view *v);

/* The case material of CASE_ID for the review page: "parties", "officers",
 * "facts" (labelled), "timeline" (steps with records, documents and
 * evidence), "evidence" ({count, withdrawn, url}) and "violation"; *PROC the
 * case's procedure definition (NULL when unknown). NULL when ACTOR may not
 * read the case. New reference. */
json_t *zf_wb_case_material(struct zf_req *req, int64_t case_id, const struct zf_procedure **proc);

#endif
