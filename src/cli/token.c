/* zhifa token: API tokens for field devices and integrations. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "cli/cli.h"
#include "util/arena.h"
#include "util/crypto.h"
#include "util/str.h"
#include "util/time.h"

static void help(void)
{
	printf("usage:\n"
	       "  zhifa token add --db PATH --login NAME [--days N]\n"
	       "  zhifa token list --db PATH [--login NAME]\n"
	       "  zhifa token revoke --db PATH --id N\n\n"
	       "add prints only the token (one line) on standard output, and its id on\n"
	       "standard error. The API accepts it as 'Authorization: Bearer TOKEN' with\n"
	       "the account's role and body. Tokens are stored hashed; the three\n"
	       "administrators cannot have tokens. --days is 1..3650 (default 365).\n"
	       "list prints one token a line, oldest first, tab-separated: id, login,\n"
	       "issued, expires (Beijing time), state (有效, 已吊销 or 已过期); never the\n"
	       "token itself. revoke takes the id shown by add or list.\n");
}

/* The state word of token T at NOW, as the workbench shows it. */
static const char *token_state(const struct zf_token *t, int64_t now)
{
	if (t->revoked_at)
		return "已吊销";
	if (t->expires_at && now >= t->expires_at)
		return "已过期";
	return "有效";
}

/* Prints the tokens of LOGIN (NULL = every account), one a line. An unknown
 * LOGIN is an error (ZF_ENOTFOUND), so a typing mistake does not look like
 * an account without tokens. */
static int token_list(struct zf_app *app, const struct zf_actor *cli, const char *login,
		      struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_token *t = NULL;
	struct zf_account_info *accounts = NULL;
	size_t n = 0, naccounts = 0;
	int64_t now = zf_clock_now(&app->clock);
	int rc, known = !login;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_app_token_list(app, cli, a, &t, &n, err)))
		goto out;
	if (login) {
		if ((rc = zf_app_user_list(app, cli, a, &accounts, &naccounts, err)))
			goto out;
		for (size_t i = 0; i < naccounts && !known; i++)
			known = !strcmp(accounts[i].login, login);
		if (!known) {
			rc = zf_err_set(err, ZF_ENOTFOUND, "账号 %s 不存在", login);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		char created[20], expires[20] = "长期有效";
		if (login && (!t[i].login || strcmp(t[i].login, login)))
			continue;
		zf_time_local(t[i].created_at, created);
		if (t[i].expires_at)
			zf_time_local(t[i].expires_at, expires);
		printf("%lld\t%s\t%s\t%s\t%s\n", (long long)t[i].id, t[i].login ? t[i].login : "",
		       created, expires, token_state(&t[i], now));
	}
out:
	zf_arena_free(a);
	return rc;
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
	int adding = !strcmp(verb, "add"), listing = !strcmp(verb, "list");
	int revoking = !strcmp(verb, "revoke");
	if (!adding && !listing && !revoking)
		return zf_cli_usage("token", "unknown action (add, list, revoke)");
	if (!db)
		return zf_cli_usage("token", "--db is required");
	if (adding && !login)
		return zf_cli_usage("token", "--login is required");
	if (days && (!adding || zf_str_to_i64(days, 1, 3650, &ndays)))
		return zf_cli_usage("token", "--days must be 1..3650, with add only");
	if (revoking && (!idarg || zf_str_to_i64(idarg, 1, INT64_MAX, &id)))
		return zf_cli_usage("token", "--id N is required");
	if (idarg && !revoking)
		return zf_cli_usage("token", "--id goes with revoke only");
	if (login && revoking)
		return zf_cli_usage("token", "--login goes with add or list");
	if ((rc = zf_cli_open(&app, db, data, &err)))
		goto out;
	zf_actor_cli(&cli);
	if (adding) {
		if (!(rc = zf_app_token_add(app, &cli, login, (int)ndays, token, &id, &err))) {
			/* Only the token on standard output, so that scripts can take it
			 * as it is; the id, needed to revoke it, beside it on stderr. */
			printf("%s\n", token);
			fflush(stdout);
			fprintf(stderr, "已签发 API 令牌 %lld（账号 %s）；吊销: zhifa token revoke --id %lld\n",
				(long long)id, login, (long long)id);
		}
	} else if (listing) {
		rc = token_list(app, &cli, login, &err);
	} else if (!(rc = zf_app_token_revoke(app, &cli, id, &err))) {
		printf("已吊销令牌 %lld\n", (long long)id);
	}
out:
	zf_wipe(token, sizeof(token));
	zf_app_close(app);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
