/* zhifa user: add, disable, enable, reset-password. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "cli/cli.h"
#include "core/role.h"
#include "util/crypto.h"
#include "util/str.h"

static void help(void)
{
	printf("usage:\n"
	       "  zhifa user add --db PATH --login NAME --role ROLE [--body ID] [--officer CERT] --password-stdin\n"
	       "  zhifa user disable --db PATH --login NAME\n"
	       "  zhifa user enable --db PATH --login NAME\n"
	       "  zhifa user reset-password --db PATH --login NAME --password-stdin\n\n"
	       "ROLE is one of:\n");
	for (int r = 1; r < ZF_ROLE_COUNT; r++)
		printf("  %-11s %s\n", zf_role_word(r), zf_role_label(r));
	printf("\n--body defaults to the first body. Officer accounts must be bound to their\n"
	       "registry entry with --officer CERT. The password is read from standard input.\n"
	       "Administrators (sysadmin, secadmin, auditor) sign in with a second factor:\n"
	       "their TOTP secret is printed once when the account is added.\n");
}

int zf_cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"login", required_argument, 0, 'l'}, {"role", required_argument, 0, 'r'},
		{"body", required_argument, 0, 'b'}, {"officer", required_argument, 0, 'o'},
		{"password-stdin", no_argument, 0, 'p'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *data = NULL, *login = NULL, *role = NULL, *body = NULL,
		   *officer = NULL, *verb;
	int pw_stdin = 0, c, rc = 0;
	char password[256] = "", secret[33] = "";
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	struct zf_actor cli;

	if ((rc = zf_cli_verb(argc, argv, help, &verb)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'l': login = optarg; break;
		case 'r': role = optarg; break;
		case 'b': body = optarg; break;
		case 'o': officer = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("user", "unknown option");
		}
	}
	if (!db || !login)
		return zf_cli_usage("user", "--db and --login are required");
	int adding = !strcmp(verb, "add"), resetting = !strcmp(verb, "reset-password");
	if (!adding && !resetting && strcmp(verb, "disable") && strcmp(verb, "enable"))
		return zf_cli_usage("user", "unknown action (add, disable, enable, reset-password)");
	if ((adding || resetting) && !pw_stdin)
		return zf_cli_usage("user", "--password-stdin is required: passwords never go on the command line");
	int64_t body_id = 0;
	if (adding && !role)
		return zf_cli_usage("user", "--role is required");
	if (adding && !zf_role_parse(role))
		return zf_cli_usage("user", "unknown role (see --help)");
	if (body && zf_str_to_i64(body, 1, INT64_MAX, &body_id))
		return zf_cli_usage("user", "--body must be a body id");
	if ((adding || resetting) && zf_cli_read_password(password, sizeof(password)))
		return zf_cli_usage("user", "no password on standard input (one line, at most 255 bytes)");
	if ((rc = zf_cli_open(&app, db, data, &err)))
		goto out;
	zf_actor_cli(&cli);
	if (adding) {
		struct zf_account_new n = {
			.login = login, .role = zf_role_parse(role), .body_id = body_id,
			.officer_cert = officer, .password = password,
		};
		int64_t id;
		if (!(rc = zf_app_user_add(app, &cli, &n, &id, secret, &err))) {
			printf("已添加账号 %s（%s）\n", login, zf_role_label(n.role));
			if (secret[0])
				printf("动态验证码密钥（TOTP，请录入验证器，仅显示一次）: %s\n"
				       "otpauth://totp/zhifa:%s?secret=%s&issuer=zhifa\n",
				       secret, login, secret);
		}
	} else if (resetting) {
		if (!(rc = zf_app_user_reset_password(app, &cli, login, password, &err)))
			printf("已重置账号 %s 的密码，其现有会话已结束\n", login);
	} else {
		int en = !strcmp(verb, "enable");
		if (!(rc = zf_app_user_set_enabled(app, &cli, login, en, &err)))
			printf("已%s账号 %s\n", en ? "启用" : "停用", login);
	}
out:
	zf_wipe(password, sizeof(password));
	zf_wipe(secret, sizeof(secret));
	zf_app_close(app);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
