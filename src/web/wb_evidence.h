/* The evidence of a case on its page: the count, the link to the evidence page and the items bound to each timeline step. */
#ifndef ZF_WEB_WB_EVIDENCE_H
#define ZF_WEB_WB_EVIDENCE_H
#include <jansson.h>
#include <stdint.h>

#include "web/http.h"

/* Adds to the case page's CTX "evidence" ({count, withdrawn, url}, absent
 * when the actor may not read them) and, to each item of TIMELINE whose
 * "step_id" matches, "evidence": [{name, kind, url, withdrawn}]. */
void zf_wb_evidence_case_section(struct zf_req *req, int64_t case_id, json_t *ctx, json_t *timeline);

#endif
