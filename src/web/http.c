/* What handlers call: request accessors and the answers (HTML pages, JSON, errors, redirects). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/role.h"
#include "util/log.h"
#include "util/time.h"
#include "web/request.h"

#define SITE_TITLE "行政执法公示平台"

static struct zf_req_priv *priv(struct zf_req *req)
{
	return req->priv;
}

/* ------------------------------------------------------------------ */
/* Request accessors                                                   */
/* ------------------------------------------------------------------ */

const char *zf_req_param(struct zf_req *req, const char *name)
{
	const char *v = zf_form_get(&priv(req)->form, name);
	return v ? v : zf_form_get(&priv(req)->query, name);
}

const char *zf_req_query(struct zf_req *req, const char *name)
{
	return zf_form_get(&priv(req)->query, name);
}

const char *zf_req_header(struct zf_req *req, const char *name)
{
	return MHD_lookup_connection_value(priv(req)->conn, MHD_HEADER_KIND, name);
}

struct cookie_join {
	struct zf_buf *b;
};

static enum MHD_Result join_cookie(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct cookie_join *j = cls;
	(void)kind;
	if (strcasecmp(key, "Cookie") == 0 && value) {
		if (j->b->len)
			zf_buf_puts(j->b, "; ");
		zf_buf_puts(j->b, value);
	}
	return MHD_YES;
}

const char *zf_req_cookie(struct zf_req *req, const char *name)
{
	struct zf_req_priv *p = priv(req);

	if (!p->cookies_parsed) {
		/* Several Cookie headers (HTTP/2 proxies split them) are one list. */
		struct zf_buf b;
		struct cookie_join j = {&b};
		zf_buf_init(&b, 64 * 1024);
		MHD_get_connection_values(p->conn, MHD_HEADER_KIND, join_cookie, &j);
		if (!b.failed)
			zf_cookie_parse(req->arena, zf_buf_cstr(&b), b.len, &p->cookies, NULL);
		zf_buf_free(&b);
		p->cookies_parsed = 1;
	}
	return zf_form_get(&p->cookies, name);
}

const char *zf_req_body(struct zf_req *req, size_t *len)
{
	struct zf_req_priv *p = priv(req);
	if (len)
		*len = p->body.len;
	return p->body.len ? p->body.data : NULL;
}

const char *zf_req_arg(struct zf_req *req, int i)
{
	const struct zf_match *m = &priv(req)->match;
	return i >= 0 && i < m->nargs ? m->args[i] : NULL;
}

static int json_depth_ok(const json_t *v, int depth)
{
	if (depth > ZF_JSON_MAX_DEPTH)
		return 0;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			if (!json_depth_ok(json_array_get(v, i), depth + 1))
				return 0;
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
			if (!json_depth_ok(x, depth + 1))
				return 0;
	}
	return 1;
}

json_t *zf_req_json(struct zf_req *req)
{
	struct zf_req_priv *p = priv(req);
	json_error_t jerr;
	json_t *v;

	if (p->json) /* each caller owns one reference (handlers decref) */
		return json_incref(p->json);
	if (!p->body.len) {
		zf_answer_status(req, 400, ZF_EINVAL, "请求内容为空，应为 JSON");
		return NULL;
	}
	v = json_loadb(p->body.data, p->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		char msg[160];
		snprintf(msg, sizeof(msg), "JSON 格式错误（第 %d 行第 %d 列）", jerr.line, jerr.column);
		zf_answer_status(req, 400, ZF_EINVAL, msg);
		return NULL;
	}
	if (!json_depth_ok(v, 1)) {
		json_decref(v);
		zf_answer_status(req, 400, ZF_EINVAL, "JSON 嵌套层数过多");
		return NULL;
	}
	p->json = v;
	return json_incref(v);
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */
/* ------------------------------------------------------------------ */

/* Takes the answer slot of REQ for STATUS / CTYPE: 0, or ZF_ENOMEM when
 * an answer was set already (the first answer wins). */
static int claim(struct zf_req *req, int status, const char *ctype)
{
	struct zf_req_priv *p = priv(req);

	if (p->answered) {
		zf_log(ZF_LOG_WARN, "%s %s: second answer %d ignored", req->method, p->log_path, status);
		return ZF_ENOMEM;
	}
	p->answered = 1;
	p->status = status;
	p->ctype = ctype;
	return 0;
}

int zf_answer(struct zf_req *req, int status, const char *ctype, char *body, size_t len,
	      int is_static)
{
	struct zf_req_priv *p = priv(req);

	if (claim(req, status, ctype)) {
		if (!is_static)
			free(body);
		return ZF_ENOMEM;
	}
	p->rbody = body;
	p->rlen = len;
	p->rstatic = is_static;
	return 0;
}

int zf_answer_fd(struct zf_req *req, int status, const char *ctype, int fd, uint64_t off,
		 uint64_t len)
{
	struct zf_req_priv *p = priv(req);

	if (claim(req, status, ctype)) {
		close(fd);
		return ZF_ENOMEM;
	}
	p->rfd = fd;
	p->roff = off;
	p->rflen = len;
	return 0;
}

int zf_answer_header(struct zf_req *req, const char *name, const char *value)
{
	struct zf_req_priv *p = priv(req);
	struct zf_resp_hdr *h = zf_arena_alloc(req->arena, sizeof(*h));

	if (!h || !(h->name = zf_arena_strdup(req->arena, name)) ||
	    !(h->value = zf_arena_strdup(req->arena, value)))
		return ZF_ENOMEM;
	if (p->hdrs_tail)
		p->hdrs_tail->next = h;
	else
		p->hdrs = h;
	p->hdrs_tail = h;
	return 0;
}

int zf_answer_has_header(const struct zf_req *req, const char *name)
{
	for (const struct zf_resp_hdr *h = req->priv->hdrs; h; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return 1;
	return 0;
}

/* A last-resort page that needs neither templates nor memory. */
static int answer_static_500(struct zf_req *req, int status)
{
	static const char page[] =
		"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>服务暂不可用</title>"
		"<p>服务器暂时无法处理您的请求，请稍后再试。</p></html>\n";
	return zf_answer(req, status, "text/html; charset=utf-8", (char *)page, sizeof(page) - 1, 1);
}

static const char *default_message(int status)
{
	switch (status) {
	case 400: return "请求格式不正确";
	case 401: return "请先登录";
	case 403: return "您没有权限执行此操作";
	case 404: return "找不到您要访问的页面";
	case 405: return "不支持此请求方法";
	case 409: return "数据已被他人修改或已存在，请刷新后重试";
	case 413: return "提交的内容过大";
	case 415: return "不支持此内容类型";
	case 416: return "请求的字节范围超出文件大小";
	case 423: return "该资源正被另一请求占用，请稍后再试";
	case 422: return "提交的内容有误，请检查后重试";
	case 429: return "尝试次数过多，请稍后再试";
	case 460: return "校验和不一致，本次上传的数据已丢弃，请重新发送";
	case 501: return "服务器不支持此功能";
	case 503: return "服务暂时不可用，请稍后再试";
	default: return "服务器内部错误，请稍后再试";
	}
}

/* Field -> message of ERR as a JSON object; the first message of a field
 * wins (it says what was wrong with the input as sent). */
static json_t *field_errors(const struct zf_err *err)
{
	json_t *f = json_object();
	for (int i = 0; f && i < err->nfields && i < ZF_ERR_FIELDS; i++)
		if (!json_object_get(f, err->fields[i].field))
			json_object_set_new(f, err->fields[i].field, json_string(err->fields[i].msg));
	return f;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "请求有误";
	case 401: return "请先登录";
	case 403: return "无权访问";
	case 404: return "页面不存在";
	case 405: return "请求方法不支持";
	case 409: return "数据冲突";
	case 413: return "内容过大";
	case 415: return "内容类型不支持";
	case 416: return "范围无效";
	case 423: return "资源占用中";
	case 422: return "内容有误";
	case 429: return "请稍后再试";
	case 460: return "校验失败";
	case 501: return "功能不支持";
	case 503: return "服务暂不可用";
	default: return "服务器错误";
	}
}

static json_t *error_json(int code, const char *msg, const struct zf_err *err)
{
	json_t *e = json_object(), *top = json_object();

	if (!e || !top)
		goto fail;
	json_object_set_new(e, "code", json_string(zf_err_name(code)));
	json_object_set_new(e, "message", json_string(msg));
	if (err && err->nfields > 0)
		json_object_set_new(e, "fields", field_errors(err));
	json_object_set_new(top, "error", e);
	return top;
fail:
	json_decref(e);
	json_decref(top);
	return NULL;
}

/* Answers CODE/MSG with STATUS, carrying ERR's field errors for the API. */
static int answer_error(struct zf_req *req, int status, int code, const char *msg,
			const struct zf_err *err)
{
	if (!msg || !*msg)
		msg = default_message(status);
	if (req->is_api)
		return zf_resp_json(req, status, error_json(code, msg, err));
	json_t *ctx = json_object();
	if (ctx) {
		json_object_set_new(ctx, "status", json_integer(status));
		json_object_set_new(ctx, "message", json_string(msg));
		json_object_set_new(ctx, "title", json_string(status_title(status)));
	}
	return zf_resp_html(req, status, "error", ctx);
}

int zf_answer_status(struct zf_req *req, int status, int code, const char *msg)
{
	return answer_error(req, status, code, msg, NULL);
}

int zf_http_status(int code)
{
	switch (code) {
	case ZF_ENOTFOUND: return 404;
	case ZF_EINVAL: return 422;
	case ZF_EDENIED: return 403;
	case ZF_ECONFLICT: return 409;
	case ZF_ENOMEM: return 503;
	case ZF_EAUTH: return 401;
	case ZF_ETHROTTLE: return 429;
	case ZF_EUNAVAIL: return 503;
	case ZF_ETOOBIG: return 413;
	case ZF_EBUSY: return 423;
	case ZF_ENOTSUP: return 501;
	case ZF_ECHECKSUM: return 460; /* tus checksum extension: Checksum Mismatch */
	case ZF_EUNSUPPORTED_MEDIA: return 415;
	default: return 500;
	}
}

int zf_resp_bad_query(struct zf_req *req, const struct zf_err *err)
{
	if (err && err->code == ZF_EINVAL)
		return answer_error(req, 400, ZF_EINVAL, err->msg, err);
	return zf_resp_error(req, err);
}

int zf_resp_error(struct zf_req *req, const struct zf_err *err)
{
	int code = err ? err->code : ZF_ERROR;
	int status = zf_http_status(code);
	const char *msg = err ? err->msg : "";

	if (code == ZF_OK) {
		code = ZF_ERROR;
		status = 500;
	}
	if (status >= 500) {
		/* Internal details stay in the log; the user gets a calm message. */
		zf_log(ZF_LOG_ERROR, "%s %s: %s: %s", req->method, priv(req)->log_path,
		       zf_err_name(code), *msg ? msg : "(the handler gave no message)");
		if (status == 500)
			msg = "";
	}
	if (code == ZF_ETHROTTLE) {
		char ra[24];
		snprintf(ra, sizeof(ra), "%d", err->retry_after > 0 ? err->retry_after : 1);
		zf_answer_header(req, "Retry-After", ra);
	}
	if (code == ZF_EAUTH && req->is_api)
		zf_answer_header(req, "WWW-Authenticate", "Bearer");
	return answer_error(req, status, code, msg, err);
}

/* The keys every page's layout reads. */
static void add_common(struct zf_req *req, json_t *ctx)
{
	char now[20];

	if (req->signed_in) {
		json_t *u = json_object();
		const char *word = zf_role_word(req->actor.role);
		json_object_set_new(u, "login", json_string(req->actor.login));
		json_object_set_new(u, "role", json_string(word ? word : ""));
		json_object_set_new(u, "role_label", json_string(zf_role_label(req->actor.role)));
		json_object_set_new(ctx, "user", u);
	} else {
		json_object_del(ctx, "user");
	}
	json_object_set_new(ctx, "csrf", json_string(req->csrf));
	json_t *nav = json_object();
	int role = req->signed_in ? req->actor.role : ZF_ROLE_NONE;
	json_object_set_new(nav, "workbench", json_boolean(zf_role_allows(role, ZF_PERM_WORKBENCH)));
	json_object_set_new(nav, "registry_read",
			    json_boolean(zf_role_allows(role, ZF_PERM_REGISTRY_READ)));
	json_object_set_new(nav, "token_admin", json_boolean(zf_role_allows(role, ZF_PERM_TOKEN_ADMIN)));
	json_object_set_new(nav, "registry_write",
			    json_boolean(zf_role_allows(role, ZF_PERM_REGISTRY_WRITE)));
	json_object_set_new(nav, "account_admin",
			    json_boolean(zf_role_allows(role, ZF_PERM_ACCOUNT_ADMIN)));
	json_object_set_new(nav, "audit_read", json_boolean(zf_role_allows(role, ZF_PERM_AUDIT_READ)));
	json_object_set_new(nav, "case_read", json_boolean(zf_role_allows(role, ZF_PERM_CASE_READ)));
	json_object_set_new(nav, "case_write", json_boolean(zf_role_allows(role, ZF_PERM_CASE_WRITE)));
	json_object_set_new(nav, "case_settings",
			    json_boolean(zf_role_allows(role, ZF_PERM_CASE_SETTINGS)));
	json_object_set_new(nav, "review", json_boolean(zf_role_allows(role, ZF_PERM_REVIEW)));
	json_object_set_new(nav, "publish", json_boolean(role == ZF_ROLE_PUBLISHER ||
							 role == ZF_ROLE_LEADER ||
							 role == ZF_ROLE_SUPERVISOR));
	json_object_set_new(ctx, "nav", nav);
	if (!json_is_string(json_object_get(ctx, "title")))
		json_object_set_new(ctx, "title", json_string(SITE_TITLE));
	json_object_set_new(ctx, "site", json_string(SITE_TITLE));
	json_object_set_new(ctx, "demo", json_boolean(req->app->demo));
	zf_time_local(zf_clock_now(&req->app->clock), now);
	json_object_set_new(ctx, "now", json_string(now));
}

int zf_resp_html(struct zf_req *req, int status, const char *name, json_t *ctx)
{
	struct zf_tmpl_set *set = priv(req)->srv->tmpls;
	struct zf_buf page, full;
	struct zf_err err;
	int rc;

	zf_err_clear(&err);
	zf_buf_init(&page, ZF_PAGE_MAX);
	zf_buf_init(&full, ZF_PAGE_MAX);
	if (!ctx && !(ctx = json_object())) {
		rc = answer_static_500(req, 503);
		goto out;
	}
	if (!json_is_object(ctx)) {
		zf_err_set(&err, ZF_ERROR, "the page context is not a JSON object");
		rc = ZF_ERROR;
		goto fail;
	}
	add_common(req, ctx);
	if ((rc = zf_tmpl_render(set, name, ctx, &page, &err)))
		goto fail;
	if (json_object_set_new(ctx, "content", json_stringn_nocheck(page.data ? page.data : "",
								     page.len))) {
		rc = zf_err_set(&err, ZF_ENOMEM, "内存不足");
		goto fail;
	}
	zf_buf_free(&page);
	if ((rc = zf_tmpl_render(set, "layout", ctx, &full, &err)))
		goto fail;
	rc = zf_answer(req, status, "text/html; charset=utf-8", zf_buf_take(&full), full.len, 0);
	goto out;
fail:
	zf_log(ZF_LOG_ERROR, "%s %s: page %s: %s", req->method, priv(req)->log_path, name, err.msg);
	rc = answer_static_500(req, rc == ZF_ENOMEM ? 503 : 500);
out:
	zf_buf_free(&page);
	zf_buf_free(&full);
	json_decref(ctx);
	return rc;
}

int zf_resp_json(struct zf_req *req, int status, json_t *body)
{
	char *s;

	if (!body)
		return answer_static_500(req, 503);
	s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(body);
	if (!s)
		return answer_static_500(req, 503);
	return zf_answer(req, status, "application/json", s, strlen(s), 0);
}

/* A local path: one leading '/', not "//" or "/\" (which browsers treat as
 * another host), printable ASCII only. */
static int local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

int zf_resp_redirect(struct zf_req *req, const char *location)
{
	if (!local_path(location)) {
		zf_log(ZF_LOG_WARN, "%s %s: refused redirect to a non-local address", req->method,
		       priv(req)->log_path);
		location = "/";
	}
	if (zf_answer_header(req, "Location", location))
		return answer_static_500(req, 503);
	return zf_answer(req, 303, "text/plain; charset=utf-8", (char *)"", 0, 1);
}

int zf_resp_raw(struct zf_req *req, int status, const char *content_type, const void *data,
		size_t len)
{
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return answer_static_500(req, 503);
	if (len)
		memcpy(copy, data, len);
	const char *ct = zf_arena_strdup(req->arena, content_type);
	if (!ct) {
		free(copy);
		return answer_static_500(req, 503);
	}
	return zf_answer(req, status, ct, copy, len, 0);
}

static int header_name_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("!#$%&'*+-.^_`|~", c)))
			return 0;
	}
	return 1;
}

static int header_value_ok(const char *s)
{
	for (; s && *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 0;
	return s != NULL;
}

int zf_resp_header(struct zf_req *req, const char *name, const char *value)
{
	if (!header_name_ok(name) || !header_value_ok(value)) {
		zf_log(ZF_LOG_WARN, "%s %s: refused an invalid response header", req->method,
		       priv(req)->log_path);
		return ZF_EINVAL;
	}
	return zf_answer_header(req, name, value);
}

void zf_resp_keep(struct zf_req *req, int seconds)
{
	priv(req)->keep = seconds < 0 ? 0 : seconds > ZF_KEEP_MAX ? ZF_KEEP_MAX : seconds;
}

int zf_resp_session_cookie(struct zf_req *req, const char *value, int max_age)
{
	char c[256];

	for (const char *p = value; p && *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			return ZF_EINVAL;
	if (!value || strlen(value) > 128)
		return ZF_EINVAL;
	int n = snprintf(c, sizeof(c), "zf_session=%s; Path=/; HttpOnly; SameSite=Strict", value);
	if (max_age >= 0)
		n += snprintf(c + n, sizeof(c) - (size_t)n, "; Max-Age=%d", max_age);
	if (req->secure)
		snprintf(c + n, sizeof(c) - (size_t)n, "; Secure");
	return zf_answer_header(req, "Set-Cookie", c);
}

void zf_form_keep(struct zf_req *req, json_t *ctx, const struct zf_err *err,
		  const char *const *fields)
{
	if (!ctx)
		return;
	if (err && err->nfields > 0)
		json_object_set_new(ctx, "errors", field_errors(err));
	if (err && err->msg[0])
		json_object_set_new(ctx, "error", json_string(err->msg));
	if (fields) {
		json_t *f = json_object();
		for (int i = 0; f && fields[i]; i++) {
			const char *v = zf_req_param(req, fields[i]);
			if (v)
				json_object_set_new(f, fields[i], json_string(v));
		}
		json_object_set_new(ctx, "form", f);
	}
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

int zf_resp_file(struct zf_req *req, int status, const char *content_type, int fd,
		 uint64_t offset, uint64_t len)
{
	const char *ct = zf_arena_strdup(req->arena, content_type ? content_type
								   : "application/octet-stream");
	if (fd < 0)
		return answer_static_500(req, 500);
	if (!ct) {
		close(fd);
		return answer_static_500(req, 503);
	}
	zf_answer_fd(req, status, ct, fd, offset, len);
	return 0;
}

/* Reads the decimal digits at *S (at least one), saturating at UINT64_MAX
 * (a position past any file); *S moves past them. 0, or -1 without digits. */
static int range_number(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
	}
	*s = p;
	*out = v;
	return 0;
}

int zf_http_range_parse(const char *value, uint64_t size, uint64_t *start, uint64_t *end)
{
	const char *p = value;
	uint64_t a = 0, b = 0;
	int has_a, has_b;

	if (!p)
		return ZF_ENOTFOUND;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "bytes", 5) != 0)
		return ZF_ENOTFOUND;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return ZF_ENOTFOUND;
	while (*p == ' ' || *p == '\t')
		p++;
	has_a = range_number(&p, &a) == 0;
	if (*p++ != '-')
		return ZF_ENOTFOUND;
	has_b = range_number(&p, &b) == 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' || (!has_a && !has_b))
		return ZF_ENOTFOUND; /* several ranges or malformed: the whole file */
	if (has_a && has_b && b < a)
		return ZF_ENOTFOUND; /* an invalid range-spec is ignored (RFC 9110 §14.1.1) */
	if (!has_a) {
		/* "-n": the last n bytes; none of an empty file can be sent */
		if (b == 0 || size == 0)
			return ZF_EINVAL;
		*start = b >= size ? 0 : size - b;
		*end = size - 1;
		return 0;
	}
	if (a >= size)
		return ZF_EINVAL;
	*start = a;
	*end = has_b && b < size - 1 ? b : size - 1;
	return 0;
}

int zf_resp_file_ranged(struct zf_req *req, const char *content_type, int fd, uint64_t size,
			int *first)
{
	char cr[80];
	uint64_t a = 0, b = 0;
	int rc;

	if (first)
		*first = 0;
	zf_answer_header(req, "Accept-Ranges", "bytes");
	rc = zf_http_range_parse(zf_req_header(req, "Range"), size, &a, &b);
	if (rc == ZF_EINVAL) {
		close(fd);
		snprintf(cr, sizeof(cr), "bytes */%" PRIu64, size);
		zf_answer_header(req, "Content-Range", cr);
		return zf_answer_status(req, 416, ZF_EINVAL, NULL);
	}
	if (rc == 0) {
		snprintf(cr, sizeof(cr), "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, a, b, size);
		zf_answer_header(req, "Content-Range", cr);
		if (first)
			*first = a == 0;
		return zf_resp_file(req, 206, content_type, fd, a, b - a + 1);
	}
	if (first)
		*first = 1;
	return zf_resp_file(req, 200, content_type, fd, 0, size);
}
