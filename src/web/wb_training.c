/* Workbench pages of officers' training records: a body's year against the requirement, recording a session for several officers, an officer's records and corrections. */
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "app/training.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/view.h"

/* TENTHS of a 学时 as text in the request's arena. */
static const char *hours_text(struct zf_req *req, int64_t tenths)
{
	char out[24];
	zf_training_hours_format(tenths, out);
	return zf_arena_strdup(req->arena, out);
}

/* The trimmed form parameter NAME, or NULL when blank. */
static const char *text_param(struct zf_req *req, const char *name)
{
	const char *v = zf_req_param(req, name);
	char *t = v ? zf_arena_strdup(req->arena, v) : NULL;
	zf_str_trim(t);
	return t && *t ? t : NULL;
}

/* The year of query parameter "year" into *YEAR (0 when absent). */
static int year_param(struct zf_req *req, int *year, struct zf_err *err)
{
	const char *q = zf_req_query(req, "year");
	int64_t y = 0;
	*year = 0;
	if (q && *q && zf_str_to_i64(q, 1900, 2999, &y))
		return zf_err_field(err, "year", "年度应为1900至2999之间的年份");
	*year = (int)y;
	return 0;
}

/* The year selector: this year and the four before, YEAR selected. */
static json_t *year_options(struct zf_req *req, int year)
{
	json_t *a = json_array();
	int now = zf_view_today(req).y;
	for (int y = now; y >= now - 4; y--)
		json_array_append_new(a, json_pack("{s:i,s:b}", "year", y, "selected", y == year));
	return a;
}

/* The training forms for a select, the one of FORM's "form" selected. */
static json_t *forms_json(json_t *form)
{
	json_t *forms = json_array();
	size_t nf;
	const struct zf_training_form *f = zf_training_forms(&nf);
	const char *chosen = json_string_value(json_object_get(form, "form"));
	for (size_t i = 0; i < nf; i++)
		json_array_append_new(forms, json_pack("{s:s,s:s,s:b}", "word", f[i].word, "label", f[i].label,
						       "selected", chosen && !strcmp(chosen, f[i].word)));
	return forms;
}

/* The field errors of ERR (may be NULL) as an object field -> message. */
static json_t *errors_json(const struct zf_err *err)
{
	json_t *errors = json_object();
	for (int i = 0; err && i < err->nfields; i++)
		json_object_set_new(errors, err->fields[i].field, json_string(err->fields[i].msg));
	return errors;
}

/* The context of a body's year S for the workbench home and the index. */
static json_t *summary_json(struct zf_req *req, const struct zf_training_summary *s)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const struct zf_training_total *t = &s->rows[i];
		json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:b,s:b}",
				      "id", (json_int_t)t->officer_id, "name", t->name ? t->name : "",
				      "cert_no", t->cert_no ? t->cert_no : "", "hours", hours_text(req, t->hours),
				      "sessions", (json_int_t)t->sessions,
				      "warning", zf_training_warning_label(t->warning),
				      "short", t->warning == ZF_TRAINING_SHORT, "behind", t->warning == ZF_TRAINING_BEHIND));
	}
	return json_pack("{s:i,s:s,s:s,s:i,s:I,s:o,s:b,s:b}", "year", s->year,
			 "required", hours_text(req, s->required), "expected", hours_text(req, s->expected),
			 "months", s->months, "warnings", (json_int_t)s->warnings, "rows", rows,
			 "has_rows", s->n > 0, "year_over", s->months >= 12);
}

int route_wb_training_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_training_summary s;
	int64_t body_id;
	int year;
	if (zf_view_query_id(req, "body", "执法主体", &body_id, &err) || year_param(req, &year, &err) ||
	    zf_app_training_summary(req->app, &req->actor, req->arena, body_id, year, &s, &err))
		return zf_resp_error(req, &err);
	json_t *ctx = summary_json(req, &s);
	json_object_set_new(ctx, "title", json_string("执法人员培训"));
	json_object_set_new(ctx, "years", year_options(req, s.year));
	json_object_set_new(ctx, "body_id", json_integer(s.body_id));
	json_object_set_new(ctx, "can_record", json_boolean(zf_app_training_can_record(&req->actor) &&
							     s.body_id == req->actor.body_id));
	const char *saved = zf_req_query(req, "saved");
	json_object_set_new(ctx, "saved", saved && *saved ? json_string(saved) : json_false());
	return zf_resp_html(req, 200, "wb_training", ctx);
}

/* The recording form: FORM the values (NULL = empty), CHECKED the chosen officers. */
static int new_page(struct zf_req *req, int status, json_t *form, const struct zf_err *err)
{
	struct zf_err e = {0};
	struct zf_training_summary s;
	if (!zf_app_training_can_record(&req->actor)) {
		json_decref(form);
		zf_err_set(&e, ZF_EDENIED, "没有权限记录培训情况（须为执法主体和人员信息管理员或负责人）");
		return zf_resp_error(req, &e);
	}
	if (zf_app_training_summary(req->app, &req->actor, req->arena, 0, 0, &s, &e)) {
		json_decref(form);
		return zf_resp_error(req, &e);
	}
	if (!form)
		form = json_object();
	json_t *officers = json_array();
	for (size_t i = 0; i < s.n; i++) {
		char *name = zf_arena_printf(req->arena, "officer.%lld", (long long)s.rows[i].officer_id);
		json_array_append_new(officers, json_pack("{s:s,s:s,s:s,s:b}", "name", name,
				      "label", s.rows[i].name ? s.rows[i].name : "",
				      "cert_no", s.rows[i].cert_no ? s.rows[i].cert_no : "",
				      "checked", json_object_get(form, name) != NULL));
	}
	json_t *forms = forms_json(form), *errors = errors_json(err);
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "title", "记录培训", "form", form,
				"officers", officers, "forms", forms, "errors", errors,
				"error", err && err->code ? json_string(err->msg) : json_false());
	return zf_resp_html(req, status, "wb_training_new", ctx);
}

int route_wb_training_new(struct zf_req *req)
{
	return new_page(req, 200, NULL, NULL);
}

/* Reads the fields of a training form into IN; bad hours go into ERR. */
static void training_read(struct zf_req *req, struct zf_training_in *in, struct zf_err *err)
{
	const char *h = text_param(req, "hours");
	in->held_on = text_param(req, "held_on");
	in->topic = text_param(req, "topic");
	in->form = text_param(req, "form");
	in->organiser = text_param(req, "organiser");
	in->note = text_param(req, "note");
	in->hours = 0;
	if (!h)
		zf_err_field(err, "hours", "请填写学时");
	else if (zf_training_hours_parse(h, &in->hours))
		zf_err_field(err, "hours", "学时应为0至1000之间的数，最多一位小数，如 2 或 0.5");
}

/* The submitted form's text fields as a JSON object (to show it again). */
static json_t *submitted(struct zf_req *req, const struct zf_training_summary *s)
{
	static const char *const names[] = {"held_on", "hours", "topic", "form", "organiser", "note"};
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = zf_req_param(req, names[i]);
		json_object_set_new(o, names[i], json_string(v ? v : ""));
	}
	for (size_t i = 0; s && i < s->n; i++) {
		char *name = zf_arena_printf(req->arena, "officer.%lld", (long long)s->rows[i].officer_id);
		if (zf_req_param(req, name))
			json_object_set_new(o, name, json_string("1"));
	}
	return o;
}

int route_wb_training_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_training_summary s;
	struct zf_training_in in = {0};
	if (zf_app_training_summary(req->app, &req->actor, req->arena, 0, 0, &s, &err))
		return zf_resp_error(req, &err);
	int64_t *off = s.n ? zf_arena_alloc(req->arena, s.n * sizeof(*off)) : NULL;
	size_t n = 0;
	for (size_t i = 0; off && i < s.n; i++)
		if (zf_req_param(req, zf_arena_printf(req->arena, "officer.%lld", (long long)s.rows[i].officer_id)))
			off[n++] = s.rows[i].officer_id;
	training_read(req, &in, &err);
	zf_app_training_record(req->app, &req->actor, &in, off, n, NULL, &err);
	if (!err.code) {
		struct zf_date d = {0};
		zf_date_parse(in.held_on, &d);
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/training?year=%d&saved=%zu", d.y, n));
	}
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return new_page(req, zf_http_status(err.code), submitted(req, &s), &err);
}

/* One row of an officer's list. */
static json_t *row_json(struct zf_req *req, const struct zf_training *t)
{
	return json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:b}", "id", (json_int_t)t->id,
			 "held_on", t->held_on ? t->held_on : "", "held_on_cn", zf_view_date_cn(t->held_on),
			 "hours", hours_text(req, t->hours), "topic", t->topic ? t->topic : "",
			 "form", zf_training_form_label(t->form), "organiser", t->organiser ? t->organiser : "",
			 "note", t->note ? t->note : "", "corrects_id", (json_int_t)t->corrects_id,
			 "corrected_by", (json_int_t)t->corrected_by, "withdrawn", t->hours == 0);
}

int route_wb_officer_training(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	struct zf_training *t;
	size_t n;
	int64_t id;
	int year;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (year_param(req, &year, &err) ||
	    zf_app_training_list(req->app, &req->actor, req->arena, id, 0, year, &t, &n, &err) ||
	    zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	json_t *rows = json_array();
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(rows, row_json(req, &t[i]));
		if (!t[i].corrected_by)
			total += t[i].hours;
	}
	json_t *ctx = json_pack("{s:s,s:I,s:s,s:s,s:o,s:b,s:i,s:s,s:b,s:o}",
				"title", zf_arena_printf(req->arena, "%s的培训记录", o.name),
				"officer_id", (json_int_t)o.id, "name", o.name, "cert_no", o.cert_no,
				"rows", rows, "has_rows", n > 0, "year", year, "total", hours_text(req, total),
				"can_record", zf_app_training_can_record(&req->actor) && o.body_id == req->actor.body_id,
				"years", year_options(req, year));
	return zf_resp_html(req, 200, "wb_officer_training", ctx);
}

/* A record with its correction form; FORM the values after a refusal. */
static int show_page(struct zf_req *req, int status, int64_t id, json_t *form, const struct zf_err *err)
{
	struct zf_err e = {0};
	struct zf_training t;
	if (zf_app_training_get(req->app, &req->actor, req->arena, id, &t, &e)) {
		json_decref(form);
		return zf_resp_error(req, &e);
	}
	if (!form)
		form = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "held_on", t.held_on ? t.held_on : "",
				 "hours", hours_text(req, t.hours), "topic", t.topic ? t.topic : "",
				 "form", t.form ? t.form : "", "organiser", t.organiser ? t.organiser : "", "note", "");
	json_t *forms = forms_json(form), *errors = errors_json(err);
	json_t *ctx = json_pack("{s:s,s:o,s:s,s:I,s:o,s:o,s:o,s:b,s:o}", "title", "培训记录",
				"record", row_json(req, &t), "officer_name", t.officer_name ? t.officer_name : "",
				"officer_id", (json_int_t)t.officer_id, "form", form, "forms", forms,
				"errors", errors,
				"can_correct", zf_app_training_can_record(&req->actor) && !t.corrected_by &&
					       t.body_id == req->actor.body_id,
				"error", err && err->code ? json_string(err->msg) : json_false());
	return zf_resp_html(req, status, "wb_training_record", ctx);
}

int route_wb_training_show(struct zf_req *req)
{
	int64_t id;
	return zf_view_arg_id(req, 0, &id) ? 0 : show_page(req, 200, id, NULL, NULL);
}

int route_wb_training_correct(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_training_in in = {0};
	int64_t id, new_id = 0;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	training_read(req, &in, &err);
	zf_app_training_correct(req->app, &req->actor, id, &in, &new_id, &err);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/training/%lld", (long long)new_id));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return show_page(req, zf_http_status(err.code), id, submitted(req, NULL), &err);
}

json_t *zf_wb_training_warning(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_training_summary s;
	if (!zf_app_training_can_record(&req->actor) ||
	    zf_app_training_summary(req->app, &req->actor, req->arena, 0, 0, &s, &err) || !s.warnings)
		return NULL;
	json_t *names = json_array();
	for (size_t i = 0; i < s.n && json_array_size(names) < 10; i++)
		if (s.rows[i].warning)
			json_array_append_new(names, json_string(s.rows[i].name ? s.rows[i].name : ""));
	return json_pack("{s:i,s:I,s:s,s:s,s:o,s:b}", "year", s.year, "count", (json_int_t)s.warnings,
			 "required", hours_text(req, s.required), "expected", hours_text(req, s.expected),
			 "names", names, "more", s.warnings > 10);
}
