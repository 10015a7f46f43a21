/* Integration tests of the security administrator's pages: accounts and API tokens through the workbench forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define SECADMIN_SECRET "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
#define SYSADMIN_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define AUDITOR_SECRET "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
#define REG2_PW "Reg2-pass-2026"
#define REG2_PW_NEW "Reg2-new-pass-2026"
#define MSG_CLI_ONLY "三员账号只能由系统部署人员在服务器上用命令行管理"
#define NEW_OFFICER                                                                        \
	"{\"body_id\":1,\"name\":\"令牌测试\",\"cert_no\":\"ZF-TK0001\",\"issuer\":\"陵川县人民政府\"," \
	"\"domains\":\"旅游市场\",\"valid_from\":\"2025-01-01\",\"valid_to\":\"2035-12-31\"}"

struct fx {
	struct demo d;        /* first: the tests' state points at it */
	struct client sec;    /* the security administrator, signed in */
	struct client reg2;   /* the registrar the tests add */
};

static int sign_in(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	char code[7];
	client_init(&f->sec, &d->s);
	client_init(&f->reg2, &d->s);
	totp_now(SECADMIN_SECRET, code);
	if (client_login(&f->sec, "secadmin", "demo", code) != 303 || !f->sec.csrf[0]) {
		fprintf(stderr, "secadmin could not sign in\n");
		return -1;
	}
	return 0;
}

static void sign_out(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	client_free(&f->sec);
	client_free(&f->reg2);
}

/* GETs PATH as CL, expecting STATUS; the answer stays in R. */
static void get(struct client *cl, const char *path, long status, struct resp *r)
{
	assert_int_equal(client_get(cl, path, r), 0);
	if (r->status != status)
		fail_msg("GET %s: %ld, wanted %ld\n%.2000s", path, r->status, status, r->body);
}

/* Asserts R is a 303 to WANT. */
static void assert_redirect(const struct resp *r, const char *want)
{
	char loc[256];
	if (r->status != 303)
		fail_msg("%ld, wanted 303 to %s\n%.2000s", r->status, want, r->body);
	assert_non_null(resp_header(r, "Location", loc, sizeof(loc)));
	assert_string_equal(loc, want);
}

/* Submits the new-account form as the security administrator. */
static void add_account(struct fx *f, const char *login, const char *role, const char *body,
			const char *cert, const char *pw, const char *pw2, struct resp *r)
{
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts", 0, r, "login", login,
					  "role", role, "body_id", body, "officer_cert", cert,
					  "password", pw, "password_confirm", pw2, NULL), 0);
}

/* Submits the token form for LOGIN and DAYS, expecting STATUS; the answer stays in R. */
static void issue_token(struct fx *f, const char *login, const char *days, long status,
			struct resp *r)
{
	assert_int_equal(client_post_form(&f->sec, "/workbench/tokens", 0, r, "login", login, "days",
					  days, NULL), 0);
	if (r->status != status)
		fail_msg("token for %s, %s days: %ld, wanted %ld\n%.2000s", login, days, r->status,
			 status, r->body);
}

/* Signs a fresh client in as LOGIN and returns the status of the attempt. */
static long try_login(struct fx *f, const char *login, const char *pw, const char *totp)
{
	struct client cl;
	client_init(&cl, &f->d.s);
	long st = client_login(&cl, login, pw, totp);
	client_free(&cl);
	return st;
}

/* Copies the LEN characters after MARK in HAY into OUT (LEN + 1 bytes). */
static void text_after(const char *hay, const char *mark, size_t len, char *out)
{
	const char *p = strstr(hay, mark);
	if (!p)
		fail_msg("missing \"%s\" in:\n%.3000s", mark, hay);
	p += strlen(mark);
	assert_true(strlen(p) >= len);
	memcpy(out, p, len);
	out[len] = '\0';
}

static void test_list(void **state)
{
	struct fx *f = *state;
	struct resp r;
	get(&f->sec, "/workbench/accounts", 200, &r);
	assert_has(r.body, "<h1>账号管理</h1>");
	assert_has(r.body, "共 10 个账号");
	assert_has(r.body, "registrar1");
	assert_has(r.body, "执法主体和人员信息管理员");
	assert_has(r.body, "14052400101"); /* officer1's certificate */
	assert_has(r.body, "action=\"/workbench/accounts/officer1/disable\"");
	assert_has(r.body, "action=\"/workbench/accounts/officer1/password\"");
	assert_has(r.body, "重置密码");
	/* The administrator cannot lock itself out from its own row. */
	assert_lacks(r.body, "action=\"/workbench/accounts/secadmin/disable\"");
	/* Ordered by login. */
	assert_true(strstr(r.body, "auditor") < strstr(r.body, "leader1"));
	assert_true(strstr(r.body, "registrar1") < strstr(r.body, "reviewer1"));
	/* No hash, no second-factor secret ever reaches the page. */
	assert_lacks(r.body, "scrypt");
	assert_lacks(r.body, SECADMIN_SECRET);
	assert_lacks(r.body, SYSADMIN_SECRET);
	assert_lacks(r.body, AUDITOR_SECRET);
	resp_free(&r);

	/* The workbench leads there, for the security administrator only. */
	get(&f->sec, "/workbench", 200, &r);
	assert_has(r.body, "href=\"/workbench/accounts\"");
	assert_has(r.body, "href=\"/workbench/accounts/new\"");
	assert_has(r.body, "href=\"/workbench/tokens\"");
	resp_free(&r);
	struct client reg;
	client_init(&reg, &f->d.s);
	assert_int_equal(client_login(&reg, "registrar1", "demo", NULL), 303);
	get(&reg, "/workbench", 200, &r);
	assert_lacks(r.body, "/workbench/accounts");
	assert_lacks(r.body, "/workbench/tokens");
	resp_free(&r);
	get(&reg, "/workbench/accounts", 403, &r);
	resp_free(&r);
	client_free(&reg);
}

static void test_form_page(void **state)
{
	struct fx *f = *state;
	struct resp r;
	get(&f->sec, "/workbench/accounts/new", 200, &r);
	assert_has(r.body, "<h1>新增账号</h1>");
	assert_has(r.body, "name=\"csrf\"");
	const char *labels[] = {"登录名", "角色", "所属执法主体", "绑定执法证号", "初始密码", "确认密码"};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		assert_has(r.body, labels[i]);
	assert_has(r.body, "<option value=\"registrar\">执法主体和人员信息管理员</option>");
	assert_has(r.body, "<option value=\"officer\">执法人员</option>");
	/* The three administrators are not offered: they are made on the command line. */
	assert_lacks(r.body, "<option value=\"auditor\"");
	assert_lacks(r.body, "<option value=\"sysadmin\"");
	assert_lacks(r.body, "<option value=\"secadmin\"");
	assert_has(r.body, MSG_CLI_ONLY);
	assert_has(r.body, "name=\"body_id\"");
	resp_free(&r);
}

static void test_add_registrar(void **state)
{
	struct fx *f = *state;
	struct resp r;
	long before = scalar(&f->d, "SELECT count(*) FROM account");
	add_account(f, "registrar2", "registrar", "2", "", REG2_PW, REG2_PW, &r);
	assert_redirect(&r, "/workbench/accounts?done=added&login=registrar2");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account"), before + 1);
	assert_int_equal(scalar(&f->d, "SELECT role FROM account WHERE login='registrar2'"), 6);
	assert_int_equal(scalar(&f->d, "SELECT body_id FROM account WHERE login='registrar2'"), 2);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account WHERE login='registrar2' AND "
				   "totp_secret IS NULL AND enabled = 1"), 1);
	get(&f->sec, "/workbench/accounts?done=added&login=registrar2", 200, &r);
	assert_has(r.body, "已新增账号 registrar2。");
	resp_free(&r);
	/* A confirmation about an account that does not exist is not shown. */
	get(&f->sec, "/workbench/accounts?done=added&login=nobody", 200, &r);
	assert_lacks(r.body, "已新增账号");
	resp_free(&r);

	/* The new account signs in and works as a registrar. */
	assert_int_equal(client_login(&f->reg2, "registrar2", REG2_PW, NULL), 303);
	get(&f->reg2, "/workbench", 200, &r);
	assert_has(r.body, "您好，registrar2（执法主体和人员信息管理员）");
	resp_free(&r);
	get(&f->reg2, "/workbench/officers/new", 200, &r);
	resp_free(&r);
}

static void test_add_refused(void **state)
{
	struct fx *f = *state;
	struct resp r;
	long before = scalar(&f->d, "SELECT count(*) FROM account");
	long refused = scalar(&f->d, "SELECT count(*) FROM audit WHERE action='user_add' AND "
				 "outcome='invalid' AND actor_login='secadmin'");

	/* A taken login: the message next to the field, what was typed kept. */
	add_account(f, "registrar2", "registrar", "1", "", "Another-pass-1", "Another-pass-1", &r);
	assert_true(r.status == 409 || r.status == 422);
	assert_has(r.body, "<p id=\"login-error\" class=\"field-error\">登录名已存在</p>");
	assert_has(r.body, "value=\"registrar2\"");
	assert_has(r.body, "<option value=\"registrar\" selected>");
	assert_lacks(r.body, "Another-pass-1"); /* passwords are never sent back */
	resp_free(&r);

	/* Each refusal names its field, and keeps what was typed. */
	static const struct {
		const char *login, *role, *cert, *pw, *pw2;
		const char *want[3]; /* in the page; NULL-padded */
	} refused_forms[] = {
		/* An officer account must name its certificate. */
		{"officer9", "officer", "", "Officer9-pass", "Officer9-pass",
		 {"<p id=\"officer-error\" class=\"field-error\">执法人员账号须指定其执法证号</p>",
		  "value=\"officer9\""}},
		/* Passwords that differ. */
		{"officer9", "officer", "14052400103", "Officer9-pass", "Officer9-past",
		 {"id=\"password_confirm-error\" class=\"field-error\">两次输入的密码不一致",
		  "value=\"14052400103\""}},
		/* Every rule the app checks, at once. */
		{"9x", "", "", "short", "short",
		 {"id=\"login-error\"", "<p id=\"role-error\" class=\"field-error\">请选择角色</p>",
		  "<p id=\"password-error\" class=\"field-error\">密码至少需要 8 个字符</p>"}},
		{"leader9", "leader", "14052400103", "Leader9-pass", "Leader9-pass",
		 {"只有执法人员和法制审核人员账号可以绑定执法证号"}},
	};
	for (size_t i = 0; i < sizeof(refused_forms) / sizeof(refused_forms[0]); i++) {
		add_account(f, refused_forms[i].login, refused_forms[i].role, "1", refused_forms[i].cert,
			    refused_forms[i].pw, refused_forms[i].pw2, &r);
		assert_int_equal(r.status, 422);
		for (size_t k = 0; k < 3 && refused_forms[i].want[k]; k++)
			assert_has(r.body, refused_forms[i].want[k]);
		resp_free(&r);
	}

	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account"), before);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM audit WHERE action='user_add' AND "
				   "outcome='invalid' AND actor_login='secadmin'"), refused + 5);

	/* With its certificate the officer account is made and bound. */
	add_account(f, "officer9", "officer", "1", "14052400103", "Officer9-pass", "Officer9-pass", &r);
	assert_redirect(&r, "/workbench/accounts?done=added&login=officer9");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account a JOIN officer o ON o.id = "
				   "a.officer_id WHERE a.login='officer9' AND o.cert_no='14052400103'"), 1);
	get(&f->sec, "/workbench/accounts", 200, &r);
	assert_has(r.body, "14052400103");
	resp_free(&r);
	assert_int_equal(try_login(f, "officer9", "Officer9-pass", NULL), 303);
}

/* 三员分立: the security administrator cannot make, disable, enable or reset
 * an administrator's account (and so never sees another administrator's
 * second-factor secret); the operator does it on the command line. */
static void test_admin_accounts_cli_only(void **state)
{
	static const char *const roles[] = {"auditor", "sysadmin", "secadmin"};
	struct fx *f = *state;
	struct resp r;
	char *out = NULL, secret[33], code[7];
	long before = scalar(&f->d, "SELECT count(*) FROM account");
	long changed = scalar(&f->d, "SELECT pw_changed_at FROM account WHERE login='sysadmin'");

	/* A form sent with an administrator's role anyway (the select lacks them). */
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		add_account(f, "admin2", roles[i], "1", "", "Admin2-pass-2026", "Admin2-pass-2026", &r);
		assert_int_equal(r.status, 403);
		assert_has(r.body, MSG_CLI_ONLY);
		assert_lacks(r.body, "totp-secret");
		assert_lacks(r.body, "otpauth://");
		resp_free(&r);
	}
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account"), before);

	/* Not even the only auditor can be disabled from the web. */
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/auditor/disable", 0, &r,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, MSG_CLI_ONLY);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='auditor'"), 1);
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/auditor/enable", 0, &r,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Nor another administrator's password reset, to sign in as it. */
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/sysadmin/password", 0, &r,
					  "password", "Taken-over-2026", "password_confirm",
					  "Taken-over-2026", NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, MSG_CLI_ONLY);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT pw_changed_at FROM account WHERE login='sysadmin'"),
			 changed);
	assert_int_equal(try_login(f, "sysadmin", "Taken-over-2026", NULL), 401);

	/* The list offers no action on their rows. */
	get(&f->sec, "/workbench/accounts", 200, &r);
	assert_lacks(r.body, "action=\"/workbench/accounts/auditor/disable\"");
	assert_lacks(r.body, "action=\"/workbench/accounts/auditor/password\"");
	assert_lacks(r.body, "action=\"/workbench/accounts/sysadmin/password\"");
	assert_lacks(r.body, "action=\"/workbench/accounts/secadmin/password\"");
	assert_has(r.body, "三员账号由系统部署人员用命令行管理");
	resp_free(&r);

	/* The command line makes one, showing its secret to the operator there. */
	assert_int_equal(srv_cli(&f->d.s, "Auditor2-pass\n", &out,
				 (const char *const[]){"user", "add", "--login", "auditor2", "--role",
						       "auditor", "--password-stdin", NULL}), 0);
	assert_non_null(out);
	text_after(out, "secret=", 32, secret);
	free(out);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM account WHERE login='auditor2' AND "
				   "length(totp_secret) = 32"), 1);
	assert_int_equal(try_login(f, "auditor2", "Auditor2-pass", NULL), 401);
	totp_now(secret, code);
	assert_int_equal(try_login(f, "auditor2", "Auditor2-pass", code), 303);
	/* ... and disables it; the web still may not touch it. */
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/auditor2/disable", 0, &r,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(srv_cli(&f->d.s, NULL, NULL,
				 (const char *const[]){"user", "disable", "--login", "auditor2", NULL}), 0);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='auditor2'"), 0);
}

/* The command line lists tokens with the id that revoke takes; add prints
 * only the token on standard output and its id beside it. */
static void test_cli_tokens(void **state)
{
	struct fx *f = *state;
	char *out = NULL, token[80], want[160], line[512], *log = NULL;
	size_t loglen = 0;
	FILE *lf;

	assert_int_equal(srv_cli(&f->d.s, NULL, &out,
				 (const char *const[]){"token", "add", "--login", "publisher1", "--days",
						       "7", NULL}), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), 65); /* the token and a newline, nothing else */
	assert_int_equal(strspn(out, "0123456789abcdef"), 64);
	memcpy(token, out, 64);
	token[64] = '\0';
	free(out);
	long id = scalar(&f->d, "SELECT max(id) FROM api_token");
	/* Its id went to standard error (the server's log in this harness). */
	assert_non_null(lf = fopen(f->d.s.log, "r"));
	FILE *mem = open_memstream(&log, &loglen);
	while (fgets(line, sizeof(line), lf))
		fputs(line, mem);
	fclose(mem);
	fclose(lf);
	snprintf(want, sizeof(want), "已签发 API 令牌 %ld（账号 publisher1）", id);
	assert_has(log, want);
	assert_lacks(log, token);
	free(log);

	/* Listed, with its state; never the token. */
	assert_int_equal(srv_cli(&f->d.s, NULL, &out, (const char *const[]){"token", "list", NULL}), 0);
	snprintf(want, sizeof(want), "\n%ld\tpublisher1\t", id);
	assert_has(out, "\tregistrar1\t"); /* the one test_tokens made */
	assert_has(out, "\t已吊销\n");
	assert_lacks(out, token);
	{
		const char *p = strstr(out, want + 1);
		assert_non_null(p);
		size_t len = strcspn(p, "\n");
		assert_true(len < sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		assert_int_equal(str_count(line, "\t"), 4);
		assert_non_null(strstr(line, "\t有效"));
	}
	free(out);

	/* By account: only that account's tokens. */
	assert_int_equal(srv_cli(&f->d.s, NULL, &out,
				 (const char *const[]){"token", "list", "--login", "publisher1", NULL}), 0);
	assert_lacks(out, "registrar1");
	snprintf(want, sizeof(want), "%ld\tpublisher1\t", id);
	assert_int_equal(strncmp(out, want, strlen(want)), 0);
	assert_int_equal(str_count(out, "\n"), 1);
	free(out);
	assert_int_not_equal(srv_cli(&f->d.s, NULL, NULL,
				     (const char *const[]){"token", "list", "--login", "nobody", NULL}), 0);

	/* The id listed is the one revoke takes; an expired token says so. */
	snprintf(want, sizeof(want), "%ld", id);
	assert_int_equal(srv_cli(&f->d.s, NULL, NULL,
				 (const char *const[]){"token", "revoke", "--id", want, NULL}), 0);
	assert_int_equal(srv_cli(&f->d.s, NULL, &out,
				 (const char *const[]){"token", "list", "--login", "publisher1", NULL}), 0);
	assert_has(out, "\t已吊销\n");
	free(out);
	assert_int_equal(make_token(&f->d.s, "publisher1", token, sizeof(token)), 0);
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE api_token SET created_at = created_at - 172800, "
				     "expires_at = created_at - 86400 WHERE id = "
				     "(SELECT max(id) FROM api_token)"), 0);
	assert_int_equal(srv_cli(&f->d.s, NULL, &out,
				 (const char *const[]){"token", "list", "--login", "publisher1", NULL}), 0);
	assert_has(out, "\t已过期\n");
	assert_int_equal(str_count(out, "\n"), 2);
	free(out);
}

static void test_disable_enable(void **state)
{
	struct fx *f = *state;
	struct resp r;
	get(&f->reg2, "/workbench", 200, &r); /* signed in since test_add_registrar */
	resp_free(&r);
	assert_true(scalar(&f->d, "SELECT count(*) FROM session s JOIN account a ON a.id = "
			      "s.account_id WHERE a.login='registrar2'") >= 1);

	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/registrar2/disable", 0, &r,
					  NULL), 0);
	assert_redirect(&r, "/workbench/accounts?done=disabled&login=registrar2");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='registrar2'"), 0);
	/* Its open session ended with it, and it cannot sign in again. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM session s JOIN account a ON a.id = "
				   "s.account_id WHERE a.login='registrar2'"), 0);
	assert_int_equal(client_get(&f->reg2, "/workbench", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(try_login(f, "registrar2", REG2_PW, NULL), 401);
	get(&f->sec, "/workbench/accounts?done=disabled&login=registrar2", 200, &r);
	assert_has(r.body, "已停用账号 registrar2");
	assert_has(r.body, "已停用</span>");
	assert_has(r.body, "action=\"/workbench/accounts/registrar2/enable\"");
	resp_free(&r);

	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/registrar2/enable", 0, &r,
					  NULL), 0);
	assert_redirect(&r, "/workbench/accounts?done=enabled&login=registrar2");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='registrar2'"), 1);
	assert_int_equal(client_login(&f->reg2, "registrar2", REG2_PW, NULL), 303);

	/* Not oneself; not an account that does not exist; not without the form's token. */
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/secadmin/disable", 0, &r,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, "不能停用自己的账号");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='secadmin'"), 1);
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/ghost/disable", 0, &r, NULL), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(client_post_form(&f->sec, "/workbench/accounts/registrar2/disable", 1, &r,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT enabled FROM account WHERE login='registrar2'"), 1);
}

static void test_reset_password(void **state)
{
	struct fx *f = *state;
	struct resp r;
	const char *path = "/workbench/accounts/registrar2/password";

	/* Refusals: the row's form opens with the message next to its field. */
	assert_int_equal(client_post_form(&f->sec, path, 0, &r, "password", REG2_PW_NEW,
					  "password_confirm", "something else", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "<details class=\"history\" open>");
	assert_int_equal(str_count(r.body, "<details class=\"history\" open>"), 1);
	assert_has(r.body, "账号 registrar2 的密码未重置：两次输入的密码不一致");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->sec, path, 0, &r, "password", "short",
					  "password_confirm", "short", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "<p class=\"field-error\">密码至少需要 8 个字符</p>");
	resp_free(&r);
	assert_int_equal(try_login(f, "registrar2", REG2_PW, NULL), 303);

	assert_int_equal(client_post_form(&f->sec, path, 0, &r, "password", REG2_PW_NEW,
					  "password_confirm", REG2_PW_NEW, NULL), 0);
	assert_redirect(&r, "/workbench/accounts?done=password&login=registrar2");
	resp_free(&r);
	/* The sessions opened with the old password are over. */
	assert_int_equal(client_get(&f->reg2, "/workbench", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(try_login(f, "registrar2", REG2_PW, NULL), 401);
	assert_int_equal(try_login(f, "registrar2", REG2_PW_NEW, NULL), 303);
}

static void test_tokens(void **state)
{
	struct fx *f = *state;
	struct client api;
	struct resp r;
	char token[65], path[96], want[96];
	long before = scalar(&f->d, "SELECT count(*) FROM api_token");

	get(&f->sec, "/workbench/tokens", 200, &r);
	assert_has(r.body, "<h1>API 令牌</h1>");
	assert_has(r.body, "签发令牌");
	assert_has(r.body, "有效天数");
	resp_free(&r);

	issue_token(f, "registrar1", "30", 200, &r);
	text_after(r.body, "<code id=\"new-token\">", 64, token);
	assert_int_equal(strspn(token, "0123456789abcdef"), 64);
	assert_has(r.body, "只显示这一次");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM api_token"), before + 1);
	long id = scalar(&f->d, "SELECT max(id) FROM api_token");
	assert_int_equal(scalar(&f->d, "SELECT expires_at - created_at FROM api_token WHERE id = "
				   "(SELECT max(id) FROM api_token)"), 30 * 86400);

	/* The token works as registrar1 on the API. */
	client_init(&api, &f->d.s);
	assert_int_equal(client_json(&api, "POST", "/api/v1/officers", NEW_OFFICER, token, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer WHERE cert_no='ZF-TK0001'"), 1);

	/* The list shows it, never the token itself. */
	get(&f->sec, "/workbench/tokens", 200, &r);
	snprintf(want, sizeof(want), "<tr id=\"token-%ld\">", id);
	assert_has(r.body, want);
	assert_has(r.body, "registrar1");
	assert_lacks(r.body, token);
	resp_free(&r);

	snprintf(path, sizeof(path), "/workbench/tokens/%ld/revoke", id);
	assert_int_equal(client_post_form(&f->sec, path, 0, &r, NULL), 0);
	snprintf(want, sizeof(want), "/workbench/tokens?revoked=%ld", id);
	assert_redirect(&r, want);
	resp_free(&r);
	get(&f->sec, want, 200, &r);
	assert_has(r.body, "已吊销令牌");
	assert_has(r.body, "已吊销</span>");
	resp_free(&r);
	assert_int_equal(client_json(&api, "POST", "/api/v1/officers", NEW_OFFICER, token, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	client_free(&api);
	/* Revoked once only. */
	assert_int_equal(client_post_form(&f->sec, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void test_token_refused(void **state)
{
	struct fx *f = *state;
	struct resp r;
	long before = scalar(&f->d, "SELECT count(*) FROM api_token");

	/* The administrators never get tokens. */
	issue_token(f, "sysadmin", "30", 403, &r);
	assert_has(r.body, "<p id=\"login-error\" class=\"field-error\">系统管理员、安全管理员和审计管理员账号不能使用 API 令牌</p>");
	assert_has(r.body, "value=\"sysadmin\"");
	assert_lacks(r.body, "new-token");
	resp_free(&r);
	issue_token(f, "ghost", "30", 404, &r);
	assert_has(r.body, "<p id=\"login-error\" class=\"field-error\">账号 ghost 不存在</p>");
	resp_free(&r);
	const char *bad_days[] = {"0", "3651", "abc", "-1"};
	for (size_t i = 0; i < sizeof(bad_days) / sizeof(bad_days[0]); i++) {
		issue_token(f, "registrar1", bad_days[i], 422, &r);
		assert_has(r.body, "<p id=\"days-error\" class=\"field-error\">有效天数须为 1 至 3650 的整数</p>");
		resp_free(&r);
	}
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM api_token"), before);
}

/* Every change made above, and every refusal, is in the audit trail. */
static void test_audit_trail(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *action, *outcome;
		long min;
	} want[] = {
		{"user_add", "ok", 2},            /* registrar2, officer9 */
		{"user_add", "invalid", 5},
		{"user_add", "denied", 3},        /* the three administrators' roles */
		{"user_disable", "ok", 1},
		{"user_disable", "denied", 3},    /* itself, auditor, auditor2 */
		{"user_enable", "denied", 1},     /* auditor */
		{"user_reset_password", "denied", 1}, /* sysadmin */
		{"user_disable", "invalid", 1},   /* ghost */
		{"user_enable", "ok", 1},
		{"user_reset_password", "ok", 1},
		{"user_reset_password", "invalid", 2},
		{"token_add", "ok", 1},
		{"token_add", "denied", 1},       /* sysadmin */
		{"token_add", "invalid", 5},      /* ghost, bad days */
		{"token_revoke", "ok", 1},
		{"token_revoke", "invalid", 1},   /* twice */
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		long n = db_scalar_args(&f->d.s, "SELECT count(*) FROM audit WHERE action = ? AND "
					"outcome = ? AND actor_login = 'secadmin'", want[i].action,
					want[i].outcome, NULL);
		assert_true(n >= 0);
		if (n < want[i].min)
			fail_msg("%s/%s: %ld audit records, wanted at least %ld", want[i].action,
				 want[i].outcome, n, want[i].min);
	}
	/* The records name what changed. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM audit a JOIN account c ON a.target = "
				   "'account:' || c.id WHERE a.action='user_disable' AND "
				   "a.outcome='ok' AND c.login='registrar2'"), 1);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM audit WHERE action='token_add' AND "
				   "outcome='ok' AND detail LIKE 'account=registrar1 days=30%'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_form_page),
		cmocka_unit_test(test_add_registrar),
		cmocka_unit_test(test_add_refused),
		cmocka_unit_test(test_admin_accounts_cli_only),
		cmocka_unit_test(test_disable_enable),
		cmocka_unit_test(test_reset_password),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_token_refused),
		cmocka_unit_test(test_cli_tokens),
		cmocka_unit_test(test_audit_trail),
	};
	struct fx f = {.d = {.setup = sign_in, .teardown = sign_out}};
	return demo_run_tests(tests, &f.d);
}
