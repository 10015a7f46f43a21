/* Use cases of the legal-review workflow (docs/legal-review.md): submission with its package, assignment to a reviewer, the eight-point checklist, the opinion, disagreement and collective discussion (协调决策机制), legal advisers' opinions, and the reads the pages need. Every write is a history row and a record-log entry in its transaction. */
#ifndef ZF_APP_REVIEW_FLOW_H
#define ZF_APP_REVIEW_FLOW_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/account.h"
#include "store/review.h"
#include "util/arena.h"

/* The eight points of 国办发〔2018〕118号, in order: keys of the checklist. */
#define ZF_REVIEW_NCHECKS 8
/* Key (subject, qualification, procedure, facts, law, powers, documents,
 * crime) and Chinese label of point I (0..7); NULL beyond. */
const char *zf_review_check_key(size_t i);
const char *zf_review_check_label(size_t i);

/* The start of penalty-review work from which 法律职业资格 is required
 * (行政处罚法 art. 58(2), in force 2021-07-15). */
#define ZF_REVIEW_QUAL_FROM "2021-07-15"

/* Submits the proposal of case CASE_ID for legal review as a new version:
 * PACKAGE is {"situation" 情况说明 (facts), "evidence" 证据清单, "basis" 法律依据,
 * "discretion" 裁量理由, "draft" 决定书草稿, "hearing_record" 听证笔录 (required
 * when a hearing was held)}; the proposal (penalty, fine, confiscation,
 * band, flags) is the case's current facts, the officers' certificates its
 * officers. Missing parts are refused together (ZF_EINVAL, one field error
 * per part, "package.<key>", in Chinese). The actor is a handler of the case
 * or a leader of its body. Earlier unconcluded versions are superseded; the
 * new one records the proposal's SHA-256, the catalog version and the review
 * time limit (setting legal_review_days working days). Id into *ID. */
int zf_app_review_submit(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			 const json_t *package, int64_t *id, struct zf_err *err);

/* Assigns review ID to REVIEWER_ID (an officer of the body with a reviewer
 * account). ACTOR is a leader of the body or the submitter. Refused, naming
 * the rule: the officer handled the case; for a penalty case, the officer
 * began review work on or after 2021-07-15 (or has no date recorded) and
 * holds no 法律职业资格. */
int zf_app_review_assign(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			 int64_t reviewer_id, struct zf_err *err);

/* Records the checklist of review ID by its assigned reviewer: ANSWERS is
 * {"<key>": {"answer": "yes"|"no"|"na", "note": text}, ...}; answers given
 * are validated (a note with each), absent points stay open. */
int zf_app_review_checklist(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			    const json_t *answers, struct zf_err *err);

/* Records the outcome of review ID by its assigned reviewer once all eight
 * points are answered: IN is {"outcome": "agree"|"correct"|"transfer",
 * "opinion": reasons, "corrections" (纠正: required), "transfer_to" and
 * "transfer_judicial" (移送: required; judicial when a crime is
 * suspected)}. Refused when the case's proposal changed since submission.
 * Issues the 法制审核意见书 (numbered) on the case's legal_review step
 * record, and for 移送 the number of its 案件移送函. */
int zf_app_review_conclude(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   const json_t *in, struct zf_err *err);

/* ---- disagreement and collective discussion (app/review_coord.c) ---- */

/* Records that the handler (a case officer) or the body head (a leader)
 * does not accept the 纠正 opinion of review ID, with REASONS; it goes to
 * coordination. Id into *ID. */
int zf_app_review_disagree(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   const char *reasons, int64_t *id, struct zf_err *err);

/* Records a collective discussion (集体讨论) of case CASE_ID by a leader of
 * its body. IN: {"kind": "coordination" (with "disagreement_id") | "art57",
 * "held_on", "chair": account id of a leader (主要负责人 or designated deputy),
 * "chair_deputy": bool, "attendees": [{"account_id", "opinion"}] (leaders of
 * the body, the chair among them, more than discussion_quorum_pct percent of
 * the body's leader accounts), "reviewer_heard": what the reviewer said
 * (coordination: required), "conclusion": coordination "revise_proposal" |
 * "revise_opinion", art57 a decision word, "conclusion_text"}. A coordination
 * resolves its disagreement: revise_opinion opens a new review version of the
 * same proposal for the same reviewer (its opinion may be 同意);
 * revise_proposal leaves the handler to change and resubmit. It never opens
 * the gate itself. Id into *ID. */
int zf_app_review_discuss(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			  const json_t *in, int64_t *id, struct zf_err *err);

/* Asks a legal adviser for a written opinion on review ID: IN {"name",
 * "kind": "counsel" (法律顾问) | "public_lawyer" (公职律师), "organisation",
 * "question"}; by the reviewer, a leader or a handler. Id into *ID. */
int zf_app_review_adviser_ask(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			      const json_t *in, int64_t *id, struct zf_err *err);

/* Records the adviser's written OPINION on request ID. */
int zf_app_review_adviser_answer(struct zf_app *app, const struct zf_actor *actor, int64_t id,
				 const char *opinion, struct zf_err *err);

/* ---- reads (app/review_read.c) ---- */

/* What the case page says about legal review of one case. */
struct zf_review_status {
	int major;                   /* the catalog in force marks the current proposal major */
	const char **rules; size_t nrules; /* why texts of the matching rules (in A) */
	struct zf_review_rec *reviews; size_t nreviews; /* oldest version first */
	int passed;                  /* the newest concluded review is 同意 on the current proposal */
	int changed;                 /* the current proposal differs from the newest version's */
};

/* The legal-review status of case CASE_ID for ACTOR (who may read it),
 * strings and arrays in A. */
int zf_app_review_status(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			 struct zf_arena *a, struct zf_review_status *out, struct zf_err *err);

/* The reviewers of ACTOR's body (officers with a reviewer account) a
 * review may be assigned to, subject to zf_app_review_assign's rules. */
int zf_app_review_reviewers(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			    struct zf_review_reviewer **out, size_t *n, struct zf_err *err);

/* The case of review ID into *CASE_ID when ACTOR may read it. */
int zf_app_review_case_of(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  int64_t *case_id, struct zf_err *err);

/* The open reviews (submitted or assigned) of ACTOR's body, oldest first
 * (every body for a supervisor). */
int zf_app_review_queue(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			struct zf_review_rec **out, size_t *n, struct zf_err *err);

/* The reviews of case CASE_ID (oldest first) for ACTOR. */
int zf_app_review_list_case(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			    struct zf_arena *a, struct zf_review_rec **out, size_t *n,
			    struct zf_err *err);

/* The disagreements ACTOR may see: every body for a supervisor, the own
 * body for a leader or reviewer; newest first. */
int zf_app_review_disagreements(struct zf_app *app, const struct zf_actor *actor,
				struct zf_arena *a, struct zf_review_disagreement **out, size_t *n,
				struct zf_err *err);

/* What the coordination forms of case CASE_ID need: its collective
 * discussions (oldest first, with their minutes record_json) and the
 * enabled leader accounts of its body (the possible chair and attendees),
 * in A. ACTOR may read the case. */
struct zf_review_coord {
	struct zf_review_discussion *discussions; size_t ndiscussions;
	struct zf_account *leaders; size_t nleaders;
};
int zf_app_review_coord(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			struct zf_arena *a, struct zf_review_coord *out, struct zf_err *err);

/* The legal-adviser requests of review ID (oldest first) for ACTOR, who
 * may read its case. */
int zf_app_review_advisers(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   struct zf_arena *a, struct zf_review_adviser **out, size_t *n,
			   struct zf_err *err);

#endif
