/* The HTTP server: libmicrohttpd, thread per connection, limits, routing, sessions. */
#ifndef ZF_WEB_SERVER_H
#define ZF_WEB_SERVER_H
#include "app/app.h"
#include "util/err.h"

struct zf_server_opts {
	const char *listen;        /* "HOST:PORT" */
	int max_connections;       /* default 256: each gets its own thread */
	int timeout;               /* idle connection timeout in seconds (default 30) */
	const char *trusted_proxies; /* comma-separated addresses whose X-Forwarded-For / -Proto we trust */
	int page_cache_mib;        /* memory for kept public pages (web/page_cache.h):
	                            * 0 = none kept, negative = the default 64 */
};

/* Serves APP on OPTS until SIGTERM or SIGINT; then stops accepting, finishes
 * requests in flight and returns 0. Errors to start (bad address, port in
 * use) return ZF_ERROR with a message in ERR. */
int zf_server_run(struct zf_app *app, const struct zf_server_opts *opts, struct zf_err *err);

#endif
