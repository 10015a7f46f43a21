/* Use cases of legal review (法制审核) of major decisions: the catalog per body (draft, approval, versions), the gate the case engine applies before a major decision, and the review workflow (submission, assignment, checklist, opinion, disagreement and collective discussion, legal advisers). The workflow's further contracts live in app/review_flow.h. */
#ifndef ZF_APP_REVIEW_H
#define ZF_APP_REVIEW_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/tx.h"
#include "core/catalog.h"
#include "util/arena.h"

/* ---- the catalog ---- */

/* The catalog in force for BODY_ID inside DB (its newest approved version,
 * or the default when none was approved: version 0), new reference into
 * *OUT. */
int zf_app_catalog_current(struct zf_db *db, int64_t body_id, json_t **out, int64_t *version,
			   struct zf_err *err);

/* ---- the gate (called by the case engine) ---- */

/* What the gate found for one attempt to perform a major_gate step. */
struct zf_review_gate {
	int major;                 /* 1 when the catalog marks the proposal major */
	int64_t catalog_version;
	/* The rules that matched; each match's code and label point into
	 * codes[] and labels[] below, so they stay valid as long as this struct
	 * (copy it with zf_review_gate_copy, not by assignment). */
	struct zf_catalog_match matches[16]; size_t nmatches;
	char codes[16][48];        /* rule codes ([a-z0-9_]{1,40}) */
	char labels[16][320];      /* rule labels (2 to 100 characters, cut at a character) */
	char proposal_sha256[65];  /* of the canonical proposal (docs/legal-review.md) */
	int64_t review_id;         /* the review whose 同意 covers this proposal, 0 = none */
};

/* Evaluates, inside the step's transaction TX, the proposal made of case
 * CASE_ID's facts FACTS (the engine's facts with the step's values merged
 * in: penalty_types, fine, confiscation, band, hearing facts, flags) against
 * the catalog in force for BODY_ID. When the proposal is major, the step
 * may be performed only when a review of this case has outcome 同意 on a
 * proposal with the same SHA-256 (a changed proposal voids the review; a
 * 纠正 or 移送 never opens the gate; a collective discussion does not
 * replace the review): otherwise ZF_EINVAL (field "legal_review") with a
 * Chinese message naming the catalog rules that made the case major and
 * what is missing. *OUT (may be NULL) gets the evaluation. Non-major
 * proposals pass. */
int zf_app_review_gate(struct zf_tx *tx, int64_t case_id, int64_t body_id, const json_t *facts,
		       struct zf_review_gate *out, struct zf_err *err);

/* Copies gate evaluation SRC into DST, pointing DST's matches at DST's own
 * codes and labels. */
void zf_review_gate_copy(struct zf_review_gate *dst, const struct zf_review_gate *src);

/* The proposal of FACTS as the catalog sees it (P's strings borrowed from
 * FACTS) and its canonical SHA-256 (hex into SHA, 65 bytes). */
int zf_review_proposal(const json_t *facts, int party_org, struct zf_proposal *p,
		       const char **types_buf, size_t ntypes_max, char sha[65]);

#endif
