/* Integration test of two zhifa servers on one database: interleaved writes from several threads lose and duplicate nothing; sessions and throttling span both servers. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "store/db.h"

/* Writers: each sends POSTS creations, alternating between the two servers.
 * Every SHARE_EVERY-th request of a writer carries a number that its partner
 * writer (the other of its pair) sends at the same step to the other server:
 * exactly one of the two may be created. */
#define WRITERS 8
#define POSTS 140
#define SHARE_EVERY 8
/* Updaters: each reads the version of one officer and sends a PUT with it,
 * UPDATES times, alternating between the servers, racing the other updater. */
#define UPDATERS 2
#define UPDATES 80
/* The demo officer the updaters change. */
#define TARGET_ID 2

struct fx {
	struct demo d;          /* first: the tests' state points at it */
	struct srv b;           /* the second server on the same database */
	char token[128];        /* API token of registrar1 */
};

/* One POST's outcome. */
struct post {
	char cert[32];
	int shared;             /* the partner writer sends the same number */
	long status;
	long id;                /* from a 201 answer, else 0 */
	long version;           /* from a 201 answer */
};

struct writer {
	struct fx *f;
	int no;
	struct post posts[POSTS];
	char failure[256];      /* a transport or format failure, "" when none */
};

struct updater {
	struct fx *f;
	int no;
	int ok, conflict;       /* PUT answers 200 and 409 */
	long statuses[UPDATES]; /* each PUT's status */
	char failure[256];
};

static struct srv *server(struct fx *f, int which)
{
	return which % 2 ? &f->b : &f->d.s;
}

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (srv_start_twin(&f->b, &d->s, NULL)) {
		fprintf(stderr, "the second server did not start (see %s)\n", f->b.log);
		return -1;
	}
	if (make_token(&d->s, "registrar1", f->token, sizeof(f->token))) {
		fprintf(stderr, "zhifa token add failed\n");
		return -1;
	}
	return 0;
}

static void teardown(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (f->b.pid > 0)
		srv_stop(&f->b);
}

/* The number writer NO sends at step I: shared numbers are named by the pair. */
static void cert_of(int no, int i, char *out, size_t n, int *shared)
{
	*shared = i % SHARE_EVERY == SHARE_EVERY - 1;
	if (*shared)
		snprintf(out, n, "CC-S%d-%03d", no / 2, i);
	else
		snprintf(out, n, "CC-U%d-%03d", no, i);
}

static void *write_officers(void *arg)
{
	struct writer *w = arg;
	struct client cl[2];
	client_init(&cl[0], server(w->f, 0));
	client_init(&cl[1], server(w->f, 1));
	for (int i = 0; i < POSTS && !w->failure[0]; i++) {
		struct post *p = &w->posts[i];
		struct resp r;
		char body[512];
		cert_of(w->no, i, p->cert, sizeof(p->cert), &p->shared);
		snprintf(body, sizeof(body),
			 "{\"body_id\":1,\"name\":\"并发测试\",\"cert_no\":\"%s\",\"issuer\":\"陵川县人民政府\","
			 "\"domains\":\"旅游市场\",\"valid_from\":\"2025-01-01\",\"valid_to\":\"2035-12-31\"}",
			 p->cert);
		/* Partners start on different servers, so a shared number goes to both. */
		if (client_json(&cl[(w->no + i) % 2], "POST", "/api/v1/officers", body, w->f->token, NULL,
				&r)) {
			snprintf(w->failure, sizeof(w->failure), "POST %s: no answer", p->cert);
		} else {
			p->status = r.status;
			json_t *j = r.status == 201 ? resp_json(&r) : NULL;
			if (j) {
				p->id = (long)json_integer_value(json_object_get(j, "id"));
				p->version = (long)json_integer_value(json_object_get(j, "version"));
				const char *c = json_string_value(json_object_get(j, "cert_no"));
				if (!c || strcmp(c, p->cert))
					snprintf(w->failure, sizeof(w->failure), "POST %s answered %s",
						 p->cert, c ? c : "no cert_no");
				json_decref(j);
			} else if (r.status == 201) {
				snprintf(w->failure, sizeof(w->failure), "POST %s: 201 without JSON", p->cert);
			}
		}
		resp_free(&r);
	}
	client_free(&cl[0]);
	client_free(&cl[1]);
	return NULL;
}

static void *update_officer(void *arg)
{
	struct updater *u = arg;
	struct client cl[2];
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/officers/%d", TARGET_ID);
	client_init(&cl[0], server(u->f, 0));
	client_init(&cl[1], server(u->f, 1));
	for (int i = 0; i < UPDATES && !u->failure[0]; i++) {
		struct client *c = &cl[(u->no + i) % 2];
		struct resp r;
		char body[160];
		json_t *j = NULL;
		/* Read the version on one server... */
		if (client_json(c, "GET", path, NULL, u->f->token, NULL, &r) || r.status != 200 ||
		    !(j = resp_json(&r)) || !json_is_integer(json_object_get(j, "version"))) {
			snprintf(u->failure, sizeof(u->failure), "GET %s: %ld %.120s", path, r.status,
				 r.body ? r.body : "");
			json_decref(j);
			resp_free(&r);
			break;
		}
		long v = (long)json_integer_value(json_object_get(j, "version"));
		json_decref(j);
		resp_free(&r);
		/* ...and write it back through the other. */
		c = &cl[(u->no + i + 1) % 2];
		snprintf(body, sizeof(body), "{\"version\":%ld,\"domains\":\"并发修改%d-%d\"}", v, u->no, i);
		if (client_json(c, "PUT", path, body, u->f->token, NULL, &r)) {
			snprintf(u->failure, sizeof(u->failure), "PUT %s: no answer", path);
		} else {
			u->statuses[i] = r.status;
			u->ok += r.status == 200;
			u->conflict += r.status == 409;
		}
		resp_free(&r);
	}
	client_free(&cl[0]);
	client_free(&cl[1]);
	return NULL;
}

/* Counts rows of officer with ID and CERT on DB: 1 when the creation is there. */
static long officer_rows(struct zf_db *db, long id, const char *cert)
{
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	int64_t n = -1;
	if (zf_db_prepare(db, &st, "SELECT count(*) FROM officer WHERE id = ? AND cert_no = ?", &err) ||
	    zf_stmt_bind_i64(st, 1, id) || zf_stmt_bind_text(st, 2, cert) ||
	    zf_stmt_one_i64(st, &n, &err))
		fail_msg("officer %ld: %s", id, err.msg);
	return (long)n;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* More than 1,000 creations and 160 versioned updates, all at once on both
 * servers: nothing lost, nothing duplicated, no update lost. */
static void test_interleaved_writes(void **state)
{
	struct fx *f = *state;
	static struct writer w[WRITERS];
	static struct updater u[UPDATERS];
	pthread_t wt[WRITERS], ut[UPDATERS];
	long before = scalar(&f->d, "SELECT count(*) FROM officer");
	long version0 = scalar(&f->d, "SELECT version FROM officer WHERE id = 2");
	long changes0 = scalar(&f->d, "SELECT count(*) FROM history WHERE entity = 'officer' AND "
				      "entity_id = 2");
	long long t0 = now_ms();

	memset(w, 0, sizeof(w));
	memset(u, 0, sizeof(u));
	for (int i = 0; i < WRITERS; i++) {
		w[i].f = f;
		w[i].no = i;
		assert_int_equal(pthread_create(&wt[i], NULL, write_officers, &w[i]), 0);
	}
	for (int i = 0; i < UPDATERS; i++) {
		u[i].f = f;
		u[i].no = i;
		assert_int_equal(pthread_create(&ut[i], NULL, update_officer, &u[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(wt[i], NULL);
	for (int i = 0; i < UPDATERS; i++)
		pthread_join(ut[i], NULL);
	long long ms = now_ms() - t0;

	/* Every request had an answer of the expected kind. */
	long created = 0, ids[WRITERS * POSTS];
	for (int i = 0; i < WRITERS; i++) {
		if (w[i].failure[0])
			fail_msg("writer %d: %s", i, w[i].failure);
		for (int k = 0; k < POSTS; k++) {
			struct post *p = &w[i].posts[k];
			if (p->status == 201) {
				assert_true(p->id > 0);
				assert_int_equal(p->version, 1);
				ids[created++] = p->id;
			} else if (!(p->shared && p->status == 409)) {
				fail_msg("POST %s to server %c: %ld", p->cert, (i + k) % 2 ? 'B' : 'A',
					 p->status);
			}
		}
	}
	/* Of each shared number exactly one creation succeeded. */
	for (int i = 0; i < WRITERS; i += 2)
		for (int k = SHARE_EVERY - 1; k < POSTS; k += SHARE_EVERY) {
			int wins = (w[i].posts[k].status == 201) + (w[i + 1].posts[k].status == 201);
			if (wins != 1)
				fail_msg("%s: created %d times", w[i].posts[k].cert, wins);
		}
	/* Each writer's own numbers, and each pair's shared numbers once. */
	assert_int_equal(created, WRITERS * (POSTS - POSTS / SHARE_EVERY) +
					  WRITERS / 2 * (POSTS / SHARE_EVERY));
	assert_true(created >= 1000);
	/* The ids handed out are unique. */
	qsort(ids, (size_t)created, sizeof(ids[0]), cmp_long);
	for (long i = 1; i < created; i++)
		if (ids[i] == ids[i - 1])
			fail_msg("id %ld given to two creations", ids[i]);

	/* The database holds each created officer exactly once, and nothing else. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), before + created);
	assert_int_equal(scalar(&f->d, "SELECT count(DISTINCT cert_no) FROM officer"), before + created);
	assert_int_equal(scalar(&f->d, "SELECT count(DISTINCT id) FROM officer"), before + created);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer WHERE cert_no LIKE 'CC-%'"), created);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM history WHERE entity = 'officer' AND "
				      "action = 'officer_create' AND entity_id > 30"), created);
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	if (zf_db_open(&db, f->d.s.db, 0, &err))
		fail_msg("%s", err.msg);
	for (int i = 0; i < WRITERS; i++)
		for (int k = 0; k < POSTS; k++) {
			struct post *p = &w[i].posts[k];
			if (p->status == 201 && officer_rows(db, p->id, p->cert) != 1) {
				zf_db_close(db);
				fail_msg("officer %ld (%s) answered 201 but is not stored once", p->id,
					 p->cert);
			}
		}
	zf_db_close(db);

	/* Updates: each either applied or refused as stale, none lost. */
	int ok = 0, conflict = 0;
	for (int i = 0; i < UPDATERS; i++) {
		if (u[i].failure[0])
			fail_msg("updater %d: %s", i, u[i].failure);
		for (int k = 0; k < UPDATES; k++)
			if (u[i].statuses[k] != 200 && u[i].statuses[k] != 409)
				fail_msg("PUT %d of updater %d: %ld", k, i, u[i].statuses[k]);
		ok += u[i].ok;
		conflict += u[i].conflict;
	}
	assert_int_equal(ok + conflict, UPDATERS * UPDATES);
	assert_true(ok >= UPDATES); /* at least one updater's PUT wins each round */
	assert_int_equal(scalar(&f->d, "SELECT version FROM officer WHERE id = 2"), version0 + ok);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM history WHERE entity = 'officer' AND "
				      "entity_id = 2"), changes0 + ok);
	/* Both servers answer the same final version. */
	for (int s = 0; s < 2; s++) {
		struct client cl;
		struct resp r;
		client_init(&cl, server(f, s));
		assert_int_equal(client_json(&cl, "GET", "/api/v1/officers/2", NULL, f->token, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		json_t *j = resp_json(&r);
		assert_non_null(j);
		assert_int_equal(json_integer_value(json_object_get(j, "version")), version0 + ok);
		json_decref(j);
		resp_free(&r);
		client_free(&cl);
	}
	printf("# %s: %ld creations and %d updates (%d refused as stale) on two servers in %lld ms\n",
	       harness_dialect(), created, ok, conflict, ms);
}

/* A session begun on server A is valid on server B, and ending it on B ends it on A. */
static void test_session_across_servers(void **state)
{
	struct fx *f = *state;
	struct client *cl = &f->d.cl;
	struct resp r;
	assert_int_equal(client_login(cl, "officer1", "demo", NULL), 303);
	cl->s = &f->b;
	demo_get(&f->d, "/workbench", 200, &r, "您好，officer1", NULL);
	resp_free(&r);
	/* A form of B with the session's CSRF token, learned from B's page. */
	assert_int_equal(client_post_form(cl, "/logout", 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	cl->s = &f->d.s;
	assert_int_equal(client_get(cl, "/workbench", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	cl->s = &f->b;
	assert_int_equal(client_get(cl, "/workbench", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	cl->s = &f->d.s;
}

/* Five wrong passwords, split across the servers, lock the account on both. */
static void test_throttle_across_servers(void **state)
{
	struct fx *f = *state;
	struct resp r;
	for (int i = 0; i < 5; i++) {
		struct client cl;
		client_init(&cl, server(f, i));
		assert_int_equal(client_post_form(&cl, "/login", 1, &r, "login", "officer2", "password",
						  "wrong-password", "totp", "", NULL), 0);
		assert_int_equal(r.status, 401);
		resp_free(&r);
		client_free(&cl);
	}
	for (int s = 0; s < 2; s++) {
		struct client cl;
		client_init(&cl, server(f, s));
		assert_int_equal(client_post_form(&cl, "/login", 1, &r, "login", "officer2", "password",
						  "demo", "totp", "", NULL), 0);
		if (r.status != 429)
			fail_msg("server %c let officer2 try again: %ld", s ? 'B' : 'A', r.status);
		resp_free(&r);
		/* Another account is not locked. */
		assert_int_equal(client_login(&cl, "leader1", "demo", NULL), 303);
		client_free(&cl);
	}
}

/* The second server stops cleanly; the first keeps serving the data. */
static void test_second_server_stops(void **state)
{
	struct fx *f = *state;
	assert_int_equal(srv_stop(&f->b), 0);
	demo_get(&f->d, "/api/v1/officers/2", 200, NULL, "\"cert_no\"", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved_writes),
		cmocka_unit_test(test_session_across_servers),
		cmocka_unit_test(test_throttle_across_servers),
		cmocka_unit_test(test_second_server_stops),
	};
	static struct fx f = {.d = {.setup = setup, .teardown = teardown}};
	return demo_run_tests(tests, &f.d);
}
