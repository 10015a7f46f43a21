/* zhifa serve: the portal, workbench and API over HTTP. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/maintain.h"
#include "cli/cli.h"
#include "util/log.h"
#include "util/str.h"
#include "web/server.h"

static void help(void)
{
	printf("usage: zhifa serve --db PATH [--data DIR] [--listen HOST:PORT] [options]\n\n"
	       "Serves the public portal, the workbench and the API until SIGTERM/SIGINT.\n"
	       "Production runs it on loopback behind nginx (TLS, caching).\n\n"
	       "  --listen HOST:PORT     default 127.0.0.1:8080\n"
	       "  --connections N        concurrent connections, each with its own thread\n"
	       "                         (default 256), so a slow request never stalls others\n"
	       "  --pool N               database connections (default 16)\n"
	       "  --trusted-proxy LIST   comma-separated proxy addresses whose\n"
	       "                         X-Forwarded-For/-Proto are believed\n"
	       "  --session-idle SEC     idle time-out of sessions (default 1800)\n"
	       "  --public-url URL       the portal's public address, for QR codes\n"
	       "                         (default: from the request's Host header)\n"
	       "  --now RFC3339          fix the clock (tests only), e.g. 2026-03-05T08:00:00Z\n");
}

static int parse_now(const char *s, int64_t *out)
{
	struct zf_date d;
	char day[11];
	int hh, mm, ss;
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (zf_date_parse(day, &d) || sscanf(s + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3 ||
	    hh > 23 || mm > 59 || ss > 59)
		return -1;
	*out = zf_date_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

#define MAINTAIN_EVERY 3600 /* seconds between housekeeping runs */

/* The housekeeping thread: runs zf_app_maintain at start and then hourly
 * until told to stop. */
struct maintainer {
	struct zf_app *app;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
};

static void *maintain_loop(void *arg)
{
	struct maintainer *m = arg;
	pthread_mutex_lock(&m->mu);
	while (!m->stop) {
		struct zf_err err = {0};
		struct timespec until;
		pthread_mutex_unlock(&m->mu);
		if (zf_app_maintain(m->app, &err))
			zf_log(ZF_LOG_WARN, "housekeeping failed: %s", err.msg);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MAINTAIN_EVERY;
		pthread_mutex_lock(&m->mu);
		while (!m->stop && pthread_cond_timedwait(&m->cv, &m->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* Starts the thread with SIGTERM/SIGINT blocked, so that only the server's
 * sigwait receives them. */
static int maintainer_start(struct maintainer *m, struct zf_app *app)
{
	sigset_t stop, old;
	m->app = app;
	m->stop = 0;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	int rc = pthread_create(&m->thread, NULL, maintain_loop, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void maintainer_stop(struct maintainer *m)
{
	pthread_mutex_lock(&m->mu);
	m->stop = 1;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
}

int zf_cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"listen", required_argument, 0, 'l'}, {"connections", required_argument, 0, 'c'},
		{"pool", required_argument, 0, 'p'}, {"trusted-proxy", required_argument, 0, 't'},
		{"session-idle", required_argument, 0, 's'}, {"now", required_argument, 0, 'n'},
		{"public-url", required_argument, 0, 'u'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db = NULL, *data = NULL, *public_url = NULL;
	struct zf_server_opts so = {.listen = "127.0.0.1:8080", .max_connections = 256, .timeout = 30};
	int64_t pool = 16, conns = 256, idle = 0, now = 0;
	int c, rc;
	struct zf_err err = {0};
	struct zf_app *app = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'l': so.listen = optarg; break;
		case 'c':
			if (zf_str_to_i64(optarg, 1, 10000, &conns))
				return zf_cli_usage("serve", "--connections must be 1..10000");
			break;
		case 'p':
			if (zf_str_to_i64(optarg, 1, 512, &pool))
				return zf_cli_usage("serve", "--pool must be 1..512");
			break;
		case 't': so.trusted_proxies = optarg; break;
		case 'u':
			if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
				return zf_cli_usage("serve", "--public-url must start with http:// or https://");
			public_url = optarg;
			break;
		case 's':
			if (zf_str_to_i64(optarg, 60, 86400, &idle))
				return zf_cli_usage("serve", "--session-idle must be 60..86400");
			break;
		case 'n':
			if (parse_now(optarg, &now))
				return zf_cli_usage("serve", "--now must look like 2026-03-05T08:00:00Z");
			break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("serve", "unknown option");
		}
	}
	if (!db)
		return zf_cli_usage("serve", "--db is required");
	so.max_connections = (int)conns;
	char *dir = zf_cli_data_dir(db, data, &err);
	if (!dir)
		return zf_cli_fail(&err);
	rc = zf_app_open(&app, db, dir, (int)pool, &err);
	free(dir);
	if (rc)
		return zf_cli_fail(&err);
	if (idle)
		app->settings.session_idle = idle;
	app->clock.fixed = now;
	app->settings.public_url = public_url;
	struct maintainer m;
	if (maintainer_start(&m, app)) {
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动维护线程");
		return zf_cli_fail(&err);
	}
	char shown[512];
	zf_db_url_redact(db, shown, sizeof(shown));
	zf_log(ZF_LOG_INFO, "zhifa serving %s on http://%s", shown, so.listen);
	rc = zf_server_run(app, &so, &err);
	maintainer_stop(&m);
	zf_app_close(app);
	if (rc)
		return zf_cli_fail(&err);
	zf_log(ZF_LOG_INFO, "zhifa stopped");
	return ZF_EXIT_OK;
}
