/* Integration test of document and case numbers under load: two servers on one database, many threads opening and filing cases at once, numbers of each body, year and type run 1..N with no repeat and no gap, and refusals take none. */
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

/* The clock of both servers: Monday 11 May 2026, 09:00 in Beijing. */
#define DAY1 "2026-05-11"
#define NOW1 "2026-05-11T01:00:00Z"
#define YEAR 2026
/* Some summary decisions are dated in the year before (per-year sequences). */
#define DAY0 "2025-12-30"

#define SIG "{\"strokes\":[[10,12,40,44,90,30]],\"w\":320,\"h\":160}"
#define PERSON                                                                              \
	"{\"kind\":\"person\",\"name\":\"李小山\",\"id_type\":\"id_card\","                    \
	"\"id_number\":\"140524198001010012\",\"address\":\"陵川县六泉乡\",\"phone\":\"13900000002\"}"
#define ORG                                                                                 \
	"{\"kind\":\"org\",\"name\":\"陵川县云岭旅游开发有限公司\",\"uscc\":\"91140524MA0K12345C\"," \
	"\"legal_rep\":\"张云岭\",\"address\":\"陵川县示范区锡崖沟1号\",\"phone\":\"13800000001\"}"
#define DOMAINS "生态环境、旅游市场、城乡规划建设、市容环境卫生、文化市场"

/* Threads: THREADS / 2 on each server; threads T and T ^ 1 (a pair) serve
 * different servers. Each thread opens SOURCES ordinary cases (phase 1);
 * then both threads of a pair file every case the pair opened, at the same
 * version, on their two servers: exactly one filing of each case may win
 * (phase 2). A thread also opens SUMMARIES summary cases in phase 1 and one
 * after every second filing in phase 2, every third of them with a fine over
 * the summary limit (refused), every fourth dated DAY0 (the year before);
 * threads 2, 3, 6 and 7 open theirs for the market regulator (body 3), so
 * that two bodies and two years each have their own sequence. */
#define THREADS 8
#define SOURCES 16
#define SUMMARIES 24
#define PAIR_CASES (2 * SOURCES)
#define NO_SUCH_VIOLATION 999999

struct fx {
	struct demo d;           /* first: the tests' state points at it */
	struct srv b;            /* the second server on the same database */
	char officer[2][128];    /* API tokens of officer1 and officer2 */
	char market[128];        /* market1: an officer of body 3 */
	char leader[128];        /* leader1: files cases */
	char reg[128];           /* registrar1: fixes the demo officers' dates */
	long of1, of2;           /* officer ids of officer1 and officer2 */
	long vt;                 /* a violation type of body 1 (for filing) */
	long small_vt;           /* a violation type a summary fine fits */
	long small_fine;         /* that fine, 分: at most 100 yuan, inside its range */
	long market_body;        /* body 3's id, the market regulator */
	long mo1, mo2;           /* two of its officers, market1's first */
	long market_vt;          /* a violation type of body 3 made by the test */
};

/* One thread's work and the answers it had. */
struct worker {
	struct fx *f;
	int no;
	pthread_barrier_t *barrier;
	long source_id[SOURCES];      /* phase 1: the ordinary cases it opened */
	long source_version[SOURCES];
	long filed[PAIR_CASES];       /* phase 2: 201 of the valid filing of the pair's case K */
	long summary_ok, summary_refused;
	long summary_of[2][2];        /* accepted summaries by [body 3?][year before?] */
	long bad_filings;             /* filings with a foreign violation type, all refused */
	char last[240];               /* the body of the last answer */
	char failure[400];            /* an unexpected answer, "" when none */
};

static struct srv *server(struct fx *f, int which)
{
	return which % 2 ? &f->b : &f->d.s;
}

/* Sends METHOD PATH BODY (may be NULL) as TOKEN on CL; returns the status,
 * -1 without an answer. The answer's body goes to LAST (N bytes) and, when
 * OUT is not NULL, its JSON to *OUT (NULL when not JSON; decref). */
static long request(struct client *cl, const char *method, const char *path, const char *token,
		    const char *body, char *last, size_t n, json_t **out)
{
	struct resp r = {0};
	long status = -1;
	if (out)
		*out = NULL;
	if (client_json(cl, method, path, body, token, NULL, &r)) {
		snprintf(last, n, "(no answer)");
	} else {
		status = r.status;
		snprintf(last, n, "%s", r.body ? r.body : "");
		if (out)
			*out = resp_json(&r);
	}
	resp_free(&r);
	return status;
}

/* The JSON answer (decref) to METHOD PATH BODY sent as TOKEN with the test's
 * session, which must have STATUS. */
static json_t *answer(struct fx *f, const char *method, const char *path, const char *token,
		      const char *body, long status)
{
	char last[400];
	json_t *j = NULL;
	long st = request(&f->d.cl, method, path, token, body, last, sizeof(last), &j);
	if (st != status || !j)
		fail_msg("%s %s: %ld, wanted %ld with JSON: %s", method, path, st, status, last);
	return j;
}

/* The integer KEY of object O, 0 when it has none. */
static long ival(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static void teardown(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (f->b.pid > 0)
		srv_stop(&f->b);
}

/* The officer id of certificate CERT, its certificate made valid on DAY1
 * (the demo's dates follow the day the database was made). */
static long officer_ready(struct fx *f, const char *cert)
{
	char path[96];
	long id = db_scalar_args(&f->d.s, "SELECT id FROM officer WHERE cert_no = ?", cert, NULL);
	if (id <= 0)
		fail_msg("no officer with certificate %s", cert);
	snprintf(path, sizeof(path), "/api/v1/officers/%ld", id);
	json_decref(answer(f, "PUT", path, f->reg,
			"{\"valid_from\":\"2024-01-01\",\"valid_to\":\"2030-12-31\",\"domains\":\"" DOMAINS
			"\"}", 200));
	return id;
}

/* A violation type of body 1, and one whose range holds a fine of at most
 * 100 yuan (for the summary procedure). */
static void pick_violations(struct fx *f)
{
	json_t *j = answer(f, "GET", "/api/v1/violation-types", f->officer[0], NULL, 200), *v;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, v) {
		json_t *max = json_object_get(v, "fine_max_fen");
		long fine = ival(v, "fine_min_fen") > 5000 ? ival(v, "fine_min_fen") : 5000;
		if (!f->vt)
			f->vt = ival(v, "id");
		if (f->small_vt || fine > 10000 || (json_is_integer(max) && json_integer_value(max) < fine))
			continue;
		f->small_vt = ival(v, "id");
		f->small_fine = fine;
	}
	json_decref(j);
	if (f->vt <= 0 || f->small_vt <= 0)
		fail_msg("the demo lacks violation types for body 1, or one for a fine of at most 100 yuan");
}

/* Notes an unexpected answer STATUS (-1: none) to WHAT in W (the first one only). */
static void worker_fail(struct worker *w, const char *what, long status)
{
	if (!w->failure[0])
		snprintf(w->failure, sizeof(w->failure), "thread %d, %s: %ld %s", w->no, what, status,
			 w->last);
}

/* POSTs BODY to PATH as TOKEN on CL for W (the answer's body in W->last);
 * the status, or -1 without an answer (noted as a failure). A 201's JSON
 * goes to *OUT when OUT is not NULL (decref). */
static long post(struct client *cl, const char *path, const char *token, const char *body,
		 struct worker *w, const char *what, json_t **out)
{
	json_t *j = NULL;
	long status = request(cl, "POST", path, token, body, w->last, sizeof(w->last), out ? &j : NULL);
	if (status == -1 || (out && status == 201 && !j))
		worker_fail(w, what, status);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* Opens summary case I of W on CL: a valid one (201) or, every third, one
 * fined over the summary limit (422). */
static void summary_open(struct worker *w, struct client *cl, int i)
{
	struct fx *f = w->f;
	char body[2048], fine[32], what[64];
	int over = i % 3 == 2, market = w->no / 2 % 2, before = i % 4 == 1;
	if (over)
		snprintf(fine, sizeof(fine), "300");
	else
		snprintf(fine, sizeof(fine), "%ld.%02ld", f->small_fine / 100, f->small_fine % 100);
	snprintf(body, sizeof(body),
		 "{\"procedure\":\"penalty_summary\",\"parties\":[" PERSON "],\"values\":{"
		 "\"date\":\"%s\",\"started_at\":\"%sT10:00\",\"place\":\"锡崖沟景区入口\","
		 "\"officers\":[%ld,%ld],\"title\":\"并发编号%d-%d\",\"violation_type\":%ld,"
		 "\"facts_certain\":true,\"facts\":\"当事人在景区内违规经营。\",\"basis\":\"处罚依据。\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"%s\",\"informed\":true,\"statement\":\"无异议。\","
		 "\"av_exception\":\"设备故障\",\"party_signature\":" SIG "}}",
		 before ? DAY0 : DAY1, before ? DAY0 : DAY1, market ? f->mo1 : f->of1,
		 market ? f->mo2 : f->of2, w->no, i, market ? f->market_vt : f->small_vt, fine);
	snprintf(what, sizeof(what), "summary %d%s%s%s", i, market ? " of body 3" : "",
		 before ? " dated " DAY0 : "", over ? " (over the limit)" : "");
	long st = post(cl, "/api/v1/cases", market ? f->market : f->officer[w->no % 2], body, w,
		       what, NULL);
	if (st == (over ? 422 : 201)) {
		*(over ? &w->summary_refused : &w->summary_ok) += 1;
		w->summary_of[market][before] += !over;
	} else if (st != -1) {
		worker_fail(w, what, st);
	}
}

/* Phase 1: opens W's ordinary cases (the source step) between summary cases. */
static void phase_open(struct worker *w, struct client *cl)
{
	char body[2048], what[48];
	for (int i = 0; i < SOURCES + SUMMARIES && !w->failure[0]; i++) {
		if (i % 2 || i / 2 >= SOURCES) {
			summary_open(w, cl, i);
			continue;
		}
		int k = i / 2;
		json_t *j = NULL;
		snprintf(body, sizeof(body),
			 "{\"procedure\":\"penalty_ordinary\",\"parties\":[" ORG "],\"values\":{"
			 "\"date\":\"" DAY1 "\",\"source_type\":\"inspection\",\"found_on\":\"" DAY1 "\","
			 "\"title\":\"并发立案%d-%d\",\"clue\":\"日常巡查发现。\"}}", w->no, k);
		snprintf(what, sizeof(what), "source %d", k);
		long st = post(cl, "/api/v1/cases", w->f->officer[w->no % 2], body, w, what, &j);
		if (st == 201) {
			w->source_id[k] = ival(j, "id");
			w->source_version[k] = ival(json_object_get(j, "case"), "version");
			if (w->source_id[k] <= 0 || w->source_version[k] <= 0)
				worker_fail(w, "source without id or version", st);
		} else if (st != -1) {
			worker_fail(w, what, st);
		}
		json_decref(j);
	}
}

/* Phase 2: files every case of W's pair (its own and its partner's, each at
 * the version it was opened with), racing the partner on the other server
 * (which goes through them the other way round); every other filing is
 * first sent with a violation type of no body, refused after the case
 * number was drawn. A summary case after every second filing. */
static void phase_file(struct worker *w, struct worker *pair[2], struct client *cl)
{
	char path[96], body[1024], what[80];
	const char *fmt = "{\"version\":%ld,\"values\":{\"date\":\"" DAY1 "\",\"violation_type\":%ld,"
			  "\"act_date\":\"2026-05-01\",\"grounds\":\"有初步证据证明存在违法行为。\","
			  "\"opinion\":\"同意立案。\"}}";
	for (int c = 0; c < PAIR_CASES && !w->failure[0]; c++) {
		int idx = w->no % 2 ? PAIR_CASES - 1 - c : c;
		const struct worker *o = pair[idx / SOURCES];
		long id = o->source_id[idx % SOURCES], version = o->source_version[idx % SOURCES];
		long st;
		snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/filing", id);
		if (idx % 2) {
			snprintf(body, sizeof(body), fmt, version, (long)NO_SUCH_VIOLATION);
			snprintf(what, sizeof(what), "filing case %ld with a foreign violation type", id);
			st = post(cl, path, w->f->leader, body, w, what, NULL);
			/* Refused by the engine once the step was written and the case
			 * number drawn; 409 when the partner's filing came first. */
			if ((st == 422 && strstr(w->last, "所选违法行为不属于本执法主体")) || st == 409)
				w->bad_filings++;
			else if (st != -1)
				worker_fail(w, what, st);
		}
		snprintf(body, sizeof(body), fmt, version, w->f->vt);
		snprintf(what, sizeof(what), "filing case %ld", id);
		st = post(cl, path, w->f->leader, body, w, what, NULL);
		if (st == 201)
			w->filed[idx] = 1;
		else if (st != 409 && st != -1)
			worker_fail(w, what, st);
		if (c % 2)
			summary_open(w, cl, SOURCES + SUMMARIES + c);
	}
}

struct run {
	struct worker *w;
	struct worker *all;
};

static void *work(void *arg)
{
	struct run *r = arg;
	struct worker *w = r->w;
	struct worker *pair[2] = {&r->all[w->no & ~1], &r->all[w->no | 1]};
	struct client cl;
	client_init(&cl, server(w->f, w->no));
	phase_open(w, &cl);
	pthread_barrier_wait(w->barrier);
	if (!pair[0]->failure[0] && !pair[1]->failure[0])
		phase_file(w, pair, &cl);
	client_free(&cl);
	return NULL;
}

/* Asserts that the numbered documents of each (body, year, doc_type) carry
 * exactly 1..N, each once and written into their number, and that no
 * sequence has moved past the last number it gave. */
static void documents_numbered_once(struct fx *f)
{
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM (SELECT body_id, year, doc_type FROM case_document "
				"WHERE number <> '' GROUP BY body_id, year, doc_type HAVING count(*) <> max(seq) "
				"OR count(DISTINCT seq) <> count(*) OR min(seq) <> 1 "
				"OR count(DISTINCT number) <> count(*)) g"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM (SELECT number FROM case_document WHERE number <> '' "
				"GROUP BY number HAVING count(*) > 1) g"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_document WHERE number <> '' AND number NOT LIKE "
				"'%〔' || CAST(year AS TEXT) || '〕' || CAST(seq AS TEXT) || '号'"), 0);
	/* Unnumbered documents draw nothing; every sequence stands right after
	 * the last number it gave (a refusal that drew one would leave a gap). */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM case_document WHERE number = '' AND seq <> 0"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM doc_sequence s WHERE s.doc_type <> 'case' AND "
				"s.next <> 1 + (SELECT count(*) FROM case_document d WHERE d.body_id = s.body_id "
				"AND d.year = s.year AND d.doc_type = s.doc_type AND d.number <> '')"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM (SELECT body_id, year, doc_type FROM case_document "
				"WHERE number <> '' GROUP BY body_id, year, doc_type) g WHERE NOT EXISTS "
				"(SELECT 1 FROM doc_sequence s WHERE s.body_id = g.body_id AND s.year = g.year "
				"AND s.doc_type = g.doc_type)"), 0);
}

/* The year and sequence number of case number NO ("…〔2026〕12号"); 0 or -1. */
static int case_no_parse(const char *no, long *year, long *n)
{
	const char *open = strstr(no, "〔"), *close = strstr(no, "〕");
	char *end = NULL;
	if (!open || !close || close < open)
		return -1;
	*year = strtol(open + strlen("〔"), &end, 10);
	if (end != close)
		return -1;
	*n = strtol(close + strlen("〕"), &end, 10);
	return *n > 0 && !strcmp(end, "号") ? 0 : -1;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The case numbers of body 1 in YEAR, read from the database, checked to be
 * exactly 1..N; returns N. */
static long case_numbers_checked(struct fx *f)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	long ns[4096], count = 0, total = 0;
	int rc;
	if (zf_db_open(&db, f->d.s.db, 0, &err) ||
	    zf_db_prepare(db, &st, "SELECT case_no FROM cases WHERE body_id = 1 AND case_no <> ''", &err))
		fail_msg("%s", err.msg);
	while ((rc = zf_stmt_step(st, &err)) == ZF_DB_ROW) {
		const char *no = zf_stmt_text(st, 0);
		long year = 0, n = 0;
		total++;
		if (case_no_parse(no, &year, &n))
			fail_msg("case number %s is not of the default pattern", no);
		if (year == YEAR && count < (long)(sizeof(ns) / sizeof(ns[0])))
			ns[count++] = n;
	}
	zf_stmt_done(st);
	zf_db_close(db);
	if (rc != ZF_DB_DONE)
		fail_msg("reading case numbers: %s", err.msg);
	assert_true(total > 0);
	qsort(ns, (size_t)count, sizeof(ns[0]), cmp_long);
	for (long i = 0; i < count; i++)
		if (ns[i] != i + 1)
			fail_msg("case numbers of %d: %ld where %ld was due (repeated or skipped)", YEAR,
				 ns[i], i + 1);
	return count;
}

/* Not a cmocka setup: the first test, so that failures show as a test. The
 * second server, the tokens, two officers valid on DAY1, violation types. */
static void test_setup(void **state)
{
	struct fx *f = *state;
	static const char *const now[] = {"--now", NOW1, NULL};
	char *tokens[] = {f->officer[0], f->officer[1], f->leader, f->reg};
	static const char *const logins[] = {"officer1", "officer2", "leader1", "registrar1"};
	if (srv_start_twin(&f->b, &f->d.s, now))
		fail_msg("the second server did not start (see %s)", f->b.log);
	for (size_t i = 0; i < sizeof(logins) / sizeof(logins[0]); i++)
		if (make_token(&f->d.s, logins[i], tokens[i], sizeof(f->leader)))
			fail_msg("zhifa token add --login %s failed", logins[i]);
	f->of1 = officer_ready(f, "14052400101");
	f->of2 = officer_ready(f, "14052400102");
	pick_violations(f);
	/* The market regulator: an officer account, two officers, a violation
	 * type of its own without a fine range or domain. */
	f->market_body = scalar(&f->d, "SELECT id FROM body WHERE name = '陵川县市场监督管理局'");
	f->mo1 = officer_ready(f, "14052400125");
	f->mo2 = officer_ready(f, "14052400126");
	char id[24];
	snprintf(id, sizeof(id), "%ld", f->market_body);
	if (srv_cli(&f->d.s, "Market-Officer-2026\n", NULL,
		    (const char *const[]){"user", "add", "--login", "market1", "--role", "officer",
					  "--body", id, "--officer", "14052400125",
					  "--password-stdin", NULL}) ||
	    make_token(&f->d.s, "market1", f->market, sizeof(f->market)))
		fail_msg("could not add market1 and its token");
	assert_int_equal(db_exec_args(&f->d.s, "INSERT INTO violation_type (body_id, code, name, "
				      "created_at, updated_at) VALUES (CAST(? AS INTEGER), 'NUM-1', "
				      "'编号测试违法行为', 0, 0)", id, NULL), 0);
	f->market_vt = db_scalar_args(&f->d.s, "SELECT id FROM violation_type WHERE code = 'NUM-1' AND "
				      "body_id = CAST(? AS INTEGER)", id, NULL);
	assert_true(f->market_vt > 0);
}

/* The 当场行政处罚决定书 of body 1 (of body 3 when MARKET) dated in YEAR (the
 * year before when BEFORE): how many there are when NEXT is 0, else where
 * their sequence stands (1 when it has not begun). */
static long summaries(struct fx *f, int market, int before, int next)
{
	char body[24], year[8];
	snprintf(body, sizeof(body), "%ld", market ? f->market_body : 1L);
	snprintf(year, sizeof(year), "%d", before ? YEAR - 1 : YEAR);
	long n = db_scalar_args(&f->d.s, next ? "SELECT coalesce(max(next), 1) FROM doc_sequence WHERE "
						"doc_type = 'summary_decision' AND body_id = CAST(? AS INTEGER) "
						"AND year = CAST(? AS INTEGER)"
					      : "SELECT count(*) FROM case_document WHERE doc_type = "
						"'summary_decision' AND body_id = CAST(? AS INTEGER) AND year = "
						"CAST(? AS INTEGER) AND number <> ''",
				body, year, NULL);
	assert_true(n >= 0);
	return n;
}

/* Eight threads on two servers open summary cases (each issuing a numbered
 * 当场行政处罚决定书) and file ordinary cases (each drawing a 案号), two
 * filings of every case racing; refusals interleaved. Afterwards numbers of
 * each body, year and type run 1..N, N the accepted requests. */
static void test_numbers_under_load(void **state)
{
	struct fx *f = *state;
	static struct worker w[THREADS];
	static struct run runs[THREADS];
	pthread_t t[THREADS];
	pthread_barrier_t barrier;
	long cases0 = case_numbers_checked(f), base[2][2];
	for (int m = 0; m < 2; m++)
		for (int b = 0; b < 2; b++) {
			base[m][b] = summaries(f, m, b, 0);
			assert_int_equal(summaries(f, m, b, 1), base[m][b] + 1);
		}
	long long t0 = now_ms();

	assert_int_equal(pthread_barrier_init(&barrier, NULL, THREADS), 0);
	memset(w, 0, sizeof(w));
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.f = f, .no = i, .barrier = &barrier};
		runs[i] = (struct run){.w = &w[i], .all = w};
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, work, &runs[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	long long ms = now_ms() - t0;

	long summary_ok = 0, summary_refused = 0, filed = 0, bad = 0;
	for (int i = 0; i < THREADS; i++) {
		if (w[i].failure[0])
			fail_msg("%s", w[i].failure);
		summary_ok += w[i].summary_ok;
		summary_refused += w[i].summary_refused;
		bad += w[i].bad_filings;
	}
	/* Each case was filed exactly once, by one of the pair. */
	for (int p = 0; p < THREADS; p += 2)
		for (int k = 0; k < PAIR_CASES; k++) {
			long wins = w[p].filed[k] + w[p + 1].filed[k];
			if (wins != 1)
				fail_msg("case %ld filed %ld times", w[p + k / SOURCES].source_id[k % SOURCES],
					 wins);
			filed++;
		}
	assert_int_equal(filed, THREADS * SOURCES);
	assert_int_equal(summary_ok + summary_refused, THREADS * (SUMMARIES + PAIR_CASES / 2));
	assert_true(summary_refused >= THREADS * 3);
	assert_int_equal(bad, THREADS * SOURCES);

	/* Numbers: 1..N for every group; the new ones are the accepted requests. */
	documents_numbered_once(f);
	for (int m = 0; m < 2; m++)
		for (int b = 0; b < 2; b++) {
			long accepted = 0;
			for (int i = 0; i < THREADS; i++)
				accepted += w[i].summary_of[m][b];
			assert_true(accepted > 0);
			assert_int_equal(summaries(f, m, b, 0), base[m][b] + accepted);
			assert_int_equal(summaries(f, m, b, 1), base[m][b] + accepted + 1);
		}
	long cases = case_numbers_checked(f);
	assert_int_equal(cases, cases0 + filed);
	assert_int_equal(scalar(&f->d, "SELECT next FROM doc_sequence WHERE body_id = 1 AND year = 2026 "
				      "AND doc_type = 'case'"), cases + 1);
	/* Every summary case holds its decision, every filed case its 案号. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM cases c WHERE c.procedure = 'penalty_summary' AND "
				      "c.title LIKE '并发编号%' AND (SELECT count(*) FROM case_document d WHERE "
				      "d.case_id = c.id AND d.doc_type = 'summary_decision' AND d.number <> '') <> 1"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM cases WHERE procedure = 'penalty_summary' AND "
				      "title LIKE '并发编号%'"), summary_ok);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM cases WHERE title LIKE '并发立案%' AND case_no = ''"), 0);
	printf("# %s: %ld summary decisions of 2 bodies in 2 years (%ld refused over the limit), %ld cases filed, each by "
	       "two filings at once (%ld more with a foreign violation type refused) on two servers in %lld ms\n",
	       harness_dialect(), summary_ok, summary_refused, filed, bad, ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup),
		cmocka_unit_test(test_numbers_under_load),
	};
	static const char *const now[] = {"--now", NOW1, NULL};
	static struct fx f = {.d = {.teardown = teardown, .extra = now}};
	return demo_run_tests(tests, &f.d);
}
