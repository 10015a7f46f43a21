/* Use cases of account administration: staff accounts and API tokens, kept by the security administrator. */
#ifndef ZF_APP_ACCOUNT_H
#define ZF_APP_ACCOUNT_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/account.h"
#include "util/arena.h"

/* Every use case here needs ZF_PERM_ACCOUNT_ADMIN (accounts) or
 * ZF_PERM_TOKEN_ADMIN (tokens), or the command line; a refusal is ZF_EDENIED.
 * 三员分立: accounts of the three administrator roles (sysadmin, secadmin,
 * auditor) are added, disabled, enabled and reset only from the command line
 * (the operator who holds the installation); for any other actor those use
 * cases refuse with ZF_EDENIED and "三员账号只能由系统部署人员在服务器上用命令行管理",
 * so that no administrator can act as another through the web.
 * Every change and every refused change writes one audit record; a change
 * and its record commit together. Thread-safe: each call borrows its own
 * connection from the pool. */

/* A new account. */
struct zf_account_new {
	const char *login;      /* 2..32 of [a-z0-9_.-], starting with a letter */
	int role;
	int64_t body_id;        /* 0 = the first body */
	const char *officer_cert; /* officer accounts: certificate number to bind (as
				   * typed; normalised here); the officer must serve
				   * the account's body */
	const char *password;   /* 8..128 characters */
	int demo;               /* the demo loader (command line only): allows the
				 * 4-character demo password "demo" */
};

/* Adds an account from IN (borrowed); its id goes to *ID (may be NULL) and
 * *TOTP_SECRET (33 bytes, may be NULL) receives the new second-factor secret
 * for administrators (empty otherwise), which is shown once and never again.
 * ZF_EDENIED for an administrator role unless ACTOR is the command line.
 * ZF_EINVAL with field errors ("login", "role", "body", "officer",
 * "password") all reported at once; ZF_ECONFLICT with a "login" field error
 * when the login is taken. */
int zf_app_user_add(struct zf_app *app, const struct zf_actor *actor,
		    const struct zf_account_new *in, int64_t *id, char *totp_secret,
		    struct zf_err *err);

/* Enables or disables the account LOGIN. Disabling ends its sessions at once
 * (its API tokens stop resolving while it stays disabled). ZF_ENOTFOUND for
 * an unknown login; ZF_EDENIED when ACTOR would disable itself, or when LOGIN
 * is an administrator and ACTOR is not the command line. */
int zf_app_user_set_enabled(struct zf_app *app, const struct zf_actor *actor, const char *login,
			    int enabled, struct zf_err *err);

/* Sets a new PASSWORD for LOGIN and ends its sessions. ZF_EINVAL with a
 * "password" field error when it breaks the rules; ZF_ENOTFOUND for an
 * unknown login; ZF_EDENIED when LOGIN is an administrator and ACTOR is not
 * the command line. The second factor is kept. */
int zf_app_user_reset_password(struct zf_app *app, const struct zf_actor *actor,
			       const char *login, const char *password, struct zf_err *err);

/* The signed-in ACTOR changes its own password: CURRENT must match, PASSWORD
 * follows the rules of new accounts and differs from CURRENT. Ends every
 * session of the account (the user signs in again with the new password).
 * Field errors name "current_password" and "password" ("请输入新密码" when
 * PASSWORD is missing); audited. A wrong CURRENT counts as a failed login of
 * the account from actor->addr, under the throttle of zf_app_login (app/
 * auth.h); while that throttle blocks, ZF_ETHROTTLE with err->retry_after
 * and CURRENT is not checked. A success clears those failures. Not for API
 * tokens. */
int zf_app_password_change(struct zf_app *app, const struct zf_actor *actor,
			   const char *current, const char *password, struct zf_err *err);

/* The canonical JSON (keys sorted, compact) of account A for its history and
 * the record log: id, login, role (word), body_id, officer_id (null when
 * none), enabled, pw_changed_at — never the password hash or the second-
 * factor secret. malloc'd (caller frees); NULL when out of memory. */
char *zf_app_account_canonical(const struct zf_account *a);

/* Wipes the password hashes and second-factor secrets of the N accounts of
 * LIST (rows read from the database into a scratch arena) before the arena
 * goes. */
void zf_app_account_wipe(struct zf_account *list, size_t n);

/* One account as its administrator sees it: never its password hash or its
 * second-factor secret. */
struct zf_account_info {
	int64_t id;
	const char *login;
	int role;                 /* enum zf_role */
	int64_t body_id;
	const char *body_name;    /* "" when the body is unknown */
	int64_t officer_id;       /* 0 when not bound to an officer */
	const char *officer_cert; /* the bound officer's certificate number, or NULL */
	const char *officer_name; /* the bound officer's name, or NULL */
	int enabled;
	int has_totp;             /* 1 when a second factor is enrolled */
	int64_t created_at;
};

/* Lists every account ordered by login into *OUT (*N entries); array and
 * strings live in A (the caller's, freed with it). Needs
 * ZF_PERM_ACCOUNT_ADMIN; a refusal is audited. Secrets read from the
 * database on the way are wiped before the call returns. */
int zf_app_user_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     struct zf_account_info **out, size_t *n, struct zf_err *err);

/* Issues an API token for LOGIN valid DAYS days (0 = settings default, else
 * 1..3650, a "days" field error otherwise) into OUT (65 bytes; "" on
 * failure); its id goes to *ID (may be NULL). Only the token's SHA-256 is
 * stored, so OUT is the one chance to see it. Refused (ZF_EDENIED) for the
 * three administrators; ZF_EINVAL with a "login" field error for a disabled
 * account; ZF_ENOTFOUND for an unknown login. */
int zf_app_token_add(struct zf_app *app, const struct zf_actor *actor, const char *login,
		     int days, char out[65], int64_t *id, struct zf_err *err);

/* Revokes token ID. ZF_ENOTFOUND when it does not exist or is already revoked. */
int zf_app_token_revoke(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			struct zf_err *err);

/* Lists every API token ordered by id into *OUT (*N entries): id, account,
 * login, issue, expiry and revocation instants; never the token or its hash
 * (struct zf_token holds neither). Array and strings live in A. Needs
 * ZF_PERM_TOKEN_ADMIN; a refusal is audited. */
int zf_app_token_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      struct zf_token **out, size_t *n, struct zf_err *err);

#endif
