/* The life of one HTTP request: checks before the body, the body, identity, permission, CSRF, the handler. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/auth.h"
#include "core/role.h"
#include "util/crypto.h"
#include "util/embed.h"
#include "util/log.h"
#include "util/str.h"
#include "web/request.h"

#define DRAIN_MAX ((size_t)1 << 20) /* bytes of an over-limit chunked body read before hanging up */
#define LOG_PATH_MAX 256
#define CSRF_MSG "表单已过期或来源不正确，请刷新页面后重试"

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Copies N bytes of S for the log with anything but printable ASCII as '?'. */
static const char *printable(struct zf_arena *a, const char *s, size_t n)
{
	if (n > LOG_PATH_MAX)
		n = LOG_PATH_MAX;
	char *d = zf_arena_strndup(a, s, n);
	for (char *p = d; p && *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			*p = '?';
	return d ? d : "-";
}

/* ------------------------------------------------------------------ */
/* Client address                                                      */
/* ------------------------------------------------------------------ */

int zf_addr_parse(const char *s, struct zf_proxy *out)
{
	char tmp[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(s);

	memset(out, 0, sizeof(*out));
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(tmp))
		return ZF_EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, out->addr) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, out->addr) == 1) {
		out->family = AF_INET6;
		if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)out->addr)) {
			memmove(out->addr, out->addr + 12, 4);
			memset(out->addr + 4, 0, 12);
			out->family = AF_INET;
		}
		return 0;
	}
	return ZF_EINVAL;
}

static int addr_of_sockaddr(const struct sockaddr *sa, struct zf_proxy *out)
{
	memset(out, 0, sizeof(*out));
	if (!sa)
		return ZF_EINVAL;
	if (sa->sa_family == AF_INET) {
		memcpy(out->addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		out->family = AF_INET;
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memcpy(out->addr, a6->s6_addr + 12, 4);
			out->family = AF_INET;
		} else {
			memcpy(out->addr, a6->s6_addr, 16);
			out->family = AF_INET6;
		}
		return 0;
	}
	return ZF_EINVAL;
}

static int addr_trusted(const struct zf_server *srv, const struct zf_proxy *a)
{
	for (int i = 0; i < srv->nproxies; i++)
		if (srv->proxies[i].family == a->family &&
		    memcmp(srv->proxies[i].addr, a->addr, a->family == AF_INET ? 4 : 16) == 0)
			return 1;
	return 0;
}

struct hdr_join {
	const char *name;
	struct zf_buf *b;
};

static enum MHD_Result join_header(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct hdr_join *j = cls;
	(void)kind;
	if (strcasecmp(key, j->name) == 0 && value) {
		if (j->b->len)
			zf_buf_puts(j->b, ",");
		zf_buf_puts(j->b, value);
	}
	return MHD_YES;
}

/* The client is the rightmost X-Forwarded-For entry that is not one of our
 * proxies; proxies append, so entries to its left are the client's claims. */
static void forwarded_client(struct zf_request *r, struct zf_proxy *client)
{
	struct zf_buf b;
	struct hdr_join j = {"X-Forwarded-For", &b};
	char *s, *end;

	zf_buf_init(&b, 8192);
	MHD_get_connection_values(r->priv.conn, MHD_HEADER_KIND, join_header, &j);
	if (b.failed || !b.len)
		goto out;
	s = b.data;
	end = s + b.len;
	while (end > s) {
		char *comma = end;
		while (comma > s && comma[-1] != ',')
			comma--;
		*end = '\0';
		char *tok = zf_str_trim(comma);
		struct zf_proxy a;
		if (zf_addr_parse(tok, &a))
			break;
		*client = a;
		if (!addr_trusted(r->priv.srv, &a))
			break;
		end = comma > s ? comma - 1 : s;
	}
out:
	zf_buf_free(&b);
}

static void client_addr(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->priv.conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct zf_proxy peer, client;
	char text[INET6_ADDRSTRLEN];

	req->addr = "-";
	if (!ci || addr_of_sockaddr(ci->client_addr, &peer))
		return;
	client = peer;
	if (addr_trusted(r->priv.srv, &peer)) {
		forwarded_client(r, &client);
		const char *proto = MHD_lookup_connection_value(r->priv.conn, MHD_HEADER_KIND,
								"X-Forwarded-Proto");
		if (proto) {
			const char *last = strrchr(proto, ',');
			last = last ? last + 1 : proto;
			while (*last == ' ')
				last++;
			req->secure = strncasecmp(last, "https", 5) == 0 &&
				      (last[5] == '\0' || last[5] == ' ');
		}
	}
	if (inet_ntop(client.family, client.addr, text, sizeof(text)))
		req->addr = zf_arena_strdup(req->arena, text);
	if (!req->addr)
		req->addr = "-";
}

/* ------------------------------------------------------------------ */
/* Start and end                                                       */
/* ------------------------------------------------------------------ */

struct zf_request *zf_request_new(struct zf_server *srv, const char *uri,
				  struct MHD_Connection *c)
{
	struct zf_arena *a = zf_arena_new(ZF_REQ_ARENA);
	struct zf_request *r = a ? zf_arena_alloc(a, sizeof(*r)) : NULL;

	if (!r) {
		zf_arena_free(a);
		return NULL;
	}
	r->req.arena = a;
	r->req.app = srv->app;
	r->req.priv = &r->priv;
	r->req.method = "-";
	r->req.path = "";
	r->req.addr = "-";
	r->priv.srv = srv;
	r->priv.conn = c;
	r->priv.t0_us = now_us();
	r->priv.rfd = -1;
	uri = uri ? uri : "";
	r->priv.raw_uri = zf_arena_strdup(a, uri);
	r->priv.log_path = printable(a, uri, strcspn(uri, "?"));
	zf_buf_init(&r->priv.body, 1);
	if (!r->priv.raw_uri) {
		zf_arena_free(a);
		return NULL;
	}
	atomic_fetch_add(&srv->active, 1);
	return r;
}

static const char *toe_word(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK: return "";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return " timeout";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return " shutdown";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return " client-abort";
	default: return " error";
	}
}

void zf_request_done(struct zf_request *r, enum MHD_RequestTerminationCode toe)
{
	struct zf_req_priv *p;
	char status[8] = "-";
	struct zf_server *srv;

	if (!r)
		return;
	p = &r->priv;
	srv = p->srv;
	if (p->stream_begun && !p->stream_ended) {
		/* The client went away, the connection broke or the server stops
		 * mid-body: the route keeps what it must and frees its state. */
		p->stream_ended = 1;
		p->stream->end(&r->req, p->stream_state, 1);
	}
	if (p->queued)
		snprintf(status, sizeof(status), "%d", p->status);
	zf_log(ZF_LOG_INFO, "%s %s %s %zu %lldms %s%s", r->req.method, p->log_path, status,
	       p->queued ? p->rlen : (size_t)0, (long long)((now_us() - p->t0_us) / 1000),
	       r->req.signed_in ? r->req.actor.login : "-", toe_word(toe));
	json_decref(p->json);
	zf_buf_free(&p->body);
	if (p->rbody && !p->rstatic && !p->queued)
		free(p->rbody);
	if (p->rfd >= 0)
		close(p->rfd);
	zf_page_cache_release(srv->pages, p->hit);
	zf_wipe(r->req.csrf, sizeof(r->req.csrf));
	zf_arena_free(r->req.arena);
	atomic_fetch_sub(&srv->active, 1);
}

/* Hands the answer to MHD; adds the headers every answer carries. */
static enum MHD_Result queue(struct zf_request *r)
{
	static const struct {
		const char *name, *value;
	} always[] = {
		{"Content-Security-Policy",
		 "default-src 'none'; img-src 'self' data:; media-src 'self'; connect-src 'self'; style-src 'self'; "
		 "script-src 'self'; "
		 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "same-origin"},
		{"X-Frame-Options", "DENY"},
	};
	struct zf_req_priv *p = &r->priv;
	struct MHD_Response *resp;

	if (p->hit)
		return zf_pages_queue_hit(r);
	if (!p->answered) {
		zf_log(ZF_LOG_ERROR, "%s %s: the handler gave no answer", r->req.method, p->log_path);
		zf_answer_status(&r->req, 500, ZF_ERROR, NULL);
	}
	if (p->rfd >= 0) {
		p->keep = 0; /* only answers from memory are kept */
		/* The kernel sends the file; MHD closes FD with the response. */
		resp = MHD_create_response_from_fd_at_offset64(p->rflen, p->rfd, p->roff);
		if (resp)
			p->rfd = -1;
	} else {
		resp = MHD_create_response_from_buffer(p->rlen, p->rbody ? p->rbody : (char *)"",
						       p->rstatic || !p->rbody
							       ? MHD_RESPMEM_PERSISTENT
							       : MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	p->queued = 1; /* MHD frees the body from now on */
	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (!zf_answer_has_header(&r->req, always[i].name))
			MHD_add_response_header(resp, always[i].name, always[i].value);
	if (!zf_answer_has_header(&r->req, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control", p->cache ? p->cache : "no-store");
	if (p->ctype && !zf_answer_has_header(&r->req, "Content-Type"))
		MHD_add_response_header(resp, "Content-Type", p->ctype);
	for (const struct zf_resp_hdr *h = p->hdrs; h; h = h->next)
		if (MHD_add_response_header(resp, h->name, h->value) != MHD_YES)
			zf_log(ZF_LOG_WARN, "%s %s: header %s refused", r->req.method, p->log_path,
			       h->name);
	if (p->match.route && (p->match.route->flags & ZF_ROUTE_TUS) &&
	    !zf_answer_has_header(&r->req, "Tus-Resumable"))
		MHD_add_response_header(resp, "Tus-Resumable", "1.0.0");
	if (p->close || atomic_load(&p->srv->stopping))
		MHD_add_response_header(resp, "Connection", "close");
	return zf_pages_queue(r, resp);
}

/* ------------------------------------------------------------------ */
/* Before the body                                                     */
/* ------------------------------------------------------------------ */

struct framing {
	int ncl, nte, bad;
	int64_t cl;
};

static enum MHD_Result scan_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	struct framing *f = cls;
	(void)kind;
	if (strcasecmp(key, "Content-Length") == 0) {
		int64_t v;
		if (++f->ncl > 1 || !value || zf_str_to_i64(value, 0, INT64_MAX, &v) || value[0] == '-')
			f->bad = 1;
		else
			f->cl = v;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		if (++f->nte > 1 || !value || strcasecmp(value, "chunked") != 0)
			f->bad = 1;
	}
	return MHD_YES;
}

static const char *static_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".json", "application/json"},
		{".woff2", "font/woff2"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static void serve_static(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	const char *name = req->path + strlen("/static/");
	const struct zf_embed_file *f;
	char full[160];

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		zf_answer_header(req, "Allow", "GET, HEAD");
		zf_answer_status(req, 405, ZF_EINVAL, NULL);
		return;
	}
	if (r->priv.body_pending) {
		zf_answer_status(req, 413, ZF_ETOOBIG, NULL);
		return;
	}
	if (!*name || strchr(name, '/') ||
	    (size_t)snprintf(full, sizeof(full), "web/static/%s", name) >= sizeof(full) ||
	    !(f = zf_embed_find(full))) {
		zf_answer_status(req, 404, ZF_ENOTFOUND, NULL);
		return;
	}
	r->priv.cache = "public, max-age=86400";
	zf_answer(req, 200, static_type(name), (char *)f->data, f->len, 1);
}

/* 1 when PATH has a "." or ".." segment. */
static int dot_segment(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')); p++) {
		size_t n = strcspn(p + 1, "/");
		if ((n == 1 && p[1] == '.') || (n == 2 && p[1] == '.' && p[2] == '.'))
			return 1;
	}
	return 0;
}

static int path_is_api(const char *p)
{
	return strncmp(p, "/api/", 5) == 0 || strcmp(p, "/api") == 0;
}

/* The first call: everything that can be decided from the request line and
 * headers, so that refused requests never have their body read. */
static int identify(struct zf_request *r);

static void begin(struct zf_request *r, const char *method)
{
	struct zf_req *req = &r->req;
	struct zf_req_priv *p = &r->priv;
	const char *uri = p->raw_uri, *query;
	size_t plen = strcspn(uri, "?"), dlen;
	struct framing fr = {0};
	struct zf_err err;
	char *path, *raw_path;
	int rc;

	zf_err_clear(&err);
	req->method = printable(req->arena, method, 16);
	client_addr(r);
	zf_actor_public(&req->actor, req->addr);
	MHD_get_connection_values(p->conn, MHD_HEADER_KIND, scan_framing, &fr);
	p->body_pending = fr.cl > 0 || fr.nte > 0;
	req->is_api = strncmp(uri, "/api/", 5) == 0;
	if (fr.bad || (fr.ncl && fr.nte)) {
		p->close = 1;
		zf_answer_status(req, 400, ZF_EINVAL, "请求头 Content-Length / Transfer-Encoding 不正确");
		return;
	}
	if (plen > ZF_PATH_MAX) {
		zf_answer_status(req, 400, ZF_EINVAL, "网址过长");
		return;
	}
	rc = zf_pct_decode(req->arena, uri, plen, 0, &path, &dlen);
	if (rc == ZF_ENOMEM) {
		zf_answer_status(req, 503, ZF_ENOMEM, NULL);
		return;
	}
	if (rc || path[0] != '/' || !zf_str_utf8_ok(path, dlen, 0) || dot_segment(path)) {
		zf_answer_status(req, 400, ZF_EINVAL, "网址无效");
		return;
	}
	req->path = path;
	p->log_path = path;
	req->is_api = path_is_api(path);
	query = uri[plen] == '?' ? uri + plen + 1 : "";
	if ((rc = zf_form_parse(req->arena, query, strlen(query), ZF_QUERY_VALUE_MAX, &p->query,
				&err))) {
		zf_answer_status(req, rc == ZF_ENOMEM ? 503 : 400, rc, err.msg);
		return;
	}
	if (strncmp(path, "/static/", 8) == 0) {
		serve_static(r);
		return;
	}
	raw_path = zf_arena_strndup(req->arena, uri, plen);
	rc = raw_path ? zf_router_match(p->srv->routes, p->srv->nroutes, req->method, raw_path,
					req->arena, &p->match)
		      : ZF_ENOMEM;
	if (rc) {
		zf_answer_status(req, rc == ZF_ENOMEM ? 503 : 400, rc, rc == ZF_ENOMEM ? NULL : "网址无效");
		return;
	}
	if (!p->match.route) {
		/* A page of its own for a signed-in user (their header and menu). */
		if (!req->is_api && identify(r))
			return;
		if (p->match.path_known) {
			zf_answer_header(req, "Allow", p->match.allow);
			zf_answer_status(req, 405, ZF_EINVAL, NULL);
		} else {
			zf_answer_status(req, 404, ZF_ENOTFOUND, NULL);
		}
		return;
	}
	p->body_limit = p->match.route->body_limit;
	if (fr.cl > 0 && (uint64_t)fr.cl > p->body_limit) {
		zf_answer_status(req, 413, ZF_ETOOBIG, NULL);
		return;
	}
	zf_buf_init(&p->body, p->body_limit ? p->body_limit : 1);
	zf_pages_lookup(r);
}

/* ------------------------------------------------------------------ */
/* After the body                                                      */
/* ------------------------------------------------------------------ */

static int is_form(const char *ctype)
{
	static const char want[] = "application/x-www-form-urlencoded";
	size_t n = sizeof(want) - 1;
	return ctype && strncasecmp(ctype, want, n) == 0 &&
	       (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Who is asking: a bearer token (API only) or the session cookie. Returns 1
 * when an answer was set (the request ends there). */
static int identify(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	struct zf_actor who;
	struct zf_err err;
	const char *auth = zf_req_header(req, "Authorization");
	const char *cookie;
	int rc;

	zf_err_clear(&err);
	if (req->is_api && auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		const char *tok = auth + 7;
		while (*tok == ' ')
			tok++;
		rc = zf_app_token_resolve(req->app, tok, req->addr, &who, &err);
		if (rc == ZF_EAUTH || (rc == 0 && !who.account_id)) {
			zf_answer_header(req, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
			zf_answer_status(req, 401, ZF_EAUTH, "访问令牌无效、已过期或已被吊销");
			return 1;
		}
		if (rc) {
			zf_resp_error(req, &err);
			return 1;
		}
		who.via_token = 1;
		goto signed_in;
	}
	cookie = zf_req_cookie(req, "zf_session");
	if (!cookie || !*cookie)
		return 0;
	rc = zf_app_session_resolve(req->app, cookie, req->addr, &who, req->csrf, &err);
	if (rc == ZF_EAUTH) {
		/* Ended or unknown: forget it and carry on as the public. */
		req->csrf[0] = '\0';
		zf_resp_session_cookie(req, "", 0);
		return 0;
	}
	if (rc) {
		req->csrf[0] = '\0';
		zf_resp_error(req, &err);
		return 1;
	}
	r->priv.via_session = 1;
signed_in:
	req->actor = who;
	if (!req->actor.addr[0])
		zf_strlcpy(req->actor.addr, req->addr, sizeof(req->actor.addr));
	req->signed_in = 1;
	return 0;
}

/* The route's permission. Returns 1 when an answer was set. */
static int authorize(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	const struct zf_route *rt = r->priv.match.route;
	struct zf_buf loc;

	if (rt->perm == ZF_PERM_PUBLIC || (req->signed_in && zf_role_allows(req->actor.role, rt->perm)))
		return 0;
	if (req->signed_in) {
		zf_app_audit(req->app, &req->actor, "http.denied", req->path, "denied", req->method);
		zf_answer_status(req, 403, ZF_EDENIED, "您的账号没有访问此页面的权限");
		return 1;
	}
	if (req->is_api) {
		zf_answer_header(req, "WWW-Authenticate", "Bearer");
		zf_answer_status(req, 401, ZF_EAUTH, "请先登录或提供有效的访问令牌");
		return 1;
	}
	zf_buf_init(&loc, 4 * ZF_PATH_MAX);
	zf_buf_puts(&loc, "/login");
	if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
		zf_buf_puts(&loc, "?next=");
		zf_buf_add_url(&loc, req->path);
	}
	if (loc.failed)
		zf_answer_status(req, 503, ZF_ENOMEM, NULL);
	else
		zf_resp_redirect(req, zf_buf_cstr(&loc));
	zf_buf_free(&loc);
	return 1;
}

static int changes_state(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
	       strcmp(m, "DELETE") == 0;
}

/* A request that changes state on the strength of the session cookie must
 * carry the session's CSRF token: the form field "csrf" for pages, the
 * X-CSRF-Token header for the API. Returns 1 when an answer was set. */
static int csrf_check(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	const struct zf_route *rt = r->priv.match.route;
	const char *tok;
	size_t n = strlen(req->csrf);

	if (!r->priv.via_session || !changes_state(req->method) || (rt->flags & ZF_ROUTE_NO_CSRF))
		return 0;
	if (req->is_api || (rt->flags & ZF_ROUTE_STREAM)) {
		tok = zf_req_header(req, "X-CSRF-Token");
		/* A page's plain form cannot set a header: its streamed body
		 * carries the token in the action's query string instead. */
		if (!tok && !req->is_api)
			tok = zf_form_get(&r->priv.query, "csrf");
	} else {
		tok = zf_form_get(&r->priv.form, "csrf");
	}
	if (n && tok && strlen(tok) == n && zf_ct_equal(tok, req->csrf, n))
		return 0;
	zf_log(ZF_LOG_WARN, "%s %s: CSRF token missing or wrong for %s", req->method, req->path,
	       req->actor.login);
	zf_answer_status(req, 403, ZF_EDENIED, CSRF_MSG);
	return 1;
}

static int is_json(const char *ctype)
{
	size_t n = strlen("application/json");
	return ctype && !strncasecmp(ctype, "application/json", n) &&
	       (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* A state-changing request that says where it comes from (browsers send
 * Origin with every POST) must come from this site: no other site can post
 * a form here, not even the login form. Returns 1 when an answer was set. */
static int origin_check(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	const char *origin = zf_req_header(req, "Origin"), *host = zf_req_header(req, "Host");
	if (!origin || !changes_state(req->method))
		return 0;
	const char *o = strstr(origin, "://");
	if (o && host && !strcasecmp(o + 3, host))
		return 0;
	zf_log(ZF_LOG_WARN, "%s %s: request from another origin refused", req->method, req->path);
	zf_answer_status(req, 403, ZF_EDENIED, "请求来源不正确，请从本站页面提交");
	return 1;
}

/* The final call: the whole body is here. */
static void finish(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	struct zf_req_priv *p = &r->priv;
	struct zf_err err;
	int rc;

	zf_err_clear(&err);
	if (p->body.failed) {
		zf_answer_status(req, 503, ZF_ENOMEM, NULL);
		return;
	}
	/* Who asks and whether they may, before the body is looked at: a role
	 * without the permission gets 403 whatever it sent. */
	if (identify(r) || authorize(r) || origin_check(r))
		return;
	if (p->body.len && req->is_api && !is_json(zf_req_header(req, "Content-Type"))) {
		zf_answer_status(req, 415, ZF_EINVAL, "请求体应为 JSON，请使用 Content-Type: application/json");
		return;
	}
	if (p->body.len && !req->is_api && is_form(zf_req_header(req, "Content-Type"))) {
		rc = zf_form_parse(req->arena, p->body.data, p->body.len, p->body_limit, &p->form, &err);
		if (rc) {
			zf_answer_status(req, rc == ZF_ENOMEM ? 503 : 400, rc, err.msg);
			return;
		}
	}
	if (csrf_check(r))
		return;
	rc = p->match.route->fn(req);
	if (!p->answered && rc) {
		/* The handler failed without saying how: the code picks the status. */
		zf_err_set(&err, rc, "%s", "");
		if (zf_http_status(rc) < 500)
			zf_log(ZF_LOG_WARN, "%s %s: handler returned %d without an answer",
			       req->method, req->path, rc);
		zf_resp_error(req, &err);
	}
}

/* ------------------------------------------------------------------ */
/* Streamed bodies                                                     */
/* ------------------------------------------------------------------ */

/* A streamed route's start, right after the headers: who asks, whether they
 * may, origin and CSRF, then the route's begin. An answer set here is a
 * refusal sent before the body is read. */
static void stream_start(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	struct zf_req_priv *p = &r->priv;
	struct zf_err err;
	int rc;

	p->stream = p->match.route->stream;
	if (!p->stream || !p->stream->begin || !p->stream->data || !p->stream->end) {
		zf_log(ZF_LOG_ERROR, "%s %s: streamed route without callbacks", req->method,
		       p->log_path);
		zf_answer_status(req, 500, ZF_ERROR, NULL);
		return;
	}
	if (identify(r) || authorize(r) || origin_check(r) || csrf_check(r))
		return;
	rc = p->stream->begin(req, &p->stream_state);
	if (!rc && !p->answered) {
		p->stream_begun = 1;
		return;
	}
	/* Refused: end frees whatever state begin left. */
	if (p->stream_state) {
		p->stream_begun = 1;
		p->stream_ended = 1;
		p->stream->end(req, p->stream_state, 1);
	}
	if (!p->answered) {
		zf_err_clear(&err);
		zf_err_set(&err, rc, "%s", "");
		zf_resp_error(req, &err);
	}
}

/* Stops the route's reading mid-body: end(aborted) now, the rest drained. */
static void stream_stop(struct zf_request *r)
{
	struct zf_req_priv *p = &r->priv;
	p->stream_stop = 1;
	if (p->stream_begun && !p->stream_ended) {
		p->stream_ended = 1;
		p->stream->end(&r->req, p->stream_state, 1);
	}
}

/* One piece of a streamed body. */
static enum MHD_Result stream_data(struct zf_request *r, const char *data, size_t n)
{
	struct zf_req_priv *p = &r->priv;

	if (atomic_load(&p->srv->stopping)) {
		/* Shutting down: hang up now rather than keep the drain waiting. */
		stream_stop(r);
		return MHD_NO;
	}
	if (!p->stream_stop && (uint64_t)n > (uint64_t)p->body_limit - p->streamed) {
		p->too_big = 1;
		stream_stop(r);
	}
	if (p->stream_stop) {
		p->drained += n;
		return p->drained > DRAIN_MAX ? MHD_NO : MHD_YES;
	}
	p->streamed += n;
	if (p->stream->data(&r->req, p->stream_state, data, n))
		stream_stop(r);
	return MHD_YES;
}

/* The whole streamed body arrived: the route's end answers. */
static void stream_finish(struct zf_request *r)
{
	struct zf_req *req = &r->req;
	struct zf_req_priv *p = &r->priv;
	struct zf_err err;
	int rc = 0;

	if (p->too_big) {
		p->close = 1;
		zf_answer_status(req, 413, ZF_ETOOBIG, NULL);
		return;
	}
	if (!p->stream_ended) {
		p->stream_ended = 1;
		rc = p->stream->end(req, p->stream_state, 0);
	}
	if (!p->answered) {
		zf_err_clear(&err);
		zf_err_set(&err, rc ? rc : ZF_ERROR, "%s", "");
		zf_resp_error(req, &err);
	}
}

enum MHD_Result zf_request_handle(struct zf_request *r, struct MHD_Connection *c,
				  const char *method, const char *upload, size_t *upload_size)
{
	struct zf_req_priv *p = &r->priv;

	p->conn = c;
	if (!p->started) {
		p->started = 1;
		begin(r, method);
		if (!p->answered && p->match.route && (p->match.route->flags & ZF_ROUTE_STREAM))
			stream_start(r);
		/* MHD closes the connection after an answer queued on this first
		 * call, which is what a refusal with a body still unread needs (the
		 * body can never be taken for the next request). Without a body the
		 * answer waits for the final call, so keep-alive goes on. */
		if (!p->answered || !p->body_pending)
			return MHD_YES;
		p->close = 1;
		return queue(r);
	}
	if (p->stream_begun) {
		/* MHD cannot answer mid-body: an answer set by the route waits. */
		if (*upload_size) {
			size_t n = *upload_size;
			*upload_size = 0;
			return stream_data(r, upload, n);
		}
		stream_finish(r);
		return queue(r);
	}
	if (p->answered && !p->queued)
		return queue(r);
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (!p->too_big && n > p->body_limit - p->body.len)
			p->too_big = 1;
		if (p->too_big) {
			/* Read a little more so the client may see the 413, then hang up. */
			p->drained += n;
			return p->drained > DRAIN_MAX ? MHD_NO : MHD_YES;
		}
		zf_buf_add(&p->body, upload, n);
		return MHD_YES;
	}
	if (p->too_big) {
		p->close = 1;
		zf_answer_status(&r->req, 413, ZF_ETOOBIG, NULL);
	} else {
		finish(r);
	}
	return queue(r);
}
