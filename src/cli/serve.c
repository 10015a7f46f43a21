/* zhifa serve: the portal, workbench and API over HTTP. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/blobs.h"
#include "app/evidence.h"
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
	       "Production runs it on loopback behind nginx (TLS, caching).\n"
	       "It also runs the record log's sequencer: every 250 ms, pending entries\n"
	       "(also those written by the command line or another server on the same\n"
	       "database) join the tree and a checkpoint is signed with DIR/log.key and\n"
	       "kept in DIR/checkpoint; served under /log/.\n\n"
	       "  --listen HOST:PORT     default 127.0.0.1:8080\n"
	       "  --connections N        concurrent connections, each with its own thread\n"
	       "                         (default 256), so a slow request never stalls others\n"
	       "  --pool N               database connections (default 16)\n"
	       "  --trusted-proxy LIST   comma-separated proxy addresses whose\n"
	       "                         X-Forwarded-For/-Proto are believed\n"
	       "  --session-idle SEC     idle time-out of sessions (default 1800)\n"
	       "  --upload-max-gib N     size limit of an upload without a tighter type\n"
	       "                         (body-camera video; default 16, at least 8)\n"
	       "  --upload-expire-days N unattached uploads expire after N days (default 7)\n"
	       "  --page-cache-mib N     memory for rendered public pages kept between\n"
	       "                         requests until a publication changes (default 64,\n"
	       "                         0 = render every request)\n"
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

/* A background thread of the server: runs ROUND(CTX) until told to stop,
 * waiting after each round the milliseconds the round returns. */
struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	long (*round)(void *ctx);
	void *ctx;
};

static void *worker_loop(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		struct timespec until;
		pthread_mutex_unlock(&w->mu);
		long ms = w->round(w->ctx);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += ms / 1000;
		until.tv_nsec += (ms % 1000) * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&w->mu);
		while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Starts W with SIGTERM/SIGINT blocked, so that only the server's sigwait
 * receives them. */
static int worker_start(struct worker *w, long (*round)(void *), void *ctx)
{
	sigset_t stop, old;
	w->stop = 0;
	w->round = round;
	w->ctx = ctx;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	int rc = pthread_create(&w->thread, NULL, worker_loop, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Stops W after its current round. */
static void worker_stop(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
}

#define MAINTAIN_EVERY_MS (3600 * 1000L) /* between housekeeping runs */

/* The housekeeping round: zf_app_maintain at start, then hourly and just
 * after each midnight in Shanghai, so publications whose period ends leave
 * the portal as their end date begins. */
static long maintain_round(void *ctx)
{
	struct zf_app *app = ctx;
	struct zf_err err = {0};
	if (zf_app_maintain(app, &err))
		zf_log(ZF_LOG_WARN, "housekeeping failed: %s", err.msg);
	if (app->clock.fixed)
		return MAINTAIN_EVERY_MS; /* a clock that stands still has no next midnight */
	long midnight = (long)zf_clock_to_midnight(&app->clock) * 1000L + 1000L;
	return midnight < MAINTAIN_EVERY_MS ? midnight : MAINTAIN_EVERY_MS;
}

#define PREVIEW_POLL_MS 5000L /* between looks for a pending evidence preview */

/* The preview round: makes one pending browser preview (ffmpeg, bounded
 * by a timeout proportional to the file's duration), at once again after
 * one was made, otherwise after PREVIEW_POLL_MS. */
static long preview_round(void *ctx)
{
	struct zf_err err = {0};
	int done = 0;
	if (zf_app_evidence_preview_next(ctx, &done, &err)) {
		zf_log(ZF_LOG_WARN, "evidence preview failed: %s", err.msg);
		return PREVIEW_POLL_MS;
	}
	return done ? 0 : PREVIEW_POLL_MS;
}

#define SEQ_REPORT_EVERY 60 /* seconds between repeats of the same log failure */
#define SEQ_OPEN_EVERY 5    /* seconds between attempts to open the signer */
#define SEQ_DRAIN_STEPS 40  /* batches integrated at most while stopping */

/* The record-log sequencer: a step every ZF_LOG_PERIOD_MS (at once after a
 * full batch); once the server has stopped, what is still pending. A
 * failure (a refusal to sign, a missing key) is logged when it changes and
 * once a minute while it lasts; the server keeps serving. */
struct sequencer {
	struct zf_app *app;
	struct zf_ledger *lg;
	struct worker w;
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

/* Opens the signer if needed and runs a step; returns the entries integrated. */
static int sequencer_step(struct sequencer *q)
{
	struct zf_err err = {0};
	time_t now = time(NULL);
	int n = 0;
	if (!q->lg) {
		if (now - q->open_at < SEQ_OPEN_EVERY)
			return 0;
		q->open_at = now;
		if (zf_app_log_open(&q->lg, q->app, &err)) {
			sequencer_report(q, &err);
			return 0;
		}
	}
	if (zf_app_log_step(q->lg, &n, &err)) {
		sequencer_report(q, &err);
	} else if (q->last[0]) {
		zf_log(ZF_LOG_INFO, "record log: signing again");
		q->last[0] = '\0';
	}
	return n;
}

static long sequencer_round(void *ctx)
{
	return sequencer_step(ctx) < ZF_LOG_BATCH ? ZF_LOG_PERIOD_MS : 0;
}

static int sequencer_start(struct sequencer *q, struct zf_app *app)
{
	memset(q, 0, sizeof(*q));
	q->app = app;
	q->open_at = time(NULL) - SEQ_OPEN_EVERY;
	return worker_start(&q->w, sequencer_round, q);
}

/* Stops the sequencer, then integrates and signs what the ended requests left. */
static void sequencer_stop(struct sequencer *q)
{
	worker_stop(&q->w);
	for (int i = 0; i < SEQ_DRAIN_STEPS && q->lg; i++)
		if (sequencer_step(q) < ZF_LOG_BATCH)
			break;
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
		{"upload-max-gib", required_argument, 0, 'G'},
		{"upload-expire-days", required_argument, 0, 'E'},
		{"page-cache-mib", required_argument, 0, 'C'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db = NULL, *data = NULL, *public_url = NULL;
	struct zf_server_opts so = {.listen = "127.0.0.1:8080", .max_connections = 256, .timeout = 30,
				    .page_cache_mib = -1};
	int64_t pool = 16, conns = 256, idle = 0, now = 0, max_gib = 0, expire_days = 0, cache_mib = -1;
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
		case 'G':
			if (zf_str_to_i64(optarg, 8, 4096, &max_gib))
				return zf_cli_usage("serve", "--upload-max-gib must be 8..4096");
			break;
		case 'E':
			if (zf_str_to_i64(optarg, 1, 365, &expire_days))
				return zf_cli_usage("serve", "--upload-expire-days must be 1..365");
			break;
		case 'C':
			if (zf_str_to_i64(optarg, 0, 65536, &cache_mib))
				return zf_cli_usage("serve", "--page-cache-mib must be 0..65536");
			break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("serve", "unknown option");
		}
	}
	if (!db)
		return zf_cli_usage("serve", "--db is required");
	so.max_connections = (int)conns;
	so.page_cache_mib = (int)cache_mib;
	char *dir = zf_cli_data_dir(db, data, &err);
	if (!dir)
		return zf_cli_fail(&err);
	rc = zf_app_open(&app, db, dir, (int)pool, &err);
	free(dir);
	if (!rc && (rc = zf_app_blobs_bind(app, &err))) /* the shared blob folder, or refuse */
		zf_app_close(app);
	if (rc)
		return zf_cli_fail(&err);
	if (idle)
		app->settings.session_idle = idle;
	app->clock.fixed = now;
	app->settings.public_url = public_url;
	if (max_gib)
		app->settings.upload_max_gib = max_gib;
	if (expire_days)
		app->settings.upload_expire_days = (int)expire_days;
	struct worker m, pv;
	struct sequencer q;
	if (worker_start(&m, maintain_round, app)) {
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动维护线程");
		return zf_cli_fail(&err);
	}
	if (sequencer_start(&q, app)) {
		worker_stop(&m);
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动记录日志线程");
		return zf_cli_fail(&err);
	}
	if (worker_start(&pv, preview_round, app)) {
		sequencer_stop(&q);
		worker_stop(&m);
		zf_app_close(app);
		zf_err_set(&err, ZF_ERROR, "无法启动预览线程");
		return zf_cli_fail(&err);
	}
	char shown[512];
	zf_db_url_redact(db, shown, sizeof(shown));
	zf_log(ZF_LOG_INFO, "zhifa serving %s on http://%s", shown, so.listen);
	rc = zf_server_run(app, &so, &err);
	worker_stop(&pv);
	sequencer_stop(&q);
	worker_stop(&m);
	zf_app_close(app);
	if (rc)
		return zf_cli_fail(&err);
	zf_log(ZF_LOG_INFO, "zhifa stopped");
	return ZF_EXIT_OK;
}
