/* Integration tests of the published procedures: the flowcharts on the portal and the definitions in the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/* The procedures issue 5 requires, by code and name. */
static const char *const required[][2] = {
	{"penalty_ordinary", "行政处罚普通程序"},
	{"penalty_summary", "行政处罚简易程序"},
	{"compulsory", "行政强制措施"},
	{"inspection", "行政检查"},
};
#define NREQUIRED (sizeof(required) / sizeof(required[0]))

/* GET PATH as officer1 through the API with a session; the answer as JSON (caller decrefs). */
static json_t *api_get(struct demo *d, const char *path, long status)
{
	struct resp r;
	json_t *j;

	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_int_equal(client_json(&d->cl, "GET", path, NULL, NULL, NULL, &r), 0);
	if (r.status != status)
		fail_msg("GET %s: %ld, wanted %ld\n%.400s", path, r.status, status, r.body);
	j = resp_json(&r);
	assert_non_null(j);
	resp_free(&r);
	return j;
}

/* The procedure list of the API (borrowed from *ROOT, which the caller decrefs). */
static json_t *procedure_list(struct demo *d, json_t **root)
{
	json_t *list;

	*root = api_get(d, "/api/v1/procedures", 200);
	list = json_object_get(*root, "procedures");
	assert_true(json_is_array(list));
	assert_int_equal(json_integer_value(json_object_get(*root, "count")), json_array_size(list));
	return list;
}

static void test_required_procedures(void **state)
{
	json_t *root, *list = procedure_list(*state, &root);

	assert_int_equal(json_array_size(list), NREQUIRED);
	/* in the statute's order */
	for (size_t i = 0; i < NREQUIRED; i++) {
		json_t *p = json_array_get(list, i);
		assert_string_equal(json_string_value(json_object_get(p, "code")), required[i][0]);
		assert_has(json_string_value(json_object_get(p, "name")), required[i][1]);
	}
	json_decref(root);
}

static void test_api(void **state)
{
	struct demo *d = *state;
	json_t *root, *list = procedure_list(d, &root), *p;
	size_t i;
	struct resp r;
	char token[128];

	assert_true(json_array_size(list) > 0);
	json_array_foreach(list, i, p) {
		const char *code = json_string_value(json_object_get(p, "code"));
		const char *sha = json_string_value(json_object_get(p, "sha256"));
		const char *kind = json_string_value(json_object_get(p, "kind"));
		char path[128];
		json_t *def;

		assert_non_null(code);
		assert_true(json_integer_value(json_object_get(p, "version")) >= 1);
		assert_non_null(json_string_value(json_object_get(p, "name")));
		assert_true(!strcmp(kind, "penalty") || !strcmp(kind, "compulsory") ||
			    !strcmp(kind, "inspection"));
		assert_int_equal(strlen(sha), 64);
		assert_int_equal(strspn(sha, "0123456789abcdef"), 64);
		/* the definition itself */
		snprintf(path, sizeof(path), "/api/v1/procedures/%s", code);
		def = api_get(d, path, 200);
		assert_string_equal(json_string_value(json_object_get(def, "format")),
				    "zhifa-procedure/v1");
		assert_string_equal(json_string_value(json_object_get(def, "code")), code);
		assert_int_equal(json_integer_value(json_object_get(def, "version")),
				 json_integer_value(json_object_get(p, "version")));
		assert_true(json_array_size(json_object_get(def, "steps")) > 0);
		json_decref(def);
	}
	json_decref(root);
	/* unknown: a JSON 404 */
	root = api_get(d, "/api/v1/procedures/nope", 404);
	assert_string_equal(json_string_value(json_object_get(json_error_of(root), "code")),
			    "not_found");
	json_decref(root);
	/* not for the public; with an API token */
	demo_new_session(d);
	assert_int_equal(client_json(&d->cl, "GET", "/api/v1/procedures", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_int_equal(make_token(&d->s, "officer1", token, sizeof(token)), 0);
	assert_int_equal(client_json(&d->cl, "GET", "/api/v1/procedures", NULL, token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"sha256\"");
	resp_free(&r);
	/* both paths are in the OpenAPI document */
	demo_get(d, "/api/v1/openapi.json", 200, NULL, "\"/api/v1/procedures\"",
		 "\"/api/v1/procedures/{code}\"", NULL);
}

static void test_index(void **state)
{
	struct demo *d = *state;
	json_t *root, *list = procedure_list(d, &root), *p;
	struct resp r;
	char ct[128], cc[128];
	size_t i;

	demo_new_session(d);
	demo_get(d, "/flowcharts", 200, &r, "<h1>执法流程图</h1>", NULL);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_has(ct, "text/html");
	assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
	assert_has(cc, "public");
	/* every case procedure, and the review procedure that is no case procedure */
	assert_int_equal(str_count(r.body, "<section class=\"flowchart\""),
			 json_array_size(list) + 1);
	assert_has(r.body, "<img src=\"/flowcharts/legal_review.svg\"");
	assert_has(r.body, "<h2>重大执法决定法制审核</h2>");
	assert_has(r.body, "<dd>法制审核</dd>");
	json_array_foreach(list, i, p) {
		const char *code = json_string_value(json_object_get(p, "code"));
		char img[128];
		snprintf(img, sizeof(img), "<img src=\"/flowcharts/%s.svg\"", code);
		assert_has(r.body, img);
		/* in a box that scrolls sideways on a phone (zhifa.css) */
		snprintf(img, sizeof(img), "<div class=\"chart\"><a href=\"/flowcharts/%s.svg\"><img",
			 code);
		assert_has(r.body, img);
		assert_has(r.body, json_string_value(json_object_get(p, "name")));
	}
	assert_has(r.body, "《中华人民共和国行政处罚法》");
	resp_free(&r);
	json_decref(root);
	/* the portal's navigation and front page lead there */
	demo_get(d, "/", 200, NULL, "<a href=\"/flowcharts\">执法流程图</a>",
		 "<a href=\"/flowcharts\">查看执法流程图</a>", NULL);
}

static void test_svg(void **state)
{
	struct demo *d = *state;
	json_t *root, *list = procedure_list(d, &root), *p;
	size_t i;

	demo_new_session(d);
	json_array_foreach(list, i, p) {
		const char *code = json_string_value(json_object_get(p, "code"));
		char path[128], ct[128], cc[128], title[256];
		struct resp r;

		snprintf(path, sizeof(path), "/flowcharts/%s.svg", code);
		snprintf(title, sizeof(title), "<title id=\"title\">%s流程图</title>",
			 json_string_value(json_object_get(p, "name")));
		demo_get(d, path, 200, &r, "<svg xmlns=\"http://www.w3.org/2000/svg\"", title,
			 "</svg>", NULL);
		assert_int_equal(strncmp(r.body, "<?xml", 5), 0);
		assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
		assert_int_equal(strncmp(ct, "image/svg+xml", 13), 0);
		assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
		assert_has(cc, "public");
		/* a box per step of the definition drawn in the flow (the others are listed) */
		assert_true(str_count(r.body, "<g id=\"step-") > 1);
		assert_lacks(r.body, "<script");
		/* drawn by presentation attributes: the Content-Security-Policy
		 * (style-src 'self') blocks inline style sheets and attributes */
		assert_lacks(r.body, "<style");
		assert_lacks(r.body, "style=");
		assert_has(r.body, "marker-end=\"url(#arrow)\"");
		resp_free(&r);
	}
	json_decref(root);
}

/* The 重大执法决定法制审核流程图, drawn from src/core/charts/legal_review.json
 * by the same code: every step of the review procedure. */
static void test_review_chart(void **state)
{
	struct demo *d = *state;
	struct resp r;
	json_t *root;

	demo_new_session(d);
	demo_get(d, "/flowcharts/legal_review.svg", 200, &r,
		 "<title id=\"title\">重大执法决定法制审核流程图</title>", "承办机构提交审核材料",
		 "材料完整性审查", "退回承办机构补充", "指定审核人员", "法律职业资格",
		 "审核八项内容", "同意", "纠正", "移送有权机关", "集体讨论", "主要负责人主持",
		 "负责人决定", "10个工作日", "marker-end=\"url(#arrow)\"", NULL);
	assert_int_equal(str_count(r.body, "<g id=\"step-"), 10);
	assert_lacks(r.body, "style=");
	resp_free(&r);
	/* not a case procedure: the API does not offer it */
	assert_int_equal(client_login(&d->cl, "officer1", "demo", NULL), 303);
	assert_int_equal(client_json(&d->cl, "GET", "/api/v1/procedures/legal_review", NULL, NULL,
				     NULL, &r),
			 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	root = api_get(d, "/api/v1/procedures", 200);
	assert_int_equal(json_array_size(json_object_get(root, "procedures")), NREQUIRED);
	json_decref(root);
}

static void test_unknown(void **state)
{
	struct demo *d = *state;

	demo_get(d, "/flowcharts/nope.svg", 404, NULL, NULL);
	demo_get(d, "/flowcharts/.svg", 404, NULL, NULL);
	demo_get(d, "/flowcharts/penalty_ordinary", 404, NULL, NULL);
	demo_get(d, "/flowcharts/penalty_ordinary.png", 404, NULL, NULL);
	demo_get(d, "/flowcharts/%3Cscript%3E.svg", 404, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_review_chart),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_required_procedures),
	};
	struct demo d = {0};
	return demo_run_tests(tests, &d);
}
