/* The registry API: bodies, officers, certificate check; writes for registrar tokens. */
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "core/role.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

static int full_view(struct zf_req *req)
{
	return zf_role_allows(req->actor.role, ZF_PERM_REGISTRY_READ);
}

/* What differs between the body and the officer resources. */
struct resource {
	const char *path;  /* "/api/v1/bodies" */
	/* The record ID as JSON (FULL view), or an error in ERR. */
	int (*get)(struct zf_req *req, int64_t id, int full, json_t **out, struct zf_err *err);
	/* Creates (ID 0, new id to *NEW_ID) or updates record ID from object J. */
	void (*save)(struct zf_req *req, json_t *j, int64_t id, int64_t *new_id, struct zf_err *err);
};

static void body_save(struct zf_req *req, json_t *j, int64_t id, int64_t *new_id, struct zf_err *err)
{
	struct zf_input in = {.req = req, .json = j};
	zf_input_save_body(&in, id, new_id, err);
}

static void officer_save(struct zf_req *req, json_t *j, int64_t id, int64_t *new_id,
			 struct zf_err *err)
{
	struct zf_input in = {.req = req, .json = j};
	zf_input_save_officer(&in, id, new_id, err);
}

static const struct resource bodies = {"/api/v1/bodies", zf_view_body_get, body_save};
static const struct resource officers = {"/api/v1/officers", zf_view_officer_get, officer_save};

static int show(struct zf_req *req, const struct resource *r)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	json_t *out;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (r->get(req, id, full_view(req), &out, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, out);
}

/* A JSON object body, or NULL with the 400/422 answer already sent. The
 * caller owns the reference. */
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

static int create(struct zf_req *req, const struct resource *r)
{
	struct zf_err err = {0};
	int64_t id = 0;
	json_t *out, *j = object_body(req);
	if (!j)
		return 0;
	r->save(req, j, 0, &id, &err);
	json_decref(j);
	if (err.code || r->get(req, id, 1, &out, &err))
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Location", zf_arena_printf(req->arena, "%s/%lld", r->path, (long long)id));
	return zf_resp_json(req, 201, out);
}

/* PUT merges the given fields onto the current record, so an integration
 * that omits a field never erases it; "version", when given, guards against
 * overwriting a change it has not seen. */
static int update(struct zf_req *req, const struct resource *r)
{
	struct zf_err err = {0};
	json_t *cur, *out, *j;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id) || !(j = object_body(req)))
		return 0;
	if (r->get(req, id, 1, &cur, &err)) {
		json_decref(j);
		return zf_resp_error(req, &err);
	}
	json_object_update(cur, j);
	json_decref(j);
	r->save(req, cur, id, NULL, &err);
	json_decref(cur);
	if (err.code || r->get(req, id, 1, &out, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, out);
}

int route_api_body_show(struct zf_req *req) { return show(req, &bodies); }
int route_api_body_create(struct zf_req *req) { return create(req, &bodies); }
int route_api_body_update(struct zf_req *req) { return update(req, &bodies); }
int route_api_officer_show(struct zf_req *req) { return show(req, &officers); }
int route_api_officer_create(struct zf_req *req) { return create(req, &officers); }
int route_api_officer_update(struct zf_req *req) { return update(req, &officers); }

int route_api_body_index(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	json_t *arr;
	if (zf_view_body_list(req, full_view(req), 0, &arr, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, json_pack("{s:I,s:o}", "count", (json_int_t)json_array_size(arr), "bodies", arr));
}

int route_api_officer_index(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	struct zf_officer_find in;
	struct zf_officer_page p;
	if (zf_view_officer_find(req, &in, &err) ||
	    zf_app_officer_page(req->app, &req->actor, req->arena, &in, &p, &err))
		return zf_resp_bad_query(req, &err);
	json_t *page = zf_view_officer_page(req, "/api/v1/officers", &in, &p, NULL, full_view(req));
	json_t *body = json_pack("{s:O,s:O,s:O}", "count", json_object_get(page, "count"),
				 "officers", json_object_get(page, "officers"), "next", json_object_get(page, "next"));
	json_decref(page);
	return zf_resp_json(req, 200, body);
}

int route_api_cert_show(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	struct zf_officer o;
	char today[11];
	if (zf_app_certificate_check(req->app, &req->actor, req->arena, zf_req_arg(req, 0), &o, &err))
		return zf_resp_error(req, &err);
	zf_date_iso(zf_view_today(req), today);
	json_t *v = zf_view_officer(&o, zf_view_today(req), 0);
	json_object_set_new(v, "checked_on", json_string(today));
	return zf_resp_json(req, 200, v);
}
