/* What a log entry says: a versioned, deterministic text record committing to a record by a salted hash. */
#ifndef ZF_LEDGER_ENTRY_H
#define ZF_LEDGER_ENTRY_H
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Entry format zhifa-entry/v1 (all lines end in "\n", fields in this order,
 * optional ones omitted when empty; no readable personal data):
 *
 *   zhifa-entry/v1
 *   type <word>                  e.g. officer_update, body_create, account_add
 *   time <RFC 3339 UTC>          e.g. 2026-03-05T06:30:00Z
 *   actor <16 hex>               pseudonymous actor id (0000000000000000 = command line)
 *   record <table>:<key>         the row committed to, e.g. history:42
 *   commit <64 hex>              SHA-256(salt || canonical data), salt 32 random bytes hex
 *   file <64 hex> [sm3 <64 hex>] zero or more: digests of files
 *
 * Words (type, table) are 1..64 of [a-z0-9_]; the key is a non-negative
 * decimal without leading zeros; times run from 1970 to 2999.
 */
struct zf_entry {
	const char *type;
	int64_t time;
	char actor[17];
	const char *table;
	int64_t key;
	char commit[65];
	/* files come with the evidence issue */
};

/* The commitment SHA-256(SALT_HEX || DATA) as 64 hex characters into OUT. */
int zf_entry_commit(const char *salt_hex, const char *data, size_t n, char out[65]);

/* A fresh salt: 32 random bytes as 64 hex characters. */
int zf_entry_salt(char out[65]);

/* The pseudonymous id of account ACCOUNT_ID under the installation's secret
 * SECRET_HEX: the first 8 bytes of SHA-256(secret || decimal id), hex, the
 * secret hashed as its 64 hex characters (like the salt in commitments). 0
 * for the command line gives sixteen zeros. -1 for a negative id or a
 * secret that is not 64 lowercase hex characters. */
int zf_entry_actor(const char *secret_hex, int64_t account_id, char out[17]);

/* Serialises E into OUT (the bytes that are hashed into the log). Returns the
 * length, or -1 when it does not fit or a field is invalid (no spaces or
 * newlines in words). */
int zf_entry_format(const struct zf_entry *e, char *out, size_t n);

/* Parses entry bytes back; strings point into COPY (N+1 bytes, filled here).
 * 0 or ZF_EINVAL when not exactly canonical. */
int zf_entry_parse(const char *data, size_t len, struct zf_entry *e, char *copy, size_t n);

#endif
