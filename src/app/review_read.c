/* Reads of legal review for the pages and the API: a case's review status (major or not, why, its versions), the review queue and the disagreements supervisors follow. */
#include <string.h>

#include "app/case_int.h"
#include "app/review.h"
#include "app/review_flow.h"
#include "core/role.h"

int zf_app_review_status(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			 struct zf_arena *a, struct zf_review_status *out, struct zf_err *err)
{
	struct zf_case_ctx x = {0};
	struct zf_db *db = NULL;
	struct zf_proposal p;
	const char *types[32];
	char sha[65];
	json_t *facts = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	if ((rc = zf_case_ctx_load(&x, app, db, a, case_id, NULL, err)) ||
	    (rc = zf_case_may_read(actor, x.c.body_id, err)) ||
	    (rc = zf_store_review_list_case(db, a, case_id, &out->reviews, &out->nreviews, err)))
		goto end;
	if (!(facts = zf_case_facts(&x, NULL)) ||
	    zf_review_proposal(facts, x.nparties && x.parties[0].kind == ZF_PARTY_ORG, &p, types,
			       32, sha)) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	const json_t *rules = json_object_get(facts, "major_rules"), *e;
	size_t i;
	out->major = json_is_true(json_object_get(facts, "major"));
	if (json_array_size(rules) &&
	    !(out->rules = zf_arena_alloc(a, json_array_size(rules) * sizeof(*out->rules)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	json_array_foreach(rules, i, e)
		if (json_is_string(e))
			out->rules[out->nrules++] = zf_arena_strdup(a, json_string_value(e));
	for (size_t k = out->nreviews; k-- > 0;) {
		const struct zf_review_rec *r = &out->reviews[k];
		if (k == out->nreviews - 1)
			out->changed = strcmp(r->proposal_sha256, sha) != 0;
		if (!strcmp(r->state, "concluded")) {
			out->passed = !strcmp(r->outcome, "agree") && !strcmp(r->proposal_sha256, sha);
			break;
		}
	}
end:
	json_decref(facts);
	zf_case_ctx_free(&x);
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_case_of(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  int64_t *case_id, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_review_rec r;
	struct zf_db *db = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!(rc = zf_case_read_begin(app, &db, err))) {
		if (!(rc = zf_store_review_get(db, a, id, &r, err)) &&
		    !(rc = zf_case_may_read(actor, r.body_id, err)))
			*case_id = r.case_id;
		zf_case_read_end(app, db);
	}
	zf_arena_free(a);
	return rc;
}

int zf_app_review_reviewers(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			    struct zf_review_reviewer **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	rc = zf_store_review_reviewers(db, a, actor->body_id, ZF_ROLE_REVIEWER, out, n, err);
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_queue(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			struct zf_review_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_REVIEW))
		return zf_err_set(err, ZF_EDENIED, "无权查看法制审核");
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	rc = zf_store_review_list_body(db, a,
				       actor->cli || zf_role_all_bodies(actor->role) ? 0 : actor->body_id,
				       NULL, out, n, err);
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_list_case(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			    struct zf_arena *a, struct zf_review_rec **out, size_t *n,
			    struct zf_err *err)
{
	struct zf_case_rec c;
	struct zf_db *db = NULL;
	int rc = zf_case_read_begin(app, &db, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (!(rc = zf_store_case_get(db, a, case_id, &c, err)) &&
	    !(rc = zf_case_may_read(actor, c.body_id, err)))
		rc = zf_store_review_list_case(db, a, case_id, out, n, err);
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_disagreements(struct zf_app *app, const struct zf_actor *actor,
				struct zf_arena *a, struct zf_review_disagreement **out, size_t *n,
				struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_REVIEW))
		return zf_err_set(err, ZF_EDENIED, "无权查看法制审核异议");
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	rc = zf_store_disagreement_list(db, a,
					actor->cli || zf_role_all_bodies(actor->role) ? 0
										     : actor->body_id,
					out, n, err);
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_coord(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			struct zf_arena *a, struct zf_review_coord *out, struct zf_err *err)
{
	struct zf_case_rec c;
	struct zf_account *acc = NULL;
	struct zf_db *db = NULL;
	size_t nacc = 0;
	int rc = zf_case_read_begin(app, &db, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if ((rc = zf_store_case_get(db, a, case_id, &c, err)) ||
	    (rc = zf_case_may_read(actor, c.body_id, err)) ||
	    (rc = zf_store_discussion_list(db, a, case_id, &out->discussions, &out->ndiscussions,
					   err)) ||
	    (rc = zf_store_account_list(db, a, &acc, &nacc, err)))
		goto end;
	if (nacc && !(out->leaders = zf_arena_alloc(a, nacc * sizeof(*out->leaders)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	for (size_t i = 0; i < nacc; i++)
		if (acc[i].body_id == c.body_id && acc[i].role == ZF_ROLE_LEADER && acc[i].enabled)
			out->leaders[out->nleaders++] = acc[i];
end:
	zf_case_read_end(app, db);
	return rc;
}

int zf_app_review_advisers(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   struct zf_arena *a, struct zf_review_adviser **out, size_t *n,
			   struct zf_err *err)
{
	struct zf_review_rec r;
	struct zf_db *db = NULL;
	int rc = zf_case_read_begin(app, &db, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (!(rc = zf_store_review_get(db, a, review_id, &r, err)) &&
	    !(rc = zf_case_may_read(actor, r.body_id, err)))
		rc = zf_store_adviser_list(db, a, review_id, out, n, err);
	zf_case_read_end(app, db);
	return rc;
}
