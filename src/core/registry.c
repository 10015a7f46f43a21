/* Rules of the registry of enforcement bodies and officers: validation,
 * certificate verdicts, state words and certificate-number normalisation. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/registry.h"
#include "core/uscc.h"
#include "util/str.h"

/* ---- field checks ------------------------------------------------------ */

/* One validation run: where messages go (ERR may be NULL) and whether any
 * field failed, counted here because ERR drops fields past ZF_ERR_FIELDS. */
struct check {
	struct zf_err *err;
	int bad;
};

enum { FIELD_BAD = -1, FIELD_ABSENT = 0, FIELD_OK = 1 };

static int fail(struct check *ck, const char *field, const char *fmt, ...) ZF_PRINTF(3, 4);

static int fail(struct check *ck, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct zf_field_err *)0)->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck->bad++;
	zf_err_field(ck->err, field, "%s", msg);
	return FIELD_BAD;
}

static int present(const char *s)
{
	return s && !zf_str_blank(s);
}

/* Checks text S of at most MAX characters, one line unless MULTILINE.
 * Returns FIELD_BAD (error recorded), FIELD_ABSENT or FIELD_OK. */
static int check_text(struct check *ck, const char *field, const char *label, const char *s,
		      size_t max, int multiline, int required)
{
	if (!present(s))
		return required ? fail(ck, field, "请填写%s", label) : FIELD_ABSENT;
	size_t n = strlen(s);
	if (!zf_str_utf8_ok(s, n, 1))
		return fail(ck, field, "%s含有无法识别的字符或控制字符，请删除后重新输入", label);
	if (!multiline && !zf_str_utf8_ok(s, n, 0))
		return fail(ck, field, "%s不能包含换行或制表符，请改为一行后重新输入", label);
	if (zf_str_chars(s) > max)
		return fail(ck, field, "%s不能超过%zu个字，请删减后重新输入", label, max);
	return FIELD_OK;
}

/* Checks a YYYY-MM-DD date S into *OUT; returns like check_text. */
static int check_date(struct check *ck, const char *field, const char *label, const char *s,
		      int required, struct zf_date *out)
{
	if (!present(s))
		return required ? fail(ck, field, "请填写%s", label) : FIELD_ABSENT;
	if (zf_date_parse(s, out))
		return fail(ck, field, "%s不是有效日期，请按“2026-03-05”的格式填写", label);
	return FIELD_OK;
}

static void check_phone(struct check *ck, const char *field, const char *label, const char *s)
{
	if (!present(s))
		return;
	size_t n = strlen(s);
	int ok = n >= 5 && n <= 40;
	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '+' || c == '(' ||
		     c == ')';
	}
	if (!ok)
		fail(ck, field, "%s只能包含数字、空格、“-”、“+”和括号，长度5至40位，请核对后重新输入",
		     label);
}

static void check_uscc(struct check *ck, const char *s)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	if (!present(s)) {
		fail(ck, "uscc", "请填写统一社会信用代码");
		return;
	}
	static const char charset_msg[] =
		"统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z），请核对后重新输入";
	size_t n = strlen(s);
	/* A forbidden letter in the last place is a wrong check character,
	 * which is what the user should be told. */
	if (strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n)
		fail(ck, "uscc", "%s", charset_msg);
	else if (n != 18)
		fail(ck, "uscc", "统一社会信用代码应为18位，请核对后重新输入");
	else if (strspn(s, alphabet) < 17)
		fail(ck, "uscc", "%s", charset_msg);
	else if (!zf_uscc_valid(s))
		fail(ck, "uscc", "统一社会信用代码校验位不正确，请核对后重新输入");
}

static int cert_char_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-';
}

static int cert_no_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > ZF_CERT_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!cert_char_ok(s[i]))
			return 0;
	return 1;
}

/* The date and reason of a state: each must be well formed when given, and
 * both are required unless NORMAL. STATE_LABEL is NULL for an unknown state
 * (already reported), which adds no further requirement. */
static void check_state_detail(struct check *ck, int normal, const char *state_label,
			       const char *date, const char *date_label, const char *reason,
			       const char *reason_label)
{
	struct zf_date d;
	int dr = check_date(ck, "state_date", date_label, date, 0, &d);
	int rr = check_text(ck, "state_reason", reason_label, reason, ZF_SHORT_MAX, 0, 0);
	if (normal || !state_label)
		return;
	if (dr == FIELD_ABSENT)
		fail(ck, "state_date", "状态为“%s”时须填写%s", state_label, date_label);
	if (rr == FIELD_ABSENT)
		fail(ck, "state_reason", "状态为“%s”时须填写%s", state_label, reason_label);
}

/* ---- validation -------------------------------------------------------- */

int zf_body_validate(const struct zf_body *b, struct zf_err *err)
{
	struct check ck = {err, 0};
	if (!b)
		return zf_err_set(err, ZF_EINVAL, "没有收到执法主体信息，请重新填写");

	check_text(&ck, "name", "名称", b->name, ZF_NAME_MAX, 0, 1);
	check_uscc(&ck, b->uscc);
	check_text(&ck, "legal_basis", "设立及执法依据", b->legal_basis, ZF_TEXT_MAX, 1, 0);
	check_text(&ck, "duties", "职责", b->duties, ZF_TEXT_MAX, 1, 0);
	check_text(&ck, "powers", "权限", b->powers, ZF_TEXT_MAX, 1, 0);
	check_text(&ck, "address", "地址", b->address, ZF_SHORT_MAX, 0, 0);
	check_phone(&ck, "phone", "联系电话", b->phone);
	check_text(&ck, "supervision", "监督方式", b->supervision, ZF_TEXT_MAX, 1, 0);
	check_text(&ck, "remedy", "救济渠道", b->remedy, ZF_TEXT_MAX, 1, 0);

	const char *label = NULL;
	if (b->state == ZF_BODY_ACTIVE || b->state == ZF_BODY_SUSPENDED)
		label = zf_body_state_label(b->state);
	else
		fail(&ck, "state", "请选择状态（正常或已暂停）");
	check_state_detail(&ck, b->state == ZF_BODY_ACTIVE, label, b->state_date, "状态变更日期",
			   b->state_reason, "状态变更原因");
	return ck.bad ? ZF_EINVAL : 0;
}

int zf_officer_validate(const struct zf_officer *o, struct zf_err *err)
{
	struct check ck = {err, 0};
	if (!o)
		return zf_err_set(err, ZF_EINVAL, "没有收到执法人员信息，请重新填写");

	if (o->body_id <= 0)
		fail(&ck, "body_id", "请选择所属执法主体");
	check_text(&ck, "name", "姓名", o->name, ZF_NAME_MAX, 0, 1);
	if (!present(o->cert_no))
		fail(&ck, "cert_no", "请填写执法证号");
	else if (!cert_no_ok(o->cert_no))
		fail(&ck, "cert_no",
		     "执法证号应为4至%d位数字、大写字母或连字符“-”，请核对后重新输入", ZF_CERT_MAX);
	check_text(&ck, "issuer", "发证机关", o->issuer, ZF_SHORT_MAX, 0, 1);
	check_text(&ck, "domains", "执法领域", o->domains, ZF_SHORT_MAX, 0, 0);

	struct zf_date from, to;
	int fr = check_date(&ck, "valid_from", "有效期起始日期", o->valid_from, 1, &from);
	int tr = check_date(&ck, "valid_to", "有效期截止日期", o->valid_to, 1, &to);
	if (fr == FIELD_OK && tr == FIELD_OK && zf_date_cmp(from, to) > 0)
		fail(&ck, "valid_to", "有效期截止日期不能早于有效期起始日期，请核对后重新输入");

	const char *label = NULL;
	if (o->state >= ZF_CERT_VALID && o->state <= ZF_CERT_REVOKED)
		label = zf_cert_state_label(o->state);
	else
		fail(&ck, "state", "请选择证件状态（有效、暂扣、注销或吊销）");
	check_state_detail(&ck, o->state == ZF_CERT_VALID, label, o->state_date, "状态生效日期",
			   o->state_reason, "状态变更原因");

	if (o->legal_qual != 0 && o->legal_qual != 1)
		fail(&ck, "legal_qual", "请选择是否具有法律职业资格");
	struct zf_date since;
	check_date(&ck, "review_since", "从事法制审核工作起始日期", o->review_since, 0, &since);
	return ck.bad ? ZF_EINVAL : 0;
}

/* ---- certificate verdicts and state words ------------------------------ */

int zf_cert_verdict(const struct zf_officer *o, struct zf_date today)
{
	if (!o)
		return 0;
	switch (o->state) {
	case ZF_CERT_CANCELLED: return ZF_VERDICT_CANCELLED;
	case ZF_CERT_REVOKED: return ZF_VERDICT_REVOKED;
	default: break;
	}
	if (o->body_suspended)
		return ZF_VERDICT_BODY_SUSPENDED;
	if (o->state == ZF_CERT_SUSPENDED)
		return ZF_VERDICT_SUSPENDED;
	/* Fail closed: a certificate whose dates cannot be read is never 有效. */
	struct zf_date from, to;
	if (zf_date_parse(o->valid_to, &to) || zf_date_cmp(today, to) > 0)
		return ZF_VERDICT_EXPIRED;
	if (zf_date_parse(o->valid_from, &from) || zf_date_cmp(today, from) < 0)
		return ZF_VERDICT_NOT_YET;
	return ZF_VERDICT_VALID;
}

int zf_cert_expiring(const struct zf_officer *o, struct zf_date today, int days)
{
	struct zf_date to;
	return zf_cert_verdict(o, today) == ZF_VERDICT_VALID && !zf_date_parse(o->valid_to, &to) &&
	       zf_date_days(to) - zf_date_days(today) <= days;
}

static const char *const verdict_labels[] = {
	"", "有效", "已过期", "尚未生效", "暂扣", "已注销", "已吊销", "执法主体已暂停执法",
};
static const char *const verdict_words[] = {
	"", "valid", "expired", "not_yet_valid", "suspended", "cancelled", "revoked",
	"body_suspended",
};
int zf_cert_state_change(int from, int to, struct zf_err *err)
{
	if (from == to || (from != ZF_CERT_CANCELLED && from != ZF_CERT_REVOKED))
		return 0;
	return zf_err_field(err, "state", "该执法证已%s，不能再改为其他状态；如需继续从事执法工作，请重新发证",
			    from == ZF_CERT_REVOKED ? "吊销" : "注销");
}

static const char *const cert_state_words[] = {"", "valid", "suspended", "cancelled", "revoked"};
static const char *const cert_state_labels[] = {"", "有效", "暂扣", "注销", "吊销"};
static const char *const cert_state_digits[] = {"", "1", "2", "3", "4"};
static const char *const body_state_words[] = {"", "active", "suspended"};
static const char *const body_state_labels[] = {"", "正常", "已暂停"};
static const char *const body_state_digits[] = {"", "1", "2"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Entry I of TABLE of N entries, or "" when I is out of range. */
static const char *entry(const char *const *table, int n, int i)
{
	return i > 0 && i < n ? table[i] : "";
}

/* The index whose word, label or digit equals S, or 0. */
static int lookup(const char *s, const char *const *words, const char *const *labels,
		  const char *const *digits, int n)
{
	if (!s || !*s)
		return 0;
	for (int i = 1; i < n; i++)
		if (strcmp(s, words[i]) == 0 || strcmp(s, labels[i]) == 0 ||
		    strcmp(s, digits[i]) == 0)
			return i;
	return 0;
}

const char *zf_cert_verdict_label(int verdict)
{
	return entry(verdict_labels, COUNT(verdict_labels), verdict);
}

const char *zf_cert_verdict_word(int verdict)
{
	return entry(verdict_words, COUNT(verdict_words), verdict);
}

const char *zf_cert_state_word(int state)
{
	return entry(cert_state_words, COUNT(cert_state_words), state);
}

const char *zf_cert_state_label(int state)
{
	return entry(cert_state_labels, COUNT(cert_state_labels), state);
}

int zf_cert_state_parse(const char *s)
{
	return lookup(s, cert_state_words, cert_state_labels, cert_state_digits,
		      COUNT(cert_state_words));
}

const char *zf_body_state_word(int state)
{
	return entry(body_state_words, COUNT(body_state_words), state);
}

const char *zf_body_state_label(int state)
{
	return entry(body_state_labels, COUNT(body_state_labels), state);
}

int zf_body_state_parse(const char *s)
{
	return lookup(s, body_state_words, body_state_labels, body_state_digits,
		      COUNT(body_state_words));
}

/* ---- certificate numbers ----------------------------------------------- */

/* Length of the white space at S (ASCII or U+3000), 0 when none. */
static size_t space_len(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* The ASCII character for the character at S, its length in *LEN; 0 when
 * the character has no place in a certificate number. */
static char cert_char_at(const unsigned char *s, size_t *len)
{
	*len = 1;
	if (*s < 0x80) {
		char c = (char)*s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		return cert_char_ok(c) ? c : 0;
	}
	/* Full-width forms U+FF0D, U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A. */
	if (s[0] != 0xef || (s[1] != 0xbc && s[1] != 0xbd))
		return 0;
	*len = 3;
	if (s[1] == 0xbc && s[2] == 0x8d)
		return '-';
	if (s[1] == 0xbc && s[2] >= 0x90 && s[2] <= 0x99)
		return (char)('0' + (s[2] - 0x90));
	if (s[1] == 0xbc && s[2] >= 0xa1 && s[2] <= 0xba)
		return (char)('A' + (s[2] - 0xa1));
	if (s[1] == 0xbd && s[2] >= 0x81 && s[2] <= 0x9a)
		return (char)('A' + (s[2] - 0x81));
	return 0;
}

int zf_cert_no_normalize(const char *in, char *out, size_t n)
{
	if (!out || n == 0)
		return ZF_EINVAL;
	out[0] = '\0';
	if (!in)
		return ZF_EINVAL;
	const unsigned char *p = (const unsigned char *)in;
	size_t len = 0, step;
	int gap = 0; /* white space seen after the first character */
	while (*p) {
		if ((step = space_len(p)) > 0) {
			gap = len > 0;
			p += step;
			continue;
		}
		char c = cert_char_at(p, &step);
		/* Inner white space, a foreign character or too long: refuse. */
		if (!c || gap || len >= ZF_CERT_MAX || len + 1 >= n)
			goto invalid;
		out[len++] = c;
		p += step;
	}
	if (len < 4)
		goto invalid;
	out[len] = '\0';
	return 0;
invalid:
	out[0] = '\0';
	return ZF_EINVAL;
}
