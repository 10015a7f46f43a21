/* The lists published before enforcement (事前公开): the workbench (the body's lists, the editor per kind with pasted CSV/TSV, approvals, the justice bureau's queue) and the portal (every body's lists, the live version and the earlier ones). */
#include <stdio.h>
#include <string.h>

#include "app/public_list.h"
#include "core/role.h"
#include "util/str.h"
#include "util/time.h"
#include "web/handlers.h"
#include "web/view.h"

static const char *const state_labels[][2] = {
	{"draft", "待本机关负责人审批"}, {"approved", "待县司法局审核"}, {"live", "现行有效"},
	{"superseded", "已被新版本替代"},  {"rejected", "已退回"},
};

static const char *state_label(const char *state)
{
	for (size_t i = 0; i < sizeof(state_labels) / sizeof(state_labels[0]); i++)
		if (!strcmp(state_labels[i][0], state))
			return state_labels[i][1];
	return state;
}

/* "2026年3月5日" of instant T (Beijing time), "" for 0. */
static const char *day_of(struct zf_req *req, int64_t t)
{
	char d[24];

	if (!t)
		return "";
	zf_date_cn(zf_date_from_days((t + 8 * 3600) / 86400), d);
	return zf_arena_strdup(req->arena, d);
}

/* The kind of path argument I; answers 404 itself (NULL) when unknown. */
static const struct zf_public_list_kind *kind_arg(struct zf_req *req, int i)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(zf_req_arg(req, i));

	if (!k)
		zf_resp_error(req, &(struct zf_err){.code = ZF_ENOTFOUND, .msg = "清单种类不存在"});
	return k;
}

static const char *cell_of(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* The column headers of K. */
static json_t *headers(const struct zf_public_list_kind *k)
{
	json_t *arr = json_array();

	for (size_t c = 0; c < k->ncols; c++)
		json_array_append_new(arr, json_pack("{s:s,s:s}", "key", k->cols[c].key, "label",
						     k->cols[c].label));
	return arr;
}

/* LIST's rows as a read-only table (cells in column order; flowcharts linked). */
static json_t *table_rows(struct zf_req *req, const struct zf_public_list_kind *k,
			  const json_t *list)
{
	json_t *rows = json_array(), *row;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, row) {
		json_t *cells = json_array();
		for (size_t c = 0; c < k->ncols; c++) {
			const char *v = cell_of(row, k->cols[c].key);
			json_t *cell = json_pack("{s:s,s:s}", "label", k->cols[c].label, "value", v);
			if (!strcmp(k->cols[c].key, "flowchart") && *v)
				json_object_set_new(cell, "href",
						    json_string(zf_arena_printf(
							    req->arena, "/flowcharts/%s.svg", v)));
			json_array_append_new(cells, cell);
		}
		json_array_append_new(rows, json_pack("{s:I,s:o}", "n", (json_int_t)i + 1, "cells",
						      cells));
	}
	return rows;
}

/* A version row as JSON; STAFF adds the accounts' logins and the reason. */
static json_t *version_json(struct zf_req *req, const struct zf_public_list_rec *r, int staff)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(r->kind);
	json_t *o = json_pack(
		"{s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b}", "id",
		(json_int_t)r->id, "body_id", (json_int_t)r->body_id, "body", r->body_name, "kind",
		r->kind, "version", (json_int_t)r->version, "kind_label", k ? k->label : r->kind,
		"state", r->state, "state_label", state_label(r->state), "drafted",
		day_of(req, r->drafted_at), "approved", day_of(req, r->approved_at), "justice",
		day_of(req, r->justice_at), "live_from", day_of(req, r->live_from), "live_to",
		day_of(req, r->live_to), "is_live", !strcmp(r->state, "live"), "needs_justice",
		k && k->justice, "justice_done", r->justice_at != 0);
	json_object_set_new(o, "justice_body", json_string(r->justice_body));
	json_object_set_new(o, "note", json_string(r->note ? r->note : ""));
	if (staff) {
		json_object_set_new(o, "drafter", json_string(r->drafter));
		json_object_set_new(o, "approver", json_string(r->approver));
		json_object_set_new(o, "justice_by", json_string(r->justice));
		json_object_set_new(o, "rejecter", json_string(r->rejecter));
		json_object_set_new(o, "rejected", json_string(day_of(req, r->rejected_at)));
		json_object_set_new(o, "reason", json_string(r->reason ? r->reason : ""));
	}
	return o;
}

/* ---- workbench ---------------------------------------------------------- */

int route_wb_lists(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_public_list_rec *rows = NULL;
	size_t n = 0, nk = 0;
	const struct zf_public_list_kind *kinds = zf_public_list_kinds(&nk);
	json_t *out;

	if (zf_app_public_list_rows(req->app, &req->actor, req->arena, req->actor.body_id, NULL, 1,
				    &rows, &n, &err))
		return zf_resp_error(req, &err);
	out = json_array();
	for (size_t k = 0; k < nk; k++) {
		json_t *live = json_null(), *pending = json_array();
		for (size_t i = 0; i < n; i++) {
			if (strcmp(rows[i].kind, kinds[k].word))
				continue;
			if (!strcmp(rows[i].state, "live"))
				live = version_json(req, &rows[i], 1);
			else if (strcmp(rows[i].state, "superseded") &&
				 json_array_size(pending) < 20)
				json_array_append_new(pending, version_json(req, &rows[i], 1));
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:b,s:o,s:o,s:I}", "kind",
						     kinds[k].word, "label", kinds[k].label,
						     "justice", kinds[k].justice, "live", live,
						     "pending", pending, "body_id",
						     (json_int_t)req->actor.body_id));
	}
	return zf_resp_html(req, 200, "wb_public_lists",
			    json_pack("{s:s,s:o,s:b,s:b}", "title", "公示清单（事前公开）", "kinds",
				      out, "supervisor", req->actor.role == ZF_ROLE_SUPERVISOR,
				      "saved", zf_req_query(req, "saved") != NULL));
}

/* The messages of ERR whose field starts with PREFIX followed by '.' or the end. */
static json_t *errors_of(const struct zf_err *err, const char *prefix)
{
	json_t *arr = json_array();
	size_t n = strlen(prefix);

	for (int k = 0; err && k < err->nfields; k++)
		if (!strncmp(err->fields[k].field, prefix, n) &&
		    (err->fields[k].field[n] == '\0' || err->fields[k].field[n] == '.'))
			json_array_append_new(arr, json_string(err->fields[k].msg));
	return arr;
}

/* The editor of LIST (kind K) with NOTE; ERR when submitted with errors. */
static int editor(struct zf_req *req, int status, const struct zf_public_list_kind *k,
		  json_t *list, const char *note, const char *csv, const struct zf_err *err)
{
	json_t *rows = json_array(), *row, *unplaced = json_array();
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, row) {
		json_t *cells = json_array();
		for (size_t c = 0; c < k->ncols; c++) {
			const struct zf_public_list_col *col = &k->cols[c];
			const char *v = cell_of(row, col->key);
			json_t *opts = json_array();
			for (size_t o = 0; col->options && col->options[o]; o++)
				json_array_append_new(opts, json_pack("{s:s,s:b}", "value",
								      col->options[o], "selected",
								      !strcmp(col->options[o], v)));
			json_array_append_new(
				cells, json_pack("{s:s,s:s,s:s,s:b,s:b,s:o,s:b,s:o,s:I}", "key", col->key,
						 "label", col->label, "value", v, "multiline",
						 col->multiline, "required", col->required, "options",
						 opts, "select", col->options != NULL, "errors",
						 errors_of(err, zf_arena_printf(req->arena,
										"items[%zu].%s", i,
										col->key)),
						 "max", (json_int_t)col->max));
		}
		json_array_append_new(
			rows, json_pack("{s:I,s:I,s:o,s:o}", "i", (json_int_t)i, "n", (json_int_t)i + 1,
					"cells", cells, "errors",
					errors_of(err, zf_arena_printf(req->arena, "items[%zu]", i))));
	}
	for (int e = 0; err && e < err->nfields; e++)
		if (strncmp(err->fields[e].field, "items[", 6))
			json_array_append_new(unplaced, json_string(err->fields[e].msg));
	json_t *ctx = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:s,s:s,s:o,s:b,s:I}", "title",
				zf_arena_printf(req->arena, "起草%s", k->label), "kind", k->word,
				"label", k->label, "headers", headers(k), "rows", rows, "n",
				(json_int_t)json_array_size(json_object_get(list, "items")), "note",
				note ? note : "", "csv", csv ? csv : "", "unplaced", unplaced,
				"benchmarks", !strcmp(k->word, "benchmarks"), "max_rows",
				(json_int_t)ZF_PUBLIC_LIST_ROWS_MAX);
	json_object_set_new(ctx, "error", err && err->code ? json_string(err->msg) : json_false());
	json_decref(list);
	return zf_resp_html(req, status, "wb_public_list_edit", ctx);
}

/* An empty row of K. */
static json_t *blank_row(const struct zf_public_list_kind *k)
{
	json_t *row = json_object();

	for (size_t c = 0; row && c < k->ncols; c++)
		json_object_set_new(row, k->cols[c].key, json_string(""));
	return row;
}

int route_wb_list_new(struct zf_req *req)
{
	const struct zf_public_list_kind *k = kind_arg(req, 0);
	struct zf_public_list_rec live;
	struct zf_err err = {0};
	json_t *list = NULL;

	if (!k)
		return 0;
	if (!strcmp(k->word, "benchmarks") && zf_req_query(req, "generate")) {
		if (zf_app_public_list_benchmarks(req->app, &req->actor, &list, &err))
			return zf_resp_error(req, &err);
	} else if (!zf_app_public_list_live(req->app, req->arena, req->actor.body_id, k->word,
					    &live, &err)) {
		list = json_loads(live.json, 0, NULL);
	}
	if (!list || !json_array_size(json_object_get(list, "items"))) {
		json_decref(list);
		list = zf_public_list_new(k->word, json_pack("[o]", blank_row(k)));
	}
	return editor(req, 200, k, list, "", "", NULL);
}

/* Form field NAME of row I. */
static const char *row_param(struct zf_req *req, size_t i, const char *name)
{
	const char *v = zf_req_param(req, zf_arena_printf(req->arena, "i.%zu.%s", i, name));
	return v ? v : "";
}

/* The list the form submitted: rows i.0.. up to "n" (a row left wholly blank
 * is dropped), then one blank row when "add" was pressed. */
static json_t *submitted(struct zf_req *req, const struct zf_public_list_kind *k, int add)
{
	int64_t n = 0;
	json_t *rows = json_array();

	if (zf_str_to_i64(zf_req_param(req, "n") ? zf_req_param(req, "n") : "0", 0,
			  ZF_PUBLIC_LIST_ROWS_MAX, &n))
		n = 0;
	for (size_t i = 0; i < (size_t)n; i++) {
		json_t *row = json_object();
		int any = 0;
		for (size_t c = 0; c < k->ncols; c++) {
			const char *v = row_param(req, i, k->cols[c].key);
			any |= !zf_str_blank(v);
			json_object_set_new(row, k->cols[c].key, json_string(v));
		}
		if (any)
			json_array_append_new(rows, row);
		else
			json_decref(row);
	}
	if (add)
		json_array_append_new(rows, blank_row(k));
	return zf_public_list_new(k->word, rows);
}

int route_wb_list_save(struct zf_req *req)
{
	const struct zf_public_list_kind *k = kind_arg(req, 0);
	const char *csv = zf_req_param(req, "csv"), *note = zf_req_param(req, "note");
	const char *action = zf_req_param(req, "action");
	struct zf_err err = {0};
	json_t *list = NULL, *rows = NULL;
	int64_t id = 0;

	if (!k)
		return 0;
	if (csv && !zf_str_blank(csv)) {
		if (zf_public_list_parse_csv(k->word, csv, &rows, &err))
			return editor(req, zf_http_status(err.code), k, submitted(req, k, 0), note,
				      csv, &err);
		list = zf_public_list_new(k->word, rows);
	} else {
		list = submitted(req, k, action && !strcmp(action, "add"));
		if (action && !strcmp(action, "add"))
			return editor(req, 200, k, list, note, "", NULL);
	}
	if (!list)
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOMEM, .msg = "内存不足"});
	if (!zf_app_public_list_draft(req->app, &req->actor, k->word, list, note, &id, &err)) {
		json_decref(list);
		return zf_resp_redirect(req, zf_arena_printf(req->arena,
							     "/workbench/lists/versions/%lld?saved=1",
							     (long long)id));
	}
	if (err.code != ZF_EINVAL) {
		json_decref(list);
		return zf_resp_error(req, &err);
	}
	return editor(req, zf_http_status(err.code), k, list, note, "", &err);
}

int route_wb_list_version(struct zf_req *req)
{
	struct zf_public_list_rec r;
	struct zf_err err = {0};
	int64_t id;
	json_t *list;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_public_list_get(req->app, &req->actor, req->arena, id, &r, &err))
		return zf_resp_error(req, &err);
	const struct zf_public_list_kind *k = zf_public_list_kind(r.kind);
	if (!k || !(list = json_loads(r.json, 0, NULL)))
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ERROR, .msg = "清单无法读取"});
	int leader = req->actor.role == ZF_ROLE_LEADER && req->actor.body_id == r.body_id;
	int draft = !strcmp(r.state, "draft"), approved = !strcmp(r.state, "approved");
	json_t *ctx = json_pack(
		"{s:s,s:o,s:o,s:o,s:b,s:b,s:b,s:b}", "title", k->label, "v", version_json(req, &r, 1),
		"headers", headers(k), "rows", table_rows(req, k, list), "can_approve",
		draft && leader && req->actor.account_id != r.drafted_by, "can_reject_draft",
		draft && leader, "can_justice",
		approved && k->justice && req->actor.role == ZF_ROLE_SUPERVISOR, "saved",
		zf_req_query(req, "saved") != NULL);
	json_object_set_new(ctx, "own_draft", json_boolean(draft && req->actor.account_id == r.drafted_by));
	json_decref(list);
	return zf_resp_html(req, 200, "wb_public_list_version", ctx);
}

/* Answers a step's result: back to the version page, or the error. */
static int step_done(struct zf_req *req, int64_t id, int rc, const struct zf_err *err)
{
	if (rc)
		return zf_resp_error(req, err);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/lists/versions/%lld",
						     (long long)id));
}

int route_wb_list_approve(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return step_done(req, id, zf_app_public_list_approve(req->app, &req->actor, id, NULL, &err),
			 &err);
}

int route_wb_list_justice(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return step_done(req, id, zf_app_public_list_justice(req->app, &req->actor, id, &err), &err);
}

int route_wb_list_reject(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *reason = zf_req_param(req, "reason");
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return step_done(req, id,
			 zf_app_public_list_reject(req->app, &req->actor, id, reason ? reason : "",
						   &err),
			 &err);
}

int route_wb_lists_justice(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_public_list_rec *rows = NULL;
	size_t n = 0;
	json_t *arr;

	if (zf_app_public_list_queue(req->app, &req->actor, req->arena, &rows, &n, &err))
		return zf_resp_error(req, &err);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, version_json(req, &rows[i], 1));
	return zf_resp_html(req, 200, "wb_public_lists_justice",
			    json_pack("{s:s,s:o}", "title", "行政执法事项清单审核（县司法局）",
				      "rows", arr));
}

/* ---- portal ------------------------------------------------------------- */

int route_lists_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_public_list_rec *rows = NULL;
	size_t n = 0, nk = 0, i;
	const struct zf_public_list_kind *kinds = zf_public_list_kinds(&nk);
	json_t *bodies = NULL, *b;

	zf_view_public_cache(req);
	if (zf_view_body_list(req, 0, 1, &bodies, &err) ||
	    zf_app_public_list_rows(req->app, &req->actor, req->arena, 0, NULL, 0, &rows, &n, &err)) {
		json_decref(bodies);
		return zf_resp_error(req, &err);
	}
	json_array_foreach(bodies, i, b) {
		int64_t id = (int64_t)json_integer_value(json_object_get(b, "id"));
		json_t *lists = json_array();
		for (size_t k = 0; k < nk; k++) {
			json_t *live = json_false();
			for (size_t r = 0; r < n; r++)
				if (rows[r].body_id == id && !strcmp(rows[r].kind, kinds[k].word) &&
				    !strcmp(rows[r].state, "live"))
					live = version_json(req, &rows[r], 0);
			json_array_append_new(lists, json_pack("{s:s,s:s,s:I,s:o}", "kind",
							       kinds[k].word, "label", kinds[k].label,
							       "body_id", (json_int_t)id, "live",
							       live));
		}
		json_object_set_new(b, "lists", lists);
	}
	return zf_resp_html(req, 200, "public_lists",
			    json_pack("{s:s,s:o}", "title", "执法公示清单（事前公开）", "bodies",
				      bodies));
}

/* The portal page of version R (a live or superseded one) of body and kind. */
static int portal_version(struct zf_req *req, const struct zf_public_list_kind *k,
			  const struct zf_public_list_rec *r)
{
	json_t *list = json_loads(r->json, 0, NULL);

	if (!list)
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ERROR, .msg = "清单无法读取"});
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:o,s:s}", "title",
				zf_arena_printf(req->arena, "%s%s", r->body_name, k->label), "v",
				version_json(req, r, 0), "headers", headers(k), "rows",
				table_rows(req, k, list), "kind_label", k->label);
	json_decref(list);
	return zf_resp_html(req, 200, "public_list", ctx);
}

int route_list_live(struct zf_req *req)
{
	const struct zf_public_list_kind *k;
	struct zf_public_list_rec r;
	struct zf_err err = {0};
	int64_t body;

	if (zf_view_arg_id(req, 0, &body) || !(k = kind_arg(req, 1)))
		return 0;
	zf_view_public_cache(req);
	if (zf_app_public_list_live(req->app, req->arena, body, k->word, &r, &err))
		return zf_resp_error(req, &err);
	return portal_version(req, k, &r);
}

int route_list_versions(struct zf_req *req)
{
	const struct zf_public_list_kind *k;
	struct zf_public_list_rec *rows = NULL;
	struct zf_err err = {0};
	json_t *body = NULL, *arr = json_array();
	size_t n = 0;
	int64_t id;

	if (zf_view_arg_id(req, 0, &id) || !(k = kind_arg(req, 1))) {
		json_decref(arr);
		return 0;
	}
	zf_view_public_cache(req);
	if (zf_view_body_get(req, id, 0, &body, &err) ||
	    zf_app_public_list_rows(req->app, &req->actor, req->arena, id, k->word, 0, &rows, &n,
				    &err)) {
		json_decref(arr);
		return zf_resp_error(req, &err);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, version_json(req, &rows[i], 0));
	return zf_resp_html(req, 200, "public_list_versions",
			    json_pack("{s:s,s:o,s:s,s:s,s:o}", "title",
				      zf_arena_printf(req->arena, "%s历次版本", k->label), "body",
				      body, "kind", k->word, "kind_label", k->label, "rows", arr));
}

int route_list_version(struct zf_req *req)
{
	const struct zf_public_list_kind *k;
	struct zf_public_list_rec r;
	struct zf_err err = {0};
	int64_t body, id;

	if (zf_view_arg_id(req, 0, &body) || !(k = kind_arg(req, 1)) || zf_view_arg_id(req, 2, &id))
		return 0;
	zf_view_public_cache(req);
	struct zf_actor pub = {0};
	if (zf_app_public_list_get(req->app, &pub, req->arena, id, &r, &err))
		return zf_resp_error(req, &err);
	if (r.body_id != body || strcmp(r.kind, k->word))
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOTFOUND, .msg = "清单版本不存在"});
	return portal_version(req, k, &r);
}
