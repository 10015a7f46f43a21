/* Workbench pages of legal review: the queue, the review page (case, proposal changes, checklist, opinion, disagreement, advisers), the submission form, the discussion form and the disagreements list. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "app/case.h"
#include "core/calendar.h"
#include "core/role.h"
#include "util/str.h"
#include "util/time.h"
#include "web/handlers.h"
#include "app/evidence.h"
#include "web/view.h"
#include "web/wb_case.h"
#include "web/wb_review.h"

static const char *const outcome_words[][2] = {
	{"agree", "同意"}, {"correct", "纠正"}, {"transfer", "移送有权机关处理"},
};

static const char *outcome_label(const char *o)
{
	for (size_t i = 0; o && i < sizeof(outcome_words) / sizeof(outcome_words[0]); i++)
		if (!strcmp(outcome_words[i][0], o))
			return outcome_words[i][1];
	return "";
}

static const char *state_label(const struct zf_review_rec *r)
{
	if (!strcmp(r->state, "concluded"))
		return outcome_label(r->outcome);
	if (!strcmp(r->state, "superseded"))
		return "已被新版本取代";
	return strcmp(r->state, "assigned") ? "待指定审核人员" : "审核中";
}

static json_t *parsed(const char *s)
{
	json_t *j = s && *s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_null();
}

/* "ok", "warn" (due within 2 working days) or "bad" (overdue) for DUE. */
static const char *due_class(struct zf_req *req, const char *due)
{
	struct zf_calendar *cal = NULL;
	struct zf_date d, today = zf_view_today(req);
	int left = 0;
	const char *c = "ok";

	if (!due || zf_date_parse(due, &d))
		return "";
	if (zf_date_cmp(d, today) < 0)
		return "bad";
	if (!zf_app_calendar(req->app, &cal, NULL) &&
	    !zf_calendar_working_between(cal, today, d, &left, NULL) && left <= 2)
		c = "warn";
	zf_calendar_free(cal);
	return c;
}

json_t *zf_wb_review_json(struct zf_req *req, const struct zf_review_rec *r)
{
	int open = !strcmp(r->state, "submitted") || !strcmp(r->state, "assigned");
	json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:I,s:s,"
			      "s:s,s:s,s:s,s:s,s:s,s:I,s:b,s:s}",
			      "id", (json_int_t)r->id, "case_id", (json_int_t)r->case_id, "version",
			      (json_int_t)r->version, "state", r->state, "state_label", state_label(r),
			      "case_no", r->case_no ? r->case_no : "", "case_title",
			      r->case_title ? r->case_title : "", "proposal_sha256",
			      r->proposal_sha256, "proposal", parsed(r->proposal_json), "package",
			      parsed(r->package_json), "matches", parsed(r->matches_json),
			      "checklist", parsed(r->checklist_json), "due_on", r->due_on,
			      "reviewer_id", (json_int_t)r->reviewer_id, "reviewer_name",
			      r->reviewer_name ? r->reviewer_name : "", "outcome", r->outcome,
			      "outcome_label", outcome_label(r->outcome), "opinion", r->opinion,
			      "corrections", r->corrections, "opinion_no", r->opinion_no,
			      "catalog_version", (json_int_t)r->catalog_version, "open", open,
			      "due_class", open ? due_class(req, r->due_on) : "");
	if (o) {
		json_object_set_new(o, "due_cn", zf_view_date_cn(r->due_on));
		json_object_set_new(o, "transfer_to", json_string(r->transfer_to));
		json_object_set_new(o, "transfer_no", json_string(r->transfer_no));
		json_object_set_new(o, "revises_id", json_integer((json_int_t)r->revises_id));
	}
	return o;
}

/* The catalog label of the rule whose why text is WHY, as a submitted
 * version of ST recorded it ("" when no version matched it). */
static const char *rule_label(struct zf_req *req, const struct zf_review_status *st,
			      const char *why)
{
	for (size_t i = st->nreviews; i-- > 0;) {
		json_t *m = parsed(st->reviews[i].matches_json), *e;
		const char *label = NULL;
		size_t k;
		json_array_foreach(m, k, e) {
			const char *w = json_string_value(json_object_get(e, "why"));
			const char *l = json_string_value(json_object_get(e, "label"));
			if (w && l && !strcmp(w, why))
				label = l;
		}
		if (label) {
			/* Copied before M (which owns it) is freed. */
			const char *copy = zf_arena_strdup(req->arena, label);
			json_decref(m);
			return copy ? copy : "";
		}
		json_decref(m);
	}
	return "";
}

json_t *zf_wb_review_panel(struct zf_req *req, int64_t case_id)
{
	struct zf_review_status st;
	struct zf_err err = {0};
	json_t *rules, *versions, *p, *items;

	if (zf_app_review_status(req->app, &req->actor, case_id, req->arena, &st, &err))
		return NULL;
	rules = json_array();
	items = json_array();
	versions = json_array();
	for (size_t i = 0; i < st.nrules; i++)
		json_array_append_new(rules, json_string(st.rules[i]));
	for (size_t i = 0; items && i < st.nrules; i++)
		json_array_append_new(items, json_pack("{s:s,s:s}", "why", st.rules[i], "label",
						       rule_label(req, &st, st.rules[i])));
	for (size_t i = 0; i < st.nreviews; i++)
		json_array_append_new(versions, zf_wb_review_json(req, &st.reviews[i]));
	p = json_pack("{s:b,s:o,s:o,s:b,s:b,s:b,s:I,s:b}", "major", st.major, "rules", rules,
		      "versions", versions, "has_versions", st.nreviews > 0, "passed", st.passed,
		      "changed", st.changed && st.nreviews, "case_id", (json_int_t)case_id,
		      "can_submit", zf_role_allows(req->actor.role, ZF_PERM_CASE_WRITE));
	if (p)
		json_object_set_new(p, "rule_items", items);
	else
		json_decref(items);
	return p;
}

/* Puts refusal E (may be NULL or clear) into CTX: "error" and "field_errors". */
static void errors_set(json_t *ctx, const struct zf_err *e)
{
	json_t *fe;

	if (!e || !e->code || !(fe = json_array()))
		return;
	for (int i = 0; i < e->nfields; i++)
		json_array_append_new(fe, json_pack("{s:s,s:s}", "field", e->fields[i].field, "msg",
						    e->fields[i].msg));
	json_object_set_new(ctx, "error", json_string(e->msg));
	json_object_set_new(ctx, "field_errors", fe);
}

/* ---- the queue ---- */

int route_wb_review_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_review_rec *rows = NULL;
	size_t n = 0;

	if (zf_app_review_queue(req->app, &req->actor, req->arena, &rows, &n, &err))
		return zf_resp_error(req, &err);
	json_t *mine = json_array(), *waiting = json_array(), *overdue = json_array(),
	       *others = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = zf_wb_review_json(req, &rows[i]);
		const char *cls = json_string_value(json_object_get(o, "due_class"));
		if (cls && !strcmp(cls, "bad"))
			json_array_append(overdue, o);
		if (!rows[i].reviewer_id)
			json_array_append_new(waiting, o);
		else if (req->actor.officer_id && rows[i].reviewer_id == req->actor.officer_id)
			json_array_append_new(mine, o);
		else
			json_array_append_new(others, o);
	}
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:o,s:o}", "title", "法制审核", "mine", mine,
				"waiting", waiting, "overdue", overdue, "others", others);
	return zf_resp_html(req, 200, "wb_reviews", ctx);
}

/* ---- the review page ---- */

/* The evidence of case CASE_ID with links to the evidence pages (absent
 * when the actor may not read them). */
static json_t *evidence_list(struct zf_req *req, int64_t case_id)
{
	struct zf_err err = {0};
	struct zf_evidence *e = NULL;
	size_t n = 0;
	json_t *out = json_array();

	if (!zf_role_allows(req->actor.role, ZF_PERM_CASE_READ) ||
	    zf_app_evidence_list(req->app, &req->actor, req->arena, case_id, &e, &n, &err))
		return out;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:b}", "name",
						     e[i].filename ? e[i].filename : "", "kind",
						     zf_evidence_kind_label(e[i].kind), "url",
						     zf_arena_printf(req->arena, "/workbench/evidence/%lld",
								     (long long)e[i].id),
						     "withdrawn", e[i].withdrawn != 0));
	return out;
}

/* The legal-adviser requests of review ID with their opinions. */
static json_t *advisers_json(struct zf_req *req, int64_t id)
{
	struct zf_err err = {0};
	struct zf_review_adviser *a = NULL;
	size_t n = 0;
	json_t *out = json_array();

	if (zf_app_review_advisers(req->app, &req->actor, id, req->arena, &a, &n, &err))
		return out;
	for (size_t i = 0; i < n; i++) {
		char at[20] = "";
		if (a[i].answered_at)
			zf_time_local(a[i].answered_at, at);
		json_array_append_new(
			out, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)a[i].id,
				       "name", a[i].name ? a[i].name : "", "kind",
				       a[i].kind && !strcmp(a[i].kind, "public_lawyer") ? "公职律师" : "法律顾问",
				       "organisation", a[i].organisation ? a[i].organisation : "",
				       "question", a[i].question ? a[i].question : "", "opinion",
				       a[i].opinion ? a[i].opinion : "", "answered_at", at, "answered",
				       a[i].opinion && *a[i].opinion));
	}
	return out;
}

static int review_page(struct zf_req *req, int64_t id, int status, const struct zf_err *e)
{
	struct zf_err err = {0};
	struct zf_review_rec *all = NULL, *r = NULL, *prev = NULL;
	size_t n = 0;
	int64_t case_id;

	/* Find the review's case through the queue-independent store read. */
	struct zf_review_status st;
	if (zf_app_review_case_of(req->app, &req->actor, id, &case_id, &err) ||
	    zf_app_review_status(req->app, &req->actor, case_id, req->arena, &st, &err))
		return zf_resp_error(req, &err);
	all = st.reviews;
	n = st.nreviews;
	for (size_t i = 0; i < n; i++)
		if (all[i].id == id) {
			r = &all[i];
			prev = i ? &all[i - 1] : NULL;
		}
	if (!r) {
		zf_err_set(&err, ZF_ENOTFOUND, "法制审核记录不存在");
		return zf_resp_error(req, &err);
	}
	json_t *rv = zf_wb_review_json(req, r), *checks = json_array();
	json_t *cl = json_object_get(rv, "checklist");
	for (size_t i = 0; i < ZF_REVIEW_NCHECKS; i++) {
		const json_t *a = json_object_get(cl, zf_review_check_key(i));
		const char *ans = json_string_value(json_object_get(a, "answer"));
		json_array_append_new(checks,
				      json_pack("{s:s,s:s,s:s,s:b,s:b,s:b}", "key", zf_review_check_key(i),
						"label", zf_review_check_label(i), "note",
						json_string_value(json_object_get(a, "note"))
							? json_string_value(json_object_get(a, "note")) : "",
						"yes", ans && !strcmp(ans, "yes"), "no",
						ans && !strcmp(ans, "no"), "na", ans && !strcmp(ans, "na")));
	}
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:o}", "title", "法制审核", "review", rv, "checks",
				checks, "case", zf_wb_review_panel(req, case_id));
	const struct zf_procedure *proc = NULL;
	json_t *material = zf_wb_case_material(req, case_id, &proc);
	if (material)
		json_object_set_new(ctx, "material", material);
	json_t *rows = zf_wb_review_proposal_rows(req, proc, json_object_get(rv, "proposal"));
	json_object_set_new(ctx, "proposal_rows", rows);
	json_object_set_new(ctx, "evidence_items", evidence_list(req, case_id));
	json_object_set_new(ctx, "advisers", advisers_json(req, id));
	json_t *coord = zf_wb_review_coord(req, case_id, id);
	if (coord)
		json_object_set_new(ctx, "coord", coord);
	if (prev) {
		json_t *a = parsed(prev->proposal_json);
		json_t *ra = zf_wb_review_proposal_rows(req, proc, a);
		json_t *d = zf_wb_review_diff(ra, rows);
		json_object_set_new(ctx, "has_prev", json_true());
		json_object_set_new(ctx, "prev_version", json_integer((json_int_t)prev->version));
		json_object_set_new(ctx, "diff", d);
		json_object_set_new(ctx, "same", json_boolean(json_array_size(d) == 0));
		json_decref(ra);
		json_decref(a);
	}
	int me = req->actor.role == ZF_ROLE_REVIEWER && req->actor.officer_id == r->reviewer_id &&
		 json_is_true(json_object_get(rv, "open"));
	json_object_set_new(ctx, "is_reviewer", json_boolean(me));
	json_object_set_new(ctx, "can_assign",
			    json_boolean(json_is_true(json_object_get(rv, "open")) &&
					 (req->actor.role == ZF_ROLE_LEADER ||
					  req->actor.account_id == r->submitted_by)));
	json_object_set_new(ctx, "can_disagree",
			    json_boolean(!strcmp(r->outcome, "correct") &&
					 zf_role_allows(req->actor.role, ZF_PERM_CASE_WRITE)));
	json_object_set_new(ctx, "can_write",
			    json_boolean(zf_role_allows(req->actor.role, ZF_PERM_CASE_WRITE)));
	json_object_set_new(ctx, "is_leader", json_boolean(req->actor.role == ZF_ROLE_LEADER));
	struct zf_review_reviewer *rv_list = NULL;
	size_t nrv = 0;
	struct zf_err rerr = {0};
	json_t *reviewers = json_array();
	if (!zf_app_review_reviewers(req->app, &req->actor, req->arena, &rv_list, &nrv, &rerr))
		for (size_t i = 0; i < nrv; i++)
			json_array_append_new(
				reviewers, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)rv_list[i].id,
						     "name", rv_list[i].name, "cert_no", rv_list[i].cert_no,
						     "qual", rv_list[i].legal_qual ? "具有法律职业资格"
										  : "无法律职业资格"));
	json_object_set_new(ctx, "reviewers", reviewers);
	errors_set(ctx, e);
	return zf_resp_html(req, status, "wb_review", ctx);
}

int route_wb_review_show(struct zf_req *req)
{
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return review_page(req, id, 200, NULL);
}

/* ---- actions ---- */

/* The checklist answers of the form: answer_<key>, note_<key>. */
static json_t *form_checklist(struct zf_req *req)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < ZF_REVIEW_NCHECKS; i++) {
		char an[48], nn[48];
		snprintf(an, sizeof(an), "answer_%s", zf_review_check_key(i));
		snprintf(nn, sizeof(nn), "note_%s", zf_review_check_key(i));
		const char *a = zf_req_param(req, an), *note = zf_req_param(req, nn);
		if ((a && *a) || (note && *note))
			json_object_set_new(o, zf_review_check_key(i),
					    json_pack("{s:s,s:s}", "answer", a ? a : "", "note",
						      note ? note : ""));
	}
	return o;
}

static int64_t param_id(struct zf_req *req, const char *name)
{
	const char *s = zf_req_param(req, name);
	int64_t v = 0;

	return s && !zf_str_to_i64(s, 1, INT64_MAX, &v) ? v : 0;
}

int route_wb_review_action(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *what = zf_req_arg(req, 1);
	int64_t id, out = 0;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!what)
		what = "";
	if (!strcmp(what, "assign")) {
		zf_app_review_assign(req->app, &req->actor, id, param_id(req, "reviewer_id"), &err);
	} else if (!strcmp(what, "checklist") || !strcmp(what, "conclude")) {
		json_t *c = form_checklist(req);
		if (json_object_size(c))
			zf_app_review_checklist(req->app, &req->actor, id, c, &err);
		json_decref(c);
		if (!err.code && !strcmp(what, "conclude")) {
			json_t *in = json_pack("{s:s,s:s,s:s,s:s,s:b}", "outcome",
					       zf_req_param(req, "outcome") ? zf_req_param(req, "outcome") : "",
					       "opinion", zf_req_param(req, "opinion") ? zf_req_param(req, "opinion") : "",
					       "corrections", zf_req_param(req, "corrections") ? zf_req_param(req, "corrections") : "",
					       "transfer_to", zf_req_param(req, "transfer_to") ? zf_req_param(req, "transfer_to") : "",
					       "transfer_judicial", zf_req_param(req, "transfer_judicial") != NULL);
			zf_app_review_conclude(req->app, &req->actor, id, in, &err);
			json_decref(in);
		}
	} else if (!strcmp(what, "disagree")) {
		zf_app_review_disagree(req->app, &req->actor, id, zf_req_param(req, "reasons"), &out,
				       &err);
	} else if (!strcmp(what, "adviser")) {
		const char *k[] = {"name", "kind", "organisation", "question"};
		json_t *in = json_object();
		for (size_t i = 0; i < 4; i++)
			if (zf_req_param(req, k[i]))
				json_object_set_new(in, k[i], json_string(zf_req_param(req, k[i])));
		zf_app_review_adviser_ask(req->app, &req->actor, id, in, &out, &err);
		json_decref(in);
	} else if (!strcmp(what, "adviser_opinion")) {
		zf_app_review_adviser_answer(req->app, &req->actor, param_id(req, "adviser_id"),
					     zf_req_param(req, "opinion"), &err);
	} else {
		zf_err_set(&err, ZF_ENOTFOUND, "没有这个操作");
		return zf_resp_error(req, &err);
	}
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/reviews/%lld?done=%s",
							     (long long)id, what));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return review_page(req, id, err.code == ZF_EINVAL ? 422 : 409, &err);
}

/* ---- submission ---- */

static int submit_page(struct zf_req *req, int64_t case_id, int status, const struct zf_err *e)
{
	json_t *ctx = json_pack("{s:s,s:I,s:o}", "title", "提交法制审核", "case_id",
				(json_int_t)case_id, "case", zf_wb_review_panel(req, case_id));
	const char *keys[] = {"situation", "evidence", "basis", "discretion", "draft",
			      "hearing_record"};
	json_t *form = json_object();
	for (size_t i = 0; i < 6; i++)
		json_object_set_new(form, keys[i], json_string(zf_req_param(req, keys[i])
							       ? zf_req_param(req, keys[i]) : ""));
	json_object_set_new(ctx, "form", form);
	errors_set(ctx, e);
	return zf_resp_html(req, status, "wb_review_submit", ctx);
}

int route_wb_review_submit_form(struct zf_req *req)
{
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return submit_page(req, id, 200, NULL);
}

int route_wb_review_submit(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *keys[] = {"situation", "evidence", "basis", "discretion", "draft",
			      "hearing_record"};
	int64_t id, rid = 0;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	json_t *p = json_object();
	for (size_t i = 0; i < 6; i++)
		if (zf_req_param(req, keys[i]))
			json_object_set_new(p, keys[i], json_string(zf_req_param(req, keys[i])));
	zf_app_review_submit(req->app, &req->actor, id, p, &rid, &err);
	json_decref(p);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/reviews/%lld",
							     (long long)rid));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return submit_page(req, id, err.code == ZF_EINVAL ? 422 : 409, &err);
}

/* ---- collective discussion ---- */

int route_wb_review_discuss(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id, did = 0;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	json_t *att = json_array();
	for (int i = 0; i < 64; i++) {
		char an[32], on[32];
		snprintf(an, sizeof(an), "attendee_%d", i);
		snprintf(on, sizeof(on), "opinion_%d", i);
		int64_t aid = param_id(req, an);
		if (aid)
			json_array_append_new(att, json_pack("{s:I,s:s}", "account_id", (json_int_t)aid,
							     "opinion", zf_req_param(req, on) ? zf_req_param(req, on) : ""));
	}
	const char *k[] = {"kind", "held_on", "reviewer_heard", "conclusion", "conclusion_text"};
	json_t *in = json_pack("{s:o,s:I,s:I,s:b}", "attendees", att, "chair",
			       (json_int_t)param_id(req, "chair"), "disagreement_id",
			       (json_int_t)param_id(req, "disagreement_id"), "chair_deputy",
			       zf_req_param(req, "chair_deputy") != NULL);
	for (size_t i = 0; i < 5; i++)
		if (zf_req_param(req, k[i]))
			json_object_set_new(in, k[i], json_string(zf_req_param(req, k[i])));
	zf_app_review_discuss(req->app, &req->actor, id, in, &did, &err);
	json_decref(in);
	int64_t rid = param_id(req, "review_id");
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena,
							     "/workbench/cases/%lld/discussions/%lld",
							     (long long)id, (long long)did));
	if (!rid || (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT))
		return zf_resp_error(req, &err);
	return review_page(req, rid, err.code == ZF_EINVAL ? 422 : 409, &err);
}

/* ---- disagreements for supervisors ---- */

int route_wb_review_disagreements(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_review_disagreement *d = NULL;
	size_t n = 0;

	if (zf_app_review_disagreements(req->app, &req->actor, req->arena, &d, &n, &err))
		return zf_resp_error(req, &err);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			rows, json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)d[i].id,
					"case_id", (json_int_t)d[i].case_id, "review_id",
					(json_int_t)d[i].review_id, "case_no", d[i].case_no ? d[i].case_no : "",
					"body", d[i].body_name ? d[i].body_name : "", "raised_as",
					strcmp(d[i].raised_as, "head") ? "承办人员" : "机关负责人",
					"reasons", d[i].reasons, "resolution",
					!strcmp(d[i].resolution, "revise_proposal") ? "修改拟处理意见后重新送审"
					: !strcmp(d[i].resolution, "revise_opinion") ? "法制审核机构重新出具审核意见"
					: "待协调",
					"open", !strcmp(d[i].state, "open")));
	json_t *ctx = json_pack("{s:s,s:o,s:b}", "title", "法制审核异议与协调", "rows", rows,
				"has_rows", n > 0);
	return zf_resp_html(req, 200, "wb_disagreements", ctx);
}
