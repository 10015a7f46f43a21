/* Workbench pages of the registry: bodies and officers, kept by the registrar. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/registry.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

/* Adds the registry permissions of the actor to CTX. */
static json_t *with_perms(struct zf_req *req, json_t *ctx)
{
	json_object_set_new(ctx, "can_write", json_boolean(zf_role_allows(req->actor.role, ZF_PERM_REGISTRY_WRITE)));
	return ctx;
}

/* Bodies as select options with SELECTED marked. */
static json_t *body_options(struct zf_req *req, int64_t selected, struct zf_err *err)
{
	struct zf_body *b;
	size_t n;
	if (zf_app_body_list(req->app, &req->actor, req->arena, &b, &n, err))
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:b}", "id", (json_int_t)b[i].id,
				      "name", b[i].name, "selected", b[i].id == selected,
				      "suspended", b[i].state != ZF_BODY_ACTIVE));
	return arr;
}

static json_t *history_json(struct zf_req *req, const char *entity, int64_t id)
{
	struct zf_err err = {0};
	struct zf_history *h;
	size_t n;
	json_t *arr = json_array();
	if (zf_app_registry_history(req->app, &req->actor, req->arena, entity, id, &h, &n, &err))
		return arr;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, zf_view_history(&h[i]));
	return arr;
}

/* Answers a refused form: the same page with the messages and what was typed. */
static int form_again(struct zf_req *req, const char *tmpl, json_t *ctx, const struct zf_err *err,
		      const char *const *fields)
{
	int status = zf_http_status(err->code);
	if (err->code == ZF_EINVAL || err->code == ZF_ECONFLICT) {
		zf_form_keep(req, ctx, err, fields);
		if (err->code == ZF_ECONFLICT && !err->nfields)
			json_object_set_new(ctx, "error", json_string(err->msg));
		return zf_resp_html(req, status, tmpl, with_perms(req, ctx));
	}
	json_decref(ctx);
	return zf_resp_error(req, err);
}

int route_wb_body_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body *b;
	size_t n;
	if (zf_app_body_list(req->app, &req->actor, req->arena, &b, &n, &err))
		return zf_resp_error(req, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, zf_view_body(&b[i], 1));
	return zf_resp_html(req, 200, "wb_bodies", with_perms(req, json_pack("{s:s,s:o}", "title", "执法主体管理", "bodies", arr)));
}

int route_wb_body_new(struct zf_req *req)
{
	return zf_resp_html(req, 200, "wb_body_form", with_perms(req, json_pack("{s:s,s:s,s:{}}",
			    "title", "新增执法主体", "action", "/workbench/bodies", "form")));
}

int route_wb_body_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	struct zf_input in = {.req = req};
	int64_t id;

	if (zf_input_body(&in, &b, &err) == 0)
		zf_app_body_create(req->app, &req->actor, &b, &id, &err);
	else
		zf_app_audit(req->app, &req->actor, "body_create", "body", "invalid", err.msg);
	if (err.code)
		return form_again(req, "wb_body_form", json_pack("{s:s,s:s}", "title", "新增执法主体",
				  "action", "/workbench/bodies"), &err, zf_input_body_fields);
	char loc[64];
	snprintf(loc, sizeof(loc), "/workbench/bodies/%lld?saved=1", (long long)id);
	return zf_resp_redirect(req, loc);
}

int route_wb_body_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	char today[11];
	zf_date_iso(zf_view_today(req), today);
	return zf_resp_html(req, 200, "wb_body", with_perms(req, json_pack("{s:s,s:o,s:o,s:b,s:s}",
			    "title", b.name, "body", zf_view_body(&b, 1), "history", history_json(req, "body", id),
			    "saved", zf_req_query(req, "saved") != NULL, "today", today)));
}

int route_wb_body_edit(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "wb_body_form", with_perms(req, json_pack("{s:s,s:s,s:o}",
			    "title", "修改执法主体信息", "action", zf_arena_printf(req->arena, "/workbench/bodies/%lld", (long long)id),
			    "form", zf_view_body(&b, 1))));
}

int route_wb_body_update(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	struct zf_input in = {.req = req};
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	const char *action = zf_arena_printf(req->arena, "/workbench/bodies/%lld", (long long)id);
	if (zf_input_body(&in, &b, &err) == 0) {
		b.id = id;
		zf_app_body_update(req->app, &req->actor, &b, &err);
	} else {
		zf_app_audit(req->app, &req->actor, "body_update", action, "invalid", err.msg);
	}
	if (err.code)
		return form_again(req, "wb_body_form", json_pack("{s:s,s:s}", "title", "修改执法主体信息",
				  "action", action), &err, zf_input_body_fields);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "%s?saved=1", action));
}

int route_wb_body_state(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	const char *st = zf_req_param(req, "state");
	int state = st ? zf_body_state_parse(st) : 0;
	char *reason = zf_arena_strdup(req->arena, zf_req_param(req, "state_reason"));
	char *date = zf_arena_strdup(req->arena, zf_req_param(req, "state_date"));
	zf_str_trim(reason);
	zf_str_trim(date);
	if (!state)
		zf_err_field(&err, "state", "请选择暂停或恢复");
	else
		zf_app_body_set_state(req->app, &req->actor, id, state, date, reason, &err);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/bodies/%lld?saved=1", (long long)id));
	struct zf_body b;
	struct zf_err e2 = {0};
	if (err.code != ZF_EINVAL || zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &e2))
		return zf_resp_error(req, err.code == ZF_EINVAL ? &e2 : &err);
	static const char *const fields[] = {"state", "state_date", "state_reason", NULL};
	return form_again(req, "wb_body", json_pack("{s:s,s:o,s:o}", "title", b.name,
			  "body", zf_view_body(&b, 1), "history", history_json(req, "body", id)), &err, fields);
}

int route_wb_officer_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer *o;
	size_t n;
	int64_t body_id = 0;
	const char *q = zf_req_query(req, "body");
	if (q && *q && zf_str_to_i64(q, 1, INT64_MAX, &body_id)) {
		zf_err_field(&err, "body", "执法主体参数无效");
		return zf_resp_error(req, &err);
	}
	if (zf_app_officer_list(req->app, &req->actor, req->arena, body_id, &o, &n, &err))
		return zf_resp_error(req, &err);
	json_t *arr = json_array(), *bodies = body_options(req, body_id, &err);
	struct zf_date today = zf_view_today(req);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, zf_view_officer(&o[i], today, 1));
	return zf_resp_html(req, 200, "wb_officers", with_perms(req, json_pack("{s:s,s:o,s:o,s:I}",
			    "title", "执法人员管理", "officers", arr, "bodies", bodies ? bodies : json_array(),
			    "count", (json_int_t)n)));
}

/* Context of the officer form: title, action, body options. */
static json_t *officer_form_ctx(struct zf_req *req, const char *title, const char *action,
				int64_t body_id, json_t *form)
{
	struct zf_err err = {0};
	json_t *bodies = body_options(req, body_id, &err);
	return with_perms(req, json_pack("{s:s,s:s,s:o,s:o}", "title", title, "action", action,
					 "bodies", bodies ? bodies : json_array(),
					 "form", form ? form : json_object()));
}

int route_wb_officer_new(struct zf_req *req)
{
	int64_t body_id = 0;
	const char *q = zf_req_query(req, "body");
	if (q)
		zf_str_to_i64(q, 1, INT64_MAX, &body_id);
	return zf_resp_html(req, 200, "wb_officer_form",
			    officer_form_ctx(req, "新增执法人员", "/workbench/officers", body_id,
					     json_pack("{s:s}", "state", "valid")));
}

/* Marks the state option chosen in the kept form. */
static void mark_state(json_t *ctx)
{
	json_t *form = json_object_get(ctx, "form");
	const char *st = json_string_value(json_object_get(form, "state"));
	int s = st ? zf_cert_state_parse(st) : ZF_CERT_VALID;
	json_object_set_new(ctx, "state_is", json_pack("{s:b,s:b,s:b,s:b}", "valid", s == ZF_CERT_VALID,
			    "suspended", s == ZF_CERT_SUSPENDED, "cancelled", s == ZF_CERT_CANCELLED,
			    "revoked", s == ZF_CERT_REVOKED));
}

static int officer_form_again(struct zf_req *req, const char *title, const char *action,
			      const struct zf_officer *o, const struct zf_err *err)
{
	json_t *ctx = officer_form_ctx(req, title, action, o->body_id, NULL);
	if (err->code != ZF_EINVAL && err->code != ZF_ECONFLICT) {
		json_decref(ctx);
		return zf_resp_error(req, err);
	}
	zf_form_keep(req, ctx, err, zf_input_officer_fields);
	mark_state(ctx);
	if (err->code == ZF_ECONFLICT && !err->nfields)
		json_object_set_new(ctx, "error", json_string(err->msg));
	return zf_resp_html(req, zf_http_status(err->code), "wb_officer_form", ctx);
}

int route_wb_officer_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	struct zf_input in = {.req = req};
	int64_t id;
	if (zf_input_officer(&in, &o, &err) == 0)
		zf_app_officer_create(req->app, &req->actor, &o, &id, &err);
	else
		zf_app_audit(req->app, &req->actor, "officer_create", "officer", "invalid", err.msg);
	if (err.code)
		return officer_form_again(req, "新增执法人员", "/workbench/officers", &o, &err);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/officers/%lld?saved=1", (long long)id));
}

int route_wb_officer_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "wb_officer", with_perms(req, json_pack("{s:s,s:o,s:o,s:b}",
			    "title", o.name, "officer", zf_view_officer(&o, zf_view_today(req), 1),
			    "history", history_json(req, "officer", id), "saved", zf_req_query(req, "saved") != NULL)));
}

int route_wb_officer_edit(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	json_t *ctx = officer_form_ctx(req, "修改执法人员信息",
				       zf_arena_printf(req->arena, "/workbench/officers/%lld", (long long)id),
				       o.body_id, zf_view_officer(&o, zf_view_today(req), 1));
	mark_state(ctx);
	return zf_resp_html(req, 200, "wb_officer_form", ctx);
}

int route_wb_officer_update(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	struct zf_input in = {.req = req};
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	const char *action = zf_arena_printf(req->arena, "/workbench/officers/%lld", (long long)id);
	if (zf_input_officer(&in, &o, &err) == 0) {
		o.id = id;
		zf_app_officer_update(req->app, &req->actor, &o, &err);
	} else {
		zf_app_audit(req->app, &req->actor, "officer_update", action, "invalid", err.msg);
	}
	if (err.code)
		return officer_form_again(req, "修改执法人员信息", action, &o, &err);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "%s?saved=1", action));
}
