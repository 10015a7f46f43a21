/* Unit tests of the major-decision catalog: every rule type at its boundary, several matches, every validation message and the default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"

/* A catalog of the one rule given as JSON text. */
static json_t *one_rule(const char *rule)
{
	char text[1024];
	json_t *cat;

	snprintf(text, sizeof(text), "{\"format\": \"zhifa-catalog/v1\", \"rules\": [%s]}", rule);
	cat = json_loads(text, 0, NULL);
	assert_non_null(cat);
	return cat;
}

/* The number of rules of CAT matching P; the first into *M when any. */
static size_t matches(const json_t *cat, const struct zf_proposal *p, struct zf_catalog_match *m)
{
	struct zf_catalog_match out[16];
	size_t n = 99;
	int major = zf_catalog_eval(cat, p, out, 16, &n);

	assert_int_equal(major, n > 0);
	if (n > 0 && m)
		*m = out[0];
	return n;
}

/* Checks a threshold rule of TYPE with comparison CMP at 10000 元 for
 * PARTY, against AMOUNT (fine or confiscation) for a person and an org. */
static void threshold_case(const char *type, const char *cmp, const char *party)
{
	char rule[256];
	json_t *cat;
	struct zf_catalog_match m;
	int ge = strcmp(cmp, ">=") == 0;
	int fine = strcmp(type, "fine") == 0;

	snprintf(rule, sizeof(rule),
		 "{\"code\": \"t\", \"label\": \"阈值规则\", \"type\": \"%s\", \"party\": \"%s\", "
		 "\"cmp\": \"%s\", \"amount_fen\": 1000000}",
		 type, party, cmp);
	cat = one_rule(rule);
	assert_int_equal(zf_catalog_check(cat, NULL), 0);
	for (int org = 0; org <= 1; org++) {
		int applies = strcmp(party, "any") == 0 || (strcmp(party, "org") == 0) == org;
		int64_t amounts[3] = {999999, 1000000, 1000001};
		int expect[3] = {0, ge, 1};
		for (int k = 0; k < 3; k++) {
			struct zf_proposal p = {0};
			p.party_org = org;
			if (fine)
				p.fine_fen = amounts[k];
			else
				p.confiscation_fen = amounts[k];
			size_t n = matches(cat, &p, &m);
			if (n != (size_t)(applies && expect[k]))
				fail_msg("%s %s %s org=%d amount=%lld: %zu matches", type, cmp, party,
					 org, (long long)amounts[k], n);
			if (n) {
				assert_string_equal(m.code, "t");
				assert_non_null(strstr(m.why, ge ? "≥ 10000.00元" : "> 10000.00元"));
				assert_non_null(strstr(m.why, org ? "法人或者其他组织" : "公民"));
			}
		}
		/* The other amount never triggers the rule. */
		struct zf_proposal q = {0};
		q.party_org = org;
		if (fine)
			q.confiscation_fen = 99999999;
		else
			q.fine_fen = 99999999;
		assert_int_equal(matches(cat, &q, NULL), 0);
	}
	json_decref(cat);
}

static void fine_thresholds(void **state)
{
	static const char *const parties[] = {"person", "org", "any"};
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		threshold_case("fine", ">=", parties[i]);
		threshold_case("fine", ">", parties[i]);
	}
}

static void confiscation_thresholds(void **state)
{
	static const char *const parties[] = {"person", "org", "any"};
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		threshold_case("confiscation", ">=", parties[i]);
		threshold_case("confiscation", ">", parties[i]);
	}
}

static void zero_threshold_needs_amount(void **state)
{
	(void)state;
	json_t *cat = one_rule("{\"code\": \"all\", \"label\": \"所有罚款\", \"type\": \"fine\", "
			       "\"party\": \"any\", \"cmp\": \">=\", \"amount_fen\": 0}");
	struct zf_proposal p = {0};
	assert_int_equal(zf_catalog_check(cat, NULL), 0);
	assert_int_equal(matches(cat, &p, NULL), 0); /* no fine: nothing to compare */
	p.fine_fen = 1;
	assert_int_equal(matches(cat, &p, NULL), 1);
	json_decref(cat);
}

static void penalty_types(void **state)
{
	(void)state;
	json_t *cat = one_rule("{\"code\": \"heavy\", \"label\": \"重罚\", \"type\": \"penalty_type\", "
			       "\"penalty_types\": [\"revoke_permit\", \"close\"]}");
	const char *listed[] = {"fine", "close"};
	const char *unlisted[] = {"fine", "warning", "suspend_business"};
	struct zf_proposal p = {0};
	struct zf_catalog_match m;

	assert_int_equal(zf_catalog_check(cat, NULL), 0);
	p.penalty_types = listed;
	p.npenalty_types = 2;
	assert_int_equal(matches(cat, &p, &m), 1);
	assert_string_equal(m.code, "heavy");
	assert_string_equal(m.label, "重罚");
	assert_non_null(strstr(m.why, "责令关闭"));
	p.penalty_types = unlisted;
	p.npenalty_types = 3;
	assert_int_equal(matches(cat, &p, NULL), 0);
	p.npenalty_types = 0;
	assert_int_equal(matches(cat, &p, NULL), 0);
	json_decref(cat);
}

/* A rule of TYPE (extra members EXTRA) matches only when SET sets its fact. */
static void boolean_case(const char *type, const char *extra, void (*set)(struct zf_proposal *),
			 const char *why)
{
	char rule[256];
	struct zf_proposal p = {0};
	struct zf_catalog_match m;
	json_t *cat;

	snprintf(rule, sizeof(rule), "{\"code\": \"r\", \"label\": \"规则名称\", \"type\": \"%s\"%s}",
		 type, extra);
	cat = one_rule(rule);
	assert_int_equal(zf_catalog_check(cat, NULL), 0);
	p.fine_fen = 99999999;
	assert_int_equal(matches(cat, &p, NULL), 0);
	set(&p);
	assert_int_equal(matches(cat, &p, &m), 1);
	if (!strstr(m.why, why))
		fail_msg("%s: why \"%s\" lacks \"%s\"", type, m.why, why);
	json_decref(cat);
}

static void set_hearing(struct zf_proposal *p) { p->hearing_held = 1; }
static void set_band(struct zf_proposal *p) { p->band_departure = 1; }
static void set_crime(struct zf_proposal *p) { p->crime_suspected = 1; }
static void set_designated(struct zf_proposal *p) { p->designated = 1; }
static void set_complex(struct zf_proposal *p) { p->flag_complex = 1; }
static void set_public(struct zf_proposal *p) { p->flag_public_interest = 1; }
static void set_rights(struct zf_proposal *p) { p->flag_major_rights = 1; }
static void set_risk(struct zf_proposal *p) { p->flag_social_risk = 1; }

static void boolean_rules(void **state)
{
	(void)state;
	boolean_case("hearing", "", set_hearing, "听证");
	boolean_case("band_departure", "", set_band, "裁量基准");
	boolean_case("crime_suspected", "", set_crime, "涉嫌犯罪");
	boolean_case("designated", "", set_designated, "负责人指定");
}

static void flag_rules(void **state)
{
	(void)state;
	boolean_case("flag", ", \"flag\": \"complex\"", set_complex, "疑难复杂");
	boolean_case("flag", ", \"flag\": \"public_interest\"", set_public, "重大公共利益");
	boolean_case("flag", ", \"flag\": \"major_rights\"", set_rights, "重大权益");
	boolean_case("flag", ", \"flag\": \"social_risk\"", set_risk, "社会风险");
	/* One flag does not trigger another flag's rule. */
	json_t *cat = one_rule("{\"code\": \"c\", \"label\": \"复杂\", \"type\": \"flag\", "
			       "\"flag\": \"complex\"}");
	struct zf_proposal p = {0};
	p.flag_public_interest = p.flag_major_rights = p.flag_social_risk = 1;
	assert_int_equal(matches(cat, &p, NULL), 0);
	json_decref(cat);
}

static void several_match(void **state)
{
	(void)state;
	json_t *cat = zf_catalog_default();
	const char *types[] = {"revoke_permit"};
	struct zf_proposal p = {0};
	struct zf_catalog_match out[16], two[2];
	size_t n = 0;

	assert_non_null(cat);
	p.fine_fen = 1000000; /* person at the 1 万元 threshold */
	p.penalty_types = types;
	p.npenalty_types = 1;
	p.hearing_held = 1;
	p.flag_complex = 1;
	assert_int_equal(zf_catalog_eval(cat, &p, out, 16, &n), 1);
	assert_int_equal(n, 4);
	assert_string_equal(out[0].code, "fine_person");
	assert_non_null(strstr(out[0].why, "10000.00元"));
	assert_string_equal(out[1].code, "heavy_penalty");
	assert_non_null(strstr(out[1].why, "吊销许可证件"));
	assert_string_equal(out[2].code, "hearing");
	assert_string_equal(out[3].code, "flag_complex");
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(out[i].label) > 0);
		assert_true(strlen(out[i].why) > 0);
	}
	/* Only MAX written, N counts all. */
	memset(two, 0, sizeof(two));
	assert_int_equal(zf_catalog_eval(cat, &p, two, 1, &n), 1);
	assert_int_equal(n, 4);
	assert_string_equal(two[0].code, "fine_person");
	assert_null(two[1].code);
	/* An organisation's fine under 10 万元 is not major under the default. */
	struct zf_proposal q = {0};
	q.party_org = 1;
	q.fine_fen = 9999999;
	assert_int_equal(zf_catalog_eval(cat, &q, out, 16, &n), 0);
	assert_int_equal(n, 0);
	q.fine_fen = 10000000;
	assert_int_equal(zf_catalog_eval(cat, &q, out, 16, &n), 1);
	assert_string_equal(out[0].code, "fine_org");
	json_decref(cat);
}

/* CAT (JSON text) is refused with a field error FIELD whose message holds FRAGMENT. */
static void refused(const char *text, const char *field, const char *fragment)
{
	json_t *cat = json_loads(text, 0, NULL);
	struct zf_err err;
	const char *msg;

	assert_non_null(cat);
	if (zf_catalog_check(cat, &err) != ZF_EINVAL)
		fail_msg("accepted: %s", text);
	msg = zf_err_field_msg(&err, field);
	if (!msg)
		fail_msg("no field %s (message %s) for %s", field, err.msg, text);
	if (!strstr(msg, fragment))
		fail_msg("%s: \"%s\" lacks \"%s\"", field, msg, fragment);
	assert_true(strlen(err.msg) > 0);
	json_decref(cat);
}

#define FMT "{\"format\": \"zhifa-catalog/v1\", \"rules\": ["
#define FINE(cmp, party, amount)                                                            \
	"{\"code\": \"f\", \"label\": \"罚款\", \"type\": \"fine\", \"party\": " party        \
	", " cmp "\"amount_fen\": " amount "}"

static void invalid_catalogs(void **state)
{
	(void)state;
	refused("[]", "format", "JSON对象");
	refused("{\"format\": \"zhifa-catalog/v2\", \"rules\": []}", "format", "zhifa-catalog/v1");
	refused("{\"format\": \"zhifa-catalog/v1\"}", "rules", "规则列表");
	refused(FMT "{\"code\": \"x\", \"label\": \"未知\", \"type\": \"weather\"}]}",
		"rules[0].type", "weather");
	refused(FMT FINE("", "\"person\"", "100") "]}", "rules[0].cmp", "比较方式");
	refused(FMT FINE("\"cmp\": \"=>\", ", "\"person\"", "100") "]}", "rules[0].cmp",
		"比较方式");
	refused(FMT FINE("\"cmp\": \">=\", ", "\"citizen\"", "100") "]}", "rules[0].party",
		"当事人类型");
	refused(FMT FINE("\"cmp\": \">=\", ", "\"any\"", "-1") "]}", "rules[0].amount_fen",
		"不小于0");
	refused(FMT FINE("\"cmp\": \">=\", ", "\"any\"", "\"100\"") "]}", "rules[0].amount_fen",
		"整数");
	refused(FMT FINE("\"cmp\": \">\", ", "\"any\"", "1") ", " FINE(
			"\"cmp\": \">\", ", "\"org\"", "2") "]}",
		"rules[1].code", "重复");
	refused(FMT "{\"code\": \"Bad-Code\", \"label\": \"听证\", \"type\": \"hearing\"}]}",
		"rules[0].code", "小写字母");
	refused(FMT "{\"code\": \"h\", \"label\": \"听\", \"type\": \"hearing\"}]}", "rules[0].label",
		"2至100");
	refused(FMT "{\"code\": \"p\", \"label\": \"处罚种类\", \"type\": \"penalty_type\", "
		    "\"penalty_types\": [\"close\", \"flogging\"]}]}",
		"rules[0].penalty_types", "flogging");
	refused(FMT "{\"code\": \"p\", \"label\": \"处罚种类\", \"type\": \"penalty_type\", "
		    "\"penalty_types\": []}]}",
		"rules[0].penalty_types", "1至16");
	refused(FMT "{\"code\": \"g\", \"label\": \"情形\", \"type\": \"flag\", \"flag\": \"urgent\"}]}",
		"rules[0].flag", "urgent");
	refused(FMT "{\"code\": \"g\", \"label\": \"情形\", \"type\": \"flag\"}]}", "rules[0].flag",
		"情形");
	refused(FMT "42]}", "rules[0]", "对象");

	/* Too many rules. */
	json_t *cat = json_pack("{s:s, s:[]}", "format", ZF_CATALOG_FORMAT, "rules");
	struct zf_err err;
	for (int i = 0; i <= ZF_CATALOG_RULES_MAX; i++) {
		char code[16];
		snprintf(code, sizeof(code), "h%d", i);
		json_array_append_new(json_object_get(cat, "rules"),
				      json_pack("{s:s, s:s, s:s}", "code", code, "label", "听证规则",
						"type", "hearing"));
	}
	assert_int_equal(zf_catalog_check(cat, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "rules"), "最多64条"));
	json_array_remove(json_object_get(cat, "rules"), 0);
	assert_int_equal(zf_catalog_check(cat, &err), 0);
	json_decref(cat);
}

static void default_valid(void **state)
{
	(void)state;
	json_t *cat = zf_catalog_default();
	struct zf_err err;
	assert_non_null(cat);
	assert_int_equal(zf_catalog_check(cat, &err), 0);
	assert_string_equal(json_string_value(json_object_get(cat, "format")), ZF_CATALOG_FORMAT);
	assert_int_equal(json_array_size(json_object_get(cat, "rules")), 13);
	/* A proposal with nothing of note is not major. */
	struct zf_proposal p = {0};
	p.fine_fen = 500000;
	assert_int_equal(zf_catalog_eval(cat, &p, NULL, 0, NULL), 0);
	json_decref(cat);
}

static void sentences(void **state)
{
	(void)state;
	json_t *cat = zf_catalog_default();
	char s[256];
	zf_catalog_rule_sentence(json_array_get(json_object_get(cat, "rules"), 0), s, sizeof(s));
	assert_string_equal(s, "对公民处以罚款 ≥ 1万元");
	zf_catalog_rule_sentence(json_array_get(json_object_get(cat, "rules"), 1), s, sizeof(s));
	assert_string_equal(s, "对法人或者其他组织处以罚款 ≥ 10万元");
	zf_catalog_rule_sentence(json_array_get(json_object_get(cat, "rules"), 4), s, sizeof(s));
	assert_string_equal(s, "作出吊销许可证件、责令停产停业、责令关闭、限制从业");
	json_decref(cat);
	cat = one_rule("{\"code\": \"t\", \"label\": \"规则\", \"type\": \"confiscation\", "
		       "\"party\": \"any\", \"cmp\": \">\", \"amount_fen\": 100050}");
	zf_catalog_rule_sentence(json_array_get(json_object_get(cat, "rules"), 0), s, sizeof(s));
	assert_string_equal(s, "没收违法所得、非法财物价值 > 1000.50元");
	/* Cut at a character boundary. */
	zf_catalog_rule_sentence(json_array_get(json_object_get(cat, "rules"), 0), s, 8);
	assert_string_equal(s, "没收");
	json_decref(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fine_thresholds),
		cmocka_unit_test(confiscation_thresholds),
		cmocka_unit_test(zero_threshold_needs_amount),
		cmocka_unit_test(penalty_types),
		cmocka_unit_test(boolean_rules),
		cmocka_unit_test(flag_rules),
		cmocka_unit_test(several_match),
		cmocka_unit_test(invalid_catalogs),
		cmocka_unit_test(default_valid),
		cmocka_unit_test(sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
