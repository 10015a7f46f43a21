/* Unit tests of the streaming multipart/form-data parser: fields and a file split at every byte, boundaries inside content, malformed bodies refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "web/multipart.h"

struct got {
	char log[4096];
	size_t len;
};

static int on_part(void *ctx, const char *name, const char *filename, const char *ctype, struct zf_err *err)
{
	struct got *g = ctx;
	(void)err;
	g->len += (size_t)snprintf(g->log + g->len, sizeof(g->log) - g->len, "[%s|%s|%s]", name,
				   filename ? filename : "-", ctype);
	return 0;
}

static int on_data(void *ctx, const char *p, size_t n, struct zf_err *err)
{
	struct got *g = ctx;
	(void)err;
	assert_true(g->len + n < sizeof(g->log));
	memcpy(g->log + g->len, p, n);
	g->len += n;
	g->log[g->len] = '\0';
	return 0;
}

static const struct zf_multipart_sink sink = {on_part, on_data};
#define CT "multipart/form-data; boundary=\"XyZ\""
static const char body[] =
	"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"place\"\r\n\r\n农家乐\r\n"
	"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\dir\\\\a.png\"\r\n"
	"Content-Type: image/png\r\n\r\n\x89PNG\r\n--Xy\r\n-\0Z\r\n--XyZ--\r\nepilogue";
static const char want[] = "[place|-|]农家乐[file|a.png|image/png]\x89PNG\r\n--Xy\r\n-\0Z";

static void parse_in_pieces(size_t step)
{
	struct zf_multipart *m;
	struct zf_err err = {0};
	struct got g = {0};
	assert_int_equal(zf_multipart_new(CT, &sink, &g, &m, &err), 0);
	for (size_t i = 0; i < sizeof(body) - 1; i += step) {
		size_t n = sizeof(body) - 1 - i < step ? sizeof(body) - 1 - i : step;
		assert_int_equal(zf_multipart_feed(m, body + i, n, &err), 0);
	}
	assert_int_equal(zf_multipart_finish(m, &err), 0);
	zf_multipart_free(m);
	assert_int_equal(g.len, sizeof(want) - 1);
	assert_memory_equal(g.log, want, sizeof(want) - 1);
}

static void test_pieces(void **state)
{
	(void)state;
	for (size_t step = 1; step <= sizeof(body); step++)
		parse_in_pieces(step);
}

static void test_refused(void **state)
{
	struct zf_multipart *m;
	struct zf_err err = {0};
	struct got g = {0};
	(void)state;
	assert_int_equal(zf_multipart_new("application/x-www-form-urlencoded", &sink, &g, &m, &err), ZF_EINVAL);
	/* No name; a cut-off body. */
	const char *noname = "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--";
	assert_int_equal(zf_multipart_new(CT, &sink, &g, &m, &err), 0);
	assert_int_equal(zf_multipart_feed(m, noname, strlen(noname), &err), ZF_EINVAL);
	zf_multipart_free(m);
	const char *cut = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf";
	assert_int_equal(zf_multipart_new(CT, &sink, &g, &m, &err), 0);
	assert_int_equal(zf_multipart_feed(m, cut, strlen(cut), &err), 0);
	assert_int_equal(zf_multipart_finish(m, &err), ZF_EINVAL);
	zf_multipart_free(m);
	/* A header block that never ends is bounded. */
	static char big[ZF_MULTIPART_HEADERS_MAX + 200];
	memset(big, 'h', sizeof(big));
	memcpy(big, "--XyZ\r\n", 7);
	assert_int_equal(zf_multipart_new(CT, &sink, &g, &m, &err), 0);
	assert_int_equal(zf_multipart_feed(m, big, sizeof(big), &err), ZF_EINVAL);
	zf_multipart_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
