/* Unit tests of the util layer: arena, buffer, strings, time, crypto, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/err.h"
#include "util/str.h"
#include "util/time.h"

/* ---- arena ------------------------------------------------------------- */

static void arena_basics(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(0);
	assert_non_null(a);
	unsigned char *prev = NULL;
	for (int i = 1; i < 2000; i += 7) {
		unsigned char *p = zf_arena_alloc(a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xab, (size_t)i);
		if (prev)
			assert_int_equal(prev[0], 0xab); /* earlier blocks survive */
		prev = p;
	}
	char *s = zf_arena_strdup(a, "执法 abc");
	assert_string_equal(s, "执法 abc");
	assert_null(zf_arena_strdup(a, NULL));
	assert_string_equal(zf_arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(zf_arena_strndup(a, "ab", 10), "ab");
	assert_string_equal(zf_arena_printf(a, "%s-%d", "x", 42), "x-42");
	/* A block bigger than a chunk. */
	unsigned char *big = zf_arena_alloc(a, 100000);
	assert_non_null(big);
	big[99999] = 1;
	zf_arena_free(a);
	zf_arena_free(NULL);
}

static void arena_limit(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1024);
	assert_non_null(a);
	/* The same answers in the release and the debug (sanitizer) builds. */
	assert_null(zf_arena_alloc(a, 1025));
	assert_non_null(zf_arena_alloc(a, 1000));
	assert_null(zf_arena_alloc(a, 100));
	assert_null(zf_arena_strdup(a, "a string longer than sixteen bytes"));
	assert_non_null(zf_arena_alloc(a, 10));
	assert_null(zf_arena_alloc(a, 1));
	assert_null(zf_arena_alloc(a, SIZE_MAX));
	zf_arena_free(a);

	a = zf_arena_new(0); /* 64 MiB */
	assert_null(zf_arena_alloc(a, ((size_t)64 << 20) + 1));
	assert_null(zf_arena_alloc(a, SIZE_MAX));
	assert_null(zf_arena_alloc(a, SIZE_MAX - 8));
	assert_non_null(zf_arena_alloc(a, (size_t)32 << 20));
	assert_null(zf_arena_alloc(a, (size_t)33 << 20));
	assert_non_null(zf_arena_alloc(a, (size_t)1 << 20));
	zf_arena_free(a);
	assert_null(zf_arena_alloc(NULL, 8));
}

/* ---- buffer ------------------------------------------------------------ */

static void buf_basics(void **state)
{
	(void)state;
	struct zf_buf b;
	zf_buf_init(&b, 0);
	assert_string_equal(zf_buf_cstr(&b), "");
	assert_int_equal(zf_buf_puts(&b, "abc"), 0);
	assert_int_equal(zf_buf_puts(&b, NULL), 0);
	assert_int_equal(zf_buf_add(&b, "defgh", 2), 0);
	assert_int_equal(zf_buf_printf(&b, "[%d|%s]", -7, "中"), 0);
	assert_string_equal(zf_buf_cstr(&b), "abcde[-7|中]");
	assert_int_equal(b.len, strlen("abcde[-7|中]"));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(zf_buf_puts(&b, "0123456789"), 0);
	assert_int_equal(b.len, strlen("abcde[-7|中]") + 10000);
	char *t = zf_buf_take(&b);
	assert_non_null(t);
	assert_int_equal(strlen(t), strlen("abcde[-7|中]") + 10000);
	free(t);
	assert_int_equal(b.len, 0);
	assert_string_equal(zf_buf_cstr(&b), "");
	t = zf_buf_take(&b);
	assert_string_equal(t, "");
	free(t);
	zf_buf_free(&b);
}

static void buf_html_url(void **state)
{
	(void)state;
	struct zf_buf b;
	zf_buf_init(&b, 0);
	assert_int_equal(zf_buf_add_html(&b, "<a href=\"x\">Tom & Jerry's</a>"), 0);
	assert_string_equal(zf_buf_cstr(&b),
			    "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	zf_buf_free(&b);
	assert_int_equal(zf_buf_add_html(&b, "执法&公示"), 0);
	assert_int_equal(zf_buf_add_html(&b, NULL), 0);
	assert_int_equal(zf_buf_add_html(&b, ""), 0);
	assert_int_equal(zf_buf_add_html(&b, "plain"), 0);
	assert_string_equal(zf_buf_cstr(&b), "执法&amp;公示plain");
	zf_buf_free(&b);
	assert_int_equal(zf_buf_add_url(&b, "a b/中?x=1&y~_.-"), 0);
	assert_string_equal(zf_buf_cstr(&b), "a%20b%2F%E4%B8%AD%3Fx%3D1%26y~_.-");
	zf_buf_free(&b);
}

static void buf_limit(void **state)
{
	(void)state;
	struct zf_buf b;
	zf_buf_init(&b, 8);
	assert_int_equal(zf_buf_puts(&b, "12345678"), 0);
	assert_int_equal(b.failed, 0);
	assert_int_equal(zf_buf_puts(&b, "9"), ZF_ENOMEM);
	assert_int_equal(b.failed, 1);
	/* Once failed, even an empty add fails, and the content stays whole. */
	assert_int_equal(zf_buf_add(&b, "", 0), ZF_ENOMEM);
	assert_string_equal(zf_buf_cstr(&b), "12345678");
	zf_buf_free(&b);
	assert_int_equal(b.failed, 0);
	assert_int_equal(b.limit, 8);

	/* Escaping counts against the limit too. */
	assert_int_equal(zf_buf_add_html(&b, "<<"), 0); /* 8 bytes */
	assert_int_equal(zf_buf_add_html(&b, "<"), ZF_ENOMEM);
	zf_buf_free(&b);
	assert_int_equal(zf_buf_printf(&b, "%d", 123456789), ZF_ENOMEM);
	zf_buf_free(&b);
	assert_int_equal(zf_buf_add(&b, "x", SIZE_MAX), ZF_ENOMEM);
	zf_buf_free(&b);
}

/* ---- strings ----------------------------------------------------------- */

static void str_to_i64(void **state)
{
	(void)state;
	int64_t v = 77;
	assert_int_equal(zf_str_to_i64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(zf_str_to_i64("-0", -1, 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(zf_str_to_i64("123", 0, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(zf_str_to_i64("-15", -20, 0, &v), 0);
	assert_int_equal(v, -15);
	assert_int_equal(zf_str_to_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(zf_str_to_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	/* Bounds are inclusive. */
	assert_int_equal(zf_str_to_i64("10", 0, 10, &v), 0);
	assert_int_equal(zf_str_to_i64("-5", -5, 10, &v), 0);
	v = 77;
	static const char *const bad[] = {
		"", " 1", "1 ", "+1", "1x", "0x10", "-", "--1", "- 1", "1.0", "1e3", "١",
		"9223372036854775808", "-9223372036854775809", "99999999999999999999",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zf_str_to_i64(bad[i], INT64_MIN, INT64_MAX, &v) != ZF_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(zf_str_to_i64(NULL, 0, 1, &v), ZF_EINVAL);
	assert_int_equal(zf_str_to_i64("11", 0, 10, &v), ZF_EINVAL);
	assert_int_equal(zf_str_to_i64("-6", -5, 10, &v), ZF_EINVAL);
	assert_int_equal(v, 77); /* untouched on error */
}

static int utf8(const char *s, int nl)
{
	return zf_str_utf8_ok(s, strlen(s), nl);
}

static void str_utf8(void **state)
{
	(void)state;
	assert_true(utf8("", 0));
	assert_true(utf8("plain ascii ~", 0));
	assert_true(utf8("执法公示 ０１ 〇", 0));
	assert_true(utf8("\xf0\x9f\x98\x80", 0));  /* U+1F600 */
	assert_true(utf8("\xf4\x8f\xbf\xbf", 0));  /* U+10FFFF */
	assert_true(utf8("\xef\xbf\xbd", 0));      /* U+FFFD */
	assert_true(utf8("\xc2\xa0", 0));          /* U+00A0 just after C1 */
	assert_true(utf8("\xed\x9f\xbf", 0));      /* U+D7FF just before surrogates */
	assert_true(utf8("\xee\x80\x80", 0));      /* U+E000 just after */
	/* Overlong forms. */
	assert_false(utf8("\xc0\xaf", 0));
	assert_false(utf8("\xc1\xbf", 0));
	assert_false(utf8("\xe0\x80\xaf", 0));
	assert_false(utf8("\xe0\x9f\xbf", 0));
	assert_false(utf8("\xf0\x80\x80\xaf", 0));
	assert_false(utf8("\xf0\x8f\xbf\xbf", 0));
	/* Surrogates and beyond U+10FFFF. */
	assert_false(utf8("\xed\xa0\x80", 0));
	assert_false(utf8("\xed\xbf\xbf", 0));
	assert_false(utf8("\xf4\x90\x80\x80", 0));
	assert_false(utf8("\xf5\x80\x80\x80", 0));
	assert_false(utf8("\xff", 0));
	/* Truncated and stray bytes. */
	assert_false(utf8("\xe6\x89", 0));
	assert_false(utf8("ab\xe6", 0));
	assert_false(utf8("\x80", 0));
	assert_false(utf8("\xe6\x89\x67", 0));
	assert_false(zf_str_utf8_ok("\xe6\x89\xa7", 2, 0)); /* N cuts the sequence */
	/* NUL, controls, DEL and C1 controls. */
	assert_false(zf_str_utf8_ok("a\0b", 3, 1));
	assert_false(utf8("\x01", 1));
	assert_false(utf8("\x1b[0m", 1));
	assert_false(utf8("\x7f", 1));
	assert_false(utf8("\xc2\x85", 1));
	assert_false(utf8("\xc2\x9f", 1));
	/* Line breaks and tabs only when allowed. */
	assert_true(utf8("a\nb\r\n\tc", 1));
	assert_false(utf8("a\nb", 0));
	assert_false(utf8("a\rb", 0));
	assert_false(utf8("a\tb", 0));
}

static void str_chars_trim(void **state)
{
	(void)state;
	assert_int_equal(zf_str_chars("中a文"), 3);
	assert_int_equal(zf_str_chars(""), 0);
	assert_int_equal(zf_str_chars(NULL), 0);
	assert_int_equal(zf_str_chars("\xf0\x9f\x98\x80x"), 2);

	char s1[] = "\xe3\x80\x80 \t执法 公示\xe3\x80\x80\r\n\xe3\x80\x80";
	assert_string_equal(zf_str_trim(s1), "执法 公示");
	char s2[] = "  \xe3\x80\x80  ";
	assert_string_equal(zf_str_trim(s2), "");
	char s3[] = "a\xe3\x80\x80" "b";
	assert_string_equal(zf_str_trim(s3), "a\xe3\x80\x80" "b");
	char s4[] = "";
	assert_string_equal(zf_str_trim(s4), "");
	char s5[] = "\xe3\x80";  /* an incomplete U+3000 is not space */
	assert_string_equal(zf_str_trim(s5), "\xe3\x80");
	char s6[] = "x";
	assert_ptr_equal(zf_str_trim(s6), s6);
	assert_null(zf_str_trim(NULL));

	assert_true(zf_str_blank(""));
	assert_true(zf_str_blank(" \t\xe3\x80\x80\n"));
	assert_false(zf_str_blank(" a "));
	assert_false(zf_str_blank("\xe3\x80\x81")); /* U+3001 、 is not space */

	char d[5];
	assert_int_equal(zf_strlcpy(d, "abcdefg", sizeof(d)), 7);
	assert_string_equal(d, "abcd");
	assert_int_equal(zf_strlcpy(d, "ab", sizeof(d)), 2);
	assert_string_equal(d, "ab");
	assert_int_equal(zf_strlcpy(d, "xyz", 0), 3);
	assert_string_equal(d, "ab");
}

/* ---- time -------------------------------------------------------------- */

static void time_parse_format(void **state)
{
	(void)state;
	struct zf_date d = {0, 0, 0};
	assert_int_equal(zf_date_parse("2026-03-05", &d), 0);
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 5);
	char iso[11], cn[24];
	zf_date_iso(d, iso);
	assert_string_equal(iso, "2026-03-05");
	zf_date_cn(d, cn);
	assert_string_equal(cn, "2026年3月5日");
	assert_int_equal(zf_date_parse("2024-02-29", &d), 0);
	assert_int_equal(zf_date_parse("2000-02-29", &d), 0);
	assert_int_equal(zf_date_parse("1900-01-01", &d), 0);
	assert_int_equal(zf_date_parse("2999-12-31", &d), 0);
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
		"2026-01-00", "1899-12-31", "3000-01-01", "2026-3-5", "2026/03/05",
		"2026-03-05 ", " 2026-03-05", "20260305", "2026-03-0a", "", "２０２６-03-05",
	};
	d.y = 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zf_date_parse(bad[i], &d) != ZF_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(zf_date_parse(NULL, &d), ZF_EINVAL);
	assert_int_equal(d.y, 1); /* untouched by the failures */

	/* Out-of-range values still fit the buffers. */
	struct zf_date odd = {-12345, -7, 123};
	zf_date_iso(odd, iso);
	assert_int_equal(strlen(iso), 10);
	zf_date_cn(odd, cn);
	assert_true(strlen(cn) < sizeof(cn));

	struct zf_date a = {2026, 3, 5}, b = {2026, 3, 6}, c = {2025, 12, 31}, e = {2026, 4, 1};
	assert_true(zf_date_cmp(a, b) < 0);
	assert_true(zf_date_cmp(b, a) > 0);
	assert_int_equal(zf_date_cmp(a, a), 0);
	assert_true(zf_date_cmp(c, a) < 0);
	assert_true(zf_date_cmp(e, b) > 0);

	char t[21];
	zf_time_rfc3339(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	zf_time_rfc3339(1772692200, t);
	assert_string_equal(t, "2026-03-05T06:30:00Z");
	char l[20];
	zf_time_local(1772692200, l);
	assert_string_equal(l, "2026-03-05 14:30");
	zf_time_local(1772640000, l); /* 16:00 UTC is the next day in Beijing */
	assert_string_equal(l, "2026-03-05 00:00");
}

static void time_days(void **state)
{
	(void)state;
	struct zf_date epoch = {1970, 1, 1}, y2k = {2000, 3, 1}, before = {1969, 12, 31};
	assert_int_equal(zf_date_days(epoch), 0);
	assert_int_equal(zf_date_days(y2k), 11017);
	assert_int_equal(zf_date_days(before), -1);
	struct zf_date d = {1900, 1, 1};
	int64_t n = zf_date_days(d);
	assert_int_equal(n, -25567);
	/* Every day from 1900 to 2999 round-trips and follows the previous one. */
	for (; d.y < 3000; n++) {
		struct zf_date back = zf_date_from_days(n);
		if (back.y != d.y || back.m != d.m || back.d != d.d)
			fail_msg("day %lld gave %d-%d-%d", (long long)n, back.y, back.m, back.d);
		assert_int_equal(zf_date_days(d), n);
		char iso[11];
		zf_date_iso(d, iso);
		struct zf_date p;
		assert_int_equal(zf_date_parse(iso, &p), 0);
		assert_int_equal(zf_date_cmp(p, d), 0);
		d = zf_date_from_days(n + 1);
	}
	assert_int_equal(n, zf_date_days((struct zf_date){3000, 1, 1}));
}

static void time_today(void **state)
{
	(void)state;
	struct zf_clock c = {.fixed = 1772639999}; /* 2026-03-04T15:59:59Z */
	assert_true(zf_clock_now(&c) == 1772639999);
	struct zf_date d = zf_clock_today(&c);
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 4);
	assert_int_equal(zf_clock_to_midnight(&c), 1);
	c.fixed = 1772640000; /* 16:00:00Z = midnight in Beijing */
	d = zf_clock_today(&c);
	assert_int_equal(d.d, 5);
	assert_int_equal(zf_clock_to_midnight(&c), 86400);
	c.fixed = 1772640000 + 8 * 3600; /* 08:00 in Beijing */
	assert_int_equal(zf_clock_to_midnight(&c), 16 * 3600);
	c.fixed = 1767225600 - 8 * 3600 - 1; /* 2025-12-31T15:59:59Z */
	d = zf_clock_today(&c);
	assert_int_equal(d.y, 2025);
	assert_int_equal(d.m, 12);
	assert_int_equal(d.d, 31);
	c.fixed = 1767225600 - 8 * 3600; /* new year in Beijing */
	d = zf_clock_today(&c);
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 1);
	/* Before 1970 the division must round down. */
	c.fixed = -8 * 3600 - 1;
	d = zf_clock_today(&c);
	assert_int_equal(d.y, 1969);
	assert_int_equal(d.m, 12);
	assert_int_equal(d.d, 31);
	/* The real clock is after this code was written. */
	assert_true(zf_clock_now(NULL) > 1767225600);
	struct zf_clock real = {0};
	assert_true(zf_clock_today(&real).y >= 2026);
}

/* ---- crypto ------------------------------------------------------------ */

static void crypto_vectors(void **state)
{
	(void)state;
	assert_int_equal(zf_crypto_init(), 0);
	assert_int_equal(zf_crypto_init(), 0);
	char hex[65];
	assert_int_equal(zf_sha256_hex("abc", hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(zf_sha256_hex("", hex), 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(zf_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex), 0);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	unsigned char d[32];
	assert_int_equal(zf_sha256("abc", 3, d), 0);
	assert_int_equal(d[0], 0xba);
	assert_int_equal(d[31], 0xad);

	const unsigned char raw[] = {0x00, 0xff, 0x10, 0xa5};
	char h[9];
	zf_hex(raw, sizeof(raw), h);
	assert_string_equal(h, "00ff10a5");
	zf_hex(raw, 0, h);
	assert_string_equal(h, "");

	assert_true(zf_ct_equal("abcdef", "abcdef", 6));
	assert_false(zf_ct_equal("abcdef", "abcdeg", 6));
	assert_false(zf_ct_equal("xbcdef", "abcdef", 6));
	assert_true(zf_ct_equal("abc", "abd", 2));
	assert_true(zf_ct_equal("a", "b", 0));

	char t1[65], t2[65];
	assert_int_equal(zf_random_token(t1), 0);
	assert_int_equal(zf_random_token(t2), 0);
	assert_int_equal(strlen(t1), 64);
	assert_int_equal(strspn(t1, "0123456789abcdef"), 64);
	assert_string_not_equal(t1, t2);

	unsigned char w[16];
	memset(w, 0x5a, sizeof(w));
	zf_wipe(w, sizeof(w));
	for (size_t i = 0; i < sizeof(w); i++)
		assert_int_equal(w[i], 0);
}

/* ---- errors ------------------------------------------------------------ */

static void err_fields(void **state)
{
	(void)state;
	struct zf_err e;
	zf_err_clear(&e);
	assert_int_equal(zf_err_field(&e, "name", "请填写%s", "名称"), ZF_EINVAL);
	assert_int_equal(e.code, ZF_EINVAL);
	assert_string_equal(e.msg, "请填写名称");
	assert_int_equal(zf_err_field(&e, "uscc", "第二条"), ZF_EINVAL);
	assert_string_equal(e.msg, "请填写名称"); /* the first message stays */
	assert_string_equal(zf_err_field_msg(&e, "uscc"), "第二条");
	assert_null(zf_err_field_msg(&e, "phone"));
	for (int i = 0; i < 20; i++)
		zf_err_field(&e, "more", "x");
	assert_int_equal(e.nfields, ZF_ERR_FIELDS);
	assert_int_equal(zf_err_set(&e, ZF_ENOTFOUND, "没有%d", 5), ZF_ENOTFOUND);
	assert_string_equal(e.msg, "没有5");
	assert_int_equal(zf_err_set(NULL, ZF_EDENIED, "x"), ZF_EDENIED);
	assert_int_equal(zf_err_field(NULL, "f", "x"), ZF_EINVAL);
	zf_err_clear(NULL);
	assert_null(zf_err_field_msg(NULL, "f"));
	assert_string_equal(zf_err_name(ZF_EINVAL), "invalid");
	assert_string_equal(zf_err_name(ZF_ENOTFOUND), "not_found");
	assert_string_equal(zf_err_name(-99), "internal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_basics),
		cmocka_unit_test(arena_limit),
		cmocka_unit_test(buf_basics),
		cmocka_unit_test(buf_html_url),
		cmocka_unit_test(buf_limit),
		cmocka_unit_test(str_to_i64),
		cmocka_unit_test(str_utf8),
		cmocka_unit_test(str_chars_trim),
		cmocka_unit_test(time_parse_format),
		cmocka_unit_test(time_days),
		cmocka_unit_test(time_today),
		cmocka_unit_test(crypto_vectors),
		cmocka_unit_test(err_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
