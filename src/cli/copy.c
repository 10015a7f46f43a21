/* zhifa copy: moves a whole SQLite installation into an empty PostgreSQL database, verified table by table. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/backup.h"
#include "store/copy.h"

static void help(void)
{
	printf("usage: zhifa copy --from PATH --to postgresql://USER@HOST:PORT/NAME [--data DIR]\n"
	       "                  [--from-data DIR]\n\n"
	       "Copies every table of the zhifa database PATH (SQLite) into an empty\n"
	       "database (PostgreSQL; the administrator creates it with encoding UTF8),\n"
	       "keeping every id, in one transaction: the target first gets the schema\n"
	       "(the same migrations as zhifa init), then the rows, parents before\n"
	       "children, then its id sequences are moved past the copied ids. Before the\n"
	       "transaction commits, every table is compared: row count and a SHA-256 over\n"
	       "its rows in primary-key order, computed by zhifa the same way on both\n"
	       "sides. Any difference rolls the copy back. Stop zhifa on PATH first, or\n"
	       "changes made during the copy stay behind.\n\n"
	       "  --from PATH       the database to copy\n"
	       "  --to URL          the empty target database\n"
	       "  --data DIR        copy the data folder of PATH (record-log key and\n"
	       "                    checkpoints, evidence files) into DIR (new or empty);\n"
	       "                    serve the copy with --data DIR\n"
	       "  --from-data DIR   the data folder of PATH (default: x.db -> x.data/)\n");
}

/* DIR is usable as a copy target: absent, or an empty folder, which is
 * removed when DROP is set so that the copy can take its place. */
static int target_dir(const char *dir, int drop, struct zf_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int entries = 0;

	if (!d)
		return errno == ENOENT ? 0 : zf_err_set(err, ZF_ERROR, "无法读取目录 %s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	if (entries)
		return zf_err_set(err, ZF_ECONFLICT, "数据目录 %s 不是空的，不会覆盖它", dir);
	if (drop && rmdir(dir))
		return zf_err_set(err, ZF_ERROR, "无法使用目录 %s: %s", dir, strerror(errno));
	return 0;
}

static void print_report(const struct zf_copy_report *rep)
{
	zf_cli_pad("数据表", 18);
	zf_cli_pad("    源行数", 11);
	zf_cli_pad("  目标行数", 11);
	printf("  %-64s  结果\n", "SHA-256");
	for (size_t i = 0; i < rep->n; i++) {
		const struct zf_copy_table *t = &rep->tables[i];
		printf("%-18s %10lld %10lld  %-64s  %s\n", t->name, (long long)t->from.rows,
		       (long long)t->to.rows, t->from.sha256, t->same ? "一致" : "不一致");
		if (!t->same)
			printf("%-18s %10s %10s  %-64s  （目标）\n", "", "", "", t->to.sha256);
	}
	printf("%-18s 结构版本 %d，两边相同\n", "schema_migration", rep->version);
}

int zf_cmd_copy(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
		{"data", required_argument, 0, 'D'}, {"from-data", required_argument, 0, 'F'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *from = NULL, *to = NULL, *data = NULL, *from_data = NULL;
	char *src_dir = NULL;
	struct zf_copy_report rep = {0};
	struct zf_err err = {0};
	struct zf_arena *a = NULL;
	struct zf_db *src = NULL, *dst = NULL;
	int64_t files = 0;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'D': data = optarg; break;
		case 'F': from_data = optarg; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("copy", "unknown option");
		}
	}
	if (!from || !to)
		return zf_cli_usage("copy", "--from and --to are required");
	if (optind < argc)
		return zf_cli_usage("copy", "unexpected argument");
	if (!strcmp(from, to))
		return zf_cli_usage("copy", "--from and --to name the same database");
	if (!(a = zf_arena_new(0))) {
		zf_err_set(&err, ZF_ENOMEM, "内存不足");
		return zf_cli_fail(&err);
	}
	/* The folders are checked before anything is written. */
	if (!(src_dir = zf_cli_data_dir(from, from_data, &err))) {
		rc = err.code;
		goto out;
	}
	if (data && access(src_dir, R_OK | X_OK)) {
		rc = zf_err_set(&err, ZF_ENOTFOUND, "源数据目录 %s 不存在或不可读（用 --from-data 指定）", src_dir);
		goto out;
	}
	if (data && (rc = target_dir(data, 0, &err)))
		goto out;
	if ((rc = zf_db_open(&src, from, 0, &err)) || (rc = zf_db_open(&dst, to, 1, &err)))
		goto out;
	rc = zf_store_copy(src, dst, a, &rep, &err);
	if (rep.n)
		print_report(&rep);
	if (rc)
		goto out;
	printf("已将 %s 复制到 %s，共 %zu 个数据表，行数和校验和全部一致\n", from, to, rep.n);
	if (data) {
		if ((rc = target_dir(data, 1, &err)) ||
		    (rc = zf_store_copy_dir(src_dir, data, &files, &err)))
			goto out;
		printf("已复制数据目录 %s 到 %s（%lld 个文件）；运行时用 --data %s\n", src_dir, data,
		       (long long)files, data);
	} else {
		printf("未指定 --data：数据目录 %s 没有复制。在 PostgreSQL 上运行 zhifa 时必须用\n"
		       "--data 指定数据目录：请把它整个复制过去（cp -a）再用 --data 指向副本。\n",
		       src_dir);
	}
out:
	zf_db_close(src);
	zf_db_close(dst);
	free(src_dir);
	zf_arena_free(a);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
