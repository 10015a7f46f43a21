/* Unit tests of the lists published before enforcement (core/public_list.c): the kinds and their columns, every validation message path naming its field, pasted CSV/TSV with headers, quotes and limits, and the benchmark draft generated from violation types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_rules.h"
#include "core/procedure.h"
#include "core/public_list.h"

static const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};

static int setup(void **state)
{
	struct zf_err err = {0};
	struct zf_procedures *set = NULL;

	if (zf_procedures_load(&set, &vocab, &err)) {
		print_error("zf_procedures_load: %s\n", err.msg);
		return -1;
	}
	*state = set;
	return 0;
}

static int teardown(void **state)
{
	zf_procedures_free(*state);
	return 0;
}

#define ITEM "{\"code\":\"A-1\",\"name\":\"对乱扔垃圾的处罚\",\"category\":\"处罚\"," \
	     "\"body\":\"综合执法局\",\"unit\":\"一队\",\"basis\":\"《条例》第四条\",\"level\":\"县级\"}"

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	if (!j)
		fail_msg("bad test JSON: %s", text);
	return j;
}

/* Checks TEXT as KIND: asserts ZF_EINVAL with MSG as the message of FIELD. */
static void refused(void **state, const char *kind, const char *text, const char *field,
		    const char *msg)
{
	struct zf_err err = {0};
	json_t *list = parse(text);
	int rc = zf_public_list_check(list, kind, *state, &err);

	json_decref(list);
	assert_int_equal(rc, ZF_EINVAL);
	const char *got = zf_err_field_msg(&err, field);
	if (!got || !strstr(got, msg))
		fail_msg("field %s: wanted \"%s\", got \"%s\" (%s)", field, msg, got ? got : "(none)",
			 err.msg);
}

static void accepted(void **state, const char *kind, const char *text)
{
	struct zf_err err = {0};
	json_t *list = parse(text);
	int rc = zf_public_list_check(list, kind, *state, &err);

	json_decref(list);
	if (rc)
		fail_msg("%s refused: %s %s", kind, err.msg,
			 err.nfields ? err.fields[0].field : "");
}

#define LIST(kind, rows) "{\"format\":\"zhifa-publist/v1\",\"kind\":\"" kind "\",\"items\":[" rows "]}"

static void test_kinds(void **state)
{
	size_t n = 0;
	const struct zf_public_list_kind *k = zf_public_list_kinds(&n);

	(void)state;
	assert_int_equal(n, 5);
	assert_string_equal(k[0].word, "items");
	assert_int_equal(k[0].justice, 1);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(k[i].justice, 0);
	assert_non_null(zf_public_list_kind("service_guides"));
	assert_int_equal(zf_public_list_kind("service_guides")->ncols, 16);
	assert_null(zf_public_list_kind("nope"));
	assert_null(zf_public_list_kind(NULL));
	assert_null(zf_public_list_new("nope", NULL));
	json_t *e = zf_public_list_new("items", NULL);
	assert_string_equal(json_string_value(json_object_get(e, "format")), ZF_PUBLIC_LIST_FORMAT);
	json_decref(e);
}

static void test_valid_lists(void **state)
{
	accepted(state, "items", LIST("items", ITEM));
	accepted(state, "random_checks",
		 LIST("random_checks", "{\"subject\":\"局\",\"basis\":\"《法》\",\"object\":\"旅行社\","
				       "\"content\":\"许可\",\"ratio\":\"5%\",\"method\":\"双随机\","
				       "\"frequency\":\"每年\"}"));
	accepted(state, "procedures_basis",
		 LIST("procedures_basis", "{\"matter\":\"处罚\",\"filing_basis\":\"第五十四条\","
					  "\"procedure\":\"立案—调查\",\"flowchart\":\"penalty_ordinary\"},"
					  "{\"matter\":\"检查\",\"filing_basis\":\"依据\",\"procedure\":\"检查\"}"));
	accepted(state, "benchmarks",
		 LIST("benchmarks", "{\"violation\":\"乱扔垃圾\",\"basis\":\"第四条\",\"level\":\"一般\","
				    "\"circumstance\":\"初次\",\"penalty\":\"罚款50元\"}"));
}

static void test_list_messages(void **state)
{
	struct zf_err err = {0};
	json_t *arr = json_array();

	assert_int_equal(zf_public_list_check(arr, "items", NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "items"), "须为JSON对象"));
	json_decref(arr);
	zf_err_clear(&err);
	arr = parse(LIST("items", ITEM));
	assert_int_equal(zf_public_list_check(arr, "nosuch", NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "kind"), "清单种类“nosuch”不存在"));
	json_decref(arr);
	refused(state, "items", "{\"format\":\"x\",\"kind\":\"items\",\"items\":[" ITEM "]}", "format",
		"清单格式须为zhifa-publist/v1");
	refused(state, "items", LIST("benchmarks", ITEM), "kind", "清单种类须为items（行政执法事项清单）");
	refused(state, "items", "{\"format\":\"zhifa-publist/v1\",\"kind\":\"items\",\"x\":1,\"items\":[" ITEM "]}",
		"format", "清单含有未知字段“x”");
	refused(state, "items", "{\"format\":\"zhifa-publist/v1\",\"kind\":\"items\"}", "items",
		"须含有各行");
	refused(state, "items", LIST("items", ""), "items", "行政执法事项清单至少须有一行");
	/* too many rows */
	json_t *big = parse(LIST("items", ""));
	for (int i = 0; i <= ZF_PUBLIC_LIST_ROWS_MAX; i++)
		json_array_append_new(json_object_get(big, "items"), json_object());
	zf_err_clear(&err);
	assert_int_equal(zf_public_list_check(big, "items", NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "items"), "不能超过1000行"));
	json_decref(big);
}

static void test_row_messages(void **state)
{
	refused(state, "items", LIST("items", ITEM ",3"), "items[1]", "第2行须为对象");
	refused(state, "items", LIST("items", ITEM ",{\"zz\":\"1\"}"), "items[1].zz",
		"第2行含有未知字段“zz”");
	refused(state, "items",
		LIST("items", "{\"code\":\"A\",\"name\":\"名\",\"category\":\"处罚\",\"body\":\"局\","
			      "\"basis\":\"\"}"),
		"items[0].basis", "请填写第1行的法律依据");
	refused(state, "items",
		LIST("items", "{\"code\":1,\"name\":\"名\",\"category\":\"处罚\",\"body\":\"局\","
			      "\"basis\":\"据\"}"),
		"items[0].code", "第1行的事项编码须为文字");
	refused(state, "items",
		LIST("items", "{\"code\":\"A\",\"name\":\"名\",\"category\":\"罚款\",\"body\":\"局\","
			      "\"basis\":\"据\"}"),
		"items[0].category", "第1行的类别须为处罚、强制、检查、许可、征收、给付、确认、裁决、其他之一");
	refused(state, "items",
		LIST("items", "{\"code\":\"A\",\"name\":\"名\\n二\",\"category\":\"处罚\",\"body\":\"局\","
			      "\"basis\":\"据\"}"),
		"items[0].name", "第1行的事项名称须为一行文字");
	refused(state, "items", LIST("items", ITEM "," ITEM), "items[1].code",
		"第2行的事项编码与第1行重复");
	/* a cell over its limit (事项编码: 50 characters) */
	char code[64] = {0};
	memset(code, 'x', 51);
	char text[512];
	snprintf(text, sizeof(text),
		 LIST("items", "{\"code\":\"%s\",\"name\":\"名\",\"category\":\"处罚\",\"body\":\"局\","
			       "\"basis\":\"据\"}"),
		 code);
	refused(state, "items", text, "items[0].code", "第1行的事项编码不能超过50个字");
	refused(state, "benchmarks",
		LIST("benchmarks", "{\"violation\":\"v\",\"basis\":\"b\",\"level\":\"很重\","
				   "\"circumstance\":\"c\",\"penalty\":\"p\"}"),
		"items[0].level", "第1行的裁量阶次须为轻微、一般、较重、严重之一");
	refused(state, "procedures_basis",
		LIST("procedures_basis", "{\"matter\":\"m\",\"filing_basis\":\"f\",\"procedure\":\"p\","
					 "\"flowchart\":\"nosuch\"}"),
		"items[0].flowchart", "第1行的流程图“nosuch”不是本系统的执法程序");
	refused(state, "service_guides",
		LIST("service_guides",
		     "{\"name\":\"n\",\"basis\":\"b\",\"accepting\":\"a\",\"approving\":\"a\","
		     "\"conditions\":\"c\",\"materials\":\"m\",\"process\":\"p\",\"time_limit\":\"t\","
		     "\"fees\":\"f\",\"supervision\":\"s\",\"remedy\":\"r\",\"hours\":\"h\","
		     "\"address\":\"a\",\"phone\":\"电话\"}"),
		"items[0].phone", "第1行的联系电话只能包含数字");
	/* the overall message counts the problems and quotes the first */
	struct zf_err err = {0};
	json_t *l = parse(LIST("items", "{}"));
	assert_int_equal(zf_public_list_check(l, "items", NULL, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "行政执法事项清单有5处需要修改：请填写第1行的事项编码"));
	json_decref(l);
}

static json_t *csv_ok(const char *kind, const char *text)
{
	struct zf_err err = {0};
	json_t *rows = NULL;

	if (zf_public_list_parse_csv(kind, text, &rows, &err))
		fail_msg("csv refused: %s", err.msg);
	return rows;
}

static void csv_refused(const char *kind, const char *text, const char *msg)
{
	struct zf_err err = {0};
	json_t *rows = NULL;

	assert_int_equal(zf_public_list_parse_csv(kind, text, &rows, &err), ZF_EINVAL);
	assert_null(rows);
	const char *got = zf_err_field_msg(&err, "csv");
	if (!got || !strstr(got, msg))
		fail_msg("csv: wanted \"%s\", got \"%s\"", msg, got ? got : err.msg);
}

static void test_csv(void **state)
{
	(void)state;
	/* header (labels), BOM, quotes with a comma, "" and a newline, CRLF, blank lines */
	json_t *rows = csv_ok("items", "\xEF\xBB\xBF事项编码,事项名称,类别,实施主体,承办机构,法律依据,行使层级\r\n"
				       "A-1, 名称 ,处罚,局,,\"《法》第一条，\"\"第二款\"\"\n第三项\",县级\r\n"
				       "\r\n"
				       "A-2,名称二,检查,局\n");
	assert_int_equal(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_object_get(r0, "name")), "名称");
	assert_string_equal(json_string_value(json_object_get(r0, "basis")),
			    "《法》第一条，\"第二款\"\n第三项");
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "县级");
	assert_string_equal(json_string_value(json_object_get(r1, "basis")), "");
	json_t *list = zf_public_list_new("items", rows);
	struct zf_err err = {0};
	assert_int_equal(zf_public_list_check(list, "items", NULL, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "items[1].basis"));
	json_decref(list);
	/* TSV (from a spreadsheet), header by keys */
	rows = csv_ok("random_checks", "subject\tbasis\tobject\tcontent\tratio\tmethod\tfrequency\n"
				       "局\t《法》, 第一条\t旅行社\t许可\t5%\t双随机\t每年\n");
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "basis")),
			    "《法》, 第一条");
	json_decref(rows);
	csv_refused("items", "a,b,c,d,e,f,g,h\n", "粘贴的表格第1行有8列，行政执法事项清单只有7列");
	csv_refused("items", "a,\"b\n", "第1行的引号没有闭合");
	struct zf_err e2 = {0};
	json_t *none = NULL;
	assert_int_equal(zf_public_list_parse_csv("nosuch", "a", &none, &e2), ZF_EINVAL);
	/* limits: rows and bytes */
	size_t n = (ZF_PUBLIC_LIST_ROWS_MAX + 1) * 2 + 1;
	char *many = malloc(n);
	for (size_t i = 0; i + 1 < n; i += 2) {
		many[i] = 'x';
		many[i + 1] = '\n';
	}
	many[n - 1] = '\0';
	csv_refused("items", many, "不能超过1000行");
	free(many);
	char *huge = malloc(ZF_PUBLIC_LIST_CSV_MAX + 2);
	memset(huge, 'x', ZF_PUBLIC_LIST_CSV_MAX + 1);
	huge[ZF_PUBLIC_LIST_CSV_MAX + 1] = '\0';
	csv_refused("items", huge, "不能超过1024 KB");
	free(huge);
}

static void test_benchmarks(void **state)
{
	struct zf_benchmark bands[] = {
		{1, ZF_BAND_MINOR, "初次且及时改正", 0, 0, "警告"},
		{2, ZF_BAND_GENERAL, "一般情形", 100000, 500000, ""},
		{3, ZF_BAND_GRAVE, "造成严重后果", 1000000, 1000000, "没收违法所得"},
	};
	struct zf_violation v[] = {
		{.id = 1, .code = "V1", .name = "乱扔垃圾", .legal_basis = "《条例》第四条",
		 .penalty_basis = "《条例》第四十四条", .active = 1, .bands = bands, .nbands = 3},
		{.id = 2, .code = "V2", .name = "已停用", .legal_basis = "x", .active = 0,
		 .bands = bands, .nbands = 1},
	};
	json_t *list = zf_public_list_benchmarks(v, 2);
	struct zf_err err = {0};

	assert_non_null(list);
	if (zf_public_list_check(list, "benchmarks", *state, &err))
		fail_msg("generated draft invalid: %s", err.msg);
	json_t *rows = json_object_get(list, "items");
	assert_int_equal(json_array_size(rows), 3);
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1), *r2 = json_array_get(rows, 2);
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "轻微");
	assert_string_equal(json_string_value(json_object_get(r0, "penalty")), "警告");
	assert_string_equal(json_string_value(json_object_get(r0, "basis")), "《条例》第四十四条");
	assert_string_equal(json_string_value(json_object_get(r1, "penalty")),
			    "罚款1000.00元以上5000.00元以下");
	assert_string_equal(json_string_value(json_object_get(r2, "penalty")),
			    "罚款10000.00元；没收违法所得");
	json_decref(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_valid_lists),
		cmocka_unit_test(test_list_messages),
		cmocka_unit_test(test_row_messages),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_benchmarks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
