/* Workbench pages of cases: the list, opening a case, the case page with its timeline, the step forms and the printable documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "app/case.h"
#include "app/registry.h"
#include "core/role.h"
#include "util/embed.h"
#include "util/str.h"
#include "web/case_form.h"
#include "web/case_text.h"
#include "web/handlers.h"
#include "web/view.h"
#include "web/wb_review.h"
#include "web/wb_case.h"
#include "web/wb_evidence.h"

#define LIST_LIMIT 50

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

static const char *proc_name(struct zf_req *req, const char *code)
{
	const struct zf_procedure *p = zf_procedure_find(zf_app_procedures(req->app), code);
	return p ? p->name : code;
}

static const char *state_label(int state)
{
	return state == ZF_CASE_CLOSED ? "已结案" : state == ZF_CASE_ARCHIVED ? "已归档" : "办理中";
}

/* ------------------------------------------------------------------ */
/* Deadlines on the calendar in force                                  */
/* ------------------------------------------------------------------ */

json_t *zf_wb_due_json(struct zf_req *req, const struct zf_calendar *cal, const char *due,
		       int overdue)
{
	struct zf_date today = zf_view_today(req), d;
	struct zf_err err = {0};
	int days = 0, provisional = 0;
	const char *level = "ok";
	if (!due || !*due || zf_date_parse(due, &d))
		return json_false();
	if (cal && !zf_calendar_working_between(cal, today, d, &days, &err)) {
		provisional = zf_calendar_year_status(cal, d.y) == ZF_CAL_PROVISIONAL;
		level = overdue || days < 0 ? "overdue" : days <= 2 ? "soon" : "ok";
	} else {
		level = overdue ? "overdue" : "ok";
		days = overdue ? -1 : 0;
	}
	return zf_case_text_deadline("", due, provisional, level, days, "");
}

/* ------------------------------------------------------------------ */
/* The list                                                            */
/* ------------------------------------------------------------------ */

static json_t *procedure_options(struct zf_req *req, const char *selected)
{
	size_t n;
	const struct zf_procedure *const *all = zf_procedures_all(zf_app_procedures(req->app), &n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", all[i]->code, "label",
				      all[i]->name, "selected", selected && !strcmp(selected, all[i]->code)));
	return arr;
}

/* The list's address with its filters and, for the next page, BEFORE (0 = none). */
static const char *list_url(struct zf_req *req, int mine, const char *status, const char *proc,
			    const char *q, int64_t before)
{
	struct zf_buf b;
	zf_buf_init(&b, 4096);
	zf_buf_printf(&b, "/workbench/cases?mine=%d", mine);
	if (status) {
		zf_buf_puts(&b, "&status=");
		zf_buf_add_url(&b, status);
	}
	if (proc) {
		zf_buf_puts(&b, "&procedure=");
		zf_buf_add_url(&b, proc);
	}
	if (q && *q) {
		zf_buf_puts(&b, "&q=");
		zf_buf_add_url(&b, q);
	}
	if (before > 0)
		zf_buf_printf(&b, "&before=%lld", (long long)before);
	const char *out = zf_arena_strdup(req->arena, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return out;
}

int route_wb_case_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_filter f = {.limit = LIST_LIMIT};
	struct zf_case *c;
	struct zf_calendar *cal = NULL;
	size_t n;
	const char *mine = zf_req_query(req, "mine"), *status = zf_req_query(req, "status");
	const char *proc = zf_req_query(req, "procedure"), *q = zf_req_query(req, "q");
	char *query = q ? zf_arena_strdup(req->arena, q) : NULL;

	zf_str_trim(query);
	f.mine = mine ? !strcmp(mine, "1") : req->actor.role == ZF_ROLE_OFFICER;
	if (status && *status) {
		f.state = !strcmp(status, "open") ? ZF_CASE_OPEN : !strcmp(status, "closed") ? ZF_CASE_CLOSED :
			  !strcmp(status, "archived") ? ZF_CASE_ARCHIVED : 0;
		if (!f.state)
			status = NULL;
	} else {
		status = NULL;
	}
	if (proc && !zf_procedure_find(zf_app_procedures(req->app), proc))
		proc = NULL;
	f.procedure = proc;
	f.q = query && *query ? query : NULL;
	if (zf_view_query_id(req, "before", "分页", &f.before_id, &err) ||
	    zf_app_case_list(req->app, &req->actor, req->arena, &f, &c, &n, &err))
		return zf_resp_error(req, &err);
	if (zf_app_calendar(req->app, &cal, &err))
		cal = NULL;
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
				      "id", (json_int_t)c[i].id, "case_no", c[i].case_no && *c[i].case_no ? c[i].case_no : "（尚未编号）",
				      "title", c[i].title ? c[i].title : "", "parties", c[i].party_names ? c[i].party_names : "",
				      "procedure", proc_name(req, c[i].procedure),
				      "step", c[i].last_step_name ? c[i].last_step_name : "",
				      "state", state_label(c[i].state),
				      "due", zf_wb_due_json(req, cal, c[i].next_due, c[i].overdue)));
	zf_calendar_free(cal);
	json_t *ctx = json_pack("{s:s,s:b,s:o,s:b,s:s,s:o,s:{s:b,s:b,s:b,s:b},s:b}", "title", "案件",
				"has_cases", n > 0, "cases", rows, "mine", f.mine, "q", f.q ? f.q : "",
				"procedures", procedure_options(req, proc),
				"status", "any", !status, "open", f.state == ZF_CASE_OPEN,
				"closed", f.state == ZF_CASE_CLOSED, "archived", f.state == ZF_CASE_ARCHIVED,
				"can_open", zf_role_allows(req->actor.role, ZF_PERM_CASE_WRITE));
	json_object_set_new(ctx, "mine_url", json_string(list_url(req, 1, status, proc, NULL, 0)));
	json_object_set_new(ctx, "all_url", json_string(list_url(req, 0, status, proc, NULL, 0)));
	if (n == LIST_LIMIT)
		json_object_set_new(ctx, "next", json_string(list_url(req, f.mine, status, proc, f.q,
								      c[n - 1].id)));
	return zf_resp_html(req, 200, "wb_cases", ctx);
}

/* ------------------------------------------------------------------ */
/* Opening a case                                                      */
/* ------------------------------------------------------------------ */

/* A line saying what each shipped procedure is for. */
static const char *proc_summary(const struct zf_procedure *p)
{
	static const char *const t[][2] = {
		{"penalty_ordinary", "立案、调查取证、告知、决定、送达、执行直至结案归档的行政处罚程序"},
		{"penalty_summary", "违法事实确凿，对公民处200元以下、对单位处3000元以下罚款或者警告的当场处罚"},
		{"compulsory", "依法对场所、设施或者财物实施查封、扣押"},
		{"inspection", "对公民、法人和其他组织遵守法律法规情况的行政检查"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i][0], p->code))
			return t[i][1];
	return p->basis ? p->basis : "";
}

int route_wb_case_new(struct zf_req *req)
{
	size_t n;
	const struct zf_procedure *const *all = zf_procedures_all(zf_app_procedures(req->app), &n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct zf_procedure *p = all[i];
		int allowed = p->nsteps && (p->steps[0].roles & (1u << req->actor.role));
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:b,s:s}", "code", p->code, "name", p->name,
				      "summary", proc_summary(p), "basis", p->basis ? p->basis : "",
				      "allowed", allowed, "first", p->nsteps ? p->steps[0].name : ""));
	}
	return zf_resp_html(req, 200, "wb_case_new", json_pack("{s:s,s:o}", "title", "新建案件", "procedures", arr));
}

json_t *zf_wb_officer_choices(struct zf_req *req, int64_t body_id)
{
	struct zf_err err = {0};
	struct zf_officer *o;
	size_t n;
	json_t *arr = json_array();
	struct zf_date today = zf_view_today(req);
	if (zf_app_officer_list(req->app, &req->actor, req->arena, body_id, &o, &n, &err))
		return arr;
	for (size_t i = 0; i < n; i++)
		if (zf_cert_verdict(&o[i], today) == ZF_VERDICT_VALID)
			json_array_append_new(arr, json_pack("{s:s,s:s}", "value",
					      zf_arena_printf(req->arena, "%lld", (long long)o[i].id), "label",
					      zf_arena_printf(req->arena, "%s（执法证号 %s）", o[i].name, o[i].cert_no)));
	return arr;
}

/* The active violation types of BODY_ID (0 = the actor's) as choices. */
static json_t *violation_choices(struct zf_req *req, int64_t body_id)
{
	struct zf_err err = {0};
	struct zf_violation *v;
	size_t n;
	json_t *arr = json_array();
	if (zf_app_violation_list(req->app, &req->actor, req->arena, body_id, &v, &n, &err))
		return arr;
	for (size_t i = 0; i < n; i++)
		if (v[i].active)
			json_array_append_new(arr, json_pack("{s:s,s:s}", "value",
					      zf_arena_printf(req->arena, "%lld", (long long)v[i].id), "label",
					      zf_arena_printf(req->arena, "%s %s", v[i].code ? v[i].code : "", v[i].name)));
	return arr;
}

/* The values a new form starts with: the actor as officer, today in the
 * required dates, a natural person as party. */
static json_t *fresh_form(struct zf_req *req, const struct zf_step_def *s, int with_party)
{
	json_t *form = json_object();
	char today[11];
	zf_date_iso(zf_view_today(req), today);
	for (size_t i = 0; i < s->nfields; i++) {
		const struct zf_field_def *d = &s->fields[i];
		if (d->type == ZF_FT_OFFICERS && req->actor.officer_id)
			json_object_set_new(form, d->name, json_pack("[s]", zf_arena_printf(req->arena, "%lld",
					    (long long)req->actor.officer_id)));
		else if (d->type == ZF_FT_DATE && d->required && !d->when)
			json_object_set_new(form, d->name, json_string(today));
	}
	if (with_party)
		json_object_set_new(form, ZF_CASE_FORM_PARTY ".kind", json_string("person"));
	return form;
}

/* Adds to CTX the fields of step S with FORM and ERR's messages: "fields",
 * "party" (WITH_PARTY), "error" and "unplaced" (messages of no input). */
static void form_ctx(struct zf_req *req, json_t *ctx, const struct zf_procedure *p,
		     const struct zf_step_def *s, int64_t body_id, int with_party, json_t *form,
		     const struct zf_err *err)
{
	json_t *errors = zf_case_form_errors(err, s);
	json_t *officers = zf_wb_officer_choices(req, body_id);
	json_t *violations = violation_choices(req, body_id);
	json_t *fields = zf_case_form_fields(p, s, form, errors, officers, violations);
	json_t *party = with_party ? zf_case_form_party(ZF_CASE_FORM_PARTY, form, errors) : NULL;
	json_object_set_new(ctx, "unplaced", zf_case_form_unplaced(errors, fields, party));
	json_object_set_new(ctx, "fields", fields);
	json_object_set_new(ctx, "party", party ? json_pack("{s:o}", "fields", party) : json_false());
	json_object_set_new(ctx, "step_name", json_string(s->name));
	json_object_set_new(ctx, "basis", str(p->basis));
	json_object_set_new(ctx, "procedure_name", json_string(p->name));
	json_object_set_new(ctx, "procedure_version", json_integer(p->version));
	json_t *docs = json_array();
	for (size_t i = 0; i < s->ndocuments; i++) {
		const struct zf_doc_type *t = zf_doc_type_find(s->documents[i]);
		json_array_append_new(docs, json_string(t ? t->name : s->documents[i]));
	}
	json_object_set_new(ctx, "has_documents", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(ctx, "documents", docs);
	json_object_set_new(ctx, "has_unplaced", json_boolean(json_array_size(json_object_get(ctx, "unplaced")) > 0));
	if (err && err->code) {
		const char *msg = err->code == ZF_ECONFLICT && !*err->msg ?
				  "案件已被他人更新，请核对最新情况后重新提交" : err->msg;
		json_object_set_new(ctx, "error", json_string(*msg ? msg : "提交的信息有误，请按提示修改后重新提交"));
		json_object_set_new(ctx, "error_more", err->nfields > 1 ? json_integer(err->nfields - 1) : json_false());
	} else {
		json_object_set_new(ctx, "error", json_false());
	}
	json_decref(errors);
	json_decref(officers);
	json_decref(violations);
	json_decref(form);
}

static const struct zf_procedure *arg_procedure(struct zf_req *req)
{
	const struct zf_procedure *p = zf_procedure_find(zf_app_procedures(req->app), zf_req_arg(req, 0));
	if (!p || !p->nsteps) {
		struct zf_err e = {0};
		zf_err_set(&e, ZF_ENOTFOUND, "没有这种执法程序");
		zf_resp_error(req, &e);
		return NULL;
	}
	return p;
}

static int open_page(struct zf_req *req, const struct zf_procedure *p, int status, json_t *form,
		     const struct zf_err *err)
{
	json_t *ctx = json_pack("{s:s,s:s,s:s,s:s,s:b}", "title", zf_arena_printf(req->arena, "新建案件：%s", p->name),
				"action", zf_arena_printf(req->arena, "/workbench/cases/new/%s", p->code),
				"back", "/workbench/cases/new", "back_label", "新建案件", "version", 0);
	form_ctx(req, ctx, p, &p->steps[0], req->actor.body_id, 1, form, err);
	return zf_resp_html(req, status, "wb_case_form", ctx);
}

int route_wb_case_open_form(struct zf_req *req)
{
	const struct zf_procedure *p = arg_procedure(req);
	return p ? open_page(req, p, 200, fresh_form(req, &p->steps[0], 1), NULL) : 0;
}

/* The status a refused form is shown again with, or 0 to answer the error page. */
static int refusal_status(const struct zf_err *err)
{
	return err->code == ZF_EINVAL || err->code == ZF_ECONFLICT || err->code == ZF_EDENIED ?
	       zf_http_status(err->code) : 0;
}

int route_wb_case_open(struct zf_req *req)
{
	struct zf_err err = {0};
	const struct zf_procedure *p = arg_procedure(req);
	int64_t id = 0;
	if (!p)
		return 0;
	json_t *values = zf_case_form_values(req, &p->steps[0], &err);
	json_t *party = zf_case_form_party_value(req, ZF_CASE_FORM_PARTY);
	json_t *input = json_pack("{s:o,s:o}", "parties", party ? json_pack("[o]", party) : json_array(),
				  "values", values);
	if (!err.code)
		zf_app_case_open(req->app, &req->actor, p->code, input, &id, &err);
	json_decref(input);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/cases/%lld?opened=1", (long long)id));
	int status = refusal_status(&err);
	return status ? open_page(req, p, status, zf_case_form_submitted(req), &err) : zf_resp_error(req, &err);
}

/* ------------------------------------------------------------------ */
/* The case page                                                       */
/* ------------------------------------------------------------------ */

static struct zf_case_text_officer *text_officers(struct zf_req *req, const struct zf_case_view *v)
{
	struct zf_case_text_officer *o = zf_arena_alloc(req->arena, sizeof(*o) * (v->nofficers + 1));
	for (size_t i = 0; o && i < v->nofficers; i++) {
		o[i].id = v->officers[i].officer_id;
		o[i].name = v->officers[i].name;
		o[i].cert_no = v->officers[i].cert_no;
	}
	return o;
}

/* Value V of field F (named NAME) in words; the case's violation type by
 * its name. Malloc'd, NULL when V holds no value. */
static char *value_words(const struct zf_field_def *f, const char *name, const json_t *v,
			 const struct zf_case_text_officer *o, size_t no, const struct zf_violation *viol)
{
	char *text = zf_case_text_value(f, v, o, no);
	if (text && viol->id && json_is_integer(v) && json_integer_value(v) == viol->id &&
	    !strcmp(name, ZF_CASE_FORM_VIOLATION)) {
		free(text);
		text = strdup(viol->name ? viol->name : "");
	}
	return text;
}

/* {"label","text"} of every value of VALUES_JSON under step S's fields. */
static json_t *record_json(const struct zf_step_def *s, const char *values_json,
			   const struct zf_case_text_officer *o, size_t no, const struct zf_violation *viol)
{
	json_t *out = json_array();
	json_t *values = values_json ? json_loads(values_json, 0, NULL) : NULL;
	for (size_t i = 0; s && i < s->nfields; i++) {
		const json_t *v = json_object_get(values, s->fields[i].name);
		char key[64];
		if (!v && s->fields[i].type == ZF_FT_MONEY) {
			snprintf(key, sizeof(key), "%s_fen", s->fields[i].name);
			v = json_object_get(values, key);
		}
		char *text = value_words(&s->fields[i], s->fields[i].name, v, o, no, viol);
		if (text)
			json_array_append_new(out, json_pack("{s:s,s:s}", "label", s->fields[i].label, "text", text));
		free(text);
	}
	json_decref(values);
	return out;
}

static json_t *facts_json(const struct zf_procedure *p, const char *facts,
			  const struct zf_case_text_officer *o, size_t no, const struct zf_violation *viol)
{
	json_t *out = json_array(), *v;
	json_t *obj = facts ? json_loads(facts, 0, NULL) : NULL;
	const char *key;
	json_object_foreach(obj, key, v) {
		const struct zf_field_def *f = zf_case_text_fact_field(p, key);
		struct zf_field_def tmp = {.name = key, .type = ZF_FT_TEXT};
		for (size_t i = 0; !f && p && i < p->nfacts; i++)
			if (!strcmp(p->facts[i].name, key))
				tmp.type = p->facts[i].type;
		char *text = value_words(f ? f : &tmp, key, v, o, no, viol);
		if (!f && !strcmp(key, "party_kind") && json_is_string(v)) {
			free(text);
			text = strdup(!strcmp(json_string_value(v), "org") ? "单位" : "个人");
		}
		if (text)
			json_array_append_new(out, json_pack("{s:s,s:s}", "label", zf_case_text_fact_label(p, key),
					      "text", text));
		free(text);
	}
	json_decref(obj);
	return out;
}

static json_t *party_json(const struct zf_party *p)
{
	const char *idl = p->id_type && *p->id_type ? zf_id_type_label(p->id_type) : NULL;
	return json_pack("{s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:s,s:s}", "kind", p->kind == ZF_PARTY_ORG ? "单位" : "个人",
			 "name", p->name ? p->name : "", "org", p->kind == ZF_PARTY_ORG,
			 "id_type", idl ? idl : (p->id_type ? p->id_type : ""), "id_number", p->id_number ? p->id_number : "",
			 "uscc", p->uscc ? p->uscc : "", "legal_rep", p->legal_rep ? p->legal_rep : "",
			 "address", p->address ? p->address : "", "phone", p->phone ? p->phone : "");
}

json_t *zf_wb_deadline_of(const struct zf_case_deadline *d)
{
	return zf_case_text_deadline(d->label, d->due, d->provisional, d->level, d->days_left,
				     d->message);
}

static json_t *timeline_json(struct zf_req *req, const struct zf_case_view *v,
			     const struct zf_case_text_officer *o)
{
	json_t *out = json_array();
	for (size_t i = 0; i < v->nsteps; i++) {
		const struct zf_case_step *s = &v->steps[i];
		struct zf_date d;
		char cn[24] = "", at[20];
		json_t *docs = json_array();
		if (s->occurred_on && !zf_date_parse(s->occurred_on, &d))
			zf_date_cn(d, cn);
		zf_time_local(s->performed_at, at);
		for (size_t k = 0; k < v->ndocs; k++)
			if (v->docs[k].step_id == s->id)
				json_array_append_new(docs, json_pack("{s:s,s:s,s:s}", "name", v->docs[k].name,
						      "number", v->docs[k].number ? v->docs[k].number : "",
						      "url", zf_arena_printf(req->arena, "/workbench/cases/%lld/documents/%lld",
									      (long long)v->c.id, (long long)v->docs[k].id)));
		json_t *st = json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:I,s:I}",
				       "seq", s->seq, "code", s->code, "name", s->name ? s->name : s->code,
				       "date", cn, "at", at, "by", s->performed_by ? s->performed_by : "",
				       "officers", s->officers ? s->officers : "",
				       "record", record_json(v->proc ? zf_procedure_step(v->proc, s->code) : NULL,
							     s->values_json, o, v->nofficers, &v->violation),
				       "documents", docs, "integrated", s->log_index >= 0,
				       "log_index", (json_int_t)s->log_index, "corrects", (json_int_t)s->corrects_id);
		json_object_set_new(st, "place", str(s->place));
		json_object_set_new(st, "step_id", json_integer(s->id));
		json_array_append_new(out, st);
	}
	return out;
}

/* Sets on CTX the case material of V: "parties", "officers", "facts",
 * "timeline" (with documents and evidence), "evidence" and "violation". */
static void material_set(struct zf_req *req, const struct zf_case_view *v, json_t *ctx)
{
	struct zf_case_text_officer *o = text_officers(req, v);
	json_t *parties = json_array(), *officers = json_array();
	for (size_t i = 0; i < v->nparties; i++)
		json_array_append_new(parties, party_json(&v->parties[i]));
	for (size_t i = 0; i < v->nofficers; i++)
		json_array_append_new(officers, json_pack("{s:s,s:s,s:b}", "name", v->officers[i].name,
				      "cert_no", v->officers[i].cert_no ? v->officers[i].cert_no : "",
				      "recused", v->officers[i].recused));
	json_object_set_new(ctx, "parties", parties);
	json_object_set_new(ctx, "officers", officers);
	json_object_set_new(ctx, "facts", facts_json(v->proc, v->c.facts_json, o, v->nofficers, &v->violation));
	json_t *timeline = timeline_json(req, v, o);
	zf_wb_evidence_case_section(req, v->c.id, ctx, timeline);
	json_object_set_new(ctx, "timeline", timeline);
	if (v->violation.id)
		json_object_set_new(ctx, "violation", json_pack("{s:s,s:s,s:s}", "name", v->violation.name ? v->violation.name : "",
				    "legal_basis", v->violation.legal_basis ? v->violation.legal_basis : "",
				    "penalty_basis", v->violation.penalty_basis ? v->violation.penalty_basis : ""));
}

int route_wb_case_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_view v;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_case_get(req->app, &req->actor, req->arena, id, &v, &err))
		return zf_resp_error(req, &err);
	json_t *ctx = zf_wb_case_header(req, &v);
	json_t *deadlines = json_array();
	json_t *hints = json_array(), *actions = json_array();
	for (size_t i = 0; i < v.ndeadlines; i++)
		json_array_append_new(deadlines, zf_wb_deadline_of(&v.deadlines[i]));
	for (size_t i = 0; i < v.nhints; i++)
		json_array_append_new(hints, json_string(v.hints[i].msg));
	for (size_t i = 0; i < v.nactions; i++)
		json_array_append_new(actions, json_pack("{s:s,s:s}", "name", v.actions[i].name, "url",
				      zf_arena_printf(req->arena, "/workbench/cases/%lld/steps/%s", (long long)id,
						      v.actions[i].code)));
	/* A closed case still offers 归档 and the remedies (复议, 诉讼). */
	if (v.nactions)
		json_object_set_new(ctx, "open", json_true());
	material_set(req, &v, ctx);
	json_t *review = zf_wb_review_panel(req, id);
	if (review)
		json_object_set_new(ctx, "review", review);
	json_object_set_new(ctx, "has_deadlines", json_boolean(v.ndeadlines > 0));
	json_object_set_new(ctx, "deadlines", deadlines);
	json_object_set_new(ctx, "hints", hints);
	json_object_set_new(ctx, "actions", actions);
	const char *done = zf_req_query(req, "done");
	const struct zf_step_def *ds = done && v.proc ? zf_procedure_step(v.proc, done) : NULL;
	if (zf_req_query(req, "opened"))
		json_object_set_new(ctx, "flash", json_string("案件已创建，首个环节已记录"));
	else if (ds)
		json_object_set_new(ctx, "flash", json_sprintf("已完成“%s”，记录已保存", ds->name));
	return zf_resp_html(req, 200, "wb_case", ctx);
}

json_t *zf_wb_case_material(struct zf_req *req, int64_t case_id, const struct zf_procedure **proc)
{
	struct zf_err err = {0};
	struct zf_case_view v;
	json_t *m;
	*proc = NULL;
	if (zf_app_case_get(req->app, &req->actor, req->arena, case_id, &v, &err) || !(m = json_object()))
		return NULL;
	material_set(req, &v, m);
	*proc = v.proc;
	return m;
}

json_t *zf_wb_case_header(struct zf_req *req, const struct zf_case_view *v)
{
	const struct zf_case *c = &v->c;
	json_t *h = json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:s,s:o,s:I}", "id", (json_int_t)c->id,
			      "case_no", c->case_no && *c->case_no ? c->case_no : "（尚未编号）",
			      "title", c->title ? c->title : "",
			      "procedure", v->proc ? v->proc->name : proc_name(req, c->procedure),
			      "proc_version", c->proc_version, "state", state_label(c->state),
			      "body_name", c->body_name ? c->body_name : "",
			      "opened_on", zf_view_date_cn(c->opened_on), "version", (json_int_t)c->version);
	json_t *ctx = json_pack("{s:s,s:o,s:s}", "title", c->case_no && *c->case_no ? c->case_no : (c->title ? c->title : "案件"),
				"case", h, "case_url", zf_arena_printf(req->arena, "/workbench/cases/%lld", (long long)c->id));
	json_object_set_new(ctx, "open", json_boolean(c->state == ZF_CASE_OPEN));
	return ctx;
}

/* ------------------------------------------------------------------ */
/* Step forms                                                          */
/* ------------------------------------------------------------------ */

/* Renders the form of step CODE of the case in V (already read). */
static int step_page(struct zf_req *req, const struct zf_case_view *v, const struct zf_step_def *s,
		     int status, json_t *form, const struct zf_err *err)
{
	json_t *ctx = zf_wb_case_header(req, v);
	int available = 0;
	for (size_t i = 0; i < v->nactions; i++)
		if (!strcmp(v->actions[i].code, s->code))
			available = 1;
	json_object_set_new(ctx, "title", json_sprintf("%s：%s", s->name,
			    json_string_value(json_object_get(json_object_get(ctx, "case"), "case_no"))));
	json_object_set_new(ctx, "action", json_sprintf("/workbench/cases/%lld/steps/%s", (long long)v->c.id, s->code));
	json_object_set_new(ctx, "back", json_sprintf("/workbench/cases/%lld", (long long)v->c.id));
	json_object_set_new(ctx, "back_label", json_string("案件"));
	json_object_set_new(ctx, "version", json_integer(v->c.version));
	json_object_set_new(ctx, "unavailable", json_boolean(!available));
	form_ctx(req, ctx, v->proc, s, v->c.body_id, 0, form, err);
	return zf_resp_html(req, status, "wb_case_form", ctx);
}

/* Reads the case of path argument 0 and its step of argument 1; answers
 * the error itself and returns NULL when either is missing. */
static const struct zf_step_def *arg_step(struct zf_req *req, struct zf_case_view *v)
{
	struct zf_err err = {0};
	int64_t id;
	const struct zf_step_def *s;
	if (zf_view_arg_id(req, 0, &id))
		return NULL;
	if (zf_app_case_get(req->app, &req->actor, req->arena, id, v, &err)) {
		zf_resp_error(req, &err);
		return NULL;
	}
	if (!v->proc || !(s = zf_procedure_step(v->proc, zf_req_arg(req, 1)))) {
		zf_err_set(&err, ZF_ENOTFOUND, "这个程序没有该环节");
		zf_resp_error(req, &err);
		return NULL;
	}
	return s;
}

int route_wb_case_step_form(struct zf_req *req)
{
	struct zf_case_view v;
	const struct zf_step_def *s = arg_step(req, &v);
	return s ? step_page(req, &v, s, 200, fresh_form(req, s, 0), NULL) : 0;
}

int route_wb_case_step(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_view v;
	const struct zf_step_def *s = arg_step(req, &v);
	int64_t version = 0;
	if (!s)
		return 0;
	const char *ver = zf_req_param(req, "version");
	if (ver && *ver && zf_str_to_i64(ver, 0, INT64_MAX, &version))
		zf_err_field(&err, "version", "案件版本无效，请刷新页面后重新提交");
	json_t *values = zf_case_form_values(req, s, &err);
	if (!err.code)
		zf_app_case_step(req->app, &req->actor, v.c.id, s->code, values, version, NULL, &err);
	json_decref(values);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/cases/%lld?done=%s",
							     (long long)v.c.id, s->code));
	int status = refusal_status(&err);
	if (!status)
		return zf_resp_error(req, &err);
	/* Show the case as it is now (a newer version after a conflict). */
	struct zf_err again = {0};
	if (zf_app_case_get(req->app, &req->actor, req->arena, v.c.id, &v, &again))
		return zf_resp_error(req, &again);
	return step_page(req, &v, s, status, zf_case_form_submitted(req), &err);
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/* 1 when CODE is a document type word ([a-z0-9_]{1,48}). */
static int doc_code_ok(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	return n && n <= 48 && strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The document's "text" values labelled by the issuing step's fields, for
 * the generic rendering. */
static json_t *doc_lines(struct zf_req *req, json_t *data)
{
	json_t *out = json_array(), *v;
	json_t *text = json_object_get(data, "text");
	const char *key;
	const char *pcode = json_string_value(json_object_get(json_object_get(data, "case"), "procedure"));
	const char *scode = json_string_value(json_object_get(json_object_get(data, "step"), "code"));
	const struct zf_procedure *p = pcode ? zf_procedure_find(zf_app_procedures(req->app), pcode) : NULL;
	const struct zf_step_def *s = p && scode ? zf_procedure_step(p, scode) : NULL;
	json_object_foreach(text, key, v) {
		const char *label = key;
		for (size_t i = 0; s && i < s->nfields; i++)
			if (!strcmp(s->fields[i].name, key))
				label = s->fields[i].label;
		if (json_is_string(v) && *json_string_value(v))
			json_array_append_new(out, json_pack("{s:s,s:O}", "label", label, "text", v));
	}
	return out;
}

int route_wb_case_doc(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_doc d;
	int64_t case_id, doc_id;
	char name[96];
	if (zf_view_arg_id(req, 0, &case_id) || zf_view_arg_id(req, 1, &doc_id))
		return 0;
	if (zf_app_case_doc(req->app, &req->actor, req->arena, case_id, doc_id, &d, &err))
		return zf_resp_error(req, &err);
	json_t *data = d.data_json ? json_loads(d.data_json, 0, NULL) : NULL;
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_object_set_new(data, "print", json_true());
	json_object_set_new(data, "title", json_sprintf("%s%s%s", d.name ? d.name : "文书",
			    d.number && *d.number ? " " : "", d.number ? d.number : ""));
	json_object_set_new(data, "print_back", json_sprintf("/workbench/cases/%lld", (long long)case_id));
	if (!json_object_get(data, "name"))
		json_object_set_new(data, "name", str(d.name));
	if (!json_object_get(data, "number"))
		json_object_set_new(data, "number", str(d.number));
	snprintf(name, sizeof(name), "web/templates/doc/%s.html", d.doc_type ? d.doc_type : "");
	if (doc_code_ok(d.doc_type) && zf_embed_find(name)) {
		snprintf(name, sizeof(name), "doc/%s", d.doc_type);
		return zf_resp_html(req, 200, name, data);
	}
	json_object_set_new(data, "lines", doc_lines(req, data));
	return zf_resp_html(req, 200, "wb_case_doc", data);
}
