/* zhifa token: API tokens for field devices and integrations. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "cli/cli.h"
#include "util/crypto.h"
#include "util/str.h"

static void help(void)
{
	printf("usage:\n"
	       "  zhifa token add --db PATH --login NAME [--days N]\n"
	       "  zhifa token revoke --db PATH --id N\n\n"
	       "add prints only the token (one line). The API accepts it as\n"
	       "'Authorization: Bearer TOKEN' with the account's role and body. Tokens are\n"
	       "stored hashed; the three administrators cannot have tokens. --days is 1..3650\n"
	       "(default 365).\n");
}

int zf_cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"login", required_argument, 0, 'l'}, {"days", required_argument, 0, 'n'},
		{"id", required_argument, 0, 'i'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db = NULL, *data = NULL, *login = NULL, *days = NULL, *idarg = NULL;
	int c, rc;
	int64_t ndays = 0, id = 0;
	char token[65] = "";
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	struct zf_actor cli;

	const char *verb = NULL;
	if ((rc = zf_cli_verb(argc, argv, help, &verb)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'l': login = optarg; break;
		case 'n': days = optarg; break;
		case 'i': idarg = optarg; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("token", "unknown option");
		}
	}
	int adding = !strcmp(verb, "add");
	if (!adding && strcmp(verb, "revoke"))
		return zf_cli_usage("token", "unknown action (add, revoke)");
	if (!db)
		return zf_cli_usage("token", "--db is required");
	if (adding && !login)
		return zf_cli_usage("token", "--login is required");
	if (days && zf_str_to_i64(days, 1, 3650, &ndays))
		return zf_cli_usage("token", "--days must be 1..3650");
	if (!adding && (!idarg || zf_str_to_i64(idarg, 1, INT64_MAX, &id)))
		return zf_cli_usage("token", "--id N is required");
	if ((rc = zf_cli_open(&app, db, data, &err)))
		goto out;
	zf_actor_cli(&cli);
	if (adding) {
		if (!(rc = zf_app_token_add(app, &cli, login, (int)ndays, token, &id, &err)))
			printf("%s\n", token);
	} else if (!(rc = zf_app_token_revoke(app, &cli, id, &err))) {
		printf("已吊销令牌 %lld\n", (long long)id);
	}
out:
	zf_wipe(token, sizeof(token));
	zf_app_close(app);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
