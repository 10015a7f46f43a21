/* zhifa backup: a verified copy of the SQLite database and its data folder, taken while zhifa runs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/backup.h"
#include "util/str.h"

static void help(void)
{
	printf("usage: zhifa backup --db PATH --to FILE [--data DIR] [--step PAGES]\n\n"
	       "Backs up the SQLite database PATH into the new file FILE while zhifa keeps\n"
	       "serving (SQLite's online backup API, a few pages per step, from one\n"
	       "snapshot), checks the copy (integrity_check, foreign_key_check, the same\n"
	       "row count in every table), syncs it to disk, and then copies the data\n"
	       "folder beside the database (record-log key and checkpoints, evidence\n"
	       "files) to the folder beside FILE: x.db -> x.data/, otherwise FILE.data/.\n"
	       "A backup made this way can be served as it is: zhifa serve --db FILE.\n\n"
	       "  --db PATH      the SQLite database (PostgreSQL: use pg_dump or continuous\n"
	       "                 archiving, see docs/operations.md)\n"
	       "  --to FILE      the backup file to create (never overwritten)\n"
	       "  --data DIR     the data folder of PATH (default: x.db -> x.data/)\n"
	       "  --step PAGES   pages copied per step (default 256)\n\n"
	       "Restore: stop zhifa, copy FILE and its data folder back in place of the\n"
	       "database and its data folder, start zhifa (docs/operations.md).\n");
}

static void print_report(const char *db, const char *to, const struct zf_backup_report *rep)
{
	printf("已备份数据库 %s 到 %s（%lld 页，%lld 字节；完整性检查、外键检查和各表行数核对均通过）\n",
	       db, to, (long long)rep->pages, (long long)rep->bytes);
	printf("  ");
	zf_cli_pad("数据表", 20);
	printf("         行数\n");
	for (size_t i = 0; i < rep->n; i++)
		printf("  %-20s %12lld\n", rep->tables[i].name, (long long)rep->tables[i].rows);
}

int zf_cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"to", required_argument, 0, 't'},
		{"data", required_argument, 0, 'D'}, {"step", required_argument, 0, 's'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db = NULL, *to = NULL, *data = NULL;
	char *from_dir = NULL, *to_dir = NULL;
	struct zf_backup_report rep;
	struct zf_err err = {0};
	struct zf_arena *a = NULL;
	int64_t step = 0, files = 0;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': to = optarg; break;
		case 'D': data = optarg; break;
		case 's':
			if (zf_str_to_i64(optarg, 1, 1 << 20, &step))
				return zf_cli_usage("backup", "--step must be a number of pages from 1 to 1048576");
			break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("backup", "unknown option");
		}
	}
	if (!db || !to)
		return zf_cli_usage("backup", "--db and --to are required");
	if (optind < argc)
		return zf_cli_usage("backup", "unexpected argument");
	if (!(a = zf_arena_new(0))) {
		zf_err_set(&err, ZF_ENOMEM, "内存不足");
		return zf_cli_fail(&err);
	}
	/* PostgreSQL is refused by the store before anything is read. */
	if (!strncmp(db, "postgres", 8)) {
		rc = zf_store_backup(db, to, 0, a, &rep, &err);
		goto out;
	}
	if (!(from_dir = zf_cli_data_dir(db, data, &err)) || !(to_dir = zf_cli_data_dir(to, NULL, &err))) {
		rc = err.code;
		goto out;
	}
	/* Both targets are checked before the database is copied, so that a
	 * backup is either whole or absent. */
	if (access(from_dir, R_OK | X_OK)) {
		rc = zf_err_set(&err, ZF_ENOTFOUND, "数据目录 %s 不存在或不可读（用 --data 指定）", from_dir);
		goto out;
	}
	if (!access(to_dir, F_OK)) {
		rc = zf_err_set(&err, ZF_ECONFLICT, "%s 已存在，不会覆盖它", to_dir);
		goto out;
	}
	if ((rc = zf_store_backup(db, to, (int)step, a, &rep, &err)))
		goto out;
	if ((rc = zf_store_copy_dir(from_dir, to_dir, &files, &err))) {
		/* Whole or absent: drop the database copy too. */
		unlink(to);
		goto out;
	}
	print_report(db, to, &rep);
	printf("已复制数据目录 %s 到 %s（%lld 个文件）\n", from_dir, to_dir, (long long)files);
	printf("恢复时先停止 zhifa，再把 %s 和 %s 复制回原位置（见 docs/operations.md）。\n", to, to_dir);
out:
	free(from_dir);
	free(to_dir);
	zf_arena_free(a);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
