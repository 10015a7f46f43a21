/* Integration tests of the working-day calendar: zhifa calendar due/load/list, the due-date API and the workbench page with its load form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define SYSADMIN_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

struct fx {
	struct demo d;       /* first: the tests' state points at it */
	struct client admin; /* sysadmin, signed in once: a TOTP code is taken only once */
};

/* An official 2027 whose 春节 runs one day longer than the provisional one. */
#define OFFICIAL_2027                                                                          \
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"official\","             \
	"\"source\":\"国务院办公厅关于2027年部分节假日安排的通知（测试）\",\"holidays\":["  \
	"{\"name\":\"元旦\",\"off\":\"2027-01-01\"},"                                          \
	"{\"name\":\"春节\",\"off\":[\"2027-02-05\",\"2027-02-11\"],\"makeup\":[\"2027-02-20\"]}]}"
#define PROVISIONAL_2027                                                                       \
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"provisional\","          \
	"\"source\":\"暂定\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2027-01-01\"}]}"
#define PROVISIONAL_2028                                                                       \
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2028,\"status\":\"provisional\","          \
	"\"source\":\"2028年暂定（测试）\",\"holidays\":["                                    \
	"{\"name\":\"元旦\",\"off\":[\"2028-01-01\",\"2028-01-03\"]}]}"

/* One run of "zhifa calendar due" without a database: its arguments after
 * "due", exit code, standard output and a piece of standard error. */
struct due_case {
	const char *args[5];
	int rc;
	const char *out;
	const char *err; /* NULL: nothing checked */
};

static const struct due_case due_cases[] = {
	{{"--from", "2026-09-30", "--working-days", "1"}, 0, "2026-10-08\n", NULL},
	/* 5 working days across 春节 2026 (the 2-14 调休 Saturday counts). */
	{{"--from", "2026-02-12", "--working-days", "5"}, 0, "2026-02-26\n", NULL},
	/* Calendar days: 15 days land on 10-01, rolled over to 10-08. */
	{{"--from", "2026-09-16", "--days", "15"}, 0, "2026-10-08\n", NULL},
	/* Into the provisional 2027. */
	{{"--from", "2026-12-30", "--working-days", "5"}, 0, "2027-01-07 暂定\n", NULL},
	/* 2028 has no calendar: an error, not a guess. */
	{{"--from", "2027-12-30", "--working-days", "5"}, 1, "", "2028年的工作日历尚未载入"},
	{{"--from", "2026-02-30", "--days", "1"}, 1, "", "起算日期"},
	/* Neither or both counts: a usage error. */
	{{"--from", "2026-09-30"}, 2, "", "--working-days"},
	{{"--from", "2026-09-30", "--days", "1", "--working-days=1"}, 2, "", "--working-days"},
};

/* The whole text file PATH (malloc'd, at most 4 KB), or an empty string. */
static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 4096);
	if (fp && buf)
		(void)!fread(buf, 1, 4095, fp);
	if (fp)
		fclose(fp);
	assert_non_null(buf);
	return buf;
}

static void test_cli_due_builtin(void **state)
{
	struct demo *d = *state;
	char errlog[400];

	assert_true(snprintf(errlog, sizeof(errlog), "%s/calendar-cli.err", d->s.dir) <
		    (int)sizeof(errlog));
	for (size_t i = 0; i < sizeof(due_cases) / sizeof(due_cases[0]); i++) {
		const struct due_case *t = &due_cases[i];
		const char *argv[8] = {"calendar", "due"};
		char *out = NULL, *err;
		for (size_t k = 0; k < 5 && t->args[k]; k++)
			argv[2 + k] = t->args[k];
		remove(errlog);
		int rc = cli_run(argv, &out, errlog);
		err = read_text(errlog);
		if (rc != t->rc || !out || strcmp(out, t->out) || (t->err && !strstr(err, t->err)))
			fail_msg("calendar due %s %s: exit %d, out \"%s\", err \"%s\"", t->args[1],
				 t->args[3] ? t->args[3] : "", rc, out ? out : "(null)", err);
		free(out);
		free(err);
	}
}

/* GETs the due-date API as D's session; asserts STATUS and returns the JSON. */
static json_t *due_api(struct demo *d, const char *query, const char *token, long status)
{
	char path[256];
	struct resp r;

	snprintf(path, sizeof(path), "/api/v1/calendar/due?%s", query);
	assert_int_equal(client_json(&d->cl, "GET", path, NULL, token, NULL, &r), 0);
	if (r.status != status)
		fail_msg("GET %s: %ld, wanted %ld\n%.400s", path, r.status, status, r.body);
	json_t *j = resp_json(&r);
	resp_free(&r);
	assert_non_null(j);
	return j;
}

static void assert_due_json(json_t *j, const char *due, int provisional)
{
	assert_string_equal(json_string_value(json_object_get(j, "due")), due);
	assert_true(json_is_boolean(json_object_get(j, "provisional")));
	assert_int_equal(json_is_true(json_object_get(j, "provisional")), provisional);
	json_decref(j);
}

static const char *error_code(json_t *j)
{
	json_t *e = json_error_of(j);
	assert_non_null(e);
	return json_string_value(json_object_get(e, "code"));
}

static void test_api_due(void **state)
{
	struct demo *d = *state;
	char tok[128];
	json_t *j;

	/* The public is not let in. */
	j = due_api(d, "from=2026-09-30&working_days=1", NULL, 401);
	assert_string_equal(error_code(j), "unauthenticated");
	json_decref(j);

	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_due_json(due_api(d, "from=2026-09-30&working_days=1", NULL, 200), "2026-10-08", 0);
	assert_due_json(due_api(d, "from=2026-09-16&days=15", NULL, 200), "2026-10-08", 0);
	assert_due_json(due_api(d, "from=2025-01-24&working_days=5", NULL, 200), "2025-02-07", 0);
	assert_due_json(due_api(d, "from=2026-12-30&working_days=5", NULL, 200), "2027-01-07", 1);

	j = due_api(d, "from=2027-12-30&working_days=5", NULL, 404);
	assert_string_equal(error_code(j), "not_found");
	assert_has(json_string_value(json_object_get(json_error_of(j), "message")),
		   "2028年的工作日历尚未载入");
	json_decref(j);
	j = due_api(d, "from=2026-02-30&working_days=5", NULL, 422);
	assert_non_null(json_object_get(json_object_get(json_error_of(j), "fields"), "from"));
	json_decref(j);
	j = due_api(d, "from=2026-09-30&working_days=1&days=1", NULL, 422);
	assert_string_equal(error_code(j), "invalid");
	json_decref(j);
	j = due_api(d, "from=2026-09-30&working_days=0", NULL, 422);
	assert_non_null(json_object_get(json_object_get(json_error_of(j), "fields"), "working_days"));
	json_decref(j);

	/* The API is described. */
	demo_get(d, "/api/v1/openapi.json", 200, NULL, "\"/api/v1/calendar/due\"", NULL);

	/* A field app with a bearer token. */
	demo_new_session(d);
	assert_int_equal(make_token(&d->s, "officer2", tok, sizeof(tok)), 0);
	assert_due_json(due_api(d, "from=2026-02-12&working_days=5", tok, 200), "2026-02-26", 0);
}

static int login_sysadmin(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	char code[7];

	client_init(&f->admin, &d->s);
	totp_now(SYSADMIN_SECRET, code);
	return client_login(&f->admin, "sysadmin", "demo", code) == 303 ? 0 : -1;
}

static void logout_sysadmin(struct demo *d)
{
	client_free(&((struct fx *)d)->admin);
}

/* GETs PATH as the system administrator and asserts 200; the answer goes to R. */
static void admin_get(struct fx *f, const char *path, struct resp *r)
{
	assert_int_equal(client_get(&f->admin, path, r), 0);
	if (r->status != 200)
		fail_msg("GET %s as sysadmin: %ld\n%.400s", path, r->status, r->body);
}

/* POSTs the load form with JSON as the system administrator; the answer goes to R. */
static void admin_load(struct fx *f, const char *json, long status, struct resp *r)
{
	assert_int_equal(client_post_form(&f->admin, "/workbench/calendar", 0, r, "json", json, NULL),
			 0);
	if (r->status != status)
		fail_msg("load as sysadmin: %ld, wanted %ld\n%.400s", r->status, status, r->body);
}

static void test_page_access(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char loc[256];

	/* The public is sent to sign in. */
	assert_int_equal(client_get(&d->cl, "/workbench/calendar", &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(strncmp(resp_location(&r, loc, sizeof(loc)), "/login", 6), 0);
	resp_free(&r);

	/* Any staff sees the years, without the load form. */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	demo_get(d, "/workbench/calendar", 200, &r, "工作日历", "<tr id=\"year-2025\">",
		 "<tr id=\"year-2026\">", "<tr id=\"year-2027\">", "国办发明电〔2024〕12号",
		 "2025-11-04", NULL);
	assert_int_equal(str_count(r.body, "verdict-valid\">正式"), 2);
	assert_int_equal(str_count(r.body, "verdict-suspended\">暂定"), 1);
	assert_int_equal(str_count(r.body, "<td>内置</td>"), 3);
	assert_lacks(r.body, "载入年历文件");
	resp_free(&r);

	/* ... and may not load one. */
	assert_int_equal(client_post_form(&d->cl, "/workbench/calendar", 0, &r, "json", OFFICIAL_2027,
					  NULL), 0);
	assert_int_equal(r.status, 403);
	assert_has(r.body, "权限");
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM calendar_year"), 0);

	/* The system administrator gets the form. */
	admin_get((struct fx *)d, "/workbench/calendar", &r);
	assert_has(r.body, "载入年历文件");
	assert_has(r.body, "name=\"json\"");
	resp_free(&r);
}

static void test_cli_load_and_list(void **state)
{
	struct demo *d = *state;
	char path[400], *out = NULL;
	FILE *fp;

	assert_true(snprintf(path, sizeof(path), "%s/2028.json", d->s.dir) < (int)sizeof(path));
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(fputs(PROVISIONAL_2028, fp) >= 0, 1);
	fclose(fp);
	assert_int_equal(srv_cli(&d->s, NULL, &out, (const char *const[]){"calendar", "load", path,
									    NULL}), 0);
	assert_has(out, "已载入2028年工作日历（暂定）");
	free(out);
	assert_int_equal(srv_cli(&d->s, NULL, &out, (const char *const[]){"calendar", "list", NULL}),
			 0);
	assert_has(out, "2025\t正式\t内置\t18\t5\t");
	assert_has(out, "2027\t暂定\t内置\t13\t0\t");
	assert_has(out, "2028\t暂定\t管理员载入 ");
	assert_has(out, " by cli\t");
	assert_has(out, "2028年暂定（测试）");
	free(out);
	/* The database's calendar now covers 2028; the built-in one does not. */
	assert_int_equal(srv_cli(&d->s, NULL, &out,
				 (const char *const[]){"calendar", "due", "--from", "2027-12-30",
						       "--working-days", "5", NULL}), 0);
	assert_string_equal(out, "2028-01-07 暂定\n");
	free(out);
	/* The server reads it at once. */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_due_json(due_api(d, "from=2027-12-30&working_days=5", NULL, 200), "2028-01-07", 1);
	/* Logged and audited. */
	assert_int_equal(scalar(d, "SELECT count(*) FROM calendar_year WHERE year = 2028"), 1);
	assert_int_equal(scalar(d, "SELECT count(*) FROM history WHERE entity = 'calendar' AND "
				   "action = 'calendar_load' AND salt IS NOT NULL"), 1);
	assert_int_equal(scalar(d, "SELECT count(*) FROM audit WHERE action = 'calendar_load' AND "
				   "outcome = 'ok'"), 1);
}

static void test_web_load(void **state)
{
	struct fx *f = *state;
	struct demo *d = &f->d;
	struct resp r;
	char loc[256];
	long rows = scalar(d, "SELECT count(*) FROM calendar_year");

	/* A broken file: refused beside the text area, which keeps what was typed. */
	admin_load(f,
		   "{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"official\","
		   "\"source\":\"x\",\"holidays\":[{\"name\":\"春节\",\"off\":\"2027-02-05\","
		   "\"makeup\":[\"2027-02-05\"]}]}",
		   422, &r);
	assert_has(r.body, "既列为放假日又列为调休上班日");
	assert_has(r.body, "id=\"json-error\"");
	assert_has(r.body, "&quot;makeup&quot;");
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM calendar_year"), rows);

	/* The official 2027 replaces the provisional one. */
	admin_load(f, OFFICIAL_2027, 303, &r);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), "/workbench/calendar?done=2027");
	resp_free(&r);
	admin_get(f, loc, &r);
	assert_has(r.body, "已载入2027年工作日历");
	assert_has(r.body, "国务院办公厅关于2027年部分节假日安排的通知（测试）");
	assert_has(r.body, " by sysadmin</td>");
	assert_int_equal(str_count(r.body, "verdict-valid\">正式"), 3);
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM calendar_year"), rows + 1);

	/* Deadlines follow at once: no longer 暂定, and 2-11 is now off. */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_due_json(due_api(d, "from=2027-02-04&working_days=1", NULL, 200), "2027-02-12", 0);
	assert_due_json(due_api(d, "from=2026-12-30&working_days=5", NULL, 200), "2027-01-07", 0);

	/* A provisional file never replaces an official year. */
	admin_load(f, PROVISIONAL_2027, 409, &r);
	assert_has(r.body, "2027年已有正式年历，不能用暂定年历替换");
	resp_free(&r);
	assert_int_equal(scalar(d, "SELECT count(*) FROM calendar_year"), rows + 1);
	assert_due_json(due_api(d, "from=2027-02-04&working_days=1", NULL, 200), "2027-02-12", 0);
	assert_true(scalar(d, "SELECT count(*) FROM audit WHERE action = 'calendar_load' AND "
			      "outcome = 'invalid' AND actor_login = 'sysadmin'") >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_due_builtin),
		cmocka_unit_test(test_api_due),
		cmocka_unit_test(test_page_access),
		cmocka_unit_test(test_cli_load_and_list),
		cmocka_unit_test(test_web_load),
	};
	struct fx f = {.d = {.setup = login_sysadmin, .teardown = logout_sysadmin}};
	return demo_run_tests(tests, &f.d);
}
