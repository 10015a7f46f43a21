/* zhifa init: creates a database, its data folder and record-log key, optionally with the demo. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/blobs.h"
#include "app/ledger.h"
#include "cli/cli.h"
#include "store/schema.h"

static void help(void)
{
	printf("usage: zhifa init --db PATH [--data DIR] [--origin NAME] [--demo]\n\n"
	       "Creates a zhifa database. Refuses a database that already holds a zhifa\n"
	       "schema or any other tables.\n\n"
	       "  --db PATH      SQLite file to create\n"
	       "  --data DIR     folder for what zhifa keeps beside the database (record-log\n"
	       "                 key and checkpoints, evidence files); default: x.db -> x.data/\n"
	       "  --origin NAME  name of this installation's public record log, e.g.\n"
	       "                 xzzf.example.gov.cn/log; default: <host>/zhifa-log when this\n"
	       "                 machine's host name is fully qualified (has a dot, not .local\n"
	       "                 or .localdomain), otherwise a generated unique name\n"
	       "  --demo         load the demo bureau, officers and accounts (password demo)\n");
}

/* Origins are one line of printable ASCII without spaces (C2SP checkpoint). */
static int origin_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '+')
			return 0;
	return 1;
}

static int make_dir(const char *path, struct zf_err *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return zf_err_set(err, ZF_EINVAL, "数据目录路径过长");
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return zf_err_set(err, ZF_ERROR, "无法创建目录 %s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0700) && errno != EEXIST)
		return zf_err_set(err, ZF_ERROR, "无法创建数据目录 %s: %s", tmp, strerror(errno));
	return 0;
}

static void print_demo_accounts(void)
{
	printf("\n演示账号 / demo accounts（密码均为 demo）:\n");
	for (const struct zf_demo_account *d = zf_demo_accounts; d->login; d++) {
		printf("  %-12s %s\n", d->login, d->note);
		if (d->totp_secret)
			printf("  %-12s 动态验证码密钥（仅供演示）%s；取当前验证码: oathtool --totp -b %s\n",
			       "", d->totp_secret, d->totp_secret);
	}
}

static int create_schema(const char *db_path, const char *origin, struct zf_err *err)
{
	struct zf_db *db = NULL;
	char gen[256];
	char shown[512];
	int rc = zf_db_open(&db, db_path, 1, err);

	zf_db_url_redact(db_path, shown, sizeof(shown));
	if (rc)
		return rc;
	rc = zf_store_schema_present(db, err);
	if (rc == 1)
		rc = zf_err_set(err, ZF_ECONFLICT, "数据库 %s 已包含 zhifa 数据，init 不会改动它（升级请用 zhifa migrate）", shown);
	else if (rc == ZF_ECONFLICT)
		zf_err_set(err, rc, "数据库 %s 已包含其他数据表，init 不会改动它", shown);
	if (rc)
		goto out;
	if (!origin) {
		char host[256];
		if (gethostname(host, sizeof(host)) != 0)
			host[0] = '\0';
		host[sizeof(host) - 1] = '\0';
		if ((rc = zf_app_log_origin_default(host, gen, sizeof(gen), err)))
			goto out;
		origin = gen;
	}
	if (!(rc = zf_store_migrate(db, NULL, err)))
		rc = zf_store_meta_set(db, "origin", origin, err);
out:
	zf_db_close(db);
	return rc;
}

/* Refuses a data folder that already holds a record-log key or checkpoint:
 * they belong to another database, and signing a second log with that key
 * would publish two inconsistent trees under one name. */
static int log_folder_free(const char *dir, struct zf_err *err)
{
	static const char *const files[] = {ZF_LOG_KEY_FILE, ZF_LOG_CHECKPOINT_FILE};
	char path[4200];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, files[i]) >= (int)sizeof(path))
			return zf_err_set(err, ZF_EINVAL, "数据目录路径过长");
		if (access(path, F_OK) == 0)
			return zf_err_set(err, ZF_ECONFLICT,
					  "数据目录 %s 中已有记录日志的 %s，它属于另一个数据库：请用 --data 换一个空的数据目录",
					  dir, files[i]);
	}
	return 0;
}

/* Creates the record-log key in the data folder and signs the empty log's
 * checkpoint (size 0), so that /log/checkpoint answers from the first start. */
static int log_start(struct zf_app *app, struct zf_err *err)
{
	struct zf_ledger *lg = NULL;
	int rc = zf_app_log_open(&lg, app, err);

	if (!rc)
		rc = zf_app_log_step(lg, NULL, err);
	zf_app_log_close(lg);
	return rc;
}

int zf_cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"origin", required_argument, 0, 'o'}, {"demo", no_argument, 0, 'x'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db = NULL, *data = NULL, *origin = NULL;
	int demo = 0, c, rc;
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	char *dir = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'o': origin = optarg; break;
		case 'x': demo = 1; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("init", "unknown option");
		}
	}
	if (!db)
		return zf_cli_usage("init", "--db is required");
	if (optind < argc)
		return zf_cli_usage("init", "unexpected argument");
	if (origin && !origin_ok(origin))
		return zf_cli_usage("init", "--origin must be printable ASCII without spaces or '+', at most 200 bytes");
	if (!(dir = zf_cli_data_dir(db, data, &err)))
		return zf_cli_fail(&err);
	if ((rc = log_folder_free(dir, &err)) || (rc = create_schema(db, origin, &err)) ||
	    (rc = make_dir(dir, &err)) ||
	    (rc = zf_app_open(&app, db, dir, 2, &err)) || (rc = zf_app_blobs_bind(app, &err)) ||
	    (rc = log_start(app, &err)))
		goto out;
	if (demo)
		rc = zf_app_demo_load(app, &err);
	if (!rc) {
		char shown[512];
		zf_db_url_redact(db, shown, sizeof(shown));
		printf("已创建数据库 %s（数据目录 %s）%s\n", shown, dir, demo ? "，并载入演示数据" : "");
	}
	if (!rc && demo)
		print_demo_accounts();
out:
	zf_app_close(app);
	free(dir);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
