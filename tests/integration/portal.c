/* Integration tests of the public portal: pages a citizen reaches without signing in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define BUREAU "陵川生态文化旅游示范区综合执法局"
#define JUSTICE "陵川县司法局"
#define MARKET "陵川县市场监督管理局"

struct fx {
	struct srv s;
	int stopped; /* srv_stop status: 0 = clean stop on SIGTERM */
	struct client cl;
};

/* The one server of this file; main reads its stop status, as cmocka does not
 * count a failed group teardown in its result. */
static struct fx the_fx;

static int setup(void **state)
{
	struct fx *f = &the_fx;
	*state = f; /* teardown runs even when setup fails */
	f->stopped = -1;
	curl_global_init(CURL_GLOBAL_ALL);
	if (srv_start(&f->s, 1, NULL))
		return -1;
	client_init(&f->cl, &f->s);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	client_free(&f->cl);
	int st = f->stopped = srv_stop(&f->s);
	if (st != 0)
		fprintf(stderr, "server did not stop cleanly: status %d\n", st);
	curl_global_cleanup();
	return st == 0 ? 0 : -1;
}

/* GET PATH into R and asserts the status. */
static void get(struct fx *f, const char *path, long status, struct resp *r)
{
	assert_int_equal(client_get(&f->cl, path, r), 0);
	if (r->status != status)
		fprintf(stderr, "GET %s: %ld, wanted %ld\n%.600s\n", path, r->status, status, r->body);
	assert_int_equal(r->status, status);
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in:\n%.1500s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected \"%s\" in:\n%.1500s", needle, hay);
}

static void assert_html(const struct resp *r)
{
	char ct[128];
	assert_non_null(resp_header(r, "Content-Type", ct, sizeof(ct)));
	assert_non_null(strstr(ct, "text/html"));
	assert_has(r->body, "<html lang=\"zh-CN\">");
}

static void test_healthz(void **state)
{
	struct resp r;
	get(*state, "/healthz", 200, &r);
	assert_int_equal(strncmp(r.body, "ok", 2), 0);
	resp_free(&r);
}

static void test_home(void **state)
{
	struct resp r;
	get(*state, "/", 200, &r);
	assert_html(&r);
	assert_has(r.body, "行政执法公示平台");
	assert_has(r.body, BUREAU);
	assert_has(r.body, JUSTICE);
	assert_has(r.body, MARKET);
	/* The certificate search form is on the front page. */
	assert_has(r.body, "action=\"/certificates\"");
	resp_free(&r);
}

static void test_bodies(void **state)
{
	struct resp r;
	get(*state, "/bodies", 200, &r);
	assert_html(&r);
	assert_int_equal(str_count(r.body, "<li class=\"card\">"), 3);
	assert_has(r.body, BUREAU);
	assert_has(r.body, JUSTICE);
	assert_has(r.body, MARKET);
	assert_has(r.body, "href=\"/bodies/1\"");
	assert_has(r.body, "href=\"/bodies/3\"");
	resp_free(&r);
}

static void test_body_page(void **state)
{
	struct resp r;
	get(*state, "/bodies/1", 200, &r);
	assert_html(&r);
	assert_has(r.body, BUREAU);
	assert_has(r.body, "<h2>职责</h2>");
	assert_has(r.body, "<h2>救济渠道</h2>");
	assert_has(r.body, "行政复议"); /* the remedy text itself */
	assert_has(r.body, "行政诉讼");
	/* The bureau's 18 demo officers are listed on its page. */
	assert_has(r.body, "执法人员（18 人）");
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 18);
	resp_free(&r);
	get(*state, "/bodies/99", 404, &r);
	assert_has(r.body, "未找到");
	resp_free(&r);
	get(*state, "/bodies/abc", 404, &r);
	resp_free(&r);
}

static void test_officers(void **state)
{
	struct resp r;
	get(*state, "/officers", 200, &r);
	assert_html(&r);
	assert_has(r.body, "共 30 人");
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 30);
	/* Every verdict appears among the demo officers, as a label. */
	assert_has(r.body, "<span class=\"verdict verdict-valid\">有效</span>");
	assert_has(r.body, "<span class=\"verdict verdict-expired\">已过期</span>");
	assert_has(r.body, "<span class=\"verdict verdict-suspended\">暂扣</span>");
	assert_has(r.body, "<span class=\"verdict verdict-cancelled\">已注销</span>");
	assert_has(r.body, "<span class=\"verdict verdict-revoked\">已吊销</span>");
	assert_has(r.body, BUREAU);
	assert_has(r.body, MARKET);
	resp_free(&r);
}

static void test_officers_of_body(void **state)
{
	struct resp r;
	get(*state, "/officers?body=2", 200, &r);
	assert_has(r.body, "共 6 人");
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 6);
	/* Officers 18..23 of the demo belong to the justice bureau. */
	for (int i = 18; i < 24; i++) {
		char cert[64];
		snprintf(cert, sizeof(cert), "href=\"/certificates/1405240%04d\"", 101 + i);
		assert_has(r.body, cert);
	}
	assert_lacks(r.body, "href=\"/certificates/14052400101\"");
	assert_lacks(r.body, "href=\"/certificates/14052400125\"");
	/* The filter keeps the chosen body selected. */
	assert_has(r.body, "<option value=\"2\" selected>");
	resp_free(&r);
	get(*state, "/officers?body=abc", 422, &r);
	assert_has(r.body, "执法主体");
	resp_free(&r);
}

/* The certificate page of NO: its big verdict and label. */
static void cert_verdict(void **state, const char *no, const char *word, const char *label)
{
	struct resp r;
	char path[128], want[160];
	snprintf(path, sizeof(path), "/certificates/%s", no);
	get(*state, path, 200, &r);
	assert_html(&r);
	snprintf(want, sizeof(want), "<p class=\"verdict-big verdict-%s\" role=\"status\">%s</p>", word,
		 label);
	assert_has(r.body, want);
	snprintf(want, sizeof(want), "<dd>%s</dd>", no);
	assert_has(r.body, want);
	resp_free(&r);
}

static void test_cert_valid(void **state)
{
	struct resp r;
	cert_verdict(state, "14052400101", "valid", "有效");
	get(*state, "/certificates/14052400101", 200, &r);
	assert_has(r.body, BUREAU);
	assert_has(r.body, "陵川县人民政府"); /* issuer */
	assert_has(r.body, "以上结论按");
	resp_free(&r);
}

static void test_cert_expired(void **state)
{
	struct resp r;
	/* Demo officer 5 is recorded as valid, but its validity ended days ago. */
	cert_verdict(state, "14052400106", "expired", "已过期");
	get(*state, "/certificates/14052400106", 200, &r);
	assert_has(r.body, "<dt>记录状态</dt><dd>有效</dd>");
	assert_lacks(r.body, "verdict-big verdict-valid");
	resp_free(&r);
}

static void test_cert_states(void **state)
{
	struct resp r;
	cert_verdict(state, "14052400108", "suspended", "暂扣");
	cert_verdict(state, "14052400109", "cancelled", "已注销");
	cert_verdict(state, "14052400110", "revoked", "已吊销");
	/* A recorded state shows since when. */
	get(*state, "/certificates/14052400110", 200, &r);
	assert_has(r.body, "<dt>记录状态</dt><dd>吊销（");
	resp_free(&r);
}

static void test_cert_unknown(void **state)
{
	struct resp r;
	get(*state, "/certificates/14052499999", 404, &r);
	assert_html(&r);
	assert_has(r.body, "未查询到执法证号为 14052499999 的执法证");
	assert_lacks(r.body, "verdict-big");
	resp_free(&r);
	/* Too short to be a number: a 400 that says what a number looks like. */
	get(*state, "/certificates/12", 400, &r);
	assert_has(r.body, "执法证号格式不正确");
	resp_free(&r);
}

static void test_cert_search_redirect(void **state)
{
	struct resp r;
	char loc[256];
	get(*state, "/certificates?no=14052400101", 303, &r);
	assert_non_null(resp_header(&r, "Location", loc, sizeof(loc)));
	assert_string_equal(loc, "/certificates/14052400101");
	resp_free(&r);
	/* Without a number: the search form. */
	get(*state, "/certificates", 200, &r);
	assert_has(r.body, "name=\"no\"");
	resp_free(&r);
	get(*state, "/certificates?no=%20", 200, &r);
	resp_free(&r);
}

static void test_cert_normalised(void **state)
{
	struct resp r;
	char loc[512];
	/* Full-width digits (as a Chinese input method types them). */
	const char *fw = "%EF%BC%91%EF%BC%94%EF%BC%90%EF%BC%95%EF%BC%92%EF%BC%94%EF%BC%90%EF%BC%90"
			 "%EF%BC%91%EF%BC%90%EF%BC%91";
	char path[512];
	snprintf(path, sizeof(path), "/certificates/%s", fw);
	get(*state, path, 200, &r);
	assert_has(r.body, "<dd>14052400101</dd>");
	assert_has(r.body, "verdict-big verdict-valid");
	resp_free(&r);
	/* Through the search form, with spaces around (also the ideographic space). */
	snprintf(path, sizeof(path), "/certificates?no=%%E3%%80%%80%s%%20", fw);
	get(*state, path, 303, &r);
	assert_non_null(resp_header(&r, "Location", loc, sizeof(loc)));
	assert_int_equal(strncmp(loc, "/certificates/", 14), 0);
	resp_free(&r);
	get(*state, loc, 200, &r);
	assert_has(r.body, "<dd>14052400101</dd>");
	resp_free(&r);
	/* Spaces around a plain number. */
	get(*state, "/certificates/%2014052400109%20", 200, &r);
	assert_has(r.body, "verdict-big verdict-cancelled");
	resp_free(&r);
	/* A space inside a number is not taken as some other number. */
	get(*state, "/certificates/140524%2000101", 400, &r);
	resp_free(&r);
}

static void test_cert_qr(void **state)
{
	struct resp r;
	char ct[128];
	get(*state, "/certificates/14052400101/qr.svg", 200, &r);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_int_equal(strncmp(ct, "image/svg+xml", 13), 0);
	assert_int_equal(strncmp(r.body, "<svg", 4), 0);
	assert_has(r.body, "</svg>");
	assert_true(r.len > 1000); /* has modules, not an empty frame */
	resp_free(&r);
	get(*state, "/certificates/14052400101/qr", 200, &r);
	assert_html(&r);
	/* The printed code points at the check page of this certificate. */
	assert_has(r.body, "/certificates/14052400101");
	resp_free(&r);
	get(*state, "/certificates/14052499999/qr.svg", 404, &r);
	resp_free(&r);
}

static void assert_security_headers(const struct resp *r)
{
	char v[512];
	assert_non_null(resp_header(r, "Content-Security-Policy", v, sizeof(v)));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_non_null(strstr(v, "default-src"));
	assert_non_null(resp_header(r, "X-Content-Type-Options", v, sizeof(v)));
	assert_string_equal(v, "nosniff");
	assert_non_null(resp_header(r, "Referrer-Policy", v, sizeof(v)));
	assert_true(strlen(v) > 0);
}

static void test_security_headers(void **state)
{
	static const char *const paths[] = {"/", "/bodies/1", "/certificates/14052400101",
					    "/no/such/page", "/certificates/14052499999"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct resp r;
		assert_int_equal(client_get(&((struct fx *)*state)->cl, paths[i], &r), 0);
		assert_security_headers(&r);
		resp_free(&r);
	}
}

static void test_static(void **state)
{
	struct resp r;
	char ct[128];
	get(*state, "/static/zhifa.css", 200, &r);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_int_equal(strncmp(ct, "text/css", 8), 0);
	assert_true(r.len > 100);
	assert_non_null(strchr(r.body, '{'));
	resp_free(&r);
	get(*state, "/static/nothing.css", 404, &r);
	resp_free(&r);
	get(*state, "/static/%2e%2e/zhifa.db", 400, &r);
	resp_free(&r);
}

static void test_not_found(void **state)
{
	struct resp r;
	get(*state, "/no/such/page", 404, &r);
	assert_html(&r);
	assert_has(r.body, "返回首页");
	resp_free(&r);
	get(*state, "/bodies/1/nothing", 404, &r);
	resp_free(&r);
}

static void test_wrong_method(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char allow[128];
	assert_int_equal(client_req(&f->cl, "DELETE", "/bodies", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	assert_non_null(resp_header(&r, "Allow", allow, sizeof(allow)));
	assert_non_null(strstr(allow, "GET"));
	resp_free(&r);
	assert_int_equal(client_req(&f->cl, "POST", "/certificates/14052400101", "a=b",
				    "application/x-www-form-urlencoded", NULL, &r), 0);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	assert_int_equal(client_req(&f->cl, "PUT", "/", "x", "text/plain", NULL, &r), 0);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	/* HEAD is GET without the body. */
	assert_int_equal(client_req(&f->cl, "HEAD", "/bodies", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_home),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_body_page),
		cmocka_unit_test(test_officers),
		cmocka_unit_test(test_officers_of_body),
		cmocka_unit_test(test_cert_valid),
		cmocka_unit_test(test_cert_expired),
		cmocka_unit_test(test_cert_states),
		cmocka_unit_test(test_cert_unknown),
		cmocka_unit_test(test_cert_search_redirect),
		cmocka_unit_test(test_cert_normalised),
		cmocka_unit_test(test_cert_qr),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_wrong_method),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || the_fx.stopped != 0 ? 1 : 0;
}
