/* Redaction for publication: masks identifier patterns in free text and renders a decision document's public fields as plain text. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/publish_rules.h"
#include "core/redact.h"
#include "core/uscc.h"

static const char *const kind_labels[ZF_REDACT_NKINDS] = {"身份证号码", "手机号码", "固定电话号码",
							   "银行账号", "电子邮箱"};

const char *zf_redact_kind_label(int kind)
{
	return kind >= 0 && kind < ZF_REDACT_NKINDS ? kind_labels[kind] : "";
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_email_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* 1 when the digits at P (MM then DD) are a plausible month and day. */
static int month_day(const char *p)
{
	int m = two(p), d = two(p + 2);
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The kind of the single digit run P of L digits (a trailing X at P[L] when
 * X is set, counted in L), or -1. */
static int classify(const char *p, size_t l, int x)
{
	if (l == 18) {
		int y = two(p + 6) * 100 + two(p + 8);
		if (y >= 1900 && y <= 2099 && month_day(p + 10))
			return ZF_REDACT_IDNUM;
		if (x)
			return -1;
		char u[19];
		memcpy(u, p, 18);
		u[18] = '\0';
		return zf_uscc_valid(u) ? -1 : ZF_REDACT_ACCOUNT;
	}
	if (x)
		return -1;
	if (l == 15 && month_day(p + 8))
		return ZF_REDACT_IDNUM;
	if (l == 11 && p[0] == '1' && p[1] >= '3')
		return ZF_REDACT_MOBILE;
	if (l == 13 && p[0] == '8' && p[1] == '6' && p[2] == '1' && p[3] >= '3')
		return ZF_REDACT_MOBILE;
	if (l >= 10 && l <= 12 && p[0] == '0')
		return ZF_REDACT_LANDLINE;
	if (l >= 12 && l <= 25)
		return ZF_REDACT_ACCOUNT;
	return -1;
}

/* Matches an identifier at S[I] (a digit not preceded by a letter or
 * digit): its byte length into *LEN and kind returned, or -1 with *LEN the
 * length to copy unchanged. */
static int match_number(const char *s, size_t i, size_t n, size_t *len)
{
	size_t g[8], start[8], ng = 0, pos = i, total = 0;
	char digits[64];

	while (ng < 8) {
		size_t b = pos;
		while (pos < n && is_digit(s[pos]))
			pos++;
		start[ng] = b;
		g[ng] = pos - b;
		if (total + g[ng] < sizeof(digits))
			memcpy(digits + total, s + b, g[ng]);
		total += g[ng];
		ng++;
		if (pos + 1 < n && (s[pos] == ' ' || s[pos] == '-') && is_digit(s[pos + 1]))
			pos++;
		else
			break;
	}
	/* a run glued to letters is part of a licence or code: left alone,
	 * except the X of an ID number */
	size_t e1 = start[0] + g[0];
	int x = g[0] == 17 && e1 < n && (s[e1] == 'X' || s[e1] == 'x') &&
		(e1 + 1 >= n || (!is_alpha(s[e1 + 1]) && !is_digit(s[e1 + 1])));
	if (ng > 1 && total < sizeof(digits) && !(pos < n && is_alpha(s[pos]))) {
		int k = -1;
		if (ng == 2 && g[0] >= 3 && g[0] <= 4 && s[i] == '0' && g[1] >= 7 && g[1] <= 8)
			k = ZF_REDACT_LANDLINE;
		else if (total == 11 && digits[0] == '1' && digits[1] >= '3')
			k = ZF_REDACT_MOBILE;
		else if (total == 13 && !memcmp(digits, "861", 3) && digits[3] >= '3')
			k = ZF_REDACT_MOBILE;
		else if (total >= 12 && total <= 25 && g[0] >= 4) {
			k = ZF_REDACT_ACCOUNT;
			for (size_t j = 0; j + 1 < ng; j++)
				if (g[j] != 4 && g[j] != 6)
					k = -1;
		}
		if (k >= 0) {
			*len = pos - i;
			return k;
		}
	}
	if (x) {
		*len = 18;
		return classify(s + i, 18, 1) >= 0 ? ZF_REDACT_IDNUM : (*len = 18, -1);
	}
	*len = g[0];
	if (e1 < n && is_alpha(s[e1]))
		return -1;
	return classify(s + i, g[0], 0);
}

/* Matches an e-mail address starting at S[I]: its length, or 0. */
static size_t match_email(const char *s, size_t i, size_t n)
{
	size_t j = i, k, dot = 0;

	while (j < n && is_email_char(s[j]))
		j++;
	if (j == i || j >= n || s[j] != '@')
		return 0;
	k = j + 1;
	while (k < n && (is_digit(s[k]) || is_alpha(s[k]) || s[k] == '.' || s[k] == '-')) {
		if (s[k] == '.')
			dot = k;
		k++;
	}
	while (k > j + 1 && s[k - 1] == '.')
		k--;
	return dot > j + 1 && dot + 1 < k ? k - i : 0;
}

/* The scan: masks into OUT (may be NULL), counts per kind, the byte offset
 * and kind of the first match. */
static int scan(const char *s, struct zf_buf *out, int counts[ZF_REDACT_NKINDS], int *first_kind,
		size_t *first_off)
{
	size_t n = s ? strlen(s) : 0, i = 0;

	*first_kind = -1;
	while (i < n) {
		size_t len = 0;
		int kind = -1;
		int boundary = i == 0 || !is_email_char(s[i - 1]);

		if (boundary && is_email_char(s[i]) && (len = match_email(s, i, n)))
			kind = ZF_REDACT_EMAIL;
		else if (is_digit(s[i]) && (i == 0 || (!is_alpha(s[i - 1]) && !is_digit(s[i - 1]))))
			kind = match_number(s, i, n, &len);
		else
			len = 1;
		if (!len)
			len = 1;
		if (kind >= 0) {
			if (counts)
				counts[kind]++;
			if (*first_kind < 0) {
				*first_kind = kind;
				*first_off = i;
			}
			for (size_t j = 0; out && j < len; j++)
				if (zf_buf_add(out, "*", 1))
					return ZF_ENOMEM;
		} else if (out && zf_buf_add(out, s + i, len)) {
			return ZF_ENOMEM;
		}
		i += len;
	}
	return 0;
}

int zf_redact_scan(const char *s, struct zf_buf *out, int counts[ZF_REDACT_NKINDS])
{
	int kind;
	size_t off;

	if (zf_buf_puts(out, ""))
		return ZF_ENOMEM;
	return scan(s, out, counts, &kind, &off);
}

int zf_redact_check(const char *s, struct zf_err *err)
{
	int kind;
	size_t off = 0, chars = 0;

	scan(s, NULL, NULL, &kind, &off);
	if (kind < 0)
		return 0;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	return zf_err_field(err, "text", "公示文本仍含有%s（第 %zu 个字附近），请隐去后再公开",
			    zf_redact_kind_label(kind), chars + 1);
}

/* ---- the document ---- */

/* One published field of a document type: the step value KEY under LABEL. */
struct pub_field {
	const char *key, *label;
};

struct pub_layout {
	const char *doc_type;
	struct pub_field fields[8];
};

/* What each published document type shows from its step's values; fields
 * that name other persons or carry bank details are never listed. */
static const struct pub_layout layouts[] = {
	{"penalty_decision",
	 {{"facts", "违法事实"},
	  {"basis", "违反的法律、法规、规章条款及处罚依据"},
	  {"discretion", "裁量理由"},
	  {"other_measures", "责令改正等其他事项"}}},
	{"no_penalty_decision",
	 {{"facts", "查明的事实"}, {"reason", "不予行政处罚的理由和依据"}, {"education", "责令改正等事项"}}},
	{"summary_decision", {{"facts", "违法行为"}, {"basis", "处罚依据"}}},
	{"inspection_feedback", {{"result", "检查结果"}, {"content", "检查结果说明"}}},
};

static const char *str_at(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

struct render {
	struct zf_buf text;
	int counts[ZF_REDACT_NKINDS];
	int person_id, person_addr, person_phone;
	const char *known[16];  /* person parties' addresses, hidden wherever the text repeats them */
	size_t nknown;
	int known_hits;
	int failed;
};

static void line(struct render *r, const char *label, const char *value, int scan_it)
{
	int k;
	size_t off;

	if (!value || !*value)
		return;
	if (zf_buf_printf(&r->text, "%s：", label))
		r->failed = 1;
	if (scan_it ? scan(value, &r->text, r->counts, &k, &off) : zf_buf_puts(&r->text, value))
		r->failed = 1;
	if (zf_buf_puts(&r->text, "\n"))
		r->failed = 1;
}

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

/* The parties: names into NAMES ("、" joined), lines into R; *ORG 1 when all
 * are organisations. */
static void parties(struct render *r, const json_t *arr, struct zf_buf *names, int *org)
{
	size_t i;
	const json_t *p;

	*org = json_array_size(arr) > 0;
	json_array_foreach(arr, i, p) {
		const char *name = str_at(p, "name");
		int is_org = !strcmp(str_at(p, "kind"), "org");

		if ((i && zf_buf_puts(names, "、")) || zf_buf_puts(names, name))
			r->failed = 1;
		line(r, "当事人", name, 0);
		if (is_org) {
			line(r, "统一社会信用代码", str_at(p, "uscc"), 0);
			line(r, "法定代表人（负责人）", str_at(p, "legal_rep"), 0);
			line(r, "住所", str_at(p, "address"), 1);
			continue;
		}
		*org = 0;
		r->person_id += *str_at(p, "id_number") != '\0';
		r->person_addr += *str_at(p, "address") != '\0';
		if (strlen(str_at(p, "address")) >= 6 && r->nknown < 16)
			r->known[r->nknown++] = str_at(p, "address");
		r->person_phone += *str_at(p, "phone") != '\0';
	}
}

/* Replaces in R's text every occurrence of a person party's address (a
 * free-text field repeating it) by a mask, counting them. */
static void hide_known(struct render *r)
{
	for (size_t k = 0; k < r->nknown && !r->failed; k++) {
		const char *v = r->known[k], *p = zf_buf_cstr(&r->text), *hit;
		size_t vlen = strlen(v);
		struct zf_buf b;

		if (!strstr(p, v))
			continue;
		zf_buf_init(&b, r->text.limit);
		while ((hit = strstr(p, v))) {
			if (zf_buf_add(&b, p, (size_t)(hit - p)) || zf_buf_puts(&b, "（住址已隐去）"))
				r->failed = 1;
			r->known_hits++;
			p = hit + vlen;
		}
		if (zf_buf_puts(&b, p))
			r->failed = 1;
		zf_buf_free(&r->text);
		r->text = b;
	}
}

static int penalty_mask(const json_t *facts)
{
	const json_t *types = json_object_get(facts, "penalty_types"), *t;
	size_t i;
	int mask = 0;

	json_array_foreach(types, i, t) mask |= zf_penalty_bit(json_string_value(t));
	return mask;
}

int zf_redact_document(const char *data_json, int flags, struct zf_redacted *out,
		       struct zf_err *err)
{
	json_error_t je;
	json_t *doc = json_loads(data_json ? data_json : "", 0, &je);
	const char *type = str_at(doc, "doc_type");
	const struct pub_layout *lay = NULL;
	struct render r = {0};
	struct zf_buf names, hidden;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	zf_buf_init(&r.text, 1 << 20);
	zf_buf_init(&names, 1 << 16);
	zf_buf_init(&hidden, 1 << 12);
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (!strcmp(layouts[i].doc_type, type))
			lay = &layouts[i];
	if (!json_is_object(doc) || strcmp(str_at(doc, "format"), "zhifa-document/v1") || !lay) {
		rc = zf_err_set(err, ZF_EINVAL, "文书不是可公开的决定文书（%s）", type);
		goto out;
	}
	const json_t *facts = json_object_get(doc, "facts"), *ftext = json_object_get(doc, "facts_text");
	const json_t *text = json_object_get(doc, "text"), *viol = json_object_get(doc, "violation");
	const json_t *fine = json_object_get(facts, "fine");
	const char *decided = str_at(facts, "decided_on");

	if (!*decided || !strcmp(type, "inspection_feedback") || !strcmp(type, "summary_decision"))
		decided = str_at(doc, "issued_on");
	out->penalty_mask = penalty_mask(facts);
	out->fine = json_is_integer(fine) ? (long long)json_integer_value(fine) : 0;
	if (flags & ZF_REDACT_MINOR)
		out->withheld = "当事人为未成年人，依法不予公开";
	else if (flags & ZF_REDACT_CONFIDENTIAL)
		out->withheld = "案件涉及国家秘密、商业秘密或者个人隐私，依法不予公开";
	if (zf_buf_printf(&r.text, "%s\n", str_at(doc, "name")))
		r.failed = 1;
	line(&r, "文号", str_at(doc, "number"), 0);
	parties(&r, json_object_get(doc, "parties"), &names, &out->org);
	line(&r, "违法行为类型", str_at(viol, "name"), 0);
	for (size_t i = 0; i < 8 && lay->fields[i].key; i++)
		line(&r, lay->fields[i].label, str_at(text, lay->fields[i].key), 1);
	if (strcmp(type, "inspection_feedback")) {
		line(&r, "处罚种类", str_at(ftext, "penalty_types"), 0);
		line(&r, "罚款金额", out->fine ? str_at(ftext, "fine") : "", 0);
		line(&r, "没收违法所得、非法财物的金额或价值", str_at(ftext, "confiscation"), 0);
	}
	line(&r, "作出决定的机关", str_at(json_object_get(doc, "body"), "name"), 0);
	line(&r, "决定日期", str_at(doc, "issued_on_text"), 0);
	hide_known(&r);
	if (r.known_hits && zf_buf_printf(&hidden, "文中当事人（自然人）住址 %d 处\n", r.known_hits))
		r.failed = 1;
	if (r.person_id && zf_buf_printf(&hidden, "当事人（自然人）证件号码 %d 项\n", r.person_id))
		r.failed = 1;
	if (r.person_addr && zf_buf_printf(&hidden, "当事人（自然人）住址 %d 项\n", r.person_addr))
		r.failed = 1;
	if (r.person_phone && zf_buf_printf(&hidden, "当事人（自然人）联系电话 %d 项\n", r.person_phone))
		r.failed = 1;
	for (int k = 0; k < ZF_REDACT_NKINDS; k++)
		if (r.counts[k] && zf_buf_printf(&hidden, "文中%s %d 处\n", kind_labels[k], r.counts[k]))
			r.failed = 1;
	if (zf_buf_puts(&hidden, "") || zf_buf_puts(&names, ""))
		r.failed = 1;
	const char *vname = str_at(viol, "name");
	const char *party = zf_buf_cstr(&names);
	out->title = NULL;
	if (!r.failed) {
		struct zf_buf t;
		zf_buf_init(&t, 4096);
		if (*vname)
			zf_buf_printf(&t, "%s（%s）", party, vname);
		else
			zf_buf_printf(&t, "%s（%s）", party, str_at(doc, "name"));
		out->title = t.failed ? NULL : zf_buf_take(&t);
		zf_buf_free(&t);
	}
	out->text = out->withheld ? dup("") : zf_buf_take(&r.text);
	out->party_name = zf_buf_take(&names);
	out->hidden = zf_buf_take(&hidden);
	out->doc_number = dup(str_at(doc, "number"));
	out->violation = dup(vname);
	out->decided_on = dup(decided);
	if (r.failed || !out->title || !out->text || !out->party_name || !out->hidden ||
	    !out->doc_number || !out->violation || !out->decided_on) {
		zf_redacted_free(out);
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
out:
	zf_buf_free(&r.text);
	zf_buf_free(&names);
	zf_buf_free(&hidden);
	json_decref(doc);
	return rc;
}

void zf_redacted_free(struct zf_redacted *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->title);
	free(r->party_name);
	free(r->doc_number);
	free(r->violation);
	free(r->decided_on);
	free(r->hidden);
	memset(r, 0, sizeof(*r));
}
