/* The major-decision catalog pages: the workbench (versions, the draft editor, approval and rejection) and the portal (the catalog in force per body, with its earlier versions). */
#include <stdio.h>
#include <string.h>

#include "app/catalog.h"
#include "app/registry.h"
#include "core/case_rules.h"
#include "core/catalog.h"
#include "core/guard_util.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/view.h"

#define EDITOR_ROWS_EXTRA 4 /* empty rows below the current rules */
#define EDITOR_ROWS_MAX ZF_CATALOG_RULES_MAX

/* The penalty type words a rule may list on the editor, with their names. */
static const char *const editor_penalties[] = {
	"warning", "criticism", "fine", "confiscate_income", "confiscate_property",
	"suspend_permit", "lower_qualification", "revoke_permit", "restrict_business",
	"suspend_business", "close", "restrict_practice", "other"};
#define NPENALTIES (sizeof(editor_penalties) / sizeof(editor_penalties[0]))

static const char *const rule_types[][2] = {
	{"fine", "罚款数额"}, {"confiscation", "没收金额"}, {"penalty_type", "处罚种类"},
	{"hearing", "经过听证"}, {"band_departure", "超出裁量基准"},
	{"crime_suspected", "涉嫌犯罪"}, {"flag", "情形"}, {"designated", "负责人指定"}};
#define NTYPES (sizeof(rule_types) / sizeof(rule_types[0]))

static const char *const flag_words[] = {"complex", "public_interest", "major_rights",
					 "social_risk"};

/* Unix seconds T as "YYYY-MM-DD" into OUT. */
static void date_of(int64_t t, char out[20])
{
	zf_time_local(t, out);
	out[10] = '\0';
}

/* The rules of CAT as sentences for a reader: [{label, sentence}]. */
static json_t *rule_sentences(const json_t *cat)
{
	json_t *list = json_array(), *r;
	size_t i;
	char s[256];

	json_array_foreach(json_object_get(cat, "rules"), i, r) {
		zf_catalog_rule_sentence(r, s, sizeof(s));
		json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "n", (json_int_t)(i + 1),
						      "label", json_string_value(json_object_get(r, "label")),
						      "sentence", s));
	}
	return list;
}

/* The Chinese word of a catalog row's state. */
static const char *state_label(const char *state)
{
	if (strcmp(state, "draft") == 0)
		return "待批准";
	if (strcmp(state, "approved") == 0)
		return "已批准";
	if (strcmp(state, "rejected") == 0)
		return "已退回";
	return "已被新草稿取代";
}

/* Row R for a page: dates, names, its rules as sentences. */
static json_t *row_view(const struct zf_catalog_row *r)
{
	json_t *cat = json_loads(r->json, 0, NULL);
	char drafted[20], decided[20] = "";

	date_of(r->drafted_at, drafted);
	if (r->decided_at)
		date_of(r->decided_at, decided);
	json_t *v = json_pack("{s:I,s:I,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)r->id,
			      "version", (json_int_t)r->version, "state", r->state, "state_label",
			      state_label(r->state), "draft", strcmp(r->state, "draft") == 0,
			      "drafter", r->drafter, "drafted_on", drafted, "decided_on", decided,
			      "note", r->note, "rules", cat ? rule_sentences(cat) : json_array());
	if (v && *r->decider)
		json_object_set_new(v, "decider", json_string(r->decider));
	json_decref(cat);
	return v;
}

/* The body of id BODY_ID's name (public data), or "". */
static const char *body_name(struct zf_req *req, int64_t body_id)
{
	struct zf_actor pub;
	struct zf_body b;
	struct zf_err err = {0};

	zf_actor_public(&pub, req->addr);
	if (zf_app_body_get(req->app, &pub, req->arena, body_id, &b, &err))
		return "";
	return b.name;
}

/* ---- workbench ---- */

int route_wb_catalog(struct zf_req *req)
{
	struct zf_catalog_row *rows = NULL;
	struct zf_err err = {0};
	json_t *list = json_array(), *current = NULL;
	size_t n = 0;

	if (zf_app_catalog_list(req->app, &req->actor, req->arena, req->actor.body_id, &rows, &n,
				&err)) {
		json_decref(list);
		return zf_resp_error(req, &err);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *v = row_view(&rows[i]);
		json_array_append_new(list, v);
		if (!current && strcmp(rows[i].state, "approved") == 0)
			current = json_incref(v);
	}
	if (!current) {
		json_t *def = zf_catalog_default();
		current = json_pack("{s:I,s:o}", "version", (json_int_t)0, "rules",
				    def ? rule_sentences(def) : json_array());
		json_decref(def);
	}
	return zf_resp_html(
		req, 200, "wb_review_catalog",
		json_pack("{s:s,s:s,s:o,s:o,s:b,s:b,s:b}", "title", "法制审核目录清单", "body",
			  body_name(req, req->actor.body_id), "versions", list, "current", current,
			  "can_draft",
			  req->actor.role == ZF_ROLE_REVIEWER || req->actor.role == ZF_ROLE_LEADER,
			  "can_decide", req->actor.role == ZF_ROLE_LEADER,
			  "saved", zf_req_query(req, "saved") != NULL));
}

/* One editor row for rule R (NULL = empty) at index I. */
static json_t *editor_row(const json_t *r, size_t i)
{
	const char *type = r ? json_string_value(json_object_get(r, "type")) : NULL;
	const char *party = r ? json_string_value(json_object_get(r, "party")) : NULL;
	const char *cmp = r ? json_string_value(json_object_get(r, "cmp")) : NULL;
	const char *flag = r ? json_string_value(json_object_get(r, "flag")) : NULL;
	json_t *types = json_array(), *pens = json_array(), *flags = json_array();
	char amount[24] = "";

	if (r && json_is_integer(json_object_get(r, "amount_fen")))
		zf_money_format(json_integer_value(json_object_get(r, "amount_fen")), amount);
	for (size_t k = 0; k < NTYPES; k++)
		json_array_append_new(types, json_pack("{s:s,s:s,s:b}", "value", rule_types[k][0],
						       "label", rule_types[k][1], "selected",
						       type && strcmp(type, rule_types[k][0]) == 0));
	for (size_t k = 0; k < NPENALTIES; k++) {
		int on = 0;
		const json_t *e;
		size_t j;
		json_array_foreach(r ? json_object_get(r, "penalty_types") : NULL, j, e)
			on |= json_is_string(e) && strcmp(json_string_value(e), editor_penalties[k]) == 0;
		json_array_append_new(pens, json_pack("{s:s,s:s,s:b}", "value", editor_penalties[k],
						      "label", zf_guard_penalty_label(editor_penalties[k]),
						      "checked", on));
	}
	for (size_t k = 0; k < sizeof(flag_words) / sizeof(flag_words[0]); k++)
		json_array_append_new(flags, json_pack("{s:s,s:s,s:b}", "value", flag_words[k],
						       "label", zf_catalog_flag_label(flag_words[k]),
						       "selected", flag && strcmp(flag, flag_words[k]) == 0));
	return json_pack("{s:I,s:s,s:s,s:o,s:b,s:b,s:b,s:b,s:b,s:s,s:o,s:o}", "i", (json_int_t)i,
			 "code", r ? json_string_value(json_object_get(r, "code")) : "", "label",
			 r ? json_string_value(json_object_get(r, "label")) : "", "types", types,
			 "person", party && strcmp(party, "person") == 0, "org",
			 party && strcmp(party, "org") == 0, "any", party && strcmp(party, "any") == 0,
			 "ge", !cmp || strcmp(cmp, ">") != 0, "gt", cmp && strcmp(cmp, ">") == 0,
			 "amount", amount, "penalties", pens, "flags", flags);
}

/* The editor over catalog CAT (borrowed) with STATUS and ERR (may be NULL). */
static int editor_page(struct zf_req *req, int status, const json_t *cat, const char *note,
		       const struct zf_err *err)
{
	const json_t *rules = json_object_get(cat, "rules");
	size_t n = json_array_size(rules), total = n + EDITOR_ROWS_EXTRA;
	json_t *rows = json_array(), *errors = json_array();

	if (total > EDITOR_ROWS_MAX)
		total = EDITOR_ROWS_MAX;
	for (size_t i = 0; i < total; i++)
		json_array_append_new(rows, editor_row(i < n ? json_array_get(rules, i) : NULL, i));
	for (int i = 0; err && i < err->nfields; i++)
		json_array_append_new(errors, json_string(err->fields[i].msg));
	return zf_resp_html(req, status, "wb_review_catalog_new",
			    json_pack("{s:s,s:o,s:I,s:s,s:s*,s:o}", "title", "起草法制审核目录清单",
				      "rules", rows, "count", (json_int_t)total, "note", note ? note : "",
				      "error", err && err->code ? err->msg : NULL, "errors", errors));
}

int route_wb_catalog_new(struct zf_req *req)
{
	struct zf_catalog_row *rows = NULL;
	struct zf_err err = {0};
	json_t *cat = NULL;
	size_t n = 0;
	int rc;

	/* Start from the catalog in force (or the default). */
	if (zf_app_catalog_published(req->app, req->arena, req->actor.body_id, &rows, &n, &err))
		return zf_resp_error(req, &err);
	cat = n > 0 ? json_loads(rows[0].json, 0, NULL) : zf_catalog_default();
	rc = editor_page(req, 200, cat, NULL, NULL);
	json_decref(cat);
	return rc;
}

/* Form value NAME_I (trimmed), or NULL when blank. */
static const char *row_param(struct zf_req *req, const char *name, size_t i)
{
	const char *v = zf_req_param(req, zf_arena_printf(req->arena, "%s_%zu", name, i));
	char *t = v ? zf_arena_strdup(req->arena, v) : NULL;

	zf_str_trim(t);
	return t && *t ? t : NULL;
}

/* Rule I of the form into RULES (skipped when its type is blank). */
static void rule_read(struct zf_req *req, size_t i, json_t *rules, struct zf_err *err)
{
	const char *type = row_param(req, "type", i), *code = row_param(req, "code", i);
	const char *label = row_param(req, "label", i);
	json_t *r;

	if (!type)
		return;
	r = json_pack("{s:s,s:s,s:s}", "code",
		      code ? code : zf_arena_printf(req->arena, "rule_%zu", i + 1), "label",
		      label ? label : "", "type", type);
	if (strcmp(type, "fine") == 0 || strcmp(type, "confiscation") == 0) {
		const char *amount = row_param(req, "amount", i);
		int64_t fen = 0;
		json_object_set_new(r, "party", json_string(row_param(req, "party", i) ?
							    row_param(req, "party", i) : ""));
		json_object_set_new(r, "cmp", json_string(row_param(req, "cmp", i) ?
							  row_param(req, "cmp", i) : ""));
		if (!amount || zf_money_parse(amount, &fen))
			zf_err_field(err, zf_arena_printf(req->arena, "rules[%zu].amount_fen", i),
				     "第%zu条规则的金额应为元，最多两位小数", i + 1);
		json_object_set_new(r, "amount_fen", json_integer(fen));
	} else if (strcmp(type, "penalty_type") == 0) {
		json_t *pens = json_array();
		for (size_t k = 0; k < NPENALTIES; k++) {
			const char *on = zf_req_param(
				req, zf_arena_printf(req->arena, "pt_%zu_%s", i, editor_penalties[k]));
			if (on && *on)
				json_array_append_new(pens, json_string(editor_penalties[k]));
		}
		json_object_set_new(r, "penalty_types", pens);
	} else if (strcmp(type, "flag") == 0) {
		const char *flag = row_param(req, "flag", i);
		json_object_set_new(r, "flag", json_string(flag ? flag : ""));
	}
	json_array_append_new(rules, r);
}

int route_wb_catalog_save(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *count = zf_req_param(req, "count"), *note = zf_req_param(req, "note");
	json_t *rules = json_array();
	json_t *cat = json_pack("{s:s,s:o}", "format", ZF_CATALOG_FORMAT, "rules", rules);
	int64_t n = 0;
	int rc;

	if (zf_str_to_i64(count, 0, EDITOR_ROWS_MAX, &n))
		zf_err_field(&err, "count", "表单已损坏，请重新打开起草页面");
	for (int64_t i = 0; !err.code && i < n; i++)
		rule_read(req, (size_t)i, rules, &err);
	if (!err.code)
		zf_app_catalog_draft(req->app, &req->actor, cat, note, NULL, &err);
	if (!err.code) {
		json_decref(cat);
		return zf_resp_redirect(req, "/workbench/review/catalog?saved=1");
	}
	if (err.code != ZF_EINVAL) {
		json_decref(cat);
		return zf_resp_error(req, &err);
	}
	rc = editor_page(req, zf_http_status(err.code), cat, note, &err);
	json_decref(cat);
	return rc;
}

int route_wb_catalog_approve(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_catalog_approve(req->app, &req->actor, id, NULL, &err))
		return zf_resp_error(req, &err);
	return zf_resp_redirect(req, "/workbench/review/catalog");
}

int route_wb_catalog_reject(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_catalog_reject(req->app, &req->actor, id, zf_req_param(req, "reason"), &err))
		return zf_resp_error(req, &err);
	return zf_resp_redirect(req, "/workbench/review/catalog");
}

/* ---- portal ---- */

int route_catalog_index(struct zf_req *req)
{
	zf_view_public_cache(req);
	struct zf_err err = {0};
	json_t *bodies = NULL;

	if (zf_view_body_list(req, 0, 1, &bodies, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "review_catalog_index",
			    json_pack("{s:s,s:o}", "title", "重大执法决定法制审核目录清单", "bodies",
				      bodies));
}

int route_catalog_show(struct zf_req *req)
{
	zf_view_public_cache(req);
	struct zf_catalog_row *rows = NULL;
	struct zf_err err = {0};
	const char *name;
	json_t *current, *earlier = json_array();
	size_t n = 0;
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	name = body_name(req, id);
	if (!*name) {
		zf_err_set(&err, ZF_ENOTFOUND, "没有这个执法主体");
		json_decref(earlier);
		return zf_resp_error(req, &err);
	}
	if (zf_app_catalog_published(req->app, req->arena, id, &rows, &n, &err)) {
		json_decref(earlier);
		return zf_resp_error(req, &err);
	}
	if (n > 0) {
		current = row_view(&rows[0]);
	} else {
		json_t *def = zf_catalog_default();
		current = json_pack("{s:I,s:o}", "version", (json_int_t)0, "rules",
				    def ? rule_sentences(def) : json_array());
		json_decref(def);
	}
	for (size_t i = 1; i < n; i++)
		json_array_append_new(earlier, row_view(&rows[i]));
	return zf_resp_html(req, 200, "review_catalog",
			    json_pack("{s:s,s:s,s:I,s:o,s:o,s:b}", "title",
				      "重大执法决定法制审核目录清单", "body", name, "body_id",
				      (json_int_t)id, "current", current, "earlier", earlier,
				      "has_earlier", n > 1));
}
