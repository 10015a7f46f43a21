/* Integration tests of signing in: sessions, second factor, throttling, CSRF, accounts from the command line, audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"
#include "util/password.h"

#define SYSADMIN_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define AUDITOR_SECRET "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"

/* Loopback addresses other than 127.0.0.1 (Linux routes all of 127/8 to lo):
 * clients bound to them reach the server from addresses of their own. */
#define ATTACKER_ADDR "127.0.0.2"
#define OTHER_ADDR "127.0.0.3"

/* POSTs the login form and returns the answer in R. */
static void login_form(struct client *cl, const char *login, const char *password,
		       const char *totp, struct resp *r)
{
	assert_int_equal(client_post_form(cl, "/login", 1, r, "login", login, "password", password,
					  "totp", totp ? totp : "", NULL), 0);
}

/* Makes CL connect from the loopback address ADDR instead of 127.0.0.1. The
 * server takes the peer address (X-Forwarded-For is trusted only from a
 * --trusted-proxy), so this is how a test is another client machine. */
static void bind_client(struct client *cl, const char *addr)
{
	char iface[32];
	snprintf(iface, sizeof(iface), "host!%s", addr);
	assert_int_equal(curl_easy_setopt(cl->c, CURLOPT_INTERFACE, iface), CURLE_OK);
}

/* The session token set by R, copied into OUT ("" when none or cleared). */
static const char *session_of(const struct resp *r, char *out, size_t n)
{
	char v[512];
	out[0] = '\0';
	if (!resp_header(r, "Set-Cookie", v, sizeof(v)) || strncmp(v, "zf_session=", 11) != 0)
		return out;
	size_t l = strcspn(v + 11, ";");
	if (l < n) {
		memcpy(out, v + 11, l);
		out[l] = '\0';
	}
	return out;
}

/* Asserts that CL is not signed in: the workbench sends it to the login page. */
static void assert_signed_out(struct client *cl)
{
	struct resp r;
	char loc[256];
	assert_int_equal(client_get(cl, "/workbench", &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(strncmp(resp_location(&r, loc, sizeof(loc)), "/login?next=", 12), 0);
	assert_non_null(strstr(loc, "workbench"));
	resp_free(&r);
}

/* Asserts that CL is signed in as LOGIN with role label ROLE. */
static void assert_signed_in(struct client *cl, const char *login, const char *role)
{
	struct resp r;
	char want[128];
	assert_int_equal(client_get(cl, "/workbench", &r), 0);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof(want), "您好，%s（%s）", login, role);
	assert_has(r.body, want);
	resp_free(&r);
}

/* A six-digit code that is not the TOTP of SECRET anywhere near now. */
static void wrong_code(const char *secret, char out[7])
{
	char near[5][7];
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < 5; i++)
		assert_int_equal(zf_totp_code(secret, now + (i - 2) * 30, near[i]), 0);
	for (unsigned k = 0;; k++) {
		snprintf(out, 7, "%06u", k * 7919u % 1000000u);
		int clash = 0;
		for (int i = 0; i < 5; i++)
			clash |= strcmp(out, near[i]) == 0;
		if (!clash)
			return;
	}
}

static void test_login_page(void **state)
{
	demo_get(*state, "/login", 200, NULL, "工作人员登录", "action=\"/login\"", "name=\"login\"",
		 "name=\"password\"", "name=\"totp\"", NULL);
}

static void test_wrong_password(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char tok[128];
	long sessions = scalar(f, "SELECT count(*) FROM session");
	login_form(&f->cl, "officer1", "not-the-password", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_has(r.body, "工作人员登录");
	assert_has(r.body, "role=\"alert\"");
	assert_has(r.body, "value=\"officer1\""); /* keeps what was typed */
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM session"), sessions);
	assert_signed_out(&f->cl);
	/* An unknown login gets the same answer. */
	login_form(&f->cl, "nosuchuser", "demo", NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	/* Empty fields are refused before any check. */
	login_form(&f->cl, "", "", NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
}

/* GET /workbench with only the session cookie TOK: the status answered. */
static long with_cookie(struct demo *f, const char *tok)
{
	struct client c;
	struct resp r;
	char cookie[256];
	snprintf(cookie, sizeof(cookie), "Cookie: zf_session=%s", tok);
	client_init(&c, &f->s);
	assert_int_equal(client_req(&c, "GET", "/workbench", NULL, NULL,
				    (const char *const[]){cookie, NULL}, &r), 0);
	long st = r.status;
	resp_free(&r);
	client_free(&c);
	return st;
}

static void test_login_logout(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char v[512], loc[256], tok[128];
	login_form(&f->cl, "officer1", "demo", NULL, &r);
	assert_int_equal(r.status, 303);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/workbench");
	/* The session cookie cannot be read by scripts nor sent by other sites. */
	assert_non_null(resp_header(&r, "Set-Cookie", v, sizeof(v)));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_non_null(strstr(v, "Path=/"));
	assert_true(strlen(session_of(&r, tok, sizeof(tok))) >= 32);
	resp_free(&r);
	assert_signed_in(&f->cl, "officer1", "执法人员");
	assert_true(strlen(f->cl.csrf) >= 32);
	/* The login page sends a signed-in user on. */
	assert_int_equal(client_get(&f->cl, "/login", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	/* Logging out needs the form's token too. */
	assert_int_equal(client_post_form(&f->cl, "/logout", 1, &r, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_signed_in(&f->cl, "officer1", "执法人员");
	assert_int_equal(client_post_form(&f->cl, "/logout", 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/");
	resp_free(&r);
	assert_signed_out(&f->cl);

	/* The old cookie is dead on the server, not only forgotten by the browser. */
	assert_int_equal(with_cookie(f, tok), 303);
}

/* Every login starts a new session and ends the one the browser had. */
static void test_login_rotates_session(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char first[128], second[128];
	login_form(&f->cl, "officer2", "demo", NULL, &r);
	assert_int_equal(r.status, 303);
	session_of(&r, first, sizeof(first));
	resp_free(&r);
	assert_int_equal(with_cookie(f, first), 200);
	login_form(&f->cl, "officer2", "demo", NULL, &r);
	assert_int_equal(r.status, 303);
	session_of(&r, second, sizeof(second));
	resp_free(&r);
	assert_true(strlen(second) >= 32);
	assert_string_not_equal(first, second);
	assert_int_equal(with_cookie(f, second), 200);
	assert_int_equal(with_cookie(f, first), 303);
}

static void test_login_next(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char loc[256];
	assert_int_equal(client_post_form(&f->cl, "/login", 1, &r, "login", "reviewer1", "password",
					  "demo", "next", "/workbench/officers", NULL), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/workbench/officers");
	resp_free(&r);
	/* Never to another site. */
	demo_new_session(f);
	assert_int_equal(client_post_form(&f->cl, "/login", 1, &r, "login", "reviewer1", "password",
					  "demo", "next", "//evil.example/x", NULL), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/workbench");
	resp_free(&r);
}

static void test_admin_totp(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char code[7], bad[7], tok[128];
	long sessions = scalar(f, "SELECT count(*) FROM session");
	/* The right password alone is not enough for an administrator. */
	login_form(&f->cl, "sysadmin", "demo", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	wrong_code(SYSADMIN_SECRET, bad);
	login_form(&f->cl, "sysadmin", "demo", bad, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM session"), sessions);
	assert_signed_out(&f->cl);
	/* Another administrator's code does not open this account. */
	totp_now(AUDITOR_SECRET, code);
	login_form(&f->cl, "sysadmin", "demo", code, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	totp_now(SYSADMIN_SECRET, code);
	assert_int_equal(strlen(code), 6);
	login_form(&f->cl, "sysadmin", "demo", code, &r);
	assert_int_equal(r.status, 303);
	assert_true(strlen(session_of(&r, tok, sizeof(tok))) >= 32);
	resp_free(&r);
	assert_signed_in(&f->cl, "sysadmin", "系统管理员");

	/* The code is spent (RFC 6238 section 5.2): typed again, by anyone, it
	 * opens nothing, although it is still within the clock-drift window. */
	sessions = scalar(f, "SELECT count(*) FROM session");
	demo_new_session(f);
	login_form(&f->cl, "sysadmin", "demo", code, &r);
	assert_int_equal(r.status, 401);
	assert_has(r.body, "登录名、密码或动态验证码错误");
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM session"), sessions);
	assert_signed_out(&f->cl);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit WHERE action='login_failed' AND "
				   "actor_login='sysadmin' AND detail='one-time code used before'"), 1);
}

/* The fields of a complete officer form. */
#define OFFICER_FORM(name, cert)                                                           \
	"body_id", "1", "name", name, "cert_no", cert, "issuer", "陵川县人民政府", "domains",   \
		"旅游市场、文化市场", "valid_from", "2024-01-01", "valid_to", "2034-12-31", "state", \
		"valid", "state_date", "", "state_reason", "", "legal_qual", "1", "review_since",  \
		"2024-03-01", "version", ""

static void test_csrf(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char loc[256];
	assert_int_equal(client_login(&f->cl, "registrar1", "demo", NULL), 303);
	assert_true(strlen(f->cl.csrf) >= 32);
	long officers = scalar(f, "SELECT count(*) FROM officer");
	/* Without the token. */
	assert_int_equal(client_post_form(&f->cl, "/workbench/officers", 1, &r,
					  OFFICER_FORM("钱一", "14052408801"), NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, "表单已过期");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer"), officers);
	/* With a wrong token. */
	assert_int_equal(client_post_form(&f->cl, "/workbench/officers", 1, &r,
					  OFFICER_FORM("钱一", "14052408801"), "csrf",
					  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
					  NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Another session's token is as wrong. */
	struct client other;
	client_init(&other, &f->s);
	assert_int_equal(client_login(&other, "registrar1", "demo", NULL), 303);
	assert_string_not_equal(other.csrf, f->cl.csrf);
	assert_int_equal(client_post_form(&f->cl, "/workbench/officers", 1, &r,
					  OFFICER_FORM("钱一", "14052408801"), "csrf", other.csrf,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	client_free(&other);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer"), officers);
	/* With the session's token. */
	assert_int_equal(client_post_form(&f->cl, "/workbench/officers", 0, &r,
					  OFFICER_FORM("钱一", "14052408801"), NULL), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(strncmp(resp_location(&r, loc, sizeof(loc)), "/workbench/officers/", 20), 0);
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer"), officers + 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM officer WHERE cert_no='14052408801'"), 1);
}

static void test_new_registrar_adds_officer(void **state)
{
	struct demo *f = *state;
	struct client pub;
	struct resp r;
	char loc[256];
	char *out = NULL;
	/* The acceptance test: a registrar added on the command line signs in
	 * and registers an officer; a citizen then finds the certificate. */
	assert_int_equal(srv_cli(&f->s, "Zhifa-clerk-2026\n", &out,
				 (const char *const[]){"user", "add", "--login", "clerk2", "--role",
						       "registrar", "--password-stdin", NULL}), 0);
	assert_non_null(out);
	assert_has(out, "clerk2");
	free(out);
	assert_int_equal(client_login(&f->cl, "clerk2", "Zhifa-clerk-2026", NULL), 303);
	assert_signed_in(&f->cl, "clerk2", "执法主体和人员信息管理员");
	assert_int_equal(client_get(&f->cl, "/workbench/officers/new", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "name=\"cert_no\"");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->cl, "/workbench/officers", 0, &r,
					  OFFICER_FORM("孙测试", "14052409001"), NULL), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(strncmp(resp_location(&r, loc, sizeof(loc)), "/workbench/officers/", 20), 0);
	resp_free(&r);
	assert_int_equal(client_get(&f->cl, loc, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "孙测试");
	assert_has(r.body, "14052409001");
	resp_free(&r);

	client_init(&pub, &f->s);
	assert_int_equal(client_get(&pub, "/certificates/14052409001", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "孙测试");
	assert_has(r.body, "verdict-big verdict-valid");
	assert_has(r.body, "陵川生态文化旅游示范区综合执法局");
	assert_has(r.body, "旅游市场、文化市场");
	resp_free(&r);
	client_free(&pub);
	/* The registry change names who made it. */
	assert_int_equal(scalar(f, "SELECT count(*) FROM history WHERE actor_login='clerk2' AND "
				   "action='officer_create'"), 1);
}

static void test_disable_enable_reset(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char *out = NULL;
	assert_int_equal(client_login(&f->cl, "clerk2", "Zhifa-clerk-2026", NULL), 303);
	assert_signed_in(&f->cl, "clerk2", "执法主体和人员信息管理员");

	assert_int_equal(srv_cli(&f->s, NULL, &out,
				 (const char *const[]){"user", "disable", "--login", "clerk2", NULL}), 0);
	free(out);
	/* Disabling ends the sessions it has. */
	assert_signed_out(&f->cl);
	login_form(&f->cl, "clerk2", "Zhifa-clerk-2026", NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_signed_out(&f->cl);

	assert_int_equal(srv_cli(&f->s, NULL, &out,
				 (const char *const[]){"user", "enable", "--login", "clerk2", NULL}), 0);
	free(out);
	assert_int_equal(client_login(&f->cl, "clerk2", "Zhifa-clerk-2026", NULL), 303);
	assert_signed_in(&f->cl, "clerk2", "执法主体和人员信息管理员");

	assert_int_equal(srv_cli(&f->s, "Another-pass-9876\n", &out,
				 (const char *const[]){"user", "reset-password", "--login", "clerk2",
						       "--password-stdin", NULL}), 0);
	free(out);
	assert_signed_out(&f->cl);
	login_form(&f->cl, "clerk2", "Zhifa-clerk-2026", NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_int_equal(client_login(&f->cl, "clerk2", "Another-pass-9876", NULL), 303);
	assert_signed_in(&f->cl, "clerk2", "执法主体和人员信息管理员");
	/* Unknown accounts are refused by the command. */
	assert_int_not_equal(srv_cli(&f->s, NULL, NULL,
				     (const char *const[]){"user", "disable", "--login", "nobody", NULL}), 0);
}

/* The account contract (app/auth.h): passwords of at least 8 characters, the
 * demo accounts excepted; the command line adds real accounts. */
static void test_cli_password_rules(void **state)
{
	struct demo *f = *state;
	assert_int_not_equal(srv_cli(&f->s, "short\n", NULL,
				     (const char *const[]){"user", "add", "--login", "clerk3", "--role",
							   "registrar", "--password-stdin", NULL}), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM account WHERE login='clerk3'"), 0);
	assert_int_not_equal(srv_cli(&f->s, "\n", NULL,
				     (const char *const[]){"user", "add", "--login", "clerk4", "--role",
							   "registrar", "--password-stdin", NULL}), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM account WHERE login='clerk4'"), 0);
	/* A password is never taken from the command line. */
	assert_int_not_equal(srv_cli(&f->s, "Zhifa-clerk-2026\n", NULL,
				     (const char *const[]){"user", "add", "--login", "clerk5", "--role",
							   "registrar", NULL}), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM account WHERE login='clerk5'"), 0);
}

/* POSTs the password form as F's session; returns the status. */
static long change_password(struct demo *f, const char *cur, const char *pw, const char *again,
			    const char *expect)
{
	struct resp r;
	assert_int_equal(client_post_form(&f->cl, "/workbench/password", 0, &r, "current_password",
					  cur, "password", pw, "password_confirm", again, NULL), 0);
	long st = r.status;
	if (expect)
		assert_has(r.body, expect);
	resp_free(&r);
	return st;
}

/* Anyone signed in changes their own password; every session ends. */
static void test_password_change(void **state)
{
	struct demo *f = *state;
	struct resp r;
	assert_int_equal(srv_cli(&f->s, "Clerk9-pass-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", "clerk9", "--role",
						       "publisher", "--password-stdin", NULL}), 0);
	assert_int_equal(client_login(&f->cl, "clerk9", "Clerk9-pass-2026", NULL), 303);
	demo_get(f, "/workbench/password", 200, NULL, "当前密码", "新密码", NULL);
	long changed = scalar(f, "SELECT pw_changed_at FROM account WHERE login='clerk9'");
	assert_int_equal(change_password(f, "wrong-pass-1", "Clerk9-new-2026", "Clerk9-new-2026",
					 "当前密码不正确"), 422);
	assert_int_equal(change_password(f, "Clerk9-pass-2026", "Clerk9-new-2026", "Clerk9-other",
					 "两次输入的新密码不一致"), 422);
	assert_int_equal(change_password(f, "Clerk9-pass-2026", "short", "short", "至少需要 8 个字符"),
			 422);
	assert_int_equal(scalar(f, "SELECT pw_changed_at FROM account WHERE login='clerk9'"), changed);
	assert_int_equal(change_password(f, "Clerk9-pass-2026", "Clerk9-new-2026", "Clerk9-new-2026",
					 NULL), 303);
	assert_signed_out(&f->cl);
	assert_int_equal(scalar(f, "SELECT count(*) FROM session s JOIN account a ON a.id = "
				   "s.account_id WHERE a.login='clerk9'"), 0);
	demo_new_session(f);
	login_form(&f->cl, "clerk9", "Clerk9-pass-2026", NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_int_equal(client_login(&f->cl, "clerk9", "Clerk9-new-2026", NULL), 303);
	assert_true(scalar(f, "SELECT count(*) FROM audit WHERE action='password_change' AND "
			      "outcome='ok' AND actor_login='clerk9'") == 1);
}

static void test_audit_trail(void **state)
{
	struct demo *f = *state;
	char code[7];
	/* Others may not read it. */
	assert_int_equal(client_login(&f->cl, "officer1", "demo", NULL), 303);
	demo_get(f, "/workbench/audit", 403, NULL, NULL);

	demo_new_session(f);
	totp_now(AUDITOR_SECRET, code);
	assert_int_equal(client_login(&f->cl, "auditor", "demo", code), 303);
	demo_get(f, "/workbench/audit", 200, NULL, "审计记录", "<td>登录失败</td>", "<td>登录</td>",
		 "<td>sysadmin</td>", "<td>127.0.0.1</td>", NULL);
	assert_true(scalar(f, "SELECT count(*) FROM audit WHERE action='login_failed' AND "
			      "actor_login='officer1'") >= 1);
	assert_true(scalar(f, "SELECT count(*) FROM audit WHERE action='login' AND "
			      "actor_login='auditor' AND outcome='ok'") >= 1);
}

/* The wrong current password is a failed login: a session left open does not
 * allow unlimited guesses. From an address of its own, so that the failures
 * counted here block nobody else. */
static void test_password_change_throttled(void **state)
{
	struct demo *f = *state;
	struct client home;
	struct resp r;
	char v[64];
	bind_client(&f->cl, OTHER_ADDR);
	assert_int_equal(srv_cli(&f->s, "Clerk8-pass-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", "clerk8", "--role",
						       "publisher", "--password-stdin", NULL}), 0);
	assert_int_equal(client_login(&f->cl, "clerk8", "Clerk8-pass-2026", NULL), 303);
	long changed = scalar(f, "SELECT pw_changed_at FROM account WHERE login='clerk8'");
	/* No new password at all: said so, not "invalid characters". */
	assert_int_equal(client_post_form(&f->cl, "/workbench/password", 0, &r, "current_password",
					  "Clerk8-pass-2026", "password_confirm", "", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "请输入新密码");
	assert_lacks(r.body, "密码含有无效字符");
	resp_free(&r);
	for (int i = 0; i < 5; i++)
		assert_int_equal(change_password(f, "wrong-pass-1", "Clerk8-new-2026", "Clerk8-new-2026",
						 "当前密码不正确"), 422);
	/* Blocked now: even the right current password is not tried. */
	assert_int_equal(client_post_form(&f->cl, "/workbench/password", 0, &r, "current_password",
					  "Clerk8-pass-2026", "password", "Clerk8-new-2026",
					  "password_confirm", "Clerk8-new-2026", NULL), 0);
	assert_int_equal(r.status, 429);
	assert_non_null(resp_header(&r, "Retry-After", v, sizeof(v)));
	long secs = strtol(v, NULL, 10);
	assert_true(secs > 0 && secs <= 900);
	assert_has(r.body, "密码错误次数过多");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT pw_changed_at FROM account WHERE login='clerk8'"), changed);
	assert_true(scalar(f, "SELECT count(*) FROM audit WHERE action='password_change' AND "
			      "outcome='denied' AND actor_login='clerk8'") >= 1);
	/* Signing in from that address is blocked too; from another it is not. */
	demo_new_session(f);
	bind_client(&f->cl, OTHER_ADDR);
	assert_int_equal(client_login(&f->cl, "clerk8", "Clerk8-pass-2026", NULL), 429);
	client_init(&home, &f->s);
	assert_int_equal(client_login(&home, "clerk8", "Clerk8-pass-2026", NULL), 303);
	assert_signed_in(&home, "clerk8", "公示管理员");
	client_free(&home);
}

/* Failures sent from one address for an account never lock its owner out:
 * the one failing is throttled, the owner at another address signs in. */
static void test_throttle_no_lockout_by_others(void **state)
{
	struct demo *f = *state;
	struct client attacker;
	struct resp r;
	char v[64], tok[128];
	client_init(&attacker, &f->s);
	bind_client(&attacker, ATTACKER_ADDR);
	for (int i = 0; i < 5; i++) {
		login_form(&attacker, "officer1", "wrong-password", NULL, &r);
		assert_int_equal(r.status, 401);
		resp_free(&r);
	}
	/* The attacker's address is blocked for this account, even with the password. */
	login_form(&attacker, "officer1", "demo", NULL, &r);
	assert_int_equal(r.status, 429);
	assert_non_null(resp_header(&r, "Retry-After", v, sizeof(v)));
	assert_true(strtol(v, NULL, 10) > 0);
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	client_free(&attacker);
	assert_true(scalar(f, "SELECT count(*) FROM audit WHERE action='login_failed' AND "
			      "actor_login='officer1' AND addr='" ATTACKER_ADDR "'") >= 6);
	/* The owner, from 127.0.0.1, is not. */
	assert_int_equal(client_login(&f->cl, "officer1", "demo", NULL), 303);
	assert_signed_in(&f->cl, "officer1", "执法人员");
}

/* Last: it leaves failures counted against this client's address. */
static void test_throttle(void **state)
{
	struct demo *f = *state;
	struct resp r;
	char v[64], tok[128];
	for (int i = 0; i < 5; i++) {
		login_form(&f->cl, "officer2", "wrong-password", NULL, &r);
		assert_int_equal(r.status, 401);
		resp_free(&r);
	}
	long sessions = scalar(f, "SELECT count(*) FROM session");
	/* Even the right password is not tried now. */
	login_form(&f->cl, "officer2", "demo", NULL, &r);
	assert_int_equal(r.status, 429);
	assert_non_null(resp_header(&r, "Retry-After", v, sizeof(v)));
	long secs = strtol(v, NULL, 10);
	assert_true(secs > 0 && secs <= 3600);
	assert_has(r.body, "登录失败次数过多");
	assert_string_equal(session_of(&r, tok, sizeof(tok)), "");
	resp_free(&r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM session"), sessions);
	assert_signed_out(&f->cl);
	/* Other accounts from the same address are not locked out. */
	demo_new_session(f);
	assert_int_equal(client_login(&f->cl, "leader1", "demo", NULL), 303);
	assert_signed_in(&f->cl, "leader1", "负责人");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_page),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_login_logout),
		cmocka_unit_test(test_login_rotates_session),
		cmocka_unit_test(test_login_next),
		cmocka_unit_test(test_admin_totp),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_new_registrar_adds_officer),
		cmocka_unit_test(test_disable_enable_reset),
		cmocka_unit_test(test_cli_password_rules),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_audit_trail),
		cmocka_unit_test(test_password_change_throttled),
		cmocka_unit_test(test_throttle_no_lockout_by_others),
		cmocka_unit_test(test_throttle),
	};
	return demo_run_tests(tests, NULL);
}
