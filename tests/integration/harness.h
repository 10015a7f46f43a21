/* Integration test harness: starts the real zhifa binary on a free loopback port and talks HTTP with libcurl. */
#ifndef ZF_TEST_HARNESS_H
#define ZF_TEST_HARNESS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>

/* Further databases a server's test may create beside its own (srv_other_db). */
#define SRV_MORE_DBS 4

/* A running server on a fresh database in its own temporary folder.
 *
 * The database is SQLite (DIR/zhifa.db) unless the environment variable
 * ZF_TEST_PG holds a PostgreSQL server URL
 * (postgresql://postgres@127.0.0.1:PORT/postgres): then srv_start creates a
 * database zf_<random> on that server through a maintenance connection to the
 * URL's own database, and srv_stop drops it. */
struct srv {
	pid_t pid;
	int port;
	char dir[256];   /* temporary folder, removed by srv_stop */
	char db[320];    /* --db: DIR/zhifa.db or postgresql://.../zf_<random> */
	char data[320];  /* --data: DIR/data on PostgreSQL, "" on SQLite (the default beside the file) */
	char base[64];   /* http://127.0.0.1:PORT */
	char log[320];   /* the server's stderr */
	int twin;        /* serves another srv's database: srv_stop leaves database and folder */
	char pg_name[64];                   /* database created on PostgreSQL, "" on SQLite */
	char pg_more[SRV_MORE_DBS][80];     /* databases of srv_other_db on PostgreSQL */
};

/* The PostgreSQL server URL of ZF_TEST_PG, or NULL when the tests run on SQLite. */
const char *harness_pg(void);

/* "postgresql" or "sqlite": the database the tests run on, for TAP-visible notes. */
const char *harness_dialect(void);

/* Creates a database (with the demo when DEMO) and serves it; EXTRA is a
 * NULL-terminated list of further serve arguments (may be NULL). Waits until
 * /healthz answers. Returns 0 or -1 (with a message on stderr). The binary
 * is $ZF_BIN, default build/zhifa. */
int srv_start(struct srv *s, int demo, const char *const *extra);

/* Starts a second server S on the database (and data folder) of the running
 * server FIRST, on a port and with a log file of its own; EXTRA as for
 * srv_start. Stop S with srv_stop before FIRST: it stops only the process.
 * Returns 0 or -1. */
int srv_start_twin(struct srv *s, const struct srv *first, const char *const *extra);

/* Reads FD to its end into a malloc'd NUL-terminated buffer (NULL when out of memory). */
char *read_all(int fd);

/* Stops the server with SIGTERM, checks it exits 0 within 10 s; unless S is
 * a twin, drops its PostgreSQL databases and removes the folder (both kept
 * when ZF_KEEP is set). Returns the exit status (0 = clean stop); calling it
 * again returns -1 and does nothing. */
int srv_stop(struct srv *s);

/* Stops the server process of S (not a twin) and serves its database again
 * with the EXTRA serve arguments (e.g. a later --now), on a new port that
 * S->base names; the database and folder stay. Returns 0 or -1 (the old
 * process did not stop cleanly, or the new one did not answer). */
int srv_restart(struct srv *s, const char *const *extra);

/* Runs "zhifa ARGS..." (NULL-terminated) with --db of S appended (and --data
 * on PostgreSQL, for the commands that take it), STDIN_TEXT (may be NULL) on
 * standard input; stdout goes to OUT (malloc'd, may be NULL). Returns the
 * exit code. */
int srv_cli(struct srv *s, const char *stdin_text, char **out, const char *const *args);

/* A further empty database beside the one of S, named after NAME (letters and
 * digits): on SQLite the new file DIR/NAME.db, on PostgreSQL a new database
 * that srv_stop of S drops. OTHER becomes a copy of S (no process) whose db is
 * the new database and whose data folder is DIR/NAME.data. Returns 0 or -1. */
int srv_other_db(struct srv *s, const char *name, struct srv *other);

/* Runs SQL (statements without parameters or rows) on the database of S;
 * 0 or -1 (with the message on stderr). */
int db_exec_sql(struct srv *s, const char *sql);

/* An HTTP answer. */
struct resp {
	long status;
	char *body;      /* malloc'd, NUL-terminated */
	size_t len;
	char *headers;   /* raw response headers, malloc'd */
};
void resp_free(struct resp *r);

/* A client with its own cookie jar (a browser session). */
struct client {
	CURL *c;
	struct srv *s;
	char csrf[80];   /* last CSRF token seen in a page */
};
void client_init(struct client *cl, struct srv *s);
void client_free(struct client *cl);

/* Sends METHOD PATH with BODY (may be NULL) of CONTENT_TYPE and extra header
 * lines HDRS (NULL-terminated, may be NULL). Does not follow redirects.
 * Remembers a csrf token found in an HTML answer. Returns 0 or -1 (transport). */
int client_req(struct client *cl, const char *method, const char *path, const char *body,
	       const char *content_type, const char *const *hdrs, struct resp *r);

/* client_req with a body of LEN bytes (binary, NULs allowed). */
int client_req_n(struct client *cl, const char *method, const char *path, const char *body,
		 size_t len, const char *content_type, const char *const *hdrs, struct resp *r);

/* GET PATH. */
int client_get(struct client *cl, const char *path, struct resp *r);

/* POST a form: FIELDS are name, value pairs ending with NULL, url-encoded
 * here; the client's csrf token is added unless NO_CSRF. */
int client_post_form(struct client *cl, const char *path, int no_csrf, struct resp *r, ...);

/* Signs in as LOGIN with PASSWORD (and TOTP, may be NULL); returns the HTTP
 * status of the POST /login answer (303 on success). */
long client_login(struct client *cl, const char *login, const char *password, const char *totp);

/* The value of header NAME in R (case-insensitive) copied into OUT, or NULL. */
const char *resp_header(const struct resp *r, const char *name, char *out, size_t n);

/* Sends raw bytes over a TCP connection to S and reads the answer until the
 * server closes or 5 s pass; returns the status code parsed from it, or -1. */
long raw_http(struct srv *s, const char *request, char *answer, size_t n);

/* Runs SQL (a constant query returning one integer, e.g. "SELECT count(*)
 * FROM officer", written for both SQLite and PostgreSQL) on the server's
 * database through store/db.h on a connection of its own; -1 on error. */
long db_scalar(struct srv *s, const char *sql);

/* db_scalar / db_exec_sql with '?' markers bound to the text arguments that
 * follow SQL, up to a NULL. */
long db_scalar_args(struct srv *s, const char *sql, ...) __attribute__((sentinel));
int db_exec_args(struct srv *s, const char *sql, ...) __attribute__((sentinel));

/* The same on the database at URL (a SQLite path or postgresql://...). */
long scalar_url(const char *url, const char *sql);

/* Runs SQL (no rows) on the database at URL; 0 or -1 (message on stderr). */
int exec_url(const char *url, const char *sql);

/* The URL of database NAME on the PostgreSQL server of ZF_TEST_PG (its path
 * replaced, any ?query kept). 0 or -1. */
int pg_url_of(const char *name, char *out, size_t n);

/* The current TOTP code of base32 SECRET (for the demo administrators). */
void totp_now(const char *secret, char out[7]);

/* Opens a TCP connection to S (blocking); returns the socket or -1. */
int raw_connect(struct srv *s);

/* Writes all of DATA (LEN bytes) to FD; 0 or -1. */
int raw_send(int fd, const void *data, size_t len);

/* Reads from FD into ANSWER until the header block is complete or MS
 * milliseconds pass; returns the status code parsed from it, or -1. */
long raw_read_status(int fd, char *answer, size_t n, int ms);

/* Sends METHOD PATH with a JSON BODY (may be NULL); TOKEN (may be NULL) goes
 * into "Authorization: Bearer TOKEN", CSRF (may be NULL) into X-CSRF-Token. */
int client_json(struct client *cl, const char *method, const char *path, const char *body,
		const char *token, const char *csrf, struct resp *r);

/* R's body parsed as JSON (caller decrefs), or NULL. */
json_t *resp_json(const struct resp *r);

/* The "error" object of a JSON error answer {"error":{"code","message",
 * "fields"}} (borrowed from J), or NULL when J has not that shape. */
json_t *json_error_of(json_t *j);

/* Runs "zhifa token add --login LOGIN"; the token goes to OUT (trailing
 * newline removed). Returns the exit code (0 = issued). */
int make_token(struct srv *s, const char *login, char *out, size_t n);

/* Number of non-overlapping occurrences of NEEDLE in HAY. */
size_t str_count(const char *hay, const char *needle);

/* Monotonic milliseconds. */
long long now_ms(void);

/* The one demo server that all tests of a file share. A file with state of
 * its own embeds it as the first member of its own struct, sets the hooks,
 * and converts the tests' state back to that struct. */
struct demo {
	struct srv s;
	int empty;        /* start on a new database without the demo */
	const char *const *extra; /* further serve arguments, e.g. --now (may be NULL) */
	struct client cl; /* a session of the test's own, new for each test */
	/* The file's own setup once the server answers, 0 or -1 (may be NULL). */
	int (*setup)(struct demo *d);
	/* Undoes the file's setup before the server stops (may be NULL). */
	void (*teardown)(struct demo *d);
};

/* A test file's main: starts a server on a fresh demo database in D (a plain
 * one when D is NULL), with D->cl and then D->setup; runs the N TESTS as one
 * cmocka group, each with D as its state and a new session in D->cl (unless
 * the test has a setup of its own); runs D->teardown and stops the server.
 * Returns the exit status for main: 0 when the server started, every test
 * passed and the server stopped cleanly on SIGTERM. */
int demo_run(const struct CMUnitTest *tests, size_t n, struct demo *d);
#define demo_run_tests(tests, d) demo_run((tests), sizeof(tests) / sizeof((tests)[0]), (d))

/* Replaces D->cl with a new session (an empty cookie jar). */
void demo_new_session(struct demo *d);

/* db_scalar on the database of D that must succeed: fails the test otherwise. */
long scalar(struct demo *d, const char *sql);

/* GETs PATH with D->cl; asserts the answer's STATUS and, in its body, each
 * string that follows R, up to a NULL. The answer goes to R (free it with
 * resp_free), or is freed here when R is NULL. */
void demo_get(struct demo *d, const char *path, long status, struct resp *r, ...)
	__attribute__((sentinel));

/* As D->cl (a reviewer), concludes legal review REVIEW through the form
 * /workbench/reviews/REVIEW/conclude: every point of the checklist answered
 * "yes" with a note, except the law's (LAW_ANSWER with LAW_NOTE) and the
 * crime point ("na"); then OUTCOME with OPINION and CORRECTIONS (may be
 * NULL). Asserts the 303 of an accepted form. */
void review_conclude(struct demo *d, long review, const char *law_answer, const char *law_note,
		     const char *outcome, const char *opinion, const char *corrections);

/* The Location header of R copied into OUT; fails the test when R has none. */
const char *resp_location(const struct resp *r, char *out, size_t n);

/* Fails the test, showing HAY, unless NEEDLE is in it. */
void assert_has(const char *hay, const char *needle);

/* Fails the test, showing HAY, when NEEDLE is in it. */
void assert_lacks(const char *hay, const char *needle);

/* Serves the existing database DB (a SQLite path or a postgresql:// URL,
 * copied into S->db) with the EXTRA serve arguments (NULL-terminated, may be
 * NULL), like srv_start without init. S gets a temporary folder of its own
 * for the log, removed by srv_stop; DB and its data folder are left alone.
 * Waits until /healthz answers; 0 or -1 (with a message on stderr). */
int srv_serve(struct srv *s, const char *db, const char *const *extra);

/* Runs "zhifa ARGS..." (NULL-terminated, no --db added) with standard error
 * appended to LOG (may be NULL) and standard output into *OUT (malloc'd, may
 * be NULL). Returns the exit code. */
int cli_run(const char *const *args, char **out, const char *log);

/* Runs program ARGV[0] (looked up in PATH) with ARGV like cli_run: standard
 * error appended to LOG, standard output into *OUT. Returns the exit code. */
int prog_run(const char *const *argv, char **out, const char *log);

#endif
