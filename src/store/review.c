/* Repositories of legal review: review versions, disagreements, collective discussions, advisers' opinions and the reviewer's qualification. */
#include "store/repo.h"
#include "store/review.h"

#define MSG_NO_REVIEW "法制审核记录不存在"
#define MSG_VERSION_TAKEN "该案件的法制审核版本已存在，请刷新后重试"
#define MSG_NO_OFFICER "执法人员不存在"
#define MSG_NO_DISAGREEMENT "异议记录不存在"
#define MSG_NO_ADVISER "法律顾问意见请求不存在"

#define REVIEW_COLS                                                                          \
	"r.id, r.case_id, r.body_id, r.version, r.state, r.proposal_json, r.proposal_sha256, " \
	"r.catalog_version, r.matches_json, r.package_json, r.submitted_by, r.submitted_at, "  \
	"r.due_on, COALESCE(r.reviewer_id, 0), COALESCE(o.name, ''), r.assigned_by, "          \
	"r.assigned_at, r.checklist_json, r.outcome, r.opinion, r.corrections, r.transfer_to, " \
	"r.opinion_no, r.transfer_no, r.opinion_json, r.concluded_by, r.concluded_at, "        \
	"COALESCE(r.revises_id, 0), r.updated_at, c.case_no, c.title "                         \
	"FROM review r JOIN cases c ON c.id = r.case_id "                                      \
	"LEFT JOIN officer o ON o.id = r.reviewer_id "

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_review_rec, field)
static const struct zf_repo_col review_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(I64, body_id), COL(I64, version), COL(TEXT, state),
	COL(TEXT, proposal_json), COL(TEXT, proposal_sha256), COL(I64, catalog_version),
	COL(TEXT, matches_json), COL(TEXT, package_json), COL(I64, submitted_by),
	COL(I64, submitted_at), COL(TEXT, due_on), COL(I64, reviewer_id), COL(TEXT, reviewer_name),
	COL(I64, assigned_by), COL(I64, assigned_at), COL(TEXT, checklist_json),
	COL(TEXT, outcome), COL(TEXT, opinion), COL(TEXT, corrections), COL(TEXT, transfer_to),
	COL(TEXT, opinion_no), COL(TEXT, transfer_no), COL(TEXT, opinion_json),
	COL(I64, concluded_by), COL(I64, concluded_at), COL(I64, revises_id), COL(I64, updated_at),
	COL(TEXT, case_no), COL(TEXT, case_title), ZF_REPO_COL_END,
};
#undef COL

int zf_store_review_insert(struct zf_db *db, const struct zf_review_rec *r, int64_t *id,
			   struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->case_id), ZF_ARG_I64(r->body_id), ZF_ARG_I64(r->version),
		ZF_ARG_TEXT(zf_repo_nn(r->proposal_json)), ZF_ARG_TEXT(zf_repo_nn(r->proposal_sha256)),
		ZF_ARG_I64(r->catalog_version), ZF_ARG_TEXT(r->matches_json ? r->matches_json : "[]"),
		ZF_ARG_TEXT(zf_repo_nn(r->package_json)), ZF_ARG_I64(r->submitted_by),
		ZF_ARG_I64(r->submitted_at), ZF_ARG_TEXT(zf_repo_nn(r->due_on)),
		ZF_ARG_REF(r->revises_id), ZF_ARG_I64(r->submitted_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO review (case_id, body_id, version, state, proposal_json, "
				 "proposal_sha256, catalog_version, matches_json, package_json, "
				 "submitted_by, submitted_at, due_on, revises_id, updated_at) "
				 "VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, "version", MSG_VERSION_TAKEN, err);
}

int zf_store_review_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			struct zf_review_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " REVIEW_COLS "WHERE r.id = ?", id, err);

	return rc ? rc : zf_repo_one(st, a, review_cols, out, sizeof(*out), MSG_NO_REVIEW, err);
}

int zf_store_review_list_case(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			      struct zf_review_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " REVIEW_COLS "WHERE r.case_id = ? ORDER BY r.version",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, review_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_review_list_body(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      const char *state, struct zf_review_rec **out, size_t *n,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(body_id),
					   ZF_ARG_TEXT(state ? state : ""),
					   ZF_ARG_TEXT(state ? state : "")};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " REVIEW_COLS "WHERE (? = 0 OR r.body_id = ?) AND "
				 "((? = '' AND r.state IN ('submitted', 'assigned')) OR r.state = ?) "
				 "ORDER BY r.id LIMIT 500",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, review_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_review_next_version(struct zf_db *db, int64_t case_id, int64_t *version,
				 struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT COALESCE(MAX(version), 0) + 1 FROM review WHERE case_id = ?",
				     case_id, err);

	return rc ? rc : zf_stmt_one_i64(st, version, err);
}

int zf_store_review_supersede(struct zf_db *db, int64_t case_id, int64_t now,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(now), ZF_ARG_I64(case_id)};

	return zf_repo_run(db,
			   "UPDATE review SET state = 'superseded', updated_at = ? WHERE case_id = ? "
			   "AND state IN ('submitted', 'assigned')",
			   args, ZF_REPO_NARGS(args), err);
}

int zf_store_review_assign(struct zf_db *db, int64_t id, int64_t reviewer_id, int64_t by,
			   int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(reviewer_id), ZF_ARG_I64(by), ZF_ARG_I64(now),
					   ZF_ARG_I64(now), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review SET reviewer_id = ?, assigned_by = ?, assigned_at = ?, "
				 "state = 'assigned', updated_at = ? WHERE id = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_REVIEW, err);
}

int zf_store_review_checklist(struct zf_db *db, int64_t id, const char *json, int64_t now,
			      struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(json)), ZF_ARG_I64(now),
					   ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review SET checklist_json = ?, updated_at = ? WHERE id = ? "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_REVIEW, err);
}

int zf_store_review_conclude(struct zf_db *db, const struct zf_review_rec *r,
			     struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_TEXT(zf_repo_nn(r->outcome)), ZF_ARG_TEXT(zf_repo_nn(r->opinion)),
		ZF_ARG_TEXT(zf_repo_nn(r->corrections)), ZF_ARG_TEXT(zf_repo_nn(r->transfer_to)),
		ZF_ARG_TEXT(zf_repo_nn(r->opinion_no)), ZF_ARG_TEXT(zf_repo_nn(r->transfer_no)),
		ZF_ARG_TEXT(zf_repo_nn(r->opinion_json)), ZF_ARG_I64(r->concluded_by),
		ZF_ARG_I64(r->concluded_at), ZF_ARG_I64(r->concluded_at), ZF_ARG_I64(r->id),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review SET state = 'concluded', outcome = ?, opinion = ?, "
				 "corrections = ?, transfer_to = ?, opinion_no = ?, transfer_no = ?, "
				 "opinion_json = ?, concluded_by = ?, concluded_at = ?, updated_at = ? "
				 "WHERE id = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_REVIEW, err);
}

int zf_store_review_last_concluded(struct zf_db *db, struct zf_arena *a, int64_t case_id,
				   struct zf_review_rec *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT " REVIEW_COLS "WHERE r.case_id = ? AND "
				     "r.state = 'concluded' ORDER BY r.version DESC LIMIT 1",
				     case_id, err);

	return rc ? rc : zf_repo_one(st, a, review_cols, out, sizeof(*out), MSG_NO_REVIEW, err);
}

/* ---- reviewers ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_reviewer_qual, field)
static const struct zf_repo_col qual_cols[] = {
	COL(I64, body_id), COL(TEXT, name), COL(INT, state), COL(INT, legal_qual),
	COL(TEXT, review_since), COL(INT, accounts), ZF_REPO_COL_END,
};
#undef COL

int zf_store_reviewer_qual(struct zf_db *db, struct zf_arena *a, int64_t officer_id, int role,
			   struct zf_reviewer_qual *out, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(role), ZF_ARG_I64(officer_id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT o.body_id, o.name, o.state, o.legal_qual, "
				 "COALESCE(o.review_since, ''), (SELECT COUNT(*) FROM account ac WHERE "
				 "ac.officer_id = o.id AND ac.role = ? AND ac.enabled = 1) "
				 "FROM officer o WHERE o.id = ?",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_one(st, a, qual_cols, out, sizeof(*out), MSG_NO_OFFICER, err);
}

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_review_reviewer, field)
static const struct zf_repo_col reviewer_cols[] = {
	COL(I64, id), COL(TEXT, name), COL(TEXT, cert_no), COL(TEXT, review_since),
	COL(INT, legal_qual), ZF_REPO_COL_END,
};
#undef COL

int zf_store_review_reviewers(struct zf_db *db, struct zf_arena *a, int64_t body_id, int role,
			      struct zf_review_reviewer **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(role)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT o.id, o.name, o.cert_no, COALESCE(o.review_since, ''), "
				 "o.legal_qual FROM officer o WHERE o.body_id = ? AND o.state = 1 AND "
				 "EXISTS (SELECT 1 FROM account ac WHERE ac.officer_id = o.id AND "
				 "ac.role = ? AND ac.enabled = 1) ORDER BY o.name, o.id",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, reviewer_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

int zf_store_review_role_count(struct zf_db *db, int64_t body_id, int role, int64_t *n,
			       struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(role)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT COUNT(*) FROM account WHERE body_id = ? AND role = ? AND "
				 "enabled = 1",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_stmt_one_i64(st, n, err);
}

int zf_store_review_handled(struct zf_db *db, int64_t case_id, int64_t officer_id, int *handled,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(case_id), ZF_ARG_I64(officer_id),
					   ZF_ARG_I64(case_id), ZF_ARG_I64(officer_id)};
	struct zf_stmt *st = NULL;
	int64_t n = 0;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT (SELECT COUNT(*) FROM case_officer WHERE case_id = ? AND "
				 "officer_id = ?) + (SELECT COUNT(*) FROM case_step s JOIN account ac "
				 "ON ac.id = s.performed_by WHERE s.case_id = ? AND ac.officer_id = ? AND "
				 "s.code NOT IN ('case_review', 'legal_review'))",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_stmt_one_i64(st, &n, err)))
		return rc;
	*handled = n > 0;
	return 0;
}

/* ---- disagreements ---- */

#define DIS_COLS                                                                              \
	"d.id, d.review_id, d.case_id, d.body_id, d.raised_by, d.raised_as, d.reasons, d.state, " \
	"d.resolution, COALESCE(d.discussion_id, 0), d.created_at, d.resolved_at, c.case_no, "    \
	"b.name FROM review_disagreement d JOIN cases c ON c.id = d.case_id "                    \
	"JOIN body b ON b.id = d.body_id "

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_review_disagreement, field)
static const struct zf_repo_col dis_cols[] = {
	COL(I64, id), COL(I64, review_id), COL(I64, case_id), COL(I64, body_id),
	COL(I64, raised_by), COL(TEXT, raised_as), COL(TEXT, reasons), COL(TEXT, state),
	COL(TEXT, resolution), COL(I64, discussion_id), COL(I64, created_at),
	COL(I64, resolved_at), COL(TEXT, case_no), COL(TEXT, body_name), ZF_REPO_COL_END,
};
#undef COL

int zf_store_disagreement_insert(struct zf_db *db, const struct zf_review_disagreement *d,
				 int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(d->review_id), ZF_ARG_I64(d->case_id), ZF_ARG_I64(d->body_id),
		ZF_ARG_I64(d->raised_by), ZF_ARG_TEXT(zf_repo_nn(d->raised_as)),
		ZF_ARG_TEXT(zf_repo_nn(d->reasons)), ZF_ARG_I64(d->created_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO review_disagreement (review_id, case_id, body_id, "
				 "raised_by, raised_as, reasons, state, created_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_disagreement_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			      struct zf_review_disagreement *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, "SELECT " DIS_COLS "WHERE d.id = ?", id, err);

	return rc ? rc : zf_repo_one(st, a, dis_cols, out, sizeof(*out), MSG_NO_DISAGREEMENT, err);
}

int zf_store_disagreement_resolve(struct zf_db *db, int64_t id, const char *resolution,
				  int64_t discussion_id, int64_t now, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(resolution)),
					   ZF_ARG_REF(discussion_id), ZF_ARG_I64(now), ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review_disagreement SET state = 'resolved', resolution = ?, "
				 "discussion_id = ?, resolved_at = ? WHERE id = ? RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_DISAGREEMENT, err);
}

int zf_store_disagreement_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			       struct zf_review_disagreement **out, size_t *n, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(body_id)};
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT " DIS_COLS "WHERE (? = 0 OR d.body_id = ?) "
				 "ORDER BY d.id DESC LIMIT 500",
				 args, ZF_REPO_NARGS(args), err);

	rc = zf_repo_list(st, rc, a, dis_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- collective discussions ---- */

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_review_discussion, field)
static const struct zf_repo_col disc_cols[] = {
	COL(I64, id), COL(I64, case_id), COL(I64, body_id), COL(I64, disagreement_id),
	COL(TEXT, kind), COL(TEXT, held_on), COL(TEXT, chair_name), COL(TEXT, attendees_json),
	COL(TEXT, reviewer_heard), COL(TEXT, minutes_json), COL(I64, chair_id),
	COL(TEXT, conclusion), COL(TEXT, conclusion_text), COL(TEXT, record_json),
	COL(I64, created_by), COL(I64, created_at), ZF_REPO_COL_END,
};
#undef COL

int zf_store_discussion_insert(struct zf_db *db, const struct zf_review_discussion *d,
			       int64_t *id, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(d->case_id), ZF_ARG_I64(d->body_id), ZF_ARG_REF(d->disagreement_id),
		ZF_ARG_TEXT(zf_repo_nn(d->kind)), ZF_ARG_TEXT(zf_repo_nn(d->held_on)),
		ZF_ARG_I64(d->chair_id), ZF_ARG_TEXT(zf_repo_nn(d->chair_name)),
		ZF_ARG_TEXT(zf_repo_nn(d->attendees_json)), ZF_ARG_TEXT(zf_repo_nn(d->reviewer_heard)),
		ZF_ARG_TEXT(zf_repo_nn(d->minutes_json)), ZF_ARG_TEXT(zf_repo_nn(d->conclusion)),
		ZF_ARG_TEXT(zf_repo_nn(d->conclusion_text)), ZF_ARG_TEXT(zf_repo_nn(d->record_json)),
		ZF_ARG_I64(d->created_by), ZF_ARG_I64(d->created_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO review_discussion (case_id, body_id, disagreement_id, "
				 "kind, held_on, chair_id, chair_name, attendees_json, reviewer_heard, "
				 "minutes_json, conclusion, conclusion_text, record_json, created_by, "
				 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_discussion_list(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			     struct zf_review_discussion **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT id, case_id, body_id, COALESCE(disagreement_id, 0), kind, "
				     "held_on, chair_name, attendees_json, reviewer_heard, minutes_json, "
				     "chair_id, conclusion, conclusion_text, record_json, created_by, "
				     "created_at FROM review_discussion WHERE case_id = ? ORDER BY id",
				     case_id, err);

	rc = zf_repo_list(st, rc, a, disc_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}

/* ---- legal advisers ---- */

#define ADV_SELECT                                                                          \
	"SELECT id, review_id, name, kind, organisation, question, requested_by, requested_at, " \
	"opinion, answered_at FROM review_adviser "

#define COL(kind, field) ZF_REPO_COL(kind, struct zf_review_adviser, field)
static const struct zf_repo_col adv_cols[] = {
	COL(I64, id), COL(I64, review_id), COL(TEXT, name), COL(TEXT, kind),
	COL(TEXT, organisation), COL(TEXT, question), COL(I64, requested_by),
	COL(I64, requested_at), COL(TEXT, opinion), COL(I64, answered_at), ZF_REPO_COL_END,
};
#undef COL

int zf_store_adviser_insert(struct zf_db *db, const struct zf_review_adviser *r, int64_t *id,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {
		ZF_ARG_I64(r->review_id), ZF_ARG_TEXT(zf_repo_nn(r->name)),
		ZF_ARG_TEXT(zf_repo_nn(r->kind)), ZF_ARG_TEXT(zf_repo_nn(r->organisation)),
		ZF_ARG_TEXT(zf_repo_nn(r->question)), ZF_ARG_I64(r->requested_by),
		ZF_ARG_I64(r->requested_at),
	};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "INSERT INTO review_adviser (review_id, name, kind, organisation, "
				 "question, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_inserted(st, id, NULL, NULL, err);
}

int zf_store_adviser_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			 struct zf_review_adviser *out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st, ADV_SELECT "WHERE id = ?", id, err);

	return rc ? rc : zf_repo_one(st, a, adv_cols, out, sizeof(*out), MSG_NO_ADVISER, err);
}

int zf_store_adviser_answer(struct zf_db *db, int64_t id, const char *opinion, int64_t now,
			    struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(zf_repo_nn(opinion)), ZF_ARG_I64(now),
					   ZF_ARG_I64(id)};
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "UPDATE review_adviser SET opinion = ?, answered_at = ? WHERE id = ? "
				 "RETURNING id",
				 args, ZF_REPO_NARGS(args), err);

	return rc ? rc : zf_repo_changed(st, MSG_NO_ADVISER, err);
}

int zf_store_adviser_list(struct zf_db *db, struct zf_arena *a, int64_t review_id,
			  struct zf_review_adviser **out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	void *rows = NULL;
	int rc = zf_repo_prepare_i64(db, &st, ADV_SELECT "WHERE review_id = ? ORDER BY id",
				     review_id, err);

	rc = zf_repo_list(st, rc, a, adv_cols, sizeof(**out), &rows, n, err);
	*out = rows;
	return rc;
}
