/* Unit tests of the form, query-string and cookie parsers (web/form.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "web/form.h"

struct fx {
	struct zf_arena *a; /* first: an arena_fixture_new fixture */
	struct zf_form f;
	struct zf_err err;
};

static int setup(void **state)
{
	return arena_fixture_new(state, sizeof(struct fx));
}

static int parse(struct fx *fx, const char *s, size_t limit)
{
	zf_err_clear(&fx->err);
	return zf_form_parse(fx->a, s, strlen(s), limit, &fx->f, &fx->err);
}

/* Asserts that TEXT parses (value limit 100) into N fields, among them the
 * NAME, VALUE pairs that follow, up to a NULL. */
static void __attribute__((sentinel)) expect_form(struct fx *fx, const char *text, size_t n, ...)
{
	va_list ap;
	const char *name;

	assert_int_equal(parse(fx, text, 100), 0);
	assert_int_equal(fx->f.n, n);
	va_start(ap, n);
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		const char *got = zf_form_get(&fx->f, name);
		if (!got || strcmp(got, value) != 0)
			fail_msg("%s: field %s is \"%s\", wanted \"%s\"", text, name, got ? got : "(none)",
				 value);
	}
	va_end(ap);
}

static void test_decoding(void **state)
{
	struct fx *fx = *state;
	expect_form(fx, "a=1&b=hello+world&c=%E4%B8%AD%E6%96%87&d=50%25+off&e=a%2Bb", 5, "a", "1", "b",
		    "hello world", "c", "中文", "d", "50% off", "e", "a+b", NULL);
	assert_int_equal(fx->f.v[2].len, 6);
	assert_null(zf_form_get(&fx->f, "missing"));
}

static void test_names_and_empties(void **state)
{
	struct fx *fx = *state;
	expect_form(fx, "&&flag&x=&=orphan&%E5%90%8D=v&", 3, "flag", "", "x", "", "名", "v", NULL);
	expect_form(fx, "", 0, NULL);
	/* '=' inside a value belongs to the value. */
	expect_form(fx, "q=a=b", 1, "q", "a=b", NULL);
}

static void test_duplicates_first_wins(void **state)
{
	struct fx *fx = *state;
	expect_form(fx, "role=officer&role=secadmin&csrf=1&csrf=2", 4, "role", "officer", "csrf", "1",
		    NULL);
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
	expect_form(fx, "a=%41%62", 1, "a", "Ab", NULL);
	expect_form(fx, "a=%4a%4A", 1, "a", "JJ", NULL);
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
	expect_form(fx, "t=line1%0D%0Aline2%09end", 1, "t", "line1\r\nline2\tend", NULL);
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
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_names_and_empties),
		cmocka_unit_test(test_duplicates_first_wins),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_name_and_value_limits),
		cmocka_unit_test(test_invalid_escapes),
		cmocka_unit_test(test_invalid_utf8_and_controls),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_pct_decode),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_cookie_limits),
	};
	return run_fresh(tests, setup, arena_fixture_free);
}
