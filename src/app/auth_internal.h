/* Helpers shared by the signing-in (auth.c) and account administration (account.c) use cases; not for other modules. */
#ifndef ZF_APP_AUTH_INTERNAL_H
#define ZF_APP_AUTH_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define ZF_AUTH_POOL_WAIT_MS 5000   /* how long a use case waits for a connection */
#define ZF_AUTH_MSG_NOMEM "内存不足"

/* Copies untrusted text SRC (NULL = "") into DST (N > 0 bytes) for the audit
 * trail, messages and throttle keys: invalid UTF-8 becomes "?", long text is
 * cut on a character boundary. DST is always terminated. Thread-safe. */
void zf_auth_copy_typed(char *dst, size_t n, const char *src);

/* The two throttle keys a failed password (at login, or the current password
 * when changing it) counts against. There is deliberately no key for an
 * account alone: failures from one address must never block the account's
 * owner at another address (see zf_app_login). */
struct zf_auth_keys {
	char pair[144]; /* "acct:LOGIN@ADDR": settings.throttle_account_max per window */
	char addr[80];  /* "addr:ADDR": settings.throttle_addr_max per window */
};

/* Fills K for LOGIN and ADDR as typed (untrusted; NULL = ""). Thread-safe. */
void zf_auth_keys_of(struct zf_auth_keys *k, const char *login, const char *addr);

/* 0 when neither key of K is blocked at NOW; ZF_ETHROTTLE when one is, with
 * err->retry_after set to the longer wait and the message WHAT (Chinese,
 * e.g. "登录失败次数过多") followed by when to try again; or a database
 * error. Reads through DB; no transaction needed. */
int zf_auth_throttle_check(struct zf_db *db, const struct zf_auth_keys *k, int64_t now,
			   const char *what, struct zf_err *err);

/* Counts one failure at NOW against both keys of K with APP's limits, on DB
 * inside the caller's write transaction. */
int zf_auth_throttle_fail(const struct zf_app *app, struct zf_db *db,
			  const struct zf_auth_keys *k, int64_t now, struct zf_err *err);

#endif
