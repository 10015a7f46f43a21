/* Unit tests of util/password.c: scrypt hashes, strict parsing, TOTP (RFC 6238 vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "util/password.h"

static void test_hash_verify_round_trip(void **state)
{
	char h1[ZF_PW_HASH_MAX], h2[ZF_PW_HASH_MAX];
	struct timespec t0, t1;
	double ms;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(zf_password_hash("正确的密码 horse", h1, sizeof(h1)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_true(ms < 1000.0); /* budget is well under 100 ms; leave room for slow CI */
	assert_int_equal(strncmp(h1, "scrypt$16384$8$1$", 17), 0);
	assert_int_equal(strlen(h1), 17 + 24 + 1 + 44);

	assert_int_equal(zf_password_verify("正确的密码 horse", h1), 1);
	assert_int_equal(zf_password_verify("正确的密码 Horse", h1), 0);
	assert_int_equal(zf_password_verify("", h1), 0);

	/* A fresh salt every time. */
	assert_int_equal(zf_password_hash("正确的密码 horse", h2, sizeof(h2)), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(zf_password_verify("正确的密码 horse", h2), 1);

	/* The empty password hashes and verifies like any other. */
	assert_int_equal(zf_password_hash("", h2, sizeof(h2)), 0);
	assert_int_equal(zf_password_verify("", h2), 1);
	assert_int_equal(zf_password_verify("x", h2), 0);

	/* Too small an output buffer fails cleanly. */
	assert_int_equal(zf_password_hash("abc", h2, 20), -1);
	assert_int_equal(zf_password_hash(NULL, h2, sizeof(h2)), -1);
}

/* Expects verify to refuse PREFIX followed by REST (made from the good hash GOOD). */
static void expect_bad(const char *good, const char *prefix, const char *rest)
{
	char bad[ZF_PW_HASH_MAX * 2];
	snprintf(bad, sizeof(bad), "%s%s", prefix, rest);
	if (zf_password_verify("pw", bad) != 0)
		fail_msg("accepted malformed hash %s (from %s)", bad, good);
}

static void test_malformed_encodings(void **state)
{
	char h[ZF_PW_HASH_MAX], salt[32], key[64], body[160];
	const char *p;

	(void)state;
	assert_int_equal(zf_password_hash("pw", h, sizeof(h)), 0);
	assert_int_equal(zf_password_verify("pw", h), 1);
	p = h + 17;
	memcpy(salt, p, 24);
	salt[24] = '\0';
	memcpy(key, p + 25, 44);
	key[44] = '\0';
	snprintf(body, sizeof(body), "%s$%s", salt, key);

	/* The good parts still verify when reassembled. */
	{
		char again[ZF_PW_HASH_MAX * 2];
		snprintf(again, sizeof(again), "scrypt$16384$8$1$%s", body);
		assert_int_equal(zf_password_verify("pw", again), 1);
	}
	assert_int_equal(zf_password_verify("pw", ""), 0);
	assert_int_equal(zf_password_verify("pw", NULL), 0);
	assert_int_equal(zf_password_verify(NULL, h), 0);
	expect_bad(h, "bcrypt$16384$8$1$", body);
	expect_bad(h, "SCRYPT$16384$8$1$", body);
	expect_bad(h, "scrypt$16384$8$1", body);        /* missing separator */
	expect_bad(h, "scrypt$16384$8$$", body);        /* empty p */
	expect_bad(h, "scrypt$016384$8$1$", body);      /* leading zero */
	expect_bad(h, "scrypt$+16384$8$1$", body);      /* sign */
	expect_bad(h, "scrypt$16383$8$1$", body);       /* N not a power of two */
	expect_bad(h, "scrypt$16$8$1$", body);          /* N too small */
	expect_bad(h, "scrypt$1048576$8$1$", body);     /* N too large */
	expect_bad(h, "scrypt$131072$32$1$", body);     /* memory over the bound */
	expect_bad(h, "scrypt$16384$0$1$", body);       /* r = 0 */
	expect_bad(h, "scrypt$16384$8$0$", body);       /* p = 0 */
	expect_bad(h, "scrypt$16384$8$99$", body);      /* p too large */
	expect_bad(h, "scrypt$16384$8$1$", key);        /* salt missing */
	expect_bad(h, "scrypt$16384$8$1$", salt);       /* key missing */
	{
		/* Salt and key of the wrong length or alphabet. */
		static const char *const mods[] = {"%.20s$%s", "%s$%.40s", "%s$%sAAAA",
						   "%.22s!!$%s", "%s$%s$", "%s$%s "};
		char mod[160];
		for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
			snprintf(mod, sizeof(mod), mods[i], salt, key);
			expect_bad(h, "scrypt$16384$8$1$", mod);
		}
		/* Non-canonical padding bits: the last salt char before "==" changed
		 * to one that decodes to the same byte with stray low bits. */
		snprintf(mod, sizeof(mod), "%.21s%c==$%s", salt, salt[21] == 'B' ? 'C' : 'B', key);
		if (strcmp(mod, body) != 0)
			expect_bad(h, "scrypt$16384$8$1$", mod);
	}
}

/* RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last 6 digits. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void test_totp_vectors(void **state)
{
	char code[7];

	(void)state;
	assert_int_equal(zf_totp_code(RFC_SECRET, 59, code), 0);
	assert_string_equal(code, "287082");
	assert_int_equal(zf_totp_code(RFC_SECRET, 1111111109, code), 0);
	assert_string_equal(code, "081804");
	assert_int_equal(zf_totp_code(RFC_SECRET, 1234567890, code), 0);
	assert_string_equal(code, "005924");
	assert_int_equal(zf_totp_code(RFC_SECRET, 2000000000, code), 0);
	assert_string_equal(code, "279037");
	assert_int_equal(zf_totp_code("not base32!", 59, code), -1);
	assert_int_equal(zf_totp_code("", 59, code), -1);
}

static void test_totp_verify_window(void **state)
{
	char secret[33], secret2[33], code[7], other[7];
	int64_t now = 1700000015; /* middle of a step */

	(void)state;
	assert_int_equal(zf_totp_secret_new(secret), 0);
	assert_int_equal(strlen(secret), 32);
	for (int i = 0; i < 32; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", secret[i]));
	assert_int_equal(zf_totp_secret_new(secret2), 0);
	assert_string_not_equal(secret, secret2);

	assert_int_equal(zf_totp_code(secret, now, code), 0);
	assert_int_equal(zf_totp_verify(secret, code, now), 1);
	assert_int_equal(zf_totp_verify(secret, code, now + 30), 1);  /* one step late */
	assert_int_equal(zf_totp_verify(secret, code, now - 30), 1);  /* one step early */
	assert_int_equal(zf_totp_verify(secret, code, now + 60), 0);
	assert_int_equal(zf_totp_verify(secret, code, now - 60), 0);

	memcpy(other, code, sizeof(other));
	other[5] = code[5] == '9' ? '0' : (char)(code[5] + 1);
	assert_int_equal(zf_totp_verify(secret, other, now), 0);
	assert_int_equal(zf_totp_verify(secret, "", now), 0);
	assert_int_equal(zf_totp_verify(secret, NULL, now), 0);
	assert_int_equal(zf_totp_verify(secret, "12345", now), 0);
	assert_int_equal(zf_totp_verify(secret, "12345a", now), 0);
	assert_int_equal(zf_totp_verify(NULL, code, now), 0);
	assert_int_equal(zf_totp_verify("!!!!", code, now), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify_round_trip),
		cmocka_unit_test(test_malformed_encodings),
		cmocka_unit_test(test_totp_vectors),
		cmocka_unit_test(test_totp_verify_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
