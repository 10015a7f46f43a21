/* Unit tests of the 统一社会信用代码 and 公民身份号码 check characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/idnum.h"
#include "core/uscc.h"

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Valid codes: the standard's worked example, codes published by large
 * companies, and codes generated with the algorithm of DOMAIN.md §5.1 that
 * cover check values 0 and 30 and letters in the body. */
static const char *const valid_codes[] = {
	"91350100M000100Y43", /* GB 32100-2015 annex example */
	"9144030071526726XG",
	"914403001922038216",
	"91330100799655058B",
	"91110000802100433B",
	"911100001011122960", /* check value 31 maps to '0' */
	"91442406PMJ1BDC9X0",
	"914400194GGQBH8RJY", /* check value 30 = 'Y' */
	"123301000024891235",
	"52110000500021676T",
	"31310000425005125X",
	"93410100MA44K2Y8LR",
	"Y1110108MA0000000L",
};

static void uscc_standard_example(void **state)
{
	(void)state;
	assert_int_equal(zf_uscc_check_char("91350100M000100Y4"), '3');
	assert_true(zf_uscc_valid("91350100M000100Y43"));
	assert_false(zf_uscc_valid("91350100M000100Y4Z"));
}

static void uscc_valid_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid_codes) / sizeof(valid_codes[0]); i++) {
		const char *c = valid_codes[i];
		if (!zf_uscc_valid(c))
			fail_msg("%s should be valid", c);
		assert_int_equal(zf_uscc_check_char(c), c[17]);
	}
}

/* Every other check character is refused, for every valid code. */
static void uscc_wrong_check_char(void **state)
{
	(void)state;
	char buf[19];
	for (size_t i = 0; i < sizeof(valid_codes) / sizeof(valid_codes[0]); i++) {
		memcpy(buf, valid_codes[i], 19);
		for (const char *a = uscc_alphabet; *a; a++) {
			buf[17] = *a;
			if (zf_uscc_valid(buf) != (*a == valid_codes[i][17]))
				fail_msg("%s judged wrongly", buf);
		}
	}
}

/* I, O, S, V and Z are not in the alphabet: no check character can make a
 * code holding one valid, and they are refused as check characters too. */
static void uscc_forbidden_letters(void **state)
{
	(void)state;
	const char *forbidden = "IOSVZ";
	char buf[19];
	for (const char *f = forbidden; *f; f++) {
		for (int pos = 0; pos < 17; pos++) {
			memcpy(buf, "91350100M000100Y43", 19);
			buf[pos] = *f;
			assert_int_equal(zf_uscc_check_char(buf), 0);
			for (const char *a = uscc_alphabet; *a; a++) {
				buf[17] = *a;
				if (zf_uscc_valid(buf))
					fail_msg("%s accepted", buf);
			}
		}
		memcpy(buf, "91350100M000100Y43", 19);
		buf[17] = *f;
		assert_false(zf_uscc_valid(buf));
	}
}

static void uscc_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"9",
		"91350100M000100Y4",    /* 17 */
		"91350100M000100Y433",  /* 19 */
		"91350100M000100Y43 ",  /* trailing space */
		" 91350100M000100Y43",
		"91350100m000100y43",   /* lower case */
		"91110108ma01abcd1e",
		"91110108MA01ABCD1e",   /* lower-case check character */
		"91350100M000100Y4-",
		"91350100M-00100Y43",
		"９1350100M000100Y43",  /* full-width digit */
		"91350100M000100Y4\xe3\x80\x80",
		"913501 0M000100Y43",
	};
	assert_false(zf_uscc_valid(NULL));
	assert_int_equal(zf_uscc_check_char(NULL), 0);
	assert_int_equal(zf_uscc_check_char(""), 0);
	assert_int_equal(zf_uscc_check_char("9135"), 0); /* stops at the NUL */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zf_uscc_valid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	/* An embedded NUL shortens the code. */
	const char nul[] = "91350100M\0" "00100Y43";
	assert_false(zf_uscc_valid(nul));
}

/* The nested GB 11714 check on positions 9-17 is not applied: this
 * generated code fails it but carries the right GB 32100 check character. */
static void uscc_nested_check_not_applied(void **state)
{
	(void)state;
	assert_true(zf_uscc_valid("91110108MA01ABCD1E"));
	assert_true(zf_uscc_valid("92320505MA1M3XQ71R"));
}

static const char *const id_vectors[] = {
	"11010519491231002X",
	"440524188001010014",
	"34052419800101001X",
	"370101190102039973",
};

static void idnum_domain_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(id_vectors) / sizeof(id_vectors[0]); i++) {
		if (!zf_idnum_valid(id_vectors[i]))
			fail_msg("%s should be valid", id_vectors[i]);
		assert_int_equal(zf_idnum_check_char(id_vectors[i]), id_vectors[i][17]);
	}
}

static void idnum_lower_x(void **state)
{
	(void)state;
	assert_true(zf_idnum_valid("11010519491231002x"));
	assert_true(zf_idnum_valid("34052419800101001x"));
	/* 'x' is only an alternative spelling of a check 'X'. */
	assert_false(zf_idnum_valid("44052418800101001x"));
}

static void idnum_wrong_check(void **state)
{
	(void)state;
	const char *checks = "0123456789Xx";
	char buf[19];
	for (size_t i = 0; i < sizeof(id_vectors) / sizeof(id_vectors[0]); i++) {
		memcpy(buf, id_vectors[i], 19);
		char right = id_vectors[i][17];
		for (const char *c = checks; *c; c++) {
			buf[17] = *c;
			int expect = *c == right || (right == 'X' && *c == 'x');
			if (zf_idnum_valid(buf) != expect)
				fail_msg("%s judged wrongly", buf);
		}
	}
}

static void idnum_birth_dates(void **state)
{
	(void)state;
	/* Right check characters, impossible dates. */
	assert_false(zf_idnum_valid("110105199902300015")); /* 1999-02-30 */
	assert_false(zf_idnum_valid("110105190002290017")); /* 1900 not leap */
	assert_false(zf_idnum_valid("110105202404310012")); /* April 31 */
	assert_int_equal(zf_idnum_check_char("11010519990230001"), '5');
	/* Leap day in a leap year is a real date. */
	assert_true(zf_idnum_valid("110105200002290013"));
	/* Month 13 and day 00, check characters computed. */
	char buf[19];
	const char *const dates[] = {"19991301", "19990100", "19990001", "19990132"};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		memcpy(buf, "110105", 6);
		memcpy(buf + 6, dates[i], 8);
		memcpy(buf + 14, "001", 3);
		buf[17] = zf_idnum_check_char(buf);
		buf[18] = '\0';
		assert_int_not_equal(buf[17], 0);
		if (zf_idnum_valid(buf))
			fail_msg("%s accepted", buf);
	}
}

static void idnum_malformed(void **state)
{
	(void)state;
	assert_false(zf_idnum_valid(NULL));
	assert_false(zf_idnum_valid(""));
	assert_false(zf_idnum_valid("110105491231002"));      /* 15-digit old number */
	assert_false(zf_idnum_valid("11010519491231002"));    /* 17 */
	assert_false(zf_idnum_valid("11010519491231002X0"));  /* 19 */
	assert_false(zf_idnum_valid("X10105194912310020"));
	assert_false(zf_idnum_valid("1101051949123100 X"));
	assert_false(zf_idnum_valid("１1010519491231002X"));
	assert_int_equal(zf_idnum_check_char(NULL), 0);
	assert_int_equal(zf_idnum_check_char("1101051949123100A"), 0);
	assert_int_equal(zf_idnum_check_char("110105"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uscc_standard_example),
		cmocka_unit_test(uscc_valid_codes),
		cmocka_unit_test(uscc_wrong_check_char),
		cmocka_unit_test(uscc_forbidden_letters),
		cmocka_unit_test(uscc_malformed),
		cmocka_unit_test(uscc_nested_check_not_applied),
		cmocka_unit_test(idnum_domain_vectors),
		cmocka_unit_test(idnum_lower_x),
		cmocka_unit_test(idnum_wrong_check),
		cmocka_unit_test(idnum_birth_dates),
		cmocka_unit_test(idnum_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
