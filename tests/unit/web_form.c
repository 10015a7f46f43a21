/* Unit tests of the form, query-string and cookie parsers (web/form.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "web/form.h"

struct fx {
	struct zf_arena *a;
	struct zf_form f;
	struct zf_err err;
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
	struct fx *fx = *state;
	zf_arena_free(fx->a);
	return 0;
}

static int parse(struct fx *fx, const char *s, size_t limit)
{
	zf_err_clear(&fx->err);
	return zf_form_parse(fx->a, s, strlen(s), limit, &fx->f, &fx->err);
}

static void test_decoding(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(parse(fx, "a=1&b=hello+world&c=%E4%B8%AD%E6%96%87&d=50%25+off&e=a%2Bb", 100), 0);
	assert_int_equal(fx->f.n, 5);
	assert_string_equal(zf_form_get(&fx->f, "a"), "1");
	assert_string_equal(zf_form_get(&fx->f, "b"), "hello world");
	assert_string_equal(zf_form_get(&fx->f, "c"), "中文");
	assert_string_equal(zf_form_get(&fx->f, "d"), "50% off");
	assert_string_equal(zf_form_get(&fx->f, "e"), "a+b");
	assert_int_equal(fx->f.v[2].len, 6);
	assert_null(zf_form_get(&fx->f, "missing"));
}

static void test_names_and_empties(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(parse(fx, "&&flag&x=&=orphan&%E5%90%8D=v&", 100), 0);
	assert_int_equal(fx->f.n, 3);
	assert_string_equal(zf_form_get(&fx->f, "flag"), "");
	assert_string_equal(zf_form_get(&fx->f, "x"), "");
	assert_string_equal(zf_form_get(&fx->f, "名"), "v");
	assert_int_equal(parse(fx, "", 100), 0);
	assert_int_equal(fx->f.n, 0);
	/* '=' inside a value belongs to the value. */
	assert_int_equal(parse(fx, "q=a=b", 100), 0);
	assert_string_equal(zf_form_get(&fx->f, "q"), "a=b");
}

static void test_duplicates_first_wins(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(parse(fx, "role=officer&role=secadmin&csrf=1&csrf=2", 100), 0);
	assert_int_equal(fx->f.n, 4);
	assert_string_equal(zf_form_get(&fx->f, "role"), "officer");
	assert_string_equal(zf_form_get(&fx->f, "csrf"), "1");
}

static void test_field_count_limit(void **state)
{
	struct fx *fx = *state;
	char buf[ZF_FORM_MAX_FIELDS * 8 + 16];
	size_t n = 0;

	for (int i = 0; i < ZF_FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%sf%d=1", i ? "&" : "", i);
	assert_int_equal(parse(fx, buf, 10), 0);
	assert_int_equal(fx->f.n, ZF_FORM_MAX_FIELDS);
	snprintf(buf + n, sizeof(buf) - n, "&x=1");
	assert_int_equal(parse(fx, buf, 10), ZF_EINVAL);
	assert_non_null(strstr(fx->err.msg, "200"));
	/* Empty pairs do not count. */
	assert_int_equal(parse(fx, "&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&a=1", 10), 0);
}

static void test_name_and_value_limits(void **state)
{
	struct fx *fx = *state;
	char buf[256];

	memset(buf, 'n', ZF_FORM_MAX_NAME);
	snprintf(buf + ZF_FORM_MAX_NAME, sizeof(buf) - ZF_FORM_MAX_NAME, "=v");
	assert_int_equal(parse(fx, buf, 10), 0);
	memset(buf, 'n', ZF_FORM_MAX_NAME + 1);
	snprintf(buf + ZF_FORM_MAX_NAME + 1, sizeof(buf) - ZF_FORM_MAX_NAME - 1, "=v");
	assert_int_equal(parse(fx, buf, 10), ZF_EINVAL);
	/* The value limit counts decoded bytes. */
	assert_int_equal(parse(fx, "v=%E4%B8%AD%E6%96%87", 6), 0);
	assert_int_equal(parse(fx, "v=%E4%B8%AD%E6%96%87x", 6), ZF_EINVAL);
	assert_non_null(strstr(fx->err.msg, "v"));
	assert_int_equal(parse(fx, "v=", 0), 0);
	assert_int_equal(parse(fx, "v=1", 0), ZF_EINVAL);
}

static void test_invalid_escapes(void **state)
{
	struct fx *fx = *state;
	const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%G0", "a=1%", "%=1", "a=%%41", "a=%+1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(fx, bad[i], 100), ZF_EINVAL);
		assert_true(fx->err.msg[0] != '\0');
	}
	assert_int_equal(parse(fx, "a=%41%62", 100), 0);
	assert_string_equal(zf_form_get(&fx->f, "a"), "Ab");
	assert_int_equal(parse(fx, "a=%4a%4A", 100), 0);
	assert_string_equal(zf_form_get(&fx->f, "a"), "JJ");
}

static void test_invalid_utf8_and_controls(void **state)
{
	struct fx *fx = *state;
	const char *bad[] = {
		"a=%FF",          /* not UTF-8 */
		"a=%C3%28",       /* bad continuation */
		"a=%C0%AF",       /* overlong '/' */
		"a=%ED%A0%80",    /* surrogate */
		"a=%E4%B8",       /* truncated */
		"a=%00",          /* NUL */
		"a=x%00y",
		"a=%01",          /* control */
		"a=%7F",
		"a=%C2%85",       /* C1 control */
		"a%0A=1",         /* newline in a name */
		"a%09=1",
		"%FF=1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(fx, bad[i], 100), ZF_EINVAL);
	}
	/* Tab, CR and LF are fine in values (textareas). */
	assert_int_equal(parse(fx, "t=line1%0D%0Aline2%09end", 100), 0);
	assert_string_equal(zf_form_get(&fx->f, "t"), "line1\r\nline2\tend");
	/* Raw (unescaped) bytes are checked the same way. */
	assert_int_equal(parse(fx, "a=\xff", 100), ZF_EINVAL);
	assert_int_equal(parse(fx, "a=\x01", 100), ZF_EINVAL);
}

static void test_not_nul_terminated(void **state)
{
	struct fx *fx = *state;
	const char s[] = {'a', '=', '1', '&', 'b', '=', '2'};
	assert_int_equal(zf_form_parse(fx->a, s, 5, 10, &fx->f, &fx->err), 0);
	assert_int_equal(fx->f.n, 2);
	assert_string_equal(zf_form_get(&fx->f, "b"), "");
	assert_int_equal(zf_form_parse(fx->a, s, 3, 10, &fx->f, &fx->err), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(zf_form_get(&fx->f, "a"), "1");
}

static void test_pct_decode(void **state)
{
	struct fx *fx = *state;
	char *out;
	size_t n;
	assert_int_equal(zf_pct_decode(fx->a, "a+b%20c", 7, 0, &out, &n), 0);
	assert_string_equal(out, "a+b c");
	assert_int_equal(n, 5);
	assert_int_equal(zf_pct_decode(fx->a, "a+b%20c", 7, 1, &out, &n), 0);
	assert_string_equal(out, "a b c");
	assert_int_equal(zf_pct_decode(fx->a, "%2", 2, 0, &out, &n), ZF_EINVAL);
	assert_int_equal(zf_pct_decode(fx->a, "x%00", 4, 0, &out, &n), 0);
	assert_int_equal(n, 2); /* NUL decodes: callers refuse it with the UTF-8 check */
}

static void test_cookies(void **state)
{
	struct fx *fx = *state;
	const char *h = "theme=dark;  zf_session=0123abcd ; quoted=\"v1\"; empty=; bad name=1; "
			"nov; sp=a b; zf_session=second";
	assert_int_equal(zf_cookie_parse(fx->a, h, strlen(h), &fx->f, &fx->err), 0);
	assert_string_equal(zf_form_get(&fx->f, "theme"), "dark");
	assert_string_equal(zf_form_get(&fx->f, "zf_session"), "0123abcd");
	assert_string_equal(zf_form_get(&fx->f, "quoted"), "v1");
	assert_string_equal(zf_form_get(&fx->f, "empty"), "");
	assert_null(zf_form_get(&fx->f, "bad name"));
	assert_null(zf_form_get(&fx->f, "nov"));
	assert_null(zf_form_get(&fx->f, "sp"));
	assert_int_equal(fx->f.n, 5);
	/* Cookies are not percent-decoded. */
	assert_int_equal(zf_cookie_parse(fx->a, "a=%41", 5, &fx->f, &fx->err), 0);
	assert_string_equal(zf_form_get(&fx->f, "a"), "%41");
	assert_int_equal(zf_cookie_parse(fx->a, "", 0, &fx->f, &fx->err), 0);
	assert_int_equal(fx->f.n, 0);
}

static void test_cookie_limits(void **state)
{
	struct fx *fx = *state;
	char buf[ZF_COOKIE_MAX * 12 + 64];
	size_t n = 0;

	for (int i = 0; i < ZF_COOKIE_MAX + 10; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "c%d=1; ", i);
	assert_int_equal(zf_cookie_parse(fx->a, buf, n, &fx->f, &fx->err), 0);
	assert_int_equal(fx->f.n, ZF_COOKIE_MAX);
	assert_null(zf_form_get(&fx->f, "c70"));
	/* Non-ASCII bytes are skipped, not fatal. */
	assert_int_equal(zf_cookie_parse(fx->a, "a=\xe4\xb8\xad; b=2", 10, &fx->f, &fx->err), 0);
	assert_null(zf_form_get(&fx->f, "a"));
	assert_string_equal(zf_form_get(&fx->f, "b"), "2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_empties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_first_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_count_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_and_value_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_and_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_nul_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pct_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
