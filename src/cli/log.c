/* zhifa log: the record log's actions; here "verify", which recomputes the log from the database rows, and "integrate", one sequencer pass. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/ledger.h"
#include "cli/cli.h"

static void help(void)
{
	printf("usage:\n"
	       "  zhifa log verify --db PATH [--data DIR]\n"
	       "  zhifa log integrate --db PATH [--data DIR]\n"
	       "  zhifa log check --url URL --key VKEY [--since FILE] [--save FILE]\n"
	       "  zhifa log prove --key VKEY PROOF_FILE [RECORD_FILE [--salt HEX]]\n\n"
	       "verify  recomputes the record log from the database itself, in one snapshot\n"
	       "        (the server may keep running): every entry from the history row it\n"
	       "        commits to (salt + canonical data, type, time, actor), every history\n"
	       "        row committed to exactly once, every live body, officer and account\n"
	       "        equal to its latest history, the tree rebuilt from the entries against\n"
	       "        every stored hash, every checkpoint's root and signature (DIR/log.key)\n"
	       "        and its consistency with the one before, and the checkpoint kept in\n"
	       "        DIR (a database restored from an older copy no longer contains it).\n"
	       "        Prints the first mismatch (table, key, what differs) and exits 1, or\n"
	       "        exits 0 when all holds.\n\n"
	       "integrate  integrates the pending entries and signs the checkpoint, as the\n"
	       "        server's sequencer does (batches of %d), until none is pending: for a\n"
	       "        database no server runs on (a server integrates by itself). Refuses,\n"
	       "        like the server, a tree that does not extend DIR/checkpoint.\n"
	       "check   audits a remote log over HTTP (signature, tiles, every entry,\n"
	       "        consistency with a saved checkpoint); see zhifa log check --help.\n"
	       "prove   verifies a c2sp.org/tlog-proof@v1 file offline; see zhifa log prove --help.\n\n"
	       "--data defaults to x.data/ beside a SQLite file x.db.\n", ZF_LOG_BATCH);
}

/* Reads the --db and --data options of a log action; *DIR gets the data
 * folder (malloc'd). Returns -1 to go on, or the exit code to return. */
static int db_options(int argc, char **argv, const char **db_url, char **dir)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *data = NULL;
	struct zf_err err = {0};
	int c;

	*db_url = NULL;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db_url = optarg; break;
		case 'D': data = optarg; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("log", "unknown option");
		}
	}
	if (!*db_url)
		return zf_cli_usage("log", "--db is required");
	if (optind < argc)
		return zf_cli_usage("log", "unexpected argument");
	if (!(*dir = zf_cli_data_dir(*db_url, data, &err)))
		return zf_cli_fail(&err);
	return -1;
}

/* zhifa log verify. */
static int cmd_verify(int argc, char **argv)
{
	const char *db_url = NULL;
	struct zf_err err = {0};
	struct zf_log_report rep;
	struct zf_db *db = NULL;
	char *dir = NULL;
	int rc;

	if ((rc = db_options(argc, argv, &db_url, &dir)) >= 0)
		return rc;
	if ((rc = zf_db_open(&db, db_url, 0, &err))) {
		free(dir);
		return zf_cli_fail(&err);
	}
	rc = zf_app_log_verify(db, dir, &rep, &err);
	zf_db_close(db);
	free(dir);
	if (rc == ZF_ECONFLICT) {
		printf("记录日志核验未通过：%s\n", err.msg);
		return ZF_EXIT_FAIL;
	}
	if (rc)
		return zf_cli_fail(&err);
	printf("记录日志核验通过：%lld 个条目（另有 %lld 个待处理），%lld 条变更记录，"
	       "%lld 个存储的子树哈希，%lld 个检查点（签名和前后一致性），%lld 个现存记录与其最新变更记录一致",
	       (long long)rep.leaves, (long long)rep.pending, (long long)rep.history,
	       (long long)rep.hashes, (long long)rep.checkpoints, (long long)rep.records);
	if (rep.kept_size >= 0)
		printf("；数据目录中的检查点（%lld 条）包含在日志中", (long long)rep.kept_size);
	printf("。\n");
	return ZF_EXIT_OK;
}

/* zhifa log integrate: sequencer steps until nothing is pending. */
static int cmd_integrate(int argc, char **argv)
{
	const char *db_url = NULL;
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	struct zf_ledger *lg = NULL;
	long long total = 0;
	char *dir = NULL;
	int rc, n = 0;

	if ((rc = db_options(argc, argv, &db_url, &dir)) >= 0)
		return rc;
	if (!(rc = zf_app_open(&app, db_url, dir, 2, &err)) && !(rc = zf_app_log_open(&lg, app, &err)))
		do {
			rc = zf_app_log_step(lg, &n, &err);
			total += n;
		} while (!rc && n == ZF_LOG_BATCH);
	zf_app_log_close(lg);
	zf_app_close(app);
	free(dir);
	if (rc)
		return zf_cli_fail(&err);
	printf("已整合 %lld 个待处理条目，并签署了当前的检查点。\n", total);
	return ZF_EXIT_OK;
}

/* The actions of zhifa log. */
static const struct {
	const char *name;
	int (*fn)(int, char **);
} actions[] = {
	{"verify", cmd_verify},
	{"integrate", cmd_integrate},
	{"check", zf_cmd_log_check},
	{"prove", zf_cmd_log_prove},
};

int zf_cmd_log(int argc, char **argv)
{
	const char *verb = NULL;
	int rc;

	if ((rc = zf_cli_verb(argc, argv, help, &verb)) >= 0)
		return rc;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(verb, actions[i].name))
			return actions[i].fn(argc, argv);
	return zf_cli_usage("log", "unknown action");
}
