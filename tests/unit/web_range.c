/* Unit tests of the Range header parser (web/http.c zf_http_range_parse): every single-range form, ranges ignored, unsatisfiable ranges, overflow and empty files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/err.h"
#include "web/http.h"

#define G ((uint64_t)1 << 30)
#define BIG "99999999999999999999999" /* past 2^64 */

/* One case: VALUE against SIZE gives RC and, when 0, [A, B]. */
struct range_case {
	const char *value;
	uint64_t size;
	int rc;
	uint64_t a, b;
};

static void check(const struct range_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t s = 12345, e = 67890;
		int got = zf_http_range_parse(c[i].value, c[i].size, &s, &e);
		if (got != c[i].rc)
			fail_msg("\"%s\" size %llu: rc %d, want %d", c[i].value ? c[i].value : "(null)",
				 (unsigned long long)c[i].size, got, c[i].rc);
		if (got == 0 && (s != c[i].a || e != c[i].b))
			fail_msg("\"%s\" size %llu: [%llu, %llu], want [%llu, %llu]", c[i].value,
				 (unsigned long long)c[i].size, (unsigned long long)s,
				 (unsigned long long)e, (unsigned long long)c[i].a,
				 (unsigned long long)c[i].b);
	}
}
#define CHECK(t) check((t), sizeof(t) / sizeof((t)[0]))

static void test_first_last(void **state)
{
	static const struct range_case t[] = {
		{"bytes=0-0", 100, 0, 0, 0},
		{"bytes=0-99", 100, 0, 0, 99},
		{"bytes=10-19", 100, 0, 10, 19},
		{"bytes=99-99", 100, 0, 99, 99},
		/* a last position past the end is cut to the end */
		{"bytes=50-1000", 100, 0, 50, 99},
		{"bytes=0-18446744073709551615", 100, 0, 0, 99},
		/* the unit is case-insensitive; spaces around the value */
		{"Bytes=1-2", 100, 0, 1, 2},
		{"  bytes = 3-4 ", 100, 0, 3, 4},
	};
	(void)state;
	CHECK(t);
}

static void test_open_ended(void **state)
{
	static const struct range_case t[] = {
		{"bytes=0-", 100, 0, 0, 99},
		{"bytes=42-", 100, 0, 42, 99},
		{"bytes=99-", 100, 0, 99, 99},
		{"bytes=100-", 100, ZF_EINVAL, 0, 0},
		{"bytes=4294967296-", 8 * G, 0, 4 * G, 8 * G - 1},
	};
	(void)state;
	CHECK(t);
}

static void test_suffix(void **state)
{
	static const struct range_case t[] = {
		{"bytes=-1", 100, 0, 99, 99},
		{"bytes=-10", 100, 0, 90, 99},
		{"bytes=-100", 100, 0, 0, 99},
		{"bytes=-500", 100, 0, 0, 99},
		{"bytes=-0", 100, ZF_EINVAL, 0, 0},
	};
	(void)state;
	CHECK(t);
}

static void test_unsatisfiable(void **state)
{
	static const struct range_case t[] = {
		{"bytes=100-200", 100, ZF_EINVAL, 0, 0},
		{"bytes=1000-", 100, ZF_EINVAL, 0, 0},
	};
	(void)state;
	CHECK(t);
}

static void test_ignored(void **state)
{
	static const struct range_case t[] = {
		{NULL, 100, ZF_ENOTFOUND, 0, 0},
		{"", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=-", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes 0-1", 100, ZF_ENOTFOUND, 0, 0},
		{"items=0-1", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=a-1", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=1-b", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=5-4", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=--1", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=+1-2", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=1-2x", 100, ZF_ENOTFOUND, 0, 0},
		/* several ranges: served whole */
		{"bytes=0-1,5-6", 100, ZF_ENOTFOUND, 0, 0},
		{"bytes=0-1, -5", 100, ZF_ENOTFOUND, 0, 0},
	};
	(void)state;
	CHECK(t);
}

static void test_overflow(void **state)
{
	/* positions past 2^64 saturate: a first position is past any file */
	static const struct range_case t[] = {
		{"bytes=" BIG "-", 100, ZF_EINVAL, 0, 0},
		{"bytes=" BIG "-" BIG, 100, ZF_EINVAL, 0, 0},
		{"bytes=0-" BIG, 100, 0, 0, 99},
		{"bytes=-" BIG, 100, 0, 0, 99},
		{"bytes=18446744073709551615-", UINT64_MAX, ZF_EINVAL, 0, 0},
		{"bytes=-1", UINT64_MAX, 0, UINT64_MAX - 1, UINT64_MAX - 1},
	};
	(void)state;
	CHECK(t);
}

static void test_empty_file(void **state)
{
	static const struct range_case t[] = {
		{"bytes=0-", 0, ZF_EINVAL, 0, 0},
		{"bytes=0-0", 0, ZF_EINVAL, 0, 0},
		{"bytes=-1", 0, ZF_EINVAL, 0, 0},
		{"bytes=-0", 0, ZF_EINVAL, 0, 0},
		{"bytes=1-0", 0, ZF_ENOTFOUND, 0, 0},
	};
	(void)state;
	CHECK(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_last),  cmocka_unit_test(test_open_ended),
		cmocka_unit_test(test_suffix),      cmocka_unit_test(test_unsatisfiable),
		cmocka_unit_test(test_ignored),     cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_empty_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
