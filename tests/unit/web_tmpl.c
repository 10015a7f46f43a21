/* Unit tests of the template engine (web/tmpl.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "web/tmpl.h"

struct fx {
	struct zf_tmpl_set *set;
	struct zf_buf out;
	struct zf_err err;
};

static int setup(void **state)
{
	static struct fx fx;
	memset(&fx, 0, sizeof(fx));
	fx.set = zf_tmpl_set_new();
	zf_buf_init(&fx.out, 0);
	*state = &fx;
	return fx.set ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	zf_tmpl_set_free(fx->set);
	zf_buf_free(&fx->out);
	return 0;
}

static int add(struct fx *fx, const char *name, const char *text)
{
	zf_err_clear(&fx->err);
	return zf_tmpl_set_add(fx->set, name, text, strlen(text), &fx->err);
}

/* Compiles TEXT as "t", renders it with the JSON context CTX and returns the output. */
static const char *render(struct fx *fx, const char *text, const char *ctx)
{
	json_t *c = ctx ? json_loads(ctx, 0, NULL) : NULL;
	int rc;

	assert_true(!ctx || c);
	assert_int_equal(add(fx, "t", text), 0);
	zf_buf_free(&fx->out);
	zf_err_clear(&fx->err);
	rc = zf_tmpl_render(fx->set, "t", c, &fx->out, &fx->err);
	json_decref(c);
	assert_int_equal(rc, 0);
	return zf_buf_cstr(&fx->out);
}

static void test_escaping(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(render(fx, "<p title=\"{{x}}\">{{x}}</p>", "{\"x\":\"<a href=\\\"u\\\">&'</a>\"}"),
			    "<p title=\"&lt;a href=&quot;u&quot;&gt;&amp;&#39;&lt;/a&gt;\">"
			    "&lt;a href=&quot;u&quot;&gt;&amp;&#39;&lt;/a&gt;</p>");
	assert_string_equal(render(fx, "{{ x }}|{{x}}", "{\"x\":\"中文 <b>\"}"),
			    "中文 &lt;b&gt;|中文 &lt;b&gt;");
}

static void test_raw(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(render(fx, "{{{svg}}}|{{& svg}}|{{svg}}", "{\"svg\":\"<svg/>\"}"),
			    "<svg/>|<svg/>|&lt;svg/&gt;");
}

static void test_scalars(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(render(fx, "[{{i}}][{{n}}][{{r}}][{{t}}][{{f}}][{{z}}][{{o}}][{{a}}][{{missing}}]",
				   "{\"i\":42,\"n\":-7,\"r\":1.5,\"t\":true,\"f\":false,\"z\":null,"
				   "\"o\":{\"k\":1},\"a\":[1]}"),
			    "[42][-7][1.5][true][][][][][]");
}

static void test_sections(void **state)
{
	struct fx *fx = *state;
	const char *ctx = "{\"list\":[{\"n\":\"a\"},{\"n\":\"b\"}],\"nums\":[1,2,3],\"obj\":{\"k\":\"v\"},"
			  "\"yes\":true,\"no\":false,\"empty\":[],\"str\":\"s\",\"estr\":\"\","
			  "\"zero\":0,\"one\":1,\"nil\":null}";
	assert_string_equal(render(fx, "{{#list}}<{{n}}>{{/list}}", ctx), "<a><b>");
	assert_string_equal(render(fx, "{{#nums}}{{.}},{{/nums}}", ctx), "1,2,3,");
	assert_string_equal(render(fx, "{{#obj}}{{k}}{{/obj}}", ctx), "v");
	assert_string_equal(render(fx, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#nil}}N{{/nil}}", ctx), "Y");
	assert_string_equal(render(fx, "{{#empty}}E{{/empty}}{{#missing}}M{{/missing}}", ctx), "");
	assert_string_equal(render(fx, "{{#str}}[{{.}}]{{/str}}{{#estr}}E{{/estr}}", ctx), "[s]");
	assert_string_equal(render(fx, "{{#zero}}0{{/zero}}{{#one}}1{{/one}}", ctx), "1");
	/* Lookup walks up the context stack. */
	assert_string_equal(render(fx, "{{#list}}{{n}}{{str}}{{/list}}", ctx), "asbs");
	/* Inner names shadow outer ones. */
	assert_string_equal(render(fx, "{{#obj}}{{k}}{{/obj}}{{k}}", "{\"k\":\"outer\",\"obj\":{\"k\":\"inner\"}}"),
			    "innerouter");
}

static void test_inverted(void **state)
{
	struct fx *fx = *state;
	const char *ctx = "{\"no\":false,\"nil\":null,\"empty\":[],\"full\":[1],\"yes\":true,\"estr\":\"\"}";
	assert_string_equal(render(fx, "{{^no}}a{{/no}}{{^nil}}b{{/nil}}{{^empty}}c{{/empty}}"
				       "{{^missing}}d{{/missing}}{{^estr}}e{{/estr}}", ctx),
			    "abcde");
	assert_string_equal(render(fx, "{{^full}}x{{/full}}{{^yes}}y{{/yes}}", ctx), "");
	assert_string_equal(render(fx, "{{#full}}有{{/full}}{{^full}}无{{/full}}", ctx), "有");
}

static void test_dotted(void **state)
{
	struct fx *fx = *state;
	const char *ctx = "{\"a\":{\"b\":{\"c\":\"deep\"},\"s\":\"x\"},\"user\":{\"login\":\"li\"}}";
	assert_string_equal(render(fx, "{{a.b.c}}|{{a.s}}|{{a.x.c}}|{{a.s.c}}", ctx), "deep|x||");
	assert_string_equal(render(fx, "{{#a.b}}{{c}}{{/a.b}}", ctx), "deep");
	/* The first segment is looked up outwards, the rest strictly inside. */
	assert_string_equal(render(fx, "{{#a}}{{user.login}}{{/a}}", ctx), "li");
}

static void test_comments(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(render(fx, "a{{! a comment {with} braces\nover lines }}b", "{}"), "ab");
}

static void test_standalone_lines(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(render(fx, "<ul>\n  {{#l}}\n  <li>{{.}}</li>\n  {{/l}}\n</ul>\n", "{\"l\":[1,2]}"),
			    "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	assert_string_equal(render(fx, "a {{#t}}x{{/t}} b\n", "{\"t\":true}"), "a x b\n");
	assert_string_equal(render(fx, "a\n  {{! note }}  \nb", "{}"), "a\nb");
	assert_string_equal(render(fx, "{{#t}}\r\nx\r\n{{/t}}\r\n", "{\"t\":true}"), "x\r\n");
	assert_string_equal(render(fx, "{{^t}}\nno\n{{/t}}\nend", "{\"t\":false}"), "no\nend");
	/* Variables keep their line. */
	assert_string_equal(render(fx, "{{v}}\nx", "{\"v\":\"\"}"), "\nx");
}

static void test_partials(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(add(fx, "item", "<li>{{name}}</li>"), 0);
	assert_string_equal(render(fx, "<ul>{{#items}}{{>item}}{{/items}}</ul>",
				   "{\"items\":[{\"name\":\"<x>\"},{\"name\":\"y\"}]}"),
			    "<ul><li>&lt;x&gt;</li><li>y</li></ul>");
	assert_int_equal(zf_tmpl_set_check(fx->set, &fx->err), 0);

	/* A missing partial fails the check and the render. */
	assert_int_equal(add(fx, "u", "x{{>nope}}"), 0);
	assert_int_equal(zf_tmpl_set_check(fx->set, &fx->err), ZF_EINVAL);
	assert_non_null(strstr(fx->err.msg, "nope"));
	assert_int_equal(zf_tmpl_render(fx->set, "u", NULL, &fx->out, &fx->err), ZF_ENOTFOUND);

	/* A partial that includes itself stops at the depth limit. */
	assert_int_equal(add(fx, "loop", "x{{>loop}}"), 0);
	assert_int_equal(zf_tmpl_render(fx->set, "loop", NULL, &fx->out, &fx->err), ZF_EINVAL);
}

static void expect_parse_error(struct fx *fx, const char *text, int line)
{
	char want[32];
	assert_int_equal(add(fx, "broken", text), ZF_EINVAL);
	assert_non_null(strstr(fx->err.msg, "broken"));
	snprintf(want, sizeof(want), "第 %d 行", line);
	if (!strstr(fx->err.msg, want))
		fail_msg("expected \"%s\" in \"%s\"", want, fx->err.msg);
	assert_false(zf_tmpl_has(fx->set, "broken"));
}

static void test_parse_errors(void **state)
{
	struct fx *fx = *state;
	expect_parse_error(fx, "line1\n{{name", 2);
	expect_parse_error(fx, "a\nb\n{{{raw}}", 3);
	expect_parse_error(fx, "{{#a}}\n{{/b}}", 2);
	expect_parse_error(fx, "x\n{{#a}}never closed", 2);
	expect_parse_error(fx, "{{/a}}", 1);
	expect_parse_error(fx, "{{}}", 1);
	expect_parse_error(fx, "{{a b}}", 1);
	expect_parse_error(fx, "{{a..b}}", 1);
	expect_parse_error(fx, "{{.a}}", 1);
	expect_parse_error(fx, "{{=<% %>=}}", 1);
	expect_parse_error(fx, "{{>a.b}}", 1);
	expect_parse_error(fx, "{{! comment}}\n\n{{#x}}{{^y}}{{/x}}{{/y}}", 3);
	expect_parse_error(fx, "{{#a}}\n  {{#b}}\n{{/a}}", 3);
	expect_parse_error(fx, "{{! multi\nline }}\n{{#a}}\n\n{{/b}}", 5);
	assert_int_equal(zf_tmpl_set_add(fx->set, "bad name", "x", 1, &fx->err), ZF_EINVAL);
	/* Names in folders: segments joined by one '/', none empty. */
	assert_int_equal(zf_tmpl_set_add(fx->set, "doc/notice", "x", 1, &fx->err), 0);
	assert_int_equal(zf_tmpl_has(fx->set, "doc/notice"), 1);
	assert_int_equal(zf_tmpl_set_add(fx->set, "doc//notice", "x", 1, &fx->err), ZF_EINVAL);
	assert_int_equal(zf_tmpl_set_add(fx->set, "/notice", "x", 1, &fx->err), ZF_EINVAL);
	assert_int_equal(zf_tmpl_set_add(fx->set, "doc/", "x", 1, &fx->err), ZF_EINVAL);
	assert_int_equal(zf_tmpl_set_add(fx->set, "doc/a.b", "x", 1, &fx->err), ZF_EINVAL);
}

static void test_nesting(void **state)
{
	struct fx *fx = *state;
	char text[1024];
	size_t n = 0;
	json_t *ctx;

	/* ZF_TMPL_MAX_DEPTH nested sections compile and render. */
	for (int i = 0; i < ZF_TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "{{#a}}");
	n += (size_t)snprintf(text + n, sizeof(text) - n, "x");
	for (int i = 0; i < ZF_TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "{{/a}}");
	assert_string_equal(render(fx, text, "{\"a\":true}"), "x");

	/* One more is refused at compile time. */
	n = 0;
	for (int i = 0; i <= ZF_TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "{{#a}}");
	for (int i = 0; i <= ZF_TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "{{/a}}");
	assert_int_equal(add(fx, "deep", text), ZF_EINVAL);

	/* Sections nested through a recursive partial are stopped at render time. */
	assert_int_equal(add(fx, "tree", "{{#kids}}[{{>tree}}]{{/kids}}"), 0);
	ctx = json_loads("{\"kids\":[{\"kids\":[{\"kids\":[]}]}]}", 0, NULL);
	zf_buf_free(&fx->out);
	assert_int_equal(zf_tmpl_render(fx->set, "tree", ctx, &fx->out, &fx->err), 0);
	assert_string_equal(zf_buf_cstr(&fx->out), "[[]]");
	json_decref(ctx);
	ctx = json_object();
	json_t *cur = ctx;
	for (int i = 0; i < 40; i++) {
		json_t *kid = json_object();
		json_object_set_new(cur, "kids", json_pack("[o]", kid));
		cur = kid;
	}
	zf_buf_free(&fx->out);
	assert_int_equal(zf_tmpl_render(fx->set, "tree", ctx, &fx->out, &fx->err), ZF_EINVAL);
	json_decref(ctx);
}

static void test_output_limit(void **state)
{
	struct fx *fx = *state;
	struct zf_buf small;
	json_t *ctx = json_pack("{s:[i,i,i,i,i,i,i,i,i,i]}", "l", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

	assert_int_equal(add(fx, "big", "{{#l}}0123456789{{/l}}"), 0);
	zf_buf_init(&small, 50);
	assert_int_equal(zf_tmpl_render(fx->set, "big", ctx, &small, &fx->err), ZF_ENOMEM);
	zf_buf_free(&small);
	zf_buf_init(&small, 100);
	assert_int_equal(zf_tmpl_render(fx->set, "big", ctx, &small, &fx->err), 0);
	assert_int_equal(small.len, 100);
	zf_buf_free(&small);
	json_decref(ctx);
	assert_int_equal(zf_tmpl_render(fx->set, "nosuch", NULL, &fx->out, &fx->err), ZF_ENOTFOUND);
}

static void test_embedded_layout(void **state)
{
	struct fx *fx = *state;
	json_t *ctx;

	assert_int_equal(zf_tmpl_set_load_embedded(fx->set, &fx->err), 0);
	assert_true(zf_tmpl_has(fx->set, "layout"));
	assert_true(zf_tmpl_has(fx->set, "error"));

	ctx = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s},s:{s:b}}", "title", "标题<", "site",
			"行政执法公示平台", "content", "<p id=\"c\">内容</p>", "csrf", "tok123", "user",
			"login", "zhang", "role_label", "执法人员", "nav", "workbench", 1);
	assert_non_null(ctx);
	zf_buf_free(&fx->out);
	assert_int_equal(zf_tmpl_render(fx->set, "layout", ctx, &fx->out, &fx->err), 0);
	const char *html = zf_buf_cstr(&fx->out);
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(html, "<title>标题&lt;</title>"));
	assert_non_null(strstr(html, "<p id=\"c\">内容</p>"));
	assert_non_null(strstr(html, "action=\"/logout\""));
	assert_non_null(strstr(html, "name=\"csrf\" value=\"tok123\""));
	assert_non_null(strstr(html, "href=\"/workbench\""));
	assert_non_null(strstr(html, "zhang"));
	assert_null(strstr(html, "href=\"/login\""));
	json_decref(ctx);

	ctx = json_pack("{s:s,s:s}", "title", "t", "content", "");
	zf_buf_free(&fx->out);
	assert_int_equal(zf_tmpl_render(fx->set, "layout", ctx, &fx->out, &fx->err), 0);
	assert_non_null(strstr(zf_buf_cstr(&fx->out), "href=\"/login\""));
	assert_null(strstr(zf_buf_cstr(&fx->out), "/logout"));
	json_decref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_embedded_layout),
	};
	return run_fresh(tests, setup, teardown);
}
