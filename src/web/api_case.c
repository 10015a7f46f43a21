/* The cases API for field apps: list and open cases, read a case with its timeline, perform steps, read documents and the body's violation types. */
#include <stdio.h>
#include <string.h>

#include "app/case.h"
#include "util/str.h"
#include "web/case_view.h"
#include "web/handlers.h"
#include "web/view.h"

#define Q_MAX_CHARS 100 /* characters of the list's search text */

/* The request body as a JSON object whose keys are all in ALLOWED
 * (NULL-terminated): an integration that misspells a key learns it instead
 * of losing the value. NULL with the answer sent otherwise; the caller owns
 * the reference. */
static json_t *body_object(struct zf_req *req, const char *const *allowed)
{
	struct zf_err err = {0};
	const char *key;
	json_t *v, *j = zf_req_json(req);
	if (!j)
		return NULL;
	if (!json_is_object(j)) {
		zf_err_set(&err, ZF_EINVAL, "请求体应为 JSON 对象");
		goto refuse;
	}
	json_object_foreach(j, key, v) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, key))
			a++;
		if (!*a)
			zf_err_field(&err, key, "未知字段 %s", key);
	}
	if (!err.code)
		return j;
	zf_err_set(&err, ZF_EINVAL, "请求中有未知字段");
refuse:
	json_decref(j);
	zf_resp_error(req, &err);
	return NULL;
}

/* Checks CODE names a loaded procedure; otherwise a field error on FIELD
 * listing the codes there are. */
static int procedure_check(struct zf_req *req, const char *field, const char *code,
			   struct zf_err *err)
{
	const struct zf_procedures *procs = zf_app_procedures(req->app);
	char known[256] = "";
	size_t n, len = 0;
	if (code && zf_procedure_find(procs, code))
		return 0;
	const struct zf_procedure *const *all = zf_procedures_all(procs, &n);
	for (size_t i = 0; i < n && len < sizeof(known); i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", i ? "、" : "", all[i]->code);
	if (!code || !*code)
		return zf_err_field(err, field, "请提交办案程序 %s（可选：%s）", field, known);
	return zf_err_field(err, field, "没有办案程序 %.64s（可选：%s）", code, known);
}

/* A flag query parameter: absent or "" is 0; "1"/"true" 1, "0"/"false" 0;
 * anything else a field error. */
static int query_flag(struct zf_req *req, const char *name, struct zf_err *err)
{
	const char *q = zf_req_query(req, name);
	if (!q || !*q || !strcmp(q, "0") || !strcmp(q, "false"))
		return 0;
	if (!strcmp(q, "1") || !strcmp(q, "true"))
		return 1;
	zf_err_field(err, name, "参数 %s 应为 true 或 false", name);
	return 0;
}

/* Reads the list filter from the query string; field errors in ERR. */
static int list_filter(struct zf_req *req, struct zf_case_filter *f, struct zf_err *err)
{
	const char *state = zf_req_query(req, "state");
	const char *proc = zf_req_query(req, "procedure");
	const char *q = zf_req_query(req, "q");
	const char *limit = zf_req_query(req, "limit");
	int64_t n = 0;

	memset(f, 0, sizeof(*f));
	if (state && *state && !(f->state = zf_view_case_state_parse(state)))
		zf_err_field(err, "state", "参数 state 应为 open（办理中）、closed（已结案）或 archived（已归档）");
	if (proc && *proc) {
		procedure_check(req, "procedure", proc, err);
		f->procedure = proc;
	}
	if (q && *q) {
		char *t = zf_arena_strdup(req->arena, q);
		if (!t)
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		zf_str_trim(t);
		if (zf_str_chars(t) > Q_MAX_CHARS)
			zf_err_field(err, "q", "查询文字最多 %d 个字", Q_MAX_CHARS);
		f->q = *t ? t : NULL;
	}
	f->mine = query_flag(req, "mine", err);
	f->overdue = query_flag(req, "overdue", err);
	zf_view_query_id(req, "before_id", "案件", &f->before_id, err);
	if (limit && *limit && zf_str_to_i64(limit, 1, 200, &n))
		zf_err_field(err, "limit", "参数 limit 应为 1 至 200 的整数");
	f->limit = n ? (int)n : 50;
	return err->code;
}

int route_api_case_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_filter f;
	struct zf_case *c = NULL;
	size_t n = 0;
	if (list_filter(req, &f, &err) ||
	    zf_app_case_list(req->app, &req->actor, req->arena, &f, &c, &n, &err))
		return zf_resp_error(req, &err);
	const struct zf_procedures *procs = zf_app_procedures(req->app);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, zf_view_case(&c[i], procs));
	/* A full page may have more behind it; a short one is the end. */
	json_t *next = n && n >= (size_t)f.limit ? json_integer(c[n - 1].id) : json_null();
	return zf_resp_json(req, 200, json_pack("{s:o,s:o}", "items", items, "next_before_id", next));
}

/* Case ID for the actor as JSON (the whole view when FULL, else the case
 * alone), or an error in ERR. */
static int case_json(struct zf_req *req, int64_t id, int full, json_t **out, struct zf_err *err)
{
	struct zf_case_view v;
	int rc = zf_app_case_get(req->app, &req->actor, req->arena, id, &v, err);
	if (rc)
		return rc;
	const struct zf_procedures *procs = zf_app_procedures(req->app);
	*out = full ? zf_view_case_full(&v, procs) : zf_view_case(&v.c, procs);
	return 0;
}

int route_api_case_create(struct zf_req *req)
{
	static const char *const keys[] = {"procedure", "parties", "values", NULL};
	struct zf_err err = {0};
	int64_t id = 0;
	json_t *out = NULL, *input = NULL, *j = body_object(req, keys);
	if (!j)
		return 0;
	json_t *proc = json_object_get(j, "procedure");
	procedure_check(req, "procedure", json_string_value(proc), &err);
	if (!err.code) {
		input = json_object();
		if (json_object_get(j, "parties"))
			json_object_set(input, "parties", json_object_get(j, "parties"));
		if (json_object_get(j, "values"))
			json_object_set(input, "values", json_object_get(j, "values"));
		if (!zf_app_case_open(req->app, &req->actor, json_string_value(proc), input, &id, &err))
			case_json(req, id, 0, &out, &err);
	}
	json_decref(input);
	json_decref(j);
	if (!out)
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Location", zf_arena_printf(req->arena, "/api/v1/cases/%lld", (long long)id));
	return zf_resp_json(req, 201, json_pack("{s:I,s:o}", "id", (json_int_t)id, "case", out));
}

int route_api_case_show(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *out;
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (case_json(req, id, 1, &out, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, out);
}

/* 1 when CODE is a step of some procedure: anything else is no resource. */
static int step_exists(struct zf_req *req, const char *code)
{
	size_t n;
	const struct zf_procedure *const *all = zf_procedures_all(zf_app_procedures(req->app), &n);
	for (size_t i = 0; code && i < n; i++)
		if (zf_procedure_step(all[i], code))
			return 1;
	return 0;
}

int route_api_case_step(struct zf_req *req)
{
	static const char *const keys[] = {"version", "values", NULL};
	struct zf_err err = {0};
	int64_t id, step_id = 0;
	const char *code = zf_req_arg(req, 1);
	json_t *out = NULL, *j;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!step_exists(req, code)) {
		zf_err_set(&err, ZF_ENOTFOUND, "没有步骤 %.32s", code ? code : "");
		return zf_resp_error(req, &err);
	}
	if (!(j = body_object(req, keys)))
		return 0;
	json_t *ver = json_object_get(j, "version"), *values = json_object_get(j, "values");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		zf_err_field(&err, "version", "请提交读取案件时的版本号 version（正整数），以免在他人刚办理的步骤之上误操作");
	if (values && !json_is_object(values))
		zf_err_field(&err, "values", "values 应为 JSON 对象");
	if (!err.code) {
		json_t *empty = values ? NULL : json_object();
		if (!zf_app_case_step(req->app, &req->actor, id, code, values ? values : empty,
				      (int64_t)json_integer_value(ver), &step_id, &err))
			case_json(req, id, 0, &out, &err);
		json_decref(empty);
	}
	json_decref(j);
	if (!out)
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 201, json_pack("{s:I,s:o}", "step_id", (json_int_t)step_id, "case", out));
}

int route_api_case_doc(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_doc d;
	int64_t id, doc_id;
	if (zf_view_arg_id(req, 0, &id) || zf_view_arg_id(req, 1, &doc_id))
		return 0;
	if (zf_app_case_doc(req->app, &req->actor, req->arena, id, doc_id, &d, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, zf_view_case_doc(&d, 1));
}

int route_api_violation_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_violation *v = NULL;
	size_t n = 0;
	int64_t body_id;
	if (zf_view_query_id(req, "body", "执法主体", &body_id, &err) ||
	    zf_app_violation_list(req->app, &req->actor, req->arena, body_id, &v, &n, &err))
		return zf_resp_error(req, &err);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, zf_view_violation(&v[i]));
	return zf_resp_json(req, 200, json_pack("{s:I,s:o}", "count", (json_int_t)n, "items", items));
}
