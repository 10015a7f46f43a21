/* Helpers shared by the unit tests: running a file's tests each with the same fresh fixture, and an arena fixture. */
#ifndef ZF_TEST_UNIT_H
#define ZF_TEST_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "util/arena.h"

/* Runs the N TESTS (named NAME) as one group, each between SETUP and TEARDOWN
 * so that every test gets a fresh fixture. Returns the number of failures. */
static inline int unit_run_fresh(const char *name, const struct CMUnitTest *tests, size_t n,
				 CMFixtureFunction setup, CMFixtureFunction teardown)
{
	struct CMUnitTest *each = calloc(n, sizeof(*each));
	int failed;

	if (!each)
		return 1;
	for (size_t i = 0; i < n; i++) {
		each[i] = tests[i];
		each[i].setup_func = setup;
		each[i].teardown_func = teardown;
	}
	failed = _cmocka_run_group_tests(name, each, n, NULL, NULL);
	free(each);
	return failed;
}

/* cmocka_run_group_tests with SETUP and TEARDOWN around each test of the array TESTS. */
#define run_fresh(tests, setup, teardown) \
	unit_run_fresh(#tests, tests, sizeof(tests) / sizeof((tests)[0]), setup, teardown)

/* Per-test setup of a fixture: SIZE zeroed bytes, a struct whose first member
 * is a struct zf_arena *, set to a new arena. Returns 0 or -1. */
static inline int arena_fixture_new(void **state, size_t size)
{
	struct zf_arena **a = calloc(1, size);

	if (!a || !(*a = zf_arena_new(0))) {
		free(a);
		return -1;
	}
	*state = a;
	return 0;
}

/* Per-test teardown of an arena_fixture_new fixture. */
static inline int arena_fixture_free(void **state)
{
	struct zf_arena **a = *state;

	zf_arena_free(*a);
	free(a);
	return 0;
}

#endif
