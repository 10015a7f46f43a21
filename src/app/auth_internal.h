/* Helpers shared by the signing-in (auth.c) and account administration (account.c) use cases; not for other modules. */
#ifndef ZF_APP_AUTH_INTERNAL_H
#define ZF_APP_AUTH_INTERNAL_H
#include <stddef.h>

#define ZF_AUTH_POOL_WAIT_MS 5000   /* how long a use case waits for a connection */
#define ZF_AUTH_MSG_NOMEM "内存不足"

/* Copies untrusted text SRC (NULL = "") into DST (N > 0 bytes) for the audit
 * trail, messages and throttle keys: invalid UTF-8 becomes "?", long text is
 * cut on a character boundary. DST is always terminated. Thread-safe. */
void zf_auth_copy_typed(char *dst, size_t n, const char *src);

#endif
