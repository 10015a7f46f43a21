/* Log entries zhifa-entry/v1: deterministic text, salted commitments, pseudonymous actor ids. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/entry.h"
#include "util/crypto.h"
#include "util/time.h"

#define ENTRY_MAGIC "zhifa-entry/v1\n"
#define WORD_MAX 64
/* Times an entry can hold: 1970-01-01T00:00:00Z .. 2999-12-31T23:59:59Z (the
 * years util/time parses). */
#define TIME_MAX INT64_C(32503679999)
/* The longest entry the fields allow (two words of WORD_MAX included). */
#define ENTRY_MAX 512

/* 1 when S is a word: 1..WORD_MAX of [a-z0-9_]. */
static int word_ok(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n >= 1 && n <= WORD_MAX;
}

/* 1 when the N characters at S are lowercase hex digits and S[N] ends it. */
static int hex_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

int zf_entry_commit(const char *salt_hex, const char *data, size_t n, char out[65])
{
	unsigned char d[32];

	if (!salt_hex || !hex_ok(salt_hex, 64) || (!data && n))
		return -1;
	if (zf_sha256_pair(salt_hex, 64, data ? data : "", n, d))
		return -1;
	zf_hex(d, sizeof(d), out);
	return 0;
}

int zf_entry_salt(char out[65])
{
	return zf_random_token(out);
}

int zf_entry_actor(const char *secret_hex, int64_t account_id, char out[17])
{
	unsigned char d[32];
	char id[24];

	if (account_id < 0)
		return -1;
	if (account_id == 0) {
		memset(out, '0', 16);
		out[16] = '\0';
		return 0;
	}
	if (!secret_hex || !hex_ok(secret_hex, 64))
		return -1;
	int len = snprintf(id, sizeof(id), "%" PRId64, account_id);
	if (len <= 0 || (size_t)len >= sizeof(id) || zf_sha256_pair(secret_hex, 64, id, (size_t)len, d))
		return -1;
	zf_hex(d, 8, out);
	return 0;
}

int zf_entry_format(const struct zf_entry *e, char *out, size_t n)
{
	char when[21];

	if (!word_ok(e->type) || !word_ok(e->table) || e->time < 0 || e->time > TIME_MAX ||
	    e->key < 0 || !hex_ok(e->actor, 16) || !hex_ok(e->commit, 64))
		return -1;
	zf_time_rfc3339(e->time, when);
	int len = snprintf(out, n,
			   ENTRY_MAGIC "type %s\ntime %s\nactor %s\nrecord %s:%" PRId64 "\ncommit %s\n",
			   e->type, when, e->actor, e->table, e->key, e->commit);
	if (len < 0 || (size_t)len >= n)
		return -1;
	return len;
}

/* Cuts the line starting at *P that begins with PREFIX: NUL-terminates it in
 * place, returns its value after the prefix and advances *P past it. */
static char *take_line(char **p, const char *prefix)
{
	size_t plen = strlen(prefix);
	char *s = *p, *nl;

	if (strncmp(s, prefix, plen) != 0 || !(nl = strchr(s + plen, '\n')))
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return s + plen;
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (leniently: the caller re-formats and compares). */
static int parse_time(const char *s, int64_t *out)
{
	struct zf_date d;
	char date[11];
	int hh, mm, ss;

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (zf_date_parse(date, &d))
		return -1;
	hh = (s[11] - '0') * 10 + (s[12] - '0');
	mm = (s[14] - '0') * 10 + (s[15] - '0');
	ss = (s[17] - '0') * 10 + (s[18] - '0');
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	*out = zf_date_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

int zf_entry_parse(const char *data, size_t len, struct zf_entry *e, char *copy, size_t n)
{
	char again[ENTRY_MAX + 1];
	struct zf_entry t;
	char *p = copy, *v, *colon, *end;

	if (len > ENTRY_MAX || n < len + 1 || memchr(data, '\0', len))
		return ZF_EINVAL;
	memcpy(copy, data, len);
	copy[len] = '\0';
	memset(&t, 0, sizeof(t));
	if (strncmp(p, ENTRY_MAGIC, strlen(ENTRY_MAGIC)) != 0)
		return ZF_EINVAL;
	p += strlen(ENTRY_MAGIC);
	if (!(t.type = take_line(&p, "type ")))
		return ZF_EINVAL;
	if (!(v = take_line(&p, "time ")) || parse_time(v, &t.time))
		return ZF_EINVAL;
	if (!(v = take_line(&p, "actor ")) || strlen(v) != 16)
		return ZF_EINVAL;
	memcpy(t.actor, v, 17);
	if (!(v = take_line(&p, "record ")) || !(colon = strchr(v, ':')))
		return ZF_EINVAL;
	*colon = '\0';
	t.table = v;
	if (colon[1] < '0' || colon[1] > '9')
		return ZF_EINVAL;
	errno = 0;
	long long key = strtoll(colon + 1, &end, 10);
	if (errno || *end)
		return ZF_EINVAL;
	t.key = key;
	if (!(v = take_line(&p, "commit ")) || strlen(v) != 64)
		return ZF_EINVAL;
	memcpy(t.commit, v, 65);
	if (*p)
		return ZF_EINVAL;
	/* Canonical means: formatting what was read gives the same bytes. */
	int back = zf_entry_format(&t, again, sizeof(again));
	if (back < 0 || (size_t)back != len || memcmp(again, data, len) != 0)
		return ZF_EINVAL;
	*e = t;
	return 0;
}
