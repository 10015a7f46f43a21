/* Unit tests of route matching (web/router.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/role.h"
#include "web/router.h"

static int h_a(struct zf_req *req) { (void)req; return 0; }
static int h_b(struct zf_req *req) { (void)req; return 1; }

static const struct zf_route table[] = {
	{"GET", "/", ZF_PERM_PUBLIC, 0, 0, h_a},
	{"GET", "/officers", ZF_PERM_PUBLIC, 0, 0, h_a},
	{"GET", "/officers/<>", ZF_PERM_PUBLIC, 0, 0, h_a},
	{"GET", "/officers/new", ZF_PERM_REGISTRY_WRITE, 0, 0, h_b},
	{"POST", "/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 4096, 0, h_b},
	{"GET", "/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, h_a},
	{"DELETE", "/api/v1/tokens/<>", ZF_PERM_TOKEN_ADMIN, 0, 0, h_a},
	{"GET", "/a/<>/b/<>", ZF_PERM_PUBLIC, 0, 0, h_a},
};
static const size_t ntable = sizeof(table) / sizeof(table[0]);

struct fx {
	struct zf_arena *a;
	struct zf_match m;
};

static int setup(void **state)
{
	static struct fx fx;
	memset(&fx, 0, sizeof(fx));
	fx.a = zf_arena_new(0);
	*state = &fx;
	return fx.a ? 0 : -1;
}

static int teardown(void **state)
{
	zf_arena_free(((struct fx *)*state)->a);
	return 0;
}

static int match(struct fx *fx, const char *method, const char *path)
{
	return zf_router_match(table, ntable, method, path, fx->a, &fx->m);
}

static void test_literal_and_root(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(match(fx, "GET", "/"), 0);
	assert_ptr_equal(fx->m.route, &table[0]);
	assert_int_equal(match(fx, "GET", "/officers"), 0);
	assert_ptr_equal(fx->m.route, &table[1]);
	assert_int_equal(fx->m.nargs, 0);
}

static void test_args_decoded(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(match(fx, "GET", "/officers/%E5%BC%A0%E4%B8%89"), 0);
	assert_ptr_equal(fx->m.route, &table[2]);
	assert_int_equal(fx->m.nargs, 1);
	assert_string_equal(fx->m.args[0], "张三");
	assert_int_equal(match(fx, "GET", "/a/x%2Fy/b/2"), 0);
	assert_ptr_equal(fx->m.route, &table[7]);
	assert_string_equal(fx->m.args[0], "x/y");
	assert_string_equal(fx->m.args[1], "2");
}

static void test_literal_beats_placeholder(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(match(fx, "GET", "/officers/new"), 0);
	assert_ptr_equal(fx->m.route, &table[3]);
	assert_int_equal(match(fx, "GET", "/officers/old"), 0);
	assert_ptr_equal(fx->m.route, &table[2]);
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
	assert_int_equal(match(fx, "POST", "/officers/7/edit"), 0);
	assert_ptr_equal(fx->m.route, &table[4]);
	assert_string_equal(fx->m.args[0], "7");
	assert_int_equal(match(fx, "GET", "/api/v1/tokens/3"), 0);
	assert_null(fx->m.route);
	assert_string_equal(fx->m.allow, "DELETE");
}

static void test_head_is_get(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(match(fx, "HEAD", "/officers"), 0);
	assert_ptr_equal(fx->m.route, &table[1]);
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
		cmocka_unit_test_setup_teardown(test_literal_and_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_args_decoded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literal_beats_placeholder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method_not_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_is_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
