/* Unit tests of route matching (web/router.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/role.h"
#include "unit.h"
#include "web/router.h"

static int h_a(struct zf_req *req) { (void)req; return 0; }
static int h_b(struct zf_req *req) { (void)req; return 1; }

static const struct zf_route table[] = {
	{"GET", "/", ZF_PERM_PUBLIC, 0, 0, h_a, NULL},
	{"GET", "/officers", ZF_PERM_PUBLIC, 0, 0, h_a, NULL},
	{"GET", "/officers/<>", ZF_PERM_PUBLIC, 0, 0, h_a, NULL},
	{"GET", "/officers/new", ZF_PERM_REGISTRY_WRITE, 0, 0, h_b, NULL},
	{"POST", "/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 4096, 0, h_b, NULL},
	{"GET", "/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, h_a, NULL},
	{"DELETE", "/api/v1/tokens/<>", ZF_PERM_TOKEN_ADMIN, 0, 0, h_a, NULL},
	{"GET", "/a/<>/b/<>", ZF_PERM_PUBLIC, 0, 0, h_a, NULL},
	{"GET", "/log/tile/<*>", ZF_PERM_PUBLIC, 0, 0, h_a, NULL},
	{"GET", "/log/tile/entries/<*>", ZF_PERM_PUBLIC, 0, 0, h_b, NULL},
};
static const size_t ntable = sizeof(table) / sizeof(table[0]);

struct fx {
	struct zf_arena *a; /* first: an arena_fixture_new fixture */
	struct zf_match m;
};

static int setup(void **state)
{
	return arena_fixture_new(state, sizeof(struct fx));
}

static int match(struct fx *fx, const char *method, const char *path)
{
	return zf_router_match(table, ntable, method, path, fx->a, &fx->m);
}

/* Asserts that METHOD PATH matches route I of the table. */
static void expect_route(struct fx *fx, const char *method, const char *path, size_t i)
{
	assert_int_equal(match(fx, method, path), 0);
	assert_ptr_equal(fx->m.route, &table[i]);
}

static void test_literal_and_root(void **state)
{
	struct fx *fx = *state;
	expect_route(fx, "GET", "/", 0);
	expect_route(fx, "GET", "/officers", 1);
	assert_int_equal(fx->m.nargs, 0);
}

static void test_args_decoded(void **state)
{
	struct fx *fx = *state;
	expect_route(fx, "GET", "/officers/%E5%BC%A0%E4%B8%89", 2);
	assert_int_equal(fx->m.nargs, 1);
	assert_string_equal(fx->m.args[0], "张三");
	expect_route(fx, "GET", "/a/x%2Fy/b/2", 7);
	assert_string_equal(fx->m.args[0], "x/y");
	assert_string_equal(fx->m.args[1], "2");
}

static void test_literal_beats_wildcard(void **state)
{
	struct fx *fx = *state;
	expect_route(fx, "GET", "/officers/new", 3);
	expect_route(fx, "GET", "/officers/old", 2);
}

/* A final "<*>" takes the rest of the path, one segment or more; more
 * literal segments still win. */
static void test_rest(void **state)
{
	struct fx *fx = *state;
	expect_route(fx, "GET", "/log/tile/0/x001/234.p/7", 8);
	assert_int_equal(fx->m.nargs, 1);
	assert_string_equal(fx->m.args[0], "0");
	expect_route(fx, "GET", "/log/tile/1/000", 8);
	expect_route(fx, "GET", "/log/tile/entries/000", 9);
	assert_string_equal(fx->m.args[0], "000");
	expect_route(fx, "GET", "/log/tile/entries", 8); /* the rest is "entries" */
	const char *none[] = {"/log/tile", "/log/tile/", "/log/tile/0//000", "/log/tile/0/"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		assert_int_equal(match(fx, "GET", none[i]), 0);
		if (fx->m.route)
			fail_msg("%s matched route %s", none[i], fx->m.route->pattern);
	}
}

static void test_not_found(void **state)
{
	struct fx *fx = *state;
	const char *paths[] = {"/nope", "/officers/", "/officers/1/edit/x", "/officers//edit", "/a/1/b"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(match(fx, "GET", paths[i]), 0);
		assert_null(fx->m.route);
		assert_int_equal(fx->m.path_known, 0);
	}
}

static void test_method_not_allowed(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(match(fx, "PUT", "/officers/7/edit"), 0);
	assert_null(fx->m.route);
	assert_int_equal(fx->m.path_known, 1);
	assert_string_equal(fx->m.allow, "POST, GET, HEAD");
	expect_route(fx, "POST", "/officers/7/edit", 4);
	assert_string_equal(fx->m.args[0], "7");
	assert_int_equal(match(fx, "GET", "/api/v1/tokens/3"), 0);
	assert_null(fx->m.route);
	assert_string_equal(fx->m.allow, "DELETE");
}

static void test_head_is_get(void **state)
{
	struct fx *fx = *state;
	expect_route(fx, "HEAD", "/officers", 1);
	assert_int_equal(match(fx, "HEAD", "/api/v1/tokens/3"), 0);
	assert_null(fx->m.route);
}

static void test_refused_paths(void **state)
{
	struct fx *fx = *state;
	const char *bad[] = {"officers", "/officers/..", "/officers/%2e%2E", "/./officers",
			     "/officers/%00", "/officers/%FF", "/officers/%zz", "/officers/%0A",
			     "/officers/%C0%AE"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(match(fx, "GET", bad[i]), ZF_EINVAL);
	char deep[2 * ZF_ROUTE_MAX_SEGMENTS + 3];
	for (int i = 0; i <= ZF_ROUTE_MAX_SEGMENTS; i++)
		memcpy(deep + 2 * i, "/x", 3);
	assert_int_equal(match(fx, "GET", deep), ZF_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_root),
		cmocka_unit_test(test_args_decoded),
		cmocka_unit_test(test_literal_beats_wildcard),
		cmocka_unit_test(test_rest),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_head_is_get),
		cmocka_unit_test(test_refused_paths),
	};
	return run_fresh(tests, setup, arena_fixture_free);
}
