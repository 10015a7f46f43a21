/* Views: registry values as JSON for templates and the API, rendered by zhifa, not the database. */
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "web/registry_fields.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/time.h"
#include "web/view.h"

json_t *zf_view_str(const char *s)
{
	return json_string(s ? s : "");
}

json_t *zf_view_instant(int64_t t)
{
	char buf[21];
	if (!t)
		return json_null();
	zf_time_rfc3339(t, buf);
	return json_string(buf);
}

json_t *zf_view_date_cn(const char *iso)
{
	struct zf_date d;
	char cn[24];
	if (!iso || zf_date_parse(iso, &d))
		return zf_view_str(iso);
	zf_date_cn(d, cn);
	return json_string(cn);
}

struct zf_date zf_view_today(struct zf_req *req)
{
	return zf_clock_today(&req->app->clock);
}

json_t *zf_view_body(const struct zf_body *b, int full)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(b->id));
	json_object_set_new(o, "name", zf_view_str(b->name));
	json_object_set_new(o, "uscc", zf_view_str(b->uscc));
	json_object_set_new(o, "legal_basis", zf_view_str(b->legal_basis));
	json_object_set_new(o, "duties", zf_view_str(b->duties));
	json_object_set_new(o, "powers", zf_view_str(b->powers));
	json_object_set_new(o, "address", zf_view_str(b->address));
	json_object_set_new(o, "phone", zf_view_str(b->phone));
	json_object_set_new(o, "supervision", zf_view_str(b->supervision));
	json_object_set_new(o, "remedy", zf_view_str(b->remedy));
	json_object_set_new(o, "state", json_string(zf_body_state_word(b->state)));
	json_object_set_new(o, "state_label", json_string(zf_body_state_label(b->state)));
	json_object_set_new(o, "active", json_boolean(b->state == ZF_BODY_ACTIVE));
	if (full) {
		json_object_set_new(o, "state_date", b->state_date ? json_string(b->state_date) : json_null());
		json_object_set_new(o, "state_date_cn", zf_view_date_cn(b->state_date));
		json_object_set_new(o, "state_reason", b->state_reason ? json_string(b->state_reason) : json_null());
		json_object_set_new(o, "version", json_integer(b->version));
	}
	return o;
}

json_t *zf_view_officer(const struct zf_officer *of, struct zf_date today, int full)
{
	int v = zf_cert_verdict(of, today);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(of->id));
	json_object_set_new(o, "body_id", json_integer(of->body_id));
	json_object_set_new(o, "body_name", zf_view_str(of->body_name));
	json_object_set_new(o, "name", zf_view_str(of->name));
	json_object_set_new(o, "cert_no", zf_view_str(of->cert_no));
	json_object_set_new(o, "issuer", zf_view_str(of->issuer));
	json_object_set_new(o, "domains", zf_view_str(of->domains));
	json_object_set_new(o, "valid_from", zf_view_str(of->valid_from));
	json_object_set_new(o, "valid_to", zf_view_str(of->valid_to));
	json_object_set_new(o, "valid_from_cn", zf_view_date_cn(of->valid_from));
	json_object_set_new(o, "valid_to_cn", zf_view_date_cn(of->valid_to));
	json_object_set_new(o, "state", json_string(zf_cert_state_word(of->state)));
	json_object_set_new(o, "state_label", json_string(zf_cert_state_label(of->state)));
	json_object_set_new(o, "state_date", of->state_date ? json_string(of->state_date) : json_null());
	json_object_set_new(o, "state_date_cn", zf_view_date_cn(of->state_date));
	json_object_set_new(o, "verdict", json_string(zf_cert_verdict_word(v)));
	json_object_set_new(o, "verdict_label", json_string(zf_cert_verdict_label(v)));
	json_object_set_new(o, "verdict_ok", json_boolean(v == ZF_VERDICT_VALID));
	json_object_set_new(o, "body_suspended", json_boolean(of->body_suspended));
	if (full) {
		json_object_set_new(o, "state_reason", of->state_reason ? json_string(of->state_reason) : json_null());
		json_object_set_new(o, "legal_qual", json_boolean(of->legal_qual));
		json_object_set_new(o, "review_since", of->review_since ? json_string(of->review_since) : json_null());
		json_object_set_new(o, "review_since_cn", zf_view_date_cn(of->review_since));
		json_object_set_new(o, "version", json_integer(of->version));
	}
	return o;
}

/* The Chinese name of a history action. */
static const char *action_label(const char *action)
{
	static const char *const t[][2] = {
		{"body_create", "新增执法主体"}, {"body_update", "修改执法主体信息"},
		{"body_suspend", "暂停执法主体"}, {"body_reinstate", "恢复执法主体"},
		{"officer_create", "新增执法人员"}, {"officer_update", "修改执法人员信息"},
		{"officer_state", "变更执法证状态"},
		{"body_baseline", "纳入记录日志（启用前的记录）"},
		{"officer_baseline", "纳入记录日志（启用前的记录）"},
	};
	for (size_t i = 0; action && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i][0], action))
			return t[i][1];
	return action ? action : "";
}

/* A recorded value as people read it: states and yes/no in Chinese, dates
 * in Chinese, "—" for none. Caller frees. */
static char *shown(const char *key, json_t *v)
{
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
		return strdup("—");
	if (json_is_boolean(v))
		return strdup(json_is_true(v) ? "是" : "否");
	if (!json_is_string(v))
		return json_dumps(v, JSON_ENCODE_ANY);
	const char *t = json_string_value(v);
	struct zf_date d;
	char cn[24];
	if (!strcmp(key, "state")) {
		int st = zf_cert_state_parse(t);
		int bs = zf_body_state_parse(t);
		return strdup(st ? zf_cert_state_label(st) : bs ? zf_body_state_label(bs) : t);
	}
	if (!zf_date_parse(t, &d)) {
		zf_date_cn(d, cn);
		return strdup(cn);
	}
	return strdup(t);
}

json_t *zf_view_history(const struct zf_history *h)
{
	char when[20];
	json_t *o = json_object(), *changes = json_array();
	json_t *before = h->before_json ? json_loads(h->before_json, 0, NULL) : NULL;
	json_t *after = h->after_json ? json_loads(h->after_json, 0, NULL) : NULL;
	const struct zf_field *defs = h->entity && !strcmp(h->entity, "body") ? zf_body_fields :
				      zf_officer_fields;
	const char *key;
	json_t *val;

	zf_time_local(h->at, when);
	json_object_set_new(o, "at", json_string(when));
	json_object_set_new(o, "action", json_string(action_label(h->action)));
	json_object_set_new(o, "actor", zf_view_str(h->actor_login && *h->actor_login ? h->actor_login : "命令行"));
	json_object_foreach(after, key, val) {
		json_t *old = before ? json_object_get(before, key) : NULL;
		if ((old && json_equal(old, val)) || !strcmp(key, "id"))
			continue;
		char *a = shown(key, val), *b = before ? shown(key, old) : NULL;
		json_array_append_new(changes, json_pack("{s:s,s:s?,s:s?}", "field", zf_field_label(defs, key),
				      "before", b, "after", a));
		free(a);
		free(b);
	}
	json_object_set_new(o, "changes", changes);
	json_decref(before);
	json_decref(after);
	return o;
}

int zf_view_arg_id(struct zf_req *req, int i, int64_t *id)
{
	if (zf_str_to_i64(zf_req_arg(req, i), 1, INT64_MAX, id)) {
		struct zf_err e = {0};
		zf_err_set(&e, ZF_ENOTFOUND, "页面不存在");
		zf_resp_error(req, &e);
		return -1;
	}
	return 0;
}

int zf_view_body_list(struct zf_req *req, int full, int active_only, json_t **out,
		      struct zf_err *err)
{
	struct zf_body *b;
	size_t n;
	int rc = zf_app_body_list(req->app, &req->actor, req->arena, &b, &n, err);
	if (rc)
		return rc;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		if (!active_only || b[i].state == ZF_BODY_ACTIVE)
			json_array_append_new(*out, zf_view_body(&b[i], full));
	return 0;
}

int zf_view_officer_list(struct zf_req *req, int64_t body_id, int full, json_t **out,
			 struct zf_err *err)
{
	struct zf_officer *o;
	size_t n;
	int rc = zf_app_officer_list(req->app, &req->actor, req->arena, body_id, &o, &n, err);
	if (rc)
		return rc;
	struct zf_date today = zf_view_today(req);
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, zf_view_officer(&o[i], today, full));
	return 0;
}

int zf_view_officer_find(struct zf_req *req, struct zf_officer_find *in, struct zf_err *err)
{
	const char *limit = zf_req_query(req, "limit");
	int rc;

	memset(in, 0, sizeof(*in));
	if ((rc = zf_view_query_id(req, "body", "执法主体", &in->body_id, err)))
		return rc;
	in->q = zf_req_query(req, "q");
	in->cert_no = zf_req_query(req, "cert_no");
	in->after = zf_req_query(req, "after");
	/* Out of range is reported by the app, with the other fields. */
	if (limit && *limit && zf_str_to_i64(limit, 1, ZF_OFFICER_PAGE_MAX, &in->limit))
		in->limit = -1;
	return 0;
}

/* Appends "&NAME=VALUE" (the first one with '?') to B when VALUE is not empty. */
static void add_param(struct zf_buf *b, int *first, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	zf_buf_puts(b, *first ? "?" : "&");
	zf_buf_puts(b, name);
	zf_buf_puts(b, "=");
	zf_buf_add_url(b, value);
	*first = 0;
}

/* PATH with the filters of IN and P (and SHOW) and cursor AFTER (NULL =
 * none), in A; NULL when out of memory. */
static const char *page_url(struct zf_arena *a, const char *path, const struct zf_officer_find *in,
			    const struct zf_officer_page *p, const char *show, const char *after)
{
	struct zf_buf b;
	char num[24];
	int first = 1;
	const char *url = NULL;

	zf_buf_init(&b, 4096);
	zf_buf_puts(&b, path);
	if (in->body_id) {
		snprintf(num, sizeof(num), "%lld", (long long)in->body_id);
		add_param(&b, &first, "body", num);
	}
	add_param(&b, &first, "q", p->q);
	add_param(&b, &first, "cert_no", p->cert_no);
	add_param(&b, &first, "show", show);
	if (in->limit > 0 && in->limit != ZF_OFFICER_PAGE_SIZE) {
		snprintf(num, sizeof(num), "%lld", (long long)in->limit);
		add_param(&b, &first, "limit", num);
	}
	add_param(&b, &first, "after", after);
	if (!b.failed)
		url = zf_arena_strdup(a, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return url;
}

json_t *zf_view_officer_page(struct zf_req *req, const char *path, const struct zf_officer_find *in,
			     const struct zf_officer_page *p, const char *show, int full)
{
	struct zf_date today = zf_view_today(req);
	json_t *arr = json_array();
	const char *next = p->next ? page_url(req->arena, path, in, p, show, p->next) : NULL;
	int paged = in->after && *in->after;
	const char *first = paged ? page_url(req->arena, path, in, p, show, NULL) : NULL;

	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(arr, zf_view_officer(&p->officers[i], today, full));
	return json_pack("{s:o,s:I,s:s?,s:s?,s:o,s:s,s:s}", "officers", arr,
			 "count", (json_int_t)p->n, "next", next, "first", first,
			 "count_label", json_sprintf("%s %zu 人", !paged && !p->next ? "共" : "本页", p->n),
			 "q", p->q ? p->q : "", "cert_no", p->cert_no ? p->cert_no : "");
}

int zf_view_query_id(struct zf_req *req, const char *name, const char *label, int64_t *id,
		     struct zf_err *err)
{
	const char *q = zf_req_query(req, name);
	*id = 0;
	if (q && *q && zf_str_to_i64(q, 1, INT64_MAX, id))
		return zf_err_field(err, name, "参数 %s 应为%s编号", name, label);
	return 0;
}

int zf_view_body_get(struct zf_req *req, int64_t id, int full, json_t **out, struct zf_err *err)
{
	struct zf_body b;
	int rc = zf_app_body_get(req->app, &req->actor, req->arena, id, &b, err);
	if (!rc)
		*out = zf_view_body(&b, full);
	return rc;
}

int zf_view_officer_get(struct zf_req *req, int64_t id, int full, json_t **out,
			struct zf_err *err)
{
	struct zf_officer o;
	int rc = zf_app_officer_get(req->app, &req->actor, req->arena, id, &o, err);
	if (!rc)
		*out = zf_view_officer(&o, zf_view_today(req), full);
	return rc;
}

void zf_view_public_cache(struct zf_req *req)
{
	zf_resp_header(req, "Vary", "Cookie, Authorization");
	if (!req->signed_in)
		zf_resp_header(req, "Cache-Control", "public, max-age=60");
}

void zf_view_registry_cache(struct zf_req *req)
{
	int64_t left = zf_clock_to_midnight(&req->app->clock);
	zf_view_public_cache(req);
	zf_resp_keep(req, left < ZF_KEEP_MAX ? (int)left : ZF_KEEP_MAX);
}
