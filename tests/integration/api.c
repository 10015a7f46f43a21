/* Integration tests of the JSON API: public reads, registrar writes with bearer tokens, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "harness.h"

struct fx {
	struct demo d;       /* first: the tests' state points at it */
	char registrar[128]; /* API token of registrar1 */
	char officer[128];   /* API token of officer1 */
	long created_id;     /* the officer added by test_create */
};

static int make_tokens(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (make_token(&d->s, "registrar1", f->registrar, sizeof(f->registrar)) ||
	    make_token(&d->s, "officer1", f->officer, sizeof(f->officer))) {
		fprintf(stderr, "zhifa token add failed\n");
		return -1;
	}
	return 0;
}

/* Sends a JSON request, asserts STATUS and a JSON answer; returns it (decref). */
static json_t *call(struct fx *f, const char *method, const char *path, const char *body,
		    const char *token, long status, struct resp *keep)
{
	struct resp r;
	char ct[128];
	assert_int_equal(client_json(&f->d.cl, method, path, body, token, NULL, &r), 0);
	if (r.status != status)
		fprintf(stderr, "%s %s: %ld, wanted %ld\n%.800s\n", method, path, r.status, status,
			r.body);
	assert_int_equal(r.status, status);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_int_equal(strncmp(ct, "application/json", 16), 0);
	json_t *j = resp_json(&r);
	if (!j)
		fail_msg("%s %s: not JSON: %.300s", method, path, r.body);
	if (keep)
		*keep = r;
	else
		resp_free(&r);
	return j;
}

/* Asserts J is the JSON error shape with CODE; returns its "fields" (may be NULL). */
static json_t *expect_error(json_t *j, const char *code)
{
	json_t *e = json_error_of(j);
	if (!e) {
		char *s = json_dumps(j, 0);
		fail_msg("not an error object: %s", s ? s : "?");
	}
	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	return json_object_get(e, "fields");
}

static const char *sget(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	if (!s)
		fail_msg("no string \"%s\"", k);
	return s;
}

static void test_openapi(void **state)
{
	json_t *j = call(*state, "GET", "/api/v1/openapi.json", NULL, NULL, 200, NULL);
	const char *v = sget(j, "openapi");
	assert_int_equal(strncmp(v, "3.", 2), 0);
	assert_true(json_is_object(json_object_get(j, "paths")));
	assert_non_null(json_object_get(json_object_get(j, "paths"), "/api/v1/officers"));
	json_decref(j);
}

static void test_bodies(void **state)
{
	struct fx *f = *state;
	struct resp r1, r2;
	json_t *j = call(f, "GET", "/api/v1/bodies", NULL, NULL, 200, &r1);
	json_t *arr = json_object_get(j, "bodies");
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 3);
	assert_int_equal(json_array_size(arr), 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, i), "id")),
				 (json_int_t)i + 1);
	assert_string_equal(sget(json_array_get(arr, 0), "name"), "陵川生态文化旅游示范区综合执法局");
	assert_string_equal(sget(json_array_get(arr, 1), "name"), "陵川县司法局");
	assert_string_equal(sget(json_array_get(arr, 0), "state"), "active");
	/* The public does not see the bookkeeping fields. */
	assert_null(json_object_get(json_array_get(arr, 0), "version"));
	json_decref(j);
	/* Same request, same bytes. */
	json_decref(call(f, "GET", "/api/v1/bodies", NULL, NULL, 200, &r2));
	assert_int_equal(r1.len, r2.len);
	assert_memory_equal(r1.body, r2.body, r1.len);
	resp_free(&r1);
	resp_free(&r2);
	/* One body, and a missing one. */
	j = call(f, "GET", "/api/v1/bodies/2", NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "name"), "陵川县司法局");
	assert_int_equal(strlen(sget(j, "uscc")), 18);
	json_decref(j);
	j = call(f, "GET", "/api/v1/bodies/999", NULL, NULL, 404, NULL);
	expect_error(j, "not_found");
	json_decref(j);
}

static void test_officers_paging(void **state)
{
	struct fx *f = *state;
	char next[512];
	int64_t last = 0;
	size_t total = 0, pages = 0;

	/* 30 officers 7 a page: 7, 7, 7, 7, 2 with a next link until the last,
	 * the filters kept, ids never repeated. */
	snprintf(next, sizeof(next), "/api/v1/officers?limit=7");
	for (;;) {
		json_t *j = call(f, "GET", next, NULL, NULL, 200, NULL);
		json_t *arr = json_object_get(j, "officers"), *o, *nx = json_object_get(j, "next");
		size_t i;
		assert_int_equal(json_integer_value(json_object_get(j, "count")), json_array_size(arr));
		json_array_foreach(arr, i, o) {
			assert_true(json_integer_value(json_object_get(o, "id")) != last);
			last = json_integer_value(json_object_get(o, "id"));
		}
		total += json_array_size(arr);
		pages++;
		if (json_is_null(nx)) {
			assert_int_equal(json_array_size(arr), 2);
			json_decref(j);
			break;
		}
		assert_int_equal(json_array_size(arr), 7);
		assert_non_null(strstr(json_string_value(nx), "/api/v1/officers?limit=7&after="));
		snprintf(next, sizeof(next), "%s", json_string_value(nx));
		json_decref(j);
	}
	assert_int_equal(total, 30);
	assert_int_equal(pages, 5);

	/* Name and certificate number, with the body. */
	json_t *j = call(f, "GET", "/api/v1/officers?q=%E5%BB%BA%E5%9B%BD&limit=1", NULL, NULL, 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
	assert_true(json_is_string(json_object_get(j, "next")));
	assert_non_null(strstr(json_string_value(json_object_get(j, "next")), "q=%E5%BB%BA%E5%9B%BD"));
	json_decref(j);
	j = call(f, "GET", "/api/v1/officers?body=1&cert_no=14052400117", NULL, NULL, 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "officers"), 0), "name")), "何建国");
	json_decref(j);
	j = call(f, "GET", "/api/v1/officers?body=2&cert_no=14052400117", NULL, NULL, 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 0);
	json_decref(j);

	/* Bad input: 400 with the field named. */
	static const char *const bad[][2] = {
		{"/api/v1/officers?limit=0", "limit"}, {"/api/v1/officers?limit=201", "limit"},
		{"/api/v1/officers?limit=x", "limit"}, {"/api/v1/officers?after=1.2", "after"},
		{"/api/v1/officers?cert_no=%E8%AF%81", "cert_no"},
		{"/api/v1/officers?q=%E5%BC%A0", "q"}, /* made 51 characters long below */
	};
	char long_q[600];
	int k = snprintf(long_q, sizeof(long_q), "/api/v1/officers?q=");
	for (int i = 0; i < 51; i++)
		k += snprintf(long_q + k, sizeof(long_q) - (size_t)k, "%%E5%%BC%%A0");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = call(f, "GET", strcmp(bad[i][1], "q") ? bad[i][0] : long_q, NULL, NULL, 400, NULL);
		json_t *fields = expect_error(j, "invalid");
		assert_non_null(json_object_get(fields, bad[i][1]));
		json_decref(j);
	}
}

static void test_officers(void **state)
{
	struct fx *f = *state;
	json_t *j = call(f, "GET", "/api/v1/officers", NULL, NULL, 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 30);
	assert_int_equal(json_array_size(json_object_get(j, "officers")), 30);
	assert_true(json_is_null(json_object_get(j, "next")));
	json_decref(j);

	j = call(f, "GET", "/api/v1/officers?body=1", NULL, NULL, 200, NULL);
	json_t *arr = json_object_get(j, "officers"), *o;
	size_t i;
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 18);
	assert_int_equal(json_array_size(arr), 18);
	json_array_foreach(arr, i, o)
		assert_int_equal(json_integer_value(json_object_get(o, "body_id")), 1);
	json_decref(j);

	j = call(f, "GET", "/api/v1/officers?body=3", NULL, NULL, 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 6);
	json_decref(j);

	j = call(f, "GET", "/api/v1/officers?body=abc", NULL, NULL, 400, NULL);
	json_t *fields = expect_error(j, "invalid");
	assert_non_null(json_object_get(fields, "body"));
	json_decref(j);
	j = call(f, "GET", "/api/v1/officers?body=-1", NULL, NULL, 400, NULL);
	expect_error(j, "invalid");
	json_decref(j);

	j = call(f, "GET", "/api/v1/officers/1", NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "cert_no"), "14052400101");
	assert_string_equal(sget(j, "verdict"), "valid");
	json_decref(j);
	j = call(f, "GET", "/api/v1/officers/9999", NULL, NULL, 404, NULL);
	expect_error(j, "not_found");
	json_decref(j);
}

static void cert_verdict(struct fx *f, const char *no, const char *verdict, const char *state)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", no);
	json_t *j = call(f, "GET", path, NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "cert_no"), no);
	assert_string_equal(sget(j, "verdict"), verdict);
	assert_string_equal(sget(j, "state"), state);
	assert_int_equal(strlen(sget(j, "checked_on")), 10);
	json_decref(j);
}

static void test_certificates(void **state)
{
	struct fx *f = *state;
	cert_verdict(f, "14052400101", "valid", "valid");
	cert_verdict(f, "14052400106", "expired", "valid");
	cert_verdict(f, "14052400108", "suspended", "suspended");
	cert_verdict(f, "14052400109", "cancelled", "cancelled");
	cert_verdict(f, "14052400110", "revoked", "revoked");
	json_t *j = call(f, "GET", "/api/v1/certificates/14052499999", NULL, NULL, 404, NULL);
	expect_error(j, "not_found");
	assert_non_null(strstr(sget(json_object_get(j, "error"), "message"), "14052499999"));
	json_decref(j);
	j = call(f, "GET", "/api/v1/certificates/1%20", NULL, NULL, 422, NULL);
	json_t *fields = expect_error(j, "invalid");
	assert_non_null(json_object_get(fields, "cert_no"));
	json_decref(j);
}

#define NEW_OFFICER                                                                        \
	"{\"body_id\":1,\"name\":\"测试人员\",\"cert_no\":\"ZF-T0001\",\"issuer\":\"陵川县人民政府\"," \
	"\"domains\":\"旅游市场\",\"valid_from\":\"2025-01-01\",\"valid_to\":\"2035-12-31\"}"

static void test_create(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char loc[128];
	long before = scalar(&f->d, "SELECT count(*) FROM officer");
	json_t *j = call(f, "POST", "/api/v1/officers", NEW_OFFICER, f->registrar, 201, &r);
	assert_non_null(resp_header(&r, "Location", loc, sizeof(loc)));
	resp_free(&r);
	f->created_id = (long)json_integer_value(json_object_get(j, "id"));
	assert_true(f->created_id > 30);
	char want[64];
	snprintf(want, sizeof(want), "/api/v1/officers/%ld", f->created_id);
	assert_string_equal(loc, want);
	assert_string_equal(sget(j, "cert_no"), "ZF-T0001");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), before + 1);

	j = call(f, "GET", loc, NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "name"), "测试人员");
	json_decref(j);
	/* The citizen's check finds it, typed in lower case too. */
	cert_verdict(f, "ZF-T0001", "valid", "valid");
	j = call(f, "GET", "/api/v1/certificates/zf-t0001", NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "cert_no"), "ZF-T0001");
	json_decref(j);
	struct resp p;
	assert_int_equal(client_get(&f->d.cl, "/certificates/zf-t0001", &p), 0);
	assert_int_equal(p.status, 200);
	assert_non_null(strstr(p.body, "测试人员"));
	resp_free(&p);
	/* The change is recorded. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM history WHERE entity='officer' AND "
				      "action='officer_create'"), 31);
}

static void test_create_invalid(void **state)
{
	struct fx *f = *state;
	long officers = scalar(&f->d, "SELECT count(*) FROM officer");
	long invalid = scalar(&f->d, "SELECT count(*) FROM audit WHERE outcome='invalid'");
	json_t *j = call(f, "POST", "/api/v1/officers",
			 "{\"body_id\":1,\"cert_no\":\"ZF-T0002\",\"issuer\":\"陵川县人民政府\","
			 "\"valid_from\":\"2026-05-01\",\"valid_to\":\"2025-01-01\"}",
			 f->registrar, 422, NULL);
	json_t *fields = expect_error(j, "invalid");
	assert_true(json_is_object(fields));
	assert_true(json_is_string(json_object_get(fields, "name")));
	assert_true(json_is_string(json_object_get(fields, "valid_to")));
	/* Each message names its field in Chinese. */
	assert_non_null(strstr(json_string_value(json_object_get(fields, "name")), "姓名"));
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer WHERE cert_no='ZF-T0002'"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM audit WHERE outcome='invalid'"), invalid + 1);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM audit WHERE outcome='invalid' AND "
				      "action='officer_create' AND actor_login='registrar1'"), 1);

	/* Fields of the wrong type: nothing is coerced. */
	j = call(f, "POST", "/api/v1/officers", "{\"name\":[1,2]}", f->registrar, 422, NULL);
	fields = expect_error(j, "invalid");
	assert_non_null(json_object_get(fields, "name"));
	json_decref(j);
	j = call(f, "POST", "/api/v1/officers",
		 "{\"body_id\":\"1\",\"name\":1,\"cert_no\":\"ZF-T0009\",\"issuer\":\"某县人民政府\","
		 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2030-01-01\",\"legal_qual\":\"yes\"}",
		 f->registrar, 422, NULL);
	fields = expect_error(j, "invalid");
	assert_non_null(strstr(json_string_value(json_object_get(fields, "name")), "文本"));
	assert_non_null(strstr(json_string_value(json_object_get(fields, "body_id")), "整数"));
	assert_non_null(json_object_get(fields, "legal_qual"));
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer WHERE cert_no='ZF-T0009'"), 0);
	/* A body that does not exist is an input error, not a conflict. */
	j = call(f, "POST", "/api/v1/officers",
		 "{\"body_id\":99,\"name\":\"某人\",\"cert_no\":\"ZF-T0010\",\"issuer\":\"某县人民政府\","
		 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2030-01-01\"}", f->registrar, 422, NULL);
	fields = expect_error(j, "invalid");
	assert_non_null(strstr(json_string_value(json_object_get(fields, "body_id")), "不存在"));
	json_decref(j);
	/* Not an object. */
	j = call(f, "POST", "/api/v1/officers", "[1]", f->registrar, 422, NULL);
	expect_error(j, "invalid");
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
}

static void test_body_uscc(void **state)
{
	struct fx *f = *state;
	const char *s17 = "11140524MB0099990";
	char good = zf_uscc_check_char(s17), bad = good == '1' ? '2' : '1';
	char body[1024];
	long bodies = scalar(&f->d, "SELECT count(*) FROM body");
	assert_true(good != 0);

	snprintf(body, sizeof(body),
		 "{\"name\":\"测试执法局\",\"uscc\":\"%s%c\",\"duties\":\"测试\",\"powers\":\"测试\","
		 "\"legal_basis\":\"测试\",\"remedy\":\"测试\"}", s17, bad);
	json_t *j = call(f, "POST", "/api/v1/bodies", body, f->registrar, 422, NULL);
	json_t *fields = expect_error(j, "invalid");
	assert_true(json_is_string(json_object_get(fields, "uscc")));
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM body"), bodies);

	/* The right check character is accepted. */
	snprintf(body, sizeof(body),
		 "{\"name\":\"测试执法局\",\"uscc\":\"%s%c\",\"duties\":\"测试\",\"powers\":\"测试\","
		 "\"legal_basis\":\"测试\",\"remedy\":\"测试\"}", s17, good);
	struct resp r;
	char loc[128];
	j = call(f, "POST", "/api/v1/bodies", body, f->registrar, 201, &r);
	assert_non_null(resp_header(&r, "Location", loc, sizeof(loc)));
	assert_int_equal(strncmp(loc, "/api/v1/bodies/", 15), 0);
	resp_free(&r);
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM body"), bodies + 1);
	/* The same code twice is a conflict. */
	j = call(f, "POST", "/api/v1/bodies", body, f->registrar, 409, NULL);
	expect_error(j, "conflict");
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM body"), bodies + 1);
}

static void test_duplicate_cert(void **state)
{
	struct fx *f = *state;
	long officers = scalar(&f->d, "SELECT count(*) FROM officer");
	json_t *j = call(f, "POST", "/api/v1/officers",
			 "{\"body_id\":1,\"name\":\"重复\",\"cert_no\":\"14052400101\",\"issuer\":\"陵川县人民政府\","
			 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2030-01-01\"}",
			 f->registrar, 409, NULL);
	expect_error(j, "conflict");
	json_decref(j);
	/* Also when typed differently: numbers are normalised before the check. */
	j = call(f, "POST", "/api/v1/officers",
		 "{\"body_id\":1,\"name\":\"重复\",\"cert_no\":\"zf-t0001\",\"issuer\":\"陵川县人民政府\","
		 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2030-01-01\"}",
		 f->registrar, 409, NULL);
	expect_error(j, "conflict");
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
}

static void test_update_revoke(void **state)
{
	struct fx *f = *state;
	char path[64];
	assert_true(f->created_id > 0);
	snprintf(path, sizeof(path), "/api/v1/officers/%ld", f->created_id);
	json_t *j = call(f, "PUT", path,
			 "{\"state\":\"revoked\",\"state_date\":\"2026-01-01\",\"state_reason\":\"测试\"}",
			 f->registrar, 200, NULL);
	assert_string_equal(sget(j, "state"), "revoked");
	assert_string_equal(sget(j, "verdict"), "revoked");
	assert_string_equal(sget(j, "state_reason"), "测试");
	/* Fields not sent are kept. */
	assert_string_equal(sget(j, "name"), "测试人员");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	cert_verdict(f, "ZF-T0001", "revoked", "revoked");
	struct resp p;
	assert_int_equal(client_get(&f->d.cl, "/certificates/ZF-T0001", &p), 0);
	assert_int_equal(p.status, 200);
	assert_non_null(strstr(p.body, "已吊销"));
	resp_free(&p);

	/* A client that read version 1 may not overwrite version 2. */
	j = call(f, "PUT", path, "{\"version\":1,\"domains\":\"过时的修改\"}", f->registrar, 409, NULL);
	expect_error(j, "conflict");
	json_decref(j);
	j = call(f, "GET", path, NULL, NULL, 200, NULL);
	assert_string_equal(sget(j, "domains"), "旅游市场");
	json_decref(j);
	/* The current version is accepted. */
	j = call(f, "PUT", path, "{\"version\":2,\"domains\":\"文化市场\"}", f->registrar, 200, NULL);
	assert_string_equal(sget(j, "domains"), "文化市场");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 3);
	json_decref(j);
	/* An invalid update changes nothing. */
	j = call(f, "PUT", path, "{\"valid_from\":\"2026-02-30\"}", f->registrar, 422, NULL);
	assert_non_null(json_object_get(expect_error(j, "invalid"), "valid_from"));
	json_decref(j);
	j = call(f, "PUT", "/api/v1/officers/99999", "{\"name\":\"无\"}", f->registrar, 404, NULL);
	expect_error(j, "not_found");
	json_decref(j);
}

static void test_auth_errors(void **state)
{
	struct fx *f = *state;
	long officers = scalar(&f->d, "SELECT count(*) FROM officer");
	struct resp r;
	char v[256];
	/* No token. */
	json_t *j = call(f, "POST", "/api/v1/officers", NEW_OFFICER, NULL, 401, &r);
	expect_error(j, "unauthenticated");
	assert_non_null(resp_header(&r, "WWW-Authenticate", v, sizeof(v)));
	assert_int_equal(strncmp(v, "Bearer", 6), 0);
	resp_free(&r);
	json_decref(j);
	/* An officer's token: signed in, but not a registrar. */
	j = call(f, "POST", "/api/v1/officers", NEW_OFFICER, f->officer, 403, NULL);
	expect_error(j, "forbidden");
	json_decref(j);
	j = call(f, "PUT", "/api/v1/officers/1", "{\"name\":\"改\"}", f->officer, 403, NULL);
	expect_error(j, "forbidden");
	json_decref(j);
	/* A made-up token. */
	j = call(f, "POST", "/api/v1/officers", NEW_OFFICER,
		 "0000000000000000000000000000000000000000000000000000000000000000", 401, NULL);
	expect_error(j, "unauthenticated");
	json_decref(j);
	j = call(f, "GET", "/api/v1/bodies", NULL, "x", 401, NULL);
	expect_error(j, "unauthenticated");
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
	/* An officer's token still reads. */
	j = call(f, "GET", "/api/v1/officers/1", NULL, f->officer, 200, NULL);
	json_decref(j);
}

static void test_admin_token_refused(void **state)
{
	struct fx *f = *state;
	char tok[128];
	long tokens = scalar(&f->d, "SELECT count(*) FROM api_token");
	assert_int_not_equal(make_token(&f->d.s, "sysadmin", tok, sizeof(tok)), 0);
	assert_int_equal(strlen(tok), 0);
	assert_int_not_equal(make_token(&f->d.s, "auditor", tok, sizeof(tok)), 0);
	assert_int_not_equal(make_token(&f->d.s, "nobody", tok, sizeof(tok)), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM api_token"), tokens);
}

static void test_revoked_token(void **state)
{
	struct fx *f = *state;
	char tok[128], id[32];
	char *out = NULL;
	assert_int_equal(make_token(&f->d.s, "registrar1", tok, sizeof(tok)), 0);
	assert_true(strlen(tok) >= 32);
	/* Authorised: an empty object is refused for its content, not its token. */
	json_t *j = call(f, "POST", "/api/v1/officers", "{}", tok, 422, NULL);
	expect_error(j, "invalid");
	json_decref(j);
	snprintf(id, sizeof(id), "%ld", scalar(&f->d, "SELECT max(id) FROM api_token"));
	assert_int_equal(srv_cli(&f->d.s, NULL, &out,
				 (const char *const[]){"token", "revoke", "--id", id, NULL}), 0);
	free(out);
	j = call(f, "POST", "/api/v1/officers", "{}", tok, 401, NULL);
	expect_error(j, "unauthenticated");
	json_decref(j);
	/* The other registrar token is untouched. */
	j = call(f, "POST", "/api/v1/officers", "{}", f->registrar, 422, NULL);
	json_decref(j);
}

static void test_malformed_json(void **state)
{
	struct fx *f = *state;
	long officers = scalar(&f->d, "SELECT count(*) FROM officer");
	json_t *j = call(f, "POST", "/api/v1/officers", "{\"name\": \"未闭合", f->registrar, 400, NULL);
	expect_error(j, "invalid");
	json_decref(j);
	j = call(f, "PUT", "/api/v1/officers/1", "not json", f->registrar, 400, NULL);
	json_decref(j);
	j = call(f, "POST", "/api/v1/bodies", "", f->registrar, 400, NULL);
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), officers);
}

static void test_unknown_and_method(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char allow[128];
	json_t *j = call(f, "GET", "/api/v1/nothing", NULL, NULL, 404, NULL);
	expect_error(j, "not_found");
	json_decref(j);
	j = call(f, "DELETE", "/api/v1/bodies/1", NULL, f->registrar, 405, &r);
	assert_non_null(resp_header(&r, "Allow", allow, sizeof(allow)));
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "PUT"));
	resp_free(&r);
	assert_non_null(json_error_of(j));
	json_decref(j);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM body WHERE id=1"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openapi),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_officers),
		cmocka_unit_test(test_officers_paging),
		cmocka_unit_test(test_certificates),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_create_invalid),
		cmocka_unit_test(test_body_uscc),
		cmocka_unit_test(test_duplicate_cert),
		cmocka_unit_test(test_update_revoke),
		cmocka_unit_test(test_auth_errors),
		cmocka_unit_test(test_admin_token_refused),
		cmocka_unit_test(test_revoked_token),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_unknown_and_method),
	};
	struct fx f = {.d = {.setup = make_tokens}};
	return demo_run_tests(tests, &f.d);
}
