/* The evidence API: list and attach a case's evidence, read an item with its custody trail, withdraw it. The bytes go up through the tus uploads API first. */
#include <string.h>

#include "app/evidence.h"
#include "util/str.h"
#include "web/evidence_view.h"
#include "web/handlers.h"
#include "web/view.h"

#define REASON_MAX 500

static const char *const attach_keys[] = {"upload_id", "step", "step_id", "kind", "device", "officers",
					  "captured_from", "captured_to", "place", "lat", "lon",
					  "description", NULL};

int route_api_evidence_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_evidence *e;
	size_t n;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_evidence_list(req->app, &req->actor, req->arena, id, &e, &n, &err))
		return zf_resp_error(req, &err);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, zf_view_evidence(&e[i]));
	return zf_resp_json(req, 200, json_pack("{s:o}", "items", items));
}

/* Evidence ID with its custody trail as JSON, or an error in ERR. */
static int item_json(struct zf_req *req, int64_t id, json_t **out, struct zf_err *err)
{
	struct zf_evidence e;
	struct zf_custody *trail;
	size_t n;
	if (zf_app_evidence_get(req->app, &req->actor, req->arena, id, &e, &trail, &n, err))
		return err->code;
	json_t *o = zf_view_evidence(&e), *t = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(t, zf_view_custody(&trail[i]));
	json_object_set_new(o, "custody", t);
	*out = o;
	return 0;
}

int route_api_evidence_attach(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_evidence_input in;
	int64_t case_id, id = 0;
	json_t *body, *v, *out = NULL;
	const char *key;
	if (zf_view_arg_id(req, 0, &case_id) || !(body = zf_req_json(req)))
		return 0;
	json_object_foreach(body, key, v) {
		const char *const *k = attach_keys;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k)
			zf_err_field(&err, key, "未知字段 %s", key);
	}
	if (!err.code && !zf_evidence_input_read(body, case_id, req->arena, &in, &err) &&
	    !zf_app_evidence_attach(req->app, &req->actor, &in, &id, &err))
		item_json(req, id, &out, &err);
	json_decref(body);
	if (!out)
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Location", zf_arena_printf(req->arena, "/api/v1/evidence/%lld", (long long)id));
	return zf_resp_json(req, 201, out);
}

int route_api_evidence_show(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	json_t *out;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (item_json(req, id, &out, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, out);
}

int route_api_evidence_withdraw(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	json_t *body, *out = NULL;
	if (zf_view_arg_id(req, 0, &id) || !(body = zf_req_json(req)))
		return 0;
	const char *r = json_string_value(json_object_get(body, "reason"));
	char *reason = zf_arena_strdup(req->arena, r ? r : "");
	zf_str_trim(reason);
	if (!json_is_object(body) || json_object_size(body) != (r ? 1u : 0u))
		zf_err_field(&err, "reason", "请求体应为 {\"reason\": \"撤回理由\"}");
	else if (!reason || !*reason)
		zf_err_field(&err, "reason", "请填写撤回理由（reason）");
	else if (zf_str_chars(reason) > REASON_MAX)
		zf_err_field(&err, "reason", "撤回理由最多 %d 字", REASON_MAX);
	else if (!zf_app_evidence_withdraw(req->app, &req->actor, id, reason, &err))
		item_json(req, id, &out, &err);
	json_decref(body);
	return out ? zf_resp_json(req, 200, out) : zf_resp_error(req, &err);
}
