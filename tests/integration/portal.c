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
	demo_get(*state, "/healthz", 200, &r, NULL);
	assert_int_equal(strncmp(r.body, "ok", 2), 0);
	resp_free(&r);
}

static void test_home(void **state)
{
	struct resp r;
	/* The certificate search form is on the front page. */
	demo_get(*state, "/", 200, &r, "行政执法公示平台", BUREAU, JUSTICE, MARKET,
		 "action=\"/certificates\"", NULL);
	assert_html(&r);
	resp_free(&r);
}

static void test_bodies(void **state)
{
	struct resp r;
	demo_get(*state, "/bodies", 200, &r, BUREAU, JUSTICE, MARKET, "href=\"/bodies/1\"",
		 "href=\"/bodies/3\"", NULL);
	assert_html(&r);
	assert_int_equal(str_count(r.body, "<li class=\"card\">"), 3);
	resp_free(&r);
}

static void test_body_page(void **state)
{
	struct resp r;
	/* With the remedy text itself, and the bureau's 18 demo officers. */
	demo_get(*state, "/bodies/1", 200, &r, BUREAU, "<h2>职责</h2>", "<h2>救济渠道</h2>", "行政复议",
		 "行政诉讼", "执法人员（18 人）", NULL);
	assert_html(&r);
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 18);
	resp_free(&r);
	demo_get(*state, "/bodies/99", 404, NULL, "未找到", NULL);
	demo_get(*state, "/bodies/abc", 404, NULL, NULL);
}

static void test_officers(void **state)
{
	struct resp r;
	/* Every verdict appears among the demo officers, as a label. */
	demo_get(*state, "/officers", 200, &r, "共 30 人",
		 "<span class=\"verdict verdict-valid\">有效</span>",
		 "<span class=\"verdict verdict-expired\">已过期</span>",
		 "<span class=\"verdict verdict-suspended\">暂扣</span>",
		 "<span class=\"verdict verdict-cancelled\">已注销</span>",
		 "<span class=\"verdict verdict-revoked\">已吊销</span>", BUREAU, MARKET, NULL);
	assert_html(&r);
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 30);
	resp_free(&r);
}

static void test_officers_of_body(void **state)
{
	struct resp r;
	/* The filter keeps the chosen body selected. */
	demo_get(*state, "/officers?body=2", 200, &r, "共 6 人", "<option value=\"2\" selected>", NULL);
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 6);
	/* Officers 18..23 of the demo belong to the justice bureau. */
	for (int i = 18; i < 24; i++) {
		char cert[64];
		snprintf(cert, sizeof(cert), "href=\"/certificates/1405240%04d\"", 101 + i);
		assert_has(r.body, cert);
	}
	assert_lacks(r.body, "href=\"/certificates/14052400101\"");
	assert_lacks(r.body, "href=\"/certificates/14052400125\"");
	resp_free(&r);
	demo_get(*state, "/officers?body=abc", 400, NULL, "执法主体", NULL);
}

/* The href of the "下一页" link of page R, with &amp; undone, into OUT; 0 when
 * the page has none. */
static int next_link(const struct resp *r, char *out, size_t n)
{
	const char *end = strstr(r->body, "\" rel=\"next\">下一页"), *start = end;
	size_t k = 0;

	if (!end)
		return 0;
	while (start > r->body && start[-1] != '"')
		start--;
	for (const char *p = start; p < end && k + 1 < n; k++)
		if (!strncmp(p, "&amp;", 5)) {
			out[k] = '&';
			p += 5;
		} else {
			out[k] = *p++;
		}
	out[k] = '\0';
	return 1;
}

static void test_officers_paging(void **state)
{
	struct resp r;
	char next[512];
	int seen[30] = {0}, pages = 0;

	/* 30 officers 12 a page: 12, 12, 6, each once, in certificate order. */
	snprintf(next, sizeof(next), "/officers?limit=12");
	for (int more = 1; more; pages++) {
		demo_get(*state, next, 200, &r, NULL);
		assert_html(&r);
		assert_has(r.body, pages < 2 ? "本页 12 人" : "本页 6 人");
		if (pages)
			assert_has(r.body, "回到第一页");
		for (int i = 0; i < 30; i++) {
			char cert[64];
			snprintf(cert, sizeof(cert), "href=\"/certificates/140524%05d\"", 101 + i);
			if (strstr(r.body, cert)) {
				assert_int_equal(seen[i], 0);
				/* Pages follow the list's order: officer i on page i / 12. */
				assert_int_equal(i / 12, pages);
				seen[i] = 1;
			}
		}
		more = next_link(&r, next, sizeof(next));
		if (more) {
			assert_has(next, "limit=12");
			assert_has(next, "after=");
		}
		resp_free(&r);
	}
	assert_int_equal(pages, 3);
	for (int i = 0; i < 30; i++)
		assert_int_equal(seen[i], 1);

	/* The filters stay in the next link. */
	demo_get(*state, "/officers?body=1&limit=5", 200, &r, "本页 5 人", NULL);
	assert_true(next_link(&r, next, sizeof(next)));
	assert_has(next, "/officers?body=1&limit=5&after=");
	resp_free(&r);
	demo_get(*state, next, 200, &r, "本页 5 人", NULL);
	assert_lacks(r.body, "href=\"/certificates/14052400101\"");
	assert_has(r.body, "href=\"/certificates/14052400106\"");
	resp_free(&r);
}

static void test_officers_find(void **state)
{
	struct resp r;
	char path[512];

	/* A part of the name: 王建国 (officer 1) and 何建国 (officer 17), and the
	 * query kept in the form. */
	demo_get(*state, "/officers?q=%20%E5%BB%BA%E5%9B%BD%20", 200, &r, "共 2 人",
		 "王建国", "何建国", "value=\"建国\"", NULL);
	assert_int_equal(str_count(r.body, "href=\"/certificates/1405"), 2);
	assert_lacks(r.body, "rel=\"next\"");
	resp_free(&r);
	/* The certificate number, exact, as typed with spaces and lower case. */
	demo_get(*state, "/officers?cert_no=+14052400117+", 200, &r, "共 1 人", "何建国", NULL);
	resp_free(&r);
	demo_get(*state, "/officers?cert_no=1405240011", 200, &r, "共 0 人", NULL);
	resp_free(&r);
	/* Both, and a body: 何建国 is of the bureau (body 1), not of body 2. */
	demo_get(*state, "/officers?body=1&q=%E5%BB%BA%E5%9B%BD&cert_no=14052400117", 200, &r,
		 "共 1 人", NULL);
	resp_free(&r);
	demo_get(*state, "/officers?body=2&q=%E5%BB%BA%E5%9B%BD", 200, &r, "共 0 人", NULL);
	resp_free(&r);

	/* Bad input: 400, the page again with the field named and what was typed. */
	int k = snprintf(path, sizeof(path), "/officers?q=");
	for (int i = 0; i < 51; i++)
		k += snprintf(path + k, sizeof(path) - (size_t)k, "%%E5%%BC%%A0");
	demo_get(*state, path, 400, &r, "姓名（q）最多 50 个字", "aria-invalid", NULL);
	assert_html(&r);
	resp_free(&r);
	demo_get(*state, "/officers?cert_no=%E8%AF%81%E5%8F%B7", 400, &r, "执法证号（cert_no）", "value=\"证号\"", NULL);
	resp_free(&r);
	demo_get(*state, "/officers?after=garbage", 400, NULL, "翻页参数（after）", NULL);
	demo_get(*state, "/officers?limit=201", 400, NULL, "每页人数（limit）", NULL);
}

/* The certificate page of NO: its big verdict and label. */
static void cert_verdict(void **state, const char *no, const char *word, const char *label)
{
	struct resp r;
	char path[128], verdict[160], dd[64];
	snprintf(path, sizeof(path), "/certificates/%s", no);
	snprintf(verdict, sizeof(verdict), "<p class=\"verdict-big verdict-%s\" role=\"status\">%s</p>",
		 word, label);
	snprintf(dd, sizeof(dd), "<dd>%s</dd>", no);
	demo_get(*state, path, 200, &r, verdict, dd, NULL);
	assert_html(&r);
	resp_free(&r);
}

static void test_cert_valid(void **state)
{
	cert_verdict(state, "14052400101", "valid", "有效");
	demo_get(*state, "/certificates/14052400101", 200, NULL, BUREAU, "陵川县人民政府" /* issuer */,
		 "以上结论按", NULL);
}

static void test_cert_expired(void **state)
{
	struct resp r;
	/* Demo officer 5 is recorded as valid, but its validity ended days ago. */
	cert_verdict(state, "14052400106", "expired", "已过期");
	demo_get(*state, "/certificates/14052400106", 200, &r, "<dt>记录状态</dt><dd>有效</dd>", NULL);
	assert_lacks(r.body, "verdict-big verdict-valid");
	resp_free(&r);
}

static void test_cert_states(void **state)
{
	cert_verdict(state, "14052400108", "suspended", "暂扣");
	cert_verdict(state, "14052400109", "cancelled", "已注销");
	cert_verdict(state, "14052400110", "revoked", "已吊销");
	/* A recorded state shows since when. */
	demo_get(*state, "/certificates/14052400110", 200, NULL, "<dt>记录状态</dt><dd>吊销（", NULL);
}

static void test_cert_unknown(void **state)
{
	struct resp r;
	demo_get(*state, "/certificates/14052499999", 404, &r,
		 "未查询到执法证号为 14052499999 的执法证", NULL);
	assert_html(&r);
	assert_lacks(r.body, "verdict-big");
	resp_free(&r);
	/* Too short to be a number: a 400 that says what a number looks like. */
	demo_get(*state, "/certificates/12", 400, NULL, "执法证号格式不正确", NULL);
}

static void test_cert_search_redirect(void **state)
{
	struct resp r;
	char loc[256];
	demo_get(*state, "/certificates?no=14052400101", 303, &r, NULL);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/certificates/14052400101");
	resp_free(&r);
	/* Without a number: the search form. */
	demo_get(*state, "/certificates", 200, NULL, "name=\"no\"", NULL);
	demo_get(*state, "/certificates?no=%20", 200, NULL, NULL);
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
	demo_get(*state, path, 200, NULL, "<dd>14052400101</dd>", "verdict-big verdict-valid", NULL);
	/* Through the search form, with spaces around (also the ideographic space). */
	snprintf(path, sizeof(path), "/certificates?no=%%E3%%80%%80%s%%20", fw);
	demo_get(*state, path, 303, &r, NULL);
	assert_int_equal(strncmp(resp_location(&r, loc, sizeof(loc)), "/certificates/", 14), 0);
	resp_free(&r);
	demo_get(*state, loc, 200, NULL, "<dd>14052400101</dd>", NULL);
	/* Spaces around a plain number. */
	demo_get(*state, "/certificates/%2014052400109%20", 200, NULL, "verdict-big verdict-cancelled",
		 NULL);
	/* A space inside a number is not taken as some other number. */
	demo_get(*state, "/certificates/140524%2000101", 400, NULL, NULL);
}

static void test_cert_qr(void **state)
{
	struct resp r;
	char ct[128];
	demo_get(*state, "/certificates/14052400101/qr.svg", 200, &r, "</svg>", NULL);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_int_equal(strncmp(ct, "image/svg+xml", 13), 0);
	assert_int_equal(strncmp(r.body, "<svg", 4), 0);
	assert_true(r.len > 1000); /* has modules, not an empty frame */
	resp_free(&r);
	/* The printed code points at the check page of this certificate. */
	demo_get(*state, "/certificates/14052400101/qr", 200, &r, "/certificates/14052400101", NULL);
	assert_html(&r);
	resp_free(&r);
	demo_get(*state, "/certificates/14052499999/qr.svg", 404, NULL, NULL);
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
		assert_int_equal(client_get(&((struct demo *)*state)->cl, paths[i], &r), 0);
		assert_security_headers(&r);
		resp_free(&r);
	}
}

/* Public answers may sit in nginx's cache for a minute; signed-in ones never. */
static void test_cache_headers(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char v[128];
	demo_get(d, "/certificates/14052400101", 200, &r, NULL);
	assert_string_equal(resp_header(&r, "Cache-Control", v, sizeof(v)), "public, max-age=60");
	assert_non_null(strstr(resp_header(&r, "Vary", v, sizeof(v)), "Cookie"));
	resp_free(&r);
	demo_get(d, "/api/v1/officers", 200, &r, NULL);
	assert_string_equal(resp_header(&r, "Cache-Control", v, sizeof(v)), "public, max-age=60");
	resp_free(&r);
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/certificates/14052400101", 200, &r, NULL);
	assert_string_equal(resp_header(&r, "Cache-Control", v, sizeof(v)), "no-store");
	resp_free(&r);
	demo_get(d, "/workbench", 200, &r, NULL);
	assert_string_equal(resp_header(&r, "Cache-Control", v, sizeof(v)), "no-store");
	resp_free(&r);
}

static void test_static(void **state)
{
	struct resp r;
	char ct[128];
	demo_get(*state, "/static/zhifa.css", 200, &r, NULL);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_int_equal(strncmp(ct, "text/css", 8), 0);
	assert_true(r.len > 100);
	assert_non_null(strchr(r.body, '{'));
	resp_free(&r);
	demo_get(*state, "/static/nothing.css", 404, NULL, NULL);
	demo_get(*state, "/static/%2e%2e/zhifa.db", 400, NULL, NULL);
}

static void test_not_found(void **state)
{
	struct resp r;
	demo_get(*state, "/no/such/page", 404, &r, "返回首页", NULL);
	assert_html(&r);
	assert_lacks(r.body, "退出");
	resp_free(&r);
	demo_get(*state, "/bodies/1/nothing", 404, NULL, NULL);
	/* Signed in: the page keeps the user's header and menu. */
	struct demo *d = *state;
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/workbench/no-such-page", 404, &r, "返回首页", "退出", "/workbench", NULL);
	resp_free(&r);
}

static void test_wrong_method(void **state)
{
	struct demo *f = *state;
	static const struct {
		const char *method, *path, *body, *type;
	} wrong[] = {
		{"DELETE", "/bodies", NULL, NULL},
		{"POST", "/certificates/14052400101", "a=b", "application/x-www-form-urlencoded"},
		{"PUT", "/", "x", "text/plain"},
	};
	struct resp r;
	char allow[128];
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		assert_int_equal(client_req(&f->cl, wrong[i].method, wrong[i].path, wrong[i].body,
					    wrong[i].type, NULL, &r), 0);
		assert_int_equal(r.status, 405);
		/* The answer names the methods the path takes. */
		assert_non_null(resp_header(&r, "Allow", allow, sizeof(allow)));
		assert_non_null(strstr(allow, "GET"));
		resp_free(&r);
	}
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
		cmocka_unit_test(test_officers_paging),
		cmocka_unit_test(test_officers_find),
		cmocka_unit_test(test_cert_valid),
		cmocka_unit_test(test_cert_expired),
		cmocka_unit_test(test_cert_states),
		cmocka_unit_test(test_cert_unknown),
		cmocka_unit_test(test_cert_search_redirect),
		cmocka_unit_test(test_cert_normalised),
		cmocka_unit_test(test_cert_qr),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_cache_headers),
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_wrong_method),
	};
	return demo_run_tests(tests, NULL);
}
