/* Use cases of signing in: login with throttling and TOTP, sessions, CSRF, API tokens. */
#ifndef ZF_APP_AUTH_H
#define ZF_APP_AUTH_H
#include "app/app.h"
/* Account administration moved to app/account.h; included here so that code
 * written when it lived in this header still builds. New code includes
 * app/account.h itself. */
#include "app/account.h"

/* What a successful login hands to the web layer: the raw session token (set
 * as a cookie, never stored or logged) and the session's CSRF token. */
struct zf_login {
	char token[65];
	char csrf[65];
	struct zf_actor actor;
};

/* Signs LOGIN in with PASSWORD and, for accounts with a second factor (always
 * the three administrators), the 6-digit TOTP code. ADDR is the client
 * address. Failures are throttled per account and client address together
 * (settings.throttle_account_max per window for LOGIN from ADDR) and per
 * client address (settings.throttle_addr_max across all logins): ZF_ETHROTTLE
 * with err->retry_after, and the handler answers 429 with Retry-After. There
 * is no lock-out of an account as such, so nobody can lock someone else out:
 * failures sent from one address never block the account from another
 * address. A success clears the failures of LOGIN from ADDR. Wrong
 * credentials give ZF_EAUTH with one message that does not say which part
 * was wrong; a TOTP code is accepted once only (RFC 6238 section 5.2): a code
 * whose time step is not newer than the last accepted one counts as wrong.
 * An administrator without an enrolled second factor is refused. Every
 * outcome is audited. */
int zf_app_login(struct zf_app *app, const char *login, const char *password, const char *totp,
		 const char *addr, struct zf_login *out, struct zf_err *err);

/* Resolves the session cookie TOKEN into ACTOR and the CSRF token; ends
 * sessions idle longer than settings.session_idle or older than session_max
 * (ZF_EAUTH). Refreshes last_seen. */
int zf_app_session_resolve(struct zf_app *app, const char *token, const char *addr,
			   struct zf_actor *actor, char csrf[65], struct zf_err *err);

/* Ends the session TOKEN (audited). Unknown tokens are ignored. */
int zf_app_logout(struct zf_app *app, const char *token, const struct zf_actor *actor,
		  struct zf_err *err);

/* Resolves an API bearer token into ACTOR (via_token = 1). ZF_EAUTH when
 * unknown, revoked, expired, or the account is disabled. */
int zf_app_token_resolve(struct zf_app *app, const char *token, const char *addr,
			 struct zf_actor *actor, struct zf_err *err);

/* Writes one audit record for ACTOR (outside any use-case transaction, for
 * refusals). Errors are logged, never returned: auditing a refusal must not
 * turn it into a 500. */
void zf_app_audit(struct zf_app *app, const struct zf_actor *actor, const char *action,
		  const char *target, const char *outcome, const char *detail);

#endif
