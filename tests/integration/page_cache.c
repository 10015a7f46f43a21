/* Integration tests of the kept public pages (web/page_cache.h) on the demo: ETag and 304, a page kept while the portal's generation holds and renewed within a second once it moves, a write of the server itself seen at once, a second server on the same database following within a second, signed-in visitors never served a kept page, --page-cache-mib 0, and the certificate check never kept past midnight. */
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

#define MARK "缓存检验用标题"

/* The demo server, a second one with kept pages, a third without, and a
 * fourth whose clock stands one second before midnight in Shanghai. */
struct fx {
	struct demo d;
	struct srv b, plain, late;
	long id; /* a published decision of the demo */
	char path[64];
};

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	static const char *const no_cache[] = {"--page-cache-mib", "0", NULL};
	static const char *const late[] = {"--now", "2026-03-05T15:59:59Z", NULL};
	f->id = db_scalar(&d->s, "SELECT min(id) FROM publication WHERE state = 'published' AND kind = 'decision'");
	if (f->id <= 0) {
		fprintf(stderr, "the demo has no published decision\n");
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "/decisions/%ld", f->id);
	if (srv_start_twin(&f->b, &d->s, NULL) || srv_start_twin(&f->plain, &d->s, no_cache) ||
	    srv_start_twin(&f->late, &d->s, late)) {
		fprintf(stderr, "a second server did not start\n");
		return -1;
	}
	return 0;
}

static void teardown(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	srv_stop(&f->late);
	srv_stop(&f->plain);
	srv_stop(&f->b);
}

/* An anonymous GET of PATH on S with extra header lines HDRS (may be NULL). */
static void get_on(struct srv *s, const char *path, const char *const *hdrs, struct resp *r)
{
	struct client cl;
	client_init(&cl, s);
	assert_int_equal(client_req(&cl, "GET", path, NULL, NULL, hdrs, r), 0);
	client_free(&cl);
}

/* 1 when the anonymous page PATH on S (answering 200) has NEEDLE. */
static int page_shows(struct srv *s, const char *path, const char *needle)
{
	struct resp r;
	get_on(s, path, NULL, &r);
	assert_int_equal(r.status, 200);
	int has = strstr(r.body, needle) != NULL;
	resp_free(&r);
	return has;
}

/* Asks for PATH on S twice: a page is kept the second time it is asked for. */
static void warm(struct srv *s, const char *path)
{
	for (int i = 0; i < 2; i++) {
		struct resp r;
		get_on(s, path, NULL, &r);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
}

/* Polls PATH on S until it shows NEEDLE (or stops showing it when GONE),
 * up to MS milliseconds; the milliseconds it took, or -1. */
static long wait_for(struct srv *s, const char *path, const char *needle, int gone, long ms)
{
	long long t0 = now_ms();
	while (now_ms() - t0 <= ms) {
		if (page_shows(s, path, needle) != gone)
			return (long)(now_ms() - t0);
		usleep(50 * 1000);
	}
	return -1;
}

#define THE_ITEM "(SELECT min(id) FROM publication WHERE state = 'published' AND kind = 'decision')"

/* Adds MARK to the item's title in the database and takes the portal's
 * generation back in the same transaction: a change no server can notice. */
static void change_unnoticed(struct fx *f)
{
	assert_int_equal(db_exec_sql(&f->d.s, "BEGIN; UPDATE publication SET title = title || '" MARK "' "
					      "WHERE id = " THE_ITEM "; UPDATE portal_generation SET n = n - 1 "
					      "WHERE id = 1; COMMIT;"),
			 0);
}

/* The item page once its log entry is integrated (only then is it kept). */
static void wait_logged(struct fx *f)
{
	assert_true(wait_for(&f->d.s, f->path, "verify.js", 0, 5000) >= 0);
}

static void test_etag_and_304(void **state)
{
	struct fx *f = *state;
	struct resp r, again;
	char etag[128], inm[160];

	get_on(&f->d.s, "/decisions", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	get_on(&f->d.s, "/decisions", NULL, &again);
	assert_int_equal(again.status, 200);
	assert_int_equal(again.len, r.len);
	assert_memory_equal(again.body, r.body, r.len);
	resp_free(&again);
	resp_free(&r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	const char *const hdrs[] = {inm, NULL};
	get_on(&f->d.s, "/decisions", hdrs, &r);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	assert_non_null(resp_header(&r, "ETag", inm, sizeof(inm)));
	assert_string_equal(inm, etag);
	resp_free(&r);
	const char *const other[] = {"If-None-Match: \"0000\"", NULL};
	get_on(&f->d.s, "/decisions", other, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* A weak validator in a list matches too (weak comparison). */
	snprintf(inm, sizeof(inm), "If-None-Match: \"1111\",\tW/%s", etag);
	const char *const weak[] = {inm, NULL};
	get_on(&f->d.s, "/decisions", weak, &r);
	assert_int_equal(r.status, 304);
	resp_free(&r);
}

/* A HEAD kept first gives the following GET the whole page. */
static void test_head_then_get(void **state)
{
	struct fx *f = *state;
	struct client cl;
	struct resp r;

	client_init(&cl, &f->d.s);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(client_req(&cl, "HEAD", "/inspections?head=1", NULL, NULL, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		assert_int_equal(r.len, 0);
		resp_free(&r);
	}
	client_free(&cl);
	get_on(&f->d.s, "/inspections?head=1", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "</html>");
	resp_free(&r);
}

/* A Host header that is not a plain host[:port] is neither looked up nor
 * kept (the key could otherwise be confused with another request's). */
static void test_odd_host_not_kept(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char etag[128];
	const char *const odd[] = {"Host: example.org/search?q=", NULL};
	const char *const fine[] = {"Host: example.org:8080", NULL};

	get_on(&f->d.s, "/decisions", odd, &r);
	assert_int_equal(r.status, 200);
	assert_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	resp_free(&r);
	get_on(&f->d.s, "/decisions", fine, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	resp_free(&r);
}

/* A cookie that is not the session (a site's analytics) does not stop a
 * page being kept; a session cookie, even an unknown one, does. */
static void test_cookies(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char etag[128];
	const char *const analytics[] = {"Cookie: Hm_lvt_0123=1764000000; _ga=GA1.2.3", NULL};
	const char *const session[] = {"Cookie: Hm_lvt_0123=1; zf_session=not-a-session", NULL};

	get_on(&f->d.s, "/inspections?cookie=1", analytics, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	assert_lacks(r.body, "退出");
	resp_free(&r);
	get_on(&f->d.s, "/inspections?cookie=1", session, &r);
	assert_int_equal(r.status, 200);
	assert_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	resp_free(&r);
}

/* Kept while the generation holds (also past the once-a-second check),
 * renewed within about a second once it moves. */
static void test_kept_until_generation_moves(void **state)
{
	struct fx *f = *state;

	wait_logged(f);
	warm(&f->d.s, f->path);
	assert_false(page_shows(&f->d.s, f->path, MARK));
	change_unnoticed(f);
	usleep(1300 * 1000);
	assert_false(page_shows(&f->d.s, f->path, MARK)); /* still the kept page */
	assert_true(page_shows(&f->plain, f->path, MARK)); /* rendered every time */
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE portal_generation SET n = n + 1 WHERE id = 1"), 0);
	long took = wait_for(&f->d.s, f->path, MARK, 0, 3000);
	assert_true(took >= 0 && took <= 1500);
	/* The title back, noticed like any change. */
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE publication SET title = replace(title, '" MARK "', '') "
					      "WHERE id = " THE_ITEM),
			 0);
	assert_true(wait_for(&f->d.s, f->path, MARK, 1, 3000) >= 0);
}

#define CERT "/certificates/14052400101"

/* The certificate check is kept like the publications (officers follow the
 * generation), but never past midnight: its verdict is for today. */
static void test_certificate_until_midnight(void **state)
{
	struct fx *f = *state;

	warm(&f->d.s, CERT);
	warm(&f->late, CERT);
	assert_false(page_shows(&f->d.s, CERT, MARK));
	assert_false(page_shows(&f->late, CERT, MARK));
	assert_int_equal(db_exec_sql(&f->d.s, "BEGIN; UPDATE officer SET name = name || '" MARK "' "
					      "WHERE cert_no = '14052400101'; UPDATE portal_generation "
					      "SET n = n - 1 WHERE id = 1; COMMIT;"),
			 0);
	usleep(1300 * 1000);
	assert_false(page_shows(&f->d.s, CERT, MARK)); /* kept: nothing noticed */
	assert_true(page_shows(&f->late, CERT, MARK)); /* one second to midnight: renewed */
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE officer SET name = replace(name, '" MARK "', '') "
					      "WHERE cert_no = '14052400101'"),
			 0);
	assert_true(wait_for(&f->d.s, CERT, MARK, 1, 3000) >= 0);
}

/* A publisher's change through this server is on its next anonymous page
 * at once; the second server follows within about a second. */
static void test_write_seen(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char path[96], reason[64];

	wait_logged(f);
	warm(&f->d.s, "/decisions");
	warm(&f->d.s, f->path);
	warm(&f->b, "/decisions");
	assert_true(wait_for(&f->b, f->path, "verify.js", 0, 3000) >= 0);
	warm(&f->b, f->path);
	assert_true(page_shows(&f->d.s, "/decisions", f->path));
	assert_true(page_shows(&f->b, "/decisions", f->path));
	demo_new_session(&f->d);
	assert_int_equal(client_login(&f->d.cl, "publisher1", "demo", NULL), 303);
	snprintf(path, sizeof(path), "/workbench/publications/%ld/end", f->id);
	snprintf(reason, sizeof(reason), "%s", "当事人信用修复，提前撤下");
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "why", "removed", "reason", reason, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_true(page_shows(&f->d.s, f->path, "已提前撤下"));
	assert_false(page_shows(&f->d.s, "/decisions", f->path));
	long took = wait_for(&f->b, f->path, "已提前撤下", 0, 3000);
	assert_true(took >= 0 && took <= 1500);
	assert_true(wait_for(&f->b, "/decisions", f->path, 1, 3000) >= 0);
}

/* A signed-in visitor gets the page rendered for them, never a kept one, and
 * nothing of theirs is kept for others. */
static void test_signed_in_not_kept(void **state)
{
	struct fx *f = *state;
	struct resp r;

	assert_false(page_shows(&f->d.s, "/decisions", "退出"));
	demo_new_session(&f->d);
	assert_int_equal(client_login(&f->d.cl, "publisher1", "demo", NULL), 303);
	demo_get(&f->d, "/decisions", 200, &r, "退出", "publisher1", NULL);
	resp_free(&r);
	assert_false(page_shows(&f->d.s, "/decisions", "退出"));
	assert_false(page_shows(&f->d.s, "/decisions", "publisher1"));
}

/* Without kept pages: no ETag of the server's own on the list. */
static void test_disabled(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char etag[128];

	get_on(&f->plain, "/decisions", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	resp_free(&r);
	get_on(&f->d.s, "/decisions", NULL, &r);
	assert_non_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_etag_and_304),
		cmocka_unit_test(test_head_then_get),
		cmocka_unit_test(test_odd_host_not_kept),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_kept_until_generation_moves),
		cmocka_unit_test(test_signed_in_not_kept),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_certificate_until_midnight),
		cmocka_unit_test(test_write_seen),
	};
	struct fx f = {.d = {.setup = setup, .teardown = teardown}};
	return demo_run_tests(tests, &f.d);
}
