/* The major-decision catalog (重大执法决定法制审核目录清单): validation of zhifa-catalog/v1, the documented default and the evaluation of a proposal against it. */
#include <stdio.h>
#include <string.h>

#include "core/case_rules.h"
#include "core/catalog.h"
#include "core/guard_util.h"
#include "util/str.h"

/* The flag words and what each means in a sentence. */
static const struct {
	const char *word;
	const char *label;
} catalog_flags[] = {
	{"complex", "案件情况疑难复杂、涉及多个法律关系"},
	{"public_interest", "涉及重大公共利益"},
	{"major_rights", "直接关系当事人或者第三人重大权益"},
	{"social_risk", "可能造成重大社会影响或者引发社会风险"},
};

#define NFLAGS (sizeof(catalog_flags) / sizeof(catalog_flags[0]))

const char *zf_catalog_flag_label(const char *word)
{
	for (size_t i = 0; word && i < NFLAGS; i++)
		if (strcmp(catalog_flags[i].word, word) == 0)
			return catalog_flags[i].label;
	return NULL;
}

/* 1 when WORD is a penalty type word of the procedure definitions. */
static int penalty_word_known(const char *word)
{
	return strcmp(word, "other") == 0 || zf_guard_penalty_rank(word) < 6;
}

static int code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int threshold_type(const char *type)
{
	return strcmp(type, "fine") == 0 || strcmp(type, "confiscation") == 0;
}

static int type_known(const char *type)
{
	static const char *const types[] = {"fine", "confiscation", "penalty_type", "hearing",
					    "band_departure", "crime_suspected", "flag",
					    "designated"};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], type) == 0)
			return 1;
	return 0;
}

/* Checks the threshold members of rule R (rules[I]). */
static void check_threshold(const json_t *r, size_t i, struct zf_err *err)
{
	const char *party = json_string_value(json_object_get(r, "party"));
	const char *cmp = json_string_value(json_object_get(r, "cmp"));
	const json_t *amount = json_object_get(r, "amount_fen");
	char f[48];

	snprintf(f, sizeof(f), "rules[%zu].party", i);
	if (!party || (strcmp(party, "person") && strcmp(party, "org") && strcmp(party, "any")))
		zf_err_field(err, f, "第%zu条规则的当事人类型应为公民（person）、法人或者其他组织（org）或者不限（any）", i + 1);
	snprintf(f, sizeof(f), "rules[%zu].cmp", i);
	if (!cmp || (strcmp(cmp, ">=") && strcmp(cmp, ">")))
		zf_err_field(err, f, "第%zu条规则应写明比较方式：“≥”（>=）或者“>”（>）", i + 1);
	snprintf(f, sizeof(f), "rules[%zu].amount_fen", i);
	if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
	    json_integer_value(amount) > 100000000000000LL)
		zf_err_field(err, f, "第%zu条规则的金额应为不小于0的整数（分），且不超过一万亿元", i + 1);
}

/* Checks the penalty type list of rule R (rules[I]). */
static void check_penalty_types(const json_t *r, size_t i, struct zf_err *err)
{
	const json_t *types = json_object_get(r, "penalty_types");
	const json_t *e;
	size_t k;
	char f[48];

	snprintf(f, sizeof(f), "rules[%zu].penalty_types", i);
	if (!json_is_array(types) || json_array_size(types) == 0 || json_array_size(types) > 16) {
		zf_err_field(err, f, "第%zu条规则应列出1至16个处罚种类", i + 1);
		return;
	}
	json_array_foreach(types, k, e) {
		const char *w = json_string_value(e);
		if (!w || !penalty_word_known(w)) {
			zf_err_field(err, f, "第%zu条规则的处罚种类“%.40s”不是已知的处罚种类", i + 1,
				     w ? w : "?");
			return;
		}
	}
}

/* Checks rule R (rules[I]) of RULES (codes unique among rules[0..I-1]). */
static void check_rule(const json_t *rules, const json_t *r, size_t i, struct zf_err *err)
{
	const char *code = json_string_value(json_object_get(r, "code"));
	const char *label = json_string_value(json_object_get(r, "label"));
	const char *type = json_string_value(json_object_get(r, "type"));
	char f[48];

	if (!json_is_object(r)) {
		snprintf(f, sizeof(f), "rules[%zu]", i);
		zf_err_field(err, f, "第%zu条规则应为对象", i + 1);
		return;
	}
	snprintf(f, sizeof(f), "rules[%zu].code", i);
	if (!code || !code_ok(code)) {
		zf_err_field(err, f, "第%zu条规则的代码应为1至40个小写字母、数字或者下划线", i + 1);
	} else {
		for (size_t j = 0; j < i; j++) {
			const char *other = json_string_value(
				json_object_get(json_array_get(rules, j), "code"));
			if (other && strcmp(other, code) == 0) {
				zf_err_field(err, f, "第%zu条规则的代码“%s”与第%zu条重复", i + 1, code,
					     j + 1);
				break;
			}
		}
	}
	snprintf(f, sizeof(f), "rules[%zu].label", i);
	if (!label || zf_str_chars(label) < 2 || zf_str_chars(label) > 100)
		zf_err_field(err, f, "第%zu条规则的名称应为2至100个字", i + 1);
	snprintf(f, sizeof(f), "rules[%zu].type", i);
	if (!type || !type_known(type)) {
		zf_err_field(err, f, "第%zu条规则的类型“%.40s”不是已知的规则类型", i + 1,
			     type ? type : "");
		return;
	}
	if (threshold_type(type)) {
		check_threshold(r, i, err);
	} else if (strcmp(type, "penalty_type") == 0) {
		check_penalty_types(r, i, err);
	} else if (strcmp(type, "flag") == 0) {
		const char *flag = json_string_value(json_object_get(r, "flag"));
		snprintf(f, sizeof(f), "rules[%zu].flag", i);
		if (!zf_catalog_flag_label(flag))
			zf_err_field(err, f, "第%zu条规则的情形“%.40s”不是已知的情形（complex、public_interest、major_rights、social_risk）",
				     i + 1, flag ? flag : "");
	}
}

int zf_catalog_check(const json_t *cat, struct zf_err *err)
{
	struct zf_err local;
	const json_t *rules;
	const char *format;
	size_t i;

	if (!err)
		err = &local;
	zf_err_clear(err);
	if (!json_is_object(cat))
		return zf_err_field(err, "format", "目录清单应为JSON对象");
	format = json_string_value(json_object_get(cat, "format"));
	if (!format || strcmp(format, ZF_CATALOG_FORMAT) != 0)
		return zf_err_field(err, "format", "目录清单格式应为“%s”", ZF_CATALOG_FORMAT);
	rules = json_object_get(cat, "rules");
	if (!json_is_array(rules))
		return zf_err_field(err, "rules", "目录清单应包含规则列表（rules）");
	if (json_array_size(rules) > ZF_CATALOG_RULES_MAX)
		return zf_err_field(err, "rules", "目录清单最多%d条规则，现有%zu条",
				    ZF_CATALOG_RULES_MAX, json_array_size(rules));
	for (i = 0; i < json_array_size(rules); i++)
		check_rule(rules, json_array_get(rules, i), i, err);
	if (err->code) {
		if (err->nfields > 0)
			zf_strlcpy(err->msg, err->fields[0].msg, sizeof(err->msg));
		return ZF_EINVAL;
	}
	return 0;
}

/* Appends one rule to RULES; 0 or -1 when out of memory. */
static int add_rule(json_t *rules, json_t *rule)
{
	return rule ? json_array_append_new(rules, rule) : -1;
}

json_t *zf_catalog_default(void)
{
	json_t *cat = json_object(), *rules = json_array();
	int bad = !cat || !rules;

	if (bad)
		goto out;
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "code", "fine_person",
					 "label", "对公民处以一万元以上罚款", "type", "fine", "party",
					 "person", "cmp", ">=", "amount_fen", (json_int_t)1000000));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "code", "fine_org",
					 "label", "对法人或者其他组织处以十万元以上罚款", "type",
					 "fine", "party", "org", "cmp", ">=", "amount_fen",
					 (json_int_t)10000000));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "code",
					 "confiscation_person", "label",
					 "对公民没收违法所得或者非法财物价值一万元以上", "type",
					 "confiscation", "party", "person", "cmp", ">=", "amount_fen",
					 (json_int_t)1000000));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "code",
					 "confiscation_org", "label",
					 "对法人或者其他组织没收违法所得或者非法财物价值十万元以上",
					 "type", "confiscation", "party", "org", "cmp", ">=",
					 "amount_fen", (json_int_t)10000000));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:[s,s,s,s,s,s]}", "code", "heavy_penalty",
					 "label", "吊销许可证件、责令停产停业、责令关闭、限制从业",
					 "type", "penalty_type", "penalty_types", "revoke_permit",
					 "revoke_license", "suspend_business", "stop_business", "close",
					 "restrict_practice"));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s}", "code", "hearing", "label",
					 "经过听证程序作出的", "type", "hearing"));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s}", "code", "band_departure", "label",
					 "超出裁量基准幅度作出处罚的（含减轻处罚）", "type",
					 "band_departure"));
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s}", "code", "crime_suspected", "label",
					 "涉嫌犯罪、需要移送司法机关的", "type", "crime_suspected"));
	for (size_t i = 0; i < NFLAGS; i++) {
		char code[48];
		snprintf(code, sizeof(code), "flag_%s", catalog_flags[i].word);
		bad |= add_rule(rules, json_pack("{s:s, s:s, s:s, s:s}", "code", code, "label",
						 catalog_flags[i].label, "type", "flag", "flag",
						 catalog_flags[i].word));
	}
	bad |= add_rule(rules, json_pack("{s:s, s:s, s:s}", "code", "designated", "label",
					 "负责人指定需要法制审核的", "type", "designated"));
	bad |= json_object_set_new(cat, "format", json_string(ZF_CATALOG_FORMAT));
	bad |= json_object_set(cat, "rules", rules);
out:
	json_decref(rules);
	if (bad) {
		json_decref(cat);
		return NULL;
	}
	return cat;
}

/* 1 when threshold rule R applies to P's party and P's AMOUNT passes it;
 * the sentence into WHY. */
static int eval_threshold(const json_t *r, const struct zf_proposal *p, int64_t amount,
			  const char *what, char *why, size_t n)
{
	const char *party = json_string_value(json_object_get(r, "party"));
	const char *cmp = json_string_value(json_object_get(r, "cmp"));
	int64_t limit = json_integer_value(json_object_get(r, "amount_fen"));
	int ge = cmp && strcmp(cmp, ">=") == 0;
	char a[24], l[24];

	if (amount <= 0)
		return 0;
	if (party && strcmp(party, "person") == 0 && p->party_org)
		return 0;
	if (party && strcmp(party, "org") == 0 && !p->party_org)
		return 0;
	if (ge ? amount < limit : amount <= limit)
		return 0;
	zf_money_format(amount, a);
	zf_money_format(limit, l);
	snprintf(why, n, "%s%s元，%s%s元（%s）", what, a, ge ? "≥ " : "> ", l,
		 p->party_org ? "法人或者其他组织" : "公民");
	return 1;
}

/* 1 when penalty type rule R lists one of P's types; the sentence into WHY. */
static int eval_penalty_type(const json_t *r, const struct zf_proposal *p, char *why, size_t n)
{
	const json_t *types = json_object_get(r, "penalty_types");
	const json_t *e;
	size_t k;

	for (size_t i = 0; i < p->npenalty_types; i++) {
		if (!p->penalty_types[i])
			continue;
		json_array_foreach(types, k, e) {
			const char *w = json_string_value(e);
			if (w && strcmp(w, p->penalty_types[i]) == 0) {
				snprintf(why, n, "拟作出%s", zf_guard_penalty_label(w));
				return 1;
			}
		}
	}
	return 0;
}

/* 1 when flag rule R's flag is set in P. */
static int flag_set(const struct zf_proposal *p, const char *flag)
{
	if (!flag)
		return 0;
	if (strcmp(flag, "complex") == 0)
		return p->flag_complex;
	if (strcmp(flag, "public_interest") == 0)
		return p->flag_public_interest;
	if (strcmp(flag, "major_rights") == 0)
		return p->flag_major_rights;
	if (strcmp(flag, "social_risk") == 0)
		return p->flag_social_risk;
	return 0;
}

/* 1 when rule R matches P; the sentence into WHY. */
static int eval_rule(const json_t *r, const struct zf_proposal *p, char *why, size_t n)
{
	const char *type = json_string_value(json_object_get(r, "type"));

	if (!type)
		return 0;
	if (strcmp(type, "fine") == 0)
		return eval_threshold(r, p, p->fine_fen, "拟罚款", why, n);
	if (strcmp(type, "confiscation") == 0)
		return eval_threshold(r, p, p->confiscation_fen, "拟没收违法所得、非法财物价值", why,
				      n);
	if (strcmp(type, "penalty_type") == 0)
		return eval_penalty_type(r, p, why, n);
	if (strcmp(type, "hearing") == 0 && p->hearing_held) {
		snprintf(why, n, "已经过听证程序");
		return 1;
	}
	if (strcmp(type, "band_departure") == 0 && p->band_departure) {
		snprintf(why, n, "拟作出的处罚超出裁量基准幅度");
		return 1;
	}
	if (strcmp(type, "crime_suspected") == 0 && p->crime_suspected) {
		snprintf(why, n, "承办人员认为涉嫌犯罪");
		return 1;
	}
	if (strcmp(type, "flag") == 0) {
		const char *flag = json_string_value(json_object_get(r, "flag"));
		if (flag_set(p, flag)) {
			snprintf(why, n, "承办人员标明：%s", zf_catalog_flag_label(flag));
			return 1;
		}
		return 0;
	}
	if (strcmp(type, "designated") == 0 && p->designated) {
		snprintf(why, n, "负责人指定本案需要法制审核");
		return 1;
	}
	return 0;
}

int zf_catalog_eval(const json_t *cat, const struct zf_proposal *p, struct zf_catalog_match *out,
		    size_t max, size_t *n)
{
	const json_t *rules = json_object_get(cat, "rules");
	const json_t *r;
	size_t i, count = 0;
	char why[192];

	json_array_foreach(rules, i, r) {
		if (!eval_rule(r, p, why, sizeof(why)))
			continue;
		if (out && count < max) {
			out[count].code = json_string_value(json_object_get(r, "code"));
			out[count].label = json_string_value(json_object_get(r, "label"));
			memcpy(out[count].why, why, sizeof(why));
		}
		count++;
	}
	if (n)
		*n = count;
	return count > 0;
}

/* FEN as a reader writes it: "1万元", "2500元", "1234.50元", into OUT. */
static void amount_words(int64_t fen, char out[32])
{
	char m[24];

	if (fen % 1000000 == 0 && fen > 0) {
		snprintf(out, 32, "%lld万元", (long long)(fen / 1000000));
	} else if (fen % 100 == 0) {
		snprintf(out, 32, "%lld元", (long long)(fen / 100));
	} else {
		zf_money_format(fen, m);
		snprintf(out, 32, "%s元", m);
	}
}

/* Cuts OUT (N bytes, terminated) back to a character boundary when it was
 * filled to the end. */
static void cut_boundary(char *out, size_t n)
{
	size_t len = strlen(out), start = len;
	unsigned char lead;
	size_t need;

	if (len == 0 || len + 1 < n)
		return;
	while (start > 0 && ((unsigned char)out[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	start--; /* the lead byte of the last character */
	lead = (unsigned char)out[start];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (start + need > len)
		out[start] = '\0';
}

void zf_catalog_rule_sentence(const json_t *r, char *out, size_t n)
{
	const char *type = json_string_value(json_object_get(r, "type"));
	const char *party = json_string_value(json_object_get(r, "party"));
	const char *cmp = json_string_value(json_object_get(r, "cmp"));
	const char *who = "";
	char amount[32];

	if (!out || n == 0)
		return;
	out[0] = '\0';
	if (!type)
		return;
	if (party && strcmp(party, "person") == 0)
		who = "对公民";
	else if (party && strcmp(party, "org") == 0)
		who = "对法人或者其他组织";
	if (strcmp(type, "fine") == 0 || strcmp(type, "confiscation") == 0) {
		amount_words(json_integer_value(json_object_get(r, "amount_fen")), amount);
		snprintf(out, n, "%s%s %s %s", who,
			 strcmp(type, "fine") == 0 ? "处以罚款" : "没收违法所得、非法财物价值",
			 cmp && strcmp(cmp, ">") == 0 ? ">" : "≥", amount);
	} else if (strcmp(type, "penalty_type") == 0) {
		const json_t *e;
		size_t k, len;
		snprintf(out, n, "作出");
		json_array_foreach(json_object_get(r, "penalty_types"), k, e) {
			const char *label = zf_guard_penalty_label(json_string_value(e));
			/* 吊销许可证件 appears under two words: name it once. */
			if (strstr(out, label))
				continue;
			len = strlen(out);
			snprintf(out + len, n - len, "%s%s", k && len > strlen("作出") ? "、" : "",
				 label);
		}
	} else if (strcmp(type, "hearing") == 0) {
		snprintf(out, n, "经过听证程序作出");
	} else if (strcmp(type, "band_departure") == 0) {
		snprintf(out, n, "超出裁量基准幅度作出处罚（含减轻处罚）");
	} else if (strcmp(type, "crime_suspected") == 0) {
		snprintf(out, n, "涉嫌犯罪、需要移送司法机关");
	} else if (strcmp(type, "flag") == 0) {
		const char *label = zf_catalog_flag_label(
			json_string_value(json_object_get(r, "flag")));
		snprintf(out, n, "%s", label ? label : "");
	} else if (strcmp(type, "designated") == 0) {
		snprintf(out, n, "负责人指定需要法制审核");
	}
	cut_boundary(out, n);
}
