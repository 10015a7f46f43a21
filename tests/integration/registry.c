/* Integration tests of the registry's rules: which registrar keeps which body, final certificate states, suspended bodies, change history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define REG3_PW "Registrar3-2026"

struct fx {
	struct demo d;       /* first: the tests' state points at it */
	struct client reg3;  /* a registrar of body 3 (market regulation) */
	struct client reg1;  /* registrar1, of the justice bureau that keeps the registry */
};

static int sign_in(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	client_init(&f->reg3, &d->s);
	client_init(&f->reg1, &d->s);
	if (srv_cli(&d->s, REG3_PW "\n", NULL, (const char *const[]){"user", "add", "--login", "reg3",
		    "--role", "registrar", "--body", "3", "--password-stdin", NULL}) ||
	    client_login(&f->reg3, "reg3", REG3_PW, NULL) != 303 ||
	    client_login(&f->reg1, "registrar1", "demo", NULL) != 303) {
		fprintf(stderr, "registrars could not sign in\n");
		return -1;
	}
	return 0;
}

static void sign_out(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	client_free(&f->reg3);
	client_free(&f->reg1);
}

/* POSTs an officer form for BODY as CL; returns the status. */
static long add_officer(struct client *cl, const char *body, const char *cert)
{
	struct resp r;
	assert_int_equal(client_post_form(cl, "/workbench/officers", 0, &r, "body_id", body, "name",
					  "范围测试", "cert_no", cert, "issuer", "陵川县人民政府",
					  "valid_from", "2025-01-01", "valid_to", "2030-12-31", "state",
					  "valid", NULL), 0);
	long st = r.status;
	resp_free(&r);
	return st;
}

static long post(struct client *cl, const char *path, const char *state, const char *reason)
{
	struct resp r;
	assert_int_equal(client_post_form(cl, path, 0, &r, "state", state, "state_reason", reason,
					  NULL), 0);
	long st = r.status;
	resp_free(&r);
	return st;
}

/* A registrar of another body keeps its own body only. */
static void test_scope(void **state)
{
	struct fx *f = *state;
	long officers = scalar(&f->d, "SELECT count(*) FROM officer");
	assert_int_equal(add_officer(&f->reg3, "1", "SCOPE-0001"), 403);
	assert_int_equal(post(&f->reg3, "/workbench/bodies/1/state", "suspended", "测试"), 403);
	assert_int_equal(post(&f->reg3, "/workbench/bodies/3/state", "suspended", "测试"), 403);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM body WHERE state <> 1"), 0);
	assert_int_equal(add_officer(&f->reg3, "3", "SCOPE-0003"), 303);
	assert_int_equal(add_officer(&f->reg1, "1", "SCOPE-0011"), 303);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers + 2);
	assert_true(scalar(&f->d, "SELECT count(*) FROM audit WHERE actor_login='reg3' AND "
				  "outcome='denied'") >= 3);
}

/* 注销 and 吊销 are final: no form or API call makes the certificate valid again. */
static void test_final_states(void **state)
{
	struct fx *f = *state;
	struct resp r;
	int64_t id = scalar(&f->d, "SELECT id FROM officer WHERE cert_no='14052400110'");
	char path[64];
	snprintf(path, sizeof(path), "/workbench/officers/%lld", (long long)id);
	assert_int_equal(client_post_form(&f->reg1, path, 0, &r, "body_id", "1", "name", "吴立新",
					  "cert_no", "14052400110", "issuer", "陵川县人民政府",
					  "valid_from", "2024-01-01", "valid_to", "2030-01-01",
					  "state", "valid", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "该执法证已吊销");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT state FROM officer WHERE cert_no='14052400110'"), 4);
	demo_get(&f->d, "/certificates/14052400110", 200, NULL, "已吊销", NULL);
}

/* A suspended body's certificates are not valid, and say why, not "unknown". */
static void test_suspended_body(void **state)
{
	struct fx *f = *state;
	assert_int_equal(post(&f->reg1, "/workbench/bodies/3/state", "suspended", "机构调整（测试）"), 303);
	demo_get(&f->d, "/certificates/14052400125", 200, NULL, "执法主体已暂停执法", NULL);
	demo_get(&f->d, "/api/v1/certificates/14052400125", 200, NULL,
		 "\"verdict\":\"body_suspended\"", NULL);
	struct resp r;
	demo_get(&f->d, "/officers", 200, &r, "14052400101", NULL);
	assert_lacks(r.body, "14052400125");
	resp_free(&r);
	assert_int_equal(post(&f->reg1, "/workbench/bodies/3/state", "active", "恢复（测试）"), 303);
	demo_get(&f->d, "/certificates/14052400125", 200, NULL, "有效", NULL);
}

/* An unknown body in a list filter is a 404, not an empty list. */
static void test_unknown_body_filter(void **state)
{
	struct fx *f = *state;
	demo_get(&f->d, "/api/v1/officers?body=99", 404, NULL, "\"not_found\"", NULL);
	demo_get(&f->d, "/officers?body=99", 404, NULL, NULL);
}

/* The change history speaks Chinese: field and action names, states, dates. */
static void test_history_labels(void **state)
{
	struct fx *f = *state;
	struct resp r;
	int64_t id = scalar(&f->d, "SELECT id FROM officer WHERE cert_no='14052400104'");
	char path[64];
	snprintf(path, sizeof(path), "/workbench/officers/%lld", (long long)id);
	assert_int_equal(client_post_form(&f->reg1, path, 0, &r, "body_id", "1", "name", "刘文博",
					  "cert_no", "14052400104", "issuer", "陵川县人民政府",
					  "domains", "生态环境、旅游市场", "valid_from", "2024-12-26",
					  "valid_to", "2029-11-30", "state", "suspended", "state_date",
					  "2026-11-01", "state_reason", "暂扣测试", "version", "1", NULL), 0);
	resp_free(&r);
	assert_int_equal(client_get(&f->reg1, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "变更执法证状态");
	assert_has(r.body, "证件状态");
	assert_has(r.body, "暂扣");
	assert_has(r.body, "2026年11月1日");
	assert_lacks(r.body, "officer_state");
	resp_free(&r);
}

/* The workbench list filters: invalid certificates, expiring ones, by name or number. */
static void test_officer_filters(void **state)
{
	struct fx *f = *state;
	struct resp r;
	assert_int_equal(client_get(&f->reg1, "/workbench/officers?show=invalid", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "14052400106"); /* expired by date */
	assert_has(r.body, "14052400110"); /* revoked */
	assert_lacks(r.body, "14052400101");
	resp_free(&r);
	assert_int_equal(client_get(&f->reg1, "/workbench/officers?q=%E7%8E%8B%E5%BB%BA%E5%9B%BD", &r), 0);
	assert_has(r.body, "14052400101");
	assert_lacks(r.body, "14052400102");
	resp_free(&r);
	assert_int_equal(client_get(&f->reg1, "/workbench/officers?q=00102", &r), 0);
	assert_has(r.body, "14052400102");
	assert_lacks(r.body, "14052400101");
	resp_free(&r);
	assert_int_equal(client_get(&f->reg1, "/workbench/officers?show=expiring", &r), 0);
	assert_has(r.body, "共 0 人");
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_final_states),
		cmocka_unit_test(test_suspended_body),
		cmocka_unit_test(test_unknown_body_filter),
		cmocka_unit_test(test_history_labels),
		cmocka_unit_test(test_officer_filters),
	};
	struct fx f = {.d = {.setup = sign_in, .teardown = sign_out}};
	return demo_run_tests(tests, &f.d);
}
