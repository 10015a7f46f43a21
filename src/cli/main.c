/* zhifa's entry point: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/crypto.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{"init", zf_cmd_init, "创建数据库 (create a database, optionally with demo data)"},
	{"serve", zf_cmd_serve, "运行公示平台、工作台和 API (serve portal, workbench and API)"},
	{"migrate", zf_cmd_migrate, "升级数据库结构 (apply pending migrations)"},
	{"backup", zf_cmd_backup, "备份 SQLite 数据库和数据目录 (online, verified backup)"},
	{"copy", zf_cmd_copy, "把 SQLite 数据库复制到 PostgreSQL (copy to PostgreSQL, verified)"},
	{"body", zf_cmd_body, "执法主体 (add the first body of an installation, list)"},
	{"user", zf_cmd_user, "管理账号 (add, disable, enable, reset-password)"},
	{"token", zf_cmd_token, "管理 API 令牌 (add, revoke)"},
	{"log", zf_cmd_log, "记录日志 (verify from the rows; integrate pending entries; check a remote log; prove a record)"},
	{"evidence", zf_cmd_evidence, "证据 (verify stored files against the record log)"},
	{"calendar", zf_cmd_calendar, "工作日历 (deadline on the working-day calendar; load, list year files)"},
};

static void usage(FILE *f)
{
	fprintf(f, "zhifa — 行政执法\"三项制度\"信息系统\n\n"
		   "usage: zhifa COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nEach command has --help.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return ZF_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return ZF_EXIT_OK;
	}
	/* The database, its data folder and backups hold password hashes and
	 * secrets: nothing zhifa creates is readable by other users. */
	umask(077);
	if (zf_crypto_init()) {
		fprintf(stderr, "zhifa: OpenSSL lacks SHA-256\n");
		return ZF_EXIT_FAIL;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "zhifa: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return ZF_EXIT_USAGE;
}
