/* zhifa migrate: applies pending numbered migrations. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/schema.h"

int zf_cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *path = NULL;
	int c, applied = 0, version = 0, rc;
	struct zf_err err = {0};
	struct zf_db *db = NULL;
	char shown[512];

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'h') {
			printf("usage: zhifa migrate --db PATH\n\n"
			       "Applies the pending schema migrations of this zhifa version, each in\n"
			       "its own transaction. Back the database up first.\n");
			return ZF_EXIT_OK;
		} else
			return zf_cli_usage("migrate", "unknown option");
	}
	if (!path)
		return zf_cli_usage("migrate", "--db is required");
	if ((rc = zf_db_open(&db, path, 0, &err)))
		return zf_cli_fail(&err);
	zf_db_url_redact(path, shown, sizeof(shown));
	rc = zf_store_schema_present(db, &err);
	if (rc == 0)
		rc = zf_err_set(&err, ZF_ENOTFOUND, "数据库 %s 中没有 zhifa 数据，请先运行 zhifa init", shown);
	else if (rc == 1)
		rc = zf_store_migrate(db, &applied, &err);
	if (!rc)
		rc = zf_store_schema_version(db, &version, &err);
	zf_db_close(db);
	if (rc)
		return zf_cli_fail(&err);
	printf("已应用 %d 个迁移，数据库结构版本 %d\n", applied, version);
	return ZF_EXIT_OK;
}
