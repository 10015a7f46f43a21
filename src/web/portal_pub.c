/* Portal pages of published decisions and inspection results: lists, item pages, the exact bytes with their salt, QR codes, and correction requests (异议/纠错). */
#include <stdio.h>
#include <string.h>

#include "app/publication.h"
#include "ledger/entry.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/time.h"
#include "web/handlers.h"
#include "web/qr.h"
#include "web/view.h"

#define CACHE_LIST "public, max-age=60"
#define CACHE_ITEM "public, max-age=300"
#define CACHE_TEXT "public, max-age=900"
#define SUMMARY_CHARS 80

/* What differs between /decisions and /inspections. */
struct pub_kind {
	int kind;
	const char *path, *label, *list_title;
};

static const struct pub_kind DECISIONS = {ZF_PUB_DECISION, "decisions", "行政处罚决定", "行政处罚决定公示"};
static const struct pub_kind INSPECTIONS = {ZF_PUB_INSPECTION, "inspections", "行政检查结果", "行政检查结果公示"};

/* Lets shared caches keep a public answer MAXAGE when nobody is signed in,
 * and the server keep it in memory until a publication changes. */
static void pub_cache(struct zf_req *req, const char *maxage)
{
	zf_resp_header(req, "Vary", "Cookie, Authorization");
	if (!req->signed_in)
		zf_resp_header(req, "Cache-Control", maxage);
	zf_resp_keep(req, ZF_KEEP_MAX);
}

/* The absolute URL of item P's page (for QR codes and og:url), in the arena. */
static const char *item_url(struct zf_req *req, const struct pub_kind *k, const struct zf_publication *p)
{
	const char *path = zf_arena_printf(req->arena, "/%s/%lld", k->path, (long long)p->id);
	return path ? zf_qr_abs_url(req, path) : NULL;
}

/* "2026年3月5日" of Unix time T (the server's local date), "" for 0. */
static json_t *instant_cn(int64_t t)
{
	if (t <= 0)
		return json_string("");
	char local[20], cn[24];
	struct zf_date d;
	zf_time_local(t, local);
	local[10] = '\0';
	if (zf_date_parse(local, &d))
		return json_string(local);
	zf_date_cn(d, cn);
	return json_string(cn);
}

static const char *end_label(const char *state)
{
	if (!strcmp(state, "withdrawn"))
		return "已撤回";
	if (!strcmp(state, "expired"))
		return "已届满";
	if (!strcmp(state, "removed"))
		return "已提前撤下";
	return "";
}

/* The share summary: who decided what on whom, never the text (which may be long). */
static const char *summary(struct zf_req *req, const struct pub_kind *k, const struct zf_publication *p)
{
	return zf_arena_printf(req->arena, "%s %s%s%s%s%s", p->body_name, k->label,
			       *p->doc_number ? "（" : "", p->doc_number, *p->doc_number ? "）" : "",
			       *p->party_name ? zf_arena_printf(req->arena, "，当事人：%s", p->party_name) : "");
}

/* Publication P as JSON for the templates. */
static json_t *pub_json(const struct pub_kind *k, const struct zf_publication *p)
{
	int live = !strcmp(p->state, "published");
	json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:I,s:I}",
			      "id", (json_int_t)p->id, "path", k->path, "title", p->title,
			      "body_id", (json_int_t)p->body_id, "body_name", p->body_name,
			      "party_name", p->party_name, "doc_number", p->doc_number,
			      "violation", p->violation, "decided_cn", zf_view_date_cn(p->decided_on),
			      "period_end_cn", zf_view_date_cn(p->period_end),
			      "published_cn", instant_cn(p->published_at), "live", live,
			      "log_index", (json_int_t)p->log_index, "history_id", (json_int_t)p->history_id);
	if (!o)
		return NULL;
	if (!live) {
		json_object_set_new(o, "ended_label", json_string(end_label(p->state)));
		json_object_set_new(o, "ended_cn", instant_cn(p->ended_at));
		json_object_set_new(o, "end_reason", zf_view_str(p->end_reason));
	}
	if (live && p->salt && *p->salt) {
		char commit[65];
		json_object_set_new(o, "text", zf_view_str(p->text));
		json_object_set_new(o, "salt", json_string(p->salt));
		if (zf_entry_commit(p->salt, p->text, strlen(p->text), commit) == 0)
			json_object_set_new(o, "commit", json_string(commit));
		json_object_set_new(o, "logged", json_boolean(p->log_index >= 0));
	}
	return o;
}

/* Reads query parameter NAME as a YYYY-MM-DD date into *OUT ("" when absent). */
static int query_date(struct zf_req *req, const char *name, const char *label, const char **out,
		      struct zf_err *err)
{
	const char *s = zf_req_query(req, name);
	struct zf_date d;
	*out = "";
	if (!s || !*s)
		return 0;
	if (zf_date_parse(s, &d))
		return zf_err_field(err, name, "%s应为形如 2026-03-05 的日期", label);
	*out = s;
	return 0;
}

/* A query text parameter, trimmed to at most 100 bytes of valid UTF-8 ("" when absent). */
static const char *query_text(struct zf_req *req, const char *name)
{
	const char *s = zf_req_query(req, name);
	if (!s || strlen(s) > 100 || !zf_str_utf8_ok(s, strlen(s), 0))
		return "";
	char *t = zf_arena_strdup(req->arena, s);
	return t ? zf_str_trim(t) : "";
}

static int pub_list(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_err err = {0};
	struct zf_pub_query q = {.kind = k->kind, .limit = 20};
	struct zf_publication *items = NULL;
	size_t n = 0;
	json_t *bodies = NULL, *list;

	pub_cache(req, CACHE_LIST);
	q.q = query_text(req, "q");
	q.party = query_text(req, "party");
	q.doc_number = query_text(req, "no");
	q.violation = query_text(req, "violation");
	if (zf_view_query_id(req, "body", "执法主体", &q.body_id, &err) ||
	    zf_view_query_id(req, "before", "页码", &q.before_id, &err) ||
	    query_date(req, "from", "起始日期", &q.from, &err) ||
	    query_date(req, "to", "截止日期", &q.to, &err))
		return zf_resp_bad_query(req, &err);
	q.limit = 21; /* one more tells whether a next page exists */
	if (zf_app_pub_search(req->app, req->arena, &q, &items, &n, &err) ||
	    zf_view_body_list(req, 0, 0, &bodies, &err)) {
		json_decref(bodies);
		return zf_resp_bad_query(req, &err);
	}
	int more = n > 20;
	if (more)
		n = 20;
	if (!(list = json_array())) {
		json_decref(bodies);
		return zf_resp_error(req, &err);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, pub_json(k, &items[i]));
	size_t i;
	json_t *b;
	json_array_foreach(bodies, i, b)
		json_object_set_new(b, "selected", json_boolean(json_integer_value(json_object_get(b, "id")) == q.body_id));
	json_t *ctx = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
				"title", k->list_title, "path", k->path, "label", k->label,
				"items", list, "bodies", bodies, "count", (json_int_t)n, "q", q.q,
				"party", q.party, "no", q.doc_number, "violation", q.violation,
				"from", q.from, "to", q.to, "decisions", k->kind == ZF_PUB_DECISION);
	/* The further filters stay open while one of them is in use. */
	if (ctx)
		json_object_set_new(ctx, "advanced", json_boolean(*q.party || *q.doc_number || *q.violation ||
								  *q.from || *q.to || q.body_id));
	if (ctx && more) {
		/* The next page keeps the filters. */
		struct zf_buf u;
		zf_buf_init(&u, 2048);
		zf_buf_printf(&u, "/%s?before=%lld", k->path, (long long)items[n - 1].id);
		const char *keys[] = {"q", "party", "no", "violation", "from", "to"};
		const char *vals[] = {q.q, q.party, q.doc_number, q.violation, q.from, q.to};
		for (size_t j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (*vals[j]) {
				zf_buf_printf(&u, "&%s=", keys[j]);
				zf_buf_add_url(&u, vals[j]);
			}
		if (q.body_id)
			zf_buf_printf(&u, "&body=%lld", (long long)q.body_id);
		if (!u.failed)
			json_object_set_new(ctx, "next", json_string(zf_buf_cstr(&u)));
		zf_buf_free(&u);
	}
	return zf_resp_html(req, 200, "pub_list", ctx);
}

/* Reads the item of the path for the public; answers the error itself (404 for another kind). */
static int pub_lookup(struct zf_req *req, const struct pub_kind *k, struct zf_publication *p)
{
	struct zf_err err = {0};
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return -1;
	int rc = zf_app_pub_public(req->app, req->arena, id, p, &err);
	if (rc == 0 && p->kind != k->kind)
		rc = zf_err_set(&err, ZF_ENOTFOUND, "未找到该公示信息");
	if (rc) {
		zf_resp_error(req, &err);
		return -1;
	}
	return 0;
}

static int pub_show(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_publication p;
	if (pub_lookup(req, k, &p))
		return 0;
	/* A page still waiting for its log entry changes once the log integrates
	 * it (within a second: the verify button appears), which moves no
	 * generation: kept for a second only, and not by shared caches. */
	if (!strcmp(p.state, "published") && p.log_index < 0) {
		zf_resp_header(req, "Vary", "Cookie, Authorization");
		zf_resp_header(req, "Cache-Control", "no-cache");
		zf_resp_keep(req, 1);
	} else {
		pub_cache(req, CACHE_ITEM);
	}
	const char *url = item_url(req, k, &p);
	const char *desc = summary(req, k, &p);
	json_t *item = pub_json(k, &p);
	json_t *og = json_pack("{s:s,s:s,s:s}", "title", p.title, "description", desc ? desc : "",
			       "url", url ? url : "");
	return zf_resp_html(req, 200, "pub_item", json_pack("{s:s,s:s,s:s,s:o,s:o,s:s}", "title", p.title,
			    "label", k->label, "path", k->path, "item", item, "og", og,
			    "url", url ? url : ""));
}

static int pub_text(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_publication p;
	char commit[65], etag[72];
	if (pub_lookup(req, k, &p))
		return 0;
	if (strcmp(p.state, "published") != 0 || !p.salt || !*p.salt) {
		struct zf_err err = {0};
		zf_err_set(&err, ZF_ENOTFOUND, "该公示信息%s，原文不再公开", end_label(p.state));
		return zf_resp_error(req, &err);
	}
	if (zf_entry_commit(p.salt, p.text, strlen(p.text), commit)) {
		struct zf_err err = {0};
		zf_err_set(&err, ZF_ERROR, "公示原文的盐值无效");
		return zf_resp_error(req, &err);
	}
	snprintf(etag, sizeof(etag), "\"%s\"", commit);
	zf_resp_header(req, "ETag", etag);
	pub_cache(req, CACHE_TEXT);
	zf_resp_header(req, "X-Zhifa-Salt", p.salt);
	const char *inm = zf_req_header(req, "If-None-Match");
	if (inm && strstr(inm, etag))
		return zf_resp_raw(req, 304, "text/plain; charset=utf-8", "", 0);
	return zf_resp_raw(req, 200, "text/plain; charset=utf-8", p.text, strlen(p.text));
}

static int pub_qr(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_publication p;
	if (pub_lookup(req, k, &p))
		return 0;
	pub_cache(req, CACHE_ITEM);
	return zf_qr_answer(req, item_url(req, k, &p));
}

/* The correction form of P, with the values and errors of a refused attempt. */
static int correction_form(struct zf_req *req, const struct pub_kind *k, const struct zf_publication *p,
			   int status, const struct zf_err *err)
{
	json_t *ctx = json_pack("{s:s,s:s,s:o,s:s,s:s,s:s}", "title", "对公示信息提出异议", "path", k->path,
				"item", pub_json(k, p), "name", zf_req_param(req, "name") ? zf_req_param(req, "name") : "",
				"contact", zf_req_param(req, "contact") ? zf_req_param(req, "contact") : "",
				"content", zf_req_param(req, "content") ? zf_req_param(req, "content") : "");
	if (ctx && err && err->code) {
		json_object_set_new(ctx, "error", json_string(err->msg));
		const char *f[] = {"name", "contact", "content"};
		for (size_t i = 0; i < 3; i++) {
			const char *m = zf_err_field_msg(err, f[i]);
			if (m)
				json_object_set_new(ctx, zf_arena_printf(req->arena, "%s_error", f[i]), json_string(m));
		}
	}
	return zf_resp_html(req, status, "pub_correction", ctx);
}

static int pub_correction_form(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_publication p;
	if (pub_lookup(req, k, &p))
		return 0;
	if (strcmp(p.state, "published") != 0) {
		struct zf_err err = {0};
		zf_err_set(&err, ZF_ENOTFOUND, "该公示信息%s，不再受理异议", end_label(p.state));
		return zf_resp_error(req, &err);
	}
	return correction_form(req, k, &p, 200, NULL);
}

static int pub_correction_file(struct zf_req *req, const struct pub_kind *k)
{
	struct zf_publication p;
	struct zf_err err = {0};
	char tracking[32], due[11], due_cn[24];
	struct zf_date d;
	if (pub_lookup(req, k, &p))
		return 0;
	int rc = zf_app_correction_file(req->app, &req->actor, p.id, zf_req_param(req, "name"),
					zf_req_param(req, "contact"), zf_req_param(req, "content"),
					tracking, due, &err);
	if (rc == ZF_EINVAL)
		return correction_form(req, k, &p, 400, &err);
	if (rc)
		return zf_resp_error(req, &err);
	if (zf_date_parse(due, &d) == 0)
		zf_date_cn(d, due_cn);
	else
		snprintf(due_cn, sizeof(due_cn), "%s", due);
	return zf_resp_html(req, 200, "pub_correction_filed", json_pack("{s:s,s:s,s:s,s:o}", "title", "异议已受理",
			    "tracking", tracking, "due_cn", due_cn, "item", pub_json(k, &p)));
}

int route_decision_index(struct zf_req *req) { return pub_list(req, &DECISIONS); }
int route_decision_show(struct zf_req *req) { return pub_show(req, &DECISIONS); }
int route_decision_text(struct zf_req *req) { return pub_text(req, &DECISIONS); }
int route_decision_qr(struct zf_req *req) { return pub_qr(req, &DECISIONS); }
int route_decision_correction_form(struct zf_req *req) { return pub_correction_form(req, &DECISIONS); }
int route_decision_correction(struct zf_req *req) { return pub_correction_file(req, &DECISIONS); }
int route_inspection_index(struct zf_req *req) { return pub_list(req, &INSPECTIONS); }
int route_inspection_show(struct zf_req *req) { return pub_show(req, &INSPECTIONS); }
int route_inspection_text(struct zf_req *req) { return pub_text(req, &INSPECTIONS); }
int route_inspection_qr(struct zf_req *req) { return pub_qr(req, &INSPECTIONS); }
int route_inspection_correction_form(struct zf_req *req) { return pub_correction_form(req, &INSPECTIONS); }
int route_inspection_correction(struct zf_req *req) { return pub_correction_file(req, &INSPECTIONS); }

int route_correction_search(struct zf_req *req)
{
	const char *no = zf_req_query(req, "no");
	if (no && !zf_str_blank(no)) {
		struct zf_buf b;
		zf_buf_init(&b, 256);
		zf_buf_puts(&b, "/corrections/");
		zf_buf_add_url(&b, no);
		int rc = b.failed ? zf_resp_html(req, 400, "pub_correction_lookup",
						 json_pack("{s:s,s:s}", "title", "异议办理查询", "error", "受理编号过长"))
				  : zf_resp_redirect(req, zf_buf_cstr(&b));
		zf_buf_free(&b);
		return rc;
	}
	return zf_resp_html(req, 200, "pub_correction_lookup", json_pack("{s:s}", "title", "异议办理查询"));
}

int route_correction_show(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_correction c;
	const char *no = zf_req_arg(req, 0);
	int rc = zf_app_correction_lookup(req->app, req->arena, no, &c, &err);
	/* Answers change: not cached by shared caches. */
	zf_resp_header(req, "Cache-Control", "no-store");
	if (rc == ZF_ENOTFOUND)
		return zf_resp_html(req, 404, "pub_correction_lookup",
				    json_pack("{s:s,s:s,s:s}", "title", "异议办理查询", "no", no ? no : "", "error", err.msg));
	if (rc)
		return zf_resp_error(req, &err);
	json_t *corr = json_pack("{s:s,s:I,s:o,s:o,s:b,s:s,s:o}", "tracking_no", c.tracking_no,
				 "publication_id", (json_int_t)c.publication_id, "filed_cn", instant_cn(c.filed_at),
				 "due_cn", zf_view_date_cn(c.due_on), "answered", !strcmp(c.state, "answered"),
				 "answer", c.answer, "answered_cn", instant_cn(c.answered_at));
	return zf_resp_html(req, 200, "pub_correction_status", json_pack("{s:s,s:o}", "title", "异议办理查询", "c", corr));
}
