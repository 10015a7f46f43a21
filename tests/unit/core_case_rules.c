/* Unit tests of the case rules: money, parties, settings, document numbering, violation types, guards, hints, surcharge and limitation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_rules.h"
#include "core/idnum.h"
#include "core/registry.h"
#include "unit.h"
#include "unit_json.h"

static struct zf_date D(int y, int m, int d)
{
	struct zf_date r = {y, m, d};
	return r;
}

/* Fails unless ERR's message contains FRAGMENT. */
static void assert_msg(const struct zf_err *err, const char *fragment)
{
	if (!strstr(err->msg, fragment))
		fail_msg("message \"%s\" lacks \"%s\"", err->msg, fragment);
}

/* ---- money ---------------------------------------------------------------- */

static void money_parse_ok(void **state)
{
	(void)state;
	int64_t f = -1;
	assert_int_equal(zf_money_parse("1234", &f), 0);
	assert_int_equal(f, 123400);
	assert_int_equal(zf_money_parse("1234.5", &f), 0);
	assert_int_equal(f, 123450);
	assert_int_equal(zf_money_parse("1234.05", &f), 0);
	assert_int_equal(f, 123405);
	assert_int_equal(zf_money_parse("0", &f), 0);
	assert_int_equal(f, 0);
	assert_int_equal(zf_money_parse("0.01", &f), 0);
	assert_int_equal(f, 1);
	assert_int_equal(zf_money_parse("1000000000000", &f), 0);
	assert_int_equal(f, 100000000000000LL);
	assert_int_equal(zf_money_parse("1000000000000.00", &f), 0);
}

static void money_parse_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "-1", "+1", "1.", ".5", "1.234", "1,000", " 1",
					  "1 ", "1e3", "abc", "1000000000000.01", "1000000000001",
					  "99999999999999999999999", "１２", "1..2", "0x10"};
	int64_t f = 77;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (zf_money_parse(bad[i], &f) != ZF_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(f, 77);
	}
	assert_int_equal(zf_money_parse(NULL, &f), ZF_EINVAL);
}

static void money_format(void **state)
{
	(void)state;
	char b[24];
	zf_money_format(0, b);
	assert_string_equal(b, "0.00");
	zf_money_format(5, b);
	assert_string_equal(b, "0.05");
	zf_money_format(123450, b);
	assert_string_equal(b, "1234.50");
	zf_money_format(-150, b);
	assert_string_equal(b, "-1.50");
	zf_money_format(INT64_MAX, b);
	assert_string_equal(b, "92233720368547758.07");
	zf_money_format(INT64_MIN, b);
	assert_string_equal(b, "-92233720368547758.08");
}

static void money_capital(void **state)
{
	(void)state;
	static const struct {
		int64_t fen;
		const char *text;
	} cases[] = {
		{0, "零元整"},
		{1, "壹分"},
		{50, "伍角"},
		{100, "壹元整"},
		{1000, "壹拾元整"},
		{1005, "壹拾元零伍分"},
		{123450, "壹仟贰佰叁拾肆元伍角"},
		{123456, "壹仟贰佰叁拾肆元伍角陆分"},
		{500000, "伍仟元整"},
		{100100, "壹仟零壹元整"},
		{101000, "壹仟零壹拾元整"},
		{1000100, "壹万零壹元整"},
		{10000100, "壹拾万零壹元整"},
		{100100000, "壹佰万壹仟元整"},
		{100010000, "壹佰万零壹佰元整"},
		{10000000000LL, "壹亿元整"},
		{10000500000LL, "壹亿零伍仟元整"},
		{10001000000LL, "壹亿零壹万元整"},
		{11000000000LL, "壹亿壹仟万元整"},
		{10100000000LL, "壹亿零壹佰万元整"},
		{100000000000000LL, "壹万亿元整"},
		{123456789012345LL, "壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"},
		{-1200, "负壹拾贰元整"},
		{40007, "肆佰元零柒分"},
	};
	char out[128];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		zf_money_capital(cases[i].fen, out, sizeof(out));
		if (strcmp(out, cases[i].text) != 0)
			fail_msg("%lld: \"%s\", want \"%s\"", (long long)cases[i].fen, out,
				 cases[i].text);
	}
	/* A buffer too short gets nothing rather than a cut amount. */
	char small[10];
	zf_money_capital(123450, small, sizeof(small));
	assert_string_equal(small, "");
	zf_money_capital(123450, small, 0);
	zf_money_capital(INT64_MIN, out, sizeof(out));
	assert_true(strncmp(out, "负", 3) == 0);
}

/* ---- parties -------------------------------------------------------------- */

/* A valid GB 11643 number for address code ADDR and birth date BIRTH. */
static void make_idnum(char out[19], const char *addr, const char *birth)
{
	snprintf(out, 19, "%s%s001", addr, birth);
	out[17] = zf_idnum_check_char(out);
	out[18] = '\0';
}

static struct zf_party person(const char *id_type, const char *num)
{
	struct zf_party p = {0};
	p.kind = ZF_PARTY_PERSON;
	p.name = "张三";
	p.id_type = id_type;
	p.id_number = num;
	p.address = "陵示县城关镇1号";
	p.phone = "0354-1234567";
	return p;
}

static void party_person_valid(void **state)
{
	(void)state;
	struct zf_err err;
	char hmt[19];
	make_idnum(hmt, "810000", "19900101");
	const char *ok[][2] = {
		{"id_card", "11010519491231002X"}, {"passport", "E12345678"},
		{"passport", "G1234"}, {"hk_mo_permit", "H12345678"},
		{"hk_mo_permit", "M1234567890"}, {"tw_permit", "12345678"},
		{"tw_permit", "1234567890"}, {"hmt_residence", hmt},
		{"foreign_pr", "USA123456789012"}, {"foreign_pr", "911234567890123456"},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct zf_party p = person(ok[i][0], ok[i][1]);
		zf_err_clear(&err);
		if (zf_party_validate(&p, &err))
			fail_msg("%s %s refused: %s", ok[i][0], ok[i][1], err.msg);
	}
}

static void party_person_invalid(void **state)
{
	(void)state;
	struct zf_err err;
	char hmt_bad[19];
	make_idnum(hmt_bad, "110105", "19900101"); /* valid id_card, not a 居住证 prefix */
	const char *bad[][2] = {
		{"id_card", "110105194912310021"}, {"id_card", "1101051949123100"},
		{"passport", "E123"}, {"passport", "E1234567890123456X"}, {"passport", "E-12345"},
		{"hk_mo_permit", "X12345678"}, {"hk_mo_permit", "H1234567"},
		{"tw_permit", "123456789"}, {"tw_permit", "1234567A"},
		{"hmt_residence", hmt_bad}, {"foreign_pr", "usa123456789012"},
		{"foreign_pr", "811234567890123456"}, {"foreign_pr", "91234"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct zf_party p = person(bad[i][0], bad[i][1]);
		zf_err_clear(&err);
		if (zf_party_validate(&p, &err) != ZF_EINVAL)
			fail_msg("%s %s accepted", bad[i][0], bad[i][1]);
		assert_non_null(zf_err_field_msg(&err, "party.id_number"));
	}
	struct zf_party p = person("driving_licence", "123456");
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "party.id_type"));
	p = person("id_card", "");
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "party.id_number"), "证件号码"));
}

static void party_fields(void **state)
{
	(void)state;
	struct zf_err err;
	char longname[400];
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 101; i++)
		memcpy(longname + i * 3, "张", 3);
	struct zf_party p = person("id_card", "11010519491231002X");
	p.name = longname;
	p.phone = "12ab";
	p.birth_date = "1950-01-01";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "party.name"), "100"));
	assert_non_null(zf_err_field_msg(&err, "party.phone"));
	assert_non_null(strstr(zf_err_field_msg(&err, "party.birth_date"), "不一致"));
	p = person("id_card", "11010519491231002X");
	p.name = "";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "party.name"));
	p = person("id_card", "11010519491231002X");
	p.phone = "+86 354 1234567";
	p.birth_date = "1949-12-31";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), 0);
	p.phone = "123456789012345678901";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	p.phone = NULL;
	p.kind = 3;
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&p, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "party.kind"));
	assert_int_equal(zf_party_validate(NULL, &err), ZF_EINVAL);
}

static void party_org(void **state)
{
	(void)state;
	struct zf_err err;
	struct zf_party o = {0};
	o.kind = ZF_PARTY_ORG;
	o.name = "陵示县某某商贸有限公司";
	o.uscc = "91350100M000100Y43";
	o.legal_rep = "李四";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&o, &err), 0);
	o.uscc = "91350100M000100Y4Z";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&o, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "party.uscc"), "校验位"));
	o.uscc = "9135";
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&o, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "party.uscc"), "18位"));
	o.uscc = NULL;
	zf_err_clear(&err);
	assert_int_equal(zf_party_validate(&o, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "party.uscc"));
}

static void party_labels_mask_age(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(zf_id_type_label("id_card"), "居民身份证");
	assert_string_equal(zf_id_type_label("foreign_pr"), "外国人永久居留身份证");
	assert_null(zf_id_type_label("nope"));
	assert_null(zf_id_type_label(NULL));
	zf_id_mask("140524199001010012", out, sizeof(out));
	assert_string_equal(out, "140*************12");
	zf_id_mask("G1234", out, sizeof(out));
	assert_string_equal(out, "*****");
	zf_id_mask("140524199001010012", out, 8);
	assert_string_equal(out, "140****");
	zf_id_mask(NULL, out, sizeof(out));
	assert_string_equal(out, "");

	char id[19];
	make_idnum(id, "140524", "20100301");
	struct zf_party p = person("id_card", id);
	assert_int_equal(zf_party_age(&p, D(2024, 2, 29)), 13);
	assert_int_equal(zf_party_age(&p, D(2024, 3, 1)), 14);
	assert_true(zf_party_minor(&p, D(2028, 2, 29)));
	assert_false(zf_party_minor(&p, D(2028, 3, 1)));
	p.birth_date = "2000-02-29";
	assert_int_equal(zf_party_age(&p, D(2018, 2, 28)), 17);
	assert_int_equal(zf_party_age(&p, D(2018, 3, 1)), 18);
	struct zf_party o = {0};
	o.kind = ZF_PARTY_ORG;
	assert_int_equal(zf_party_age(&o, D(2026, 1, 1)), -1);
	assert_false(zf_party_minor(&o, D(2026, 1, 1)));
	struct zf_party pass = person("passport", "E12345678");
	assert_int_equal(zf_party_age(&pass, D(2026, 1, 1)), -1);
}

/* ---- settings -------------------------------------------------------------- */

static void settings_defaults(void **state)
{
	(void)state;
	struct zf_err err;
	json_t *d = zf_case_settings_defaults();
	assert_non_null(d);
	zf_err_clear(&err);
	assert_int_equal(zf_case_settings_validate(d, &err), 0);
	assert_int_equal(zf_case_setting_int(d, "statement_days"), 5);
	assert_int_equal(zf_case_setting_int(NULL, "decision_days"), 90);
	assert_int_equal(zf_case_setting_int(NULL, "hearing_fine_org"), 10000000);
	assert_int_equal(zf_case_setting_int(NULL, "case_review"), 1);
	assert_int_equal(zf_case_setting_int(NULL, "number_prefix"), 0);
	assert_int_equal(zf_case_setting_int(NULL, "nope"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "case_number_pattern")),
			    "{body}案〔{year}〕{n}号");
	assert_int_equal(json_array_size(json_object_get(d, "excluded_kinds")), 6);
	const char *key;
	json_t *v;
	json_object_foreach(d, key, v) assert_true(zf_case_setting_known(key));
	assert_false(zf_case_setting_known("hearing_request_days"));
	json_decref(d);

	json_t *s = J("{\"statement_days\":3,\"case_review\":false}");
	assert_int_equal(zf_case_setting_int(s, "statement_days"), 3);
	assert_int_equal(zf_case_setting_int(s, "case_review"), 0);
	assert_int_equal(zf_case_setting_int(s, "review_days"), 10);
	json_decref(s);
}

static void settings_invalid(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		const char *field;
	} bad[] = {
		{"{\"statement_days\":0}", "statement_days"},
		{"{\"statement_days\":31}", "statement_days"},
		{"{\"statement_days\":\"5\"}", "statement_days"},
		{"{\"decision_days\":10}", "decision_days"},
		{"{\"hearing_fine_person\":-1}", "hearing_fine_person"},
		{"{\"case_review\":1}", "case_review"},
		{"{\"excluded_kinds\":\"听证\"}", "excluded_kinds"},
		{"{\"excluded_kinds\":[1]}", "excluded_kinds"},
		{"{\"excluded_kinds\":[\"\"]}", "excluded_kinds"},
		{"{\"hearing_request_days\":5}", "hearing_request_days"},
		{"{\"case_number_pattern\":\"{body}案〔{year}〕号\"}", "case_number_pattern"},
		{"{\"case_number_pattern\":\"{body}{x}{n}\"}", "case_number_pattern"},
		{"{\"number_patterns\":{\"penalty_decision\":\"{body}罚〔{year}〕\"}}",
		 "number_patterns.penalty_decision"},
		{"{\"number_patterns\":{\"nope\":\"{n}\"}}", "number_patterns.nope"},
		{"{\"number_patterns\":{\"inquiry_record\":\"{n}\"}}", "number_patterns.inquiry_record"},
		{"{\"number_patterns\":[]}", "number_patterns"},
		{"{\"number_prefix\":\"一二三四五六七八九十一二三四五六七八九十一\"}", "number_prefix"},
	};
	struct zf_err err;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *s = J(bad[i].json);
		zf_err_clear(&err);
		if (zf_case_settings_validate(s, &err) != ZF_EINVAL)
			fail_msg("%s accepted", bad[i].json);
		if (!zf_err_field_msg(&err, bad[i].field))
			fail_msg("%s: no error on %s (%s)", bad[i].json, bad[i].field, err.msg);
		json_decref(s);
	}
	json_t *ok = J("{\"number_prefix\":\"陵示综执\",\"number_patterns\":{\"penalty_decision\":"
		       "\"{body}罚〔{year}〕{n:3}号\"},\"statement_days\":3}");
	zf_err_clear(&err);
	assert_int_equal(zf_case_settings_validate(ok, &err), 0);
	json_decref(ok);
	json_t *arr = J("[]");
	assert_int_equal(zf_case_settings_validate(arr, &err), ZF_EINVAL);
	json_decref(arr);
}

/* ---- document numbering ------------------------------------------------- */

static void doc_types_table(void **state)
{
	(void)state;
	size_t n = 0;
	const struct zf_doc_type *all = zf_doc_types(&n);
	assert_int_equal(n, 39);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(zf_doc_type_find(all[i].code), &all[i]);
		assert_true(zf_doc_known(all[i].code));
		assert_non_null(all[i].name);
	}
	const struct zf_doc_type *t = zf_doc_type_find("penalty_decision");
	assert_string_equal(t->name, "行政处罚决定书");
	assert_string_equal(t->pattern, "{body}罚决〔{year}〕{n}号");
	assert_string_equal(zf_doc_type_find("penalty_notice")->pattern, "{body}罚告〔{year}〕{n}号");
	assert_string_equal(zf_doc_type_find("hearing_notice")->pattern, "{body}听告〔{year}〕{n}号");
	assert_string_equal(zf_doc_type_find("seizure_decision")->pattern,
			    "{body}强封〔{year}〕{n}号");
	/* The minutes of a collective discussion are numbered (docs/legal-review.md). */
	assert_string_equal(zf_doc_type_find("discussion_record")->pattern,
			    "{body}集讨〔{year}〕{n}号");
	static const char *const unnumbered[] = {
		"case_source", "filing_approval", "no_filing", "inquiry_record",
		"inspection_record", "onsite_record", "seizure_list", "investigation_report",
		"case_review", "hearing_record", "statement_record", "recheck_opinion",
		"service_receipt", "e_service_confirm", "closing_report",
		"compulsory_approval", "inspection_feedback"};
	for (size_t i = 0; i < sizeof(unnumbered) / sizeof(unnumbered[0]); i++)
		assert_null(zf_doc_type_find(unnumbered[i])->pattern);
	assert_null(zf_doc_type_find("nope"));
	assert_false(zf_doc_known(NULL));
}

static void doc_number_format(void **state)
{
	(void)state;
	char out[128];
	struct zf_err err;
	zf_err_clear(&err);
	assert_int_equal(zf_doc_number_format("{body}罚决〔{year}〕{n}号", "陵示综执", 2026, 12, out,
					      sizeof(out), &err),
			 0);
	assert_string_equal(out, "陵示综执罚决〔2026〕12号");
	assert_int_equal(zf_doc_number_format("{body}案〔{year}〕{n:3}号", "陵示", 2026, 7, out,
					      sizeof(out), &err),
			 0);
	assert_string_equal(out, "陵示案〔2026〕007号");
	assert_int_equal(zf_doc_number_format("{n:3}", "", 2026, 12345, out, sizeof(out), &err), 0);
	assert_string_equal(out, "12345");
	assert_int_equal(zf_doc_number_format("{year}-{n:9}", NULL, 2027, 1, out, sizeof(out), &err),
			 0);
	assert_string_equal(out, "2027-000000001");

	static const char *const bad[] = {"{body}〔{year}〕号", "{n:0}", "{n:10}", "{N}",
					  "{body}{n", "{n}}", "{yr}{n}", "{n:a}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zf_err_clear(&err);
		if (zf_doc_number_format(bad[i], "x", 2026, 1, out, sizeof(out), &err) != ZF_EINVAL)
			fail_msg("pattern %s accepted", bad[i]);
		assert_true(err.msg[0] != '\0');
	}
	zf_err_clear(&err);
	assert_int_equal(zf_doc_number_format("{body}罚决〔{year}〕{n}号", "陵示综执", 2026, 12, out,
					      20, &err),
			 ZF_ENOMEM);
	assert_int_equal(zf_doc_number_format("{n}", "", 2026, -1, out, sizeof(out), &err),
			 ZF_EINVAL);
}

/* ---- violation types ---------------------------------------------------- */

static const struct zf_benchmark bands3[] = {
	{1, ZF_BAND_MINOR, "初次违法，情节轻微", 500000, 1000000, NULL},
	{2, ZF_BAND_GENERAL, "一般情形", 1000000, 3000000, NULL},
	{3, ZF_BAND_SERIOUS, "多次违法", 3000000, 5000000, "没收违法所得"},
};

static struct zf_violation violation(void)
{
	struct zf_violation v = {0};
	v.id = 1;
	v.body_id = 1;
	v.code = "SC-001";
	v.name = "未取得许可从事经营活动";
	v.domain = "市场监管";
	v.legal_basis = "《某某条例》第十条";
	v.penalty_basis = "《某某条例》第三十条";
	v.fine_min = 500000;
	v.fine_max = 5000000;
	v.bands = bands3;
	v.nbands = 3;
	v.version = 1;
	v.active = 1;
	return v;
}

static void violation_validate(void **state)
{
	(void)state;
	struct zf_err err;
	struct zf_violation v = violation();
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), 0);
	v.fine_max = -1;
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), 0);

	struct zf_benchmark b[2] = {bands3[0], bands3[1]};
	v = violation();
	v.bands = b;
	v.nbands = 2;
	b[1].fine_max = 6000000; /* over the statutory maximum */
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "bands.1.fine_max"), "法定最高限额"));
	b[1] = bands3[1];
	b[0].fine_min = 100; /* under the minimum */
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "bands.0.fine_min"), "法定最低限额"));
	b[0] = bands3[0];
	b[1].level = ZF_BAND_MINOR; /* duplicate */
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "bands.1.level"), "重复"));
	b[1] = bands3[1];
	b[1].level = 9;
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "bands.1.level"));
	b[1] = bands3[1];
	b[1].fine_min = 4000000; /* min > max */
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "bands.1.fine_min"), "高于上限"));

	v = violation();
	v.name = "";
	v.fine_min = 6000000;
	v.legal_basis = NULL;
	zf_err_clear(&err);
	assert_int_equal(zf_violation_validate(&v, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "name"));
	assert_non_null(zf_err_field_msg(&err, "fine_max"));
	assert_non_null(zf_err_field_msg(&err, "legal_basis"));
	assert_string_equal(zf_band_label(ZF_BAND_SERIOUS), "较重");
	assert_string_equal(zf_band_label(ZF_BAND_GRAVE), "严重");
}

/* ---- guards ---------------------------------------------------------------- */

static const struct zf_field_def officer_fields[] = {
	{"officers", "执法人员", NULL, ZF_FT_OFFICERS, 1, 0, NULL, 0, NULL, NULL},
	{"date", "日期", NULL, ZF_FT_DATE, 1, 0, NULL, 0, NULL, NULL},
};

static const struct zf_step_def inquiry_step = {
	.code = "inquiry", .name = "询问", .fields = officer_fields, .nfields = 2,
};

static struct zf_guard_officer officer(int64_t id, const char *name, const char *cert)
{
	struct zf_guard_officer o = {0};
	o.id = id;
	o.name = name;
	o.cert_no = cert;
	o.cert_state = ZF_CERT_VALID;
	o.valid_from = D(2024, 1, 1);
	o.valid_to = D(2028, 12, 31);
	o.domains = "市场监管、食品安全";
	o.assigned = 1;
	return o;
}

struct fixture {
	struct zf_guard_officer off[4];
	struct zf_violation v;
	struct zf_guard_ctx ctx;
	struct zf_err err;
	json_t *values;
};

static struct fixture fx;

static int fx_setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.off[0] = officer(11, "张三", "14052400101");
	fx.off[1] = officer(12, "李四", "14052400102");
	fx.off[2] = officer(13, "王五", "14052400103");
	fx.off[2].assigned = 0;
	fx.v = violation();
	fx.ctx.step = &inquiry_step;
	fx.ctx.officers = fx.off;
	fx.ctx.nofficers = 3;
	fx.ctx.violation = &fx.v;
	fx.ctx.today = D(2026, 3, 10);
	zf_err_clear(&fx.err);
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	json_decref(fx.values);
	return 0;
}

/* Sets the step values of the fixture from JSON TEXT. */
static void values(const char *text)
{
	json_decref(fx.values);
	fx.values = J(text);
	fx.ctx.values = fx.values;
}

static int check(const char *guard)
{
	zf_err_clear(&fx.err);
	return zf_guard_check(guard, &fx.ctx, &fx.err);
}

static void refused(const char *guard, const char *fragment)
{
	if (check(guard) != ZF_EINVAL)
		fail_msg("%s passed, wanted \"%s\"", guard, fragment);
	assert_msg(&fx.err, fragment);
}

static void passes(const char *guard)
{
	if (check(guard) != 0)
		fail_msg("%s refused: %s", guard, fx.err.msg);
}

static void guard_names(void **state)
{
	(void)state;
	static const char *const known[] = {
		"two_officers", "officers_assigned", "not_recused", "period_over:statement",
		"not_heavier", "statutory_range", "discretion_band", "summary_limits",
		"onspot_collection", "hearing_notice", "hearing_chair", "electronic_service",
		"party_signature", "emergency_report", "seizure_extension", "limitation"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!zf_guard_known(known[i]))
			fail_msg("%s unknown", known[i]);
	assert_false(zf_guard_known("period_over"));
	assert_false(zf_guard_known("period_over:"));
	assert_false(zf_guard_known("two_officers:x"));
	assert_false(zf_guard_known("two_officer"));
	assert_false(zf_guard_known(NULL));
	refused("no_such_guard", "未知的校验规则");
	passes("limitation");
}

static void guard_two_officers(void **state)
{
	(void)state;
	values("{\"officers\":[11,12],\"date\":\"2026-03-10\"}");
	passes("two_officers");
	fx.ctx.actor_officer_id = 11;
	passes("two_officers");
	fx.ctx.actor_officer_id = 13;
	refused("two_officers", "本人须在所列执法人员之中");
	/* The head assigning two officers need not be one of them. */
	struct zf_step_def assign = inquiry_step;
	assign.effect = "assign_officers";
	fx.ctx.step = &assign;
	passes("two_officers");
	fx.ctx.step = &inquiry_step;
	fx.ctx.actor_officer_id = 0;

	values("{\"officers\":[11,11],\"date\":\"2026-03-10\"}");
	refused("two_officers", "执法人员不得少于两人（《行政处罚法》第四十二条）");
	assert_non_null(zf_err_field_msg(&fx.err, "officers"));
	values("{\"officers\":[11]}");
	refused("two_officers", "不得少于两人");
	values("{\"officers\":[11,99]}");
	refused("two_officers", "编号99");

	values("{\"officers\":[11,12],\"date\":\"2026-03-10\"}");
	fx.off[1].cert_state = ZF_CERT_SUSPENDED;
	refused("two_officers", "李四（执法证号14052400102）的执法证处于暂扣状态");
	fx.off[1].cert_state = ZF_CERT_VALID;
	fx.off[1].body_suspended = 1;
	refused("two_officers", "暂停执法");
	fx.off[1].body_suspended = 0;
	fx.off[1].valid_to = D(2026, 3, 9);
	refused("two_officers", "李四（执法证号14052400102）的执法证在2026年3月10日不在有效期内");
	/* The step date counts, not today. */
	values("{\"officers\":[11,12],\"date\":\"2026-03-09\"}");
	passes("two_officers");
	values("{\"officers\":[11,12],\"occurred_on\":\"2026-03-11\"}");
	refused("two_officers", "2026年3月11日");
	fx.off[1].valid_to = D(2028, 1, 1);
	fx.off[1].valid_from = D(2026, 3, 11);
	values("{\"officers\":[11,12]}"); /* today 2026-03-10 */
	refused("two_officers", "不在有效期内");
	fx.off[1].valid_from = D(2024, 1, 1);

	fx.off[1].domains = "交通运输, 城市管理";
	refused("two_officers", "执法领域不包括“市场监管”");
	fx.off[1].domains = "城市管理；市场监管";
	passes("two_officers");
	fx.off[1].domains = "";
	passes("two_officers"); /* no domains recorded: not checked */
	fx.v.domain = NULL;
	fx.off[1].domains = "交通运输";
	passes("two_officers");
	fx.v.domain = "市场监管";
	fx.off[1].domains = "市场监管";

	fx.off[0].recused = 1;
	refused("two_officers", "张三（执法证号14052400101）已在本案回避");
	fx.off[0].recused = 0;

	/* Compulsory measures cite 行政强制法. */
	struct zf_procedure proc = {.code = "compulsory", .kind = "compulsory"};
	fx.ctx.proc = &proc;
	values("{\"officers\":[11]}");
	refused("two_officers", "《行政强制法》第十八条");
}

static void guard_assigned_recused(void **state)
{
	(void)state;
	values("{\"officers\":[11,12]}");
	passes("officers_assigned");
	values("{\"officers\":[11,13]}");
	refused("officers_assigned", "王五（执法证号14052400103）不是本案承办人员");
	values("{\"officers\":[11,77]}");
	refused("officers_assigned", "编号77");

	fx.ctx.actor_officer_id = 0;
	passes("not_recused");
	fx.ctx.actor_officer_id = 12;
	passes("not_recused");
	fx.off[1].recused = 1;
	refused("not_recused", "李四（执法证号14052400102）已在本案回避");
	assert_msg(&fx.err, "第四十三条");
	fx.ctx.actor_officer_id = 55;
	refused("not_recused", "无法核实");
}

static void guard_hearing_chair(void **state)
{
	(void)state;
	values("{\"chair\":13}");
	passes("hearing_chair");
	values("{\"chair\":11}");
	refused("hearing_chair", "张三是本案调查人员");
	assert_msg(&fx.err, "第六十四条第四项");
	assert_non_null(zf_err_field_msg(&fx.err, "chair"));
	values("{}");
	refused("hearing_chair", "请指定听证主持人");
	values("{\"chair\":99}");
	refused("hearing_chair", "不是本机关");
	/* A challenge of the chair: refused leaves the chair, granted excludes it. */
	json_t *kept = J("{\"chair\":13,\"granted\":false}");
	json_t *granted = J("{\"chair\":13,\"granted\":true}");
	struct zf_guard_step done[2] = {
		{1, "hearing_chair_challenge", kept, {2026, 3, 1}},
		{2, "hearing_chair_challenge", granted, {2026, 3, 2}},
	};
	fx.ctx.done = done;
	fx.ctx.ndone = 1;
	values("{\"chair\":13}");
	passes("hearing_chair");
	fx.ctx.ndone = 2;
	refused("hearing_chair", "申请听证主持人王五回避并经负责人决定回避");
	values("{\"chair\":14}");
	refused("hearing_chair", "不是本机关");
	fx.ctx.done = NULL;
	fx.ctx.ndone = 0;
	json_decref(kept);
	json_decref(granted);
	fx.off[2].recused = 1;
	values("{\"chair\":13}");
	refused("hearing_chair", "已在本案回避");
}

static void guard_not_heavier(void **state)
{
	(void)state;
	json_t *notice = J("{\"fine\":2000000,\"penalty_types\":[\"warning\",\"fine\"]}");
	json_t *renotice = J("{\"fine\":3000000,\"penalty_types\":[\"fine\",\"confiscate_income\"]}");
	struct zf_guard_step done[3] = {
		{1, "filing", NULL, {2026, 3, 1}},
		{2, "notice", notice, {2026, 3, 2}},
		{3, "statement", NULL, {2026, 3, 5}},
	};
	fx.ctx.done = done;
	fx.ctx.ndone = 3;
	values("{\"fine\":2000000,\"penalty_types\":[\"fine\"]}");
	passes("not_heavier");
	values("{\"fine\":1500000,\"penalty_types\":[\"warning\",\"fine\"]}");
	passes("not_heavier");
	values("{\"fine\":2000001}");
	refused("not_heavier", "罚款20000.01元高于事先告知的20000.00元");
	assert_msg(&fx.err, "第四十五条");
	values("{\"fine\":2000000,\"penalty_types\":[\"fine\",\"revoke_permit\"]}");
	refused("not_heavier", "处罚种类“吊销许可证件”重于事先告知的处罚");
	values("{\"fine\":2000000,\"penalty_types\":[\"criticism\"]}");
	passes("not_heavier"); /* a lighter kind may be added */
	values("{\"penalty_types\":[\"mystery\"]}");
	refused("not_heavier", "mystery");

	/* A new notice (重新告知) after the statement is the reference. */
	done[2].code = "renotice";
	done[2].values = renotice;
	values("{\"fine\":3000000,\"penalty_types\":[\"fine\",\"confiscate_income\"]}");
	passes("not_heavier");
	values("{\"fine\":3000001}");
	refused("not_heavier", "30000.00元");

	/* No notice yet: nothing to compare. */
	fx.ctx.ndone = 1;
	passes("not_heavier");

	/* With the definitions, a notice is any step issuing a 事先告知书
	 * (here the notice with the hearing notice); "notice" coded steps of
	 * another kind do not count. */
	static const char *notice_docs[] = {"penalty_notice", "hearing_notice"};
	static const struct zf_step_def steps[] = {
		{.code = "notice_hearing", .name = "告知", .documents = notice_docs, .ndocuments = 2},
		{.code = "notice", .name = "其他"},
	};
	struct zf_procedure proc = {.code = "penalty_ordinary", .kind = "penalty", .steps = steps,
				    .nsteps = 2};
	fx.ctx.proc = &proc;
	done[1].code = "notice_hearing";
	done[1].values = notice;
	done[2].code = "notice";
	done[2].values = renotice;
	fx.ctx.ndone = 3;
	values("{\"fine\":2500000}");
	refused("not_heavier", "高于事先告知的20000.00元");
	values("{\"fine\":1000000,\"penalty_types\":[\"stop_business\"]}");
	refused("not_heavier", "责令停产停业");
	json_decref(notice);
	json_decref(renotice);
}

static void guard_statutory_range(void **state)
{
	(void)state;
	values("{\"fine\":5000000}");
	passes("statutory_range");
	values("{\"fine\":5000001}");
	refused("statutory_range", "超过法定最高限额50000.00元");
	assert_non_null(zf_err_field_msg(&fx.err, "fine"));
	values("{\"fine\":500000}");
	passes("statutory_range");
	values("{\"fine\":400000}");
	refused("statutory_range", "低于法定最低限额5000.00元");
	assert_non_null(zf_err_field_msg(&fx.err, "mitigation_ground"));
	values("{\"fine\":400000,\"mitigation_ground\":\"because\",\"mitigation_reason\":\"x\"}");
	refused("statutory_range", "法定情形");
	values("{\"fine\":400000,\"mitigation_ground\":\"confessed\",\"mitigation_reason\":\"  \"}");
	refused("statutory_range", "写明理由");
	assert_non_null(zf_err_field_msg(&fx.err, "mitigation_reason"));
	values("{\"fine\":400000,\"mitigation_ground\":\"confessed\","
	       "\"mitigation_reason\":\"主动供述行政机关尚未掌握的违法行为\"}");
	passes("statutory_range");
	values("{\"fine\":400000,\"mitigation_ground\":\"other_statutory\","
	       "\"mitigation_reason\":\"《某某条例》第八条\"}");
	passes("statutory_range");
	values("{}");
	passes("statutory_range");
	fx.v.fine_max = -1;
	values("{\"fine\":99900000000}");
	passes("statutory_range");
	fx.ctx.violation = NULL;
	passes("statutory_range");
}

static void guard_discretion_band(void **state)
{
	(void)state;
	values("{\"fine\":2000000,\"band\":\"general\"}");
	passes("discretion_band");
	values("{\"fine\":4000000,\"band\":\"2\"}");
	refused("discretion_band", "“一般”档");
	values("{\"fine\":4000000,\"band\":2}");
	refused("discretion_band", "超出“一般”档裁量基准（10000.00至30000.00元）");
	assert_msg(&fx.err, "偏离裁量基准的理由");
	assert_non_null(zf_err_field_msg(&fx.err, "band_reason"));
	values("{\"fine\":4000000,\"band\":\"general\",\"band_reason\":\"涉案数量较大\"}");
	passes("discretion_band");
	values("{\"fine\":4000000}");
	passes("discretion_band"); /* no band chosen */
	values("{\"fine\":4000000,\"band\":\"grave\"}");
	passes("discretion_band"); /* the violation has no such band */
}

static void guard_summary_limits(void **state)
{
	(void)state;
	json_t *facts = J("{\"party_kind\":\"person\"}");
	fx.ctx.facts = facts;
	values("{\"facts_certain\":true,\"penalty_types\":[\"fine\"],\"fine\":20000}");
	passes("summary_limits");
	values("{\"facts_certain\":true,\"penalty_types\":[\"fine\"],\"fine\":20001}");
	refused("summary_limits", "对公民二百元以下");
	assert_msg(&fx.err, "第五十一条");
	values("{\"facts_certain\":true,\"penalty_types\":[\"warning\"]}");
	passes("summary_limits");
	values("{\"facts_certain\":true,\"penalty_types\":[\"confiscate_income\"]}");
	refused("summary_limits", "只能当场作出警告或者罚款");
	values("{\"facts_certain\":false,\"fine\":100}");
	refused("summary_limits", "违法事实确凿");
	json_decref(facts);

	facts = J("{\"party_kind\":\"org\"}");
	fx.ctx.facts = facts;
	values("{\"facts_certain\":true,\"fine\":300000}");
	passes("summary_limits");
	values("{\"facts_certain\":true,\"fine\":300001}");
	refused("summary_limits", "三千元以下");
	json_decref(facts);

	/* Without the fact, the first party decides. */
	fx.ctx.facts = NULL;
	struct zf_party org = {0};
	org.kind = ZF_PARTY_ORG;
	fx.ctx.parties = &org;
	fx.ctx.nparties = 1;
	values("{\"facts_certain\":true,\"fine\":250000}");
	passes("summary_limits");
	fx.ctx.nparties = 0;
	refused("summary_limits", "二百元");
}

static void guard_onspot(void **state)
{
	(void)state;
	values("{\"fine\":10000,\"collected_onspot\":true,\"receipt_no\":\"No.0012345\"}");
	passes("onspot_collection");
	values("{\"fine\":10000,\"collected_onspot\":true}");
	refused("onspot_collection", "专用票据");
	assert_non_null(zf_err_field_msg(&fx.err, "receipt_no"));
	values("{\"fine\":10001,\"collected_onspot\":true,\"receipt_no\":\"1\"}");
	refused("onspot_collection", "一百元以下");
	values("{\"fine\":20000,\"collected_onspot\":true,\"hard_to_collect\":true,"
	       "\"receipt_no\":\"1\"}");
	refused("onspot_collection", "理由");
	values("{\"fine\":20000,\"collected_onspot\":true,\"hard_to_collect\":true,"
	       "\"hard_to_collect_reason\":\"外地流动摊贩\",\"receipt_no\":\"1\"}");
	passes("onspot_collection");
	values("{\"fine\":20000,\"collected_onspot\":true,\"remote_area\":true,\"receipt_no\":\"1\"}");
	passes("onspot_collection");
	values("{\"fine\":90000000}");
	passes("onspot_collection");
}

static void guard_service(void **state)
{
	(void)state;
	values("{\"method\":\"direct\"}");
	passes("electronic_service");
	values("{\"method\":\"electronic\"}");
	refused("electronic_service", "确认书（《行政处罚法》第六十一条第二款）");
	assert_non_null(zf_err_field_msg(&fx.err, "confirmation"));
	values("{\"method\":\"electronic\",\"confirmation\":true}");
	passes("electronic_service");
	values("{\"method\":\"public_notice\"}");
	refused("electronic_service", "公告送达");
	values("{\"method\":\"public_notice\",\"reason\":\"下落不明\"}");
	passes("electronic_service");
}

static const struct zf_field_def sig_fields[] = {
	{"party_signature", "当事人签名", NULL, ZF_FT_SIGNATURE, 1, 0, NULL, 0, NULL, NULL},
};
static const struct zf_step_def sig_step = {.code = "inquiry", .name = "询问", .fields = sig_fields,
					     .nfields = 1};

static void guard_signature(void **state)
{
	(void)state;
	fx.ctx.step = &sig_step;
	values("{\"party_signature\":{\"strokes\":[[1,2,3,4],[5,6]],\"w\":300,\"h\":100}}");
	passes("party_signature");
	values("{\"party_signature\":{\"refused\":true,\"witnesses\":\"村委会主任赵六\"}}");
	passes("party_signature");
	values("{\"party_signature\":{\"refused\":true}}");
	refused("party_signature", "见证人");
	assert_non_null(zf_err_field_msg(&fx.err, "party_signature"));
	values("{\"party_signature\":{\"strokes\":[]}}");
	refused("party_signature", "签名为空");
	values("{\"party_signature\":{\"strokes\":[[1,2,3]]}}");
	refused("party_signature", "不完整");
	values("{\"party_signature\":{\"strokes\":[[1,\"a\"]]}}");
	refused("party_signature", "坐标无效");
	values("{}");
	refused("party_signature", "请当事人签名");

	/* 65 strokes, then 4098 numbers: over the bounds. */
	json_t *v = json_object(), *sig = json_object(), *strokes = json_array();
	for (int i = 0; i < 65; i++)
		json_array_append_new(strokes, J("[1,1]"));
	json_object_set_new(sig, "strokes", strokes);
	json_object_set_new(v, "party_signature", sig);
	json_decref(fx.values);
	fx.values = v;
	fx.ctx.values = v;
	refused("party_signature", "笔画过多");
	json_array_clear(strokes);
	for (int i = 0; i < 3; i++) {
		json_t *s = json_array();
		for (int k = 0; k < 1366; k++)
			json_array_append_new(s, json_integer(k % 300));
		json_array_append_new(strokes, s);
	}
	refused("party_signature", "签名数据过大");
}

static void guard_emergency(void **state)
{
	(void)state;
	values("{\"emergency\":false}");
	passes("emergency_report");
	values("{\"emergency\":true,\"started_at\":\"2026-03-10T09:30\","
	       "\"reported_at\":\"2026-03-11T09:30\"}");
	passes("emergency_report");
	values("{\"emergency\":true,\"started_at\":\"2026-03-10T09:30\","
	       "\"reported_at\":\"2026-03-11T09:31\"}");
	refused("emergency_report", "二十四小时");
	assert_msg(&fx.err, "《行政强制法》第十九条");
	values("{\"emergency\":true,\"started_at\":\"2026-03-10T09:30\"}");
	refused("emergency_report", "报告时间");
	values("{\"emergency\":true,\"started_at\":\"2026-03-10T09:30\","
	       "\"reported_at\":\"2026-03-10T09:29\"}");
	refused("emergency_report", "不能早于");
	values("{\"emergency\":true,\"started_at\":\"2026-03-10T25:30\","
	       "\"reported_at\":\"2026-03-10T09:29\"}");
	refused("emergency_report", "实施行政强制措施的时间");
	/* The emergency is a case fact set by an earlier step. */
	json_t *facts = J("{\"emergency\":true}");
	fx.ctx.facts = facts;
	values("{\"started_at\":\"2026-03-10T09:30\",\"reported_at\":\"2026-03-12T09:30\"}");
	refused("emergency_report", "已超过二十四小时");
	values("{\"started_at\":\"2026-03-10T09:30\",\"reported_at\":\"2026-03-10T18:00\"}");
	passes("emergency_report");
	json_decref(facts);
}

static const char *seizure_docs[] = {"seizure_decision"};
static const char *ext_docs[] = {"seizure_extension"};
static const struct zf_step_def seizure_steps[] = {
	{.code = "decide", .name = "查封扣押决定", .documents = seizure_docs, .ndocuments = 1},
	{.code = "extend", .name = "延长查封扣押", .documents = ext_docs, .ndocuments = 1},
};

static void guard_seizure_extension(void **state)
{
	(void)state;
	struct zf_procedure proc = {.code = "compulsory", .kind = "compulsory",
				    .steps = seizure_steps, .nsteps = 2};
	json_t *sv = J("{\"date\":\"2026-03-01\"}");
	struct zf_guard_step done[2] = {
		{1, "decide", sv, {2026, 3, 2}},
		{2, "extend", NULL, {2026, 3, 20}},
	};
	fx.ctx.proc = &proc;
	fx.ctx.step = &seizure_steps[1];
	fx.ctx.done = done;
	fx.ctx.ndone = 1;
	fx.ctx.today = D(2026, 3, 31); /* 2026-03-01 + 30 days */
	values("{\"days\":30}");
	passes("seizure_extension");
	values("{\"days\":31}");
	refused("seizure_extension", "1至30日");
	values("{\"days\":20}");
	fx.ctx.today = D(2026, 4, 1);
	refused("seizure_extension", "已于2026年3月31日届满");
	fx.ctx.today = D(2026, 3, 20);
	fx.ctx.ndone = 2;
	refused("seizure_extension", "只能延长一次");
	fx.ctx.ndone = 0;
	refused("seizure_extension", "尚未作出查封、扣押决定");
	json_decref(sv);
}

/* period_over and hearing_notice need a calendar: without one they refuse
 * (fail closed); their arithmetic is tested in core_guards_calendar.c. */
static void guard_calendar_missing(void **state)
{
	(void)state;
	values("{\"hearing_date\":\"2026-03-30\"}");
	refused("hearing_notice", "工作日历");
	values("{}");
	refused("hearing_notice", "请填写举行听证的日期");
	refused("period_over:statement", "没有期限");
}

/* ---- hints ----------------------------------------------------------------- */

static int has_hint(const struct zf_hint *h, size_t n, const char *code, const char *fragment)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].code, code) == 0 && strstr(h[i].msg, fragment))
			return 1;
	return 0;
}

static void hints(void **state)
{
	(void)state;
	struct zf_hint h[8];
	values("{\"act_date\":\"2024-03-10\"}");
	assert_int_equal(zf_case_hints(&fx.ctx, h, 8), 0);
	values("{\"act_date\":\"2024-03-09\"}");
	size_t n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "limitation", "已超过行政处罚追责时效"));
	fx.v.safety = 1;
	assert_int_equal(zf_case_hints(&fx.ctx, h, 8), 0);
	fx.v.safety = 0;
	/* Discovered (the case's first step) in time: later steps change nothing. */
	struct zf_guard_step first = {1, "source", NULL, {2026, 3, 9}};
	fx.ctx.done = &first;
	fx.ctx.ndone = 1;
	assert_int_equal(zf_case_hints(&fx.ctx, h, 8), 0);
	first.on = D(2026, 3, 10);
	assert_true(has_hint(h, zf_case_hints(&fx.ctx, h, 8), "limitation", "二年内未被发现"));
	fx.ctx.ndone = 0;

	json_t *facts = J("{\"first_offence\":true,\"minor_harm\":true,\"corrected\":true}");
	fx.ctx.facts = facts;
	values("{}");
	n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "first_offence",
			     "符合首违不罚条件（第三十三条第一款）：可以不予行政处罚"));
	assert_false(has_hint(h, n, "no_penalty", ""));
	json_decref(facts);
	facts = J("{\"minor_violation\":true,\"corrected\":true,\"no_harm\":true,\"no_fault\":true}");
	fx.ctx.facts = facts;
	n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "no_penalty", "依法不予行政处罚"));
	assert_true(has_hint(h, n, "no_fault", "没有主观过错"));
	assert_false(has_hint(h, n, "first_offence", ""));
	json_decref(facts);
	fx.ctx.facts = NULL;

	char id13[19], id16[19];
	make_idnum(id13, "140524", "20130101");
	make_idnum(id16, "140524", "20100101");
	struct zf_party kids[2] = {person("id_card", id13), person("id_card", id16)};
	kids[1].name = "李小";
	fx.ctx.parties = kids;
	fx.ctx.nparties = 2;
	n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "under_14", "不满十四周岁"));
	assert_true(has_hint(h, n, "under_18", "李小"));
	fx.ctx.nparties = 0;

	values("{\"fine\":4000000,\"band\":\"general\",\"band_reason\":\"理由\"}");
	n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "outside_band", "提交审核"));
	values("{\"fine\":100000,\"mitigation_ground\":\"confessed\"}");
	n = zf_case_hints(&fx.ctx, h, 8);
	assert_true(has_hint(h, n, "below_minimum", "一律提交审核"));
	assert_int_equal(zf_case_hints(&fx.ctx, h, 0), 0);
	assert_int_equal(zf_case_hints(NULL, h, 8), 0);
}

/* ---- execution ------------------------------------------------------------ */

static void surcharge(void **state)
{
	(void)state;
	struct zf_date due = D(2026, 4, 15);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 15), 0), 0);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 10), 0), 0);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 16), 0), 3000);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 25), 0), 30000);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 5, 18), 0), 99000); /* 33 days */
	assert_int_equal(zf_surcharge(100000, due, D(2026, 5, 19), 0), 100000); /* capped */
	assert_int_equal(zf_surcharge(100000, due, D(2030, 1, 1), 0), 100000);
	/* Paused during 复议/诉讼. */
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 25), 6), 12000);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 25), 10), 0);
	assert_int_equal(zf_surcharge(100000, due, D(2026, 4, 25), 99), 0);
	/* Rounded down to the 分. */
	assert_int_equal(zf_surcharge(33, due, D(2026, 4, 16), 0), 0);
	assert_int_equal(zf_surcharge(99, due, D(2026, 4, 18), 0), 8);
	assert_int_equal(zf_surcharge(0, due, D(2026, 5, 1), 0), 0);
	assert_int_equal(zf_surcharge(-5, due, D(2026, 5, 1), 0), 0);
	assert_int_equal(zf_surcharge(INT64_MAX, due, D(2026, 4, 17), 0),
			 INT64_MAX / 100 * 6 + INT64_MAX % 100 * 6 / 100);
	assert_int_equal(zf_surcharge(INT64_MAX, due, D(2026, 6, 1), 0), INT64_MAX);
}

static void limitation(void **state)
{
	(void)state;
	assert_false(zf_limitation_passed(D(2024, 3, 10), D(2026, 3, 10), 0));
	assert_true(zf_limitation_passed(D(2024, 3, 10), D(2026, 3, 11), 0));
	assert_false(zf_limitation_passed(D(2024, 3, 10), D(2026, 3, 11), 1));
	assert_false(zf_limitation_passed(D(2021, 3, 10), D(2026, 3, 10), 1));
	assert_true(zf_limitation_passed(D(2021, 3, 10), D(2026, 3, 11), 1));
	/* 29 February: two years later is 28 February. */
	assert_false(zf_limitation_passed(D(2024, 2, 29), D(2026, 2, 28), 0));
	assert_true(zf_limitation_passed(D(2024, 2, 29), D(2026, 3, 1), 0));
	assert_false(zf_limitation_passed(D(2026, 3, 10), D(2026, 3, 1), 0));
}

int main(void)
{
	const struct CMUnitTest values_tests[] = {
		cmocka_unit_test(money_parse_ok),
		cmocka_unit_test(money_parse_bad),
		cmocka_unit_test(money_format),
		cmocka_unit_test(money_capital),
		cmocka_unit_test(party_person_valid),
		cmocka_unit_test(party_person_invalid),
		cmocka_unit_test(party_fields),
		cmocka_unit_test(party_org),
		cmocka_unit_test(party_labels_mask_age),
		cmocka_unit_test(settings_defaults),
		cmocka_unit_test(settings_invalid),
		cmocka_unit_test(doc_types_table),
		cmocka_unit_test(doc_number_format),
		cmocka_unit_test(violation_validate),
		cmocka_unit_test(surcharge),
		cmocka_unit_test(limitation),
	};
	const struct CMUnitTest guard_tests[] = {
		cmocka_unit_test(guard_names),
		cmocka_unit_test(guard_two_officers),
		cmocka_unit_test(guard_assigned_recused),
		cmocka_unit_test(guard_hearing_chair),
		cmocka_unit_test(guard_not_heavier),
		cmocka_unit_test(guard_statutory_range),
		cmocka_unit_test(guard_discretion_band),
		cmocka_unit_test(guard_summary_limits),
		cmocka_unit_test(guard_onspot),
		cmocka_unit_test(guard_service),
		cmocka_unit_test(guard_signature),
		cmocka_unit_test(guard_emergency),
		cmocka_unit_test(guard_seizure_extension),
		cmocka_unit_test(guard_calendar_missing),
		cmocka_unit_test(hints),
	};
	int failed = cmocka_run_group_tests(values_tests, NULL, NULL);
	return failed + run_fresh(guard_tests, fx_setup, fx_teardown);
}
