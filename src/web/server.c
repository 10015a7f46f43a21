/* The HTTP server: a libmicrohttpd daemon, thread per connection, stopped cleanly on SIGTERM/SIGINT. */
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/str.h"
#include "web/request.h"
#include "web/routes.h"
#include "web/server.h"

#define DEFAULT_MAX_CONN 256
#define DEFAULT_TIMEOUT 30
#define DEFAULT_PAGE_CACHE_MIB 64
#define CONN_MEMORY ((size_t)64 * 1024) /* request line + headers + read buffer per connection */
#define DRAIN_MS 10000                  /* how long shutdown waits for requests in flight */

/* Parses "HOST:PORT" or "[V6]:PORT" into SS. A bracketed host is IPv6; other
 * hosts (names included, "localhost") resolve to IPv4 only, so a name never
 * silently binds somewhere unexpected. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen, int *v6,
			int *port, struct zf_err *err)
{
	char host[256];
	const char *colon;
	size_t hlen;
	int64_t p;
	struct addrinfo hints, *res = NULL;
	int rc;

	*v6 = 0;
	if (!s || !*s)
		goto bad;
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');
		if (!rb || rb[1] != ':')
			goto bad;
		hlen = (size_t)(rb - s - 1);
		if (hlen >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, hlen);
		colon = rb + 1;
		*v6 = 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || memchr(s, ':', (size_t)(colon - s)))
			goto bad;
		hlen = (size_t)(colon - s);
		if (hlen >= sizeof(host))
			goto bad;
		memcpy(host, s, hlen);
	}
	host[hlen] = '\0';
	if (!hlen || zf_str_to_i64(colon + 1, 0, 65535, &p))
		goto bad;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = *v6 ? AF_INET6 : AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) || !res)
		return zf_err_set(err, ZF_EINVAL, "无法解析监听地址 %s：%s", s, gai_strerror(rc));
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	*port = (int)p;
	freeaddrinfo(res);
	return 0;
bad:
	return zf_err_set(err, ZF_EINVAL, "监听地址 %s 无效，应为 主机:端口 或 [IPv6地址]:端口",
			  s ? s : "");
}

static int parse_proxies(struct zf_server *srv, const char *list, struct zf_err *err)
{
	char *copy = NULL, *save = NULL;
	int n = 1, rc = 0;

	if (!list || zf_str_blank(list))
		return 0;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	if (!(srv->proxies = calloc((size_t)n, sizeof(*srv->proxies))) || !(copy = strdup(list))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok = zf_str_trim(tok);
		if (!*tok)
			continue;
		if (zf_addr_parse(tok, &srv->proxies[srv->nproxies])) {
			rc = zf_err_set(err, ZF_EINVAL, "可信代理地址 %s 无效，应为 IP 地址", tok);
			goto out;
		}
		srv->nproxies++;
	}
out:
	free(copy);
	return rc;
}

/* MHD callbacks: each receives the server context as CLS. */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	return zf_request_new(cls, uri, c);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
				 const char *method, const char *version, const char *upload,
				 size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	if (!*con_cls) {
		/* Out of memory when the request began: refuse it and hang up. */
		static const char msg[] = "服务暂时不可用，请稍后再试\n";
		struct MHD_Response *resp = MHD_create_response_from_buffer(
			sizeof(msg) - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
		enum MHD_Result rc;
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
		MHD_add_response_header(resp, "Connection", "close");
		rc = MHD_queue_response(c, 503, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	return zf_request_handle(*con_cls, c, method, upload, upload_size);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	zf_request_done(*con_cls, toe);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\r\n")] = '\0';
	zf_log(ZF_LOG_WARN, "http: %s", line);
}

/* Waits until no request is in flight or DRAIN_MS passed. */
static void drain(struct zf_server *srv)
{
	struct timespec step = {0, 20 * 1000 * 1000};
	for (int waited = 0; atomic_load(&srv->active) > 0 && waited < DRAIN_MS; waited += 20)
		nanosleep(&step, NULL);
	if (atomic_load(&srv->active) > 0)
		zf_log(ZF_LOG_WARN, "stopping with %d requests still in flight",
		       atomic_load(&srv->active));
}

int zf_server_run(struct zf_app *app, const struct zf_server_opts *opts, struct zf_err *err)
{
	struct zf_server srv;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct MHD_Daemon *d = NULL;
	sigset_t stop, old;
	int v6 = 0, port = 0, sig = 0, rc, masked = 0;
	unsigned maxc, timeout;
	MHD_socket lsock;

	memset(&srv, 0, sizeof(srv));
	atomic_init(&srv.active, 0);
	atomic_init(&srv.stopping, 0);
	srv.app = app;
	srv.routes = zf_routes;
	srv.nroutes = zf_nroutes;
	maxc = opts->max_connections > 0 ? (unsigned)opts->max_connections : DEFAULT_MAX_CONN;
	timeout = opts->timeout > 0 ? (unsigned)opts->timeout : DEFAULT_TIMEOUT;
	if ((rc = parse_listen(opts->listen, &ss, &sslen, &v6, &port, err)))
		goto out;
	if ((rc = parse_proxies(&srv, opts->trusted_proxies, err)))
		goto out;
	if (!(srv.tmpls = zf_tmpl_set_new())) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	if ((rc = zf_tmpl_set_load_embedded(srv.tmpls, err)))
		goto out;
	if (opts->page_cache_mib &&
	    !(srv.pages = zf_page_cache_new((size_t)(opts->page_cache_mib < 0 ? DEFAULT_PAGE_CACHE_MIB
									   : opts->page_cache_mib) << 20,
						1))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}

	/* Block the stop signals before MHD starts its threads, which inherit
	 * the mask: then only sigwait below receives them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &stop, &old)) {
		rc = zf_err_set(err, ZF_ERROR, "无法设置信号屏蔽");
		goto out;
	}
	masked = 1;
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_ERROR_LOG | MHD_USE_ITC | (v6 ? MHD_USE_DUAL_STACK : 0),
			     (uint16_t)port, NULL, NULL, on_access, &srv,
			     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_CONNECTION_LIMIT, maxc,
			     MHD_OPTION_CONNECTION_TIMEOUT, timeout,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY,
			     MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
			     MHD_OPTION_NOTIFY_COMPLETED, on_done, &srv,
			     MHD_OPTION_STRICT_FOR_CLIENT, 1,
			     MHD_OPTION_END);
	if (!d) {
		rc = zf_err_set(err, ZF_ERROR, "无法在 %s 上启动服务（端口可能已被占用或没有权限）",
				opts->listen);
		goto out;
	}
	{
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		zf_log(ZF_LOG_INFO, "listening on %s (port %u, %u connections, %us timeout)",
		       opts->listen, di ? (unsigned)di->port : (unsigned)port, maxc, timeout);
	}
	while (sigwait(&stop, &sig) != 0)
		;
	zf_log(ZF_LOG_INFO, "signal %d: stopping", sig);
	atomic_store(&srv.stopping, 1);
	lsock = MHD_quiesce_daemon(d);
	drain(&srv);
	MHD_stop_daemon(d);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	zf_log(ZF_LOG_INFO, "stopped");
	rc = 0;
out:
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	zf_tmpl_set_free(srv.tmpls);
	zf_page_cache_free(srv.pages);
	free(srv.proxies);
	return rc;
}
