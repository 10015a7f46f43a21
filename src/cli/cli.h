/* Shared pieces of the command line: subcommand table, option helpers. */
#ifndef ZF_CLI_CLI_H
#define ZF_CLI_CLI_H
#include <stddef.h>

#include "app/app.h"

/* Each subcommand: argc/argv start at the subcommand name; returns the exit code. */
int zf_cmd_init(int argc, char **argv);
int zf_cmd_serve(int argc, char **argv);
int zf_cmd_migrate(int argc, char **argv);
int zf_cmd_user(int argc, char **argv);
int zf_cmd_token(int argc, char **argv);
int zf_cmd_body(int argc, char **argv);
int zf_cmd_backup(int argc, char **argv);
int zf_cmd_copy(int argc, char **argv);
int zf_cmd_log(int argc, char **argv);
int zf_cmd_calendar(int argc, char **argv);
int zf_cmd_evidence(int argc, char **argv);

/* The actions "zhifa log check" and "zhifa log prove" (src/cli/logcheck.c),
 * which zf_cmd_log dispatches to: ARGC/ARGV as zf_cmd_log got them (argv[0]
 * "log", argv[1] the action); they read their own options from argv[2] on
 * (optind is reset) and answer --help themselves. Return the exit code. */
int zf_cmd_log_check(int argc, char **argv);
int zf_cmd_log_prove(int argc, char **argv);

/* What "zhifa log prove" checks, on bytes in memory (also for tests): the
 * c2sp.org/tlog-proof@v1 file PROOF (LEN bytes) against the verifier key
 * line VKEY, the entry being RECORD (RLEN bytes, a zhifa-entry/v1 entry, or
 * with SALT a record's canonical data) or, when RECORD is NULL, the proof's
 * extra line. 0 when the proof holds; otherwise ZF_EINVAL (or another
 * error) with the reason in ERR. Borrows everything. */
int zf_cli_log_prove_check(const char *vkey, const char *proof, size_t len, const char *record,
			   size_t rlen, const char *salt, struct zf_err *err);

/* Exit codes. */
enum { ZF_EXIT_OK = 0, ZF_EXIT_FAIL = 1, ZF_EXIT_USAGE = 2 };

/* Prints "zhifa: MSG" to stderr and returns ZF_EXIT_FAIL. */
int zf_cli_fail(const struct zf_err *err);

/* Prints a usage error and the hint to run --help; returns ZF_EXIT_USAGE. */
int zf_cli_usage(const char *cmd, const char *msg);

/* Starts a command with actions ("zhifa user add ..."): with no action or
 * --help prints HELP and returns ZF_EXIT_USAGE or ZF_EXIT_OK for the command
 * to return; otherwise sets *VERB to the action, prepares getopt to read the
 * options after it, and returns -1. */
int zf_cli_verb(int argc, char **argv, void (*help)(void), const char **verb);

/* The data folder for DB: DATA when given, else "x.data" beside a SQLite
 * file "x.db"; NULL (with a message) for PostgreSQL without --data. The
 * result is malloc'd. */
char *zf_cli_data_dir(const char *db, const char *data, struct zf_err *err);

/* Reads one line (a password) from standard input into OUT (N bytes),
 * stripping the newline. Returns 0 or -1 (empty, too long). */
int zf_cli_read_password(char *out, size_t n);

/* Prints S left-aligned in a column WIDTH terminal cells wide (a CJK
 * character takes two cells), so Chinese table headers line up. */
void zf_cli_pad(const char *s, int width);

/* Opens the application for a command (pool of 2). */
int zf_cli_open(struct zf_app **app, const char *db, const char *data, struct zf_err *err);

#endif
