/* Shared pieces of the command line: errors, data folder, passwords. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int zf_cli_fail(const struct zf_err *err)
{
	fprintf(stderr, "zhifa: %s\n", err->msg[0] ? err->msg : "操作失败");
	for (int i = 0; i < err->nfields; i++)
		if (strcmp(err->fields[i].msg, err->msg))
			fprintf(stderr, "  %s: %s\n", err->fields[i].field, err->fields[i].msg);
	return ZF_EXIT_FAIL;
}

int zf_cli_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "zhifa %s: %s\nRun 'zhifa %s --help' for usage.\n", cmd, msg, cmd);
	return ZF_EXIT_USAGE;
}

int zf_cli_verb(int argc, char **argv, void (*help)(void), const char **verb)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help();
		return argc < 2 ? ZF_EXIT_USAGE : ZF_EXIT_OK;
	}
	*verb = argv[1];
	optind = 2;
	return -1;
}

char *zf_cli_data_dir(const char *db, const char *data, struct zf_err *err)
{
	char *out = NULL;
	if (data && *data)
		return strdup(data);
	if (!strncmp(db, "postgres", 8)) {
		zf_err_set(err, ZF_EINVAL, "使用 PostgreSQL 时必须用 --data 指定数据目录");
		return NULL;
	}
	size_t n = strlen(db);
	if (n > 3 && !strcmp(db + n - 3, ".db")) {
		if (asprintf(&out, "%.*s.data", (int)(n - 3), db) < 0)
			out = NULL;
	} else if (asprintf(&out, "%s.data", db) < 0) {
		out = NULL;
	}
	if (!out)
		zf_err_set(err, ZF_ENOMEM, "内存不足");
	return out;
}

int zf_cli_read_password(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin))
		return -1;
	size_t len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = '\0';
	else if (len == n - 1)
		return -1; /* longer than the buffer */
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	return len ? 0 : -1;
}

void zf_cli_pad(const char *s, int width)
{
	int cells = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80) /* one per code point: two when not ASCII */
			cells += *p < 0x80 ? 1 : 2;
	fputs(s, stdout);
	for (; cells < width; cells++)
		putchar(' ');
}

int zf_cli_open(struct zf_app **app, const char *db, const char *data, struct zf_err *err)
{
	char *dir = zf_cli_data_dir(db, data, err);
	if (!dir)
		return err->code;
	int rc = zf_app_open(app, db, dir, 2, err);
	free(dir);
	return rc;
}
