/* Internal to web/: the server context, the private half of a request, and its lifecycle. */
#ifndef ZF_WEB_REQUEST_H
#define ZF_WEB_REQUEST_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "util/buf.h"
#include "web/form.h"
#include "web/http.h"
#include "web/page_cache.h"
#include "web/router.h"
#include "web/tmpl.h"

#define ZF_PATH_MAX 2048          /* bytes of the raw request path */
#define ZF_QUERY_VALUE_MAX 8192   /* bytes of one decoded query-string value */
#define ZF_JSON_MAX_DEPTH 32      /* nesting of arrays/objects in a JSON body */
#define ZF_PAGE_MAX ((size_t)8 << 20) /* bytes of one rendered page */
#define ZF_REQ_ARENA ((size_t)32 << 20)

/* A trusted reverse proxy address, in network byte order (IPv4 in 4 bytes). */
struct zf_proxy {
	int family;
	unsigned char addr[16];
};

/* What every request of one running server shares; read-only while serving
 * except the counters. */
struct zf_server {
	struct zf_app *app;
	const struct zf_route *routes;
	size_t nroutes;
	struct zf_tmpl_set *tmpls;
	struct zf_proxy *proxies;
	int nproxies;
	atomic_int active;   /* requests begun and not yet completed */
	atomic_int stopping; /* 1 once shutdown began: answers close their connection */
	struct zf_page_cache *pages; /* kept public pages; NULL = none kept */
};

/* One header to add to the answer. */
struct zf_resp_hdr {
	struct zf_resp_hdr *next;
	const char *name, *value;
};

struct zf_req_priv {
	struct zf_server *srv;
	struct MHD_Connection *conn;
	const char *raw_uri;     /* as received, for splitting path and query */
	const char *log_path;    /* printable path for the access log */
	int64_t t0_us;           /* monotonic start time */
	int started;             /* the first access-handler call happened */
	int via_session;         /* signed in by the session cookie */
	struct zf_form query, form, cookies;
	int cookies_parsed;
	struct zf_buf body;      /* the request body, limited to the route's body_limit */
	size_t body_limit;       /* the route's */
	int body_pending;        /* a body was announced (Content-Length > 0 or chunked) */
	int too_big;             /* a chunked body passed the limit: drained, then 413 */
	size_t drained;
	struct zf_match match;
	/* A streamed body (ZF_ROUTE_STREAM): the route's callbacks and state. */
	const struct zf_stream_ops *stream;
	void *stream_state;
	int stream_begun;        /* begin succeeded: end is owed */
	int stream_ended;        /* end was called */
	int stream_stop;         /* data or a limit stopped reading: the rest is drained */
	uint64_t streamed;       /* body bytes handed to data */
	json_t *json;            /* parsed body, owned by the request */
	/* The answer, queued when the handler returns. */
	int answered, status;
	const char *ctype;
	char *rbody;             /* malloc'd (or static when rstatic) */
	size_t rlen;
	int rstatic;
	int rfd;                 /* a file answer: its descriptor (-1 when none), owned */
	uint64_t roff, rflen;    /* and the bytes of it sent */
	const char *cache;       /* Cache-Control; NULL = no-store */
	struct zf_resp_hdr *hdrs, *hdrs_tail;
	int close;               /* ask the client to close the connection */
	int queued;
	/* The page cache (web/page_cache.h): an anonymous GET's key and the
	 * generation read before the handler ran; the entry answering it; the
	 * seconds the handler allowed to keep it (zf_resp_keep, 0 = not). */
	const char *cache_key;
	int64_t cache_gen;
	struct zf_page *hit;
	int keep;
};

/* A request: the public part handlers see and the private rest. */
struct zf_request {
	struct zf_req req;
	struct zf_req_priv priv;
};

/* request.c: the lifecycle driven by the MHD callbacks in server.c. */

/* Starts a request for URI (the raw request target) on C; NULL when out of
 * memory. Freed by zf_request_done. */
struct zf_request *zf_request_new(struct zf_server *srv, const char *uri,
				  struct MHD_Connection *c);

/* The access handler for R: checks and routes on the first call, collects the
 * body, and runs the handler on the final call, queueing its answer. */
enum MHD_Result zf_request_handle(struct zf_request *r, struct MHD_Connection *c,
				  const char *method, const char *upload, size_t *upload_size);

/* Logs the access line and frees R (NULL is a no-op). TOE is MHD's
 * termination code. */
void zf_request_done(struct zf_request *r, enum MHD_RequestTerminationCode toe);

/* Parses an IPv4 or IPv6 address (brackets allowed) into OUT; IPv4-mapped
 * IPv6 addresses become IPv4. 0 or ZF_EINVAL. */
int zf_addr_parse(const char *s, struct zf_proxy *out);

/* page_serve.c: the page cache (web/page_cache.h) in a request's life. */

/* Before the handler of R, a GET or HEAD of a ZF_ROUTE_KEEP route without a
 * session cookie or credentials: sets its cache key and generation, and answers it from a
 * kept page when one is current (held in R until queued or done). */
void zf_pages_lookup(struct zf_request *r);

/* Queues the answer of R's kept page, or 304 when If-None-Match names its
 * ETag, and gives the page back. */
enum MHD_Result zf_pages_queue_hit(struct zf_request *r);

/* Queues RESP, R's fresh answer (headers complete), and keeps it when the
 * handler allowed it (zf_resp_keep): then it carries an ETag, and a request
 * naming that ETag gets 304. Takes over the caller's reference to RESP. */
enum MHD_Result zf_pages_queue(struct zf_request *r, struct MHD_Response *resp);

/* http.c: answers shared with request.c. */

/* Sets the answer of REQ unless one is set already (the first answer wins).
 * BODY is malloc'd and owned by the request from now on, or static data
 * when IS_STATIC. Returns 0, or ZF_ENOMEM after freeing BODY when a previous
 * answer exists (the body is discarded). */
int zf_answer(struct zf_req *req, int status, const char *ctype, char *body, size_t len,
	      int is_static);

/* Answers an error with an explicit STATUS (for 400/404/405/413 chosen by
 * the HTTP layer itself): JSON for the API, the error page otherwise. MSG is
 * the Chinese message shown. */
int zf_answer_status(struct zf_req *req, int status, int code, const char *msg);

/* Sets a file answer (zf_resp_file): LEN bytes of FD from OFF; FD is owned
 * by the request from now on (closed when refused as a second answer). */
int zf_answer_fd(struct zf_req *req, int status, const char *ctype, int fd, uint64_t off,
		 uint64_t len);

/* Adds the response header NAME: VALUE (copied) without validation. */
int zf_answer_header(struct zf_req *req, const char *name, const char *value);

/* 1 when a header NAME (case-insensitive) was set for the answer. */
int zf_answer_has_header(const struct zf_req *req, const char *name);

#endif
