/* Unit tests of the Range header parser (web/http.c zf_http_range_parse): every single-range form, ranges ignored, unsatisfiable ranges, overflow and empty files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/err.h"
#include "web/http.h"

/* Parses VALUE against SIZE expecting RC and, when 0, [A, B]. */
static void expect_range(const char *value, uint64_t size, int rc, uint64_t a, uint64_t b)
{
	uint64_t s = 12345, e = 67890;
	int got = zf_http_range_parse(value, size, &s, &e);
	if (got != rc)
		fail_msg("\"%s\" size %llu: rc %d, want %d", value ? value : "(null)",
			 (unsigned long long)size, got, rc);
	if (rc == 0) {
		assert_int_equal(s, a);
		assert_int_equal(e, b);
	}
}

static void test_first_last(void **state)
{
	(void)state;
	expect_range("bytes=0-0", 100, 0, 0, 0);
	expect_range("bytes=0-99", 100, 0, 0, 99);
	expect_range("bytes=10-19", 100, 0, 10, 19);
	expect_range("bytes=99-99", 100, 0, 99, 99);
	/* a last position past the end is cut to the end */
	expect_range("bytes=50-1000", 100, 0, 50, 99);
	expect_range("bytes=0-18446744073709551615", 100, 0, 0, 99);
	/* unit case-insensitive, spaces around the value */
	expect_range("Bytes=1-2", 100, 0, 1, 2);
	expect_range("  bytes = 3-4 ", 100, 0, 3, 4);
}

static void test_open_ended(void **state)
{
	(void)state;
	expect_range("bytes=0-", 100, 0, 0, 99);
	expect_range("bytes=42-", 100, 0, 42, 99);
	expect_range("bytes=99-", 100, 0, 99, 99);
	expect_range("bytes=100-", 100, ZF_EINVAL, 0, 0);
	expect_range("bytes=4294967296-", (uint64_t)1 << 33, 0, (uint64_t)1 << 32,
		     ((uint64_t)1 << 33) - 1);
}

static void test_suffix(void **state)
{
	(void)state;
	expect_range("bytes=-1", 100, 0, 99, 99);
	expect_range("bytes=-10", 100, 0, 90, 99);
	expect_range("bytes=-100", 100, 0, 0, 99);
	expect_range("bytes=-500", 100, 0, 0, 99);
	expect_range("bytes=-0", 100, ZF_EINVAL, 0, 0);
}

static void test_unsatisfiable(void **state)
{
	(void)state;
	expect_range("bytes=100-200", 100, ZF_EINVAL, 0, 0);
	expect_range("bytes=1000-", 100, ZF_EINVAL, 0, 0);
}

static void test_ignored(void **state)
{
	(void)state;
	expect_range(NULL, 100, ZF_ENOTFOUND, 0, 0);
	expect_range("", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=-", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes 0-1", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("items=0-1", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=a-1", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=1-b", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=5-4", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=--1", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=+1-2", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=1-2x", 100, ZF_ENOTFOUND, 0, 0);
	/* several ranges: served whole */
	expect_range("bytes=0-1,5-6", 100, ZF_ENOTFOUND, 0, 0);
	expect_range("bytes=0-1, -5", 100, ZF_ENOTFOUND, 0, 0);
}

static void test_overflow(void **state)
{
	(void)state;
	/* positions past 2^64 saturate: a first position is past any file */
	expect_range("bytes=99999999999999999999999-", 100, ZF_EINVAL, 0, 0);
	expect_range("bytes=99999999999999999999999-99999999999999999999999", 100, ZF_EINVAL, 0, 0);
	expect_range("bytes=0-99999999999999999999999", 100, 0, 0, 99);
	expect_range("bytes=-99999999999999999999999", 100, 0, 0, 99);
	expect_range("bytes=18446744073709551615-", UINT64_MAX, ZF_EINVAL, 0, 0);
	expect_range("bytes=-1", UINT64_MAX, 0, UINT64_MAX - 1, UINT64_MAX - 1);
}

static void test_empty_file(void **state)
{
	(void)state;
	expect_range("bytes=0-", 0, ZF_EINVAL, 0, 0);
	expect_range("bytes=0-0", 0, ZF_EINVAL, 0, 0);
	expect_range("bytes=-1", 0, ZF_EINVAL, 0, 0);
	expect_range("bytes=-0", 0, ZF_EINVAL, 0, 0);
	expect_range("bytes=1-0", 0, ZF_ENOTFOUND, 0, 0);
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
