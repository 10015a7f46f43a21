/* zhifa serve: the portal, workbench and API over HTTP. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/ledger.h"
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

/* Starts FN(ARG) in *T with SIGTERM/SIGINT blocked, so that only the
 * server's sigwait receives them. */
static int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static int maintainer_start(struct maintainer *m, struct zf_app *app)
{
	m->app = app;
	m->stop = 0;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	return thread_start(&m->thread, maintain_loop, m);
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

#define SEQ_REPORT_EVERY 60 /* seconds between repeats of the same log failure */
#define SEQ_OPEN_EVERY 5    /* seconds between attempts to open the signer */
#define SEQ_DRAIN_STEPS 40  /* batches integrated at most while stopping */

/* The record-log sequencer thread: a step every ZF_LOG_PERIOD_MS (at once
 * after a full batch) until told to stop, then what is still pending. A
 * failure (a refusal to sign, a missing key) is logged when it changes and
 * once a minute while it lasts; the server keeps serving. */
struct sequencer {
	struct zf_app *app;
	struct zf_ledger *lg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	char last[sizeof(((struct zf_err *)0)->msg)];
	time_t last_at, open_at;
};

/* Logs ERR unless it is the failure last logged less than a minute ago. */
static void sequencer_report(struct sequencer *q, const struct zf_err *err)
{
	time_t now = time(NULL);
	if (strcmp(q->last, err->msg) == 0 && now - q->last_at < SEQ_REPORT_EVERY)
		return;
	zf_log(ZF_LOG_ERROR, "record log: %s", err->msg);
	zf_strlcpy(q->last, err->msg, sizeof(q->last));
	q->last_at = now;
}

/* One round: opens the signer if needed, runs a step; *N gets the entries
 * integrated. */
static void sequencer_round(struct sequencer *q, int *n)
{
	struct zf_err err = {0};
	time_t now = time(NULL);
	*n = 0;
	if (!q->lg) {
		if (now - q->open_at < SEQ_OPEN_EVERY)
			return;
		q->open_at = now;
		if (zf_app_log_open(&q->lg, q->app, &err)) {
			sequencer_report(q, &err);
			return;
		}
	}
	if (zf_app_log_step(q->lg, n, &err)) {
		sequencer_report(q, &err);
	} else if (q->last[0]) {
		zf_log(ZF_LOG_INFO, "record log: signing again");
		q->last[0] = '\0';
	}
}

static void *sequence_loop(void *arg)
{
	struct sequencer *q = arg;
	int n = 0;
	pthread_mutex_lock(&q->mu);
	while (!q->stop) {
		struct timespec until;
		pthread_mutex_unlock(&q->mu);
		sequencer_round(q, &n);
		clock_gettime(CLOCK_REALTIME, &until);
		if (n < ZF_LOG_BATCH) {
			until.tv_nsec += (long)ZF_LOG_PERIOD_MS * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
		}
		pthread_mutex_lock(&q->mu);
		while (!q->stop && pthread_cond_timedwait(&q->cv, &q->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&q->mu);
	/* The requests have ended: integrate and sign what they left. */
	for (int i = 0; i < SEQ_DRAIN_STEPS && q->lg; i++) {
		sequencer_round(q, &n);
		if (n < ZF_LOG_BATCH)
			break;
	}
	return NULL;
}

static int sequencer_start(struct sequencer *q, struct zf_app *app)
{
	memset(q, 0, sizeof(*q));
	q->app = app;
	q->open_at = time(NULL) - SEQ_OPEN_EVERY;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	return thread_start(&q->thread, sequence_loop, q);
}

static void sequencer_stop(struct sequencer *q)
{
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	zf_app_log_close(q->lg);
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
	struct sequencer q;
	if (maintainer_start(&m, app)) {
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动维护线程");
		return zf_cli_fail(&err);
	}
	if (sequencer_start(&q, app)) {
		maintainer_stop(&m);
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动记录日志线程");
		return zf_cli_fail(&err);
	}
	char shown[512];
	zf_db_url_redact(db, shown, sizeof(shown));
	zf_log(ZF_LOG_INFO, "zhifa serving %s on http://%s", shown, so.listen);
	rc = zf_server_run(app, &so, &err);
	sequencer_stop(&q);
	maintainer_stop(&m);
	zf_app_close(app);
	if (rc)
		return zf_cli_fail(&err);
	zf_log(ZF_LOG_INFO, "zhifa stopped");
	return ZF_EXIT_OK;
}
