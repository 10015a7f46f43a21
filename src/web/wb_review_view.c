/* The review page's words and coordination pieces: the proposal in Chinese and what changed between versions, the collective-discussion form's choices, and the printable minutes (集体讨论笔录) of a discussion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case.h"
#include "core/catalog.h"
#include "core/role.h"
#include "util/str.h"
#include "web/case_text.h"
#include "web/handlers.h"
#include "web/view.h"
#include "web/wb_review.h"

/* The words of fact FACT's value V under the field of P that sets it (option
 * labels), in the request's arena; NULL when no field or no value. */
static const char *field_words(struct zf_req *req, const struct zf_procedure *p, const char *fact,
			       const json_t *v)
{
	const struct zf_field_def *f = p ? zf_case_text_fact_field(p, fact) : NULL;
	char *t = f ? zf_case_text_value(f, v, NULL, 0) : NULL;
	const char *out = t ? zf_arena_strdup(req->arena, t) : NULL;

	free(t);
	return out;
}

static const char *yes_no(const json_t *v, const char *yes, const char *no)
{
	return json_is_true(v) ? yes : no;
}

static void row_add(json_t *rows, const char *key, const char *label, const char *text)
{
	json_array_append_new(rows, json_pack("{s:s,s:s,s:s}", "key", key, "label", label, "text",
					      text && *text ? text : "无"));
}

json_t *zf_wb_review_proposal_rows(struct zf_req *req, const struct zf_procedure *p,
				   const json_t *prop)
{
	static const char *const flags[] = {"complex", "public_interest", "major_rights",
					     "social_risk"};
	json_t *rows = json_array();
	const json_t *kind = json_object_get(prop, "kind"), *fl = json_object_get(prop, "flags");
	const char *kw = json_string_value(kind), *w;
	char money[40], buf[512];
	size_t used = 0;

	if (!rows || !json_is_object(prop))
		return rows;
	w = field_words(req, p, "decision", kind);
	if (!w)
		w = field_words(req, p, "proposal", kind);
	row_add(rows, "kind", "拟处理意见", w ? w : kw);
	w = field_words(req, p, "penalty_types", json_object_get(prop, "penalty_types"));
	row_add(rows, "penalty_types", "处罚种类", w);
	json_int_t fine = json_integer_value(json_object_get(prop, "fine"));
	zf_case_text_money(fine, money);
	row_add(rows, "fine", "罚款金额", fine > 0 ? money : NULL);
	json_int_t conf = json_integer_value(json_object_get(prop, "confiscation"));
	zf_case_text_money(conf, money);
	row_add(rows, "confiscation", "没收违法所得、非法财物金额", conf > 0 ? money : NULL);
	w = field_words(req, p, "band", json_object_get(prop, "band"));
	row_add(rows, "band", "裁量阶次", w ? w : json_string_value(json_object_get(prop, "band")));
	row_add(rows, "band_departure", "偏离裁量基准（从轻、减轻、从重）",
		yes_no(json_object_get(prop, "band_departure"), "是", "否"));
	w = json_string_value(json_object_get(prop, "party_kind"));
	row_add(rows, "party_kind", "当事人类别",
		w && !strcmp(w, "org") ? "法人或者其他组织" : "公民");
	row_add(rows, "hearing_held", "听证", yes_no(json_object_get(prop, "hearing_held"),
						      "已举行听证", "未举行听证"));
	row_add(rows, "crime_suspected", "涉嫌犯罪",
		yes_no(json_object_get(prop, "crime_suspected"), "涉嫌犯罪，需移送司法机关", "否"));
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const char *l = zf_catalog_flag_label(flags[i]);
		if (!json_is_true(json_object_get(fl, flags[i])) || !l)
			continue;
		int k = snprintf(buf + used, sizeof(buf) - used, "%s%s", used ? "；" : "", l);
		if (k < 0 || (size_t)k >= sizeof(buf) - used)
			break;
		used += (size_t)k;
	}
	row_add(rows, "flags", "承办机构标注的情形", buf);
	row_add(rows, "designated", "负责人指定法制审核",
		yes_no(json_object_get(prop, "designated"), "是", "否"));
	return rows;
}

json_t *zf_wb_review_diff(const json_t *before, const json_t *after)
{
	json_t *out = json_array(), *b;
	size_t i;

	json_array_foreach(after, i, b) {
		const json_t *a = json_array_get(before, i);
		const char *tb = json_string_value(json_object_get(b, "text"));
		const char *ta = json_string_value(json_object_get(a, "text"));
		if (!tb || (ta && !strcmp(ta, tb)))
			continue;
		json_array_append_new(out, json_pack("{s:O,s:s,s:s}", "field", json_object_get(b, "label"),
						     "before", ta ? ta : "—", "after", tb));
	}
	return out;
}

static const char *conclusion_label(const char *c)
{
	static const char *const words[][2] = {
		{"revise_proposal", "修改拟处理意见后重新送审"},
		{"revise_opinion", "由法制审核机构重新出具审核意见"},
		{"penalty", "给予行政处罚"}, {"no_penalty", "不予行政处罚"},
		{"not_established", "违法事实不能成立，不予行政处罚"},
		{"transfer", "移送有关机关处理"},
	};
	for (size_t i = 0; c && i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i][0], c))
			return words[i][1];
	return c ? c : "";
}

/* Discussion D as JSON for the pages: ids, kind label, date, chair, attendees
 * with opinions, the reviewer heard, conclusion and its label, minutes URL. */
static json_t *discussion_json(struct zf_req *req, const struct zf_review_discussion *d)
{
	json_t *att = d->attendees_json ? json_loads(d->attendees_json, 0, NULL) : NULL;
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)d->id,
			      "case_id", (json_int_t)d->case_id, "kind_label",
			      d->kind && !strcmp(d->kind, "art57") ? "重大案件集体讨论（行政处罚法第五十七条）"
								  : "法制审核意见分歧协调",
			      "chair", d->chair_name ? d->chair_name : "", "reviewer_heard",
			      d->reviewer_heard ? d->reviewer_heard : "", "conclusion",
			      d->conclusion ? d->conclusion : "", "conclusion_label",
			      conclusion_label(d->conclusion), "conclusion_text",
			      d->conclusion_text ? d->conclusion_text : "", "url",
			      zf_arena_printf(req->arena, "/workbench/cases/%lld/discussions/%lld",
					      (long long)d->case_id, (long long)d->id));
	if (!o) {
		json_decref(att);
		return NULL;
	}
	json_object_set_new(o, "held_cn", zf_view_date_cn(d->held_on));
	json_object_set_new(o, "attendees", json_is_array(att) ? att : json_array());
	if (!json_is_array(att))
		json_decref(att);
	json_object_set_new(o, "coordination", json_boolean(!d->kind || strcmp(d->kind, "art57")));
	json_t *rec = d->record_json ? json_loads(d->record_json, 0, NULL) : NULL;
	json_object_set_new(o, "chair_deputy", json_boolean(json_is_true(json_object_get(rec, "chair_deputy"))));
	json_decref(rec);
	return o;
}

json_t *zf_wb_review_coord(struct zf_req *req, int64_t case_id, int64_t review_id)
{
	struct zf_review_coord c;
	struct zf_err err = {0};
	json_t *out, *discs = json_array(), *leaders = json_array(), *open = json_array();

	if (zf_app_review_coord(req->app, &req->actor, case_id, req->arena, &c, &err)) {
		json_decref(discs);
		json_decref(leaders);
		json_decref(open);
		return NULL;
	}
	for (size_t i = 0; i < c.ndiscussions; i++)
		json_array_append_new(discs, discussion_json(req, &c.discussions[i]));
	int64_t chair = 0;
	const char *cs = zf_req_param(req, "chair");
	if (cs)
		zf_str_to_i64(cs, 1, INT64_MAX, &chair);
	for (size_t i = 0; i < c.nleaders; i++) {
		char an[32], on[32];
		snprintf(an, sizeof(an), "attendee_%zu", i);
		snprintf(on, sizeof(on), "opinion_%zu", i);
		const char *op = zf_req_param(req, on);
		json_array_append_new(leaders,
				      json_pack("{s:i,s:I,s:s,s:b,s:b,s:s}", "i", (int)i, "id",
						(json_int_t)c.leaders[i].id, "login", c.leaders[i].login,
						"checked", zf_req_param(req, an) != NULL, "chair",
						chair == c.leaders[i].id, "opinion", op ? op : ""));
	}
	/* The open disagreements of this review (leaders and reviewers see them). */
	struct zf_review_disagreement *d = NULL;
	size_t nd = 0;
	if (zf_role_allows(req->actor.role, ZF_PERM_REVIEW) &&
	    !zf_app_review_disagreements(req->app, &req->actor, req->arena, &d, &nd, &err))
		for (size_t i = 0; i < nd; i++)
			if (d[i].case_id == case_id && (!review_id || d[i].review_id == review_id))
				json_array_append_new(
					open, json_pack("{s:I,s:s,s:s,s:b}", "id", (json_int_t)d[i].id,
							"raised_as",
							strcmp(d[i].raised_as, "head") ? "承办人员"
										      : "机关负责人",
							"reasons", d[i].reasons, "open",
							!strcmp(d[i].state, "open")));
	size_t nopen = 0, k;
	json_t *e;
	json_array_foreach(open, k, e)
		nopen += json_is_true(json_object_get(e, "open"));
	const char *p;
	out = json_pack("{s:o,s:b,s:o,s:o,s:b,s:I}", "discussions", discs, "has_discussions",
			c.ndiscussions > 0, "leaders", leaders, "disagreements", open,
			"can_discuss", req->actor.role == ZF_ROLE_LEADER && nopen > 0, "case_id",
			(json_int_t)case_id);
	json_object_set_new(out, "held_on", json_string((p = zf_req_param(req, "held_on")) ? p : ""));
	json_object_set_new(out, "reviewer_heard",
			    json_string((p = zf_req_param(req, "reviewer_heard")) ? p : ""));
	json_object_set_new(out, "conclusion_text",
			    json_string((p = zf_req_param(req, "conclusion_text")) ? p : ""));
	json_object_set_new(out, "chair_deputy", json_boolean(zf_req_param(req, "chair_deputy") != NULL));
	p = zf_req_param(req, "conclusion");
	json_object_set_new(out, "revise_proposal", json_boolean(p && !strcmp(p, "revise_proposal")));
	json_object_set_new(out, "revise_opinion", json_boolean(p && !strcmp(p, "revise_opinion")));
	return out;
}

int route_wb_review_minutes(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_review_coord c;
	struct zf_case_view v;
	int64_t case_id, id;
	const struct zf_review_discussion *d = NULL;

	if (zf_view_arg_id(req, 0, &case_id) || zf_view_arg_id(req, 1, &id))
		return 0;
	if (zf_app_review_coord(req->app, &req->actor, case_id, req->arena, &c, &err) ||
	    zf_app_case_get(req->app, &req->actor, req->arena, case_id, &v, &err))
		return zf_resp_error(req, &err);
	for (size_t i = 0; i < c.ndiscussions; i++)
		if (c.discussions[i].id == id)
			d = &c.discussions[i];
	if (!d) {
		zf_err_set(&err, ZF_ENOTFOUND, "集体讨论记录不存在");
		return zf_resp_error(req, &err);
	}
	json_t *ctx = discussion_json(req, d), *parties = json_array();
	for (size_t i = 0; i < v.nparties; i++)
		json_array_append_new(parties, json_pack("{s:s}", "name", v.parties[i].name ? v.parties[i].name : ""));
	json_object_set_new(ctx, "print", json_true());
	json_object_set_new(ctx, "title", json_string("集体讨论笔录"));
	json_object_set_new(ctx, "name", json_string("集体讨论笔录"));
	json_object_set_new(ctx, "print_back", json_sprintf("/workbench/cases/%lld", (long long)case_id));
	json_object_set_new(ctx, "body", json_pack("{s:s}", "name", v.c.body_name ? v.c.body_name : ""));
	json_object_set_new(ctx, "case", json_pack("{s:s,s:s}", "case_no", v.c.case_no ? v.c.case_no : "",
						   "title", v.c.title ? v.c.title : ""));
	json_object_set_new(ctx, "parties", parties);
	return zf_resp_html(req, 200, "wb_discussion", ctx);
}
