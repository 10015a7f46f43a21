/* Unit tests of log entries: the zhifa-entry/v1 text, commitments, salts and actor ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/entry.h"
#include "util/crypto.h"

static const char commit_hex[] = "8d2ec4a8e3b1a5f0c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5";

static const char sample[] = "zhifa-entry/v1\n"
			     "type officer_update\n"
			     "time 2026-03-05T06:30:00Z\n"
			     "actor 0123456789abcdef\n"
			     "record history:42\n"
			     "commit 8d2ec4a8e3b1a5f0c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5\n";

static struct zf_entry sample_entry(void)
{
	struct zf_entry e = {"officer_update", 1772692200, "0123456789abcdef", "history", 42, ""};
	memcpy(e.commit, commit_hex, 65);
	return e;
}

static void format_parse(void **state)
{
	(void)state;
	struct zf_entry e = sample_entry(), p;
	char out[512], copy[512];

	int n = zf_entry_format(&e, out, sizeof(out));
	assert_int_equal(n, (int)strlen(sample));
	assert_string_equal(out, sample);
	/* Too small a buffer, by one byte (the NUL). */
	assert_int_equal(zf_entry_format(&e, out, strlen(sample)), -1);

	assert_int_equal(zf_entry_parse(sample, strlen(sample), &p, copy, sizeof(copy)), 0);
	assert_string_equal(p.type, "officer_update");
	assert_int_equal(p.time, 1772692200);
	assert_string_equal(p.actor, "0123456789abcdef");
	assert_string_equal(p.table, "history");
	assert_int_equal(p.key, 42);
	assert_string_equal(p.commit, commit_hex);
	assert_int_equal(zf_entry_parse(sample, strlen(sample), &p, copy, strlen(sample)), ZF_EINVAL);

	/* Extremes round-trip. */
	e.time = 0;
	e.key = 0;
	e.type = "a";
	e.table = "account_9";
	n = zf_entry_format(&e, out, sizeof(out));
	assert_true(n > 0);
	assert_non_null(strstr(out, "time 1970-01-01T00:00:00Z\n"));
	assert_int_equal(zf_entry_parse(out, (size_t)n, &p, copy, sizeof(copy)), 0);
	assert_int_equal(p.time, 0);
	assert_int_equal(p.key, 0);
	e.time = 32503679999;
	e.key = INT64_MAX;
	n = zf_entry_format(&e, out, sizeof(out));
	assert_true(n > 0);
	assert_non_null(strstr(out, "time 2999-12-31T23:59:59Z\n"));
	assert_non_null(strstr(out, "record account_9:9223372036854775807\n"));
	assert_int_equal(zf_entry_parse(out, (size_t)n, &p, copy, sizeof(copy)), 0);
	assert_int_equal(p.key, INT64_MAX);
	assert_int_equal(p.time, 32503679999);
}

static void invalid_fields(void **state)
{
	(void)state;
	struct zf_entry e;
	char out[512];
	char longword[66];

	memset(longword, 'a', 65);
	longword[65] = '\0';
	const char *words[] = {"", "Officer", "officer update", "officer\nupdate", "a:b", "类型",
			       longword, NULL};
	for (int i = 0; i < 8; i++) {
		e = sample_entry();
		e.type = words[i];
		assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
		e = sample_entry();
		e.table = words[i];
		assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	}
	longword[64] = '\0';
	e = sample_entry();
	e.type = longword;
	assert_true(zf_entry_format(&e, out, sizeof(out)) > 0);
	e = sample_entry();
	e.time = -1;
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	e.time = 32503680000;
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	e = sample_entry();
	e.key = -1;
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	e = sample_entry();
	memcpy(e.actor, "0123456789ABCDEF", 17);
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	memcpy(e.actor, "0123456789abcde", 16);
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
	e = sample_entry();
	e.commit[10] = 'g';
	assert_int_equal(zf_entry_format(&e, out, sizeof(out)), -1);
}

/* SAMPLE with the first occurrence of FROM replaced by TO must not parse. */
static void refused(const char *from, const char *to)
{
	char data[1024], copy[1024];
	struct zf_entry e;
	const char *at = strstr(sample, from);

	assert_non_null(at);
	int n = snprintf(data, sizeof(data), "%.*s%s%s", (int)(at - sample), sample, to,
			 at + strlen(from));
	assert_true(n > 0);
	if (zf_entry_parse(data, (size_t)n, &e, copy, sizeof(copy)) != ZF_EINVAL)
		fail_msg("accepted %s -> %s", from, to);
}

static void non_canonical(void **state)
{
	(void)state;
	char copy[1024];
	struct zf_entry e;

	refused("zhifa-entry/v1", "zhifa-entry/v2");
	refused("zhifa-entry/v1\n", "zhifa-entry/v1\r\n");
	refused("type officer_update", "type  officer_update");
	refused("type officer_update", "type Officer_update");
	refused("type officer_update\n", "type officer_update \n");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05T06:30:00+00:00");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05 06:30:00Z");
	refused("time 2026-03-05T06:30:00Z", "time 2026-02-30T06:30:00Z");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05T24:00:00Z");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05T06:30:60Z");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05T06:30:00.5Z");
	refused("time 2026-03-05T06:30:00Z", "time 2026-03-05t06:30:00z");
	refused("time 2026", "time +2026");
	refused("actor 0123456789abcdef", "actor 0123456789ABCDEF");
	refused("actor 0123456789abcdef", "actor 0123456789abcde");
	refused("actor 0123456789abcdef", "actor 0123456789abcdef0");
	refused("record history:42", "record history:042");
	refused("record history:42", "record history:+42");
	refused("record history:42", "record history:-42");
	refused("record history:42", "record history: 42");
	refused("record history:42", "record history:42x");
	refused("record history:42", "record history:");
	refused("record history:42", "record history");
	refused("record history:42", "record :42");
	refused("record history:42", "record his:tory:42");
	refused("record history:42", "record history:99999999999999999999");
	refused("commit 8d2e", "commit 8D2E");
	refused("commit 8d2ec4a8", "commit 8d2ec4a");
	refused("a6b5\n", "a6b5");                 /* no final newline */
	refused("a6b5\n", "a6b5\n\n");             /* an extra empty line */
	refused("a6b5\n", "a6b5\nfile 00\n");      /* files come with evidence */
	refused("a6b5\n", "a6b5\nextra line\n");
	refused("actor 0123456789abcdef\nrecord history:42\n",
		"record history:42\nactor 0123456789abcdef\n"); /* order */
	refused("type officer_update\n", "");                   /* missing field */

	/* A NUL inside, a huge input. */
	char data[sizeof(sample)];
	memcpy(data, sample, sizeof(sample));
	data[30] = '\0';
	assert_int_equal(zf_entry_parse(data, strlen(sample), &e, copy, sizeof(copy)), ZF_EINVAL);
	char *big = calloc(1, 70000);
	assert_non_null(big);
	memcpy(big, sample, strlen(sample));
	char *bigcopy = malloc(70001);
	assert_non_null(bigcopy);
	assert_int_equal(zf_entry_parse(big, 70000, &e, bigcopy, 70001), ZF_EINVAL);
	free(big);
	free(bigcopy);
}

static void commitments(void **state)
{
	(void)state;
	char salt[65], salt2[65], c[65], want[65], buf[200];
	unsigned char d[32];

	assert_int_equal(zf_entry_salt(salt), 0);
	assert_int_equal(strlen(salt), 64);
	assert_int_equal(strspn(salt, "0123456789abcdef"), 64);
	assert_int_equal(zf_entry_salt(salt2), 0);
	assert_string_not_equal(salt, salt2);

	/* SHA-256 over the salt's hex text followed by the data. */
	const char *data = "{\"name\":\"张三\"}";
	assert_int_equal(zf_entry_commit(salt, data, strlen(data), c), 0);
	snprintf(buf, sizeof(buf), "%s%s", salt, data);
	assert_int_equal(zf_sha256(buf, strlen(buf), d), 0);
	zf_hex(d, 32, want);
	assert_string_equal(c, want);
	/* A known value: salt of 64 zeros, data "abc". */
	memset(salt2, '0', 64);
	salt2[64] = '\0';
	assert_int_equal(zf_entry_commit(salt2, "abc", 3, c), 0);
	snprintf(buf, sizeof(buf), "%sabc", salt2);
	assert_int_equal(zf_sha256_hex(buf, want), 0);
	assert_string_equal(c, want);
	/* Changing a byte of the data or the salt changes the commitment. */
	assert_int_equal(zf_entry_commit(salt2, "abd", 3, want), 0);
	assert_string_not_equal(c, want);
	salt2[0] = '1';
	assert_int_equal(zf_entry_commit(salt2, "abc", 3, want), 0);
	assert_string_not_equal(c, want);
	assert_int_equal(zf_entry_commit(salt2, "", 0, c), 0);
	/* A salt that is not 64 lowercase hex characters is refused. */
	salt2[63] = '\0';
	assert_int_equal(zf_entry_commit(salt2, "abc", 3, c), -1);
	salt2[63] = 'A';
	assert_int_equal(zf_entry_commit(salt2, "abc", 3, c), -1);
}

static void actors(void **state)
{
	(void)state;
	char secret[65], a[17], b[17], buf[100];
	unsigned char d[32];

	memset(secret, 'a', 64);
	secret[64] = '\0';
	assert_int_equal(zf_entry_actor(secret, 0, a), 0);
	assert_string_equal(a, "0000000000000000");
	assert_int_equal(zf_entry_actor(NULL, 0, a), 0);
	assert_int_equal(zf_entry_actor(secret, 42, a), 0);
	snprintf(buf, sizeof(buf), "%s42", secret);
	assert_int_equal(zf_sha256(buf, strlen(buf), d), 0);
	zf_hex(d, 8, b);
	assert_string_equal(a, b);
	assert_int_equal(zf_entry_actor(secret, 43, b), 0);
	assert_string_not_equal(a, b);
	secret[0] = 'b';
	assert_int_equal(zf_entry_actor(secret, 42, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(zf_entry_actor(secret, -1, b), -1);
	assert_int_equal(zf_entry_actor("abc", 42, b), -1);
	assert_int_equal(zf_entry_actor(NULL, 42, b), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_parse),
		cmocka_unit_test(invalid_fields),
		cmocka_unit_test(non_canonical),
		cmocka_unit_test(commitments),
		cmocka_unit_test(actors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
