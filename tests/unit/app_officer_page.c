/* Unit tests of the paged officer lists (zf_store_officer_page, zf_app_officer_page) on a fresh database (SQLite, or PostgreSQL with ZF_TEST_PG): a walk over every page gives the whole list in order with no duplicate and no gap, filters combine, and bad input names its field. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/registry.h"
#include "core/role.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time. */
#define T_0302 1772416800
#define OFFICERS 300

struct ctx {
	struct fixture f; /* first: the fixture's state points at it */
	char data[128];
	struct zf_app *app;
	int64_t body[3];  /* the third one is suspended */
	struct zf_actor pub, registrar;
};

/* Inserts officer I of the set: spread over the bodies out of order, names
 * with a few shared parts, one with a LIKE wildcard, a few certificates no
 * longer valid. */
static int64_t add_officer(struct ctx *c, int i)
{
	static const char *const family[] = {"张", "李", "王", "赵", "钱"};
	char name[64], cert[32];
	struct zf_officer o = {.body_id = c->body[(i * 7) % 3], .name = name, .cert_no = cert,
			       .valid_from = "2024-01-01", .valid_to = "2029-12-31",
			       .state = ZF_CERT_VALID};
	int64_t id = 0;

	snprintf(name, sizeof(name), "%s%s%d", family[i % 5], i % 11 == 0 ? "建国" : "某", i);
	if (i == 17)
		snprintf(name, sizeof(name), "王100%%");
	/* Certificate numbers do not follow insertion order. */
	snprintf(cert, sizeof(cert), "ZJ-%05d", (i * 37) % 1000);
	if (i % 50 == 3)
		o.state = ZF_CERT_SUSPENDED;
	if (i % 50 == 4)
		o.valid_to = "2026-04-01"; /* expiring within 60 days of 2026-03-02 */
	if (i % 50 == 5)
		o.valid_to = "2025-12-31"; /* expired */
	if (zf_store_officer_insert(c->f.db, &o, 1000, &id, &c->f.err))
		return 0;
	return id;
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	struct zf_body b;

	if (fixture_app(&c->f, c->data, sizeof(c->data), &c->app))
		return -1;
	c->app->clock.fixed = T_0302;
	c->body[0] = fixture_body(c->f.db, "甲局", "11330000002482014X");
	c->body[1] = fixture_body(c->f.db, "乙局", "91330100MA27XL0E2W");
	c->body[2] = fixture_body(c->f.db, "丙局", "12330000470003352K");
	if (!c->body[0] || !c->body[1] || !c->body[2] || zf_db_begin(c->f.db, 1, &c->f.err))
		return -1;
	for (int i = 0; i < OFFICERS; i++)
		if (!add_officer(c, i))
			return -1;
	if (zf_db_commit(c->f.db, &c->f.err) ||
	    zf_store_body_get(c->f.db, c->f.a, c->body[2], &b, &c->f.err))
		return -1;
	b.state = ZF_BODY_SUSPENDED;
	b.state_date = "2026-01-05";
	b.state_reason = "机构改革";
	if (zf_store_body_update(c->f.db, &b, 2000, &c->f.err))
		return -1;
	memset(&c->pub, 0, sizeof(c->pub));
	fixture_actor(&c->registrar, 20, "registrar1", ZF_ROLE_REGISTRAR, c->body[0], 0);
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

/* Whether the unpaged list's officer O passes the filters of Q (name part,
 * body, active bodies, exact certificate) the way the SQL should. */
static int wanted(const struct zf_officer *o, const struct zf_officer_query *q)
{
	return (!q->body_id || o->body_id == q->body_id) &&
	       (!q->active_bodies || !o->body_suspended) &&
	       (!q->q || strstr(o->name, q->q)) &&
	       (!q->cert_no || !strcmp(o->cert_no, q->cert_no));
}

/* Walks every page of Q (LIMIT rows each) through the store and checks they
 * join into exactly the unpaged list filtered as WANTED says. Returns the
 * number of officers seen. */
static size_t walk_store(struct ctx *c, struct zf_officer_query q, size_t limit)
{
	struct zf_officer *all = NULL, *page = NULL;
	size_t nall = 0, npage = 0, seen = 0, expect = 0, pages = 0;
	int64_t suspended = c->body[2];

	assert_int_equal(zf_store_officer_list(c->f.db, c->f.a, 0, &all, &nall, &c->f.err), 0);
	assert_int_equal(nall, OFFICERS);
	for (size_t i = 0; i < nall; i++)
		all[i].body_suspended = all[i].body_id == suspended;
	q.limit = limit;
	q.after = (struct zf_officer_key){0};
	do {
		assert_int_equal(zf_store_officer_page(c->f.db, c->f.a, &q, &page, &npage, &c->f.err), 0);
		assert_true(npage <= limit);
		for (size_t k = 0; k < npage; k++, seen++) {
			while (expect < nall && !wanted(&all[expect], &q))
				expect++;
			assert_true(expect < nall);
			/* The next officer of the whole list, so none skipped or repeated. */
			assert_int_equal(page[k].id, all[expect].id);
			assert_int_equal(page[k].body_suspended, page[k].body_id == suspended);
			expect++;
		}
		if (npage) {
			q.after = (struct zf_officer_key){page[npage - 1].body_id, page[npage - 1].cert_no,
							  page[npage - 1].id};
		}
		assert_true(++pages <= OFFICERS + 1);
	} while (npage == limit);
	while (expect < nall && !wanted(&all[expect], &q))
		expect++;
	assert_int_equal(expect, nall); /* no gap at the end either */
	return seen;
}

static void test_store_walk_every_page(void **state)
{
	struct ctx *c = *state;
	struct zf_officer_query q = {0};

	assert_int_equal(walk_store(c, q, 7), OFFICERS);
	assert_int_equal(walk_store(c, q, 300), OFFICERS); /* one full page, then an empty one */
	assert_int_equal(walk_store(c, q, 1), OFFICERS);
	q.active_bodies = 1;
	assert_int_equal(walk_store(c, q, 13), OFFICERS - OFFICERS / 3);
}

static void test_store_filters_combined(void **state)
{
	struct ctx *c = *state;
	struct zf_officer_query q = {.body_id = c->body[1], .q = "建国"};
	size_t n = walk_store(c, q, 4);

	assert_true(n > 4 && n < 20); /* several pages, a part of the whole */
	q.body_id = 0;
	q.q = "张";
	assert_int_equal(walk_store(c, q, 9), OFFICERS / 5);
	q.q = "张";
	q.cert_no = "ZJ-00037"; /* officer 1: 李某1, so nothing with 张 */
	assert_int_equal(walk_store(c, q, 9), 0);
	q.q = "李";
	assert_int_equal(walk_store(c, q, 9), 1);
	/* A LIKE wildcard typed by the user matches itself only. */
	q = (struct zf_officer_query){.q = "%"};
	assert_int_equal(walk_store(c, q, 5), 1);
	q.q = "_";
	assert_int_equal(walk_store(c, q, 5), 0);
}

static void test_store_certificate_filters(void **state)
{
	struct ctx *c = *state;
	struct zf_officer_query q = {.cert = ZF_OFFICER_CERT_INVALID, .today = "2026-03-02",
				     .soon = "2026-05-01", .limit = 200};
	struct zf_officer *o = NULL;
	size_t n = 0;

	assert_int_equal(zf_store_officer_page(c->f.db, c->f.a, &q, &o, &n, &c->f.err), 0);
	/* 6 suspended + 6 expired certificates, and the 100 of the suspended
	 * body (2 + 2 of those already counted). */
	assert_int_equal(n, 6 + 6 + 100 - 4);
	q.cert = ZF_OFFICER_CERT_EXPIRING;
	assert_int_equal(zf_store_officer_page(c->f.db, c->f.a, &q, &o, &n, &c->f.err), 0);
	assert_int_equal(n, 4); /* 6 expiring, 2 of them in the suspended body */
	for (size_t i = 0; i < n; i++)
		assert_string_equal(o[i].valid_to, "2026-04-01");
	q.limit = 0;
	assert_int_equal(zf_store_officer_page(c->f.db, c->f.a, &q, &o, &n, &c->f.err), ZF_EINVAL);
}

static void test_app_pages_and_cursor(void **state)
{
	struct ctx *c = *state;
	struct zf_officer_find in = {0};
	struct zf_officer_page p;
	size_t total = 0, pages = 0;
	int64_t last = 0;

	zf_err_clear(&c->f.err);
	/* The public: 50 a page, officers of active bodies only. */
	do {
		assert_int_equal(zf_app_officer_page(c->app, &c->pub, c->f.a, &in, &p, &c->f.err), 0);
		assert_true(p.n <= ZF_OFFICER_PAGE_SIZE);
		for (size_t i = 0; i < p.n; i++) {
			assert_int_not_equal(p.officers[i].body_id, c->body[2]);
			assert_int_not_equal(p.officers[i].id, last);
		}
		if (p.next)
			assert_int_equal(p.n, ZF_OFFICER_PAGE_SIZE);
		total += p.n;
		last = p.n ? p.officers[p.n - 1].id : 0;
		in.after = p.next;
		pages++;
	} while (p.next);
	assert_int_equal(total, 200);
	assert_int_equal(pages, 4); /* exactly 4 full pages: no empty fifth page */

	/* Staff see every body; LIMIT pages them; the name query is trimmed. */
	in = (struct zf_officer_find){.q = "  建国 ", .limit = 10};
	assert_int_equal(zf_app_officer_page(c->app, &c->registrar, c->f.a, &in, &p, &c->f.err), 0);
	assert_string_equal(p.q, "建国");
	assert_int_equal(p.n, 10);
	assert_non_null(p.next);
	in.after = p.next;
	assert_int_equal(zf_app_officer_page(c->app, &c->registrar, c->f.a, &in, &p, &c->f.err), 0);
	assert_int_equal(p.n, 10);
	in.after = p.next;
	assert_int_equal(zf_app_officer_page(c->app, &c->registrar, c->f.a, &in, &p, &c->f.err), 0);
	assert_int_equal(p.n, 28 - 20); /* i % 11 == 0 below 300: 28 officers */
	assert_null(p.next);

	/* A certificate number as a citizen types it: normalised, exact. */
	in = (struct zf_officer_find){.cert_no = " zj-00037 "};
	assert_int_equal(zf_app_officer_page(c->app, &c->pub, c->f.a, &in, &p, &c->f.err), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.cert_no, "ZJ-00037");
	assert_string_equal(p.officers[0].name, "李某1");
	/* Staff search: part of a certificate number in the name box. */
	in = (struct zf_officer_find){.q = "zj-0003", .q_cert = 1};
	assert_int_equal(zf_app_officer_page(c->app, &c->registrar, c->f.a, &in, &p, &c->f.err), 0);
	assert_true(p.n >= 2);
	for (size_t i = 0; i < p.n; i++)
		assert_non_null(strstr(p.officers[i].cert_no, "ZJ-0003"));
}

/* Expects IN to be refused with a field error on FIELD. */
static void refused(struct ctx *c, const struct zf_officer_find *in, const char *field)
{
	struct zf_officer_page p;

	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_officer_page(c->app, &c->pub, c->f.a, in, &p, &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, field));
	assert_non_null(strstr(c->f.err.msg, field));
}

static void test_app_bad_input(void **state)
{
	struct ctx *c = *state;
	char long_q[200] = "";
	struct zf_officer_page p;

	for (int i = 0; i < 51; i++)
		memcpy(long_q + 3 * i, "张", 4); /* 3 bytes each, and the NUL */
	refused(c, &(struct zf_officer_find){.q = long_q}, "q");
	long_q[150] = '\0'; /* exactly 50 characters: accepted */
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_officer_page(c->app, &c->pub, c->f.a, &(struct zf_officer_find){.q = long_q},
					     &p, &c->f.err), 0);
	assert_int_equal(p.n, 0);
	refused(c, &(struct zf_officer_find){.q = "\xe5\xbc"}, "q");
	refused(c, &(struct zf_officer_find){.cert_no = "证号"}, "cert_no");
	refused(c, &(struct zf_officer_find){.after = "1.x.ZJ"}, "after");
	refused(c, &(struct zf_officer_find){.after = "1.2."}, "after");
	refused(c, &(struct zf_officer_find){.limit = ZF_OFFICER_PAGE_MAX + 1}, "limit");
	refused(c, &(struct zf_officer_find){.limit = -1}, "limit");
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_officer_page(c->app, &c->pub, c->f.a,
					     &(struct zf_officer_find){.body_id = 9999}, &p, &c->f.err),
			 ZF_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_walk_every_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_filters_combined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_certificate_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_pages_and_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_bad_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
