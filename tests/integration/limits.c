/* Integration tests of the HTTP limits: body sizes, framing, slow clients, bad paths and bad bytes. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* The server still answers. */
static void assert_alive(struct demo *f)
{
	struct client cl;
	struct resp r;
	client_init(&cl, &f->s);
	assert_int_equal(client_get(&cl, "/healthz", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	client_free(&cl);
}

static long get_status(struct demo *f, const char *path)
{
	struct client cl;
	struct resp r;
	client_init(&cl, &f->s);
	assert_int_equal(client_get(&cl, path, &r), 0);
	long st = r.status;
	resp_free(&r);
	client_free(&cl);
	return st;
}

/* The start of a raw POST of the login form: the lines before its framing. */
#define LOGIN_POST                                    \
	"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n" \
	"Content-Type: application/x-www-form-urlencoded\r\n"

/* Sends REQUEST on a connection of its own; asserts the answer's STATUS. */
static void expect_raw(struct demo *f, const char *request, long status)
{
	char ans[4096];
	long st = raw_http(&f->s, request, ans, sizeof(ans));
	if (st != status)
		fail_msg("%ld, wanted %ld, for:\n%.300s", st, status, request);
}

static void test_too_large_refused_before_reading(void **state)
{
	struct demo *f = *state;
	long long t0 = now_ms();
	/* The body is announced but never sent: the answer cannot wait for it. */
	expect_raw(f, LOGIN_POST "Content-Length: 10000000\r\n\r\n", 413);
	assert_true(now_ms() - t0 < 2000);
	/* A route that takes no body at all. */
	expect_raw(f, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n", 413);
	/* The API's JSON limit is larger, but not unlimited. */
	expect_raw(f,
		   "POST /api/v1/officers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		   "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
		   413);
	assert_alive(f);
}

static void test_framing(void **state)
{
	struct demo *f = *state;
	/* A body framed two ways, or in no valid way, is refused. */
	static const char *const framing[] = {
		"Content-Length: 5\r\nContent-Length: 5\r\n\r\nlogin",
		"Content-Length: 5\r\nContent-Length: 50\r\n\r\nlogin",
		"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nlogin\r\n0\r\n\r\n",
		"Content-Length: -1\r\n\r\n",
	};
	char req[512];
	for (size_t i = 0; i < sizeof(framing) / sizeof(framing[0]); i++) {
		snprintf(req, sizeof(req), LOGIN_POST "%s", framing[i]);
		expect_raw(f, req, 400);
	}
	assert_alive(f);
}

static void test_chunked(void **state)
{
	struct demo *f = *state;
	char ans[4096];
	/* Within the limit a chunked form is read like any other. */
	expect_raw(f,
		   LOGIN_POST "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
			      "6\r\nlogin=\r\n1\r\nx\r\n9\r\n&password\r\n2\r\n=y\r\n0\r\n\r\n",
		   401);

	/* Over the 64 KiB form limit: 413. */
	int fd = raw_connect(&f->s);
	assert_true(fd >= 0);
	const char *head = LOGIN_POST "Transfer-Encoding: chunked\r\n\r\n";
	assert_int_equal(raw_send(fd, head, strlen(head)), 0);
	static char chunk[4096 + 16];
	int n = snprintf(chunk, sizeof(chunk), "1000\r\n");
	memset(chunk + n, 'a', 4096);
	memcpy(chunk + n + 4096, "\r\n", 2);
	int sent_all = 1;
	for (int i = 0; i < 24 && sent_all; i++) /* 96 KiB */
		sent_all = raw_send(fd, chunk, (size_t)n + 4096 + 2) == 0;
	if (sent_all)
		(void)raw_send(fd, "0\r\n\r\n", 5);
	long st = raw_read_status(fd, ans, sizeof(ans), 5000);
	close(fd);
	assert_int_equal(st, 413);
	assert_alive(f);
}

static void test_keep_alive(void **state)
{
	struct demo *f = *state;
	struct client cl;
	struct resp r;
	long conns = -1;
	client_init(&cl, &f->s);
	assert_int_equal(client_get(&cl, "/healthz", &r), 0);
	assert_int_equal(r.status, 200);
	curl_easy_getinfo(cl.c, CURLINFO_NUM_CONNECTS, &conns);
	assert_int_equal(conns, 1);
	resp_free(&r);
	assert_int_equal(client_get(&cl, "/bodies", &r), 0);
	assert_int_equal(r.status, 200);
	curl_easy_getinfo(cl.c, CURLINFO_NUM_CONNECTS, &conns);
	assert_int_equal(conns, 0);
	resp_free(&r);
	/* Also after a request with a body. */
	assert_int_equal(client_post_form(&cl, "/login", 1, &r, "login", "", "password", "", NULL), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(client_get(&cl, "/healthz", &r), 0);
	curl_easy_getinfo(cl.c, CURLINFO_NUM_CONNECTS, &conns);
	assert_int_equal(conns, 0);
	resp_free(&r);
	client_free(&cl);
}

/* 20 GET /healthz on one connection, each answered within a second. */
static void quick_gets(struct demo *f, int pause_ms)
{
	struct client cl;
	client_init(&cl, &f->s);
	for (int i = 0; i < 20; i++) {
		struct resp r;
		long long t0 = now_ms();
		assert_int_equal(client_get(&cl, "/healthz", &r), 0);
		long long took = now_ms() - t0;
		assert_int_equal(r.status, 200);
		if (took >= 1000)
			fail_msg("request %d took %lld ms", i, took);
		resp_free(&r);
		usleep((useconds_t)pause_ms * 1000);
	}
	client_free(&cl);
}

static void test_slow_headers(void **state)
{
	struct demo *f = *state;
	int fds[10];
	/* Several clients that stop in the middle of their headers. */
	for (int i = 0; i < 10; i++) {
		fds[i] = raw_connect(&f->s);
		assert_true(fds[i] >= 0);
		const char *part = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag";
		assert_int_equal(raw_send(fds[i], part, strlen(part)), 0);
	}
	quick_gets(f, 0);
	for (int i = 0; i < 10; i++)
		close(fds[i]);
}

struct trickle {
	struct srv *s;
	long status;
};

/* Sends a 30-byte login form one byte every 100 ms. */
static void *trickle_post(void *arg)
{
	struct trickle *t = arg;
	const char *head = LOGIN_POST "Content-Length: 30\r\nConnection: close\r\n\r\n";
	const char *body = "login=slowpoke&password=abcdef";
	char ans[4096];
	t->status = -1;
	int fd = raw_connect(t->s);
	if (fd < 0)
		return NULL;
	if (raw_send(fd, head, strlen(head)) == 0) {
		for (size_t i = 0; i < 30; i++) {
			if (raw_send(fd, body + i, 1))
				break;
			usleep(100 * 1000);
		}
		t->status = raw_read_status(fd, ans, sizeof(ans), 5000);
	}
	close(fd);
	return NULL;
}

static void test_slow_body(void **state)
{
	struct demo *f = *state;
	pthread_t th;
	struct trickle t = {&f->s, 0};
	assert_int_equal(strlen("login=slowpoke&password=abcdef"), 30);
	assert_int_equal(pthread_create(&th, NULL, trickle_post, &t), 0);
	usleep(200 * 1000);
	quick_gets(f, 150); /* spans the 3 s of the slow body */
	pthread_join(th, NULL);
	/* The slow request itself was served in full: wrong credentials. */
	assert_int_equal(t.status, 401);
}

static void test_bad_paths(void **state)
{
	struct demo *f = *state;
	assert_int_equal(get_status(f, "/certificates/%00"), 400);
	assert_int_equal(get_status(f, "/bodies%00"), 400);
	assert_int_equal(get_status(f, "/certificates/1405%0024"), 400);
	assert_int_equal(get_status(f, "/certificates/%FF"), 400);
	assert_int_equal(get_status(f, "/certificates/%C0%AF"), 400); /* overlong "/" */
	assert_int_equal(get_status(f, "/certificates/%ED%A0%80"), 400); /* surrogate */
	assert_int_equal(get_status(f, "/api/v1/certificates/%FF"), 400);
	assert_int_equal(get_status(f, "/officers?body=%FF"), 400);
	assert_int_equal(get_status(f, "/certificates?no=%E4%B8"), 400);
	assert_int_equal(get_status(f, "/%2e%2e/etc/passwd"), 400);
	assert_int_equal(get_status(f, "/certificates/%zz"), 400);
	assert_alive(f);
}

static void test_long_url(void **state)
{
	struct demo *f = *state;
	static char path[200000];
	char *ans = malloc(4096);
	assert_non_null(ans);
	memcpy(path, "/certificates/", 14);
	memset(path + 14, '1', 5000);
	path[14 + 5000] = '\0';
	long st = get_status(f, path);
	assert_true(st == 400 || st == 414);
	/* A query string full of parameters. */
	size_t n = (size_t)snprintf(path, sizeof(path), "/officers?body=1");
	for (int i = 0; i < 400 && n + 16 < sizeof(path); i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&p%d=1", i);
	st = get_status(f, path);
	assert_true(st == 400 || st == 414);
	/* Far past any buffer: refused, and the server lives on. */
	static char req[200100];
	memcpy(req, "GET /", 5);
	memset(req + 5, 'a', 150000);
	snprintf(req + 5 + 150000, sizeof(req) - 5 - 150000, " HTTP/1.1\r\nHost: x\r\n\r\n");
	st = raw_http(&f->s, req, ans, 4096);
	assert_true(st == 400 || st == 414 || st == 431 || st == -1);
	/* A header block far too large. */
	n = (size_t)snprintf(req, sizeof(req), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(req + n, 'b', 120000);
	snprintf(req + n + 120000, sizeof(req) - n - 120000, "\r\n\r\n");
	st = raw_http(&f->s, req, ans, 4096);
	assert_true(st == 400 || st == 413 || st == 431 || st == -1);
	free(ans);
	assert_alive(f);
}

static void test_bad_utf8_form(void **state)
{
	struct demo *f = *state;
	struct client cl;
	struct resp r;
	long audit = scalar(f, "SELECT count(*) FROM audit");
	long throttle = scalar(f, "SELECT count(*) FROM throttle");
	client_init(&cl, &f->s);
	/* The login form: refused before any account lookup. */
	assert_int_equal(client_req(&cl, "POST", "/login", "login=%FF%FE&password=x",
				    "application/x-www-form-urlencoded", NULL, &r), 0);
	assert_true(r.status == 400 || r.status == 422);
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM throttle"), throttle);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit"), audit);

	assert_int_equal(client_login(&cl, "registrar1", "demo", NULL), 303);
	long officers = scalar(f, "SELECT count(*) FROM officer");
	long history = scalar(f, "SELECT count(*) FROM history");
	assert_int_equal(client_post_form(&cl, "/workbench/officers", 0, &r, "body_id", "1", "name",
					  "\xff\xfe\xe4\xb8", "cert_no", "14052407701", "issuer",
					  "陵川县人民政府", "valid_from", "2024-01-01", "valid_to",
					  "2030-01-01", "state", "valid", NULL), 0);
	assert_true(r.status == 400 || r.status == 422);
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer"), officers);
	assert_int_equal(scalar(f, "SELECT count(*) FROM history"), history);
	/* An invalid byte in a field name too. */
	char body[256];
	snprintf(body, sizeof(body), "na%%FFme=x&csrf=%s", cl.csrf);
	assert_int_equal(client_req(&cl, "POST", "/workbench/officers", body,
				    "application/x-www-form-urlencoded", NULL, &r), 0);
	assert_true(r.status == 400 || r.status == 422);
	resp_free(&r);
	/* The same record with valid text is accepted: the refusal was the bytes. */
	assert_int_equal(client_post_form(&cl, "/workbench/officers", 0, &r, "body_id", "1", "name",
					  "李测试", "cert_no", "14052407701", "issuer", "陵川县人民政府",
					  "valid_from", "2024-01-01", "valid_to", "2030-01-01", "state",
					  "valid", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer"), officers + 1);
	client_free(&cl);
}

static void test_json_limits(void **state)
{
	struct demo *f = *state;
	struct client cl;
	struct resp r;
	char tok[128];
	static char deep[4096];
	assert_int_equal(make_token(&f->s, "registrar1", tok, sizeof(tok)), 0);
	client_init(&cl, &f->s);
	/* Nesting far deeper than any record. */
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	deep[2000] = '\0';
	assert_int_equal(client_json(&cl, "POST", "/api/v1/officers", deep, tok, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	json_t *j = resp_json(&r);
	assert_non_null(json_error_of(j));
	json_decref(j);
	resp_free(&r);
	/* Invalid UTF-8 inside a JSON string. */
	assert_int_equal(client_json(&cl, "POST", "/api/v1/officers",
				     "{\"body_id\":1,\"name\":\"\xff\",\"cert_no\":\"ZF-U001\"}", tok,
				     NULL, &r), 0);
	assert_true(r.status == 400 || r.status == 422);
	resp_free(&r);
	/* Duplicate keys are ambiguous: refused. */
	assert_int_equal(client_json(&cl, "POST", "/api/v1/officers",
				     "{\"name\":\"甲\",\"name\":\"乙\"}", tok, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer WHERE cert_no='ZF-U001'"), 0);
	client_free(&cl);
	assert_alive(f);
}

/* The API takes JSON only; who may write is decided before the body is read. */
static void test_api_content_type_and_order(void **state)
{
	struct demo *f = *state;
	struct client cl;
	struct resp r;
	char reg[128], off[128], auth[200];
	assert_int_equal(make_token(&f->s, "registrar1", reg, sizeof(reg)), 0);
	assert_int_equal(make_token(&f->s, "officer1", off, sizeof(off)), 0);
	client_init(&cl, &f->s);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", reg);
	assert_int_equal(client_req(&cl, "POST", "/api/v1/officers", "{\"name\":\"x\"}",
				    "application/x-www-form-urlencoded", (const char *const[]){auth, NULL},
				    &r), 0);
	assert_int_equal(r.status, 415);
	assert_has(r.body, "application/json");
	resp_free(&r);
	/* An officer's token is refused with 403 whatever the body holds. */
	assert_int_equal(client_json(&cl, "POST", "/api/v1/officers", "{not json", off, NULL, &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	client_free(&cl);
}

/* A form posted from another site is refused, the login form included. */
static void test_other_origin(void **state)
{
	struct demo *f = *state;
	struct resp r;
	assert_int_equal(client_req(&f->cl, "POST", "/login", "login=officer1&password=demo",
				    "application/x-www-form-urlencoded",
				    (const char *const[]){"Origin: http://evil.example", NULL}, &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	char origin[96];
	snprintf(origin, sizeof(origin), "Origin: %s", f->s.base);
	assert_int_equal(client_req(&f->cl, "POST", "/login", "login=officer1&password=demo",
				    "application/x-www-form-urlencoded",
				    (const char *const[]){origin, NULL}, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_large_refused_before_reading),
		cmocka_unit_test(test_api_content_type_and_order),
		cmocka_unit_test(test_other_origin),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_slow_headers),
		cmocka_unit_test(test_slow_body),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_long_url),
		cmocka_unit_test(test_bad_utf8_form),
		cmocka_unit_test(test_json_limits),
	};
	return demo_run_tests(tests, NULL);
}
