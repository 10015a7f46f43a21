/* Workbench pages around cases: the deadline dashboard, violation types with their benchmark bands, and a body's case settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "app/case.h"
#include "app/review_flow.h"
#include "core/role.h"
#include "util/str.h"
#include "web/case_form.h"
#include "web/case_text.h"
#include "web/fields.h"
#include "web/handlers.h"
#include "web/view.h"
#include "web/wb_case.h"

#define DUE_SOON 2 /* working days: amber */

/* The text of string V, or DFLT when V is no string. */
static const char *text_or(const json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* ------------------------------------------------------------------ */
/* Deadlines                                                           */
/* ------------------------------------------------------------------ */

/* The open legal reviews (submitted or assigned) the actor follows, of BODY_ID
 * (0 = all it sees), with their review time limit: [{review_id, case_id,
 * case_no, title, version, reviewer, deadline}], the most urgent first as the
 * queue lists them (oldest first). Empty for roles without ZF_PERM_REVIEW. */
static json_t *review_deadlines(struct zf_req *req, int64_t body_id, size_t *overdue, size_t *soon)
{
	struct zf_err err = {0};
	struct zf_review_rec *r = NULL;
	struct zf_calendar *cal = NULL;
	size_t n = 0;
	json_t *rows = json_array();

	*overdue = *soon = 0;
	if (!rows || !zf_role_allows(req->actor.role, ZF_PERM_REVIEW) ||
	    zf_app_review_queue(req->app, &req->actor, req->arena, &r, &n, &err))
		return rows;
	if (zf_app_calendar(req->app, &cal, NULL))
		cal = NULL;
	for (size_t i = 0; i < n; i++) {
		if (body_id && r[i].body_id != body_id)
			continue;
		json_t *d = zf_wb_due_json(req, cal, r[i].due_on, 0);
		const char *level = json_string_value(json_object_get(d, "level"));
		*overdue += level && !strcmp(level, "overdue");
		*soon += level && !strcmp(level, "soon");
		json_array_append_new(rows, json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:o}", "review_id", (json_int_t)r[i].id,
				      "case_id", (json_int_t)r[i].case_id,
				      "case_no", r[i].case_no && *r[i].case_no ? r[i].case_no : "（尚未编号）",
				      "title", r[i].case_title ? r[i].case_title : "", "version", (json_int_t)r[i].version,
				      "reviewer", r[i].reviewer_name && *r[i].reviewer_name ? r[i].reviewer_name : "尚未指定",
				      "deadline", d));
	}
	zf_calendar_free(cal);
	return rows;
}

int route_wb_deadlines(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_deadline_row *r;
	size_t n;
	int64_t body_id;
	if (zf_view_query_id(req, "body", "执法主体", &body_id, &err) ||
	    zf_app_case_deadlines(req->app, &req->actor, req->arena, body_id, DUE_SOON, &r, &n, &err))
		return zf_resp_error(req, &err);
	json_t *rows = json_array();
	size_t overdue = 0;
	for (size_t i = 0; i < n; i++) {
		const struct zf_procedure *p = zf_procedure_find(zf_app_procedures(req->app), r[i].procedure);
		if (r[i].d.level && !strcmp(r[i].d.level, "overdue"))
			overdue++;
		json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "case_id", (json_int_t)r[i].case_id,
				      "body", r[i].body_name ? r[i].body_name : "",
				      "case_no", r[i].case_no && *r[i].case_no ? r[i].case_no : "（尚未编号）",
				      "title", r[i].title ? r[i].title : "", "procedure", p ? p->name : r[i].procedure,
				      "deadline", zf_wb_deadline_of(&r[i].d)));
	}
	size_t rover = 0, rsoon = 0;
	json_t *reviews = review_deadlines(req, body_id, &rover, &rsoon);
	json_t *ctx = json_pack("{s:s,s:b,s:o,s:I,s:I,s:b}", "title", "逾期和临近期限",
			    "has_rows", n > 0, "rows", rows, "overdue", (json_int_t)overdue, "soon", (json_int_t)(n - overdue),
			    "all_bodies", zf_role_all_bodies(req->actor.role));
	json_object_set_new(ctx, "review_rows", reviews);
	json_object_set_new(ctx, "has_reviews", json_boolean(json_array_size(reviews) > 0));
	json_object_set_new(ctx, "show_reviews", json_boolean(zf_role_allows(req->actor.role, ZF_PERM_REVIEW)));
	json_object_set_new(ctx, "review_overdue", json_integer((json_int_t)rover));
	json_object_set_new(ctx, "review_soon", json_integer((json_int_t)rsoon));
	return zf_resp_html(req, 200, "wb_deadlines", ctx);
}

/* ------------------------------------------------------------------ */
/* Violation types and benchmark bands                                 */
/* ------------------------------------------------------------------ */

static const struct zf_field violation_fields[] = {
	{"code", "编号", ZF_FIELD_TEXT, 1, 32, "本机关的违法行为编号", 1},
	{"matter_code", "行政执法事项编码", ZF_FIELD_TEXT, 0, 64, NULL, 1},
	{"name", "违法行为", ZF_FIELD_TEXT, 1, 200, NULL, 0},
	{"domain", "执法领域", ZF_FIELD_TEXT, 1, 64, "与执法证的执法领域一致", 0},
	{"legal_basis", "违法依据", ZF_FIELD_TEXTAREA, 1, 2000, NULL, 0},
	{"penalty_basis", "处罚依据", ZF_FIELD_TEXTAREA, 1, 2000, NULL, 0},
	{"fine_min", "法定罚款下限（元）", ZF_FIELD_TEXT, 0, 16, "未规定的填 0", 1},
	{"fine_max", "法定罚款上限（元）", ZF_FIELD_TEXT, 0, 16, "未规定的不填", 1},
	{"safety", "涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）", ZF_FIELD_CHECKBOX, 0, 0, NULL, 0},
	{"active", "启用", ZF_FIELD_CHECKBOX, 0, 0, NULL, 0},
	{"version", "版本", ZF_FIELD_HIDDEN, 0, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

static const char *const band_parts[] = {"circumstance", "fine_min", "fine_max", "other"};
#define NBAND_PARTS (sizeof(band_parts) / sizeof(band_parts[0]))

static const char *yuan(struct zf_req *req, int64_t fen)
{
	char out[24];
	zf_money_format(fen, out);
	return zf_arena_strdup(req->arena, out);
}

/* The form values of violation V: its fields and "band<L>.<part>" cells. */
static json_t *violation_form(struct zf_req *req, const struct zf_violation *v)
{
	json_t *f = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I}",
			      "code", v->code ? v->code : "", "matter_code", v->matter_code ? v->matter_code : "",
			      "name", v->name ? v->name : "", "domain", v->domain ? v->domain : "",
			      "legal_basis", v->legal_basis ? v->legal_basis : "",
			      "penalty_basis", v->penalty_basis ? v->penalty_basis : "",
			      "fine_min", yuan(req, v->fine_min), "fine_max", v->fine_max < 0 ? "" : yuan(req, v->fine_max),
			      "safety", v->safety ? "1" : "", "active", v->active ? "1" : "",
			      "version", (json_int_t)v->version);
	for (size_t i = 0; i < v->nbands; i++) {
		const struct zf_benchmark *b = &v->bands[i];
		char key[48];
		snprintf(key, sizeof(key), "band%d.circumstance", b->level);
		json_object_set_new(f, key, json_string(b->circumstance ? b->circumstance : ""));
		snprintf(key, sizeof(key), "band%d.fine_min", b->level);
		json_object_set_new(f, key, json_string(yuan(req, b->fine_min)));
		snprintf(key, sizeof(key), "band%d.fine_max", b->level);
		json_object_set_new(f, key, json_string(yuan(req, b->fine_max)));
		snprintf(key, sizeof(key), "band%d.other", b->level);
		json_object_set_new(f, key, json_string(b->other ? b->other : ""));
	}
	return f;
}

/* The four band rows (轻微, 一般, 较重, 严重) with FORM's cells and ERRORS. */
static json_t *band_rows(json_t *form, json_t *errors, json_t *cells)
{
	json_t *rows = json_array();
	for (int level = ZF_BAND_MINOR; level <= ZF_BAND_GRAVE; level++) {
		json_t *row = json_pack("{s:s,s:[]}", "label", zf_band_label(level), "cells");
		for (size_t k = 0; k < NBAND_PARTS; k++) {
			char name[48];
			snprintf(name, sizeof(name), "band%d.%s", level, band_parts[k]);
			json_t *v = json_object_get(form, name);
			const char *msg = json_string_value(json_object_get(errors, name));
			json_t *cell = json_pack("{s:s,s:s,s:o,s:b}", "name", name, "value",
						 text_or(v, ""),
						 "error", msg ? json_string(msg) : json_false(), "money", k == 1 || k == 2);
			json_object_set_new(cell, "id", json_sprintf("f-band%d-%s", level, band_parts[k]));
			json_array_append(json_object_get(row, "cells"), cell);
			json_array_append_new(cells, cell);
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

/* A money cell NAME of the form in yuan: 分 into *FEN (EMPTY when blank). */
static void money_param(struct zf_req *req, const char *name, const char *label, int64_t empty,
			int64_t *fen, struct zf_err *err)
{
	const char *v = zf_req_param(req, name);
	char *t = v ? zf_arena_strdup(req->arena, v) : NULL;
	zf_str_trim(t);
	*fen = empty;
	if (t && *t && zf_money_parse(t, fen))
		zf_err_field(err, name, "%s应为金额（元），最多两位小数", label);
}

static const char *text_param(struct zf_req *req, const char *name)
{
	const char *v = zf_req_param(req, name);
	char *t = v ? zf_arena_strdup(req->arena, v) : NULL;
	zf_str_trim(t);
	return t && *t ? t : NULL;
}

/* Reads violation type IN (and its bands, into BANDS[4]) from the form. */
static void violation_read(struct zf_req *req, struct zf_violation *in, struct zf_benchmark *bands,
			   struct zf_err *err)
{
	const char *ver = zf_req_param(req, "version");
	int64_t version = 0;
	in->code = text_param(req, "code");
	in->matter_code = text_param(req, "matter_code");
	in->name = text_param(req, "name");
	in->domain = text_param(req, "domain");
	in->legal_basis = text_param(req, "legal_basis");
	in->penalty_basis = text_param(req, "penalty_basis");
	in->safety = zf_req_param(req, "safety") != NULL;
	in->active = zf_req_param(req, "active") != NULL;
	if (ver && *ver && zf_str_to_i64(ver, 0, INT32_MAX, &version))
		zf_err_field(err, "version", "版本号无效，请刷新页面后重新提交");
	in->version = (int)version;
	money_param(req, "fine_min", "法定罚款下限", 0, &in->fine_min, err);
	money_param(req, "fine_max", "法定罚款上限", -1, &in->fine_max, err);
	in->nbands = 0;
	for (int level = ZF_BAND_MINOR; level <= ZF_BAND_GRAVE; level++) {
		struct zf_benchmark *b = &bands[in->nbands];
		char name[48];
		memset(b, 0, sizeof(*b));
		b->level = level;
		snprintf(name, sizeof(name), "band%d.circumstance", level);
		b->circumstance = text_param(req, name);
		snprintf(name, sizeof(name), "band%d.other", level);
		b->other = text_param(req, name);
		snprintf(name, sizeof(name), "band%d.fine_min", level);
		int any = b->circumstance || b->other || text_param(req, name);
		money_param(req, name, "罚款下限", 0, &b->fine_min, err);
		snprintf(name, sizeof(name), "band%d.fine_max", level);
		any = any || text_param(req, name);
		money_param(req, name, "罚款上限", 0, &b->fine_max, err);
		if (any)
			in->nbands++;
	}
	in->bands = bands;
}

/* The input of field error NAME of the validator: "bands.<i>.<part>" of
 * IN's band i is the cell "band<level>.<part>". */
static const char *violation_input(struct zf_req *req, const struct zf_violation *in, const char *name)
{
	unsigned long i;
	int used = 0;
	if (in && sscanf(name, "bands.%lu.%n", &i, &used) == 1 && used && i < in->nbands)
		return zf_arena_printf(req->arena, "band%d.%s", in->bands[i].level, name + used);
	return name;
}

/* The violation form; IN (may be NULL) is what was submitted, naming the
 * bands of ERR's field errors. */
static int violation_page(struct zf_req *req, int status, int64_t id, json_t *form,
			  const struct zf_violation *in, const struct zf_err *err)
{
	int can_edit = zf_role_allows(req->actor.role, ZF_PERM_CASE_SETTINGS);
	json_t *errors = json_object();
	for (int i = 0; err && i < err->nfields; i++)
		json_object_set_new(errors, violation_input(req, in, err->fields[i].field),
				    json_string(err->fields[i].msg));
	json_t *cells = json_array();
	json_t *fields = zf_fields(violation_fields, form, errors, NULL);
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:b,s:s,s:b}",
				"title", id ? text_or(json_object_get(form, "name"), "违法行为") : "新增违法行为",
				"bands", band_rows(form, errors, cells), "fields", fields, "can_edit", can_edit,
				"action", id ? zf_arena_printf(req->arena, "/workbench/violations/%lld", (long long)id) :
					     "/workbench/violations/new", "saved", zf_req_query(req, "saved") != NULL);
	json_object_set_new(ctx, "unplaced", zf_case_form_unplaced(errors, fields, cells));
	json_object_set_new(ctx, "error", err && err->code ? json_string(err->msg) : json_false());
	json_decref(cells);
	json_decref(errors);
	json_decref(form);
	return zf_resp_html(req, status, "wb_violation", ctx);
}

static json_t *violation_row(struct zf_req *req, const struct zf_violation *v)
{
	char range[96];
	char lo[40], hi[40];
	zf_case_text_money(v->fine_min, lo);
	if (v->fine_max >= 0) {
		zf_case_text_money(v->fine_max, hi);
		snprintf(range, sizeof(range), "%s至%s", lo, hi);
	} else {
		snprintf(range, sizeof(range), "%s以上（上限未规定）", lo);
	}
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:b}", "id", (json_int_t)v->id, "code", v->code ? v->code : "",
			 "name", v->name ? v->name : "", "domain", v->domain ? v->domain : "",
			 "matter_code", v->matter_code ? v->matter_code : "", "range", zf_arena_strdup(req->arena, range),
			 "bands", (json_int_t)v->nbands, "active", v->active);
}

int route_wb_violation_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_violation *v;
	size_t n;
	if (zf_app_violation_list(req->app, &req->actor, req->arena, 0, &v, &n, &err))
		return zf_resp_error(req, &err);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, violation_row(req, &v[i]));
	return zf_resp_html(req, 200, "wb_violations", json_pack("{s:s,s:b,s:o,s:b}", "title", "违法行为和裁量基准",
			    "has_violations", n > 0, "violations", rows, "can_edit", zf_role_allows(req->actor.role, ZF_PERM_CASE_SETTINGS)));
}

int route_wb_violation_new(struct zf_req *req)
{
	return violation_page(req, 200, 0, json_pack("{s:s}", "active", "1"), NULL, NULL);
}

int route_wb_violation_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_violation v;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_violation_get(req->app, &req->actor, req->arena, id, &v, &err))
		return zf_resp_error(req, &err);
	return violation_page(req, 200, id, violation_form(req, &v), NULL, NULL);
}

/* Saves the violation form: ID 0 creates one. */
static int violation_save(struct zf_req *req, int64_t id)
{
	struct zf_err err = {0};
	struct zf_violation in = {.id = id};
	struct zf_benchmark bands[4];
	int64_t new_id = id;
	violation_read(req, &in, bands, &err);
	if (!err.code)
		zf_app_violation_save(req->app, &req->actor, &in, &new_id, &err);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/violations/%lld?saved=1",
							     (long long)new_id));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return violation_page(req, zf_http_status(err.code), id, zf_case_form_submitted(req), &in, &err);
}

int route_wb_violation_create(struct zf_req *req)
{
	return violation_save(req, 0);
}

int route_wb_violation_update(struct zf_req *req)
{
	int64_t id;
	return zf_view_arg_id(req, 0, &id) ? 0 : violation_save(req, id);
}

/* ------------------------------------------------------------------ */
/* Case settings                                                       */
/* ------------------------------------------------------------------ */

/* The label of settings key KEY for the form, and whether its integer is
 * money: core/ states money in 分 ("…，分）"); the form asks for 元. */
static const char *setting_label(struct zf_req *req, const char *key, int *money)
{
	static const char fen[] = "分）";
	const char *label = zf_case_setting_label(key);
	size_t n = strlen(label), k = strlen(fen);
	*money = n > k && !strcmp(label + n - k, fen);
	if (!n)
		return key;
	return *money ? zf_arena_printf(req->arena, "%.*s元）", (int)(n - k), label) : label;
}

/* A setting's value as the form's text. */
static const char *setting_text(struct zf_req *req, json_t *v, int money)
{
	json_t *e;
	size_t i;
	if (json_is_integer(v))
		return money ? yuan(req, json_integer_value(v)) :
		       zf_arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? "1" : "";
	if (json_is_array(v)) {
		const char *out = "";
		json_array_foreach(v, i, e)
			out = zf_arena_printf(req->arena, "%s%s%s", out, i ? "、" : "", text_or(e, ""));
		return out;
	}
	return "";
}

/* The settings rows: one per default key (number patterns one per
 * numbered document type), values from S or, after a refusal, FORM. */
static json_t *settings_rows(struct zf_req *req, json_t *defaults, json_t *s, json_t *form,
			     json_t *errors)
{
	json_t *rows = json_array(), *dv;
	const char *key;
	json_object_foreach(defaults, key, dv) {
		int money;
		const char *label = setting_label(req, key, &money);
		json_t *cur = json_object_get(s, key);
		if (!cur)
			cur = dv;
		if (json_is_object(dv)) {
			size_t n;
			const struct zf_doc_type *t = zf_doc_types(&n);
			for (size_t i = 0; i < n; i++) {
				if (!t[i].pattern)
					continue;
				char *name = zf_arena_printf(req->arena, "%s.%s", key, t[i].code);
				json_t *fv = json_object_get(form, name), *sv = json_object_get(cur, t[i].code);
				const char *msg = json_string_value(json_object_get(errors, name));
				json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:b,s:o}", "name", name,
						      "id", zf_arena_printf(req->arena, "f-np-%s", t[i].code),
						      "label", zf_arena_printf(req->arena, "%s文号格式", t[i].name),
						      "value", form ? text_or(fv, "") : text_or(sv, t[i].pattern),
						      "bool", 0, "error", msg ? json_string(msg) : json_false()));
			}
			continue;
		}
		json_t *fv = json_object_get(form, key);
		const char *msg = json_string_value(json_object_get(errors, key));
		const char *val = form ? text_or(fv, "") : setting_text(req, cur, money);
		json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b,s:o}", "name", key,
				      "id", zf_arena_printf(req->arena, "f-%s", key), "label", label, "value", val,
				      "bool", json_is_boolean(dv), "checked", *val && strcmp(val, "0"),
				      "error", msg ? json_string(msg) : json_false()));
	}
	return rows;
}

static int settings_page(struct zf_req *req, int status, json_t *form, const struct zf_err *err)
{
	struct zf_err e = {0};
	json_t *s = NULL;
	int64_t version = 0;
	if (zf_app_case_settings(req->app, &req->actor, req->actor.body_id, &s, &version, &e)) {
		json_decref(form);
		return zf_resp_error(req, &e);
	}
	json_t *defaults = zf_case_settings_defaults();
	json_t *errors = zf_case_form_errors(err, NULL);
	json_t *rows = settings_rows(req, defaults, s, form, errors);
	json_t *ctx = json_pack("{s:s,s:o,s:I,s:b,s:b}", "title", "案件办理设置", "settings", rows,
				"version", (json_int_t)version,
				"can_edit", zf_role_allows(req->actor.role, ZF_PERM_CASE_SETTINGS),
				"saved", zf_req_query(req, "saved") != NULL);
	json_object_set_new(ctx, "unplaced", zf_case_form_unplaced(errors, rows, NULL));
	json_object_set_new(ctx, "error", err && err->code ? json_string(err->msg) : json_false());
	json_decref(defaults);
	json_decref(errors);
	json_decref(s);
	json_decref(form);
	return zf_resp_html(req, status, "wb_case_settings", ctx);
}

int route_wb_case_settings(struct zf_req *req)
{
	return settings_page(req, 200, NULL, NULL);
}

/* A setting from the form as the type of its default DV. */
static json_t *setting_value(struct zf_req *req, const char *key, json_t *dv, struct zf_err *err)
{
	int money;
	const char *label = setting_label(req, key, &money);
	const char *t = text_param(req, key);
	int64_t n;
	if (json_is_boolean(dv))
		return json_boolean(t && strcmp(t, "0"));
	if (json_is_integer(dv)) {
		if (!t) {
			zf_err_field(err, key, "请填写%s", label);
			return NULL;
		}
		if (money ? zf_money_parse(t, &n) : zf_str_to_i64(t, 0, INT32_MAX, &n)) {
			zf_err_field(err, key, money ? "%s应为金额（元），最多两位小数" : "%s应为非负整数", label);
			return NULL;
		}
		return json_integer(n);
	}
	if (json_is_array(dv)) {
		json_t *arr = json_array();
		char *copy = zf_arena_strdup(req->arena, t ? t : ""), *save = NULL;
		for (char *p = strtok_r(copy, "、,，; ", &save); p; p = strtok_r(NULL, "、,，; ", &save))
			json_array_append_new(arr, json_string(p));
		return arr;
	}
	if (json_is_object(dv)) {
		json_t *o = json_object();
		size_t nt;
		const struct zf_doc_type *types = zf_doc_types(&nt);
		for (size_t i = 0; i < nt; i++) {
			const char *v = types[i].pattern ?
					text_param(req, zf_arena_printf(req->arena, "%s.%s", key, types[i].code)) : NULL;
			if (v && strcmp(v, types[i].pattern))
				json_object_set_new(o, types[i].code, json_string(v));
		}
		return o;
	}
	return json_string(t ? t : "");
}

int route_wb_case_settings_save(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *defaults = zf_case_settings_defaults(), *dv;
	json_t *s = json_object();
	const char *key;
	int64_t version = 0;
	json_object_foreach(defaults, key, dv) {
		json_t *v = setting_value(req, key, dv, &err);
		if (v)
			json_object_set_new(s, key, v);
	}
	if (!err.code)
		zf_app_case_settings_set(req->app, &req->actor, req->actor.body_id, s, &version, &err);
	json_decref(s);
	json_decref(defaults);
	if (!err.code)
		return zf_resp_redirect(req, "/workbench/settings/cases?saved=1");
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return settings_page(req, zf_http_status(err.code), zf_case_form_submitted(req), &err);
}
