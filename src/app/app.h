/* The application context and the actor every use case is called for. */
#ifndef ZF_APP_APP_H
#define ZF_APP_APP_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"
#include "util/time.h"

/* Settings read at start-up; later issues move the body-specific ones into
 * versioned settings in the database. */
struct zf_settings {
	int64_t session_idle;      /* seconds of inactivity before a session ends (default 1800) */
	int64_t session_max;       /* absolute session lifetime (default 12 h) */
	int throttle_account_max;  /* failed logins per account and client address per window (default 5) */
	int throttle_addr_max;     /* failed logins per client address per window (default 20) */
	int64_t throttle_window;   /* seconds (default 900) */
	int64_t audit_keep_days;   /* audit retention, at least 183 (default 400) */
	int token_days_default;    /* API token lifetime when --days is not given (default 365) */
	int upload_expire_days;    /* unattached uploads expire after this many days (default 7) */
	int64_t upload_max_gib;    /* the default upload size limit in GiB (default 16, at least 8) */
	const char *public_url;    /* the portal's public base URL for QR codes, e.g.
	                            * https://xzzf.example.gov.cn; NULL = from the request */
};

struct zf_procedures; /* core/procedure.h */
struct zf_blob_store; /* blob/blob.h */

struct zf_app {
	struct zf_dbpool *pool;
	struct zf_clock clock;
	struct zf_settings settings;
	int demo;         /* the database holds the demo (meta demo = 1) */
	char *db_url;     /* owned copies */
	char *data_dir;
	struct zf_log_tiles *log_tiles; /* full tile rows read for proofs (app/ledger_int.h) */
	struct zf_procedures *procedures; /* the validated definitions, read through zf_app_procedures */
	struct zf_blob_store *blobs; /* evidence bytes: DATA/blobs (zf_app_blobs, app/upload.h) */
	/* Write transactions committed by this process (app/tx.c), and the
	 * portal's generation as last read (zf_app_pub_generation): its value,
	 * when (monotonic microseconds) and the commit count before the read. */
	_Atomic int64_t commits;
	pthread_mutex_t portal_lock;
	int64_t portal_gen, portal_gen_at, portal_gen_commits;
};

/* Who is acting. The command line acts as ZF_ROLE_NONE with cli = 1, which
 * app/ treats as the installation's operator (it holds the database file). */
struct zf_actor {
	int64_t account_id;     /* 0 = public or command line */
	char login[64];
	int role;               /* enum zf_role; ZF_ROLE_NONE = public */
	int64_t body_id;
	int64_t officer_id;
	char addr[64];          /* client address, for the audit trail */
	int via_token;          /* 1 = API bearer token */
	int cli;                /* 1 = the command line */
};

/* Fills S with the documented defaults. */
void zf_settings_default(struct zf_settings *s);

/* Opens the application on DB_URL (copied) with a pool of POOL_SIZE connections; the
 * schema must be present and current (else ZF_ECONFLICT with a message telling
 * to run init or migrate). Free with zf_app_close. */
int zf_app_open(struct zf_app **out, const char *db_url, const char *data_dir, int pool_size,
		struct zf_err *err);
void zf_app_close(struct zf_app *app);

/* The public actor (no account) with client address ADDR (may be NULL). */
void zf_actor_public(struct zf_actor *a, const char *addr);

/* The command-line actor. */
void zf_actor_cli(struct zf_actor *a);

#endif
