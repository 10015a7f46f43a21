/* The page cache in the request's life: the lookup before the handler, the answer from a kept page (or 304), and keeping a fresh answer the handler allowed. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/publication.h"
#include "core/role.h"
#include "util/crypto.h"
#include "web/request.h"

#define VARY "Cookie, Authorization"

/* 1 when the If-None-Match header of R names ETAG (or is "*"), compared
 * weakly as RFC 9110 §13.1.2 asks: a W/ prefix does not count. */
static int not_modified(struct zf_request *r, const char *etag)
{
	const char *inm = zf_req_header(&r->req, "If-None-Match"), *p;
	size_t n = strlen(etag);
	if (!inm || !n)
		return 0;
	for (p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *start = p, *end;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			start = p += 2;
		if (*p != '"' || !(end = strchr(p + 1, '"')))
			return 0; /* not a list of entity tags */
		p = end + 1;
		if ((size_t)(p - start) == n && !memcmp(start, etag, n))
			return 1;
	}
	return 0;
}

/* 1 when HOST (a Host header) is a plain host name or address with an
 * optional port: only such requests are looked up or kept, so no two
 * different requests can share a key. */
static int host_ok(const char *host)
{
	size_t n = strlen(host);
	if (n > 255)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return 0;
	}
	return 1;
}

/* An empty 304 carrying ETAG and the validators' companions; NULL when out of memory. */
static struct MHD_Response *answer_304(const char *etag, const char *cache_control)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Vary", VARY);
	if (cache_control)
		MHD_add_response_header(resp, "Cache-Control", cache_control);
	return resp;
}

void zf_pages_lookup(struct zf_request *r)
{
	struct zf_req_priv *p = &r->priv;
	struct zf_req *req = &r->req;
	const char *host;

	if (!p->srv->pages || p->answered || !p->match.route ||
	    !(p->match.route->flags & ZF_ROUTE_KEEP) || p->match.route->perm != ZF_PERM_PUBLIC ||
	    (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) || p->body_pending ||
	    zf_req_cookie(req, "zf_session") || zf_req_header(req, "Authorization") ||
	    atomic_load(&p->srv->stopping))
		return;
	/* Other cookies (a site's analytics, a load balancer's) change nothing
	 * in a page for someone who is not signed in: only the session counts,
	 * exactly as identify() in request.c sees it. */
	/* The host and scheme are part of the key: pages carry absolute URLs.
	 * A newline cannot occur in any part. */
	host = zf_req_header(req, "Host");
	if (!host_ok(host ? host : ""))
		return;
	p->cache_key = zf_arena_printf(req->arena, "%s\n%s\n%s", req->secure ? "https" : "http",
				       host ? host : "", p->raw_uri);
	if (!p->cache_key || zf_app_pub_generation(req->app, &p->cache_gen)) {
		p->cache_key = NULL; /* nothing is reused or kept without the generation */
		return;
	}
	p->hit = zf_page_cache_get(p->srv->pages, p->cache_key, p->cache_gen, (int64_t)time(NULL));
	if (p->hit) {
		size_t len;
		const char *etag;
		unsigned status;
		zf_page_response(p->hit, &status, &len, &etag);
		p->answered = 1;
		p->status = (int)status;
	}
}

enum MHD_Result zf_pages_queue_hit(struct zf_request *r)
{
	struct zf_req_priv *p = &r->priv;
	struct MHD_Response *resp, *mine = NULL;
	const char *etag;
	unsigned status;
	size_t len;
	enum MHD_Result rc;

	resp = zf_page_response(p->hit, &status, &len, &etag);
	if (not_modified(r, etag)) {
		if (!(mine = answer_304(etag, MHD_get_response_header(resp, "Cache-Control"))))
			return MHD_NO;
		resp = mine;
		status = 304;
		len = 0;
	}
	p->queued = 1;
	p->status = (int)status;
	p->rlen = len;
	rc = MHD_queue_response(p->conn, status, resp);
	if (mine)
		MHD_destroy_response(mine);
	/* MHD holds the response now: the entry may go. */
	zf_page_cache_release(p->srv->pages, p->hit);
	p->hit = NULL;
	return rc;
}

/* 1 when R's fresh answer may be kept: the handler allowed it (a file
 * answer never is: queue() clears KEEP), a 200 from memory for an anonymous
 * request that sets no cookie, while the server is not stopping. */
static int keepable(struct zf_request *r)
{
	struct zf_req_priv *p = &r->priv;
	return p->keep && p->cache_key && p->status == 200 && !r->req.signed_in &&
	       !zf_answer_has_header(&r->req, "Set-Cookie") && p->rlen <= ZF_PAGE_CACHE_ENTRY_MAX &&
	       !atomic_load(&p->srv->stopping);
}

enum MHD_Result zf_pages_queue(struct zf_request *r, struct MHD_Response *resp)
{
	struct zf_req_priv *p = &r->priv;
	struct MHD_Response *out = resp, *mine = NULL;
	char etag[96];
	const char *set;
	unsigned status = (unsigned)p->status;
	size_t len = p->rlen;
	enum MHD_Result rc;
	int keep = keepable(r);

	etag[0] = '\0';
	if (keep) {
		if ((set = MHD_get_response_header(resp, "ETag"))) {
			if (strlen(set) >= sizeof(etag))
				keep = 0; /* a handler's ETag too long to keep whole */
			else
				snprintf(etag, sizeof(etag), "%s", set);
		} else {
			unsigned char d[32];
			char hex[65];
			zf_sha256(p->rbody ? p->rbody : "", p->rlen, d);
			zf_hex(d, 16, hex);
			snprintf(etag, sizeof(etag), "\"%s\"", hex);
			MHD_add_response_header(resp, "ETag", etag);
		}
		if (keep && not_modified(r, etag) &&
		    (mine = answer_304(etag, MHD_get_response_header(resp, "Cache-Control")))) {
			out = mine;
			status = 304;
			p->rlen = 0;
			p->status = 304;
		}
	}
	rc = MHD_queue_response(p->conn, status, out);
	if (mine)
		MHD_destroy_response(mine);
	if (keep)
		/* The cache takes this reference over (MHD holds its own). */
		zf_page_cache_put(p->srv->pages, p->cache_key, p->cache_gen, (int64_t)time(NULL),
				  p->keep, 200, len, etag, resp);
	else
		MHD_destroy_response(resp);
	return rc;
}
