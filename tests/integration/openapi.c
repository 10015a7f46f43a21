/* Integration test of the OpenAPI document: every API route of the route table and every public data endpoint is described, with its method. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "web/routes.h"

/* Routes the document must describe: the API and the public data endpoints
 * (search, feeds, open data, the record log, the health check). */
static int described(const char *pattern)
{
	static const char *const prefixes[] = {"/api/", "/open/", "/feeds/", "/log/", "/search", "/healthz"};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(pattern, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* 1 when the OpenAPI path PATH ("/a/{id}/b") has the shape of route PATTERN
 * ("/a/<>/b"; "<*>" the rest of the path as one parameter). */
static int same_shape(const char *path, const char *pattern)
{
	while (*path && *pattern) {
		if (*path != '/' || *pattern != '/')
			return 0;
		path++;
		pattern++;
		size_t pl = strcspn(path, "/"), rl = strcspn(pattern, "/");
		int param = pl > 1 && path[0] == '{' && path[pl - 1] == '}';
		if (rl == 3 && strncmp(pattern, "<*>", 3) == 0)
			return param && path[pl] == '\0' && pattern[rl] == '\0';
		if (rl == 2 && strncmp(pattern, "<>", 2) == 0) {
			if (!param)
				return 0;
		} else if (pl != rl || strncmp(path, pattern, pl) != 0) {
			return 0;
		}
		path += pl;
		pattern += rl;
	}
	return *path == '\0' && *pattern == '\0';
}

static void test_every_route_described(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char ct[128];
	int missing = 0, checked = 0;

	demo_get(d, "/api/v1/openapi.json", 200, &r, NULL);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_has(ct, "application/json");
	json_t *doc = resp_json(&r);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
	json_t *paths = json_object_get(doc, "paths");
	assert_true(json_is_object(paths));
	for (size_t i = 0; i < zf_nroutes; i++) {
		const struct zf_route *rt = &zf_routes[i];
		const char *path;
		json_t *ops, *found = NULL;
		char method[16];
		if (!described(rt->pattern))
			continue;
		checked++;
		json_object_foreach(paths, path, ops)
			if (same_shape(path, rt->pattern))
				found = ops;
		size_t k = 0;
		for (; rt->method[k] && k + 1 < sizeof(method); k++)
			method[k] = (char)(rt->method[k] | 0x20);
		method[k] = '\0';
		if (!found || !json_is_object(json_object_get(found, method))) {
			fprintf(stderr, "not in /api/v1/openapi.json: %s %s\n", rt->method, rt->pattern);
			missing++;
			continue;
		}
		/* every operation says what it answers */
		json_t *resp = json_object_get(json_object_get(found, method), "responses");
		if (!json_is_object(resp) || json_object_size(resp) == 0) {
			fprintf(stderr, "no responses: %s %s\n", rt->method, rt->pattern);
			missing++;
		}
	}
	assert_true(checked > 40);
	assert_int_equal(missing, 0);
	/* and nothing described that the server does not route */
	const char *path;
	json_t *ops;
	json_object_foreach(paths, path, ops) {
		int routed = 0;
		for (size_t i = 0; i < zf_nroutes && !routed; i++)
			routed = same_shape(path, zf_routes[i].pattern);
		if (!routed)
			fprintf(stderr, "described but not routed: %s\n", path);
		assert_true(routed);
	}
	json_decref(doc);
	resp_free(&r);
}

static void test_shape_matcher(void **state)
{
	(void)state;
	assert_true(same_shape("/api/v1/cases/{id}/steps/{code}", "/api/v1/cases/<>/steps/<>"));
	assert_false(same_shape("/api/v1/cases/{id}", "/api/v1/cases/<>/steps/<>"));
	assert_false(same_shape("/api/v1/cases", "/api/v1/cases/<>"));
	assert_true(same_shape("/log/tile/{path}", "/log/tile/<*>"));
	assert_false(same_shape("/api/v1/bodies/x", "/api/v1/bodies/<>"));
	assert_true(same_shape("/open/decisions.csv", "/open/decisions.csv"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_matcher),
		cmocka_unit_test(test_every_route_described),
	};
	return demo_run_tests(tests, NULL);
}
