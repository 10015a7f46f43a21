/* Workbench pages of the registry: bodies and officers, kept by the registrar. */
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "core/role.h"
#include "util/str.h"
#include "web/fields.h"
#include "web/registry_fields.h"
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
static json_t *body_options(struct zf_req *req, int64_t selected)
{
	struct zf_err err = {0};
	json_t *arr, *b;
	size_t i;
	if (zf_view_body_list(req, 0, 0, &arr, &err))
		return json_array();
	json_array_foreach(arr, i, b) {
		int64_t id = json_integer_value(json_object_get(b, "id"));
		json_object_set_new(b, "selected", json_boolean(id == selected));
		json_object_set_new(b, "suspended", json_boolean(!json_is_true(json_object_get(b, "active"))));
	}
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

/* What differs between the body and the officer pages. */
struct kind {
	const char *base;                 /* "/workbench/bodies" */
	const char *list_title;           /* the list page, for the breadcrumb */
	const char *title_new, *title_edit;
	const struct zf_field *fields;
	/* Creates (ID 0, new id into *NEW_ID) or updates record ID from the form. */
	void (*save)(struct zf_req *req, int64_t id, int64_t *new_id, struct zf_err *err);
	/* Loads record ID as JSON (FULL view): the edit page's form. */
	int (*load)(struct zf_req *req, int64_t id, int full, json_t **out, struct zf_err *err);
	/* The choices of select and radio fields, for the values in FORM. */
	json_t *(*options)(struct zf_req *req, json_t *form);
};

/* Renders the form of K with FORM's values and, after a refusal, ERR's messages. */
static int form_page(struct zf_req *req, const struct kind *k, int status, const char *title,
		     const char *action, json_t *form, const struct zf_err *err)
{
	json_t *ctx = json_pack("{s:s,s:s,s:s,s:s}", "title", title, "action", action,
				"back", k->base, "back_label", k->list_title);
	if (err) {
		zf_form_keep(req, ctx, err, NULL);
		if (err->nfields)
			json_object_set_new(ctx, "error", json_string("提交的信息有误，请按字段旁的提示修改后重新提交"));
	}
	if (!form)
		form = json_object();
	json_t *options = k->options ? k->options(req, form) : NULL;
	json_object_set_new(ctx, "fields", zf_fields(k->fields, form, json_object_get(ctx, "errors"), options));
	json_decref(options);
	json_decref(form);
	return zf_resp_html(req, status, "record_form", ctx);
}

static const char *record_path(struct zf_req *req, const struct kind *k, int64_t id)
{
	return zf_arena_printf(req->arena, "%s/%lld", k->base, (long long)id);
}

static int new_page(struct zf_req *req, const struct kind *k)
{
	return form_page(req, k, 200, k->title_new, k->base, NULL, NULL);
}

static int edit_page(struct zf_req *req, const struct kind *k)
{
	struct zf_err err = {0};
	json_t *form;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (k->load(req, id, 1, &form, &err))
		return zf_resp_error(req, &err);
	return form_page(req, k, 200, k->title_edit, record_path(req, k, id), form, NULL);
}

/* Saves a create (no path id) or update form: on success to the record's page,
 * on refusal the same form with the messages and what was typed. */
static int save_form(struct zf_req *req, const struct kind *k, int update)
{
	struct zf_err err = {0};
	int64_t id = 0;
	if (update && zf_view_arg_id(req, 0, &id))
		return 0;
	int64_t new_id = id;
	k->save(req, id, &new_id, &err);
	if (!err.code)
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "%s?saved=1", record_path(req, k, new_id)));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	return form_page(req, k, zf_http_status(err.code), update ? k->title_edit : k->title_new,
			 update ? record_path(req, k, id) : k->base, zf_fields_submitted(req, k->fields), &err);
}

static void body_save(struct zf_req *req, int64_t id, int64_t *new_id, struct zf_err *err)
{
	struct zf_input in = {.req = req};
	zf_input_save_body(&in, id, new_id, err);
}

static void officer_save(struct zf_req *req, int64_t id, int64_t *new_id, struct zf_err *err)
{
	struct zf_input in = {.req = req};
	zf_input_save_officer(&in, id, new_id, err);
}

/* The body choices and the certificate states of the officer form. A new
 * form takes its body from ?body=. */
static json_t *officer_options(struct zf_req *req, json_t *form)
{
	struct zf_err err = {0};
	json_t *bodies, *b, *choices = json_array();
	size_t i;
	if (!json_object_get(form, "body_id")) {
		int64_t body_id = 0;
		if (!zf_view_query_id(req, "body", "执法主体", &body_id, &err) && body_id)
			json_object_set_new(form, "body_id", json_integer(body_id));
	}
	if (zf_view_body_list(req, 0, 0, &bodies, &err) == 0) {
		json_array_foreach(bodies, i, b)
			json_array_append_new(choices, json_pack("{s:O,s:O}", "value", json_object_get(b, "id"),
					      "label", json_object_get(b, "name")));
		json_decref(bodies);
	}
	if (!json_object_get(form, "state"))
		json_object_set_new(form, "state", json_string("valid"));
	json_t *states = json_array();
	for (int st = ZF_CERT_VALID; st <= ZF_CERT_REVOKED; st++)
		json_array_append_new(states, json_pack("{s:s,s:s}", "value", zf_cert_state_word(st),
				      "label", zf_cert_state_label(st)));
	return json_pack("{s:o,s:o}", "body_id", choices, "state", states);
}

static const struct kind bodies = {
	"/workbench/bodies", "执法主体管理", "新增执法主体", "修改执法主体信息",
	zf_body_fields, body_save, zf_view_body_get, NULL,
};
static const struct kind officers = {
	"/workbench/officers", "执法人员管理", "新增执法人员", "修改执法人员信息",
	zf_officer_fields, officer_save, zf_view_officer_get, officer_options,
};

int route_wb_body_new(struct zf_req *req) { return new_page(req, &bodies); }
int route_wb_body_create(struct zf_req *req) { return save_form(req, &bodies, 0); }
int route_wb_body_edit(struct zf_req *req) { return edit_page(req, &bodies); }
int route_wb_body_update(struct zf_req *req) { return save_form(req, &bodies, 1); }
int route_wb_officer_new(struct zf_req *req) { return new_page(req, &officers); }
int route_wb_officer_create(struct zf_req *req) { return save_form(req, &officers, 0); }
int route_wb_officer_edit(struct zf_req *req) { return edit_page(req, &officers); }
int route_wb_officer_update(struct zf_req *req) { return save_form(req, &officers, 1); }

int route_wb_body_index(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *arr;
	if (zf_view_body_list(req, 1, 0, &arr, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "wb_bodies", with_perms(req, json_pack("{s:s,s:o}", "title", "执法主体管理", "bodies", arr)));
}

/* The body page; ERR (may be NULL) carries a refused state change. */
static int body_page(struct zf_req *req, int64_t id, const struct zf_err *refused)
{
	struct zf_err err = {0};
	struct zf_body b;
	static const char *const fields[] = {"state", "state_date", "state_reason", NULL};
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	json_t *ctx = with_perms(req, json_pack("{s:s,s:o,s:o,s:b}", "title", b.name,
				 "body", zf_view_body(&b, 1), "history", history_json(req, "body", id),
				 "saved", zf_req_query(req, "saved") != NULL));
	if (refused)
		zf_form_keep(req, ctx, refused, fields);
	return zf_resp_html(req, refused ? zf_http_status(refused->code) : 200, "wb_body", ctx);
}

int route_wb_body_show(struct zf_req *req)
{
	int64_t id;
	return zf_view_arg_id(req, 0, &id) ? 0 : body_page(req, id, NULL);
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
	return err.code == ZF_EINVAL ? body_page(req, id, &err) : zf_resp_error(req, &err);
}

int route_wb_officer_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer_find in;
	struct zf_officer_page p;
	const char *show = zf_req_query(req, "show");
	int rc = zf_view_officer_find(req, &in, &err);

	if (show && !strcmp(show, "invalid"))
		in.cert = ZF_OFFICER_CERT_INVALID;
	else if (show && !strcmp(show, "expiring"))
		in.cert = ZF_OFFICER_CERT_EXPIRING;
	else
		show = NULL;
	/* The one search box takes a name or a part of a certificate number. */
	in.q_cert = 1;
	if (!rc)
		rc = zf_app_officer_page(req->app, &req->actor, req->arena, &in, &p, &err);
	if (rc && rc != ZF_EINVAL)
		return zf_resp_error(req, &err);
	json_t *ctx;
	if (rc) {
		const char *q = zf_req_query(req, "q");
		ctx = json_pack("{s:o,s:s,s:s}", "officers", json_array(), "q", q ? q : "",
				"error", err.msg);
	} else {
		ctx = zf_view_officer_page(req, "/workbench/officers", &in, &p, show, 1);
	}
	json_object_set_new(ctx, "title", json_string("执法人员管理"));
	json_object_set_new(ctx, "bodies", body_options(req, in.body_id));
	json_object_set_new(ctx, "show", json_pack("{s:b,s:b,s:b}", "all", !show,
			    "invalid", in.cert == ZF_OFFICER_CERT_INVALID,
			    "expiring", in.cert == ZF_OFFICER_CERT_EXPIRING));
	return zf_resp_html(req, rc ? 400 : 200, "wb_officers", with_perms(req, ctx));
}

int route_wb_officer_show(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *officer;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_view_officer_get(req, id, 1, &officer, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "wb_officer", with_perms(req, json_pack("{s:O,s:o,s:o,s:b}",
			    "title", json_object_get(officer, "name"), "officer", officer,
			    "history", history_json(req, "officer", id), "saved", zf_req_query(req, "saved") != NULL)));
}
