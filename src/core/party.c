/* Parties (当事人): validation of persons and organisations with their identity documents, masking, and age on a date. */
#include <string.h>

#include "core/case_rules.h"
#include "core/fieldcheck.h"
#include "core/idnum.h"
#include "core/uscc.h"
#include "util/str.h"

struct id_type {
	const char *word;
	const char *label;
	int (*valid)(const char *s);
	const char *form; /* what a valid number looks like, for the message */
};

static int all_in(const char *s, size_t from, size_t to, const char *set)
{
	for (size_t i = from; i < to; i++)
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	return 1;
}

static const char DIGITS[] = "0123456789";
static const char UPPER[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char ALNUM[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int passport_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 5 && n <= 17 && all_in(s, 0, n, ALNUM);
}

/* 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 or 10 digits. */
static int hk_mo_ok(const char *s)
{
	size_t n = strlen(s);
	return (s[0] == 'H' || s[0] == 'M') && (n == 9 || n == 11) && all_in(s, 1, n, DIGITS);
}

/* 台湾居民来往大陆通行证: 8 or 10 digits. */
static int tw_ok(const char *s)
{
	size_t n = strlen(s);
	return (n == 8 || n == 10) && all_in(s, 0, n, DIGITS);
}

/* 港澳台居民居住证: a GB 11643 number whose address code is 810000 (Hong
 * Kong), 820000 (Macao) or 830000 (Taiwan). */
static int hmt_ok(const char *s)
{
	return (strncmp(s, "810000", 6) == 0 || strncmp(s, "820000", 6) == 0 ||
		strncmp(s, "830000", 6) == 0) &&
	       zf_idnum_valid(s);
}

/* 外国人永久居留身份证: the 2004 form (3-letter country code, 12 digits) or
 * the 2017/2023 form (18 characters starting with 9, GB 11643 layout). */
static int foreign_pr_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 15)
		return all_in(s, 0, 3, UPPER) && all_in(s, 3, 15, DIGITS);
	return n == 18 && s[0] == '9' && all_in(s, 0, 17, DIGITS) &&
	       (strchr(DIGITS, s[17]) || s[17] == 'X');
}

static const struct id_type id_types[] = {
	{"id_card", "居民身份证", zf_idnum_valid, "18位，最后一位为数字或X，且校验位正确"},
	{"passport", "护照", passport_ok, "5至17位字母或数字"},
	{"hk_mo_permit", "港澳居民来往内地通行证", hk_mo_ok, "H或M加8位或10位数字"},
	{"tw_permit", "台湾居民来往大陆通行证", tw_ok, "8位或10位数字"},
	{"hmt_residence", "港澳台居民居住证", hmt_ok,
	 "18位，以810000、820000或830000开头，且校验位正确"},
	{"foreign_pr", "外国人永久居留身份证", foreign_pr_ok,
	 "15位（3位字母加12位数字）或以9开头的18位"},
};

static const struct id_type *id_type_find(const char *word)
{
	for (size_t i = 0; word && i < sizeof(id_types) / sizeof(id_types[0]); i++)
		if (strcmp(id_types[i].word, word) == 0)
			return &id_types[i];
	return NULL;
}

const char *zf_id_type_label(const char *id_type)
{
	const struct id_type *t = id_type_find(id_type);
	return t ? t->label : NULL;
}

/* The birth date written in a GB 11643 number (居民身份证, 居住证). */
static int idnum_birth(const char *id_type, const char *num, struct zf_date *out)
{
	char iso[11];
	if (!id_type || !num || strlen(num) != 18 ||
	    (strcmp(id_type, "id_card") != 0 && strcmp(id_type, "hmt_residence") != 0) ||
	    !zf_idnum_valid(num))
		return ZF_EINVAL;
	memcpy(iso, num + 6, 4);
	iso[4] = '-';
	memcpy(iso + 5, num + 10, 2);
	iso[7] = '-';
	memcpy(iso + 8, num + 12, 2);
	iso[10] = '\0';
	return zf_date_parse(iso, out);
}

int zf_party_validate(const struct zf_party *p, struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, 0};
	if (!p)
		return zf_err_set(err, ZF_EINVAL, "没有收到当事人信息，请填写当事人");
	if (p->kind != ZF_PARTY_PERSON && p->kind != ZF_PARTY_ORG) {
		zf_fieldcheck_fail(&ck, "party.kind", "请选择当事人类型（自然人或单位）");
		return ZF_EINVAL;
	}
	int person = p->kind == ZF_PARTY_PERSON;
	zf_fieldcheck_text(&ck, "party.name", person ? "当事人姓名" : "当事人名称", p->name, 100,
			   0, 1);
	if (person) {
		const struct id_type *t = id_type_find(p->id_type);
		if (!t)
			zf_fieldcheck_fail(&ck, "party.id_type", "请选择当事人的证件类型");
		if (!zf_fieldcheck_present(p->id_number))
			zf_fieldcheck_fail(&ck, "party.id_number", "请填写当事人的证件号码");
		else if (t && !t->valid(p->id_number))
			zf_fieldcheck_fail(&ck, "party.id_number", "%s号码应为%s，请核对后重新输入",
					   t->label, t->form);
		struct zf_date b, fromid;
		if (zf_fieldcheck_present(p->birth_date)) {
			if (zf_date_parse(p->birth_date, &b))
				zf_fieldcheck_fail(&ck, "party.birth_date",
						   "出生日期不是有效日期，请按“2000-01-31”的格式填写");
			else if (idnum_birth(p->id_type, p->id_number, &fromid) == 0 &&
				 zf_date_cmp(b, fromid) != 0)
				zf_fieldcheck_fail(&ck, "party.birth_date",
						   "出生日期与证件号码中的出生日期不一致，请核对");
		}
	} else {
		if (!zf_fieldcheck_present(p->uscc))
			zf_fieldcheck_fail(&ck, "party.uscc", "请填写单位的统一社会信用代码");
		else if (strlen(p->uscc) != 18)
			zf_fieldcheck_fail(&ck, "party.uscc", "统一社会信用代码应为18位，请核对后重新输入");
		else if (!zf_uscc_valid(p->uscc))
			zf_fieldcheck_fail(&ck, "party.uscc",
					   "统一社会信用代码不正确（字符或校验位有误），请核对后重新输入");
		zf_fieldcheck_text(&ck, "party.legal_rep", "法定代表人（负责人）", p->legal_rep, 100,
				   0, 0);
	}
	zf_fieldcheck_text(&ck, "party.address", "地址", p->address, 200, 0, 0);
	zf_fieldcheck_phone(&ck, "party.phone", "联系电话", p->phone);
	return ck.bad ? ZF_EINVAL : 0;
}

void zf_id_mask(const char *id, char *out, size_t n)
{
	if (!out || n == 0)
		return;
	out[0] = '\0';
	if (!id)
		return;
	size_t chars = zf_str_chars(id), k = 0, len = 0;
	for (const char *s = id; *s; k++) {
		size_t cl = 1;
		while ((s[cl] & 0xC0) == 0x80)
			cl++;
		int keep = chars > 5 && (k < 3 || k >= chars - 2);
		size_t w = keep ? cl : 1;
		if (len + w >= n)
			break;
		if (keep)
			memcpy(out + len, s, cl);
		else
			out[len] = '*';
		len += w;
		s += cl;
	}
	out[len] = '\0';
}

/* The person's birth date: stated, or read from the identity number. */
static int birth_date(const struct zf_party *p, struct zf_date *out)
{
	if (!p || p->kind != ZF_PARTY_PERSON)
		return ZF_EINVAL;
	if (zf_fieldcheck_present(p->birth_date))
		return zf_date_parse(p->birth_date, out);
	return idnum_birth(p->id_type, p->id_number, out);
}

int zf_party_age(const struct zf_party *p, struct zf_date on)
{
	struct zf_date b;
	if (birth_date(p, &b) || zf_date_cmp(on, b) < 0)
		return -1;
	int age = on.y - b.y;
	/* Born on 29 February: the birthday in other years is 1 March. */
	if (on.m < b.m || (on.m == b.m && on.d < b.d))
		age--;
	return age;
}

int zf_party_minor(const struct zf_party *p, struct zf_date on)
{
	int age = zf_party_age(p, on);
	return age >= 0 && age < 18;
}
