/* The registry API: bodies, officers, certificate check; writes for registrar tokens. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/registry.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

static int full_view(struct zf_req *req)
{
	return zf_role_allows(req->actor.role, ZF_PERM_REGISTRY_READ);
}

int route_api_body_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body *b;
	size_t n;
	if (zf_app_body_list(req->app, &req->actor, req->arena, &b, &n, &err))
		return zf_resp_error(req, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, zf_view_body(&b[i], full_view(req)));
	return zf_resp_json(req, 200, json_pack("{s:o,s:I}", "bodies", arr, "count", (json_int_t)n));
}

int route_api_body_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, zf_view_body(&b, full_view(req)));
}

int route_api_officer_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer *o;
	size_t n;
	int64_t body_id = 0;
	const char *q = zf_req_query(req, "body");
	if (q && zf_str_to_i64(q, 1, INT64_MAX, &body_id)) {
		zf_err_field(&err, "body", "参数 body 应为执法主体编号");
		return zf_resp_error(req, &err);
	}
	if (zf_app_officer_list(req->app, &req->actor, req->arena, body_id, &o, &n, &err))
		return zf_resp_error(req, &err);
	struct zf_date today = zf_view_today(req);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, zf_view_officer(&o[i], today, full_view(req)));
	return zf_resp_json(req, 200, json_pack("{s:o,s:I}", "officers", arr, "count", (json_int_t)n));
}

int route_api_officer_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, zf_view_officer(&o, zf_view_today(req), full_view(req)));
}

int route_api_cert_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	char today[11];
	int rc = zf_app_certificate_check(req->app, &req->actor, req->arena, zf_req_arg(req, 0), &o, &err);
	if (rc)
		return zf_resp_error(req, &err);
	zf_date_iso(zf_view_today(req), today);
	json_t *v = zf_view_officer(&o, zf_view_today(req), 0);
	json_object_set_new(v, "checked_on", json_string(today));
	return zf_resp_json(req, 200, v);
}

/* A JSON object body, or NULL with the 400/422 answer already sent. */
static json_t *object_body(struct zf_req *req)
{
	json_t *j = zf_req_json(req);
	if (j && !json_is_object(j)) {
		struct zf_err err = {0};
		json_decref(j);
		zf_err_set(&err, ZF_EINVAL, "请求体应为 JSON 对象");
		zf_resp_error(req, &err);
		return NULL;
	}
	return j;
}

/* Answers a refused write after auditing input errors that app/ never saw. */
static int refused(struct zf_req *req, const char *action, struct zf_err *err, int input_failed)
{
	if (input_failed)
		zf_app_audit(req->app, &req->actor, action, req->path, "invalid", err->msg);
	return zf_resp_error(req, err);
}

int route_api_body_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	int64_t id;
	json_t *j = object_body(req);
	if (!j)
		return 0;
	struct zf_input in = {.req = req, .json = j};
	int bad = zf_input_body(&in, &b, &err);
	if (!bad)
		zf_app_body_create(req->app, &req->actor, &b, &id, &err);
	if (err.code) {
		int rc = refused(req, "body_create", &err, bad);
		json_decref(j);
		return rc;
	}
	json_decref(j);
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Location", zf_arena_printf(req->arena, "/api/v1/bodies/%lld", (long long)id));
	return zf_resp_json(req, 201, zf_view_body(&b, 1));
}

/* PUT merges the given fields onto the current record, so an integration
 * that omits a field never erases it; "version", when given, guards against
 * overwriting a change it has not seen. */
int route_api_body_update(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_body b;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	json_t *j = object_body(req);
	if (!j)
		return 0;
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err)) {
		json_decref(j);
		return zf_resp_error(req, &err);
	}
	json_t *merged = zf_view_body(&b, 1);
	json_object_update(merged, j);
	json_decref(j);
	struct zf_input in = {.req = req, .json = merged};
	int bad = zf_input_body(&in, &b, &err);
	b.id = id;
	if (!bad)
		zf_app_body_update(req->app, &req->actor, &b, &err);
	json_decref(merged);
	if (err.code)
		return refused(req, "body_update", &err, bad);
	if (zf_app_body_get(req->app, &req->actor, req->arena, id, &b, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, zf_view_body(&b, 1));
}

int route_api_officer_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	int64_t id;
	json_t *j = object_body(req);
	if (!j)
		return 0;
	struct zf_input in = {.req = req, .json = j};
	int bad = zf_input_officer(&in, &o, &err);
	if (!bad)
		zf_app_officer_create(req->app, &req->actor, &o, &id, &err);
	json_decref(j);
	if (err.code)
		return refused(req, "officer_create", &err, bad);
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Location", zf_arena_printf(req->arena, "/api/v1/officers/%lld", (long long)id));
	return zf_resp_json(req, 201, zf_view_officer(&o, zf_view_today(req), 1));
}

int route_api_officer_update(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_officer o;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	json_t *j = object_body(req);
	if (!j)
		return 0;
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err)) {
		json_decref(j);
		return zf_resp_error(req, &err);
	}
	json_t *merged = zf_view_officer(&o, zf_view_today(req), 1);
	json_object_update(merged, j);
	json_decref(j);
	struct zf_input in = {.req = req, .json = merged};
	int bad = zf_input_officer(&in, &o, &err);
	o.id = id;
	if (!bad)
		zf_app_officer_update(req->app, &req->actor, &o, &err);
	json_decref(merged);
	if (err.code)
		return refused(req, "officer_update", &err, bad);
	if (zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, zf_view_officer(&o, zf_view_today(req), 1));
}
