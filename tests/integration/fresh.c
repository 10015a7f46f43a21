/* Integration tests of a new installation without the demo: init, the first body and account from the command line, then the workbench and portal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define USCC_OK "91350100M000100Y43"
#define USCC_BAD "91350100M000100Y4Z"
#define REG_PW "Registrar-2026-pw"

static int cli(struct demo *d, const char *in, const char *const *args)
{
	return srv_cli(&d->s, in, NULL, args);
}

/* The number of tables (and on SQLite indexes, views, triggers) in the database of S. */
static long tables_of(struct srv *s)
{
	return db_scalar(s, harness_pg() ? "SELECT count(*) FROM information_schema.tables WHERE "
					   "table_schema NOT IN ('pg_catalog', 'information_schema')"
					 : "SELECT count(*) FROM sqlite_master");
}

/* init refuses a database that already holds zhifa, and one holding other
 * tables, changing neither; migrate on a current database applies nothing. */
static void test_init_refuses(void **state)
{
	struct demo *d = *state;
	struct srv other;
	char *out = NULL;
	long migrations = scalar(d, "SELECT count(*) FROM schema_migration");
	long tables = tables_of(&d->s);
	assert_true(tables > 1);
	assert_int_not_equal(cli(d, NULL, (const char *const[]){"init", NULL}), 0);
	assert_int_equal(scalar(d, "SELECT count(*) FROM schema_migration"), migrations);
	assert_int_equal(tables_of(&d->s), tables);
	/* A database of another application (an empty file or database on PostgreSQL, made here). */
	assert_int_equal(srv_other_db(&d->s, "o", &other), 0);
	assert_int_equal(db_exec_sql(&other, "CREATE TABLE t(x INTEGER)"), 0);
	assert_int_not_equal(srv_cli(&other, NULL, NULL, (const char *const[]){"init", NULL}), 0);
	assert_int_equal(tables_of(&other), 1);
	assert_int_equal(db_scalar(&other, "SELECT count(*) FROM t"), 0);
	assert_int_equal(srv_cli(&d->s, NULL, &out, (const char *const[]){"migrate", NULL}), 0);
	assert_non_null(strstr(out, "已应用 0 个迁移"));
	free(out);
}

/* The first body: an invalid 统一社会信用代码 is refused and writes nothing. */
static void test_first_body(void **state)
{
	struct demo *d = *state;
	assert_int_equal(scalar(d, "SELECT count(*) FROM body"), 0);
	/* No body yet: no account can be added. */
	assert_int_not_equal(cli(d, REG_PW "\n", (const char *const[]){"user", "add", "--login", "reg",
			     "--role", "registrar", "--password-stdin", NULL}), 0);
	assert_int_not_equal(cli(d, NULL, (const char *const[]){"body", "add", "--name", "测试执法局",
			     "--uscc", USCC_BAD, NULL}), 0);
	assert_int_equal(scalar(d, "SELECT count(*) FROM body"), 0);
	assert_int_equal(cli(d, NULL, (const char *const[]){"body", "add", "--name", "测试执法局",
			 "--uscc", USCC_OK, "--phone", "0356-1234567", NULL}), 0);
	assert_int_equal(scalar(d, "SELECT count(*) FROM body"), 1);
	assert_int_equal(scalar(d, "SELECT count(*) FROM history WHERE entity='body'"), 1);
	demo_get(d, "/bodies", 200, NULL, "测试执法局", USCC_OK, NULL);
}

/* The acceptance path of a new user: an account from the command line, a
 * login, an officer added in the workbench, found on the portal. */
static void test_registrar_adds_officer(void **state)
{
	struct demo *d = *state;
	struct resp r;
	assert_int_equal(cli(d, REG_PW "\n", (const char *const[]){"user", "add", "--login", "reg",
			 "--role", "registrar", "--password-stdin", NULL}), 0);
	assert_int_equal(client_login(&d->cl, "reg", REG_PW, NULL), 303);
	demo_get(d, "/workbench/officers/new", 200, NULL, "测试执法局", NULL);
	assert_int_equal(client_post_form(&d->cl, "/workbench/officers", 0, &r, "body_id", "1",
					  "name", "新人员", "cert_no", "ab-0001", "issuer", "某县人民政府",
					  "valid_from", "2025-01-01", "valid_to", "2035-12-31",
					  "state", "valid", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	demo_get(d, "/certificates/AB-0001", 200, NULL, "新人员", "有效", "测试执法局", NULL);
	demo_get(d, "/api/v1/certificates/ab-0001", 200, NULL, "\"verdict\":\"valid\"", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_refuses),
		cmocka_unit_test(test_first_body),
		cmocka_unit_test(test_registrar_adds_officer),
	};
	struct demo d = {.empty = 1};
	return demo_run_tests(tests, &d);
}
