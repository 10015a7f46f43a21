/* Unit tests of the document templates (src/web/templates/doc): one per document type, each compiles, and the 行政处罚决定书 renders every element of 行政处罚法 art. 59 from the canonical document data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_rules.h"
#include "util/buf.h"
#include "util/embed.h"
#include "web/tmpl.h"

/* Canonical data of a 行政处罚决定书 (zhifa-document/v1) as app/ builds it. */
static const char decision_json[] =
	"{\"format\":\"zhifa-document/v1\",\"doc_type\":\"penalty_decision\","
	"\"name\":\"行政处罚决定书\",\"number\":\"陵示综执罚决〔2026〕12号\","
	"\"body\":{\"name\":\"陵川县综合行政执法局\",\"address\":\"崇文街1号\","
	" \"phone\":\"0356-1234567\",\"remedy\":\"可以向陵川县人民政府申请行政复议\",\"supervision\":\"\"},"
	"\"case\":{\"id\":7,\"case_no\":\"陵示综执案〔2026〕3号\",\"title\":\"未取得许可经营\","
	" \"procedure\":\"penalty_ordinary\",\"procedure_name\":\"行政处罚普通程序\",\"opened_on\":\"2026-03-02\"},"
	"\"parties\":[{\"kind\":\"org\",\"name\":\"某某商贸有限公司\",\"id_type\":\"\",\"id_type_label\":\"\","
	" \"id_number\":\"\",\"uscc\":\"91140524MA0K000000\",\"legal_rep\":\"王五\","
	" \"address\":\"陵川县某街2号\",\"phone\":\"\"}],"
	"\"officers\":[{\"name\":\"张三\",\"cert_no\":\"14052400101\"},{\"name\":\"李四\",\"cert_no\":\"14052400102\"}],"
	"\"step\":{\"code\":\"penalty_document\",\"name\":\"制作行政处罚决定书\",\"occurred_on\":\"2026-04-01\",\"place\":\"\"},"
	"\"values\":{},"
	"\"text\":{\"facts\":\"当事人于2026年2月在某街经营<未经许可>\",\"evidence\":\"询问笔录一份\","
	" \"statements\":\"当事人未提出陈述申辩\",\"basis\":\"《某条例》第十条、第三十条\","
	" \"performance\":\"到陵川县某银行缴纳。\",\"date\":\"2026年4月1日\"},"
	"\"facts\":{\"fine\":500000},"
	"\"facts_text\":{\"fine\":\"5,000.00元（伍仟元整）\",\"penalty_types\":\"警告、罚款\"},"
	"\"violation\":null,\"issued_on\":\"2026-04-01\",\"issued_on_text\":\"2026年4月1日\"}";

static char *path_of(const char *code, char *buf, size_t n)
{
	snprintf(buf, n, "web/templates/doc/%s.html", code);
	return buf;
}

/* Compiles the template of document type CODE into S under its name "doc/CODE". */
static void add(struct zf_tmpl_set *s, const char *code)
{
	char path[128], name[128];
	struct zf_err err = {0};
	const struct zf_embed_file *f = zf_embed_find(path_of(code, path, sizeof(path)));

	if (!f)
		fail_msg("no template %s", path);
	snprintf(name, sizeof(name), "doc/%s", code);
	if (zf_tmpl_set_add(s, name, (const char *)f->data, f->len, &err))
		fail_msg("%s: %s", path, err.msg);
}

static char *render(const char *code, const char *json)
{
	struct zf_tmpl_set *s = zf_tmpl_set_new();
	struct zf_buf b;
	struct zf_err err = {0};
	json_error_t je;
	json_t *ctx = json_loads(json, 0, &je);
	char name[128], *out;

	assert_non_null(s);
	assert_non_null(ctx);
	add(s, code);
	snprintf(name, sizeof(name), "doc/%s", code);
	zf_buf_init(&b, 0);
	assert_int_equal(zf_tmpl_render(s, name, ctx, &b, &err), 0);
	out = strdup(b.data ? b.data : "");
	zf_buf_free(&b);
	json_decref(ctx);
	zf_tmpl_set_free(s);
	return out;
}

/* One template per document type, each compiling, all loaded with the
 * embedded templates under their folder name "doc/<code>". */
static void every_type_has_a_template(void **state)
{
	size_t n = 0;
	const struct zf_doc_type *types = zf_doc_types(&n);
	struct zf_tmpl_set *s = zf_tmpl_set_new(), *all = zf_tmpl_set_new();
	struct zf_err err = {0};
	char name[96];

	(void)state;
	assert_true(n >= 38);
	for (size_t i = 0; i < n; i++)
		add(s, types[i].code);
	assert_int_equal(zf_tmpl_set_check(s, &err), 0);
	zf_tmpl_set_free(s);
	if (zf_tmpl_set_load_embedded(all, &err))
		fail_msg("zf_tmpl_set_load_embedded: %s", err.msg);
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "doc/%s", types[i].code);
		assert_true(zf_tmpl_has(all, name));
	}
	assert_true(zf_tmpl_has(all, "layout"));
	zf_tmpl_set_free(all);
}

/* Art. 59: party and address, facts and evidence, type and basis, how and by
 * when to perform, remedies with their periods, organ and date, seal. */
static void penalty_decision_art59(void **state)
{
	char *html = render("penalty_decision", decision_json);

	(void)state;
	assert_non_null(strstr(html, "<h1 class=\"doc-title\">行政处罚决定书</h1>"));
	assert_non_null(strstr(html, "陵示综执罚决〔2026〕12号"));
	assert_non_null(strstr(html, "某某商贸有限公司"));
	assert_non_null(strstr(html, "91140524MA0K000000"));
	assert_non_null(strstr(html, "陵川县某街2号"));
	assert_non_null(strstr(html, "&lt;未经许可&gt;"));
	assert_null(strstr(html, "<未经许可>"));
	assert_non_null(strstr(html, "询问笔录一份"));
	assert_non_null(strstr(html, "《某条例》第十条、第三十条"));
	assert_non_null(strstr(html, "警告、罚款，罚款5,000.00元（伍仟元整）"));
	assert_non_null(strstr(html, "十五日内缴纳罚款"));
	assert_non_null(strstr(html, "到陵川县某银行缴纳。"));
	assert_non_null(strstr(html, "百分之三加处罚款"));
	assert_non_null(strstr(html, "六十日内依法申请行政复议"));
	assert_non_null(strstr(html, "六个月内依法向人民法院提起行政诉讼"));
	assert_non_null(strstr(html, "救济途径：可以向陵川县人民政府申请行政复议"));
	assert_non_null(strstr(html, "当事人未提出陈述申辩"));
	assert_non_null(strstr(html, "<p>陵川县综合行政执法局</p>"));
	assert_non_null(strstr(html, "（印章）"));
	assert_non_null(strstr(html, "<p>2026年4月1日</p>"));
	free(html);
}

/* A warning alone: no payment paragraph; an unnumbered record shows the 案号. */
static void conditional_parts(void **state)
{
	json_t *j = json_loads(decision_json, 0, NULL);
	char *text, *html;

	(void)state;
	json_object_set_new(j, "facts_text", json_pack("{s:s}", "penalty_types", "警告"));
	json_object_set_new(j, "number", json_string(""));
	text = json_dumps(j, 0);
	html = render("penalty_decision", text);
	assert_null(strstr(html, "百分之三"));
	assert_non_null(strstr(html, "作出如下行政处罚：警告。"));
	assert_non_null(strstr(html, "案号：陵示综执案〔2026〕3号"));
	free(html);
	html = render("inquiry_record", text);
	assert_non_null(strstr(html, "张三（执法证号 14052400101）"));
	assert_non_null(strstr(html, "李四（执法证号 14052400102）"));
	assert_non_null(strstr(html, "有权申请回避"));
	free(html);
	free(text);
	json_decref(j);
}

/* The notice names the hearing right only when the case is hearing-eligible. */
static void notice_hearing_right(void **state)
{
	json_t *j = json_loads(decision_json, 0, NULL);
	char *text, *html;

	(void)state;
	json_object_set_new(json_object_get(j, "text"), "reply_days", json_string("5"));
	text = json_dumps(j, 0);
	html = render("penalty_notice", text);
	assert_non_null(strstr(html, "5个工作日内向本机关提出陈述、申辩"));
	assert_null(strstr(html, "要求举行听证"));
	free(html);
	free(text);
	json_object_set_new(json_object_get(j, "facts"), "hearing_eligible", json_true());
	text = json_dumps(j, 0);
	html = render("penalty_notice", text);
	assert_non_null(strstr(html, "要求举行听证"));
	free(html);
	free(text);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_type_has_a_template),
		cmocka_unit_test(penalty_decision_art59),
		cmocka_unit_test(conditional_parts),
		cmocka_unit_test(notice_hearing_right),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
