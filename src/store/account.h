/* Repositories of staff accounts, sessions, API tokens and login throttling. */
#ifndef ZF_STORE_ACCOUNT_H
#define ZF_STORE_ACCOUNT_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct zf_account {
	int64_t id;
	const char *login;
	int role;                /* enum zf_role */
	int64_t body_id;
	int64_t officer_id;      /* 0 when not bound to an officer */
	const char *pw_hash;     /* encoded password hash (util/password.h) */
	const char *totp_secret; /* base32, NULL when no second factor */
	int enabled;
	int64_t created_at;
	int64_t pw_changed_at;
};

/* Inserts A (id ignored); the id goes to *ID. ZF_ECONFLICT when the login is taken. */
int zf_store_account_insert(struct zf_db *db, const struct zf_account *a, int64_t *id,
			    struct zf_err *err);
int zf_store_account_get(struct zf_db *db, struct zf_arena *ar, int64_t id,
			 struct zf_account *out, struct zf_err *err);
int zf_store_account_by_login(struct zf_db *db, struct zf_arena *ar, const char *login,
			      struct zf_account *out, struct zf_err *err);
/* Lists accounts ordered by login. */
int zf_store_account_list(struct zf_db *db, struct zf_arena *ar, struct zf_account **out,
			  size_t *n, struct zf_err *err);
int zf_store_account_set_enabled(struct zf_db *db, int64_t id, int enabled, struct zf_err *err);
int zf_store_account_set_password(struct zf_db *db, int64_t id, const char *pw_hash,
				  int64_t now, struct zf_err *err);
int zf_store_account_set_totp(struct zf_db *db, int64_t id, const char *secret,
			      struct zf_err *err);

/* Sessions: only the SHA-256 of the cookie token is stored. */
struct zf_session {
	int64_t id;
	int64_t account_id;
	const char *csrf;      /* per-session CSRF token (hex) */
	int64_t created_at, last_seen;
};
int zf_store_session_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			    const char *csrf, int64_t now, struct zf_err *err);
int zf_store_session_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
			 struct zf_session *out, struct zf_err *err);
int zf_store_session_touch(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err);
int zf_store_session_delete(struct zf_db *db, const char *token_hash, struct zf_err *err);
/* Deletes all sessions of ACCOUNT_ID (disable, password reset). */
int zf_store_session_delete_account(struct zf_db *db, int64_t account_id, struct zf_err *err);
/* Deletes sessions idle since before CUTOFF. */
int zf_store_session_expire(struct zf_db *db, int64_t cutoff, struct zf_err *err);

/* API tokens: only the SHA-256 of the token is stored. */
struct zf_token {
	int64_t id;
	int64_t account_id;
	const char *login;
	int64_t created_at, expires_at, revoked_at; /* 0 = never / not revoked */
};
int zf_store_token_insert(struct zf_db *db, const char *token_hash, int64_t account_id,
			  int64_t now, int64_t expires_at, int64_t *id, struct zf_err *err);
int zf_store_token_get(struct zf_db *db, struct zf_arena *ar, const char *token_hash,
		       struct zf_token *out, struct zf_err *err);
/* Revokes token ID at NOW; ZF_ENOTFOUND when absent or already revoked. */
int zf_store_token_revoke(struct zf_db *db, int64_t id, int64_t now, struct zf_err *err);
/* Lists the tokens of ACCOUNT_ID (0 = all) ordered by id. */
int zf_store_token_list(struct zf_db *db, struct zf_arena *ar, int64_t account_id,
			struct zf_token **out, size_t *n, struct zf_err *err);

/* Throttling of failed logins by key (e.g. "acct:NAME@IP" or "addr:IP"): a fixed
 * window of WINDOW seconds allows MAX failures, after which the key is
 * blocked until the window ends. */
/* Returns the seconds the key is still blocked at NOW (0 = not blocked). */
int zf_store_throttle_blocked(struct zf_db *db, const char *key, int64_t now, int64_t *retry,
			      struct zf_err *err);
/* Records one failure at NOW. */
int zf_store_throttle_fail(struct zf_db *db, const char *key, int64_t now, int64_t window,
			   int max, struct zf_err *err);
/* Forgets the failures of KEY (after a successful login). */
int zf_store_throttle_clear(struct zf_db *db, const char *key, struct zf_err *err);

#endif
