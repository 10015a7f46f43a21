/* zhifa body: the enforcement bodies from the command line (the first one of a new installation). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "cli/cli.h"

static void help(void)
{
	printf("usage:\n"
	       "  zhifa body add --db PATH --name NAME --uscc CODE [--address TEXT] [--phone TEXT]\n"
	       "                 [--legal-basis TEXT] [--duties TEXT] [--powers TEXT]\n"
	       "                 [--supervision TEXT] [--remedy TEXT]\n"
	       "  zhifa body list --db PATH\n\n"
	       "A new installation needs its first enforcement body (执法主体) before any\n"
	       "account can be added: every account belongs to a body. Afterwards the\n"
	       "registrar keeps bodies in the workbench. CODE is the body's 统一社会信用代码\n"
	       "(18 characters, GB 32100, check character verified).\n");
}

static int list(struct zf_app *app, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_body *b;
	size_t n;
	int rc;
	zf_actor_cli(&cli);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = zf_app_body_list(app, &cli, a, &b, &n, err)))
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\n", (long long)b[i].id, b[i].uscc,
			       zf_body_state_label(b[i].state), b[i].name);
	zf_arena_free(a);
	return rc;
}

int zf_cmd_body(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"data", required_argument, 0, 'D'},
		{"name", required_argument, 0, 'n'}, {"uscc", required_argument, 0, 'u'},
		{"address", required_argument, 0, 'a'}, {"phone", required_argument, 0, 'p'},
		{"legal-basis", required_argument, 0, 'l'}, {"duties", required_argument, 0, 't'},
		{"powers", required_argument, 0, 'w'}, {"supervision", required_argument, 0, 's'},
		{"remedy", required_argument, 0, 'r'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	struct zf_body b = {.state = ZF_BODY_ACTIVE};
	const char *db = NULL, *data = NULL;
	struct zf_err err = {0};
	struct zf_app *app = NULL;
	struct zf_actor cli;
	int c, rc;
	int64_t id;

	const char *verb = NULL;
	if ((rc = zf_cli_verb(argc, argv, help, &verb)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'n': b.name = optarg; break;
		case 'u': b.uscc = optarg; break;
		case 'a': b.address = optarg; break;
		case 'p': b.phone = optarg; break;
		case 'l': b.legal_basis = optarg; break;
		case 't': b.duties = optarg; break;
		case 'w': b.powers = optarg; break;
		case 's': b.supervision = optarg; break;
		case 'r': b.remedy = optarg; break;
		case 'h': help(); return ZF_EXIT_OK;
		default: return zf_cli_usage("body", "unknown option");
		}
	}
	int adding = !strcmp(verb, "add");
	if (!adding && strcmp(verb, "list"))
		return zf_cli_usage("body", "unknown action (add, list)");
	if (!db)
		return zf_cli_usage("body", "--db is required");
	if ((rc = zf_cli_open(&app, db, data, &err)))
		goto out;
	zf_actor_cli(&cli);
	if (!adding)
		rc = list(app, &err);
	else if (!(rc = zf_app_body_create(app, &cli, &b, &id, &err)))
		printf("已添加执法主体 %lld：%s\n", (long long)id, b.name);
out:
	zf_app_close(app);
	return rc ? zf_cli_fail(&err) : ZF_EXIT_OK;
}
